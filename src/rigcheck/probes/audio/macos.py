"""Pure parsers for macOS: `system_profiler SPAudioDataType -json` and `SPUSBDataType -json`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MacAudioDevice:
    name: str
    transport: str | None  # "usb", "bluetooth", "builtin", "displayport", "virtual", ... (prefix removed)
    input_channels: int | None
    output_channels: int | None
    default_input: bool
    default_output: bool
    input_source: str | None
    output_source: str | None


def _walk_items(node: Any) -> Iterator[dict]:
    """Every dict under `_items`, at any depth (older macOS versions nest one more level)."""
    if isinstance(node, dict):
        items = node.get("_items")
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    yield item
                    yield from _walk_items(item)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_items(item)


def parse_sp_audio(text: str) -> list[MacAudioDevice]:
    """Core Audio devices from `system_profiler SPAudioDataType -json`."""
    data = json.loads(text)
    devices = []
    for item in _walk_items(data.get("SPAudioDataType", [])):
        if not any(key.startswith("coreaudio_device") for key in item):
            continue  # a grouping level, not a device
        transport = item.get("coreaudio_device_transport")
        devices.append(
            MacAudioDevice(
                name=str(item.get("_name", "")).strip(),
                transport=str(transport).removeprefix("coreaudio_device_type_") if transport else None,
                input_channels=_int(item.get("coreaudio_device_input")),
                output_channels=_int(item.get("coreaudio_device_output")),
                default_input=item.get("coreaudio_default_audio_input_device") == "spaudio_yes",
                default_output=item.get("coreaudio_default_audio_output_device") == "spaudio_yes",
                input_source=item.get("coreaudio_input_source"),
                output_source=item.get("coreaudio_output_source"),
            )
        )
    return devices


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class MacUsbDevice:
    name: str
    usb_id: str | None


_HEX = re.compile(r"0x([0-9a-fA-F]{1,4})")


def parse_sp_usb(text: str) -> list[MacUsbDevice]:
    """USB devices with their vendor:product ids from `system_profiler SPUSBDataType -json`.

    Serial numbers and location ids in the output are not kept.
    """
    data = json.loads(text)
    devices = []
    for item in _walk_items(data.get("SPUSBDataType", [])):
        vendor = _HEX.search(str(item.get("vendor_id", "")))
        product = _HEX.search(str(item.get("product_id", "")))
        usb_id = f"{int(vendor.group(1), 16):04x}:{int(product.group(1), 16):04x}" if vendor and product else None
        devices.append(MacUsbDevice(str(item.get("_name", "")).strip(), usb_id))
    return devices


def jack_headset_in_use(device: MacAudioDevice) -> bool:
    """A built-in device whose current source is the combo jack ('External Microphone/Headphones')."""
    sources = " ".join(filter(None, [device.input_source, device.output_source])).lower()
    return device.transport == "builtin" and ("external microphone" in sources or "headset" in sources)


def is_jack_microphone(device: MacAudioDevice) -> bool:
    """Apple silicon Macs show 'External Microphone' (transport built-in) only while a headset with a
    microphone is plugged into the combo jack."""
    return device.transport == "builtin" and device.name.lower().startswith("external microphone")

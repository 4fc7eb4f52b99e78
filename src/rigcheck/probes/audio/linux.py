"""Pure parsers for Linux audio sources: /proc/asound, udev records and pactl (text and JSON).

Text in, records out; the collector in probe.py runs the commands. Card names that PulseAudio
builds from serial numbers or Bluetooth addresses are never used as display names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

MAC_ADDRESS = re.compile(r"\b(?:[0-9A-Fa-fX]{2}[:_-]){5}[0-9A-Fa-fX]{2}\b")


def strip_mac(text: str) -> str:
    """Remove Bluetooth/MAC addresses from a name (bluez card names carry them)."""
    return MAC_ADDRESS.sub("<address>", text)


@dataclass(frozen=True)
class AsoundCard:
    index: int
    driver: str  # e.g. "USB-Audio", "HDA-Intel"
    name: str
    long_name: str


_CARD_LINE = re.compile(r"^\s*(\d+)\s+\[(.+?)\s*\]:\s*(\S+)\s+-\s+(.*)$")


def parse_asound_cards(text: str) -> list[AsoundCard]:
    """/proc/asound/cards: ' 2 [MS  ]: USB-Audio - Jabra EVOLVE 20 SE MS' + a long-name line."""
    cards: list[AsoundCard] = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = _CARD_LINE.match(line)
        if not match:
            continue
        long_name = lines[number + 1].strip() if number + 1 < len(lines) and not _CARD_LINE.match(lines[number + 1]) else ""
        cards.append(AsoundCard(int(match.group(1)), match.group(3), match.group(4).strip(), long_name))
    return cards


def parse_usbid(text: str | None) -> str | None:
    """/proc/asound/cardN/usbid holds '%04x:%04x'."""
    if not text:
        return None
    match = re.match(r"^\s*([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\s*$", text)
    return f"{match.group(1).lower()}:{match.group(2).lower()}" if match else None


def parse_udev_properties(text: str) -> dict[str, str]:
    """`udevadm info --query=property` (KEY=VALUE) or one `--export-db` record (E: KEY=VALUE)."""
    properties: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("E: "):
            line = line[3:]
        elif re.match(r"^[A-Z]: ", line):
            continue
        if "=" in line:
            key, value = line.split("=", 1)
            if re.fullmatch(r"[A-Z0-9_]+", key):
                properties[key] = value
    return properties


def udev_sound_hints(record: dict[str, str]) -> dict[str, str | None]:
    """bus, usb_id and form factor from a udev sound-card record."""
    bus = record.get("ID_BUS")
    vendor, model = record.get("ID_VENDOR_ID", ""), record.get("ID_MODEL_ID", "")
    usb_id = None
    if bus == "usb" and re.fullmatch(r"[0-9a-fA-F]{4}", vendor) and re.fullmatch(r"[0-9a-fA-F]{4}", model):
        usb_id = f"{vendor.lower()}:{model.lower()}"
    if bus is None and "/platform/" in record.get("DEVPATH", record.get("_PATH", "")):
        bus = "platform"
    if bus == "pci" and is_gpu_audio(vendor, record.get("ID_MODEL_FROM_DATABASE", "")):
        bus = "display"
    return {"bus": bus, "usb_id": usb_id, "form_factor": record.get("SOUND_FORM_FACTOR")}


# PCI vendors whose audio functions sit on graphics cards (pci.ids: 10de NVIDIA, 1002 AMD/ATI). NVIDIA
# also made chipsets with onboard audio (nForce / MCP), which are named so.
GPU_AUDIO_VENDORS = ("0x10de", "0x1002", "10de", "1002")
_NVIDIA_CHIPSET_AUDIO = re.compile(r"\b(MCP\d*|nForce)\b", re.IGNORECASE)


def is_gpu_audio(pci_vendor: str, model_name: str) -> bool:
    """A PCI audio function of a graphics card (HDMI/DisplayPort audio), from its vendor id."""
    return pci_vendor.lower() in GPU_AUDIO_VENDORS and not _NVIDIA_CHIPSET_AUDIO.search(model_name)


@dataclass(frozen=True)
class PulsePort:
    name: str
    description: str
    available: str | None  # "yes", "no" or None when unknown


@dataclass(frozen=True)
class PulseObject:
    """A pactl card, sink or source with the properties rigcheck uses."""

    name: str
    description: str
    properties: dict[str, str]
    ports: tuple[PulsePort, ...] = field(default_factory=tuple)
    active_port: str | None = None
    channels: int | None = None  # from the sample specification ("s16le 2ch 44100Hz")

    @property
    def bus(self) -> str | None:
        bus = self.properties.get("device.bus")
        if bus is None and self.properties.get("device.api") in ("bluez", "bluez5"):
            return "bluetooth"
        if bus is None and self.name.startswith(("bluez_", "bluez5")):
            return "bluetooth"
        if bus == "pci" and is_gpu_audio(self.properties.get("device.vendor.id", ""), self.properties.get("device.product.name", "")):
            return "display"
        return bus

    @property
    def usb_id(self) -> str | None:
        vendor = _hex_id(self.properties.get("device.vendor.id"))
        product = _hex_id(self.properties.get("device.product.id"))
        if self.bus == "usb" and vendor and product:
            return f"{vendor}:{product}"
        return None

    @property
    def form_factor(self) -> str | None:
        return self.properties.get("device.form_factor") or self.properties.get("device.form-factor")

    @property
    def card_index(self) -> int | None:
        value = self.properties.get("alsa.card")
        return int(value) if value and value.isdigit() else None

    @property
    def is_monitor(self) -> bool:
        return self.properties.get("device.class") == "monitor" or self.name.endswith(".monitor")

    @property
    def display_name(self) -> str:
        """A name fit for a report: the description, never the serial- or address-bearing id."""
        name = self.description or self.properties.get("device.product.name") or self.properties.get("alsa.card_name") or ""
        return strip_mac(name or self.name)


def _spec_channels(spec: str) -> int | None:
    match = re.search(r"\b(\d+)ch\b", spec)
    return int(match.group(1)) if match else None


def _hex_id(value: str | None) -> str | None:
    """PulseAudio writes '0b0e', PipeWire '0x0b0e'; bluetooth ids look like 'bluetooth:0002'."""
    if not value:
        return None
    match = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4})", value.strip())
    return f"{int(match.group(1), 16):04x}" if match else None


_PROP_LINE = re.compile(r'^\s*([\w.\-]+) = "(.*)"\s*$')


def parse_pactl_text(text: str) -> list[PulseObject]:
    """`pactl list cards|sinks|sources` or `pacmd list-cards` text (any locale for the values).

    Objects start at 'Card #N', 'Sink #N', 'Source #N' (pactl) or 'index: N' (pacmd).
    """
    objects: list[PulseObject] = []
    blocks = re.split(r"^(?=\S.*#\d+\s*$|\s*\*?\s*index: \d+\s*$)", text.replace("\r\n", "\n"), flags=re.MULTILINE)
    for block in blocks:
        name_match = re.search(r"^\s*(?:Name|name): <?([^>\n]+?)>?\s*$", block, re.MULTILINE)
        if not name_match:
            continue
        properties: dict[str, str] = {}
        for line in block.splitlines():
            prop = _PROP_LINE.match(line)
            if prop:
                properties.setdefault(prop.group(1), prop.group(2))
        description_match = re.search(r"^\s*Description: (.+)$", block, re.MULTILINE)
        description = description_match.group(1).strip() if description_match else properties.get("device.description", "")
        ports = tuple(_parse_text_ports(block))
        active = re.search(r"^\s*(?:Active Port|active port): <?([^>\n]+?)>?\s*$", block, re.MULTILINE)
        spec = re.search(r"^\s*(?:Sample Specification|sample spec): (.+)$", block, re.MULTILINE)
        objects.append(
            PulseObject(name_match.group(1).strip(), description, properties, ports, active.group(1) if active else None,
                        _spec_channels(spec.group(1)) if spec else None)
        )
    return objects


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _parse_text_ports(block: str):
    """Port lines of a pactl text block: the lines one level inside 'Ports:'."""
    lines = block.splitlines()
    for number, line in enumerate(lines):
        if not re.match(r"^\s*(Ports|ports):\s*$", line):
            continue
        ports_indent, port_indent = _indent(line), None
        for inner in lines[number + 1 :]:
            if not inner.strip():
                continue
            if _indent(inner) <= ports_indent:
                break
            port_indent = port_indent if port_indent is not None else _indent(inner)
            if _indent(inner) != port_indent:
                continue
            port = re.match(r"^\s*([\w\-.]+): (.+?) \((.*)\)\s*$", inner)
            if port:
                details = port.group(3)
                available = None
                if "not available" in details or "available: no" in details:
                    available = "no"
                elif "available" in details:
                    available = "yes"
                yield PulsePort(port.group(1), port.group(2), available)
        break


def parse_pactl_json(text: str) -> list[PulseObject]:
    """`pactl -f json list cards|sinks|sources` (PulseAudio >= 16 and pipewire-pulse)."""
    text = text.strip()
    if not text:
        return []
    data = json.loads(text)
    objects = []
    for item in data if isinstance(data, list) else [data]:
        if not isinstance(item, dict):
            continue
        properties = {str(k): str(v) for k, v in (item.get("properties") or {}).items()}
        ports = []
        raw_ports = item.get("ports") or []
        if isinstance(raw_ports, dict):  # defensive: some versions emit an object keyed by name
            raw_ports = [dict(value, name=key) for key, value in raw_ports.items()]
        for port in raw_ports:
            if isinstance(port, dict):
                availability = str(port.get("availability", port.get("available", "")))
                available = "no" if "not available" in availability or availability == "no" else ("yes" if "available" in availability or availability == "yes" else None)
                ports.append(PulsePort(str(port.get("name", "")), str(port.get("description", "")), available))
        objects.append(
            PulseObject(
                name=str(item.get("name", "")),
                description=str(item.get("description") or properties.get("device.description", "")),
                properties=properties,
                ports=tuple(ports),
                active_port=item.get("active_port"),
                channels=_spec_channels(str(item.get("sample_specification", ""))),
            )
        )
    return objects


def parse_pactl_info_defaults(text: str) -> dict[str, str | None]:
    """Default sink/source names from `pactl -f json info` or plain `pactl info`."""
    text = text.strip()
    if text.startswith("{"):
        data = json.loads(text)
        return {"sink": data.get("default_sink_name"), "source": data.get("default_source_name")}
    sink = re.search(r"^Default Sink: (.+)$", text, re.MULTILINE)
    source = re.search(r"^Default Source: (.+)$", text, re.MULTILINE)
    return {"sink": sink.group(1).strip() if sink else None, "source": source.group(1).strip() if source else None}


def analog_headset_plugged(node: PulseObject) -> bool:
    """A source whose active port is a headset-mic jack that the codec reports as plugged in.

    Only jack detection can tell; ports with unknown availability say nothing.
    """
    if not node.active_port or "headset" not in node.active_port.lower():
        return False
    port = next((port for port in node.ports if port.name == node.active_port), None)
    return port is not None and port.available == "yes"

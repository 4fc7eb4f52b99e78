"""Merge the entries of one physical device and classify them together.

Windows lists a headset once per host API, with MME names cut at 31 characters; a Bluetooth
headset appears as hands-free and as stereo; a USB headset has separate microphone and earphone
endpoints. Entries are grouped by the device name inside the endpoint name. A cut name borrows the
classification of the full name it is the start of, and if any entry of a device is Bluetooth or
wireless, every entry of that device is (the cautious direction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from rigcheck.probes.audio.catalog import EVIDENCE_BASES
from rigcheck.probes.audio.classify import (
    MME_NAME_LIMIT,
    AudioClassification,
    classify_device,
    looks_cut,
    split_endpoint,
)

__all__ = ["MME_NAME_LIMIT", "AudioDevice", "RawDevice", "classify_entries", "merge_devices"]
_BT_SUFFIX = re.compile(r"\s+(Hands-?Free( AG)?( Audio)?|Stereo|HFP|A2DP)\s*$", re.IGNORECASE)
_ALSA_NAME = re.compile(r"^(?P<card>.+?): (?P<pcm>.+?) \(hw:(?P<card_index>\d+),\d+\)$")
# Cautious order: when a cut name could belong to several devices, the first kind here wins.
_CAUTION = ("bluetooth", "wireless", "usb_headset", "analog_headset", "other_usb", "display_audio", "builtin", "virtual", "unknown")
_WIRELESS = ("bluetooth", "wireless")


@dataclass(frozen=True)
class RawDevice:
    """One audio entry as a source reported it, before merging."""

    name: str
    hostapi: str = ""
    input_channels: int | None = None
    output_channels: int | None = None
    usb_id: str | None = None
    bus: str | None = None
    form_factor: str | None = None
    transport: str | None = None
    source: str = "portaudio"
    index: int | None = None  # PortAudio device index, for the defaults
    raw: str = ""  # the listing line it came from (tests and bench)


@dataclass
class ClassifiedEntry:
    device: RawDevice
    classification: AudioClassification
    key: str  # normalized device name shared by the endpoints of one device
    inner: str  # device part of the name, not normalized (for prefix matching)
    truncated: bool = False


@dataclass(frozen=True)
class AudioDevice:
    """A physical device after merging, with every endpoint name seen."""

    name: str
    hostapis: tuple[str, ...]
    kind: str
    is_headset: bool
    evidence: tuple[str, ...]
    input_channels: int | None
    output_channels: int | None
    endpoints: tuple[str, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)
    basis: str = "name_only"  # catalog.EVIDENCE_BASES
    needs_confirmation: bool = False  # a headset by name only: the applicant is asked about the cable

    def to_fact(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "hostapi": self.hostapis[0] if self.hostapis else "",
            "hostapis": list(self.hostapis),
            "kind": self.kind,
            "is_headset": self.is_headset,
            "basis": self.basis,
            "needs_confirmation": self.needs_confirmation,
            "evidence": list(self.evidence),
            "input_channels": self.input_channels,
            "output_channels": self.output_channels,
            "endpoints": list(self.endpoints),
            "sources": list(self.sources),
        }


def device_key(name: str) -> tuple[str, str]:
    """(normalized key, inner name) of the physical device an endpoint name belongs to."""
    alsa = _ALSA_NAME.match(name.strip())
    if alsa:
        inner = alsa.group("card")
    else:
        _, inner = split_endpoint(name)
    key = _BT_SUFFIX.sub("", inner).strip().casefold()
    return key, inner.strip()


def looks_truncated(device: RawDevice) -> bool:
    return looks_cut(device.name, device.hostapi)


def classify_entries(devices: list[RawDevice]) -> list[ClassifiedEntry]:
    """Classify every entry, then let cut names and sibling endpoints share what is known."""
    entries = []
    for device in devices:
        classification = classify_device(
            device.name,
            device.hostapi,
            device.usb_id,
            bus=device.bus,
            form_factor=device.form_factor,
            transport=device.transport,
        )
        key, inner = device_key(device.name)
        entries.append(ClassifiedEntry(device, classification, key, inner, looks_truncated(device)))

    _complete_cut_names(entries)
    _spread_wireless_to_siblings(entries)
    return entries


def _complete_cut_names(entries: list[ClassifiedEntry]) -> None:
    """A cut name borrows from the full names it starts: "Headset Microphone (5- SteelSer" is
    "Headset Microphone (5- SteelSeries Arctis 7 Chat)"."""
    for entry in entries:
        if not entry.truncated or len(entry.inner) < 6:
            continue
        prefix = entry.inner.casefold().rstrip()
        candidates = [
            other
            for other in entries
            if other is not entry
            and len(other.inner) > len(entry.inner.rstrip())
            and other.inner.casefold().startswith(prefix)
            and other.classification.kind != "virtual"
            and (other.classification.kind != "unknown" or other.classification.needs_confirmation)
        ]
        if not candidates:
            continue
        best = min(candidates, key=lambda other: (_CAUTION.index(other.classification.kind), -len(other.inner)))
        if best.classification.kind != entry.classification.kind or entry.key != best.key:
            entry.classification = _borrow(entry.classification, best, f"cut name of '{best.device.name}'")
        entry.key = best.key


def _spread_wireless_to_siblings(entries: list[ClassifiedEntry]) -> None:
    """Every endpoint of a device that has a Bluetooth or wireless endpoint is Bluetooth or wireless."""
    by_key: dict[str, list[ClassifiedEntry]] = {}
    for entry in entries:
        by_key.setdefault(entry.key, []).append(entry)
    for siblings in by_key.values():
        wireless = [e for e in siblings if e.classification.kind in _WIRELESS]
        if not wireless:
            continue
        source = min(wireless, key=lambda e: _CAUTION.index(e.classification.kind))
        for entry in siblings:
            if entry.classification.kind not in _WIRELESS and entry.classification.kind != "virtual":
                entry.classification = _borrow(entry.classification, source, f"same device as '{source.device.name}'")


def _borrow(own: AudioClassification, other: ClassifiedEntry, why: str) -> AudioClassification:
    theirs = other.classification
    return replace(theirs, evidence=(why, *theirs.evidence), usb_id=theirs.usb_id or own.usb_id)


def merge_devices(entries: list[ClassifiedEntry]) -> list[AudioDevice]:
    """Group classified entries into physical devices (same device name and same kind)."""
    groups: dict[tuple[str, str], list[ClassifiedEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.key, entry.classification.kind), []).append(entry)
    devices = []
    for members in groups.values():
        full = [m for m in members if not m.truncated] or members
        representative = max(full, key=lambda m: (len(m.inner), len(m.device.name)))
        evidence: list[str] = []
        for member in members:
            for item in member.classification.evidence:
                if item not in evidence:
                    evidence.append(item)
        devices.append(
            AudioDevice(
                name=representative.inner or representative.device.name,
                hostapis=tuple(dict.fromkeys(m.device.hostapi for m in members if m.device.hostapi)),
                kind=representative.classification.kind,
                is_headset=any(m.classification.is_headset for m in members),
                evidence=tuple(evidence[:6]),
                input_channels=_max_channels(m.device.input_channels for m in members),
                output_channels=_max_channels(m.device.output_channels for m in members),
                endpoints=tuple(dict.fromkeys(m.device.name for m in members)),
                sources=tuple(dict.fromkeys(m.device.source for m in members)),
                basis=min((m.classification.basis for m in members), key=EVIDENCE_BASES.index),
                needs_confirmation=any(m.classification.needs_confirmation for m in members),
            )
        )
    return devices


def _max_channels(values) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None

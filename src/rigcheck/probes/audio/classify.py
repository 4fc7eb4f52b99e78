"""Headset classification from a device name, its host API and (when known) its USB id.

PortAudio gives names only. A USB id decides through the catalog; without one, name rules and the
hints the OS gives (bus, form factor, macOS transport) decide. The rules lean one way on purpose:
a wireless or Bluetooth device must never come out as a wired headset, so "USB" never means "wired"
by itself and a USB id missing from the catalog is only "a USB device" unless its name says headset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rigcheck.probes.audio.catalog import Catalog, load_catalog, normalize_usb_id

WINDOWS_HOSTAPIS = ("MME", "Windows DirectSound", "Windows WASAPI", "Windows WDM-KS", "ASIO")

# Endpoint words Windows puts in front of "(<device name>)", in several languages.
_HEADSET_WORDS = re.compile(
    r"head-?set|headsetmikrofon|kopfhörermikrofon|micro-?casque|casque|auriculares con micr|cuffie con micr"
    r"|ヘッドセット|耳麦|гарнитура|słuchawki z mikrofonem",
    re.IGNORECASE,
)
# UAC "Headset" terminal endpoints: Windows names them "Headset Microphone" / "Headset Earphone".
_UAC_HEADSET_ENDPOINT = re.compile(
    r"^(Headset (Microphone|Earphone|Mic|Speaker)s?|Headsetmikrofon|Headsetohrhörer|Micrófono de auriculares"
    r"|Auriculares con micrófono|Microphone du casque|Écouteur du casque)\s*\(",
    re.IGNORECASE,
)
# A bare "Headset (<name>)" is how Windows names a Bluetooth hands-free endpoint.
_WINDOWS_BT_HEADSET = re.compile(r"^Headset\s*\(", re.IGNORECASE)
_NOT_A_HEADSET = re.compile(r"\b(i?phone|smartphone|speaker|soundbar|TV|car kit)\b", re.IGNORECASE)
_ALSA_NAME = re.compile(r"^(?P<card>.+?): (?P<pcm>.+?) \((?P<hw>hw:\d+,\d+)\)$")
_REENUMERATION_PREFIX = re.compile(r"^\d+\s*-\s+")


@dataclass(frozen=True)
class AudioClassification:
    """What a device is. `kind` is one of catalog.KINDS; `evidence` says why, in plain words."""

    kind: str
    is_headset: bool
    evidence: tuple[str, ...]
    usb_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "is_headset": self.is_headset, "evidence": list(self.evidence)}


def split_endpoint(name: str) -> tuple[str, str]:
    """'Microphone (Jabra Link 380)' -> ('Microphone', 'Jabra Link 380'); names without one -> ('', name).

    Copes with names cut short (MME keeps 31 characters), where the closing parenthesis is gone.
    """
    stripped = name.strip()
    match = re.match(r"^([^()]+?)\s*\((.*)$", stripped)
    if not match:
        return "", stripped
    endpoint, inner = match.group(1).strip(), match.group(2)
    # Drop the closing parenthesis of the outer pair only (inner names like "Buds+ (779D)" keep theirs).
    if inner.endswith(")") and inner.count(")") > inner.count("("):
        inner = inner[:-1]
    inner = _REENUMERATION_PREFIX.sub("", inner.strip())
    return endpoint, inner.strip()


def _clean_for_rules(name: str) -> str:
    """PulseAudio ids use underscores and suffixes: make them read like names."""
    text = name
    if re.match(r"^(alsa_(output|input|card)|bluez_(output|input|sink|source|card))\.", text):
        text = re.sub(r"^(alsa|bluez)_(output|input|card|sink|source)\.", r"\1 ", text)
        text = re.sub(r"\.(analog|iec958|hdmi|multichannel|pro|a2dp|headset|handsfree)[-\w]*$", "", text)
        text = text.replace("_", " ")
    return text


def classify_device(
    name: str,
    hostapi: str = "",
    usb_id: str | None = None,
    *,
    bus: str | None = None,
    form_factor: str | None = None,
    transport: str | None = None,
    catalog: Catalog | None = None,
) -> AudioClassification:
    """Classify one audio device.

    `name` and `hostapi` are what PortAudio reports; `usb_id` is "vvvv:pppp" when the OS gives it.
    The keyword hints come from OS sources: `bus` ("usb", "pci", "bluetooth" from udev/pactl or a
    Windows PnP id), `form_factor` (udev/PulseAudio: "headset", "webcam", "internal", ...) and
    `transport` (macOS Core Audio: "usb", "bluetooth", "builtin", "displayport", "virtual", ...).
    """
    catalog = catalog or load_catalog()
    evidence: list[str] = []
    usb_key = normalize_usb_id(usb_id)
    bus = (bus or "").lower() or None
    form_factor = (form_factor or "").lower() or None
    transport = _short_transport(transport)

    text = _clean_for_rules(name)
    alsa = _ALSA_NAME.match(text)
    headset_word = bool(_HEADSET_WORDS.search(text)) or form_factor in ("headset", "handset", "hands-free")

    def result(kind: str, headset: bool | None = None) -> AudioClassification:
        if headset is None:
            headset = _default_is_headset(kind, text, headset_word)
        return AudioClassification(kind, headset, tuple(evidence), usb_key)

    # 1. A USB id in the catalog decides.
    entry = catalog.lookup_usb(usb_key)
    if entry is not None:
        evidence.append(f"USB id {usb_key} is {entry.product} (source: {catalog.describe_source(entry.source)})")
        return result(entry.kind, entry.headset)

    usb_evidence = bool(usb_key) or bus == "usb" or transport == "usb" or bool(alsa and "USB Audio" in alsa.group("pcm"))
    if usb_key:
        evidence.append(f"USB id {usb_key} is not in the headset catalog")

    # 2. Hard transport facts from the OS.
    if bus == "bluetooth" or transport in ("bluetooth", "bluetooth_le"):
        evidence.append("the OS reports a Bluetooth device")
        return result("bluetooth")

    if bus == "display":
        evidence.append("the OS reports a GPU (HDMI/DisplayPort) audio function")
        return result("display_audio", False)
    if bus == "virtual":
        evidence.append("the OS reports a software (ROOT-enumerated) audio driver")
        return result("virtual", False)

    matched = catalog.match_name(text)
    if matched and matched[0].kind == "virtual":
        rule, match = matched
        evidence.append(f"name matches a virtual device ({match.group(0).strip()!r}: {rule.note})")
        return result("virtual", False)
    if transport in ("virtual", "aggregate"):
        evidence.append(f"Core Audio transport is {transport}")
        return result("virtual", False)
    if transport in ("displayport", "hdmi"):
        evidence.append(f"Core Audio transport is {transport}")
        return result("display_audio", False)
    if transport == "airplay":
        evidence.append("Core Audio transport is AirPlay (network speaker)")
        return result("wireless", False)

    # 3. Name rules (catalog order: Bluetooth, wireless, display, built-in, wired lines, other USB).
    if matched:
        rule, match = matched
        what = f"name matches {match.group(0).strip()!r} ({rule.note})"
        if rule.kind == "builtin":
            if usb_evidence:
                evidence.append(f"{what}, but the device is on USB")
            else:
                evidence.append(what)
                if headset_word:
                    evidence.append("a headset endpoint of the built-in codec: a headset in the combo jack")
                    return result("analog_headset", True)
                return result("builtin", False)
        elif rule.kind == "usb_headset" and (bus == "pci" or transport == "builtin"):
            evidence.append(f"{what}, on the built-in audio: an analog headset")
            return result("analog_headset", True)
        elif rule.kind == "usb_headset":
            evidence.append(what)
            if not usb_key:
                evidence.append("by name only: a USB id would confirm it is not a wireless model")
            return result("usb_headset", True)
        else:
            evidence.append(what)
            return result(rule.kind, rule.headset)

    # 4. Windows endpoint naming conventions.
    if _WINDOWS_BT_HEADSET.match(text) and not usb_evidence:
        evidence.append("Windows names Bluetooth hands-free endpoints 'Headset (...)'")
        return result("bluetooth", True)
    if _UAC_HEADSET_ENDPOINT.match(text):
        evidence.append("a USB Audio Class headset endpoint ('Headset Microphone/Earphone'), not a known wireless model")
        if not usb_key:
            evidence.append("by name only: a USB id would confirm it is not a wireless model")
        return result("usb_headset", True)

    # 5. USB without a catalog entry: a headset only if it says so.
    if usb_evidence:
        if form_factor == "webcam":
            evidence.append("a USB webcam microphone")
            return result("other_usb", False)
        if headset_word:
            evidence.append("a USB audio device whose name or form factor says headset, not a known wireless model")
            return result("usb_headset", True)
        evidence.append("a USB audio device that does not say it is a headset")
        return result("other_usb", False)

    if bus in ("pci", "platform") or form_factor == "internal" or transport == "builtin":
        evidence.append("on the built-in audio (PCI/platform bus or built-in transport)")
        if headset_word:
            return result("analog_headset", True)
        return result("builtin", False)

    evidence.append("nothing in the name or the OS facts tells how it is connected")
    return result("unknown")


def _short_transport(transport: str | None) -> str | None:
    if not transport:
        return None
    value = transport.lower().removeprefix("coreaudio_device_type_")
    return value or None


def _default_is_headset(kind: str, text: str, headset_word: bool) -> bool:
    if kind in ("usb_headset", "analog_headset"):
        return True
    if kind in ("bluetooth", "wireless"):
        return not _NOT_A_HEADSET.search(text)
    if kind == "unknown":
        return headset_word
    return False

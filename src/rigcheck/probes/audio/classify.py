"""Headset classification from a device name, its host API and (when known) its USB id.

PortAudio gives names only. A USB id decides through the catalog; without one, name rules and the
hints the OS gives (bus, form factor, macOS transport) decide. The rules lean one way on purpose:
a wireless or Bluetooth device must never come out as a wired headset, so "USB" never means "wired"
by itself and a USB id missing from the catalog is only "a USB device" unless its name says headset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from rigcheck.probes.audio.catalog import Catalog, NameRule, load_catalog, normalize_usb_id

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
_SAYS_USB = re.compile(r"\bUSB\b", re.IGNORECASE)
# Webcams, speakerphones and docks stay what they are even on a "Headset" endpoint.
_NAMED_GEAR = re.compile(r"web ?cam|camera|brio|speak|calisto|dock|conference", re.IGNORECASE)
_ALSA_NAME = re.compile(r"^(?P<card>.+?): (?P<pcm>.+?) \((?P<hw>hw:\d+,\d+)\)$")
_REENUMERATION_PREFIX = re.compile(r"^\d+\s*-\s+")


@dataclass(frozen=True)
class AudioClassification:
    """What a device is. `kind` is one of catalog.KINDS; `evidence` says why, in plain words.

    `basis` is how firm the decision is (catalog.EVIDENCE_BASES): a catalog USB id, an OS transport
    fact, a name rule or catalog model name, or the name only. `needs_confirmation` marks a device that
    calls itself a headset but whose connection nothing measured: it is never a wired headset by
    itself, and the applicant is asked whether it is plugged in with a cable.
    """

    kind: str
    is_headset: bool
    evidence: tuple[str, ...]
    usb_id: str | None = None
    basis: str = "name_only"
    needs_confirmation: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "is_headset": self.is_headset, "evidence": list(self.evidence), "basis": self.basis,
                "needs_confirmation": self.needs_confirmation}


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


def _clean_for_rules(name: str) -> tuple[str, str | None]:
    """PulseAudio ids use underscores and suffixes: make them read like names.

    Returns (text, suffix kind): an `.hdmi-stereo` style suffix says display audio before it is cut.
    """
    text = name
    suffix_kind = None
    if re.match(r"^(alsa_(output|input|card)|bluez_(output|input|sink|source|card))\.", text):
        suffix = re.search(r"\.(analog|iec958|hdmi|multichannel|pro|a2dp|headset|handsfree)[-\w]*$", text)
        if suffix and suffix.group(1) == "hdmi":
            suffix_kind = "display_audio"
        text = re.sub(r"^(alsa|bluez)_(output|input|card|sink|source)\.", r"\1 ", text)
        text = re.sub(r"\.(analog|iec958|hdmi|multichannel|pro|a2dp|headset|handsfree)[-\w]*$", "", text)
        text = text.replace("_", " ")
    return text, suffix_kind


MME_NAME_LIMIT = 31  # WAVEINCAPS.szPname holds 32 characters including the terminator


def looks_cut(name: str, hostapi: str = "") -> bool:
    """A name Windows MME cut at 31 characters, or any name whose parenthesis never closes."""
    if hostapi == "MME" and len(name) >= MME_NAME_LIMIT:
        return True
    return name.count("(") > name.count(")")


# Wired and wireless readings, most cautious first: a cut name that could be several models is read as the first.
_CAUTION = ("bluetooth", "wireless", "unknown", "other_usb", "usb_headset", "analog_headset", "display_audio", "builtin", "virtual")


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
    The keyword hints come from OS sources: `bus` ("usb", "pci", "bluetooth", "display", "virtual"
    from udev/pactl or a Windows PnP id), `form_factor` (udev/PulseAudio: "headset", "webcam",
    "internal", ...) and `transport` (macOS Core Audio: "usb", "bluetooth", "builtin", "displayport", ...).
    """
    device = _read_device(name, hostapi, usb_id, bus, form_factor, transport, catalog or load_catalog())
    for rule in _RULES:
        found = rule(device)
        if found is not None:
            return found
    device.evidence.append("nothing in the name or the OS facts tells how it is connected")
    return device.result("unknown", "name_only")


@dataclass
class _Device:
    """What classify_device read off one device; the rules add the evidence they rest on as they go."""

    catalog: Catalog
    text: str  # the name as the rules read it
    suffix_kind: str | None  # what a PulseAudio profile suffix (.hdmi-stereo) said before it was cut
    usb_key: str | None
    bus: str | None
    form_factor: str | None
    transport: str | None
    headset_word: bool
    cut: bool
    usb_evidence: bool
    generic_headset: bool  # a generic name that calls itself a headset ("Headset Earphone (USB Audio Device)")
    matched: tuple[NameRule, re.Match[str]] | None
    localized: tuple[str, str] | None
    evidence: list[str] = field(default_factory=list)

    def result(self, kind: str, basis: str, headset: bool | None = None, *, confirm: bool = False) -> AudioClassification:
        if headset is None:
            headset = _default_is_headset(kind, self.text, self.headset_word)
        return AudioClassification(kind, headset, tuple(self.evidence), self.usb_key, basis, confirm)

    @property
    def on_builtin_audio(self) -> bool:
        return self.bus == "pci" or self.transport == "builtin"


def _read_device(
    name: str, hostapi: str, usb_id: str | None, bus: str | None, form_factor: str | None, transport: str | None,
    catalog: Catalog,
) -> _Device:
    usb_key = normalize_usb_id(usb_id)
    bus = (bus or "").lower() or None
    form_factor = (form_factor or "").lower() or None
    transport = _short_transport(transport)
    text, suffix_kind = _clean_for_rules(name)
    alsa = _ALSA_NAME.match(text)
    headset_word = bool(_HEADSET_WORDS.search(text)) or form_factor in ("headset", "handset", "hands-free")
    usb_evidence = bool(usb_key) or bus == "usb" or transport == "usb" or bool(alsa and "USB Audio" in alsa.group("pcm"))
    generic_headset = bool(_UAC_HEADSET_ENDPOINT.match(text)) or ((usb_evidence or bool(_SAYS_USB.search(text))) and headset_word)
    return _Device(
        catalog, text, suffix_kind, usb_key, bus, form_factor, transport, headset_word, looks_cut(name, hostapi),
        usb_evidence, generic_headset, catalog.match_name(text), catalog.match_localized(text),
    )


# The rules, in order: each returns a classification or None to leave the device to the next.


def _by_catalog_id(device: _Device) -> AudioClassification | None:
    """1. A USB id in the catalog decides."""
    entry = device.catalog.lookup_usb(device.usb_key)
    if entry is None:
        if device.usb_key:
            device.evidence.append(f"USB id {device.usb_key} is not in the headset catalog")
        return None
    device.evidence.append(f"USB id {device.usb_key} is {entry.product} (source: {device.catalog.describe_source(entry.source)})")
    return device.result(entry.kind, "catalog_id", entry.headset)


def _by_os_bus(device: _Device) -> AudioClassification | None:
    """2. Hard transport facts from the OS."""
    if device.bus == "bluetooth" or device.transport in ("bluetooth", "bluetooth_le"):
        device.evidence.append("the OS reports a Bluetooth device")
        return device.result("bluetooth", "os_transport")
    if device.bus == "display":
        device.evidence.append("the OS reports a GPU (HDMI/DisplayPort) audio function")
        return device.result("display_audio", "os_transport", False)
    if device.bus == "virtual":
        device.evidence.append("the OS reports a software (ROOT-enumerated) audio driver")
        return device.result("virtual", "os_transport", False)
    return None


def _by_virtual_or_display(device: _Device) -> AudioClassification | None:
    """Virtual devices by name, and what Core Audio's transport or a PulseAudio suffix says outright."""
    if device.matched and device.matched[0].kind == "virtual":
        rule, match = device.matched
        device.evidence.append(f"name matches a virtual device ({match.group(0).strip()!r}: {rule.note})")
        return device.result("virtual", "name_rule", False)
    if device.localized and device.localized[0] == "virtual":
        device.evidence.append(f"name is a sound system's own description of a virtual device ({device.localized[1]!r}, localized)")
        return device.result("virtual", "name_rule", False)
    transport_kind = _TRANSPORT_KINDS.get(device.transport or "")
    if transport_kind is not None:
        kind, words = transport_kind
        device.evidence.append(f"Core Audio transport is {words}")
        return device.result(kind, "os_transport", False)
    if device.suffix_kind == "display_audio":
        device.evidence.append("the sound server names it an HDMI output (.hdmi-* profile)")
        return device.result("display_audio", "name_rule", False)
    return None


_TRANSPORT_KINDS = {
    "virtual": ("virtual", "virtual"),
    "aggregate": ("virtual", "aggregate"),
    "displayport": ("display_audio", "displayport"),
    "hdmi": ("display_audio", "hdmi"),
    "airplay": ("wireless", "AirPlay (network speaker)"),
}


def _by_catalog_model(device: _Device) -> AudioClassification | None:
    """3. Catalog model names carry their transport: a model seen by name only is still known."""
    models = device.catalog.match_models(device.text, cut=device.cut)
    if not models:
        return None
    kinds = sorted({model.kind for model in models}, key=_CAUTION.index)
    chosen = next(model for model in models if model.kind == kinds[0])
    source = device.catalog.describe_source(chosen.source)
    if len(kinds) > 1:
        others = ", ".join(sorted({m.name for m in models if m.kind != chosen.kind}))
        device.evidence.append(f"cut name could be {chosen.name} ({chosen.kind}) or {others}: read as the more cautious {chosen.kind}")
    else:
        how = "cut name is the start of" if device.cut and not _names_model(device.text, chosen.name) else "name is"
        device.evidence.append(f"{how} the catalog model {chosen.name}: {chosen.product} (source: {source})")
    if chosen.kind == "usb_headset" and device.on_builtin_audio:
        device.evidence.append("on the built-in audio: an analog headset")
        return device.result("analog_headset", "name_rule", True)
    return device.result(chosen.kind, "name_rule", chosen.headset)


def _by_localized_description(device: _Device) -> AudioClassification | None:
    """4. Name rules (catalog order: Bluetooth, wireless, display, built-in, wired lines, other USB)."""
    localized = device.localized
    if localized and localized[0] in ("bluetooth", "display_audio") and not (localized[0] == "display_audio" and device.usb_evidence):
        device.evidence.append(f"name is a sound system's description of a {localized[0].replace('_', ' ')} device ({localized[1]!r})")
        return device.result(localized[0], "name_rule")
    return None


def _by_name_rule(device: _Device) -> AudioClassification | None:
    matched = device.matched
    if matched and matched[0].kind == "other_usb" and device.generic_headset and not _NAMED_GEAR.search(device.text):
        matched = None  # "Headset Earphone (USB Audio Device)": a generic USB name that calls itself a headset
    if not matched:
        return None
    rule, match = matched
    what = f"name matches {match.group(0).strip()!r} ({rule.note})"
    if rule.kind == "builtin":
        if device.usb_evidence:
            device.evidence.append(f"{what}, but the device is on USB")
            return None
        device.evidence.append(what)
        if device.headset_word:
            device.evidence.append("a headset endpoint of the built-in codec: a headset in the combo jack")
            return device.result("analog_headset", "name_rule", True)
        return device.result("builtin", "name_rule", False)
    if rule.kind == "usb_headset" and device.on_builtin_audio:
        device.evidence.append(f"{what}, on the built-in audio: an analog headset")
        return device.result("analog_headset", "name_rule", True)
    device.evidence.append(what)
    return device.result(rule.kind, "name_rule", rule.headset)


def _by_localized_builtin(device: _Device) -> AudioClassification | None:
    if device.localized and device.localized[0] == "builtin" and not device.usb_evidence:
        device.evidence.append(f"name is a sound system's description of the built-in audio ({device.localized[1]!r})")
        return device.result("builtin", "name_rule", device.headset_word)
    return None


def _by_windows_naming(device: _Device) -> AudioClassification | None:
    """5. Windows endpoint naming conventions."""
    if _WINDOWS_BT_HEADSET.match(device.text) and not device.usb_evidence:
        device.evidence.append("Windows names Bluetooth hands-free endpoints 'Headset (...)'")
        return device.result("bluetooth", "name_rule", True)
    return None


def _by_unknown_usb(device: _Device) -> AudioClassification | None:
    """6. A USB device the catalog does not know: a name that says "headset" is only a name."""
    if device.usb_evidence and device.form_factor == "webcam":
        device.evidence.append("a USB webcam microphone")
        return device.result("other_usb", "os_transport", False)
    if device.generic_headset:
        device.evidence.append("calls itself a headset, but neither its USB id nor its model is in the catalog")
        device.evidence.append("by name only: a wireless dongle or DECT base can look the same, so whether it is corded is not known")
        return device.result("unknown", "name_only", True, confirm=True)
    if device.usb_evidence:
        device.evidence.append("a USB audio device that does not say it is a headset")
        measured = device.usb_key or device.bus == "usb" or device.transport == "usb"
        return device.result("other_usb", "os_transport" if measured else "name_rule", False)
    return None


def _by_builtin_bus(device: _Device) -> AudioClassification | None:
    if device.bus in ("pci", "platform") or device.form_factor == "internal" or device.transport == "builtin":
        device.evidence.append("on the built-in audio (PCI/platform bus or built-in transport)")
        if device.headset_word:
            return device.result("analog_headset", "os_transport", True)
        return device.result("builtin", "os_transport", False)
    return None


_RULES: tuple[Callable[[_Device], AudioClassification | None], ...] = (
    _by_catalog_id,
    _by_os_bus,
    _by_virtual_or_display,
    _by_catalog_model,
    _by_localized_description,
    _by_name_rule,
    _by_localized_builtin,
    _by_windows_naming,
    _by_unknown_usb,
    _by_builtin_bus,
)


def _names_model(text: str, model: str) -> bool:
    return model.casefold() in re.sub(r"[\s_]+", " ", text.casefold())


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

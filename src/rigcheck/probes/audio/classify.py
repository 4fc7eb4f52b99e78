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
    catalog = catalog or load_catalog()
    evidence: list[str] = []
    usb_key = normalize_usb_id(usb_id)
    bus = (bus or "").lower() or None
    form_factor = (form_factor or "").lower() or None
    transport = _short_transport(transport)

    text, suffix_kind = _clean_for_rules(name)
    alsa = _ALSA_NAME.match(text)
    headset_word = bool(_HEADSET_WORDS.search(text)) or form_factor in ("headset", "handset", "hands-free")
    cut = looks_cut(name, hostapi)

    def result(kind: str, basis: str, headset: bool | None = None, *, confirm: bool = False) -> AudioClassification:
        if headset is None:
            headset = _default_is_headset(kind, text, headset_word)
        return AudioClassification(kind, headset, tuple(evidence), usb_key, basis, confirm)

    # 1. A USB id in the catalog decides.
    entry = catalog.lookup_usb(usb_key)
    if entry is not None:
        evidence.append(f"USB id {usb_key} is {entry.product} (source: {catalog.describe_source(entry.source)})")
        return result(entry.kind, "catalog_id", entry.headset)

    usb_evidence = bool(usb_key) or bus == "usb" or transport == "usb" or bool(alsa and "USB Audio" in alsa.group("pcm"))
    if usb_key:
        evidence.append(f"USB id {usb_key} is not in the headset catalog")

    # 2. Hard transport facts from the OS.
    if bus == "bluetooth" or transport in ("bluetooth", "bluetooth_le"):
        evidence.append("the OS reports a Bluetooth device")
        return result("bluetooth", "os_transport")
    if bus == "display":
        evidence.append("the OS reports a GPU (HDMI/DisplayPort) audio function")
        return result("display_audio", "os_transport", False)
    if bus == "virtual":
        evidence.append("the OS reports a software (ROOT-enumerated) audio driver")
        return result("virtual", "os_transport", False)

    matched = catalog.match_name(text)
    localized = catalog.match_localized(text)
    if matched and matched[0].kind == "virtual":
        rule, match = matched
        evidence.append(f"name matches a virtual device ({match.group(0).strip()!r}: {rule.note})")
        return result("virtual", "name_rule", False)
    if localized and localized[0] == "virtual":
        evidence.append(f"name is a sound system's own description of a virtual device ({localized[1]!r}, localized)")
        return result("virtual", "name_rule", False)
    if transport in ("virtual", "aggregate"):
        evidence.append(f"Core Audio transport is {transport}")
        return result("virtual", "os_transport", False)
    if transport in ("displayport", "hdmi"):
        evidence.append(f"Core Audio transport is {transport}")
        return result("display_audio", "os_transport", False)
    if transport == "airplay":
        evidence.append("Core Audio transport is AirPlay (network speaker)")
        return result("wireless", "os_transport", False)
    if suffix_kind == "display_audio":
        evidence.append("the sound server names it an HDMI output (.hdmi-* profile)")
        return result("display_audio", "name_rule", False)

    # 3. Catalog model names carry their transport: a model seen by name only is still known.
    models = catalog.match_models(text, cut=cut)
    if models:
        kinds = sorted({model.kind for model in models}, key=_CAUTION.index)
        chosen = next(model for model in models if model.kind == kinds[0])
        source = catalog.describe_source(chosen.source)
        if len(kinds) > 1:
            others = ", ".join(sorted({m.name for m in models if m.kind != chosen.kind}))
            evidence.append(f"cut name could be {chosen.name} ({chosen.kind}) or {others}: read as the more cautious {chosen.kind}")
        else:
            how = "cut name is the start of" if cut and not _names_model(text, chosen.name) else "name is"
            evidence.append(f"{how} the catalog model {chosen.name}: {chosen.product} (source: {source})")
        if chosen.kind == "usb_headset" and (bus == "pci" or transport == "builtin"):
            evidence.append("on the built-in audio: an analog headset")
            return result("analog_headset", "name_rule", True)
        return result(chosen.kind, "name_rule", chosen.headset)

    # 4. Name rules (catalog order: Bluetooth, wireless, display, built-in, wired lines, other USB).
    if localized and localized[0] in ("bluetooth", "display_audio") and not (localized[0] == "display_audio" and usb_evidence):
        evidence.append(f"name is a sound system's description of a {localized[0].replace('_', ' ')} device ({localized[1]!r})")
        return result(localized[0], "name_rule")
    generic_headset = bool(_UAC_HEADSET_ENDPOINT.match(text)) or ((usb_evidence or bool(_SAYS_USB.search(text))) and headset_word)
    if matched and matched[0].kind == "other_usb" and generic_headset and not _NAMED_GEAR.search(text):
        matched = None  # "Headset Earphone (USB Audio Device)": a generic USB name that calls itself a headset
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
                    return result("analog_headset", "name_rule", True)
                return result("builtin", "name_rule", False)
        elif rule.kind == "usb_headset" and (bus == "pci" or transport == "builtin"):
            evidence.append(f"{what}, on the built-in audio: an analog headset")
            return result("analog_headset", "name_rule", True)
        else:
            evidence.append(what)
            return result(rule.kind, "name_rule", rule.headset)
    if localized and localized[0] == "builtin" and not usb_evidence:
        evidence.append(f"name is a sound system's description of the built-in audio ({localized[1]!r})")
        return result("builtin", "name_rule", headset_word)

    # 5. Windows endpoint naming conventions.
    if _WINDOWS_BT_HEADSET.match(text) and not usb_evidence:
        evidence.append("Windows names Bluetooth hands-free endpoints 'Headset (...)'")
        return result("bluetooth", "name_rule", True)

    # 6. A USB device the catalog does not know: a name that says "headset" is only a name.
    if usb_evidence and form_factor == "webcam":
        evidence.append("a USB webcam microphone")
        return result("other_usb", "os_transport", False)
    if generic_headset:
        evidence.append("calls itself a headset, but neither its USB id nor its model is in the catalog")
        evidence.append("by name only: a wireless dongle or DECT base can look the same, so whether it is corded is not known")
        return result("unknown", "name_only", True, confirm=True)
    if usb_evidence:
        evidence.append("a USB audio device that does not say it is a headset")
        return result("other_usb", "os_transport" if (usb_key or bus == "usb" or transport == "usb") else "name_rule", False)

    if bus in ("pci", "platform") or form_factor == "internal" or transport == "builtin":
        evidence.append("on the built-in audio (PCI/platform bus or built-in transport)")
        if headset_word:
            return result("analog_headset", "os_transport", True)
        return result("builtin", "os_transport", False)

    evidence.append("nothing in the name or the OS facts tells how it is connected")
    return result("unknown", "name_only")


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

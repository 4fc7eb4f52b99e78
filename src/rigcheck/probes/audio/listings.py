"""Read pasted device listings into RawDevice entries.

People (and support tickets) paste device lists in many shapes: PortAudio lists from SuperCollider or
sounddevice, `aplay -l`, `pactl list`, `pacmd list-cards`, `wpctl status`, BlueALSA lists,
`system_profiler` text, SwitchAudioSource JSON. `extract_devices` turns each into the same entries the
probe builds from a live system, so the classifier and the merge are tested on real listings.
Each entry keeps the line it came from in `raw`.
"""

from __future__ import annotations

import json
import re

from rigcheck.probes.audio.linux import parse_pactl_text
from rigcheck.probes.audio.merge import RawDevice

_PORTAUDIO_LOG = re.compile(r"^\s*- (?P<api>[^:]+?) : (?P<name>.+?)   \(device #(?P<index>\d+) with (?P<ins>\d+) ins (?P<outs>\d+) outs\)")
_SOUNDDEVICE = re.compile(r"^[\s<>*]*(?P<index>\d+) (?P<name>.+), (?P<api>Core Audio|ALSA|MME|Windows DirectSound|Windows WASAPI|Windows WDM-KS|ASIO|JACK Audio Connection Kit|PulseAudio|OSS) \((?P<ins>\d+) in, (?P<outs>\d+) out\)")
_APLAY = re.compile(r"^card (?P<card>\d+): (?P<id>\S+) \[(?P<cardname>.+?)\], device (?P<dev>\d+): (?P<pcmid>.+?) \[(?P<pcm>.+?)\]")
_APLAY_CARD_ONLY = re.compile(r"^card (?P<card>\d+): (?P<id>\S+) \[(?P<cardname>.+?)\]")
_PACTL_SHORT = re.compile(r"^\d+\s+(?P<name>(alsa|bluez)_(output|input)\.\S+)")
_BY_ID = re.compile(r"\s(?P<link>usb-(?P<name>\S+?)-\d\d) -> \.\./controlC(?P<card>\d+)")
_WPCTL = re.compile(r"^[\s│├└─]*(?P<default>\*)?\s+(?P<id>\d+)\. (?P<name>.+?)(\s{2,}\[.*)?\s*$")
_BLUEALSA_PCM = re.compile(r"^bluealsa:\S*DEV=(?P<addr>[0-9A-Fa-fX:]+)\S*PROFILE=(?P<profile>\w+)")
_BLUEALSA_DEV = re.compile(r"^hci\d+: (?P<addr>\S+) \[(?P<name>.+?)\], (?P<cls>.+)$")


def extract_devices(block: str, fmt: str) -> list[RawDevice]:
    """Entries of one pasted listing; `fmt` is a free-text description of the tool that printed it."""
    fmt_lower = fmt.lower()
    if "scsynth" in fmt_lower or "device options" in fmt_lower:
        return _portaudio_log(block)
    if "query_devices" in fmt_lower:
        return _sounddevice(block)
    if "switchaudiosource" in fmt_lower:
        return _switch_audio_source(block)
    if "bluealsa" in fmt_lower:
        return _bluealsa(block)
    if "wpctl" in fmt_lower:
        return _wpctl(block)
    if "system_profiler" in fmt_lower:
        return _system_profiler_text(block)
    if "pactl list short" in fmt_lower:
        return _pactl_short(block)
    if "pactl list" in fmt_lower or "pacmd" in fmt_lower:
        return _pactl_cards(block)
    if "aplay" in fmt_lower or "alsa-info" in fmt_lower:
        return _aplay(block)
    raise ValueError(f"no extractor for listing format {fmt!r}")


def _portaudio_log(block: str) -> list[RawDevice]:
    devices = []
    for line in block.splitlines():
        match = _PORTAUDIO_LOG.match(line)
        if match:
            devices.append(
                RawDevice(match.group("name"), match.group("api"), int(match.group("ins")), int(match.group("outs")), index=int(match.group("index")), raw=line)
            )
    return devices


def _sounddevice(block: str) -> list[RawDevice]:
    devices = []
    for line in block.splitlines():
        match = _SOUNDDEVICE.match(line)
        if match:
            devices.append(
                RawDevice(match.group("name"), match.group("api"), int(match.group("ins")), int(match.group("outs")), index=int(match.group("index")), raw=line)
            )
    return devices


def _aplay(block: str) -> list[RawDevice]:
    """aplay -l / arecord -l lines, named the way PortAudio's ALSA host API names them."""
    devices = []
    capture = False
    usb_cards: dict[str, str] = {}
    for line in block.splitlines():
        by_id = _BY_ID.search(line)
        if by_id:
            # /dev/snd/by-id links: only USB cards have them; the link name holds make and model
            name = re.sub(r"_[0-9A-Fa-f]{6,}.*$", "", by_id.group("name")).replace("_", " ")
            usb_cards[by_id.group("card")] = name
            devices.append(RawDevice(name, "ALSA", bus="usb", source="by-id", raw=line))
            continue
        if "CAPTURE" in line:
            capture = True
        elif "PLAYBACK" in line:
            capture = False
        match = _APLAY.match(line)
        if match:
            name = f"{match.group('cardname')}: {match.group('pcm')} (hw:{match.group('card')},{match.group('dev')})"
            ins, outs = (2, 0) if capture else (0, 2)
            devices.append(RawDevice(name, "ALSA", ins, outs, bus="usb" if match.group("card") in usb_cards else None, raw=line))
        elif _APLAY_CARD_ONLY.match(line):
            card = _APLAY_CARD_ONLY.match(line)
            devices.append(RawDevice(card.group("cardname"), "ALSA", raw=line))
    return devices


def _pactl_short(block: str) -> list[RawDevice]:
    devices = []
    for line in block.splitlines():
        match = _PACTL_SHORT.match(line)
        if not match:
            continue
        name = match.group("name")
        bus = "bluetooth" if name.startswith("bluez") else ("usb" if ".usb-" in name else ("pci" if ".pci-" in name else None))
        output = "_output." in name
        devices.append(RawDevice(name, "PulseAudio", 0 if output else 2, 2 if output else 0, bus=bus, source="pactl", raw=line))
    return devices


def _pactl_cards(block: str) -> list[RawDevice]:
    devices = []
    lines = block.splitlines()
    for card in parse_pactl_text(block):
        raw = next((line for line in lines if card.name in line and re.search(r"\b[Nn]ame:", line)), card.name)
        devices.append(
            RawDevice(card.display_name, "PulseAudio", usb_id=card.usb_id, bus=card.bus, form_factor=card.form_factor, source="pactl", raw=raw)
        )
    return devices


def _wpctl(block: str) -> list[RawDevice]:
    devices = []
    section = ""
    for line in block.splitlines():
        heading = re.search(r"[├└]─ (\w+):", line)
        if heading:
            section = heading.group(1)
            continue
        if section not in ("Devices", "Sinks", "Sources", "Filters"):
            continue
        match = _WPCTL.match(line)
        if match and match.group("name"):
            name = match.group("name").strip()
            if section == "Devices":
                name = re.sub(r"\s+\[\w+\]$", "", name)
            devices.append(RawDevice(name, "PipeWire", source="wpctl", raw=line))
    return devices


def _bluealsa(block: str) -> list[RawDevice]:
    devices = []
    lines = block.splitlines()
    for number, line in enumerate(lines):
        pcm = _BLUEALSA_PCM.match(line)
        if pcm:
            detail = lines[number + 1].strip() if number + 1 < len(lines) else ""
            devices.append(RawDevice(f"bluealsa {detail.split(',')[0]} ({pcm.group('profile')})", "ALSA", bus="bluetooth", raw=line))
            continue
        dev = _BLUEALSA_DEV.match(line)
        if dev:
            devices.append(RawDevice(f"{dev.group('name')}, {dev.group('cls')}", "ALSA", bus="bluetooth", raw=line))
    return devices


def _system_profiler_text(block: str) -> list[RawDevice]:
    """`system_profiler SPAudioDataType` text: codec ports ('Connection:') and devices ('Transport:')."""
    devices = []
    lines = block.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^(\s{8})(\S.*):\s*$", line)
        if not match:
            continue
        details = []
        for follow in lines[number + 1 : number + 12]:
            if re.match(r"^\s{0,8}\S.*:\s*$", follow):
                break
            details.append(follow.strip())
        transport = None
        for detail in details:
            if detail.startswith("Transport:"):
                transport = detail.split(":", 1)[1].strip().lower().replace("-", "").replace(" ", "")
            elif detail.startswith("Connection:"):
                connection = detail.split(":", 1)[1].strip().lower()
                transport = {"internal": "builtin", "display": "displayport"}.get(connection, "builtin")
        devices.append(RawDevice(match.group(2).strip(), "Core Audio", transport=transport, source="system_profiler", raw=line))
    return devices


def _switch_audio_source(block: str) -> list[RawDevice]:
    devices = []
    for line in block.splitlines():
        name = re.search(r'"name": "(.*?)"', line)
        if not name:
            continue
        uid_match = re.search(r'"uid": "(.*?)"', line)
        uid = uid_match.group(1) if uid_match else ""
        transport = None
        if uid.startswith("AppleUSBAudioEngine:"):
            transport = "usb"
        elif uid.startswith("BuiltIn"):
            transport = "builtin"
        try:
            kind = json.loads(line).get("type", "output") if line.strip().endswith("}") else "output"
        except json.JSONDecodeError:
            kind = "output"
        devices.append(
            RawDevice(name.group(1), "Core Audio", 2 if kind == "input" else 0, 2 if kind == "output" else 0, transport=transport, source="switchaudio", raw=line)
        )
    return devices


# How the labels of the shared fixture set (fixtures/README.md) map to classifier kinds.
LABEL_KINDS: dict[str, frozenset[str]] = {
    "usb_headset": frozenset({"usb_headset"}),
    "analog_headset": frozenset({"analog_headset"}),
    "bluetooth_headset": frozenset({"bluetooth"}),
    "wireless_headset_dongle": frozenset({"wireless", "bluetooth"}),
    "builtin": frozenset({"builtin"}),
    "virtual": frozenset({"virtual"}),
    "other:hdmi": frozenset({"display_audio"}),
    "other:display_audio": frozenset({"display_audio"}),
    "other:bluetooth_phone": frozenset({"bluetooth"}),
    "other:continuity_mic": frozenset({"wireless", "bluetooth"}),
}
WIRELESS_LABELS = frozenset({"bluetooth_headset", "wireless_headset_dongle", "other:bluetooth_phone", "other:continuity_mic"})
WIRED_HEADSET_KINDS = frozenset({"usb_headset", "analog_headset"})


def accepted_kinds(label: str) -> frozenset[str]:
    """Kinds that count as right for a fixture label; other:<usb thing> is other_usb."""
    if label in LABEL_KINDS:
        return LABEL_KINDS[label]
    if label.startswith("other:"):
        return frozenset({"other_usb"})
    return frozenset()


def classify_listing(block: str, fmt: str):
    """Extract, classify and merge one listing: [(RawDevice, AudioClassification)] in listing order."""
    from rigcheck.probes.audio.merge import classify_entries

    entries = classify_entries(extract_devices(block, fmt))
    return [(entry.device, entry.classification) for entry in entries]


def find_labelled(results, device_text: str):
    """The (device, classification) whose listing line contains a label's `device` text."""
    for device, classification in results:
        if device_text in device.raw:
            return device, classification
    return None

"""Read pasted device listings into RawDevice entries (test and benchmark code, not installed).

People (and support tickets) paste device lists in many shapes: PortAudio lists from SuperCollider or
sounddevice, PyAudio lists, PortAudio enumeration logs of other programs, `aplay -l`, `pactl list`,
`pacmd list-cards`, `wpctl status`, `pw-dump`, BlueALSA lists, `udevadm info`, `journalctl`/`dmesg`
USB enumeration lines, `openal-info`, `system_profiler` text, SwitchAudioSource JSON.
`extract_devices` turns each into the same entries the probe builds from a live system, so the
classifier and the merge are tested on real listings. Each entry keeps the line it came from in `raw`.
Used by tests/audio and bench/audio_classify.py.
"""

from __future__ import annotations

import html
import json
import re
from typing import Callable

from rigcheck.probes.audio.linux import parse_pactl_text, parse_udev_properties, udev_sound_hints
from rigcheck.probes.audio.merge import RawDevice
from rigcheck.probes.audio.windows import PnpDevice, pnp_from_records

_PORTAUDIO_LOG = re.compile(r"^\s*- (?P<api>[^:]+?) : (?P<name>.+?)   \(device #(?P<index>\d+) with (?P<ins>\d+) ins (?P<outs>\d+) outs\)")
_SOUNDDEVICE = re.compile(r"^[\s<>*]*(?P<index>\d+) (?P<name>.+), (?P<api>Core Audio|ALSA|MME|Windows DirectSound|Windows WASAPI|Windows WDM-KS|ASIO|JACK Audio Connection Kit|PulseAudio|OSS) \((?P<ins>\d+) in, (?P<outs>\d+) out\)")
_APLAY = re.compile(r"^card (?P<card>\d+): (?P<id>\S+) \[(?P<cardname>.+?)\], device (?P<dev>\d+): (?P<pcmid>.+?) \[(?P<pcm>.+?)\]")
_APLAY_CARD_ONLY = re.compile(r"^card (?P<card>\d+): (?P<id>\S+) \[(?P<cardname>.+?)\]")
_PACTL_SHORT = re.compile(r"^\d+\s+(?P<name>(alsa|bluez)_(output|input)\.\S+)")
_BY_ID = re.compile(r"\s(?P<link>usb-(?P<name>\S+?)-\d\d) -> \.\./controlC(?P<card>\d+)")
_WPCTL = re.compile(r"^[\s│├└─]*(?P<default>\*)?\s+(?P<id>\d+)\. (?P<name>.+?)(\s{2,}\[.*)?\s*$")
_BLUEALSA_PCM = re.compile(r"^bluealsa:\S*DEV=(?P<addr>[0-9A-Fa-fX:]+)\S*PROFILE=(?P<profile>\w+)")
_BLUEALSA_DEV = re.compile(r"^hci\d+: (?P<addr>\S+) \[(?P<name>.+?)\], (?P<cls>.+)$")


def parse_udev_export_db(text: str) -> list[dict[str, str]]:
    """Split `udevadm info --export-db` into records (blank-line separated), each with its P: path."""
    records = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        if not block.strip():
            continue
        record = parse_udev_properties(block)
        path = re.search(r"^P: (.+)$", block, re.MULTILINE)
        if path:
            record["_PATH"] = path.group(1).strip()
        records.append(record)
    return records


def parse_wmic_list(text: str) -> list[PnpDevice]:
    """wmic ... /format:list records (Key=Value lines, '&' written as '&amp;'), blank-line separated.

    The probe asks SetupAPI (the same fields Get-PnpDevice shows); wmic captures are what older support tickets hold.
    """
    records = []
    for block in re.split(r"(?:\r?\n){2,}", text.strip()):
        item: dict[str, str] = {}
        for line in block.splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                item[key.strip()] = html.unescape(value.strip())
        if item:
            records.append(item)
    return pnp_from_records(records)


def extract_devices(block: str, fmt: str) -> list[RawDevice]:
    """Entries of one pasted listing; `fmt` is a free-text description of the tool that printed it."""
    fmt_lower = fmt.lower()
    for markers, reader in _READERS:
        if any(marker in fmt_lower for marker in markers):
            return reader(block)
    raise ValueError(f"no extractor for listing format {fmt!r}")


def _udevadm(block: str) -> list[RawDevice]:
    """`udevadm info` / `--export-db` sound-card records: name from the hardware database, hints from udev."""
    devices = []
    for record in parse_udev_export_db(block):
        path = record.get("_PATH", record.get("DEVPATH", ""))
        if not re.search(r"/sound/card\d+$", path):
            continue
        hints = udev_sound_hints(record)
        name = (record.get("ID_MODEL_FROM_DATABASE") or record.get("ID_MODEL_ENC", "").replace("\\x20", " ") or record.get("ID_MODEL")
                or (record.get("ID_PATH", "") if record.get("ID_PATH", "").startswith("platform-") else "") or path.rsplit("/", 1)[-1])
        devices.append(RawDevice(name, "ALSA", usb_id=hints["usb_id"], bus=hints["bus"], form_factor=hints["form_factor"], source="udev", raw=f"P: {path}"))
    return devices


_PA_DEVS_NAME = re.compile(r"^\s*Name\s*=\s*(?P<name>.+?)\s*$")
_PA_DEVS_API = re.compile(r"^\s*Host API\s*=\s*(?P<api>.+?)\s*$")
_PA_DEVS_CHANNELS = re.compile(r"Max inputs\s*=\s*(?P<ins>\d+)\s*,\s*Max outputs\s*=\s*(?P<outs>\d+)")


def _bluetoothctl(block: str) -> list[RawDevice]:
    """`bluetoothctl info` / `devices`: every device it lists is a Bluetooth device; Icon gives the form factor."""
    devices = []
    name = raw = icon = None
    for line in block.splitlines() + ["Device END"]:
        stripped = line.strip()
        if stripped.startswith("Device ") and (name or raw):
            if name:
                devices.append(RawDevice(name, "", bus="bluetooth", form_factor={"audio-headset": "headset", "audio-headphones": "headphone"}.get(icon or ""),
                                         source="bluetoothctl", raw=raw or name))
            name = raw = icon = None
        if stripped.startswith("Name:"):
            name, raw = stripped.split(":", 1)[1].strip(), stripped
        elif stripped.startswith("Icon:"):
            icon = stripped.split(":", 1)[1].strip()
        elif stripped.startswith("Device ") and not name:
            raw = None
    return devices


_PVRECORDER = re.compile(r"^\s*(index: (?P<index>\d+), device name: |Device (?P<device>\d+): )(?P<name>.+?)\s*$")


def _pvrecorder(block: str) -> list[RawDevice]:
    """Picovoice PvRecorder lists ("index: N, device name: X") and the Java demo's ("Device N: X")."""
    devices = []
    for line in block.splitlines():
        match = _PVRECORDER.match(line)
        if match:
            devices.append(RawDevice(match.group("name"), "", 2, 0, index=int(match.group("index") or match.group("device")), raw=line))
    return devices


def _pa_devs(block: str) -> list[RawDevice]:
    """PortAudio's pa_devs enumeration log ("Name = ...", "Host API = ...", "Max inputs = N, Max outputs = M")."""
    devices: list[RawDevice] = []
    current: dict = {}

    def flush() -> None:
        if current.get("name"):
            devices.append(RawDevice(current["name"], current.get("api", ""), current.get("ins"), current.get("outs"), raw=current["raw"]))
        current.clear()

    for line in block.splitlines():
        if re.match(r"^-+\s*device #\d+", line.strip()):
            flush()
        elif match := _PA_DEVS_NAME.match(line):
            current.update(name=match.group("name"), raw=line)
        elif match := _PA_DEVS_API.match(line):
            current["api"] = match.group("api")
        elif match := _PA_DEVS_CHANNELS.search(line):
            current.update(ins=int(match.group("ins")), outs=int(match.group("outs")))
    flush()
    return devices


_PYAUDIO_DICT = re.compile(r"\{.*'name':\s*'(?P<name>(?:[^'\\]|\\.)*)'.*\}")
_PYAUDIO_ID = re.compile(r"^\s*(?P<dir>Input|Output)?\s*Device id\s+(?P<index>\d+)\s+-\s+(?P<name>.+?)\s*$", re.IGNORECASE)
_PYAUDIO_TWO_LINE = re.compile(r"^\s*(?P<index>\d+)[:.)]?\s+(?P<name>\S.*?)\s*$")
_PYAUDIO_DETAIL = re.compile(r"^\s+.*\b(host ?api|channels|max ?input|max ?output|sample ?rate)\b", re.IGNORECASE)
_SPEECH_RECOGNITION = re.compile(r'^Microphone with name "(?P<name>.*)" found for')


def _pyaudio(block: str) -> list[RawDevice]:
    """PyAudio lists: get_device_info_by_index() dicts, "Input Device id N - name" recipes, the
    two-line "N name" + indented details form, and speech_recognition's list_microphone_names()."""
    devices = []
    lines = block.splitlines()
    for number, line in enumerate(lines):
        if match := _SPEECH_RECOGNITION.match(line.strip()):
            devices.append(RawDevice(match.group("name"), "", raw=line))
        elif match := _PYAUDIO_DICT.search(line):
            ins = re.search(r"'maxInputChannels':\s*(\d+)", line)
            outs = re.search(r"'maxOutputChannels':\s*(\d+)", line)
            devices.append(RawDevice(match.group("name").replace("\\'", "'"), "", int(ins.group(1)) if ins else None,
                                     int(outs.group(1)) if outs else None, raw=line))
        elif match := _PYAUDIO_ID.match(line):
            ins, outs = (2, 0) if (match.group("dir") or "").lower() == "input" else ((0, 2) if match.group("dir") else (None, None))
            devices.append(RawDevice(match.group("name"), "", ins, outs, index=int(match.group("index")), raw=line))
        elif (match := _PYAUDIO_TWO_LINE.match(line)) and number + 1 < len(lines) and _PYAUDIO_DETAIL.match(lines[number + 1]):
            detail = lines[number + 1]
            api = next((name for name in ("MME", "Windows DirectSound", "Windows WASAPI", "Windows WDM-KS", "ASIO", "ALSA", "Core Audio", "PulseAudio", "JACK Audio Connection Kit") if name in detail), "")
            devices.append(RawDevice(match.group("name"), api, index=int(match.group("index")), raw=line))
    return devices


_PIPEWIRE_SINK = re.compile(r"Found audio (sink|source): (?P<node>\S+) \((?P<desc>.+)\)\s*$")


def _pipewire_log(block: str) -> list[RawDevice]:
    """Programs that log PipeWire nodes as "<node.name> (<node.description>)"."""
    devices = []
    for line in block.splitlines():
        match = _PIPEWIRE_SINK.search(line)
        if match:
            node = match.group("node")
            bus = "bluetooth" if node.startswith("bluez") else ("usb" if ".usb-" in node else ("pci" if ".pci-" in node else None))
            devices.append(RawDevice(match.group("desc"), "PipeWire", bus=bus, source="pipewire", raw=line))
    return devices


def _openal_info(block: str) -> list[RawDevice]:
    """openal-info: the names under "Available playback/capture devices:" (kcat/openal-soft utils/openal-info.c)."""
    devices = []
    section = None
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("Available playback devices"):
            section = "playback"
            continue
        if stripped.startswith("Available capture devices"):
            section = "capture"
            continue
        if section and line.startswith((" ", "\t")) and stripped:
            name = re.sub(r"^OpenAL Soft on ", "", stripped)
            ins, outs = (2, 0) if section == "capture" else (0, 2)
            devices.append(RawDevice(name, "OpenAL", ins, outs, source="openal", raw=line))
        elif stripped:
            section = None
    return devices


_USB_NEW = re.compile(r"usb (?P<port>[\d.-]+): New USB device found, idVendor=(?P<vid>[0-9a-fA-F]{4}), idProduct=(?P<pid>[0-9a-fA-F]{4})")
_USB_PRODUCT = re.compile(r"usb (?P<port>[\d.-]+): Product: (?P<product>.+?)\s*$")


def _usb_enumeration(block: str) -> list[RawDevice]:
    """Kernel USB enumeration lines from dmesg or journalctl: idVendor/idProduct, then Product."""
    found: dict[str, dict] = {}
    for line in block.splitlines():
        if match := _USB_NEW.search(line):
            found[match.group("port")] = {"usb_id": f"{match.group('vid')}:{match.group('pid')}".lower(), "raw": line, "name": ""}
        elif (match := _USB_PRODUCT.search(line)) and match.group("port") in found:
            found[match.group("port")]["name"] = match.group("product")
    return [RawDevice(item["name"] or item["usb_id"], "", usb_id=item["usb_id"], bus="usb", source="kernel", raw=item["raw"]) for item in found.values()]


def _pw_dump(block: str) -> list[RawDevice]:
    """`pw-dump` JSON: Audio/Sink and Audio/Source nodes, with the bus and ids of the device they belong to."""
    objects = json.loads(block)
    devices_by_id = {obj.get("id"): (obj.get("info") or {}).get("props") or {} for obj in objects if obj.get("type") == "PipeWire:Interface:Device"}
    entries = []
    for obj in objects:
        props = (obj.get("info") or {}).get("props") or {}
        media_class = props.get("media.class", "")
        if obj.get("type") != "PipeWire:Interface:Node" or media_class not in ("Audio/Sink", "Audio/Source"):
            continue
        device = devices_by_id.get(props.get("device.id"), {})
        bus = props.get("device.bus") or device.get("device.bus")
        if (props.get("device.api") or device.get("device.api")) == "bluez5":
            bus = "bluetooth"
        vendor = (device.get("device.vendor.id") or "").removeprefix("0x")
        product = (device.get("device.product.id") or "").removeprefix("0x")
        usb_id = f"{vendor}:{product}" if bus == "usb" and vendor and product else None
        output = media_class == "Audio/Sink"
        entries.append(RawDevice(props.get("node.description") or props.get("node.name", ""), "PipeWire", 0 if output else 2, 2 if output else 0,
                                 usb_id=usb_id, bus=bus, form_factor=props.get("device.form-factor") or device.get("device.form-factor"),
                                 source="pw-dump", raw=props.get("node.name", "")))
    return entries


def _portaudio_lines(pattern: re.Pattern[str]) -> Callable[[str], list[RawDevice]]:
    """A reader of one PortAudio device per line: `pattern` has the groups name, api, ins, outs and index."""

    def read(block: str) -> list[RawDevice]:
        return [
            RawDevice(match.group("name"), match.group("api"), int(match.group("ins")), int(match.group("outs")),
                      index=int(match.group("index")), raw=line)
            for line in block.splitlines()
            if (match := pattern.match(line))
        ]

    return read


_portaudio_log = _portaudio_lines(_PORTAUDIO_LOG)  # scsynth / PortAudio enumeration logs
_sounddevice = _portaudio_lines(_SOUNDDEVICE)  # sounddevice.query_devices()


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


# Which reader a listing's format description picks: the first whose marker it contains (order matters:
# "pactl list short" before "pactl list").
_READERS: tuple[tuple[tuple[str, ...], Callable[[str], list[RawDevice]]], ...] = (
    (("udevadm",), _udevadm),
    (("pw-dump",), _pw_dump),
    (("pipewire sink log",), _pipewire_log),
    (("openal-info",), _openal_info),
    (("dmesg", "journalctl"), _usb_enumeration),
    (("bluetoothctl",), _bluetoothctl),
    (("pvrecorder",), _pvrecorder),
    (("pyaudio",), _pyaudio),
    (("pa_devs", "portaudio enumeration"), _pa_devs),
    (("scsynth", "device options"), _portaudio_log),
    (("query_devices",), _sounddevice),
    (("switchaudiosource",), _switch_audio_source),
    (("bluealsa",), _bluealsa),
    (("wpctl",), _wpctl),
    (("system_profiler",), _system_profiler_text),
    (("pactl list short",), _pactl_short),
    (("pactl list", "pacmd"), _pactl_cards),
    (("aplay", "alsa-info"), _aplay),
)

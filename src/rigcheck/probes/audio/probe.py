"""The audio probe: enumerate devices (PortAudio plus OS sources), classify and merge them.

PortAudio gives names, host APIs, channels and defaults; the OS sources add what it cannot tell
(bus, USB ids, form factors, Bluetooth devices reached only through PulseAudio). Either side may be
missing: without PortAudio the probe says so, with the install hint, and uses the OS sources alone.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from typing import Any

from rigcheck.facts.audio import AUDIO
from rigcheck.i18n import N_, _
from rigcheck.probes import _platform
from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes.audio import linux, macos, windows
from rigcheck.probes.audio.classify import split_endpoint
from rigcheck.probes.audio.merge import (
    AudioDevice,
    ClassifiedEntry,
    RawDevice,
    classify_entries,
    merge_devices,
)
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

# What to do when PortAudio cannot be loaded. On Linux it is a system package; the Windows and macOS
# wheels of sounddevice (and rigcheck.exe) carry their own copy, so there the install itself is broken.
PORTAUDIO_HINTS: dict[str, str] = {
    "linux": N_("the sound library rigcheck uses to reach your headset (PortAudio) is not installed; install it "
                "(Debian/Ubuntu: apt-get install libportaudio2, Fedora: dnf install portaudio) to list every audio "
                "device and run the microphone test"),
    "windows": N_("the sound library that comes with rigcheck could not be loaded; download rigcheck again (or reinstall it) "
                  "to list every audio device and run the microphone test"),
    "macos": N_("the sound library that comes with rigcheck could not be loaded; reinstall rigcheck "
                "to list every audio device and run the microphone test"),
}


def portaudio_hint(family: str | None = None) -> str:
    """The PortAudio hint for this OS (or `family`), in the user's language."""
    return _(PORTAUDIO_HINTS.get(family or _platform.OS, PORTAUDIO_HINTS["linux"]))


COMMAND_TIMEOUT_S = 8.0
_ALSA_HW = re.compile(r"\(hw:(\d+),\d+\)\s*$")
# "Ann's AirPods Pro", "iPhone de Ana": Bluetooth devices are named after their owner by default.
_POSSESSIVE = re.compile(r"\b[\w.-]+['’]s\s+(?=\S)", re.UNICODE)
_OWNER_SUFFIX = re.compile(r"\b(AirPods|iPhone|iPad|Galaxy Buds\S*|Buds\S*)\s+(de|von|di|van|da)\s+[\w.-]+", re.IGNORECASE)


def sanitize_name(name: str) -> str:
    """A device name fit for a report: no Bluetooth address, no owner's name ("Ann's AirPods")."""
    cleaned = linux.strip_mac(name)
    cleaned = _POSSESSIVE.sub("", cleaned)
    return _OWNER_SUFFIX.sub(lambda match: match.group(1), cleaned)


# ---------------------------------------------------------------------------------------------
# PortAudio
# ---------------------------------------------------------------------------------------------


@dataclass
class PortAudioListing:
    devices: list[RawDevice] = field(default_factory=list)
    default_input: int | None = None
    default_output: int | None = None
    problem: str | None = None  # why PortAudio gave nothing


def import_sounddevice():
    """(module, None) or (None, why): sounddevice raises OSError without libportaudio, ImportError
    without cffi, and PortAudioError when PortAudio fails to initialize."""
    try:
        import sounddevice
    except OSError as exc:
        return None, f"PortAudio library not found ({exc})"
    except ImportError as exc:
        return None, f"sounddevice could not be imported ({exc})"
    except Exception as exc:  # noqa: BLE001 - sounddevice.PortAudioError at initialization
        return None, f"PortAudio failed to start ({type(exc).__name__}: {exc})"
    return sounddevice, None


def rescan_portaudio(sd) -> None:
    """PortAudio lists devices once, when it starts: restart it so a headset plugged in since shows up.

    Skipped while a microphone or speaker test holds a stream open (restarting would stop it).
    """
    from rigcheck.probes.audio.mictest import PORTAUDIO_LOCK

    if PORTAUDIO_LOCK.acquire(timeout=0.5):
        try:
            sd._terminate()
            sd._initialize()
        finally:
            PORTAUDIO_LOCK.release()


def list_portaudio(rescan: bool = True) -> PortAudioListing:
    already_loaded = "sounddevice" in sys.modules
    sd, problem = import_sounddevice()
    if sd is None:
        return PortAudioListing(problem=problem)
    try:
        if rescan and already_loaded:
            rescan_portaudio(sd)
        hostapis = sd.query_hostapis()
        listed = sd.query_devices()
        default_input, default_output = sd.default.device
    except Exception as exc:  # noqa: BLE001 - PortAudioError from a broken audio stack
        return PortAudioListing(problem=f"PortAudio could not list devices ({type(exc).__name__}: {exc})")
    devices = []
    for info in listed:
        hostapi = hostapis[info["hostapi"]]["name"] if info.get("hostapi") is not None else ""
        devices.append(
            RawDevice(
                name=str(info["name"]),
                hostapi=hostapi,
                input_channels=int(info.get("max_input_channels", 0)),
                output_channels=int(info.get("max_output_channels", 0)),
                index=int(info["index"]),
                source="portaudio",
            )
        )
    return PortAudioListing(
        devices,
        default_input if isinstance(default_input, int) and default_input >= 0 else None,
        default_output if isinstance(default_output, int) and default_output >= 0 else None,
    )


# ---------------------------------------------------------------------------------------------
# OS sources
# ---------------------------------------------------------------------------------------------


@dataclass
class OsSources:
    """What the OS told, already parsed. `entries` are devices PortAudio may not list."""

    card_hints: dict[int, dict[str, str | None]] = field(default_factory=dict)  # Linux ALSA card -> hints
    name_hints: dict[str, dict[str, str | None]] = field(default_factory=dict)  # macOS/Windows device name -> hints
    entries: list[RawDevice] = field(default_factory=list)
    default_input: RawDevice | None = None
    default_output: RawDevice | None = None
    used: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _try(sources: OsSources, what: str, func, *args):
    try:
        result = func(*args)
    except ProbeUnsupported:
        return None
    except (ProbeError, ValueError, OSError) as exc:
        sources.problems.append(f"{what}: {exc}")
        return None
    sources.used.append(what)
    return result


def collect_linux(sources: OsSources | None = None) -> OsSources:
    sources = sources or OsSources()
    _add_asound_card_hints(sources)
    _add_pulse_card_hints(sources, _pactl(sources, "cards"))
    nodes = _add_pulse_nodes(sources)
    if "no sound server" not in sources.used:
        _add_pulse_defaults(sources, nodes)
    return sources


def _empty_card_hints(name: str | None) -> dict[str, str | None]:
    return {"name": name, "bus": None, "usb_id": None, "form_factor": None}


def _add_asound_card_hints(sources: OsSources) -> None:
    """Hints per ALSA card from /proc/asound (name, USB id) and udev (bus, form factor)."""
    cards_text = read_text("/proc/asound/cards")
    if cards_text is None:
        return
    sources.used.append("/proc/asound")
    for card in linux.parse_asound_cards(cards_text):
        hints = _empty_card_hints(card.name)
        usb_id = linux.parse_usbid(read_text(f"/proc/asound/card{card.index}/usbid"))
        if usb_id:
            hints.update(bus="usb", usb_id=usb_id)
        udev_text = _try(
            sources, "udev", run_command,
            ["udevadm", "info", "--query=property", f"--path=/sys/class/sound/card{card.index}"], COMMAND_TIMEOUT_S,
        )
        if udev_text:
            udev = linux.udev_sound_hints(linux.parse_udev_properties(udev_text))
            hints.update({key: value for key, value in udev.items() if value and not hints.get(key)})
        sources.card_hints[card.index] = hints


def _add_pulse_card_hints(sources: OsSources, pulse_cards: list[linux.PulseObject]) -> None:
    """Fill the hints /proc/asound and udev left empty from the sound server's card list."""
    for card in pulse_cards:
        if card.card_index is None:
            continue
        hints = sources.card_hints.setdefault(card.card_index, _empty_card_hints(card.display_name))
        for key, value in (("bus", card.bus), ("usb_id", card.usb_id), ("form_factor", card.form_factor)):
            if value and not hints.get(key):
                hints[key] = value


def _add_pulse_nodes(sources: OsSources) -> dict[str, RawDevice]:
    """The sound server's sinks and sources (monitors left out) as entries; returned by node name."""
    sinks, pulse_sources = _pactl(sources, "sinks"), _pactl(sources, "sources")
    nodes: dict[str, RawDevice] = {}
    for node, is_output in [(sink, True) for sink in sinks] + [(source, False) for source in pulse_sources]:
        if node.is_monitor:
            continue
        raw = _pulse_node_device(node, is_output, sources.card_hints)
        nodes[node.name] = raw
        sources.entries.append(raw)
    return nodes


def _pulse_node_device(
    node: linux.PulseObject, is_output: bool, card_hints: dict[int, dict[str, str | None]]
) -> RawDevice:
    index = node.card_index
    hints = card_hints.get(index, {}) if index is not None else {}
    channels = _channels(node)
    bus = node.bus or hints.get("bus")
    form_factor = node.form_factor or hints.get("form_factor")
    if bus in ("pci", "platform") and not is_output and linux.analog_headset_plugged(node):
        form_factor = "headset"  # the built-in codec's headset jack is in use
    return RawDevice(
        name=node.display_name,
        hostapi="PulseAudio",
        input_channels=0 if is_output else channels,
        output_channels=channels if is_output else 0,
        usb_id=node.usb_id or hints.get("usb_id"),
        bus=bus,
        form_factor=form_factor,
        source="pactl",
        raw=f"alsa.card={index}" if index is not None else node.name,
    )


def _add_pulse_defaults(sources: OsSources, nodes: dict[str, RawDevice]) -> None:
    """The sound server's default sink and source, when pactl names them."""
    info_text = None
    for command in (["pactl", "-f", "json", "info"], ["pactl", "info"]):
        try:
            info_text = run_command(command, COMMAND_TIMEOUT_S)
            break
        except (ProbeUnsupported, ProbeError):
            continue  # the defaults are a refinement: without them PortAudio's defaults stand
    if not info_text:
        return
    try:
        defaults = linux.parse_pactl_info_defaults(info_text)
    except ValueError:
        defaults = {}
    sources.default_output = nodes.get(defaults.get("sink") or "")
    sources.default_input = nodes.get(defaults.get("source") or "")


_NO_SOUND_SERVER = ("Connection refused", "Connection failure", "No such file or directory", "Access denied")


def _pactl(sources: OsSources, what: str) -> list[linux.PulseObject]:
    """`pactl -f json list <what>`, or the text form on pactl before 16; [] without a sound server."""
    if "no sound server" in sources.used:
        return []
    json_problem = None
    try:
        text = run_command(["pactl", "-f", "json", "list", what], COMMAND_TIMEOUT_S)
        objects = linux.parse_pactl_json(text)
        sources.used.append(f"pactl {what}")
        return objects
    except ProbeUnsupported:
        return []
    except ValueError:
        pass  # not JSON: an old pactl that printed text anyway; ask for the text form
    except ProbeError as exc:
        if any(marker in str(exc) for marker in _NO_SOUND_SERVER):
            # No PulseAudio/PipeWire server is running: a fact about this machine, not a failure.
            sources.used.append("no sound server")
            return []
        json_problem = f"pactl {what}: {exc}"
    try:
        text = run_command(["pactl", "list", what], COMMAND_TIMEOUT_S)
    except ProbeUnsupported:
        return []
    except ProbeError as exc:
        sources.problems.append(json_problem or f"pactl {what}: {exc}")
        return []
    sources.used.append(f"pactl {what}")
    return linux.parse_pactl_text(text)


def _channels(node: linux.PulseObject) -> int | None:
    if node.channels is not None:
        return node.channels
    spec = node.properties.get("audio.channels")
    return int(spec) if spec and spec.isdigit() else None


def collect_macos(sources: OsSources | None = None) -> OsSources:
    sources = sources or OsSources()
    audio_text = _try(sources, "system_profiler audio", run_command, ["system_profiler", "SPAudioDataType", "-json"], 15.0)
    usb_text = _try(sources, "system_profiler usb", run_command, ["system_profiler", "SPUSBDataType", "-json"], 15.0)
    usb_devices = macos.parse_sp_usb(usb_text) if usb_text else []
    for device in macos.parse_sp_audio(audio_text) if audio_text else []:
        usb_id = None
        if device.transport == "usb":
            usb_id = next((u.usb_id for u in usb_devices if u.usb_id and _same_product(u.name, device.name)), None)
        hints = {"transport": device.transport, "usb_id": usb_id}
        if macos.jack_headset_in_use(device) or macos.is_jack_microphone(device):
            hints["form_factor"] = "headset"
        sources.name_hints[device.name] = hints
        raw = RawDevice(device.name, "Core Audio", device.input_channels or 0, device.output_channels or 0,
                        usb_id=usb_id, transport=device.transport, form_factor=hints.get("form_factor"), source="system_profiler")
        sources.entries.append(raw)
        if device.default_input:
            sources.default_input = raw
        if device.default_output:
            sources.default_output = raw
    return sources


def _same_product(usb_name: str, audio_name: str) -> bool:
    a, b = usb_name.casefold().strip(), audio_name.casefold().strip()
    return bool(a) and bool(b) and (a == b or a.startswith(b) or b.startswith(a))


def collect_windows(sources: OsSources | None = None) -> OsSources:
    sources = sources or OsSources()
    records = _try(sources, "SetupAPI", windows.setupapi_records) or []
    pnp = windows.pnp_from_records(records)
    for device in pnp:
        hints = device.hints
        if device.device_class == "AudioEndpoint":
            sources.entries.append(RawDevice(device.name, "Windows", source="pnp"))
        elif device.name:
            sources.name_hints[device.name] = {"bus": hints["bus"], "usb_id": hints["usb_id"]}
    return sources


def collect_os_sources() -> OsSources:
    if sys.platform.startswith("linux"):
        return collect_linux()
    if sys.platform == "darwin":
        return collect_macos()
    if sys.platform.startswith("win"):
        return collect_windows()
    return OsSources()


# ---------------------------------------------------------------------------------------------
# Putting it together (pure: testable with recorded listings)
# ---------------------------------------------------------------------------------------------


def enrich(device: RawDevice, sources: OsSources) -> RawDevice:
    """Attach what the OS knows (bus, USB id, form factor, transport) to a PortAudio entry."""
    hw = _ALSA_HW.search(device.name)
    if hw and int(hw.group(1)) in sources.card_hints:
        hints = sources.card_hints[int(hw.group(1))]
        return replace(device, usb_id=device.usb_id or hints.get("usb_id"), bus=device.bus or hints.get("bus"),
                       form_factor=device.form_factor or hints.get("form_factor"))
    if sources.name_hints:
        _, inner = split_endpoint(device.name)
        for candidate in (device.name, inner):
            for known, hints in sources.name_hints.items():
                if candidate and _same_product(known, candidate) and len(candidate) >= 4:
                    return replace(device, usb_id=device.usb_id or hints.get("usb_id"), bus=device.bus or hints.get("bus"),
                                   transport=device.transport or hints.get("transport"),
                                   form_factor=device.form_factor or hints.get("form_factor"))
    return device


def build_facts(listing: PortAudioListing, sources: OsSources) -> dict[str, Any]:
    """The audio facts from a PortAudio listing and the OS sources."""
    raw = [enrich(device, sources) for device in listing.devices]
    covered_cards = {int(m.group(1)) for d in raw if (m := _ALSA_HW.search(d.name))}
    portaudio_names = {d.name.casefold() for d in raw}
    for entry in sources.entries:
        card = re.match(r"alsa\.card=(\d+)$", entry.raw)
        jack_headset = entry.form_factor == "headset" and entry.bus in ("pci", "platform")
        if listing.devices and card and int(card.group(1)) in covered_cards and not jack_headset:
            continue  # PortAudio already lists this card
        if listing.devices and entry.source in ("system_profiler", "pnp") and entry.name.casefold() in portaudio_names:
            continue
        if listing.devices and entry.source == "pnp":
            continue  # Windows endpoints are PortAudio's devices already
        raw.append(enrich(entry, sources))

    entries = classify_entries(raw)
    devices = merge_devices(entries)
    by_raw = {id(entry.device): entry for entry in entries}

    def default(index: int | None, os_default: RawDevice | None) -> dict[str, Any] | None:
        chosen: ClassifiedEntry | None = None
        if index is not None:
            chosen = next((e for e in entries if e.device.source == "portaudio" and e.device.index == index), None)
        if (chosen is None or chosen.classification.kind == "virtual") and os_default is not None:
            chosen = by_raw.get(id(os_default)) or classify_entries([os_default])[0]
        if chosen is None:
            return None
        return {"name": sanitize_name(chosen.device.name), "kind": chosen.classification.kind,
                "is_headset": chosen.classification.is_headset, "basis": chosen.classification.basis,
                "needs_confirmation": chosen.classification.needs_confirmation}

    physical = [d for d in devices if d.kind != "virtual"]
    default_input = default(listing.default_input, sources.default_input)
    facts: dict[str, Any] = {
        "devices": [_device_fact(d) for d in devices],
        "device_count": len(physical),
        "default_input": default_input,
        "default_output": default(listing.default_output, sources.default_output),
        "usb_headset_present": any(d.kind == "usb_headset" for d in devices),
        "analog_headset_present": any(d.kind == "analog_headset" for d in devices),
        "wired_headset_present": any(d.kind in ("usb_headset", "analog_headset") for d in devices),
        "bluetooth_audio_present": any(d.kind == "bluetooth" for d in devices),
        "wireless_audio_present": any(d.kind == "wireless" for d in devices),
        "headset_to_confirm": headset_to_confirm(devices, default_input),
        "portaudio_available": listing.problem is None,
        "sources": (["portaudio"] if listing.problem is None else []) + sorted(set(sources.used) - {"no sound server"}),
    }
    return facts


def headset_to_confirm(devices: list[AudioDevice], default_input: dict[str, Any] | None) -> str | None:
    """The headset whose cable only the applicant can tell: the default microphone when it is one."""
    candidates = [sanitize_name(d.name) for d in devices if d.needs_confirmation]
    if not candidates:
        return None
    if default_input and default_input.get("needs_confirmation"):
        for name in candidates:
            if name.casefold() in default_input.get("name", "").casefold():
                return name
    return candidates[0]


def _device_fact(device: AudioDevice) -> dict[str, Any]:
    fact = device.to_fact()
    fact["name"] = sanitize_name(fact["name"])
    fact["endpoints"] = [sanitize_name(name) for name in fact["endpoints"]]
    fact["evidence"] = [sanitize_name(item) for item in fact["evidence"]]
    return fact


def collect(ctx: ProbeContext) -> dict[str, Any]:
    listing = list_portaudio()
    ctx.check_cancelled()
    sources = collect_os_sources()
    ctx.check_cancelled()
    if listing.problem is not None and not sources.used:
        raise ProbeUnsupported(f"{listing.problem}. {portaudio_hint()}")
    facts = build_facts(listing, sources)
    notes = []
    if listing.problem is not None:
        notes.append(f"{listing.problem}; devices come from the OS only ({', '.join(sorted(set(sources.used)))}). {portaudio_hint()}")
    notes.extend(sources.problems[:3])
    if notes:
        ctx.incomplete(" | ".join(notes))
    return facts


PROBE = ProbeSpec(id=AUDIO.id, title=AUDIO.title, collect=collect, timeout_s=30.0, facts=AUDIO.facts)

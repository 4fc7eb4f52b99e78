"""Per-OS parsers on recorded real outputs, and the probe's merge of PortAudio with OS sources."""

from __future__ import annotations

import json

from rigcheck.probes.audio import linux, macos, windows
from rigcheck.probes.audio.merge import RawDevice
from rigcheck.probes.audio.probe import (
    OsSources,
    PortAudioListing,
    build_facts,
    collect_linux,
    sanitize_name,
)

from ._audio_fixtures import fixture_text
from .listing_readers import parse_udev_export_db, parse_wmic_list


def test_pactl_text_usb_headset_and_webcam_cards():
    cards = {card.display_name: card for card in linux.parse_pactl_text(fixture_text("pactl-list-cards_pulseaudio-bionic_t480s_usb-headset-and-webcam_EXCERPT.txt"))}
    headset = cards["Logitech B530 USB Headset"]
    assert (headset.bus, headset.usb_id, headset.form_factor, headset.card_index) == ("usb", "046d:0a26", "headset", 1)
    webcam = cards["HD Pro Webcam C920"]
    assert (webcam.usb_id, webcam.form_factor) == ("046d:082d", "webcam")
    assert cards["Built-in Audio"].bus == "pci"
    ports = {port.name: port.available for port in cards["Built-in Audio"].ports}
    assert ports["analog-output-headphones"] == "no"


def test_pactl_text_bluez_cards_never_show_the_address():
    trusty = linux.parse_pactl_text(fixture_text("pactl-list-cards_pulseaudio-trusty_bluez-headset_EXCERPT.txt"))
    bluez = next(card for card in trusty if card.name.startswith("bluez_card"))
    assert (bluez.bus, bluez.form_factor, bluez.display_name) == ("bluetooth", "headset", "MW600")
    pipewire = linux.parse_pactl_text(fixture_text("pactl-list-cards_pipewire_bluez-headphones_bluez-issue-2280_EXCERPT.txt"))
    assert [(card.bus, card.display_name, card.usb_id) for card in pipewire] == [("bluetooth", "Teufel REAL BLUE PRO", None)]
    assert sanitize_name("bluez_card.8C_64_22_BE_B2_9A") == "bluez_card.<address>"
    assert "8C:64" not in sanitize_name("hci0: 8C:64:22:BE:B2:9A [MW600]")


def test_pactl_text_polish_locale_webcam():
    (card,) = linux.parse_pactl_text(fixture_text("pactl-list-cards_pulseaudio-precise_usb-webcam-card_polish-locale.txt"))
    assert (card.display_name, card.usb_id, card.form_factor) == ("Webcam C270", "046d:0825", "webcam")


def test_pactl_json_recorded_null_sinks_and_monitors():
    sinks = linux.parse_pactl_json(fixture_text("pactl-json-list-sinks_pulseaudio16.1-debian12_null-sinks.json"))
    assert [(s.display_name, s.channels, s.bus) for s in sinks] == [("Jabra EVOLVE 20 MS USB headset", 2, None), ("Silent Sink", 2, None)]
    sources = linux.parse_pactl_json(fixture_text("pactl-json-list-sources_pulseaudio16.1-debian12_null-sink-monitors.json"))
    assert sources and all(source.is_monitor for source in sources)


def test_pactl_json_cards_constructed_pulse_and_pipewire_id_forms():
    cards = {card.display_name: card for card in linux.parse_pactl_json(fixture_text("constructed_pactl-json-list-cards_usb-headset-webcam-bluez.json"))}
    assert cards["Logitech B530 USB Headset"].usb_id == "046d:0a26"
    assert cards["HD Pro Webcam C920"].usb_id == "046d:082d"  # PipeWire writes 0x046d
    assert cards["MW600"].bus == "bluetooth"
    assert [port.name for port in cards["Logitech B530 USB Headset"].ports] == ["analog-input-headset-mic"]


def test_pactl_info_defaults_text_and_json():
    assert linux.parse_pactl_info_defaults("Server Name: pulseaudio\nDefault Sink: headset\nDefault Source: mic.1\n") == {"sink": "headset", "source": "mic.1"}
    assert linux.parse_pactl_info_defaults('{"default_sink_name":"a","default_source_name":"b"}') == {"sink": "a", "source": "b"}


def test_proc_asound_cards_and_usbid():
    cards = linux.parse_asound_cards(fixture_text("proc-asound-cards_rpi_usb-pnp-sound-device.txt"))
    assert [(c.index, c.driver, c.name) for c in cards] == [
        (0, "bcm2835_headpho", "bcm2835 Headphones"),
        (1, "USB-Audio", "USB PnP Sound Device"),
        (2, "vc4-hdmi", "vc4-hdmi-0"),
        (3, "vc4-hdmi", "vc4-hdmi-1"),
    ]
    assert cards[1].long_name.startswith("C-Media Electronics Inc. USB PnP Sound Device")
    assert linux.parse_usbid("0b0e:245e\n") == "0b0e:245e"
    assert linux.parse_usbid("garbage") is None


def test_udev_sound_records():
    records = parse_udev_export_db(fixture_text("udevadm-export-db_T430S_EXCERPT_sound-cards_usb-headset-webcam-hda-thinkpadacpi.txt"))
    hints = [linux.udev_sound_hints(record) for record in records]
    assert hints == [
        {"bus": "usb", "usb_id": "046d:0a0b", "form_factor": "headset"},
        {"bus": "usb", "usb_id": "046d:082d", "form_factor": "webcam"},
        {"bus": "pci", "usb_id": None, "form_factor": "internal"},
        {"bus": "platform", "usb_id": None, "form_factor": None},
    ]


def test_macos_system_profiler_audio_and_usb():
    devices = {d.name: d for d in macos.parse_sp_audio(fixture_text("system_profiler_SPAudioDataType_usb-headset-webcam-displayport.json"))}
    assert devices["INZONE H3"].transport == "usb" and devices["INZONE H3"].default_input
    assert devices["DELL U2724DE"].transport == "displayport"
    assert devices["Microsoft Teams Audio"].transport == "virtual"
    continuity = macos.parse_sp_audio(fixture_text("system_profiler_SPAudioDataType_displayport-builtin-continuity.json"))
    assert [d.transport for d in continuity] == ["displayport", "builtin", "builtin", "unknown"]
    (palm,) = macos.parse_sp_usb(fixture_text("system_profiler_SPUSBDataType_palm-handheld_apple-silicon.json"))
    assert (palm.name, palm.usb_id) == ("Palm Handheld", "0830:0060")


def test_windows_wmic_sound_records_give_bus_and_usb_id():
    devices = parse_wmic_list(fixture_text("CIM_LogicalDevice_wmic-list_win7_EXCERPT_sound-and-MEDIA-class-records.txt"))
    assert [(d.name, d.hints["bus"], d.hints["usb_id"]) for d in devices[:3]] == [
        ("Bluetooth Audio Device", "bluetooth", None),
        ("Realtek High Definition Audio", "pci", None),
        ("Périphérique audio USB", "usb", "046d:08c9"),
    ]


def test_windows_instance_ids_for_gpu_audio_and_software_drivers():
    assert windows.instance_hints("HDAUDIO\\FUNC_01&VEN_10DE&DEV_009A\\5&1")["bus"] == "display"
    assert windows.instance_hints("HDAUDIO\\FUNC_01&VEN_8086&DEV_2812\\4&1")["bus"] == "display"
    assert windows.instance_hints("HDAUDIO\\FUNC_01&VEN_10EC&DEV_0257\\4&1")["bus"] == "pci"
    assert windows.instance_hints("ROOT\\MEDIA\\0000")["bus"] == "virtual"
    assert windows.instance_hints("BTHHFENUM\\BTHHFPAUDIO\\8&1")["bus"] == "bluetooth"


# --- build_facts: PortAudio entries + OS sources -> facts (pure) -------------------------------


def test_linux_facts_merge_card_hints_and_add_bluetooth_only_seen_by_pulse():
    listing = PortAudioListing(
        devices=[
            RawDevice("USB Audio Device: USB Audio (hw:1,0)", "ALSA", 1, 2, index=0),
            RawDevice("HDA Intel PCH: ALC257 Analog (hw:0,0)", "ALSA", 2, 2, index=1),
            RawDevice("pulse", "ALSA", 32, 32, index=2),
            RawDevice("default", "ALSA", 32, 32, index=3),
        ],
        default_input=3,
        default_output=3,
    )
    bluez_source = RawDevice("MW600", "PulseAudio", 1, 0, bus="bluetooth", form_factor="headset", source="pactl", raw="bluez_card")
    sources = OsSources(
        card_hints={1: {"bus": "usb", "usb_id": "0b0e:24c9", "form_factor": None}, 0: {"bus": "pci", "usb_id": None, "form_factor": "internal"}},
        entries=[RawDevice("USB Audio Device Mono", "PulseAudio", 1, 0, usb_id="0b0e:24c9", bus="usb", source="pactl", raw="alsa.card=1"), bluez_source],
        default_input=bluez_source,
        used=["/proc/asound", "pactl sources"],
    )
    facts = build_facts(listing, sources)
    kinds = {device["name"]: device["kind"] for device in facts["devices"]}
    assert kinds["USB Audio Device"] == "bluetooth"  # a Jabra Link 380 by its USB id, whatever its name
    assert kinds["HDA Intel PCH"] == "builtin"
    assert kinds["MW600"] == "bluetooth"
    assert "USB Audio Device Mono" not in kinds  # card 1 is already PortAudio's device
    # PortAudio's default is the virtual "default"; PulseAudio says the real default source is the BT headset.
    assert facts["default_input"] == {"name": "MW600", "kind": "bluetooth", "is_headset": True, "basis": "os_transport", "needs_confirmation": False}
    assert facts["default_output"]["kind"] == "virtual"
    assert facts["bluetooth_audio_present"] and not facts["wired_headset_present"] and not facts["usb_headset_present"]
    assert facts["portaudio_available"] is True
    json.dumps(facts)  # JSON-compatible


def test_facts_without_portaudio_come_from_os_sources_only():
    listing = PortAudioListing(problem="PortAudio library not found")
    sources = OsSources(
        entries=[
            RawDevice("Logitech B530 USB Headset", "PulseAudio", 1, 0, usb_id="046d:0a26", bus="usb", form_factor="headset", source="pactl", raw="alsa.card=1"),
            RawDevice("Built-in Audio Analog Stereo", "PulseAudio", 0, 2, bus="pci", source="pactl", raw="alsa.card=0"),
        ],
        used=["pactl sources"],
    )
    facts = build_facts(listing, sources)
    assert facts["portaudio_available"] is False
    assert facts["usb_headset_present"] and facts["wired_headset_present"]
    assert facts["devices"][0]["input_channels"] == 1
    assert facts["sources"] == ["pactl sources"]


def test_windows_facts_from_constructed_pnp_records():
    records = json.loads(fixture_text("constructed_get-pnpdevice-audioendpoint-media_convertto-json.json"))
    pnp = windows.pnp_from_records(records)
    sources = OsSources(used=["Get-PnpDevice"])
    for device in pnp:
        if device.device_class == "MEDIA":
            sources.name_hints[device.name] = device.hints
    listing = PortAudioListing(
        devices=[
            RawDevice("Headset Microphone (Jabra Link 3", "MME", 1, 0, index=0),  # cut at 31
            RawDevice("Microphone (Jabra EVOLVE 20 MS)", "MME", 1, 0, index=1),
            RawDevice("Headset Microphone (Jabra Link 380)", "Windows WASAPI", 1, 0, index=2),
            RawDevice("Speakers (Realtek(R) Audio)", "Windows WASAPI", 0, 2, index=3),
        ],
        default_input=0,
        default_output=3,
    )
    facts = build_facts(listing, sources)
    by_name = {device["name"]: device for device in facts["devices"]}
    link = by_name["Jabra Link 380"]
    assert link["kind"] == "bluetooth" and set(link["hostapis"]) == {"MME", "Windows WASAPI"}
    assert by_name["Jabra EVOLVE 20 MS"]["kind"] == "usb_headset"
    assert any("0b0e:0302" in item for item in by_name["Jabra EVOLVE 20 MS"]["evidence"])
    assert facts["default_input"]["kind"] == "bluetooth"
    assert facts["usb_headset_present"] and facts["bluetooth_audio_present"]


def test_collect_linux_without_sound_server_or_cards_is_quiet(monkeypatch):
    # No /proc/asound and no pactl: nothing used, nothing reported as a problem.
    from rigcheck.probes.audio import probe

    monkeypatch.setattr(probe, "read_text", lambda path, default=None: None)

    def no_program(args, timeout_s=5.0, check=True):
        from rigcheck.probes.base import ProbeUnsupported

        raise ProbeUnsupported(f"{args[0]} is not available on this system")

    monkeypatch.setattr(probe, "run_command", no_program)
    sources = collect_linux()
    assert (sources.used, sources.problems, sources.entries) == ([], [], [])


def test_device_names_in_facts_carry_no_owner_or_address():
    assert sanitize_name("Ann's AirPods Pro") == "AirPods Pro"
    assert sanitize_name("Headphones (Ann’s AirPods Pro Stereo)") == "Headphones (AirPods Pro Stereo)"
    assert sanitize_name("AirPods de Ana") == "AirPods"
    listing = PortAudioListing(
        devices=[
            RawDevice("Headset (Ann's AirPods Pro Hands-Free AG Audio)", "Windows WASAPI", 1, 1, index=0),
            RawDevice("bluealsa:DEV=8C:64:22:BE:B2:9A,PROFILE=sco", "ALSA", 1, 1, index=1),
        ],
        default_input=0,
    )
    text = json.dumps(build_facts(listing, OsSources()))
    assert "Ann" not in text and "8C:64" not in text
    assert "AirPods Pro" in text


def test_linux_headset_in_the_builtin_jack_is_an_analog_headset():
    plugged = linux.PulseObject(
        "alsa_input.pci-0000_00_1f.3.analog-stereo", "Built-in Audio Analog Stereo", {"device.bus": "pci", "alsa.card": "0"},
        (linux.PulsePort("analog-input-internal-mic", "Internal Microphone", None),
         linux.PulsePort("analog-input-headset-mic", "Headset Microphone", "yes")),
        active_port="analog-input-headset-mic",
    )
    assert linux.analog_headset_plugged(plugged)
    unplugged = linux.PulseObject(plugged.name, plugged.description, plugged.properties,
                                  (linux.PulsePort("analog-input-headset-mic", "Headset Microphone", "no"),), active_port="analog-input-headset-mic")
    assert not linux.analog_headset_plugged(unplugged)
    internal = linux.PulseObject(plugged.name, plugged.description, plugged.properties, plugged.ports, active_port="analog-input-internal-mic")
    assert not linux.analog_headset_plugged(internal)
    # The probe keeps that PulseAudio source even though PortAudio lists the card itself.
    listing = PortAudioListing(devices=[RawDevice("HDA Intel PCH: ALC257 Analog (hw:0,0)", "ALSA", 2, 2, index=0)], default_input=0)
    source = RawDevice("Built-in Audio Analog Stereo", "PulseAudio", 2, 0, bus="pci", form_factor="headset", source="pactl", raw="alsa.card=0")
    facts = build_facts(listing, OsSources(card_hints={0: {"bus": "pci"}}, entries=[source], used=["pactl sources"]))
    assert facts["analog_headset_present"] and facts["wired_headset_present"] and not facts["usb_headset_present"]


def test_macos_facts_from_the_recorded_system_profiler_output(monkeypatch):
    from rigcheck.probes.audio import probe

    outputs = {
        "SPAudioDataType": fixture_text("system_profiler_SPAudioDataType_usb-headset-webcam-displayport.json"),
        "SPUSBDataType": '{"SPUSBDataType": []}',
    }
    monkeypatch.setattr(probe, "run_command", lambda args, timeout_s=5.0, check=True: outputs[args[1]])
    sources = probe.collect_macos()
    # PortAudio (Core Audio) gives names only; system_profiler gives the transports.
    names = ["DELL U2724DE", "INZONE H3", "C922 Pro Stream Webcam", "MacBook Pro Microphone", "MacBook Pro Speakers", "Microsoft Teams Audio"]
    listing = PortAudioListing(devices=[RawDevice(name, "Core Audio", 1, 1, index=i) for i, name in enumerate(names)], default_input=1, default_output=1)
    facts = build_facts(listing, sources)
    kinds = {device["name"]: device["kind"] for device in facts["devices"]}
    assert kinds == {
        "DELL U2724DE": "display_audio",
        "INZONE H3": "usb_headset",
        "C922 Pro Stream Webcam": "other_usb",
        "MacBook Pro Microphone": "builtin",
        "MacBook Pro Speakers": "builtin",
        "Microsoft Teams Audio": "virtual",
    }
    assert {key: facts["default_input"][key] for key in ("name", "kind", "is_headset", "needs_confirmation")} == {
        "name": "INZONE H3", "kind": "usb_headset", "is_headset": True, "needs_confirmation": False}
    # Without PortAudio, the same output still gives devices and the defaults.
    facts = build_facts(PortAudioListing(problem="PortAudio library not found"), sources)
    assert facts["default_input"]["name"] == "INZONE H3" and facts["usb_headset_present"]


def test_macos_external_microphone_means_a_headset_in_the_jack():
    jack = macos.MacAudioDevice("External Microphone", "builtin", 1, None, True, False, None, None)
    assert macos.is_jack_microphone(jack)
    assert not macos.is_jack_microphone(macos.MacAudioDevice("MacBook Pro Microphone", "builtin", 1, None, False, False, None, None))


def _fake_commands(monkeypatch, answers):
    """run_command stand-in: answers[(program, first args...)] is text or an exception to raise."""
    from rigcheck.probes.audio import probe

    def run(args, timeout_s=5.0, check=True):
        for key, answer in answers.items():
            if tuple(args[: len(key)]) == key:
                if isinstance(answer, Exception):
                    raise answer
                return answer
        from rigcheck.probes.base import ProbeUnsupported

        raise ProbeUnsupported(f"{args[0]} is not available on this system")

    monkeypatch.setattr(probe, "run_command", run)
    monkeypatch.setattr(probe, "read_text", lambda path, default=None: None)


def test_pactl_before_16_falls_back_to_text_without_reporting_a_problem(monkeypatch):
    from rigcheck.probes.base import ProbeError

    cards = fixture_text("pactl-list-cards_pulseaudio-trusty_bluez-headset_EXCERPT.txt")
    _fake_commands(monkeypatch, {
        ("pactl", "-f"): ProbeError("pactl failed: pactl: unrecognized option '-f'"),
        ("pactl", "list", "cards"): cards,
        ("pactl", "list"): "",
        ("pactl", "info"): "Default Sink: none\nDefault Source: none\n",
    })
    sources = collect_linux()
    assert sources.problems == []
    assert "pactl cards" in sources.used
    facts = build_facts(PortAudioListing(problem="PortAudio library not found"), sources)
    assert facts["sources"] == sorted(set(sources.used))


def test_pactl_failures_other_than_no_server_are_reported(monkeypatch):
    from rigcheck.probes.base import ProbeError

    _fake_commands(monkeypatch, {("pactl",): ProbeError("pactl did not finish within 8 s")})
    sources = collect_linux()
    assert sources.problems and all("did not finish" in problem for problem in sources.problems)


def test_no_sound_server_is_not_a_problem(monkeypatch):
    from rigcheck.probes.base import ProbeError

    _fake_commands(monkeypatch, {("pactl",): ProbeError("pactl failed: Connection failure: Connection refused")})
    sources = collect_linux()
    assert sources.problems == [] and sources.entries == []


def test_windows_without_portaudio_uses_the_pnp_endpoints(monkeypatch):
    from rigcheck.probes.audio import probe

    # SetupAPI's records carry Get-PnpDevice's fields (FriendlyName, InstanceId, Class).
    records = json.loads(fixture_text("constructed_get-pnpdevice-audioendpoint-media_convertto-json.json"))
    monkeypatch.setattr(probe.windows, "setupapi_records", lambda: records)
    sources = probe.collect_windows()
    assert sources.used == ["SetupAPI"]
    facts = build_facts(PortAudioListing(problem="PortAudio library not found"), sources)
    kinds = {device["name"]: device["kind"] for device in facts["devices"]}
    assert kinds == {
        "Jabra Link 380": "bluetooth",
        "Jabra EVOLVE 20 MS": "usb_headset",
        "WH-1000XM4 Hands-Free AG Audio": "bluetooth",
        "Realtek(R) Audio": "builtin",
    }
    link = next(device for device in facts["devices"] if device["name"] == "Jabra Link 380")
    assert any("0b0e:24c9" in item for item in link["evidence"])
    assert facts["portaudio_available"] is False and facts["default_input"] is None

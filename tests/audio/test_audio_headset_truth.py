"""Issue 10: headset truth beyond the sample.

Cut MME names matched by prefix, localized virtual/built-in/display/Bluetooth descriptions, DECT bases
and Bluetooth dongles known by id and by model name alone, and the evidence rule: a USB device known
only by a generic name is never a wired headset, the check stays unknown and the applicant is asked.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from rigcheck.probes.audio import classify_device
from rigcheck.probes.audio.catalog import EVIDENCE_BASES, load_catalog
from rigcheck.probes.audio.merge import RawDevice, classify_entries, merge_devices
from rigcheck.probes.audio.probe import OsSources, PortAudioListing, build_facts

WIRED = {"usb_headset", "analog_headset"}
NOT_WIRED_WIRELESS = {"bluetooth", "wireless"}


# --- truncated names ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("cut_name", "kind"),
    [
        ("Headset Earphone (2- Jabra Link 3", "bluetooth"),  # Link 360/370/380/390: all Bluetooth dongles
        ("Microphone (Jabra Evolve2 65 Fle", "bluetooth"),
        ("Headset Microphone (Poly BT700 W", "bluetooth"),
        ("Headset Earphone (Jabra Engage 5", "wireless"),  # Engage 50 is corded, 55 is DECT: the cautious reading
        ("Headset Earphone (2- Logitech Zo", "bluetooth"),  # Zone Wired, or one of the Bluetooth Zones
        ("Headset Microphone (Savi 8220 Of", "wireless"),
    ],
)
def test_mme_names_cut_at_31_characters_match_catalog_models_by_prefix(cut_name, kind):
    result = classify_device(cut_name, "MME")
    assert result.kind == kind and result.kind not in WIRED
    assert result.basis == "name_rule"


def test_a_cut_name_of_a_corded_model_stays_corded():
    result = classify_device("Headset Microphone (Jabra EVOLVE 2", "MME")
    assert result.kind == "usb_headset"
    assert any("cut name is the start of" in item for item in result.evidence)


def test_a_cut_name_that_keeps_only_the_brand_names_no_model():
    result = classify_device("Headset Microphone (2- Jabra", "MME")
    assert result.basis == "name_only" and result.kind == "unknown" and result.needs_confirmation


def test_an_uncut_name_is_not_matched_by_prefix():
    # "Jabra Link 3" in full (not cut) names no catalog model: nothing is read into it.
    assert classify_device("Jabra Link 3", "ALSA").kind not in WIRED | NOT_WIRED_WIRELESS


def test_the_probe_names_a_device_by_its_fullest_name_from_another_host_api():
    listing = PortAudioListing(devices=[
        RawDevice("Headset Earphone (2- Jabra Link 3", "MME", 0, 2, index=0),
        RawDevice("Headset Earphone (2- Jabra Link 380)", "Windows WASAPI", 0, 2, index=1),
    ])
    facts = build_facts(listing, OsSources())
    [device] = [d for d in facts["devices"] if d["kind"] != "virtual"]
    assert device["name"] == "Jabra Link 380" and device["kind"] == "bluetooth"
    assert set(device["hostapis"]) == {"MME", "Windows WASAPI"}
    assert not facts["wired_headset_present"] and facts["bluetooth_audio_present"]


# --- localized names (data generated from the sound systems' .po files) --------------------------

def _localized() -> dict:
    return json.loads(resources.files("rigcheck.probes.audio").joinpath("localized_names.json").read_text(encoding="utf-8"))


def test_localized_names_are_generated_data_with_their_sources():
    data = _localized()
    assert any(source.startswith("pulseaudio @") for source in data["sources"])
    assert any(source.startswith("pipewire @") for source in data["sources"])
    assert any(source.startswith("wine ") for source in data["sources"])
    for kind in ("virtual", "builtin", "display_audio", "bluetooth"):
        assert len(data["names"][kind]) >= 20, kind
    # translations, not only the English msgids
    assert "Internes Audio" in data["names"]["builtin"] and "Wbudowany dźwięk" in data["names"]["builtin"]


@pytest.mark.parametrize(
    ("name", "hostapi", "kind"),
    [
        ("Mapeador de Sonido - Input", "MME", "virtual"),  # Wine es.po "Mapeador de Sonido Wine"
        ("Geluidstoewijzing - Output", "MME", "virtual"),  # nl.po
        ("Schein-Ausgabe", "PulseAudio", "virtual"),  # pulseaudio de.po "Dummy Output"
        ("Sortie factice", "PulseAudio", "virtual"),
        ("Monitor of Built-in Audio Analog Stereo", "PulseAudio", "virtual"),  # "Monitor of %s" (not translated in the .po files)
        ("Internes Audio Analoges Stereo", "PulseAudio", "builtin"),
        ("Audio interne Stéréo analogique", "PulseAudio", "builtin"),
        ("Встроенное аудио Аналоговый стерео", "PulseAudio", "builtin"),
        ("Ingebouwde audio Digitaal stereo (HDMI)", "PulseAudio", "display_audio"),
        ("Freisprech", "PulseAudio", "bluetooth"),
        ("Handenvrij", "PipeWire", "bluetooth"),
    ],
)
def test_localized_descriptions(name, hostapi, kind):
    assert classify_device(name, hostapi).kind == kind


def test_localized_builtin_on_usb_is_not_builtin():
    assert classify_device("Internes Audio", "PulseAudio", bus="usb").kind != "builtin"


def test_generator_skips_fuzzy_translations():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("gen", Path(__file__).resolve().parents[2] / "scripts" / "gen_audio_localized_names.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    po = ('#: a.c:1\nmsgid "Built-in Audio"\nmsgstr "Internes Audio"\n\n'
          '#: a.c:2\n#, fuzzy\n#| msgid "Other"\nmsgid "Dummy Output"\nmsgstr "Wine Gecko Installer"\n')
    assert gen.translations(po, {"Built-in Audio", "Dummy Output"}) == {"Built-in Audio": "Internes Audio"}


# --- display audio, ASIO and SoC codecs ---------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "hostapi", "hints", "kind"),
    [
        ("alsa_output.pci-0000_00_1f.3.hdmi-stereo-extra1", "PulseAudio", {}, "display_audio"),
        ("GA104 High Definition Audio Controller", "PulseAudio", {"bus": "pci"}, "display_audio"),
        ("hdmi", "ALSA", {}, "virtual"),  # the bare ALSA alias, not a device
        ("EPSON PJ", "Windows WASAPI", {}, "display_audio"),
        ("sof-hda-dsp: - (hw:0,0)", "ALSA", {}, "builtin"),
        ("rockchip-es8316: ES8316 HiFi es8316.1-0011-0 (hw:0,0)", "ALSA", {}, "builtin"),
        ("bytcr-rt5640: Baytrail Audio (hw:1,0)", "ALSA", {}, "builtin"),
        ("tegra-hda: HDMI 0 (hw:0,3)", "ALSA", {}, "display_audio"),
        ("ASIO4ALL v2", "ASIO", {}, "virtual"),
        ("Generic Low Latency ASIO Driver", "ASIO", {}, "virtual"),
        ("Realtek ASIO", "ASIO", {}, "builtin"),
    ],
)
def test_display_audio_and_codecs(name, hostapi, hints, kind):
    assert classify_device(name, hostapi, **hints).kind == kind


# --- DECT bases and Bluetooth dongles, by id and by model name ----------------------------------

@pytest.mark.parametrize(
    ("usb_id", "kind"),
    [("0b0e:2e50", "bluetooth"), ("0b0e:24e9", "bluetooth"), ("047f:02ee", "bluetooth"), ("1395:002d", "bluetooth"),
     ("047f:0411", "wireless"), ("0b0e:1022", "wireless"), ("046d:0a90", "wireless"), ("0681:0001", "wireless"),
     # from the kernel's quirk tables and HID ids: Sennheiser DECT, GN9350e, BTD 500, Microsoft USB Link, Barracuda X 2.4
     ("1395:740a", "wireless"), ("0b0e:9350", "wireless"), ("1395:002c", "bluetooth"), ("045e:083c", "bluetooth"), ("1532:0552", "wireless")],
)
def test_dongles_and_bases_by_usb_id(usb_id, kind):
    result = classify_device("USB Audio Device", usb_id=usb_id)
    assert result.kind == kind and result.basis == "catalog_id"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Microphone (Poly BT700)", "bluetooth"),
        ("Headset Earphone (EPOS BTD 800 USB)", "bluetooth"),
        ("Yealink BT50: USB Audio (hw:2,0)", "bluetooth"),
        ("Logitech Zone Receiver: USB Audio (hw:1,0)", "bluetooth"),
        ("Headset Microphone (Jabra Link 390)", "bluetooth"),
        ("Microphone (Savi 8220)", "wireless"),
        ("Headset Microphone (Jabra Engage 75)", "wireless"),
        ("Microphone (EPOS IMPACT D 10 USB ML)", "wireless"),
        ("EPOS IMPACT SDW 5015: USB Audio (hw:3,0)", "wireless"),
        ("Headset (Yealink WH62 Dual UC)", "wireless"),
        ("Microphone (Jabra PRO 9470)", "wireless"),
        ("SteelSeries Arctis Nova Pro Wireless", "wireless"),  # not its corded sibling "Arctis Nova Pro"
    ],
)
def test_dongles_and_bases_by_model_name_only(name, kind):
    result = classify_device(name, "Windows WASAPI")
    assert result.kind == kind and result.basis == "name_rule"


def test_every_catalog_model_name_keeps_its_transport_by_name_alone():
    # A model seen with no id is still known: the name alone gives the row's kind, and no
    # Bluetooth/DECT model can come out wired.
    catalog = load_catalog()
    for model in catalog.models:
        result = classify_device(f"Microphone ({model.name})", "Windows WASAPI")
        if model.kind in NOT_WIRED_WIRELESS:
            assert result.kind not in WIRED, (model.name, result)
        if model.kind in WIRED:
            assert result.kind in WIRED | NOT_WIRED_WIRELESS | {"other_usb"}, (model.name, result)


# --- evidence --------------------------------------------------------------------------------------

def test_every_classification_says_how_it_was_decided():
    assert classify_device("x", usb_id="0b0e:0302").basis == "catalog_id"
    assert classify_device("Mystery", bus="bluetooth").basis == "os_transport"
    assert classify_device("Jabra EVOLVE 20 MS: USB Audio (hw:2,0)", "ALSA").basis == "name_rule"
    assert classify_device("Generic Device").basis == "name_only"
    assert set(EVIDENCE_BASES) == {"catalog_id", "os_transport", "name_rule", "name_only"}


@pytest.mark.parametrize(
    ("name", "hostapi", "hints"),
    [
        ("Headset Earphone (USB Audio Device)", "MME", {}),
        ("Headset Microphone (2- USB Headset)", "Windows WASAPI", {}),
        ("USB Headset: Audio (hw:2,0)", "ALSA", {}),
        ("USB Audio Device", "ALSA", {"bus": "usb", "form_factor": "headset"}),
        ("Acme Office Headset", "", {"usb_id": "abcd:0001"}),
    ],
)
def test_a_generic_usb_headset_is_never_wired_on_its_name(name, hostapi, hints):
    result = classify_device(name, hostapi, **hints)
    assert result.kind == "unknown" and result.is_headset and result.needs_confirmation
    assert result.basis == "name_only"
    assert any("by name only" in item for item in result.evidence)


def test_probe_facts_name_the_headset_to_confirm_and_do_not_count_it_wired():
    listing = PortAudioListing(devices=[
        RawDevice("Headset Microphone (USB Audio Device)", "Windows WASAPI", 1, 0, index=0),
        RawDevice("Headset Earphone (USB Audio Device)", "Windows WASAPI", 0, 2, index=1),
        RawDevice("Speakers (Realtek(R) Audio)", "Windows WASAPI", 0, 2, index=2),
    ], default_input=0, default_output=1)
    facts = build_facts(listing, OsSources())
    assert not facts["usb_headset_present"] and not facts["wired_headset_present"]
    assert facts["headset_to_confirm"] == "USB Audio Device"
    assert facts["default_input"]["needs_confirmation"] is True
    by_name = {d["name"]: d for d in facts["devices"]}
    assert by_name["USB Audio Device"]["basis"] == "name_only" and by_name["USB Audio Device"]["needs_confirmation"]
    assert by_name["Realtek(R) Audio"]["basis"] == "name_rule" and by_name["Realtek(R) Audio"]["evidence"]


def test_merged_devices_keep_the_firmest_basis():
    entries = classify_entries([RawDevice("Jabra Link 380: USB Audio (hw:2,0)", "ALSA", usb_id="0b0e:24c9"),
                                RawDevice("Headset Microphone (Jabra Link 380)", "Windows WASAPI")])
    bases = {d.basis for d in merge_devices(entries) if d.kind == "bluetooth"}
    assert "catalog_id" in bases

"""Headset classification on real, labelled device listings and on the naming conventions."""

from __future__ import annotations

import dataclasses

import pytest

from rigcheck.probes.audio import KINDS, AudioClassification, classify_device
from ._audio_fixtures import audio_listings, held_out_listings, labelled_devices
from .listing_readers import (
    WIRED_HEADSET_KINDS,
    WIRELESS_LABELS,
    accepted_kinds,
    classify_listing,
    find_labelled,
)


def _results():
    """{listing id: [(device, classification)]} for all fixture listings, classified as the probe would."""
    return {listing["id"]: classify_listing(listing["block"], listing["format"]) for listing in audio_listings()}


RESULTS = _results()


def test_every_label_finds_its_device_in_the_listing():
    missing = [
        (listing["id"], label["device"])
        for listing, label in labelled_devices()
        if find_labelled(RESULTS[listing["id"]], label["device"]) is None
    ]
    assert missing == []


def test_every_held_out_label_finds_its_device():
    # The readers must cover the held-out formats; how the devices are classified is the benchmark's business.
    missing = []
    for listing in held_out_listings():
        results = classify_listing(listing["block"], listing["format"])
        missing += [(listing["id"], label["device"]) for label in listing["labels"] if find_labelled(results, label["device"]) is None]
    assert len(held_out_listings()) >= 10 and missing == []


def test_accuracy_on_real_listings_is_at_least_95_percent():
    scored = right = 0
    wrong = []
    for listing, label in labelled_devices():
        if label["label"] == "unclear":
            continue
        device, classification = find_labelled(RESULTS[listing["id"]], label["device"])
        accepted = accepted_kinds(label["label"]) | accepted_kinds(label.get("alt_label", ""))
        scored += 1
        if classification.kind in accepted:
            right += 1
        else:
            wrong.append((listing["id"], device.name, classification.kind, label["label"]))
    assert scored >= 80  # the fixture set really was read
    assert right / scored >= 0.95, wrong


def test_no_wireless_or_bluetooth_device_is_called_a_wired_headset():
    offenders = []
    for listing, label in labelled_devices():
        if label["label"] in WIRELESS_LABELS or label.get("alt_label") in WIRELESS_LABELS:
            device, classification = find_labelled(RESULTS[listing["id"]], label["device"])
            if classification.kind in WIRED_HEADSET_KINDS:
                offenders.append((listing["id"], device.name, classification.kind))
    assert offenders == []
    assert sum(1 for _, label in labelled_devices() if label["label"] in WIRELESS_LABELS) >= 10


def _kind_of(listing_id: str, device_text: str) -> AudioClassification:
    return find_labelled(RESULTS[listing_id], device_text)[1]


def test_virtual_device_named_headset_microphone_is_virtual():
    oculus = _kind_of("audio-028", "Headset Microphone (Oculus Virt")
    assert oculus.kind == "virtual" and oculus.is_headset is False


def test_mme_cut_name_borrows_the_full_names_wireless_kind():
    # "Headphones (5- SteelSeries Arct" alone does not say which Arctis; the full DirectSound name does.
    assert classify_device("Headphones (5- SteelSeries Arct", "MME").kind != "wireless"
    cut = _kind_of("audio-027", "Headphones (5- SteelSeries Arct")
    assert cut.kind == "wireless"
    assert any("cut name of" in item for item in cut.evidence)


def test_bluetooth_hands_free_and_stereo_endpoints_of_one_headset_are_bluetooth():
    for text in ("Headset (Galaxy Buds+ (779D) Ha   (device #1", "Headphones (Galaxy Buds+ (779D)   (device #3",
                 "Headset (Galaxy Buds+ (779D) Ha   (device #5", "Headphones (Galaxy Buds+ (779D) Stereo)"):
        assert _kind_of("audio-025", text).kind == "bluetooth", text


def test_wireless_receiver_with_headset_form_factor_is_not_wired():
    # PulseAudio calls the PRO X Wireless receiver form_factor=headset, exactly like a corded one.
    assert _kind_of("audio-042", "Name: alsa_card.usb-Logitech_PRO_X_Wireless").kind == "wireless"


def test_builtin_jack_named_headphones_is_builtin():
    assert _kind_of("audio-015", "card 0: Headphones [bcm2835 Headphones]").kind == "builtin"


# Names that are NOT in the fixture set, built from the naming conventions in RESEARCH.md (PortAudio
# ALSA "card: pcm (hw:N,M)", Windows "<endpoint> (<device>)", localized endpoint words).
@pytest.mark.parametrize(
    ("name", "hostapi", "kind"),
    [
        ("Microphone (Jabra Link 380)", "Windows WASAPI", "bluetooth"),
        ("Headset Earphone (Plantronics BT600)", "MME", "bluetooth"),
        ("Headset (WH-1000XM4 Hands-Free AG Audio)", "Windows DirectSound", "bluetooth"),
        ("Kopfhörer (AirPods Pro Stereo)", "Windows WASAPI", "bluetooth"),
        ("Microphone (Plantronics Savi 7xx-M)", "Windows WASAPI", "wireless"),
        ("Jabra Link 380: USB Audio (hw:3,0)", "ALSA", "bluetooth"),
        ("Jabra EVOLVE 20 MS: USB Audio (hw:2,0)", "ALSA", "usb_headset"),
        ("Micrófono (Logitech USB Headset H390)", "MME", "usb_headset"),
        ("Headset Microphone (Razer Kraken V3 X)", "Windows WASAPI", "usb_headset"),
        ("Headset Microphone (Realtek(R) Audio)", "Windows WASAPI", "analog_headset"),
        ("Lautsprecher (Realtek High Definition Audio)", "MME", "builtin"),
        ("HD-Audio Generic: ALC257 Analog (hw:1,0)", "ALSA", "builtin"),
        ("Echo Cancelling Speakerphone (Jabra SPEAK 510 USB)", "Windows WASAPI", "other_usb"),
        ("Microphone (Logitech BRIO)", "Windows WASAPI", "other_usb"),
        ("CABLE Output (VB-Audio Virtual Cable)", "Windows WASAPI", "virtual"),
        ("BlackHole 2ch", "Core Audio", "virtual"),
        ("pipewire", "ALSA", "virtual"),
        ("sysdefault", "ALSA", "virtual"),
        ("HDA Intel PCH: HDMI 0 (hw:0,3)", "ALSA", "display_audio"),
        ("Generic Device", "", "unknown"),
        ("Microphone (EPOS ADAPT 260)", "Windows WASAPI", "bluetooth"),
        ("Microphone (Yealink WH62)", "Windows WASAPI", "wireless"),
        ("Microphone (Plantronics Voyager 5200 UC)", "MME", "bluetooth"),
        ("Microphone (Microsoft Modern Wireless Headset)", "Windows WASAPI", "bluetooth"),
        ("Headset Microphone (Jabra EVOLVE 30 II)", "Windows WASAPI", "usb_headset"),
        ("Microphone (EPOS ADAPT 160 USB)", "Windows WASAPI", "usb_headset"),
        ("Microphone (HP Thunderbolt Dock Audio Module)", "Windows WASAPI", "other_usb"),
    ],
)
def test_names_outside_the_fixture_set(name, hostapi, kind):
    assert classify_device(name, hostapi).kind == kind


def test_usb_id_decides_over_a_plain_name():
    dongle = classify_device("USB Audio Device", usb_id="0B0E:24C9")
    assert (dongle.kind, dongle.is_headset) == ("bluetooth", True)
    assert "Jabra Link 380" in dongle.evidence[0]
    corded = classify_device("Jabra EVOLVE 20 SE MS", usb_id="0b0e:0302")
    assert corded.kind == "usb_headset"
    speakerphone = classify_device("Jabra SPEAK 410 USB", usb_id="0b0e:0412")
    assert (speakerphone.kind, speakerphone.is_headset) == ("other_usb", False)
    dect = classify_device("Savi Office Base", usb_id="047f:0411")
    assert dect.kind == "wireless"


def test_unknown_usb_id_named_headset_is_never_wired_on_the_name():
    headset = classify_device("Acme Headset", usb_id="1234:5678")
    assert (headset.kind, headset.is_headset, headset.needs_confirmation, headset.basis) == ("unknown", True, True, "name_only")
    assert any("not in the headset catalog" in item for item in headset.evidence)
    gadget = classify_device("Acme Audio", usb_id="1234:5678")
    assert (gadget.kind, gadget.is_headset, gadget.needs_confirmation) == ("other_usb", False, False)


def test_os_hints_bluetooth_bus_and_macos_transport():
    assert classify_device("MW600", bus="bluetooth", form_factor="headset").kind == "bluetooth"
    assert classify_device("Mystery", transport="coreaudio_device_type_bluetooth").kind == "bluetooth"
    assert classify_device("LG HDR WQHD", transport="coreaudio_device_type_displayport").kind == "display_audio"
    assert classify_device("Microsoft Teams Audio", transport="coreaudio_device_type_virtual").kind == "virtual"
    assert classify_device("MacBook Pro Microphone", transport="coreaudio_device_type_builtin").kind == "builtin"
    plain_usb = classify_device("C922 Pro Stream Webcam", transport="coreaudio_device_type_usb")
    assert plain_usb.kind == "other_usb"


def test_result_is_frozen_and_json_ready():
    result = classify_device("Headset Microphone (Jabra Link 380)")
    assert result.kind in KINDS
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.kind = "usb_headset"  # type: ignore[misc]  # the assignment a frozen dataclass refuses is the test
    as_dict = result.to_dict()
    assert set(as_dict) == {"kind", "is_headset", "evidence", "basis", "needs_confirmation"} and isinstance(as_dict["evidence"], list)

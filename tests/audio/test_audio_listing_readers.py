"""Listing readers for formats people paste. No public capture of these was found in the fetchable
material, so the samples below are CONSTRUCTED from each tool's documented output format (noted per
test), with device names from the catalog's sources; the real captures live in tests/fixtures/audio."""

from __future__ import annotations

import json

from .listing_readers import classify_listing, extract_devices

WIRED = {"usb_headset", "analog_headset"}


def _kinds(block: str, fmt: str) -> dict[str, str]:
    return {device.name: classification.kind for device, classification in classify_listing(block, fmt)}


def test_dmesg_and_journalctl_usb_enumeration_lines():
    # drivers/usb/core/hub.c: "New USB device found, idVendor=%04x, idProduct=%04x, bcdDevice=%2x.%02x",
    # then "Product: %s"; journalctl puts its own prefix in front.
    block = (
        "[ 5123.412345] usb 1-2: New USB device found, idVendor=0b0e, idProduct=24c9, bcdDevice= 1.04\n"
        "[ 5123.412350] usb 1-2: New USB device strings: Mfr=1, Product=2, SerialNumber=3\n"
        "[ 5123.412352] usb 1-2: Product: Jabra Link 380\n"
        "Dec 01 10:02:03 host kernel: usb 1-3.1: New USB device found, idVendor=abcd, idProduct=1234, bcdDevice= 0.01\n"
        "Dec 01 10:02:03 host kernel: usb 1-3.1: Product: USB Headset\n"
    )
    devices = extract_devices(block, "dmesg")
    assert [(d.name, d.usb_id, d.bus) for d in devices] == [("Jabra Link 380", "0b0e:24c9", "usb"), ("USB Headset", "abcd:1234", "usb")]
    kinds = _kinds(block, "journalctl -k")
    assert kinds == {"Jabra Link 380": "bluetooth", "USB Headset": "unknown"}


def test_openal_info_lists_playback_and_capture_devices():
    # kcat/openal-soft utils/openal-info.c: "Available playback devices:" then one indented name a line.
    block = (
        "Available playback devices:\n"
        "    OpenAL Soft on Speakers (Realtek(R) Audio)\n"
        "    OpenAL Soft on Headset Earphone (Poly BT700)\n"
        "Available capture devices:\n"
        "    Headset Microphone (Poly BT700)\n"
        "Default playback device: OpenAL Soft on Speakers (Realtek(R) Audio)\n"
    )
    devices = extract_devices(block, "openal-info")
    assert [(d.name, d.input_channels) for d in devices] == [
        ("Speakers (Realtek(R) Audio)", 0), ("Headset Earphone (Poly BT700)", 0), ("Headset Microphone (Poly BT700)", 2)]
    kinds = _kinds(block, "openal-info")
    assert kinds["Headset Microphone (Poly BT700)"] == "bluetooth" and kinds["Speakers (Realtek(R) Audio)"] == "builtin"


def test_portaudio_pa_devs_enumeration_log():
    # PortAudio examples/pa_devs.c prints a block per device: "Name = ...", "Host API = ...", "Max inputs = N, Max outputs = M".
    block = (
        "--------------------------------------- device #0\n[ Default Input ]\n"
        "Name                        = Headset Microphone (Savi 8220 Of\nHost API                    = MME\n"
        "Max inputs = 1, Max outputs = 0\n"
        "--------------------------------------- device #1\n"
        "Name                        = Headset Microphone (Savi 8220 Office)\nHost API                    = Windows WASAPI\n"
        "Max inputs = 1, Max outputs = 0\n"
    )
    devices = extract_devices(block, "PortAudio enumeration log (pa_devs)")
    assert [(d.name, d.hostapi, d.input_channels) for d in devices] == [
        ("Headset Microphone (Savi 8220 Of", "MME", 1), ("Headset Microphone (Savi 8220 Office)", "Windows WASAPI", 1)]
    assert set(_kinds(block, "pa_devs").values()) == {"wireless"}


def test_pyaudio_dicts_device_id_recipe_and_two_line_lists():
    block = (
        "{'index': 0, 'structVersion': 2, 'name': 'Microsoft Sound Mapper - Input', 'hostApi': 0, 'maxInputChannels': 2, 'maxOutputChannels': 0}\n"
        "Input Device id  1  -  Headset Microphone (Jabra EVOLVE 20\n"
        "2 Headset Earphone (USB Audio Device)\n"
        "    host api: MME, max output channels: 2\n"
    )
    devices = extract_devices(block, "PyAudio get_device_info_by_index")
    assert [d.name for d in devices] == ["Microsoft Sound Mapper - Input", "Headset Microphone (Jabra EVOLVE 20", "Headset Earphone (USB Audio Device)"]
    assert devices[2].hostapi == "MME"
    kinds = _kinds(block, "pyaudio")
    assert kinds["Microsoft Sound Mapper - Input"] == "virtual"
    assert kinds["Headset Microphone (Jabra EVOLVE 20"] == "usb_headset"
    assert kinds["Headset Earphone (USB Audio Device)"] == "unknown"  # generic: the applicant is asked


def test_pw_dump_nodes_take_bus_and_ids_from_their_device():
    # pw-dump prints the registry as a JSON array; nodes point at their device with device.id.
    objects = [
        {"id": 40, "type": "PipeWire:Interface:Device", "info": {"props": {"device.api": "alsa", "device.bus": "usb",
         "device.vendor.id": "0x047f", "device.product.id": "0x02ee", "device.description": "BT600"}}},
        {"id": 41, "type": "PipeWire:Interface:Node", "info": {"props": {"media.class": "Audio/Source", "device.id": 40,
         "node.name": "alsa_input.usb-Plantronics_BT600-00.mono-fallback", "node.description": "BT600 Mono"}}},
        {"id": 50, "type": "PipeWire:Interface:Device", "info": {"props": {"device.api": "bluez5", "device.description": "WH-1000XM4"}}},
        {"id": 51, "type": "PipeWire:Interface:Node", "info": {"props": {"media.class": "Audio/Sink", "device.id": 50,
         "node.name": "bluez_output.00_00_00_00_00_00.1", "node.description": "WH-1000XM4"}}},
        {"id": 60, "type": "PipeWire:Interface:Node", "info": {"props": {"media.class": "Video/Source", "node.name": "v4l2_input"}}},
    ]
    block = json.dumps(objects)
    devices = extract_devices(block, "pw-dump")
    assert [(d.name, d.bus, d.usb_id) for d in devices] == [("BT600 Mono", "usb", "047f:02ee"), ("WH-1000XM4", "bluetooth", None)]
    assert set(_kinds(block, "pw-dump").values()) == {"bluetooth"}


def test_udevadm_sound_card_records():
    block = (
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/sound/card2\nE: ID_BUS=usb\nE: ID_VENDOR_ID=0b0e\n"
        "E: ID_MODEL_ID=0302\nE: ID_MODEL=Jabra_EVOLVE_20_SE_MS\nE: SOUND_FORM_FACTOR=headset\nE: SUBSYSTEM=sound\n\n"
        "P: /devices/pci0000:00/0000:00:01.0/0000:01:00.1/sound/card1\nE: ID_BUS=pci\nE: ID_VENDOR_ID=0x10de\n"
        "E: SUBSYSTEM=sound\n\n"
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/input/input9\nE: SUBSYSTEM=input\n"
    )
    kinds = {device.raw: classification.kind for device, classification in classify_listing(block, "udevadm info --export-db")}
    assert kinds == {"P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/sound/card2": "usb_headset",
                     "P: /devices/pci0000:00/0000:00:01.0/0000:01:00.1/sound/card1": "display_audio"}

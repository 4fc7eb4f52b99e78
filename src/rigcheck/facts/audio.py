"""Facts of the `audio` probe: devices and how headsets are connected."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

AUDIO = ProbeFacts("audio", N_("Headset and audio"))

_JABRA = {"name": "Jabra EVOLVE 20 MS", "kind": "usb_headset", "is_headset": True}

DEVICES = AUDIO.declare("devices", list, "", N_("Audio devices"),
                        "audio devices, one per physical device: name, hostapi, kind, is_headset, evidence, input/output channels", [_JABRA])
DEVICE_COUNT = AUDIO.declare("device_count", int, "", N_("Audio device count"), "physical (non-virtual) audio devices", 1)
DEFAULT_INPUT = AUDIO.declare("default_input", dict, "", N_("Default microphone"), "the default microphone: {name, kind, is_headset} or None", _JABRA)
DEFAULT_OUTPUT = AUDIO.declare("default_output", dict, "", N_("Default output"), "the default output: {name, kind, is_headset} or None", _JABRA)
WIRED_HEADSET_PRESENT = AUDIO.declare("wired_headset_present", bool, "", N_("Corded headset"), "a USB or analog (jack) headset is connected", True)
USB_HEADSET_PRESENT = AUDIO.declare("usb_headset_present", bool, "", N_("Corded USB headset"), "a corded USB headset is connected", True)
ANALOG_HEADSET_PRESENT = AUDIO.declare("analog_headset_present", bool, "", N_("Analog headset"),
                                       "a headset is plugged into the built-in jack (when the OS can tell)", False)
BLUETOOTH_AUDIO_PRESENT = AUDIO.declare("bluetooth_audio_present", bool, "", N_("Bluetooth audio"),
                                        "a Bluetooth audio device (or Bluetooth headset dongle) is connected", False)
WIRELESS_AUDIO_PRESENT = AUDIO.declare("wireless_audio_present", bool, "", N_("DECT or RF wireless audio"),
                                       "a DECT or 2.4 GHz wireless audio device is connected", False)
HEADSET_TO_CONFIRM = AUDIO.declare("headset_to_confirm", str, "", N_("Headset to confirm"),
                                   "a USB headset known by a generic name only: how it is connected is the applicant's answer, not a measurement",
                                   None)
PORTAUDIO_AVAILABLE = AUDIO.declare("portaudio_available", bool, "", N_("Sound library working"),
                                    "PortAudio could list devices (needed for the microphone test)", True)
SOURCES = AUDIO.declare("sources", list, "", N_("Device list sources"),
                        "where the device list came from: portaudio and the OS listings that answered", ["portaudio"])

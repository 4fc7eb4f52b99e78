"""Audio probe: headset classification (USB / analog / Bluetooth / DECT and RF wireless) and devices.

Public contract: `classify_device(name, hostapi="", usb_id=None)` returns an `AudioClassification`
with `kind` (usb_headset, analog_headset, bluetooth, wireless, builtin, virtual, display_audio,
other_usb, unknown), `is_headset`, `evidence`, `basis` (catalog_id, os_transport, name_rule,
name_only) and `needs_confirmation` (a headset by a generic name only: never a wired headset, the
applicant is asked whether it is corded). `PROBE` is the registry entry for `rigcheck probe
audio`. The microphone and speaker test lives in `rigcheck.probes.audio.mictest`.
"""

from rigcheck.probes.audio.catalog import KINDS, load_catalog
from rigcheck.probes.audio.classify import AudioClassification, classify_device
from rigcheck.probes.audio.probe import PROBE

__all__ = ["KINDS", "PROBE", "AudioClassification", "classify_device", "load_catalog"]

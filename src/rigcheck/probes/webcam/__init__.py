"""The `webcam` probe: is a camera connected, and can this user get video from it? Facts only.

One collector per OS, chosen once (`rigcheck.probes._platform`):
- Linux: `/sys/class/video4linux`, each node asked for its capabilities (VIDIOC_QUERYCAP): a camera is a
  node that captures video (a webcam's metadata node does not); usable when one opens for this user.
- Windows: the PnP devices of class Camera (and Image, where older webcams sit), working when Status is OK.
- macOS: `system_profiler SPCameraDataType -json`, the cameras the system lists.
"""

from __future__ import annotations

from typing import Any, Iterable

from rigcheck.facts.webcam import CAMERAS, PRESENT, USABLE, WEBCAM
from rigcheck.probes._platform import os_collector
from rigcheck.probes.audio.probe import sanitize_name
from rigcheck.probes.base import ProbeSpec


def webcam_facts(cameras: Iterable[tuple[str, bool | None]]) -> dict[str, Any]:
    """The facts from (name, usable) per camera; usable None when the OS could not say."""
    found = list(cameras)
    names = list(dict.fromkeys(sanitize_name(name) or "unnamed camera" for name, _ in found))
    usable: bool | None = any(ok is True for _, ok in found)
    if not usable and found and all(ok is None for _, ok in found):
        usable = None
    return {PRESENT.key: bool(found), USABLE.key: usable if found else False, CAMERAS.key: names}


collect = os_collector(__name__, "the webcam")

PROBE = ProbeSpec.declared(WEBCAM, collect, timeout_s=15.0)

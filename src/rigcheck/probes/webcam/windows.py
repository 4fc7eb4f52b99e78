"""Webcams on Windows: PnP devices of class Camera, and of class Image where older webcams sit, listed through
SetupAPI (no PowerShell: it is slow to start and blocked on managed machines)."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from rigcheck.probes.audio.windows import setupapi_records
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.webcam import webcam_facts

# Device setup classes (devguid.h): Camera (Windows 10 1607 and later), Image (older webcams and scanners).
CAMERA_CLASSES = {"Camera": "ca3e7ab9-b4c3-4ae6-8251-579ef933890f", "Image": "6bdd1fc6-810f-11d0-bec7-08002be2092f"}
# The Image class also holds scanners: there, only what names itself a camera counts.
_CAMERA_WORDS = re.compile(r"cam|video|facetime", re.IGNORECASE)


def parse_pnp_cameras(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, bool | None]]:
    """(name, usable) per camera in PnP records (SetupAPI's, or Get-PnpDevice's); usable when Status is OK."""
    cameras: list[tuple[str, bool | None]] = []
    for record in records:
        if not isinstance(record, Mapping):
            continue
        name = str(record.get("FriendlyName") or "camera")
        if str(record.get("Class", "")).lower() == "image" and not _CAMERA_WORDS.search(name):
            continue
        cameras.append((name, str(record.get("Status", "")).upper() == "OK"))
    return cameras


def collect(ctx: ProbeContext) -> dict[str, Any]:
    return webcam_facts(parse_pnp_cameras(setupapi_records(CAMERA_CLASSES)))

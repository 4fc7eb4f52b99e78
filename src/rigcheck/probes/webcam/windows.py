"""Webcams on Windows: PnP devices of class Camera, and of class Image where older webcams sit."""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from rigcheck.probes._exec import run_powershell_json
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.webcam import webcam_facts

# Present devices only; Status is "OK" for a working device ("Error", "Degraded", "Unknown" otherwise).
PNP_SCRIPT = (
    "Get-PnpDevice -Class Camera,Image -PresentOnly -ErrorAction SilentlyContinue | "
    "Select-Object FriendlyName, Class, Status, InstanceId | ConvertTo-Json -Compress"
)
# The Image class also holds scanners: there, only what names itself a camera counts.
_CAMERA_WORDS = re.compile(r"cam|video|facetime", re.IGNORECASE)


def parse_pnp_cameras(records: Iterable[Mapping[str, Any]]) -> list[tuple[str, bool | None]]:
    """(name, usable) per camera in Get-PnpDevice records; usable when Status is OK."""
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
    return webcam_facts(parse_pnp_cameras(run_powershell_json(PNP_SCRIPT)))

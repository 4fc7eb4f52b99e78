"""Webcams on macOS: the cameras `system_profiler SPCameraDataType -json` lists."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import parse_json, run_command
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.webcam import webcam_facts

SYSTEM_PROFILER_TIMEOUT_S = 15.0


def parse_cameras(text: str) -> list[tuple[str, bool | None]]:
    """(name, usable) per camera; a camera the system lists can be used (macOS asks the user's permission later)."""
    document = parse_json(text, "system_profiler")
    items = document.get("SPCameraDataType", []) if isinstance(document, dict) else []
    return [(str(item.get("_name") or "camera"), True) for item in items if isinstance(item, dict)]


def collect(ctx: ProbeContext) -> dict[str, Any]:
    text = run_command(["/usr/sbin/system_profiler", "SPCameraDataType", "-json"], SYSTEM_PROFILER_TIMEOUT_S)
    return webcam_facts(parse_cameras(text))

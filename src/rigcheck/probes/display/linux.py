"""Displays on Linux: xrandr when an X display answers, else the DRM connectors in sysfs."""

from __future__ import annotations

import os
import shutil
from typing import Any, Mapping

from rigcheck.probes._exec import run_command
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.display import display_facts, parse_xrandr, read_drm_monitors


def collect(ctx: ProbeContext, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """xrandr on an X display, else the DRM connectors in sysfs."""
    env = dict(os.environ) if env is None else env
    if env.get("DISPLAY") and shutil.which("xrandr"):
        try:
            monitors = parse_xrandr(run_command(["xrandr", "--current"], timeout_s=5.0))
            if monitors:
                return display_facts(monitors)
        except ProbeError:
            pass  # no X access from here: DRM sysfs still knows
    drm_monitors = read_drm_monitors()
    if drm_monitors is None:
        # No DRM and nothing from X: the monitors are out of sight, which is not the same as none.
        server = "the display server gave no monitor list" if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") else (
            "no display server (X11 or Wayland) is running here"
        )
        raise ProbeUnsupported(f"{server} and the graphics driver lists no monitor connectors")
    return display_facts(drm_monitors)

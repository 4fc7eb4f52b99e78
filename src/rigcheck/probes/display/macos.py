"""Displays on macOS: system_profiler SPDisplaysDataType."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import run_command
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.display import display_facts, parse_system_profiler_displays


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """system_profiler's display list."""
    return display_facts(
        parse_system_profiler_displays(
            run_command(["/usr/sbin/system_profiler", "SPDisplaysDataType", "-json"], timeout_s=15.0)
        )
    )

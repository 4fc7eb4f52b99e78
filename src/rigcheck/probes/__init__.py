"""Probe registry. Each probe lives in its own module exposing `PROBE: ProbeSpec`.

Modules are imported lazily, one at a time, so a probe whose module fails to import (a missing
library, a syntax slip) disables only itself: it becomes an error result, never a crash.
"""

from __future__ import annotations

import importlib

from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

# Order is the order of reports and of the TUI's probe list.
PROBE_IDS: tuple[str, ...] = (
    "system",
    "cpu",
    "memory",
    "disk",
    "power",
    "connection",
    "network",
    "audio",
    "display",
)

# Opt-in probes: run only when named (`rigcheck probe mic`), never part of a default check.
OPTIONAL_PROBE_IDS: tuple[str, ...] = ("mic",)

PROBE_TITLES: dict[str, str] = {
    "system": "Operating system",
    "cpu": "Processor",
    "memory": "Memory",
    "disk": "Disk space",
    "power": "Power",
    "connection": "Network connection",
    "network": "Internet speed and call quality",
    "audio": "Headset and audio",
    "display": "Displays",
    "mic": "Microphone level test",
}


def load_probe(probe_id: str) -> ProbeSpec:
    """The probe's spec; if its module cannot be imported, a spec whose collect reports why."""
    if probe_id not in PROBE_IDS and probe_id not in OPTIONAL_PROBE_IDS:
        raise KeyError(probe_id)
    try:
        module = importlib.import_module(f"rigcheck.probes.{probe_id}")
        return module.PROBE
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a broken probe must not break the run
        reason = f"probe could not be loaded: {type(exc).__name__}: {exc}"

        def collect(ctx: ProbeContext) -> dict:
            raise ProbeError(reason)

        return ProbeSpec(probe_id, PROBE_TITLES[probe_id], collect)


def load_probes(probe_ids: list[str] | tuple[str, ...] | None = None) -> list[ProbeSpec]:
    return [load_probe(probe_id) for probe_id in (probe_ids or PROBE_IDS)]


__all__ = ["OPTIONAL_PROBE_IDS", "PROBE_IDS", "PROBE_TITLES", "ProbeContext", "ProbeError", "ProbeSpec", "ProbeUnsupported", "load_probe", "load_probes"]

"""Pick a probe's per-OS collector once, as psutil picks `_pslinux` / `_pswindows`.

A probe package holds one module per OS (`linux.py`, `macos.py`, `windows.py`), each with the same
`collect(ctx) -> dict`; its `__init__` says `collect = os_collector(__name__, "the webcam")`. The module
of this OS is imported the first time the probe runs (so a probe whose OS module cannot import is an
error result of its own) and kept; on any other OS the probe is unsupported.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

OS_MODULES = {"linux": "linux", "macos": "macos", "windows": "windows"}

Collector = Callable[[ProbeContext], dict[str, Any]]


def os_collector(package: str, what: str) -> Collector:
    """The `collect(ctx)` of `package`'s module for this OS, chosen at its first call and kept."""
    chosen: list[Collector] = []

    def collect(ctx: ProbeContext) -> dict[str, Any]:
        if not chosen:
            family = current_os()
            name = OS_MODULES.get(family)
            if name is None:
                raise ProbeUnsupported(f"rigcheck does not know how to read {what} on {family}")
            chosen.append(importlib.import_module(f"{package}.{name}").collect)
        return chosen[0](ctx)

    return collect

"""Pick the platform once: a probe's collector for the OS this runs on, one module per OS.

A probe whose facts come from different places on each OS is a package (psutil's pattern, and the
audio probe's):

    src/rigcheck/probes/<id>/__init__.py   PROBE, the collect chosen here, what every OS shares
    src/rigcheck/probes/<id>/linux.py      collect(ctx) for Linux, with its parsers
    src/rigcheck/probes/<id>/macos.py      collect(ctx) for macOS
    src/rigcheck/probes/<id>/windows.py    collect(ctx) for Windows

and its `__init__` says `collect = os_collector(__name__, "<what it inspects>")`. The OS is decided once,
at import (`OS`); the OS module is imported on the first run, inside the probe's isolation, so a module
that fails to import (a missing DLL, a library absent) is that probe's error result, never a crash of
the registry. An OS without a module gets `ProbeUnsupported`. Every OS module imports on every OS (its
parsers are tested anywhere against recorded outputs); calls into OS APIs stay inside functions, behind
`sys.platform` guards the type checker understands.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType
from typing import Any, Callable

from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

OS = current_os()  # 'linux', 'macos', 'windows', or the raw sys.platform of anything else
FAMILIES = ("linux", "macos", "windows")

Collector = Callable[[ProbeContext], dict[str, Any]]


def os_module_name(package: str, family: str) -> str | None:
    """`<package>.<family>` when rigcheck has a module for that OS family, else None."""
    if family not in FAMILIES:
        return None
    name = f"{package}.{family}"
    try:
        return name if importlib.util.find_spec(name) is not None else None
    except ModuleNotFoundError:  # `package` is a plain module, not a package of per-OS modules
        return None


def os_module(package: str, family: str) -> ModuleType | None:
    """The per-OS module of a probe package (imported now), or None when that OS has none."""
    name = os_module_name(package, family)
    return importlib.import_module(name) if name else None


def os_collector(package: str, what: str) -> Collector:
    """The probe's `collect(ctx)`: `<package>.<OS>.collect`, imported on first use and then kept.

    `what` completes "rigcheck does not know how to inspect ... on <os>" for an OS without a module.
    (`OS` is read when the probe runs, so a test may set `_platform.OS` to play another OS.)
    """
    chosen: dict[str, ModuleType] = {}

    def collect(ctx: ProbeContext) -> dict[str, Any]:
        """The facts of this computer, from the collector for its OS."""
        family = OS
        if family not in chosen:
            module = os_module(package, family)
            if module is None:
                raise ProbeUnsupported(f"rigcheck does not know how to inspect {what} on {family}")
            chosen[family] = module
        return chosen[family].collect(ctx)

    return collect

"""Disk: free and total space on the drive that holds the user's home folder (the path stays private)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rigcheck.facts.disk import DISK
from rigcheck.probes._local_util import gib
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported


def home_directory() -> str:
    """The user's home folder, or the current directory when there is none (service accounts)."""
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):
        home = ""
    return home if home and os.path.isdir(home) else os.getcwd()


def disk_facts(path: str) -> dict[str, Any]:
    """free_gb and total_gb (GiB) of the file system holding `path`."""
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    try:
        usage = psutil.disk_usage(path)
    except OSError as exc:
        # The message from the OS may include the path; keep only the reason.
        raise ProbeError(
            f"could not read the free space of the home drive: {exc.strerror or type(exc).__name__}"
        ) from exc
    return {"free_gb": gib(usage.free), "total_gb": gib(usage.total)}


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """Free and total GiB of the home drive."""
    return disk_facts(home_directory())


PROBE = ProbeSpec(id=DISK.id, title=DISK.title, collect=collect, timeout_s=10.0, facts=DISK.facts)

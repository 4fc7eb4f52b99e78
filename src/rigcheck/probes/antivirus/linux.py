"""Antivirus on Linux: ClamAV, the one distributions ship (on-access scanning by clamonacc, definitions by freshclam)."""

from __future__ import annotations

import os
import time
from typing import Any, Iterable

from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

CLAMAV_DATABASES = ("/var/lib/clamav", "/var/clamav", "/usr/local/share/clamav")
# freshclam checks for new definitions 12 times a day by default; a week without one is out of date.
DEFINITIONS_MAX_AGE_S = 7 * 24 * 3600


def running_programs() -> set[str]:
    """Names of the running processes (psutil); empty when psutil is missing."""
    try:
        import psutil
    except ImportError:
        return set()
    names = set()
    for process in psutil.process_iter(["name"]):
        name = process.info.get("name")
        if name:
            names.add(name)
    return names


def newest_database_age_s(folders: Iterable[str] = CLAMAV_DATABASES, now: float | None = None) -> float | None:
    """Age in seconds of the newest daily database (daily.cvd / daily.cld), None when there is none."""
    times = []
    for folder in folders:
        for name in ("daily.cvd", "daily.cld"):
            try:
                times.append(os.stat(os.path.join(folder, name)).st_mtime)
            except OSError:
                continue
    return ((now if now is not None else time.time()) - max(times)) if times else None


def clamav_facts(programs: set[str], database_age_s: float | None) -> dict[str, Any] | None:
    """The facts when ClamAV is installed (its daemon runs or its database exists), else None."""
    if "clamd" not in programs and database_age_s is None:
        return None
    current = None if database_age_s is None else database_age_s <= DEFINITIONS_MAX_AGE_S
    return antivirus_facts([product("ClamAV", "clamonacc" in programs, current)], "clamav")


def collect(ctx: ProbeContext) -> dict[str, Any]:
    facts = clamav_facts(running_programs(), newest_database_age_s())
    if facts is None:
        raise ProbeUnsupported("no antivirus rigcheck knows (ClamAV) is installed, and Linux keeps no list of antivirus products")
    return facts

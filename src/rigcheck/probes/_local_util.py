"""Small helpers shared by the local probes: units, the current OS, and text-record parsers.

Parsers here take text and return plain dicts so that recorded outputs from macOS and Windows can be
fed to them in tests on any machine.
"""

from __future__ import annotations

import os
import sys
from typing import Any

GIB = 1024**3


def gib(n_bytes: float | int | None) -> float | None:
    """Bytes as GiB rounded to one decimal (the unit of every *_gb fact), None stays None."""
    if n_bytes is None:
        return None
    return round(float(n_bytes) / GIB, 1)


def current_os() -> str:
    """'linux', 'macos', 'windows' or the raw sys.platform for anything else."""
    if sys.platform.startswith("linux"):
        return "linux"
    if sys.platform == "darwin":
        return "macos"
    if sys.platform in ("win32", "cygwin"):
        return "windows"
    return sys.platform


def parse_colon_pairs(text: str) -> dict[str, str]:
    """`Key: value` or `key = value` lines (sysctl, sw_vers, `route get`) into a dict; first wins."""
    pairs: dict[str, str] = {}
    for line in text.splitlines():
        if ":" in line:
            key, _, value = line.partition(":")
        elif " = " in line:
            key, _, value = line.partition(" = ")
        else:
            continue
        key = key.strip()
        if key and key not in pairs:
            pairs[key] = value.strip()
    return pairs


def as_bool(value: Any) -> bool | None:
    """WMI/CIM booleans arrive as True/False (JSON) or "TRUE"/"FALSE" (wmic); None when absent."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
    return None


def as_int(value: Any) -> int | None:
    """An integer from JSON numbers or wmic strings; None when absent or not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def path_exists(path: str) -> bool:
    try:
        return os.path.lexists(path)
    except OSError:
        return False

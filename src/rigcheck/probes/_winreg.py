"""Reading the Windows registry for probes: one value at a time, a missing key or value is None.

Imports on every OS (so the collectors that use it are importable, and testable, anywhere); on any OS
but Windows every read is None. Tests hand collectors a dict-backed reader instead (`RegistryReader`).
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Mapping

HKLM = "HKEY_LOCAL_MACHINE"

# (hive, key path, value name) -> the value, or None when the key or value is absent or unreadable
RegistryReader = Callable[[str, str, str], Any]


def read_registry_value(hive: str, key_path: str, name: str) -> Any:
    """The registry value `name` under `hive\\key_path` (int, str, list or bytes), None when absent."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import winreg

    try:
        with winreg.OpenKey(getattr(winreg, hive), key_path) as key:
            return winreg.QueryValueEx(key, name)[0]
    except OSError:
        return None


def reader_from_mapping(values: Mapping[str, Any]) -> RegistryReader:
    """A reader over `{"HIVE\\key\\path\\name": value}`, for tests of the registry-driven collectors."""
    def read(hive: str, key_path: str, name: str) -> Any:
        return values.get(f"{hive}\\{key_path}\\{name}")

    return read

"""Browsers on Windows: the versions the browsers record in the registry.

Chrome and Edge write `version` under their BLBeacon key each time they run (per user), and their
uninstall entries hold DisplayVersion; Firefox keeps CurrentVersion ("121.0 (x64 en-US)") under
`SOFTWARE\\Mozilla\\Mozilla Firefox`.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

from rigcheck.probes.base import ProbeContext
from rigcheck.probes.browser import browser_facts, version_in

HKLM, HKCU = "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER"
_UNINSTALL = ("SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\",
              "SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\")
# name -> (hive, key, value) places, the first that answers wins.
PLACES: dict[str, list[tuple[str, str, str]]] = {
    "chrome": [(HKCU, "Software\\Google\\Chrome\\BLBeacon", "version")]
    + [(hive, prefix + "Google Chrome", "DisplayVersion") for prefix in _UNINSTALL for hive in (HKLM, HKCU)],
    "edge": [(HKCU, "Software\\Microsoft\\Edge\\BLBeacon", "version")]
    + [(HKLM, prefix + "Microsoft Edge", "DisplayVersion") for prefix in _UNINSTALL],
    "firefox": [(HKLM, "SOFTWARE\\Mozilla\\Mozilla Firefox", "CurrentVersion"),
                (HKLM, "SOFTWARE\\WOW6432Node\\Mozilla\\Mozilla Firefox", "CurrentVersion"),
                (HKCU, "SOFTWARE\\Mozilla\\Mozilla Firefox", "CurrentVersion")],
}

RegistryReader = Callable[[str, str, str], Any]  # (hive, key path, value name) -> value or None


def read_registry_value(hive: str, key_path: str, name: str) -> Any:
    """The registry value, None when the key or value is absent (or on another OS)."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import winreg

    try:
        with winreg.OpenKey(getattr(winreg, hive), key_path) as key:
            return winreg.QueryValueEx(key, name)[0]
    except OSError:
        return None


def find_browsers(read: RegistryReader = read_registry_value) -> list[tuple[str, str | None]]:
    found = []
    for name, places in PLACES.items():
        for hive, key_path, value_name in places:
            value = read(hive, key_path, value_name)
            if value:
                found.append((name, version_in(str(value))))
                break
    return found


def collect(ctx: ProbeContext) -> dict[str, Any]:
    return browser_facts(find_browsers())

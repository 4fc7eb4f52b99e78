"""Browsers on Windows: the versions the browsers record in the registry.

Chrome and Edge write `version` under their BLBeacon key each time they run (per user), and their
uninstall entries hold DisplayVersion; Firefox keeps CurrentVersion ("121.0 (x64 en-US)") under
`SOFTWARE\\Mozilla\\Mozilla Firefox`.
"""

from __future__ import annotations

from typing import Any

from rigcheck.probes._winreg import HKLM, RegistryReader, read_registry_value
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.browser import browser_facts, version_in

HKCU = "HKEY_CURRENT_USER"
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

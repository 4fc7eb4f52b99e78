"""The `browser` probe: which of Chrome, Edge, Firefox, Safari (and Chromium) are installed, and their versions.

The employer's softphone and CRM run in the browser, so employers name the browsers and versions they
support. One collector per OS, chosen once (`rigcheck.probes._platform`):
- Linux: each browser's own `--version`.
- Windows: the versions the browsers record in the registry (BLBeacon, Mozilla's CurrentVersion, the
  uninstall entries).
- macOS: `CFBundleShortVersionString` in each application's `Info.plist`.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from rigcheck.facts.browser import BROWSER, BROWSERS
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeSpec

# The names a profile's `browsers` rules use, in the order reports list them.
BROWSER_NAMES = ("chrome", "edge", "firefox", "safari", "chromium")
_VERSION = re.compile(r"\b(\d+(?:\.\d+)+|\d+)\b")


def version_in(text: str | None) -> str | None:
    """The first dotted version number in a tool's text ("Mozilla Firefox 121.0" -> "121.0"), else None."""
    match = _VERSION.search(text or "")
    return match.group(1) if match else None


def browser_facts(found: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """The facts from (name, version) pairs: one entry per browser name, the first version found kept."""
    versions: dict[str, str | None] = {}
    for name, version in found:
        if name in BROWSER_NAMES and versions.get(name) is None:
            versions[name] = version
    ordered = [{"name": name, "version": versions[name]} for name in BROWSER_NAMES if name in versions]
    return {BROWSERS.key: ordered}


collect = os_collector(__name__, "the web browsers")

PROBE = ProbeSpec.declared(BROWSER, collect, timeout_s=20.0)

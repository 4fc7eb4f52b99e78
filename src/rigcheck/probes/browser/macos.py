"""Browsers on macOS: `CFBundleShortVersionString` of each application's Info.plist."""

from __future__ import annotations

import os
import plistlib
from typing import Any

from rigcheck.probes.base import ProbeContext
from rigcheck.probes.browser import browser_facts

APPLICATIONS = ("/Applications", os.path.expanduser("~/Applications"))
BUNDLES = {"chrome": "Google Chrome.app", "edge": "Microsoft Edge.app", "firefox": "Firefox.app",
           "safari": "Safari.app", "chromium": "Chromium.app"}


def bundle_version(plist_bytes: bytes) -> str | None:
    """The version an Info.plist (XML or binary) gives, None when it names none."""
    try:
        info = plistlib.loads(plist_bytes)
    except (plistlib.InvalidFileException, ValueError):
        return None
    version = info.get("CFBundleShortVersionString") or info.get("CFBundleVersion") if isinstance(info, dict) else None
    return str(version) if version else None


def find_browsers(folders: tuple[str, ...] = APPLICATIONS) -> list[tuple[str, str | None]]:
    found = []
    for name, bundle in BUNDLES.items():
        for folder in folders:
            path = os.path.join(folder, bundle, "Contents", "Info.plist")
            try:
                with open(path, "rb") as handle:
                    found.append((name, bundle_version(handle.read())))
                break
            except OSError:
                continue
    return found


def collect(ctx: ProbeContext) -> dict[str, Any]:
    return browser_facts(find_browsers())

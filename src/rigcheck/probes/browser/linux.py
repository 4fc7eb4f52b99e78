"""Browsers on Linux: each one's own `--version` (the first of its command names that exists)."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import run_command
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.browser import browser_facts, version_in

VERSION_TIMEOUT_S = 8.0
# name -> the commands distributions install it as, most common first.
COMMANDS: dict[str, tuple[str, ...]] = {
    "chrome": ("google-chrome", "google-chrome-stable"),
    "edge": ("microsoft-edge", "microsoft-edge-stable"),
    "firefox": ("firefox", "firefox-esr"),
    "chromium": ("chromium", "chromium-browser"),
}


def installed_version(commands: tuple[str, ...]) -> tuple[bool, str | None]:
    """(installed, version) from the first command that exists; the version None when it printed none."""
    for command in commands:
        try:
            return True, version_in(run_command([command, "--version"], VERSION_TIMEOUT_S))
        except ProbeUnsupported:
            continue  # not installed under this name
        except ProbeError:
            return True, None
    return False, None


def collect(ctx: ProbeContext) -> dict[str, Any]:
    found = []
    for name, commands in COMMANDS.items():
        if ctx.cancelled:
            break
        installed, version = installed_version(commands)
        if installed:
            found.append((name, version))
    return browser_facts(found)

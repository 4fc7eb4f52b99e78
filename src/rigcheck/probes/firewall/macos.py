"""Firewall facts on macOS: the application firewall's global state."""

from __future__ import annotations

import re
from typing import Any

from rigcheck.probes._exec import run_command
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.firewall import COMMAND_TIMEOUT_S, firewall_facts

SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"

def parse_socketfilterfw_state(text: str) -> bool | None:
    """"Firewall is enabled. (State = 1)" -> True; State 0 or "disabled" -> False; None when unclear."""
    state = re.search(r"State\s*=\s*(\d+)", text)
    if state:
        return int(state.group(1)) >= 1
    words = text.lower()
    if "disabled" in words:
        return False
    if "enabled" in words:
        return True
    return None


def parse_alf_globalstate(text: str) -> bool | None:
    """`defaults read /Library/Preferences/com.apple.alf globalstate`: 0 off, 1 or 2 on; None when unclear."""
    value = text.strip()
    return int(value) >= 1 if value.isdigit() else None


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """Whether the application firewall is on."""
    try:
        state = parse_socketfilterfw_state(run_command([SOCKETFILTERFW, "--getglobalstate"], COMMAND_TIMEOUT_S))
    except (ProbeError, ProbeUnsupported):
        state = None
    if state is None:
        state = parse_alf_globalstate(
            run_command(["defaults", "read", "/Library/Preferences/com.apple.alf", "globalstate"], COMMAND_TIMEOUT_S))
    if state is None:
        raise ProbeUnsupported("macOS did not say whether its firewall is on")
    return firewall_facts(state, "macos-application-firewall")

"""The `firewall` probe: does a host firewall filter incoming connections? Facts only; a profile may require it.

One collector per OS (`linux.py`, `macos.py`, `windows.py`), chosen once by `rigcheck.probes._platform`:

- Windows: the firewall policy in the registry (the local settings under SharedAccess, overridden by the
  Group Policy keys under Policies), read through the Windows API; on when every profile (Domain,
  Private, Public) is on.
- macOS: the application firewall, `socketfilterfw --getglobalstate`, else the com.apple.alf preference.
- Linux: the ruleset (`nft list ruleset`, and `iptables -S` for rules nftables does not show; both need
  root): on when a chain on the input hook drops or rejects something, itself or through the chains it
  jumps to. Without root the rules cannot be read: ufw's ENABLED setting or firewalld's state can say
  "on"; nothing here can then say "off", so the result is unsupported.
"""

from __future__ import annotations

from typing import Any

from rigcheck.facts.firewall import ACTIVE, FIREWALL, PROFILES_OFF, TOOL
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeSpec

COMMAND_TIMEOUT_S = 5.0


def firewall_facts(active: bool, tool: str, profiles_off: list[str] | None = None) -> dict[str, Any]:
    """The probe's facts: on or off, what said so, and (Windows) the profiles that are off."""
    return {ACTIVE.key: active, TOOL.key: tool, PROFILES_OFF.key: profiles_off}


collect = os_collector(__name__, "the firewall")

PROBE = ProbeSpec(id=FIREWALL.id, title=FIREWALL.title, collect=collect, timeout_s=20.0, facts=FIREWALL.facts)

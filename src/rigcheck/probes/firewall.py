"""The `firewall` probe: does a host firewall filter incoming connections? Facts only; a profile may require it.

- Windows: `Get-NetFirewallProfile -PolicyStore ActiveStore` (the policy in force, Group Policy included);
  on when every profile (Domain, Private, Public) is on.
- macOS: the application firewall, `socketfilterfw --getglobalstate`, else the com.apple.alf preference.
- Linux: the ruleset (`nft list ruleset`, and `iptables -S` for rules nftables does not show; both need
  root): on when a chain on the input hook drops or rejects something, itself or through the chains it
  jumps to. Without root the rules cannot be read: ufw's ENABLED setting or firewalld's state can say
  "on"; nothing here can then say "off", so the result is unsupported.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterable, Mapping

from rigcheck.facts.firewall import ACTIVE, FIREWALL, PROFILES_OFF, TOOL
from rigcheck.probes._exec import read_text, run_command, run_powershell_json
from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

COMMAND_TIMEOUT_S = 5.0
UFW_CONF = "/etc/ufw/ufw.conf"
SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"
# Name and Enabled (True, False or NotConfigured, which only a Group Policy object holds) as text.
WINDOWS_SCRIPT = (
    "Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object { "
    "[pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled } } | ConvertTo-Json"
)
_BLOCKING_VERDICTS = ("drop", "reject")


def _facts(active: bool, tool: str, profiles_off: list[str] | None = None) -> dict[str, Any]:
    return {ACTIVE.key: active, TOOL.key: tool, PROFILES_OFF.key: profiles_off}


# --- Windows -------------------------------------------------------------------------------------

def windows_profiles_off(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The profiles whose Enabled is not True; ProbeError when the list names no profile."""
    records = [record for record in records if isinstance(record, Mapping) and record.get("Name")]
    if not records:
        raise ProbeError("Windows listed no firewall profile")
    return [str(record["Name"]) for record in records if str(record.get("Enabled", "")).lower() not in ("true", "1")]


def collect_windows() -> dict[str, Any]:
    off = windows_profiles_off(run_powershell_json(WINDOWS_SCRIPT))
    return _facts(not off, "windows-firewall", off)


# --- macOS ---------------------------------------------------------------------------------------

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


def collect_macos() -> dict[str, Any]:
    try:
        state = parse_socketfilterfw_state(run_command([SOCKETFILTERFW, "--getglobalstate"], COMMAND_TIMEOUT_S))
    except (ProbeError, ProbeUnsupported):
        state = None
    if state is None:
        state = parse_alf_globalstate(
            run_command(["defaults", "read", "/Library/Preferences/com.apple.alf", "globalstate"], COMMAND_TIMEOUT_S))
    if state is None:
        raise ProbeUnsupported("macOS did not say whether its firewall is on")
    return _facts(state, "macos-application-firewall")


# --- Linux ---------------------------------------------------------------------------------------

def _blocks_from(starts: Iterable[str], blocking: set[str], jumps: Mapping[str, set[str]]) -> bool:
    """True when a chain in `starts`, or one they jump to, drops or rejects."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        chain = todo.pop()
        if chain in seen:
            continue
        seen.add(chain)
        if chain in blocking:
            return True
        todo.extend(jumps.get(chain, ()))
    return False


def nft_input_filters(ruleset: str) -> bool:
    """`nft list ruleset`: True when a chain hooked at input has policy drop or a drop/reject rule (or jumps to one)."""
    table = chain = ""
    depth = 0  # 1 inside a table, 2 inside a chain (or a set, a map...)
    inputs: list[str] = []
    blocking: set[str] = set()
    jumps: dict[str, set[str]] = {}
    for raw in ruleset.splitlines():
        line = raw.strip()
        depth += line.count("{") - line.count("}")
        if depth <= 1:
            chain = ""  # a chain, set or map just closed
        if line.startswith("table "):
            table = " ".join(line.rstrip("{").split()[1:3])
        elif line.startswith("chain "):
            chain = f"{table}/{line.split()[1]}"
        elif chain and line.startswith("type ") and " hook input " in f" {line} ":
            inputs.append(chain)
            if re.search(r"\bpolicy\s+drop\b", line):
                blocking.add(chain)
        elif chain and line and not line.startswith("}"):
            _nft_rule(line.replace(";", " ").split(), chain, table, blocking, jumps)
    return _blocks_from(inputs, blocking, jumps)


def _nft_rule(words: list[str], chain: str, table: str, blocking: set[str], jumps: dict[str, set[str]]) -> None:
    """Note what one rule of `chain` does: a drop or reject verdict, or a jump to another chain of the table."""
    if any(verdict in words for verdict in _BLOCKING_VERDICTS):
        blocking.add(chain)
    for verb in ("jump", "goto"):
        if verb in words[:-1]:
            jumps.setdefault(chain, set()).add(f"{table}/{words[words.index(verb) + 1]}")


def iptables_input_filters(rules: str) -> bool:
    """`iptables -S`: True when INPUT's policy is DROP or INPUT (or a chain it jumps to) has a DROP/REJECT rule."""
    blocking: set[str] = set()
    jumps: dict[str, set[str]] = {}
    for line in rules.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "-P" and words[1] == "INPUT" and words[2] == "DROP":
            blocking.add("INPUT")
        elif len(words) >= 2 and words[0] == "-A" and "-j" in words[:-1]:
            target = words[words.index("-j") + 1]
            if target in ("DROP", "REJECT"):
                blocking.add(words[1])
            else:
                jumps.setdefault(words[1], set()).add(target)
    return _blocks_from(["INPUT"], blocking, jumps)


def ufw_enabled(conf_text: str | None) -> bool:
    """ufw.conf's ENABLED=yes (what `ufw enable` writes); False when absent or no."""
    for line in (conf_text or "").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "ENABLED":
            return value.strip().strip("'\"").lower() == "yes"
    return False


def firewalld_running(state_text: str) -> bool:
    """`firewall-cmd --state` prints "running" (exit 0) when firewalld is active."""
    return state_text.strip() == "running"


def _read_rules() -> tuple[bool, list[str]]:
    """(some input hook filters, the tools that answered) from nft and iptables; root only."""
    filters, answered = False, []
    for tool, args, parse in (("nftables", ["nft", "list", "ruleset"], nft_input_filters),
                              ("iptables", ["iptables", "-S"], iptables_input_filters)):
        try:
            text = run_command(args, COMMAND_TIMEOUT_S)
        except (ProbeError, ProbeUnsupported):
            continue
        answered.append(tool)
        filters = filters or parse(text)
    return filters, answered


def collect_linux(ufw_conf: str = UFW_CONF) -> dict[str, Any]:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        filters, answered = _read_rules()
        if answered:
            return _facts(filters, " and ".join(answered))
    if ufw_enabled(read_text(ufw_conf)):
        return _facts(True, "ufw")
    try:
        if firewalld_running(run_command(["firewall-cmd", "--state"], COMMAND_TIMEOUT_S)):
            return _facts(True, "firewalld")
    except (ProbeError, ProbeUnsupported):
        pass
    raise ProbeUnsupported("reading the firewall rules needs administrator rights (root), and neither ufw nor firewalld is on")


def collect(ctx: ProbeContext) -> dict[str, Any]:
    family = current_os()
    if family == "linux":
        return collect_linux()
    if family == "macos":
        return collect_macos()
    if family == "windows":
        return collect_windows()
    raise ProbeUnsupported(f"rigcheck does not know how to inspect the firewall of {family}")


PROBE = ProbeSpec(id=FIREWALL.id, title=FIREWALL.title, collect=collect, timeout_s=20.0, facts=FIREWALL.facts)

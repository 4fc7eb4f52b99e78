"""Firewall facts on Linux: the nftables/iptables rules (root), else ufw's setting or firewalld's state."""

from __future__ import annotations

import os
import re
from typing import Any, Iterable, Mapping

from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.firewall import COMMAND_TIMEOUT_S, firewall_facts

UFW_CONF = "/etc/ufw/ufw.conf"
_BLOCKING_VERDICTS = ("drop", "reject")

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


def is_root() -> bool:
    """Whether this process may read the rules (root)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def collect(ctx: ProbeContext, ufw_conf: str = UFW_CONF) -> dict[str, Any]:
    """The rules when root may read them, else what ufw or firewalld say."""
    if is_root():
        filters, answered = _read_rules()
        if answered:
            return firewall_facts(filters, " and ".join(answered))
    if ufw_enabled(read_text(ufw_conf)):
        return firewall_facts(True, "ufw")
    try:
        if firewalld_running(run_command(["firewall-cmd", "--state"], COMMAND_TIMEOUT_S)):
            return firewall_facts(True, "firewalld")
    except (ProbeError, ProbeUnsupported):
        pass
    raise ProbeUnsupported("reading the firewall rules needs administrator rights (root), and neither ufw nor firewalld is on")

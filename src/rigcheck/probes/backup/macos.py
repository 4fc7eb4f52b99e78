"""Backup links on macOS: interfaces up with an address, classified by their hardware port (networksetup)."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import run_command
from rigcheck.probes.backup import addressed_links, backup_facts, chosen_backup, measure_bound
from rigcheck.probes.base import ProbeContext, ProbeUnsupported
from rigcheck.probes.connection import classify_macos_interface, find_active_interface, parse_networksetup_ports


def collect(ctx: ProbeContext) -> dict[str, Any]:
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    ports = parse_networksetup_ports(run_command(["/usr/sbin/networksetup", "-listallhardwareports"], timeout_s=8.0))
    if_addrs = psutil.net_if_addrs()
    main = find_active_interface(if_addrs)
    links = [(name, classify_macos_interface(name, ports)) for name in addressed_links(if_addrs, psutil.net_if_stats())]
    backup = chosen_backup(ctx, links, main, lambda name: classify_macos_interface(name, ports))
    facts = backup_facts(backup, classify_macos_interface(main, ports) if main else None)
    if backup is not None:
        measure_bound(ctx, backup[0], facts)
    return facts

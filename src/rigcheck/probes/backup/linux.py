"""Backup links on Linux: the interfaces that are up with an address, classified as the connection probe does."""

from __future__ import annotations

from typing import Any

from rigcheck.probes.backup import addressed_links, backup_facts, chosen_backup, measure_bound
from rigcheck.probes.base import ProbeContext, ProbeUnsupported
from rigcheck.probes.connection import find_active_interface, linux_interface_kind, public_interface_name


def collect(ctx: ProbeContext) -> dict[str, Any]:
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    if_addrs = psutil.net_if_addrs()
    main = find_active_interface(if_addrs)
    links = [(name, linux_interface_kind(name)) for name in addressed_links(if_addrs, psutil.net_if_stats())]
    backup = chosen_backup(ctx, links, main, linux_interface_kind)
    facts = backup_facts(backup, linux_interface_kind(main) if main else None)
    if backup is not None:
        measure_bound(ctx, backup[0], facts)
    facts["interface"] = public_interface_name(facts["interface"])
    return facts

"""Backup links on Windows: adapters up with an address, classified as the connection probe classifies them."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import run_powershell_json
from rigcheck.probes.backup import addressed_links, backup_facts, chosen_backup, measure_bound
from rigcheck.probes.base import ProbeContext, ProbeUnsupported
from rigcheck.probes.connection import WINDOWS_SCRIPT, classify_windows_adapter, find_active_interface, parse_windows_listing


def collect(ctx: ProbeContext) -> dict[str, Any]:
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    adapters, _routes = parse_windows_listing(run_powershell_json(WINDOWS_SCRIPT, timeout_s=20.0))
    by_name = {str(adapter.get("Name")): adapter for adapter in adapters}

    def kind_of(name: str) -> str:
        return classify_windows_adapter(by_name[name]) if name in by_name else "unknown"

    if_addrs = psutil.net_if_addrs()
    main = find_active_interface(if_addrs)
    links = [(name, kind_of(name)) for name in addressed_links(if_addrs, psutil.net_if_stats())]
    backup = chosen_backup(ctx, links, main, kind_of)
    facts = backup_facts(backup, kind_of(main) if main else None)
    if backup is not None:
        measure_bound(ctx, backup[0], facts)
    return facts

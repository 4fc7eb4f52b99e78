"""Backup links on Windows: interfaces GetAdaptersAddresses lists as up with an address, classified as the
connection probe classifies them; the main one is the interface GetBestInterfaceEx picks for the internet."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from rigcheck.probes.backup import backup_facts, chosen_backup, measure_bound
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.connection.windows import (IF_OPER_STATUS_UP, adapters_addresses, best_interface_indexes,
                                                classify_windows_interface)


def windows_links(records: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(friendly name, kind) of each interface that is up and holds an address other than a link-local one."""
    links = []
    for record in records:
        addresses = [str(address) for address in record.get("addresses") or []]
        usable = [a for a in addresses if not a.lower().startswith("fe80") and not a.startswith("169.254.")]
        if record.get("oper_status") == IF_OPER_STATUS_UP and usable:
            links.append((str(record.get("name")), classify_windows_interface(record)))
    return links


def collect(ctx: ProbeContext) -> dict[str, Any]:
    records = adapters_addresses()
    by_name = {str(record.get("name")): record for record in records}
    by_index = {record.get("index"): record for record in records}
    main = next((str(by_index[index].get("name")) for index in best_interface_indexes() if index in by_index), None)

    def kind_of(name: str) -> str:
        return classify_windows_interface(by_name[name]) if name in by_name else "unknown"

    backup = chosen_backup(ctx, windows_links(records), main, kind_of)
    facts = backup_facts(backup, kind_of(main) if main else None)
    if backup is not None and backup[0] in by_name:
        # IP_UNICAST_IF takes the interface index; the report keeps the name the applicant knows.
        measure_bound(ctx, str(by_name[backup[0]].get("index")), facts)
    return facts

"""The `backup` probe: a second internet connection beside the main one (pocket Wi-Fi, USB tethering, a
mobile broadband modem, a second Ethernet), found among the interfaces that are up and hold an address.

One collector per OS, chosen once (`rigcheck.probes._platform`); each lists the links with their kind
(the connection probe's classifiers) and which one carries the default route.
"""

from __future__ import annotations

import socket
from typing import Any, Callable, Iterable, Mapping

from rigcheck.facts.backup import (BACKUP, DOWNLOAD_MBPS, INTERFACE, JITTER_MS, KIND, LATENCY_MS, MAIN_KIND, MAIN_RESTORED,
                                   MEASURED_BY, PACKET_LOSS_PERCENT, PRESENT, SWITCHOVER_S, UPLOAD_MBPS)
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeContext, ProbeSpec

# Links that can carry a backup, the likeliest backup first (a pocket Wi-Fi or a tethered phone); last a
# link of unknown kind, such as a USB modem's PPP link (sysfs cannot tell PPP kinds apart).
BACKUP_KINDS = ("cellular", "wifi", "ethernet", "unknown")


def choose_backup(links: Iterable[tuple[str, str]], main: str | None) -> tuple[str, str] | None:
    """(name, kind) of the backup among (name, kind) links that are up with an address; None without one."""
    others = [(name, kind) for name, kind in links if name != main and kind in BACKUP_KINDS]
    return min(others, key=lambda link: BACKUP_KINDS.index(link[1]), default=None)


def backup_facts(backup: tuple[str, str] | None, main_kind: str | None) -> dict[str, Any]:
    """The detection facts; the measured figures are None until a measurement fills them in."""
    return {
        PRESENT.key: backup is not None, KIND.key: backup[1] if backup else None,
        INTERFACE.key: backup[0] if backup else None, MAIN_KIND.key: main_kind,
        MEASURED_BY.key: None, DOWNLOAD_MBPS.key: None, UPLOAD_MBPS.key: None, LATENCY_MS.key: None,
        JITTER_MS.key: None, PACKET_LOSS_PERCENT.key: None, SWITCHOVER_S.key: None, MAIN_RESTORED.key: None,
    }


def addressed_links(if_addrs: Mapping[str, Any], if_stats: Mapping[str, Any]) -> list[str]:
    """Interfaces that are up and hold an IPv4 or a global IPv6 address.

    One the stats leave out counts by its address alone: on Linux psutil names the stats' interfaces from
    the process's /proc/net/dev, which a thread in another network namespace (or a link added between the
    two calls) does not match; a link known to be down never counts."""
    names = []
    for name, entries in if_addrs.items():
        stats = if_stats.get(name)
        if stats is not None and not getattr(stats, "isup", False):
            continue
        for entry in entries:
            address = str(getattr(entry, "address", ""))
            if entry.family == socket.AF_INET or (entry.family == socket.AF_INET6 and not address.startswith("fe80")):
                names.append(name)
                break
    return names


def chosen_backup(ctx: ProbeContext, links: list[tuple[str, str]], main: str | None,
                  kind_of: Callable[[str], str]) -> tuple[str, str] | None:
    """The backup: the interface the "backup_interface" option names (a link the classifier cannot place,
    such as a PPP modem) when it is up with an address, else the likeliest of the links found."""
    named = ctx.option("backup_interface")
    if not named:
        return choose_backup(links, main)
    if str(named) not in {name for name, _kind in links}:
        ctx.note(f"the backup connection named on the command line, {named}, is not connected now (not up, or no address)")
        return None
    return str(named), kind_of(str(named))


def measure_bound(ctx: ProbeContext, interface: str, facts: dict[str, Any]) -> None:
    """Fill in the backup's figures, measured through its interface; a note says why when that is not allowed.

    Options: "server" (LibreSpeed base URL), "stun_servers", "measure_backup" (False: detection only)."""
    from rigcheck.netmeasure.bind import can_bind
    from rigcheck.probes.backup.measure import measure_link
    from rigcheck.probes.network import DEFAULT_STUN_SERVERS, _as_list

    if ctx.option("measure_backup", True) is False:
        return
    if not can_bind(interface):
        # Linux before 5.7 allows it to root only; the guided app then measures the backup by switching over.
        ctx.note(f"this system does not let rigcheck send through {interface} alone while the main link stays up; "
                 "the app's switch-over step measures it instead")
        return
    notes: list[str] = []
    figures = measure_link(interface, server=ctx.option("server"),
                           stun_servers=_as_list(ctx.option("stun_servers")) or list(DEFAULT_STUN_SERVERS),
                           should_stop=lambda: ctx.cancelled, notes=notes)
    for note in notes:
        ctx.note(note)
    if figures:
        facts.update(figures)
        facts[MEASURED_BY.key] = "bound"


collect = os_collector(__name__, "the backup connection")

PROBE = ProbeSpec.declared(BACKUP, collect, timeout_s=90.0)

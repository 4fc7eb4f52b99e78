"""The connection on Linux: default routes from /proc/net, interface kinds from sysfs and udev."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import read_text
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.connection import (
    connection_facts,
    find_active_interface,
    import_psutil,
    linux_interface_kind,
    linux_link_speed,
    parse_proc_ipv6_route,
    parse_proc_net_route,
    psutil_speed,
)


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """The default routes from procfs, each interface's kind from sysfs and udev."""
    psutil = import_psutil()
    route_table = read_text("/proc/net/route", "") or ""
    defaults = parse_proc_net_route(route_table)
    for iface in parse_proc_ipv6_route(read_text("/proc/net/ipv6_route", "") or ""):
        if iface not in defaults:
            defaults.append(iface)
    active = find_active_interface(psutil.net_if_addrs())
    stats = psutil.net_if_stats()
    return connection_facts(
        active,
        linux_interface_kind,
        lambda name: linux_link_speed(name) or psutil_speed(stats, name),
        defaults,
        parse_proc_net_route(route_table, default_only=False),
    )

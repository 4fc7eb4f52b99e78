"""The connection on macOS: networksetup's hardware ports and route's default interface."""

from __future__ import annotations

from typing import Any

from rigcheck.probes._exec import run_command
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.connection import (
    classify_macos_interface,
    connection_facts,
    find_active_interface,
    import_psutil,
    parse_networksetup_ports,
    parse_route_get,
    psutil_speed,
)


def collect(ctx: ProbeContext, psutil: Any = None) -> dict[str, Any]:
    """networksetup's hardware ports, route's default interface, psutil's addresses and speeds."""
    psutil = psutil or import_psutil()
    problem = None
    try:
        # Absolute paths: apps started from the Dock get a PATH without /usr/sbin.
        ports = parse_networksetup_ports(
            run_command(["/usr/sbin/networksetup", "-listallhardwareports"], timeout_s=8.0)
        )
    except (ProbeError, ProbeUnsupported) as exc:
        ports, problem = {}, f"hardware ports unknown, link type may be 'unknown': {exc}"
    try:
        # Exits non-zero ("not in table") without a default route: that is a fact, not an error.
        default_iface = parse_route_get(
            run_command(["/sbin/route", "-n", "get", "default"], timeout_s=5.0, check=False)
        )
    except (ProbeError, ProbeUnsupported):
        default_iface = None
    active = find_active_interface(psutil.net_if_addrs())
    stats = psutil.net_if_stats()
    facts = connection_facts(
        active,
        lambda name: classify_macos_interface(name, ports),
        lambda name: psutil_speed(stats, name),
        [default_iface] if default_iface else [],
    )
    if problem:
        ctx.incomplete(problem)  # the result is ok and partial, and says why
    return facts

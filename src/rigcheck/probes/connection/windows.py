"""The connection on Windows, from the IP Helper API (iphlpapi) through ctypes; no PowerShell.

- `GetAdaptersAddresses` (with gateways) lists every interface: its interface type (IANA ifType:
  Ethernet 6, Wi-Fi 71, WWAN 243/244, tunnel 131, PPP 23), operational status, link speed, description
  (the driver's, safe to read) and default gateways;
- `GetBestInterfaceEx` says which interface Windows would send internet traffic through (the default
  route), for IPv4 and then IPv6. No packet is sent.
The kind is read from the interface type and the driver's description, never from the name the user
gave the adapter (`classify_windows_interface`).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any, Iterable, Mapping, Sequence

from rigcheck.probes.base import ProbeContext, ProbeError
from rigcheck.probes.connection import (
    IF_TYPE_TUNNELS,
    PARAVIRTUAL_NIC_MARKERS,
    PROBE_TARGETS,
    VIRTUAL_DRIVER_MARKERS,
    VPN_DRIVER_MARKERS,
    classify_windows_adapter,
    connection_facts,
)

IF_TYPE_LOOPBACK = 24
IF_OPER_STATUS_UP = 1
# Interfaces that exist on every Windows machine to carry IPv6 over IPv4 (Teredo, 6to4, ISATAP, IP-HTTPS):
# tunnels by type, but no VPN the user started.
TRANSITION_TUNNEL_TYPES = frozenset({11, 13, 14, 15})  # TUNNEL_TYPE_6TO4, ISATAP, TEREDO, IPHTTPS
GAA_FLAG_INCLUDE_GATEWAYS = 0x80
GAA_FLAG_SKIP_ANYCAST = 0x2
GAA_FLAG_SKIP_MULTICAST = 0x4
GAA_FLAG_SKIP_DNS_SERVER = 0x8
ERROR_BUFFER_OVERFLOW = 111
ERROR_NO_DATA = 232


def _lowered_has(text: str, markers: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in markers)


def classify_windows_interface(interface: Mapping[str, Any]) -> str:
    """Kind of an interface from GetAdaptersAddresses: its ifType, tunnel type and driver description.

    Software adapters that emulate Ethernet (TAP, Fortinet, Wintun, Hyper-V vEthernet) say ifType 6 like a
    real port, and GetAdaptersAddresses has no hardware flag: their driver's description tells them
    apart before the interface type is believed. The rest is classify_windows_adapter's (the same
    fields as MSFT_NetAdapter's InterfaceType and InterfaceDescription).
    """
    if_type = interface.get("if_type")
    description = str(interface.get("description") or "")
    if interface.get("tunnel_type") in TRANSITION_TUNNEL_TYPES or if_type == IF_TYPE_LOOPBACK:
        return "virtual"
    if if_type in IF_TYPE_TUNNELS and _lowered_has(description, ("teredo", "isatap", "6to4", "ip-https")):
        return "virtual"
    if if_type not in IF_TYPE_TUNNELS and not _lowered_has(description, PARAVIRTUAL_NIC_MARKERS):
        if _lowered_has(description, VPN_DRIVER_MARKERS):
            return "vpn"
        if _lowered_has(description, VIRTUAL_DRIVER_MARKERS):
            return "virtual"
    return classify_windows_adapter({"InterfaceType": if_type, "InterfaceDescription": description})


def windows_connection_facts(interfaces: Sequence[Mapping[str, Any]], best_indexes: Sequence[int]) -> dict[str, Any]:
    """Connection facts from GetAdaptersAddresses records and the interface index GetBestInterfaceEx chose
    (IPv4 first, then IPv6).

    Each record: index, name (the adapter's friendly name), description, if_type, oper_status, tunnel_type,
    speed_bps, gateways (addresses), metric.
    """
    up = [record for record in interfaces if record.get("oper_status") == IF_OPER_STATUS_UP]
    by_name = {str(record.get("name")): record for record in interfaces}
    by_index = {record.get("index"): record for record in interfaces}
    with_gateway = sorted((record for record in up if record.get("gateways")), key=lambda r: r.get("metric") or 0)
    defaults = [str(record.get("name")) for record in with_gateway]
    active = next((str(by_index[index].get("name")) for index in best_indexes if index in by_index), None)

    def kind_of(name: str) -> str:
        record = by_name.get(name)
        return classify_windows_interface(record) if record is not None else "unknown"

    def speed_of(name: str) -> int | None:
        bps = (by_name.get(name) or {}).get("speed_bps")
        # Windows says 2^64-1 ("unknown") for some drivers; a real link is below 10 Tbit/s.
        return int(bps // 1_000_000) if isinstance(bps, int) and 0 < bps < 10**13 else None

    return connection_facts(active, kind_of, speed_of, defaults)


# --- the IP Helper API ---------------------------------------------------------------------------

def _sockaddr_text(pointer: Any, length: int) -> str | None:
    """The address in a SOCKADDR of `length` bytes (AF_INET 2 or AF_INET6 23), as text."""
    if not pointer or length < 8:
        return None
    import ctypes

    raw = ctypes.string_at(pointer, length)
    family = int.from_bytes(raw[:2], "little")
    if family == 2:
        return str(ipaddress.IPv4Address(raw[4:8]))
    if family == 23 and length >= 24:
        return str(ipaddress.IPv6Address(raw[8:24]))
    return None


def adapters_addresses() -> list[dict[str, Any]]:
    """Every interface GetAdaptersAddresses lists, as plain records (see windows_connection_facts)."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return []
    import ctypes
    from ctypes import wintypes

    class SOCKET_ADDRESS(ctypes.Structure):  # noqa: N801 - Win32 names
        _fields_ = [("lpSockaddr", ctypes.c_void_p), ("iSockaddrLength", ctypes.c_int)]

    class ADDRESS_ENTRY(ctypes.Structure):  # noqa: N801 - the head shared by unicast and gateway entries
        pass

    ADDRESS_ENTRY._fields_ = [("Length", wintypes.ULONG), ("Flags", wintypes.DWORD),
                              ("Next", ctypes.POINTER(ADDRESS_ENTRY)), ("Address", SOCKET_ADDRESS)]

    class IP_ADAPTER_ADDRESSES(ctypes.Structure):  # noqa: N801
        pass

    IP_ADAPTER_ADDRESSES._fields_ = [
        ("Length", wintypes.ULONG), ("IfIndex", wintypes.DWORD),
        ("Next", ctypes.POINTER(IP_ADAPTER_ADDRESSES)),
        ("AdapterName", ctypes.c_char_p),
        ("FirstUnicastAddress", ctypes.POINTER(ADDRESS_ENTRY)),
        ("FirstAnycastAddress", ctypes.c_void_p),
        ("FirstMulticastAddress", ctypes.c_void_p),
        ("FirstDnsServerAddress", ctypes.c_void_p),
        ("DnsSuffix", ctypes.c_wchar_p),
        ("Description", ctypes.c_wchar_p),
        ("FriendlyName", ctypes.c_wchar_p),
        ("PhysicalAddress", ctypes.c_ubyte * 8),
        ("PhysicalAddressLength", wintypes.ULONG),
        ("Flags", wintypes.ULONG),
        ("Mtu", wintypes.ULONG),
        ("IfType", wintypes.ULONG),
        ("OperStatus", ctypes.c_int),
        ("Ipv6IfIndex", wintypes.DWORD),
        ("ZoneIndices", wintypes.ULONG * 16),
        ("FirstPrefix", ctypes.c_void_p),
        ("TransmitLinkSpeed", ctypes.c_uint64),
        ("ReceiveLinkSpeed", ctypes.c_uint64),
        ("FirstWinsServerAddress", ctypes.c_void_p),
        ("FirstGatewayAddress", ctypes.POINTER(ADDRESS_ENTRY)),
        ("Ipv4Metric", wintypes.ULONG),
        ("Ipv6Metric", wintypes.ULONG),
        ("Luid", ctypes.c_uint64),
        ("Dhcpv4Server", SOCKET_ADDRESS),
        ("CompartmentId", wintypes.ULONG),
        ("NetworkGuid", ctypes.c_ubyte * 16),
        ("ConnectionType", ctypes.c_int),
        ("TunnelType", ctypes.c_int),
    ]

    def addresses(entry: Any) -> list[str]:
        found = []
        while entry:
            text = _sockaddr_text(entry.contents.Address.lpSockaddr, entry.contents.Address.iSockaddrLength)
            if text:
                found.append(text)
            entry = entry.contents.Next
        return found

    get_adapters = ctypes.WinDLL("iphlpapi").GetAdaptersAddresses
    flags = GAA_FLAG_INCLUDE_GATEWAYS | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER
    size = wintypes.ULONG(16 * 1024)
    for _attempt in range(4):  # the list can grow between the size query and the call
        buffer = ctypes.create_string_buffer(size.value)
        result = get_adapters(0, flags, None, buffer, ctypes.byref(size))  # AF_UNSPEC
        if result != ERROR_BUFFER_OVERFLOW:
            break
    if result == ERROR_NO_DATA:
        return []
    if result != 0:
        raise ProbeError(f"GetAdaptersAddresses failed with error {result}")
    records = []
    adapter = ctypes.cast(buffer, ctypes.POINTER(IP_ADAPTER_ADDRESSES))
    while adapter:
        item = adapter.contents
        records.append({
            "index": int(item.IfIndex) or int(item.Ipv6IfIndex),
            "name": item.FriendlyName or "",
            "description": item.Description or "",
            "if_type": int(item.IfType),
            "oper_status": int(item.OperStatus),
            "tunnel_type": int(item.TunnelType),
            "speed_bps": int(item.ReceiveLinkSpeed) or None,
            "gateways": addresses(item.FirstGatewayAddress),
            "addresses": addresses(item.FirstUnicastAddress),
            "metric": int(item.Ipv4Metric),
        })
        adapter = item.Next
    return records


def best_interface_indexes() -> list[int]:
    """The interface GetBestInterfaceEx would use to reach a public address, IPv4 then IPv6."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return []
    import ctypes

    get_best = ctypes.WinDLL("iphlpapi").GetBestInterfaceEx
    indexes = []
    for family, target in PROBE_TARGETS:
        if family == socket.AF_INET:
            sockaddr = (2).to_bytes(2, "little") + bytes(2) + ipaddress.IPv4Address(target).packed + bytes(8)
        else:
            sockaddr = (23).to_bytes(2, "little") + bytes(6) + ipaddress.IPv6Address(target).packed + bytes(4)
        index = ctypes.c_uint32()
        buffer = ctypes.create_string_buffer(sockaddr, len(sockaddr))
        if get_best(buffer, ctypes.byref(index)) == 0 and index.value not in indexes:
            indexes.append(int(index.value))
    return indexes


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """The interface carrying the default route and what it is, from the IP Helper API."""
    return windows_connection_facts(adapters_addresses(), best_interface_indexes())

"""Connection: which interface carries traffic to the internet, and what kind of link it is.

The active interface is found with the UDP-connect trick (connecting a UDP socket sends no packet but
makes the OS pick a route and a source address) and psutil's address list. The link type comes from
what the OS itself says about the device: Linux sysfs, macOS `networksetup`, Windows `Get-NetAdapter`
media fields. Names chosen by users or translated by Windows ("Ethernet 2", "WLAN") are never used.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from rigcheck.facts.connection import CONNECTION
from rigcheck.probes._exec import read_text
from rigcheck.probes._local_util import as_bool, as_int
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeSpec, ProbeUnsupported

KINDS: tuple[str, ...] = ("ethernet", "wifi", "cellular", "vpn", "virtual", "unknown")
PHYSICAL_KINDS: tuple[str, ...] = ("ethernet", "wifi", "cellular")

# Any public address works: a connected UDP socket only selects a route. No packet is sent.
PROBE_TARGETS: tuple[tuple[socket.AddressFamily, str], ...] = (
    (socket.AF_INET, "1.1.1.1"),
    (socket.AF_INET6, "2606:4700:4700::1111"),
)


# --- the active path (all OSes) --------------------------------------------------------------------


def source_address(family: socket.AddressFamily, target: str) -> str | None:
    """The local address the OS would use to reach `target`, or None without a route."""
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((target, 53))
            return sock.getsockname()[0]
    except OSError:
        return None


def interface_for_address(address: str, if_addrs: Mapping[str, Iterable[Any]]) -> str | None:
    """Name of the interface holding `address` in a psutil.net_if_addrs() mapping."""
    wanted = address.split("%", 1)[0]
    for name, entries in if_addrs.items():
        for entry in entries:
            if str(getattr(entry, "address", "")).split("%", 1)[0] == wanted:
                return name
    return None


def find_active_interface(if_addrs: Mapping[str, Iterable[Any]]) -> str | None:
    """The interface that carries internet traffic (IPv4 preferred, then IPv6)."""
    for family, target in PROBE_TARGETS:
        address = source_address(family, target)
        if address and not ipaddress.ip_address(address.split("%", 1)[0]).is_loopback:
            name = interface_for_address(address, if_addrs)
            if name:
                return name
    return None


_MAC_NAME = re.compile(r"^(en|wl|ww|ib)x[0-9a-fA-F]{12}$")


def public_interface_name(name: str | None) -> str | None:
    """The interface name for the report; systemd's MAC-based names (enx001122334455) hide the MAC."""
    if name is None:
        return None
    return _MAC_NAME.sub(lambda match: f"{match.group(1)}x…", name)


def connection_facts(
    active: str | None,
    kind_of: Callable[[str], str],
    speed_of: Callable[[str], int | None],
    default_route_interfaces: list[str],
    gateway_interfaces: list[str] | None = None,
) -> dict[str, Any]:
    """The connection facts from the active interface, a classifier and the default-route interfaces.

    online means a default route exists (or the OS found a route to the internet for the UDP probe).
    Under a VPN the underlay is the physical link of another default route or, when the VPN replaced
    the default route, of a route through a gateway (the host route to the VPN server).
    """
    if active is None and default_route_interfaces:
        active = default_route_interfaces[0]
    if active is None:
        return {
            "kind": "unknown",
            "interface": None,
            "link_speed_mbps": None,
            "vpn_active": False,
            "underlay_kind": None,
            "online": False,
        }
    kind = kind_of(active)
    underlay = None
    if kind == "vpn":
        others = [name for name in [*default_route_interfaces, *(gateway_interfaces or [])] if name != active]
        candidates = [kind_of(name) for name in dict.fromkeys(others)]
        underlay = next((k for k in candidates if k in PHYSICAL_KINDS), None)
        if underlay is None:
            underlay = next((k for k in candidates if k != "vpn"), None)
    speed = speed_of(active) if kind in PHYSICAL_KINDS else None
    return {
        "kind": kind,
        "interface": public_interface_name(active),
        "link_speed_mbps": speed,
        "vpn_active": kind == "vpn",
        "underlay_kind": underlay,
        "online": True,
    }


def import_psutil() -> Any:
    """psutil, or ProbeUnsupported saying it is missing."""
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    return psutil


def psutil_speed(stats: Mapping[str, Any], name: str) -> int | None:
    entry = stats.get(name)
    speed = getattr(entry, "speed", 0) if entry is not None else 0
    return int(speed) if speed and speed > 0 else None


# --- Linux ----------------------------------------------------------------------------------------

# ARPHRD values from /sys/class/net/IF/type (linux/if_arp.h).
ARPHRD_ETHER = 1
ARPHRD_LOOPBACK = 772
ARPHRD_NONE = 65534  # tun, WireGuard
ARPHRD_TUNNELS = frozenset({768, 769, 776, 778, 823, ARPHRD_NONE})  # ipip, ip6tnl, sit, gre, ip6gre, none
ARPHRD_PPP = 512

DEVTYPE_KINDS: Mapping[str, str] = {
    "wlan": "wifi",
    "wwan": "cellular",
    "wireguard": "vpn",
    "l2tp": "vpn",
    "xfrm": "vpn",
    "veth": "virtual",
    "vxlan": "virtual",
    "geneve": "virtual",
    "macsec": "virtual",
}
# Devices whose kind is the kind of the devices under them.
STACKED_DEVTYPES = frozenset({"bridge", "bond", "vlan", "team", "macvlan", "macvtap", "ipvlan", "8021q"})

_WIRELESS_MODEL_WORDS = ("802.11", "wlan", "wireless", "wi-fi", "wifi")

# Drivers of NICs that exist only inside virtual machines (and WSL2): the guest's "cable" ends at a
# virtual switch, so the host's real link (maybe Wi-Fi) cannot be seen from here.
PARAVIRTUAL_DRIVERS = frozenset({"virtio_net", "vmxnet3", "hv_netvsc", "vif", "xen-netfront", "ena", "gve"})
# Drivers whose device is a phone sharing its mobile data over USB.
TETHERING_DRIVERS: Mapping[str, str] = {"ipheth": "cellular"}


@dataclass(frozen=True)
class LinuxLink:
    """What sysfs and the udev database say about one network interface."""

    name: str
    devtype: str | None = None
    arphrd_type: int | None = None
    wireless: bool = False  # wireless/ directory or phy80211 link
    tun: bool = False  # tun_flags: a tun/tap device (OpenVPN, Tailscale, ...)
    has_device: bool = False  # a `device` link: backed by hardware (or an emulated NIC in a VM)
    lowers: tuple[str, ...] = ()
    udev_model: str | None = None  # ID_MODEL_FROM_DATABASE or ID_MODEL
    driver: str | None = None  # name of the device/driver link (virtio_net, e1000e, ipheth, ...)


def parse_uevent(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a sysfs uevent file."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep:
            values[key] = value
    return values


def parse_udev_properties(text: str) -> dict[str, str]:
    """The E: properties of a udev record (`udevadm info` "E: K=V" or /run/udev/data "E:K=V")."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("E:"):
            key, sep, value = line[2:].strip().partition("=")
            if sep:
                values[key] = value
    return values


def classify_linux_link(link: LinuxLink, lower_kinds: Iterable[str] = ()) -> str:
    """Kind of a Linux interface, following networkctl: DEVTYPE first, then the ARPHRD type,
    then sysfs hints (wireless/, tun_flags, lower devices, a hardware `device` link)."""
    if link.arphrd_type == ARPHRD_LOOPBACK or link.name == "lo":
        return "virtual"
    devtype = (link.devtype or "").lower()
    if devtype in DEVTYPE_KINDS:
        return DEVTYPE_KINDS[devtype]
    if link.wireless:
        return "wifi"
    if link.tun or link.arphrd_type in ARPHRD_TUNNELS:
        return "vpn"
    if devtype in STACKED_DEVTYPES or link.lowers:
        # A bridge, bond or VLAN carries what its lower devices carry.
        lower = set(lower_kinds)
        return next((kind for kind in PHYSICAL_KINDS if kind in lower), "virtual")
    if link.arphrd_type == ARPHRD_PPP:
        # PPP can be a mobile modem, a PPPoE line or a PPTP/L2TP VPN: sysfs does not say which.
        return "unknown"
    return _device_link_kind(link)


def _device_link_kind(link: LinuxLink) -> str:
    """Kind of a link that is neither stacked nor a tunnel: from its hardware device and driver."""
    if not link.has_device or link.driver in PARAVIRTUAL_DRIVERS:
        return "virtual"
    if link.driver is not None and link.driver in TETHERING_DRIVERS:
        return TETHERING_DRIVERS[link.driver]
    if link.arphrd_type == ARPHRD_ETHER:
        model = (link.udev_model or "").lower()
        # Out-of-tree Wi-Fi drivers can omit DEVTYPE=wlan; the hardware database name still says 802.11.
        if any(word in model for word in _WIRELESS_MODEL_WORDS):
            return "wifi"
        return "ethernet"
    return "unknown"


def read_linux_link(name: str, sys_class_net: str = "/sys/class/net", udev_data: str = "/run/udev/data") -> LinuxLink:
    """Collect a LinuxLink from sysfs (and the udev database when present)."""
    base = os.path.join(sys_class_net, name)
    uevent = parse_uevent(read_text(os.path.join(base, "uevent"), "") or "")
    try:
        entries = os.listdir(base)
    except OSError:
        entries = []
    lowers = tuple(sorted(entry[len("lower_") :] for entry in entries if entry.startswith("lower_")))
    if not lowers and os.path.isdir(os.path.join(base, "brif")):
        try:
            lowers = tuple(sorted(os.listdir(os.path.join(base, "brif"))))
        except OSError:
            pass
    udev_model = None
    ifindex = uevent.get("IFINDEX") or (read_text(os.path.join(base, "ifindex")) or "")
    if ifindex:
        udev = parse_udev_properties(read_text(os.path.join(udev_data, f"n{ifindex}"), "") or "")
        udev_model = udev.get("ID_MODEL_FROM_DATABASE") or udev.get("ID_MODEL") or None
    devtype = uevent.get("DEVTYPE") or None
    if devtype is None and os.path.isdir(os.path.join(base, "bridge")):
        devtype = "bridge"
    if devtype is None and os.path.isdir(os.path.join(base, "bonding")):
        devtype = "bond"
    driver = None
    try:
        driver = os.path.basename(os.readlink(os.path.join(base, "device", "driver"))) or None
    except OSError:
        pass
    return LinuxLink(
        name=name,
        devtype=devtype,
        driver=driver,
        arphrd_type=as_int(read_text(os.path.join(base, "type"))),
        wireless="wireless" in entries or "phy80211" in entries,
        tun="tun_flags" in entries,
        has_device="device" in entries,
        lowers=lowers,
        udev_model=udev_model,
    )


def linux_interface_kind(
    name: str, sys_class_net: str = "/sys/class/net", udev_data: str = "/run/udev/data", _depth: int = 0
) -> str:
    """Kind of a Linux interface, resolving bridges, bonds and VLANs through their lower devices."""
    link = read_linux_link(name, sys_class_net, udev_data)
    lower_kinds = []
    if _depth < 4:
        lower_kinds = [linux_interface_kind(lower, sys_class_net, udev_data, _depth + 1) for lower in link.lowers]
    return classify_linux_link(link, lower_kinds)


def linux_link_speed(name: str, sys_class_net: str = "/sys/class/net") -> int | None:
    """Negotiated speed in Mbit/s from sysfs; None for Wi-Fi, virtual links or unknown (-1)."""
    speed = as_int(read_text(os.path.join(sys_class_net, name, "speed")))
    return speed if speed and speed > 0 else None


def parse_proc_net_route(text: str, *, default_only: bool = True) -> list[str]:
    """Interfaces holding an IPv4 default route (up) in /proc/net/route, by metric.

    With default_only=False: interfaces holding any route through a gateway (RTF_GATEWAY).
    """
    routes: list[tuple[int, str]] = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        iface, destination, _gateway, flags, _refcnt, _use, metric, mask = fields[:8]
        try:
            flag_bits = int(flags, 16)
        except ValueError:
            continue
        if not flag_bits & 0x1:  # RTF_UP
            continue
        is_default = destination == "00000000" and mask == "00000000"
        if is_default if default_only else flag_bits & 0x2:  # RTF_GATEWAY
            routes.append((as_int(metric) or 0, iface))
    return list(dict.fromkeys(iface for _, iface in sorted(routes)))


def parse_proc_ipv6_route(text: str) -> list[str]:
    """Interfaces holding an IPv6 default route in /proc/net/ipv6_route (reject routes on lo skipped)."""
    routes: list[tuple[int, str]] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 10:
            continue
        destination, prefix_len, metric, flags, iface = fields[0], fields[1], fields[5], fields[8], fields[9]
        try:
            rejected = int(flags, 16) & 0x0200
            metric_value = int(metric, 16)
        except ValueError:
            continue
        if destination == "0" * 32 and prefix_len == "00" and iface != "lo" and not rejected:
            routes.append((metric_value, iface))
    return [iface for _, iface in sorted(routes)]


# --- macOS ----------------------------------------------------------------------------------------

_MACOS_TUNNEL_PREFIXES = ("utun", "ipsec", "ppp", "gif", "stf", "tun", "tap", "wg")
_MACOS_VIRTUAL_PREFIXES = ("bridge", "vmnet", "awdl", "llw", "anpi", "ap", "lo", "vboxnet", "feth")


def parse_networksetup_ports(text: str) -> dict[str, str]:
    """`networksetup -listallhardwareports` as {device: hardware port name}."""
    ports: dict[str, str] = {}
    port: str | None = None
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "Hardware Port":
            port = value
        elif key == "Device" and port is not None:
            ports[value] = port
            port = None
    return ports


def classify_macos_port(port: str) -> str:
    """Kind of a macOS hardware port by the name networksetup gives it (Apple's names, not the user's)."""
    lowered = port.lower()
    if lowered in ("wi-fi", "airport") or "wi-fi" in lowered or "airport" in lowered:
        return "wifi"
    if "iphone" in lowered or "ipad" in lowered or "bluetooth pan" in lowered or "modem" in lowered:
        # Tethering to a phone: the phone's mobile data carries the traffic.
        return "cellular"
    if "bridge" in lowered:
        return "virtual"
    if "ethernet" in lowered or "lan" in lowered:
        return "ethernet"
    return "unknown"


def classify_macos_interface(name: str, ports: Mapping[str, str]) -> str:
    """Kind of a macOS interface: tunnels by BSD name (they are never hardware ports), else its port."""
    if name in ports:
        return classify_macos_port(ports[name])
    if name.startswith(_MACOS_TUNNEL_PREFIXES):
        return "vpn"
    if name.startswith(_MACOS_VIRTUAL_PREFIXES):
        return "virtual"
    return "unknown"


def parse_route_get(text: str) -> str | None:
    """The `interface:` of `route -n get default` output."""
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == "interface":
            return value.strip() or None
    return None


# --- Windows --------------------------------------------------------------------------------------

# NDIS_PHYSICAL_MEDIUM (ntddndis.h) as NdisPhysicalMedium numbers and PhysicalMediaType strings.
NDIS_PHYSICAL_MEDIUM_KINDS: Mapping[int, str] = {
    1: "wifi",  # WirelessLan
    2: "ethernet",  # CableModem
    3: "ethernet",  # PhoneLine
    4: "ethernet",  # PowerLine (the PC's own port is wired)
    5: "ethernet",  # DSL
    8: "cellular",  # WirelessWan
    9: "wifi",  # Native802_11
    10: "cellular",  # Bluetooth PAN: tethering to a phone
    12: "cellular",  # WiMax
    14: "ethernet",  # 802.3
    17: "ethernet",  # WiredWAN
}
PHYSICAL_MEDIA_TYPE_KINDS: Mapping[str, str] = {
    "802.3": "ethernet",
    "native 802.11": "wifi",
    "wireless lan": "wifi",
    "wireless wan": "cellular",
    "bluetooth": "cellular",
    "wimax": "cellular",
    "dsl": "ethernet",
    "cable modem": "ethernet",
}
# IANA ifType (InterfaceType) values.
IF_TYPE_KINDS: Mapping[int, str] = {6: "ethernet", 71: "wifi", 243: "cellular", 244: "cellular"}
IF_TYPE_TUNNELS = frozenset({23, 53, 131})  # ppp (RAS VPN), propVirtual (Wintun/WireGuard), tunnel
NDIS_MEDIUM_TUNNELS = frozenset({15, 19})  # NdisMediumTunnel, NdisMediumIP (layer-3 VPN adapters)

# Driver identities (ComponentID, driver description) of software adapters; these come from the driver
# package, not from the user or the display language.
VPN_DRIVER_MARKERS: tuple[str, ...] = (
    "tap0901",
    "tap-windows",
    "tapoas",
    "tap-",
    "wintun",
    "wireguard",
    "tailscale",
    "zerotier",
    "openvpn",
    "ovpn-dco",
    "vpn",
    "anyconnect",
    "pangp",
    "globalprotect",
    "fortinet",
    "ftvnic",
    "ftsvnic",
    "juniper",
    "pulse secure",
    "ivanti",
    "nordlynx",
    "sonicwall",
    "netextender",
    "check point",
    "zscaler",
    "cloudflare",
    "mullvad",
    "array networks",
)
VIRTUAL_DRIVER_MARKERS: tuple[str, ...] = (
    "hyper-v",
    "vms_mp",
    "virtualbox",
    "vboxnet",
    "vmware",
    "vmnet",
    "kdnic",
    "kernel debug",
    "loopback",
    "wsl",
    "docker",
    "npcap",
    "wan miniport",
    "teredo",
    "isatap",
    "6to4",
    "ip-https",
)


# Paravirtual NICs of hypervisors: hardware-looking adapters that exist only inside virtual machines.
PARAVIRTUAL_NIC_MARKERS: tuple[str, ...] = (
    "vmxnet",
    "virtio",
    "hyper-v network adapter",
    "vmbus",
    "xen net",
    "xen pv",
    "aws pv",
    "elastic network adapter",
    "google vnic",
    "parallels virtio",
    "vmware virtual ethernet",
)


def normalise_adapter(record: Mapping[str, Any]) -> dict[str, Any]:
    """One adapter from Get-NetAdapter JSON or a recorded MSFT_NetAdapter wmic record, typed."""
    return {
        "name": record.get("Name"),
        "index": as_int(
            record.get("InterfaceIndex") if record.get("InterfaceIndex") is not None else record.get("ifIndex")
        ),
        "description": " ".join(
            str(record.get(key) or "") for key in ("InterfaceDescription", "DriverDescription", "ifDesc")
        ).strip(),
        "component": str(record.get("ComponentID") or ""),
        "pnp": str(record.get("PnPDeviceID") or ""),
        "media_type": str(record.get("MediaType") or "").strip().lower() or None,
        "physical_media_type": str(record.get("PhysicalMediaType") or "").strip().lower() or None,
        "ndis_medium": as_int(record.get("NdisMedium")),
        "ndis_physical_medium": as_int(record.get("NdisPhysicalMedium")),
        "if_type": as_int(record.get("InterfaceType")),
        "virtual": as_bool(record.get("Virtual")),
        "hardware": as_bool(record.get("HardwareInterface")),
        "connector": as_bool(record.get("ConnectorPresent")),
        "speed_bps": as_int(record.get("Speed")) or as_int(record.get("ReceiveLinkSpeed")),
    }


def _has_marker(text: str, markers: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in markers)


def _windows_medium_kind(adapter: Mapping[str, Any]) -> str | None:
    """What the adapter's media fields say it is: NDIS physical medium, then media type, then ifType."""
    medium_kind = (
        NDIS_PHYSICAL_MEDIUM_KINDS.get(adapter["ndis_physical_medium"]) if adapter["ndis_physical_medium"] else None
    )
    if medium_kind is None and adapter["physical_media_type"]:
        medium_kind = PHYSICAL_MEDIA_TYPE_KINDS.get(adapter["physical_media_type"])
    if medium_kind is None and adapter["if_type"] in (71, 243, 244):
        medium_kind = IF_TYPE_KINDS[adapter["if_type"]]
    return medium_kind


def _windows_driver_kind(identity: str) -> str | None:
    if _has_marker(identity, VPN_DRIVER_MARKERS):
        return "vpn"
    if _has_marker(identity, VIRTUAL_DRIVER_MARKERS):
        return "virtual"
    return None


def _is_software_adapter(adapter: Mapping[str, Any]) -> bool:
    # Real NICs always report their physical medium; "Unspecified" is what software adapters report.
    unspecified_medium = adapter["ndis_physical_medium"] == 0 or adapter["physical_media_type"] == "unspecified"
    return (
        adapter["virtual"] is True
        or (adapter["hardware"] is False and adapter["connector"] is False)
        or adapter["pnp"].upper().startswith(("ROOT\\", "SWD\\"))
        or unspecified_medium
    )


def classify_windows_adapter(record: Mapping[str, Any]) -> str:
    """Kind of a Windows network adapter from its media fields and driver identity, never its Name.

    Software adapters (Virtual, no hardware interface, root-enumerated) that claim 802.3 - TAP, Fortinet,
    Hyper-V vEthernet - are VPN or virtual, whatever medium they emulate.
    """
    adapter = normalise_adapter(record) if "ndis_physical_medium" not in record else dict(record)
    identity = f"{adapter['component']} {adapter['description']}"
    if adapter["if_type"] in IF_TYPE_TUNNELS or adapter["ndis_medium"] in NDIS_MEDIUM_TUNNELS:
        return "vpn"
    if _has_marker(identity, PARAVIRTUAL_NIC_MARKERS):
        return "virtual"
    medium_kind = _windows_medium_kind(adapter)
    # Bluetooth PAN is a software adapter over a radio; its medium says what it is.
    if medium_kind == "cellular" and adapter["ndis_physical_medium"] == 10:
        return "cellular"
    software = _is_software_adapter(adapter)
    structured = any(
        adapter[key] is not None
        for key in ("ndis_physical_medium", "physical_media_type", "if_type", "virtual", "hardware")
    )
    if software or not structured:
        # A software adapter, or one described by its driver alone: the driver names it.
        driver_kind = _windows_driver_kind(identity)
        if driver_kind is not None or software:
            return driver_kind or "virtual"
    if medium_kind is not None:
        return medium_kind
    if adapter["if_type"] == 6:
        return "ethernet"
    if not structured:
        return describe_windows_adapter(adapter["description"])
    return "unknown"


def describe_windows_adapter(description: str) -> str:
    """Last resort when only a driver description is known (tables without media fields).

    Descriptions come from the driver (Intel(R) Wi-Fi 6 AX201, Realtek USB GbE Family Controller), not the
    user's adapter name, so they are safe to read; they are used only when no media field exists.
    """
    lowered = description.lower()
    if re.search(r"wi-fi|wireless|802\.11|\bwlan\b|centrino", lowered):
        return "wifi"
    if re.search(r"mobile broadband|\blte\b|\bwwan\b|\b5g\b", lowered):
        return "cellular"
    if re.search(r"ethernet|gigabit|\bgbe\b|10/100|family controller", lowered):
        return "ethernet"
    return "unknown"


collect = os_collector(__name__, "the network links")

PROBE = ProbeSpec(id=CONNECTION.id, title=CONNECTION.title, collect=collect, timeout_s=25.0, facts=CONNECTION.facts)

"""connection probe: link classification per OS against recorded outputs and labelled real listings."""

from __future__ import annotations

import re
import socket
import sys
from collections import namedtuple
from pathlib import Path

import pytest

from os_captures import link_from_udev, parse_wmic_list

from rigcheck.probes import connection as conn
from rigcheck.probes.connection import macos as conn_macos
from rigcheck.probes.connection import windows as conn_windows
from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import ProbeContext, run_probe

from ._fixtures import fixture_text, listing, write_tree

# Labels of network-listings.jsonl mapped to connection kinds (loopback is a virtual link).
LABEL_KINDS = {"ethernet": "ethernet", "wifi": "wifi", "vpn_tunnel": "vpn", "virtual": "virtual", "loopback": "virtual"}

Addr = namedtuple("Addr", "family address netmask broadcast ptp")


def acceptable(label: dict) -> set[str]:
    kinds = {LABEL_KINDS[label["label"]]}
    if label.get("alt_label") in LABEL_KINDS:
        kinds.add(LABEL_KINDS[label["alt_label"]])
    return kinds


# --- the active path ----------------------------------------------------------------------------------


def test_interface_for_address_matches_ipv4_and_scoped_ipv6():
    addrs = {
        "lo": [Addr(socket.AF_INET, "127.0.0.1", None, None, None)],
        "wlan0": [
            Addr(socket.AF_INET, "10.0.0.7", None, None, None),
            Addr(socket.AF_INET6, "fe80::1%wlan0", None, None, None),
        ],
    }
    assert conn.interface_for_address("10.0.0.7", addrs) == "wlan0"
    assert conn.interface_for_address("fe80::1", addrs) == "wlan0"
    assert conn.interface_for_address("10.9.9.9", addrs) is None


def _kinds(mapping):
    return lambda name: mapping[name]


def test_connection_facts_plain_ethernet():
    facts = conn.connection_facts("eth0", _kinds({"eth0": "ethernet"}), lambda name: 1000, ["eth0"])
    assert facts == {
        "kind": "ethernet",
        "interface": "eth0",
        "link_speed_mbps": 1000,
        "vpn_active": False,
        "underlay_kind": None,
        "online": True,
    }


def test_connection_facts_vpn_reports_the_physical_underlay():
    kinds = {"tun0": "vpn", "docker0": "virtual", "wlan0": "wifi"}
    facts = conn.connection_facts("tun0", _kinds(kinds), lambda name: 100, ["docker0", "wlan0"])
    assert facts["kind"] == "vpn" and facts["vpn_active"] is True
    assert facts["underlay_kind"] == "wifi"
    assert facts["link_speed_mbps"] is None  # a tunnel's "speed" is not a link speed


def test_no_default_route_is_offline_not_an_error():
    facts = conn.connection_facts(None, _kinds({}), lambda name: None, [])
    assert facts == {
        "kind": "unknown",
        "interface": None,
        "link_speed_mbps": None,
        "vpn_active": False,
        "underlay_kind": None,
        "online": False,
    }


def test_default_route_without_source_address_still_names_the_interface():
    facts = conn.connection_facts(None, _kinds({"eth0": "ethernet"}), lambda name: None, ["eth0"])
    assert facts["interface"] == "eth0" and facts["online"] is True


# --- Linux ----------------------------------------------------------------------------------------


def test_default_routes_from_recorded_proc_files():
    assert conn.parse_proc_net_route(fixture_text("linux/proc-net-route_rigcheck-dev-box.txt")) == ["eth0"]
    # The kernel's reject default route on lo is not a way out.
    assert conn.parse_proc_ipv6_route(fixture_text("linux/proc-net-ipv6_route_rigcheck-dev-box.txt")) == ["eth0"]
    header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    two = (
        header
        + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\neth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    )
    assert conn.parse_proc_net_route(two) == ["eth0", "wlan0"]  # by metric
    down = header + "eth0\t00000000\t0101A8C0\t0002\t0\t0\t100\t00000000\t0\t0\t0\n"
    assert conn.parse_proc_net_route(down) == []
    assert conn.parse_proc_net_route(header) == []


def test_udev_records_of_ethernet_and_wifi():
    records = fixture_text("linux/udevadm-export-db_T430S_EXCERPT_net_eth0-wlan0.txt").split("\n\n")
    links = [link_from_udev(conn.parse_udev_properties(record)) for record in records]
    assert [(link.name, conn.classify_linux_link(link)) for link in links] == [("eth0", "ethernet"), ("wlan0", "wifi")]


def test_new_format_udev_record_with_devtype_wlan():
    properties = conn.parse_udev_properties(fixture_text("linux/udevadm-info_net-wlan-phy0-ap0_systemd-pr-22502.txt"))
    assert properties["DEVTYPE"] == "wlan"
    assert conn.classify_linux_link(link_from_udev(properties)) == "wifi"


def test_usb_wifi_without_devtype_is_caught_by_the_hardware_database_name():
    properties = conn.parse_udev_properties(
        fixture_text("linux/udevadm-info_net-usb-wifi-WITHOUT-devtype_rtl8192cu-fixes-issue-23.txt")
    )
    assert "DEVTYPE" not in properties
    assert conn.classify_linux_link(link_from_udev(properties)) == "wifi"


def recorded_wlan0_uevent() -> str:
    """The real wlan0 uevent (Raspberry Pi 3, brcmfmac), without the grep path prefix."""
    text = fixture_text("linux/sys-class-net-wlan0-uevent_rpi3-brcmfmac_raspberrypi-linux-issue-2132_EXCERPT.txt")
    return "\n".join(line.split("uevent:", 1)[1] for line in text.splitlines()) + "\n"


def fake_netdev(
    root: Path, name: str, *, uevent: str | None = None, arphrd: int = 1, device: bool = True, extra: dict | None = None
) -> None:
    """A /sys/class/net/<name> directory as the kernel lays it out."""
    base = root / name
    files = {
        f"{name}/uevent": uevent if uevent is not None else f"INTERFACE={name}\nIFINDEX=9\n",
        f"{name}/type": f"{arphrd}\n",
    }
    files.update({f"{name}/{key}": value for key, value in (extra or {}).items()})
    write_tree(root, files)
    if device:
        (base / "device").mkdir()


def test_linux_sysfs_classification(tmp_path):
    net = tmp_path / "net"
    fake_netdev(net, "wlan0", uevent=recorded_wlan0_uevent())
    fake_netdev(net, "enp3s0", extra={"speed": "1000\n"})
    fake_netdev(net, "lo", arphrd=772, device=False)
    fake_netdev(net, "tun0", arphrd=65534, device=False, extra={"tun_flags": "0x1001\n"})
    fake_netdev(net, "tap0", device=False, extra={"tun_flags": "0x1002\n"})
    fake_netdev(net, "wg0", uevent="DEVTYPE=wireguard\nINTERFACE=wg0\n", arphrd=65534, device=False)
    fake_netdev(net, "wwan0", uevent="DEVTYPE=wwan\nINTERFACE=wwan0\n", arphrd=519)
    fake_netdev(net, "ppp0", arphrd=512, device=False)
    fake_netdev(net, "veth12", device=False)
    fake_netdev(net, "wlx00c0ca", extra={"phy80211": None})  # out-of-tree driver: phy80211 link, no DEVTYPE
    # Stacked devices take the kind of what is under them.
    fake_netdev(
        net,
        "br0",
        uevent="DEVTYPE=bridge\nINTERFACE=br0\n",
        device=False,
        extra={"lower_enp3s0": None, "lower_veth12": None},
    )
    fake_netdev(
        net, "docker0", uevent="DEVTYPE=bridge\nINTERFACE=docker0\n", device=False, extra={"lower_veth12": None}
    )
    fake_netdev(net, "bond0", uevent="DEVTYPE=bond\nINTERFACE=bond0\n", device=False, extra={"lower_wlan0": None})
    fake_netdev(
        net, "enp3s0.10", uevent="DEVTYPE=vlan\nINTERFACE=enp3s0.10\n", device=False, extra={"lower_enp3s0": None}
    )
    expected = {
        "wlan0": "wifi",
        "enp3s0": "ethernet",
        "lo": "virtual",
        "tun0": "vpn",
        "tap0": "vpn",
        "wg0": "vpn",
        "wwan0": "cellular",
        "ppp0": "unknown",
        "veth12": "virtual",
        "wlx00c0ca": "wifi",
        "br0": "ethernet",
        "docker0": "virtual",
        "bond0": "wifi",
        "enp3s0.10": "ethernet",
    }
    found = {name: conn.linux_interface_kind(name, str(net), str(tmp_path / "udev")) for name in expected}
    assert found == expected
    assert conn.linux_link_speed("enp3s0", str(net)) == 1000
    assert conn.linux_link_speed("wlan0", str(net)) is None


def test_udev_database_model_name_marks_usb_wifi(tmp_path):
    net = tmp_path / "net"
    fake_netdev(net, "enp0s29f7u2", uevent="INTERFACE=enp0s29f7u2\nIFINDEX=22\n")
    # /run/udev/data/n22 holds the same E: properties as the recorded `udevadm info` record.
    recorded = fixture_text("linux/udevadm-info_net-usb-wifi-WITHOUT-devtype_rtl8192cu-fixes-issue-23.txt")
    write_tree(
        tmp_path / "udev",
        {"n22": "\n".join(line.replace("E: ", "E:", 1) for line in recorded.splitlines() if line.startswith("E: "))},
    )
    assert conn.linux_interface_kind("enp0s29f7u2", str(net), str(tmp_path / "udev")) == "wifi"
    assert conn.linux_interface_kind("enp0s29f7u2", str(net), str(tmp_path / "no-udev")) == "ethernet"


def test_labelled_psutil_listing_net_001(tmp_path):
    """docker0, lo, wlan0 from a real psutil.net_if_stats() paste; sysfs rebuilt as the kernel shows them."""
    item = listing("net-001")
    net = tmp_path / "net"
    fake_netdev(net, "docker0", uevent="DEVTYPE=bridge\nINTERFACE=docker0\n", device=False)
    fake_netdev(net, "lo", arphrd=772, device=False)
    fake_netdev(net, "wlan0", uevent=recorded_wlan0_uevent())
    for label in item["labels"]:
        name = label["iface"].strip("'")
        assert conn.linux_interface_kind(name, str(net), str(tmp_path)) in acceptable(label), name
    # The listing's point: speed is 0 everywhere, so speed cannot tell links apart; it becomes None.
    stats = {"wlan0": namedtuple("S", "speed")(0)}
    assert conn.psutil_speed(stats, "wlan0") is None


@pytest.mark.skipif(current_os() != "linux", reason="live Linux collector")
def test_live_connection_probe():
    import psutil

    result = run_probe(conn.PROBE)
    assert result.status == "ok", result.error
    values = result.values
    assert set(values) == {"kind", "interface", "link_speed_mbps", "vpn_active", "underlay_kind", "online"}
    assert values["kind"] in conn.KINDS
    assert isinstance(values["online"], bool) and isinstance(values["vpn_active"], bool)
    assert values["vpn_active"] == (values["kind"] == "vpn")
    if values["online"]:
        assert values["interface"] in psutil.net_if_addrs()
    else:
        assert values["kind"] == "unknown"
    assert result.duration_s < 5.0  # no network traffic: nothing here should wait on a timeout


# --- macOS ----------------------------------------------------------------------------------------


def test_networksetup_catalina_ports():
    ports = conn.parse_networksetup_ports(
        fixture_text("macos/networksetup-listallhardwareports_mbp16-intel-catalina.txt")
    )
    assert ports["en35"] == "USB 10/100/1000 LAN" and ports["bridge0"] == "Thunderbolt Bridge"
    kinds = {device: conn.classify_macos_interface(device, ports) for device in ports}
    assert kinds == {
        "en35": "ethernet",
        "en0": "wifi",
        "en37": "cellular",
        "en6": "cellular",
        "en1": "unknown",
        "en2": "unknown",
        "en3": "unknown",
        "en4": "unknown",
        "bridge0": "virtual",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "macos/networksetup-listallhardwareports_imac27-mojave.txt",
            {"en0": "ethernet", "en1": "wifi", "en4": "cellular", "bridge0": "virtual"},
        ),
        (
            "macos/networksetup-listallhardwareports_mbp16-m1pro-sonoma14.4.txt",
            {"en4": "ethernet", "en5": "ethernet", "en0": "wifi", "bridge0": "virtual"},
        ),
    ],
)
def test_networksetup_other_macs(name, expected):
    ports = conn.parse_networksetup_ports(fixture_text(name))
    assert {device: conn.classify_macos_interface(device, ports) for device in expected} == expected


def test_macos_tunnel_from_labelled_ifconfig_listing():
    item = listing("net-014")
    ports = conn.parse_networksetup_ports(
        fixture_text("macos/networksetup-listallhardwareports_mbp16-m1pro-sonoma14.4.txt")
    )
    for label in item["labels"]:
        name = label["iface"].rstrip(":")
        assert conn.classify_macos_interface(name, ports) in acceptable(label)


def test_macos_vpn_underlay_from_route_get_default():
    default = conn.parse_route_get(fixture_text("macos/constructed_route-get-default_en0.txt"))
    assert default == "en0"
    assert conn.parse_route_get("route: writing to routing socket: not in table\n") is None
    ports = conn.parse_networksetup_ports(
        fixture_text("macos/networksetup-listallhardwareports_mbp16-m1pro-sonoma14.4.txt")
    )
    facts = conn.connection_facts(
        "utun4", lambda name: conn.classify_macos_interface(name, ports), lambda name: None, [default]
    )
    assert (facts["kind"], facts["vpn_active"], facts["underlay_kind"]) == ("vpn", True, "wifi")


# --- Windows ------------------------------------------------------------------------------------------

WIN10 = "windows/MSFT_NetAdapter_wmic-list_win10-wifi-usb-ethernet-bt-hyperv.wmi.txt"
WIN_FORTINET = "windows/MSFT_NetAdapter_wmic-list_win-wifi-ax201-usb-realtek-fortinet.wmi.txt"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            WIN10,
            {
                "Targus Giga Ethernet": "ethernet",
                "Hyper-V Virtual Ethernet Adapter": "virtual",
                "Bluetooth Device (Personal Area Network) #3": "cellular",
                "TAP-Windows Adapter V9 #3": "vpn",
                "Intel(R) Dual Band Wireless-AC 8260": "wifi",
            },
        ),
        (
            WIN_FORTINET,
            {
                "Fortinet Virtual Ethernet Adapter (NDIS 6.30)": "vpn",
                "Realtek USB GbE Family Controller #2": "ethernet",
                "Intel(R) Wi-Fi 6 AX201 160MHz": "wifi",
                "Bluetooth Device (Personal Area Network)": "cellular",
                "Fortinet SSL VPN Virtual Ethernet Adapter": "vpn",
            },
        ),
    ],
)
def test_recorded_msft_netadapter_records(name, expected):
    records = parse_wmic_list(fixture_text(name))
    assert {r["InterfaceDescription"]: conn.classify_windows_adapter(r) for r in records} == expected


def test_windows_classification_ignores_the_adapter_name():
    records = parse_wmic_list(fixture_text(WIN10))
    before = [conn.classify_windows_adapter(r) for r in records]
    # Users rename adapters and Windows localises them: rotate the names and nothing may change.
    names = [r["Name"] for r in records]
    renamed = [{**r, "Name": names[(i + 1) % len(names)]} for i, r in enumerate(records)]
    assert [conn.classify_windows_adapter(r) for r in renamed] == before
    # A record that has only a name is not classified at all.
    for label in listing("net-021")["labels"]:
        assert conn.classify_windows_adapter({"Name": label["iface"].strip("'")}) == "unknown"


def test_windows_tunnel_interface_types():
    assert conn.classify_windows_adapter({"InterfaceType": 131, "NdisPhysicalMedium": 0}) == "vpn"
    assert conn.classify_windows_adapter({"InterfaceType": 53, "ComponentID": "wintun"}) == "vpn"
    assert conn.classify_windows_adapter({"InterfaceType": 23}) == "vpn"
    assert (
        conn.classify_windows_adapter({"InterfaceType": 243, "HardwareInterface": True, "NdisPhysicalMedium": 8})
        == "cellular"
    )


def test_tap_adapter_from_recorded_format_list():
    text = fixture_text("windows/Get-NetAdapter_Format-List-star_tap-windows-adapter_salt-issue-56275_EXCERPT.txt")
    record = {
        key.strip(): value.strip()
        for key, _, value in (line.partition(" : ") for line in text.splitlines() if " : " in line)
    }
    assert record["MediaType"] == "802.3" and record["PhysicalMediaType"] == "Unspecified"
    assert conn.classify_windows_adapter(record) == "vpn"


def parse_netadapter_table(block: str) -> list[tuple[str, str]]:
    """(Name, InterfaceDescription) of rows in a default Get-NetAdapter table, by column position."""
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith("PS ")]
    header = lines[0]
    desc_start, desc_end = header.index("InterfaceDescription"), header.index("ifIndex")
    rows = []
    for line in lines[2:]:
        rows.append(
            (line[:desc_start].strip(), re.sub(r"\s+\d+$", "", line[desc_start : desc_end + 7].strip()).strip())
        )
    return rows


@pytest.mark.parametrize("listing_id", ["net-004", "net-016"])
def test_labelled_get_netadapter_tables_by_driver_description(listing_id):
    """Tables carry no media fields; the driver description is the only non-user text left."""
    item = listing(listing_id)
    rows = parse_netadapter_table(item["block"])
    assert len(rows) == len(item["labels"])
    for (name, description), label in zip(rows, item["labels"]):
        assert label["iface"].startswith(name[:10])
        assert conn.classify_windows_adapter({"InterfaceDescription": description}) in acceptable(label), description


def test_recorded_get_netadapter_table_from_wsl_issue():
    rows = parse_netadapter_table(
        fixture_text("windows/Get-NetAdapter_table_hyperv-vethernet-plus-usb-asix-ethernet_WSL-issue-5821_EXCERPT.txt")
    )
    kinds = {conn.classify_windows_adapter({"InterfaceDescription": d}) for n, d in rows if "Hyper-V" in d}
    assert kinds == {"virtual"}
    asix = [d for n, d in rows if "ASIX" in d]
    assert asix and all(conn.classify_windows_adapter({"InterfaceDescription": d}) == "ethernet" for d in asix)


def test_labelled_wmi_adapter_configuration_listing():
    item = listing("net-017")
    for label in item["labels"]:
        assert conn.classify_windows_adapter({"InterfaceDescription": label["iface"]}) in acceptable(label), label[
            "iface"
        ]


def gaa_records_from_constructed_get_netadapter_json() -> list[dict]:
    """The constructed Get-NetAdapter listing (tests/fixtures/os/SOURCES.md: its values are the real
    MSFT_NetAdapter records of the Wi-Fi AX201 / Realtek / Fortinet machine) as the records
    GetAdaptersAddresses gives: MSFT_NetAdapter's InterfaceIndex, Name, InterfaceDescription,
    InterfaceType and Speed are the same interface's IfIndex, FriendlyName, Description, IfType and
    ReceiveLinkSpeed. Gateways: the listing's default routes (Fortinet's metric 1, Wi-Fi's 0)."""
    import json

    listing_json = json.loads(fixture_text("windows/constructed_Get-NetAdapter_ConvertTo-Json_wifi-plus-fortinet-vpn.json"))
    routes = {route["InterfaceIndex"]: route["RouteMetric"] for route in listing_json["routes"]}
    return [{"index": a["InterfaceIndex"], "name": a["Name"], "description": a["InterfaceDescription"],
             "if_type": a["InterfaceType"], "oper_status": 1 if a.get("Status") == "Up" else 2, "tunnel_type": 0,
             "speed_bps": a.get("Speed"), "gateways": ["192.0.2.1"] if a["InterfaceIndex"] in routes else [],
             "metric": routes.get(a["InterfaceIndex"], 0)} for a in listing_json["adapters"]]


def test_windows_vpn_over_wifi_from_get_adapters_addresses_records():
    adapters = gaa_records_from_constructed_get_netadapter_json()
    assert len(adapters) == 4
    vpn = conn_windows.windows_connection_facts(adapters, [30])
    assert vpn == {
        "kind": "vpn",
        "interface": "Ethernet 3",
        "link_speed_mbps": None,
        "vpn_active": True,
        "underlay_kind": "wifi",
        "online": True,
    }
    wifi = conn_windows.windows_connection_facts(adapters, [17])
    assert (wifi["kind"], wifi["link_speed_mbps"], wifi["vpn_active"]) == ("wifi", 144, False)
    # A RAS (built-in Windows VPN) connection: a PPP interface (ifType 23) carrying the default route.
    ras = {"index": 40, "name": "Office VPN", "description": "WAN Miniport (PPP)", "if_type": 23, "oper_status": 1,
           "tunnel_type": 0, "speed_bps": None, "gateways": ["0.0.0.0"], "metric": 1}
    facts = conn_windows.windows_connection_facts([*adapters, ras], [40])
    assert (facts["kind"], facts["underlay_kind"]) == ("vpn", "wifi")
    offline = conn_windows.windows_connection_facts([{**a, "gateways": []} for a in adapters], [])
    assert offline["online"] is False and offline["kind"] == "unknown"


def test_windows_interfaces_by_type_and_driver_not_by_name():
    kind = conn_windows.classify_windows_interface
    assert kind({"if_type": 6, "description": "Intel(R) Ethernet Connection (7) I219-V"}) == "ethernet"
    assert kind({"if_type": 71, "description": "Intel(R) Wi-Fi 6 AX201 160MHz"}) == "wifi"
    assert kind({"if_type": 243, "description": "Generic Mobile Broadband Adapter"}) == "cellular"
    # Software adapters that say Ethernet (6): their drivers name them.
    assert kind({"if_type": 6, "description": "Fortinet SSL VPN Virtual Ethernet Adapter"}) == "vpn"
    assert kind({"if_type": 6, "description": "Hyper-V Virtual Ethernet Adapter"}) == "virtual"
    assert kind({"if_type": 6, "description": "Red Hat VirtIO Ethernet Adapter"}) == "virtual"
    assert kind({"if_type": 131, "description": "WireGuard Tunnel"}) == "vpn"
    # IPv6 transition tunnels are on every Windows: no VPN.
    assert kind({"if_type": 131, "description": "Microsoft Teredo Tunneling Adapter", "tunnel_type": 14}) == "virtual"
    assert kind({"if_type": 24, "description": "Software Loopback Interface 1"}) == "virtual"
    assert kind({"if_type": 6, "description": "eth0", "name": "Wi-Fi"}) == "ethernet"  # the name says nothing


@pytest.mark.skipif(sys.platform != "win32", reason="calls the IP Helper API (runs in the Windows tier under Wine)")
def test_windows_ip_helper_api_for_real():
    adapters = conn_windows.adapters_addresses()
    assert adapters and all(isinstance(a["index"], int) and a["if_type"] > 0 for a in adapters)
    assert any(a["if_type"] == 24 for a in adapters) or any(a["addresses"] for a in adapters)
    best = conn_windows.best_interface_indexes()
    assert all(index in {a["index"] for a in adapters} for index in best)
    facts = conn_windows.collect(ProbeContext())
    assert facts["online"] is bool(best)


# --- virtual machines, tethering, privacy ------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="builds a Linux sysfs tree with symbolic links, which Windows lets "
                    "only administrators (or developer mode) create")
def test_paravirtual_and_tethering_drivers_on_linux(tmp_path):
    net = tmp_path / "net"
    drivers = tmp_path / "bus" / "drivers"
    for name, driver in (("eth0", "virtio_net"), ("eth1", "hv_netvsc"), ("eth2", "ipheth"), ("eth3", "e1000e")):
        fake_netdev(net, name, device=False)
        write_tree(drivers, {f"{driver}/bind": ""})
        (net / name / "device").mkdir()
        (net / name / "device" / "driver").symlink_to(drivers / driver)
    kinds = {
        name: conn.linux_interface_kind(name, str(net), str(tmp_path)) for name in ("eth0", "eth1", "eth2", "eth3")
    }
    # A VM's (or WSL2's) NIC ends at a virtual switch; an iPhone shares mobile data.
    assert kinds == {"eth0": "virtual", "eth1": "virtual", "eth2": "cellular", "eth3": "ethernet"}


def test_paravirtual_nics_on_windows_and_the_emulated_intel_nic():
    vmxnet = {
        "InterfaceDescription": "vmxnet3 Ethernet Adapter",
        "NdisPhysicalMedium": 14,
        "HardwareInterface": True,
        "ConnectorPresent": True,
        "Virtual": False,
    }
    assert conn.classify_windows_adapter(vmxnet) == "virtual"
    hyperv_guest = {**vmxnet, "InterfaceDescription": "Microsoft Hyper-V Network Adapter"}
    assert conn.classify_windows_adapter(hyperv_guest) == "virtual"
    # The emulated Intel PRO/1000 of VMware looks like hardware (labelled ethernet, alt virtual).
    label = next(lab for lab in listing("net-018")["labels"] if lab["iface"].startswith("Intel"))
    assert conn.classify_windows_adapter({**vmxnet, "InterfaceDescription": label["iface"]}) in acceptable(label)


def test_mac_address_based_interface_names_are_hidden():
    assert conn.public_interface_name("enx28c68ef7b1e8") == "enx…"
    assert conn.public_interface_name("wlx00c0ca123456") == "wlx…"
    assert conn.public_interface_name("enp0s31f6") == "enp0s31f6"
    assert conn.public_interface_name(None) is None
    facts = conn.connection_facts("enx28c68ef7b1e8", lambda name: "ethernet", lambda name: 1000, [])
    assert "28c68ef7b1e8" not in str(facts)


def test_macos_without_networksetup_reports_what_it_can(monkeypatch):
    route_output = fixture_text("macos/constructed_route-get-default_en0.txt")

    def fake_run(args, timeout_s=5.0, check=True):
        if args[0].endswith("networksetup"):
            raise conn_macos.ProbeUnsupported("networksetup is not available on this system")
        return route_output

    class FakePsutil:
        @staticmethod
        def net_if_addrs():
            return {}

        @staticmethod
        def net_if_stats():
            return {}

    monkeypatch.setattr(conn_macos, "run_command", fake_run)
    ctx = ProbeContext()
    facts = conn_macos.collect(ctx, FakePsutil)
    assert facts["online"] is True and facts["interface"] == "en0" and facts["kind"] == "unknown"
    assert "networksetup" in ctx.missing[0]


def test_vpn_that_replaced_the_default_route_finds_its_underlay_through_the_gateway_route():
    header = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    # OpenVPN-style: default via tun0, host route to the VPN server through wlan0's gateway, LAN on eth-less wlan0.
    table = header + (
        "tun0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"
        "wlan0\t0A0B0C0D\t0101A8C0\t0007\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n"
        "wlan0\t0001A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
    )
    assert conn.parse_proc_net_route(table) == ["tun0"]
    assert conn.parse_proc_net_route(table, default_only=False) == ["wlan0"]
    kinds = {"tun0": "vpn", "wlan0": "wifi"}
    facts = conn.connection_facts("tun0", _kinds(kinds), lambda name: None, ["tun0"], ["wlan0"])
    assert (facts["kind"], facts["underlay_kind"]) == ("vpn", "wifi")
    assert conn.connection_facts("tun0", _kinds(kinds), lambda name: None, ["tun0"])["underlay_kind"] is None

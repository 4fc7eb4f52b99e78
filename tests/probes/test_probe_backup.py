"""backup probe: which link is the backup, the interfaces that count, and binding a socket to one interface."""

from __future__ import annotations

import socket
from collections import namedtuple

import pytest

from rigcheck.netmeasure.bind import BindError, bind_to_interface
from rigcheck.probes.backup import addressed_links, backup_facts, choose_backup

Address = namedtuple("Address", "family address")
Stats = namedtuple("Stats", "isup")


def test_the_likeliest_backup_beside_the_main_link():
    links = [("eth0", "ethernet"), ("wlan0", "wifi"), ("usb0", "cellular"), ("docker0", "virtual")]
    assert choose_backup(links, "eth0") == ("usb0", "cellular")  # a tethered phone or pocket Wi-Fi modem first
    assert choose_backup([("eth0", "ethernet"), ("wlan0", "wifi")], "eth0") == ("wlan0", "wifi")
    assert choose_backup([("eth0", "ethernet"), ("eth1", "ethernet")], "eth0") == ("eth1", "ethernet")
    assert choose_backup([("eth0", "ethernet"), ("tun0", "vpn"), ("br0", "virtual")], "eth0") is None
    assert choose_backup([("eth0", "ethernet"), ("ppp0", "unknown"), ("wlan0", "wifi")], "eth0") == ("wlan0", "wifi")
    assert choose_backup([("eth0", "ethernet"), ("ppp0", "unknown")], "eth0") == ("ppp0", "unknown")  # a USB modem's PPP


def test_only_links_that_are_up_with_an_address_count():
    if_addrs = {"eth0": [Address(socket.AF_INET, "192.0.2.10")],
                "wlan0": [Address(socket.AF_INET6, "fe80::1")],  # link-local only: not connected to anything
                "usb0": [Address(socket.AF_INET6, "2001:db8::5")],
                "eth1": [Address(socket.AF_INET, "198.51.100.7")]}
    if_stats = {"eth0": Stats(True), "wlan0": Stats(True), "usb0": Stats(True), "eth1": Stats(False)}
    assert addressed_links(if_addrs, if_stats) == ["eth0", "usb0"]


def test_facts_without_a_backup_say_so_and_measure_nothing():
    facts = backup_facts(None, "ethernet")
    assert facts["present"] is False and facts["main_kind"] == "ethernet"
    assert all(facts[key] is None for key in ("download_mbps", "latency_ms", "measured_by", "switchover_s"))


@pytest.mark.skipif(not socket.__dict__.get("SO_BINDTODEVICE"), reason="Linux's SO_BINDTODEVICE")
def test_binding_to_an_interface_that_does_not_exist_is_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        with pytest.raises(BindError, match="rigcheck-none0"):
            bind_to_interface(sock, "rigcheck-none0")


def test_windows_links_up_with_an_address_classified_as_the_connection_probe_does():
    from rigcheck.probes.backup.windows import windows_links

    # GetAdaptersAddresses records as rigcheck.probes.connection.windows.adapters_addresses makes them.
    records = [
        {"index": 12, "name": "Ethernet", "description": "Realtek PCIe GbE Family Controller", "if_type": 6, "oper_status": 1,
         "tunnel_type": 0, "addresses": ["192.0.2.20", "fe80::1"]},
        {"index": 18, "name": "Wi-Fi", "description": "Intel(R) Wi-Fi 6 AX201 160MHz", "if_type": 71, "oper_status": 1,
         "tunnel_type": 0, "addresses": ["192.168.8.101"]},  # a pocket Wi-Fi's network
        {"index": 21, "name": "Cellular", "description": "Generic Mobile Broadband Adapter", "if_type": 243, "oper_status": 2,
         "tunnel_type": 0, "addresses": []},  # down
        {"index": 9, "name": "Local Area Connection* 2", "description": "Microsoft Wi-Fi Direct Virtual Adapter", "if_type": 71,
         "oper_status": 1, "tunnel_type": 0, "addresses": ["169.254.3.4"]},  # link-local only
    ]
    links = windows_links(records)
    assert links == [("Ethernet", "ethernet"), ("Wi-Fi", "wifi")]
    assert choose_backup(links, "Ethernet") == ("Wi-Fi", "wifi")


def test_a_backup_named_on_the_command_line_counts_only_while_it_is_connected():
    from rigcheck.probes.backup import chosen_backup
    from rigcheck.probes.base import ProbeContext

    links = [("eth0", "ethernet"), ("ppp0", "unknown")]
    named = ProbeContext(options={"backup_interface": "ppp0"})
    assert chosen_backup(named, links, "eth0", lambda name: "cellular") == ("ppp0", "cellular")
    switched_off = ProbeContext(options={"backup_interface": "wwan0"})
    assert chosen_backup(switched_off, links, "eth0", lambda name: "cellular") is None
    assert any("wwan0" in note and "not connected" in note for note in switched_off.notes)


def test_a_switch_over_to_a_link_the_checks_did_not_see_makes_it_the_backup():
    from rigcheck.probes.backup.switchover import SwitchOver

    # What the computer does while the applicant switches a pocket Wi-Fi on and unplugs the LAN cable:
    # the main link, then no route, then the Wi-Fi carrying the traffic.
    active = iter(["eth0", None, None, "wlan0", "wlan0"])
    now = [0.0]

    def clock() -> float:
        now[0] += 0.5
        return now[0]

    switch = SwitchOver("eth0", server=None, stun_servers=["192.0.2.1:3478"], find_active=lambda: next(active),
                        find_kind=lambda: "wifi", reachable=lambda servers: True, clock=clock)
    switchover_s = switch.watch_for_backup(60.0, lambda: False)
    assert switchover_s is not None and switchover_s > 0
    facts = switch.facts(switchover_s, {"download_mbps": 9.5}, True)
    assert facts["present"] is True and facts["interface"] == "wlan0" and facts["kind"] == "wifi"
    assert facts["measured_by"] == "switch-over" and facts["main_restored"] is True


def test_a_switch_over_that_never_reached_the_internet_changes_nothing():
    from rigcheck.probes.backup.switchover import SwitchOver

    now = [0.0]

    def clock() -> float:
        now[0] += 1.0
        return now[0]

    switch = SwitchOver("eth0", server=None, stun_servers=[], find_active=lambda: None, find_kind=lambda: None,
                        reachable=lambda servers: False, clock=clock)
    assert switch.watch_for_backup(5.0, lambda: False) is None
    assert "present" not in switch.facts(None, {}, None)

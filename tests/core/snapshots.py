"""Recorded-style snapshots for scoring and renderer tests.

`LAPTOP_ON_WIFI` mirrors the facts a real Windows 11 laptop gives (shape taken from the probes' fact
contract); values are chosen for the tests, not captured from one machine.
"""

from __future__ import annotations

from typing import Any

from rigcheck.model import ProbeResult, Snapshot


def result(probe: str, values: dict[str, Any] | None = None, status: str = "ok", error: str | None = None) -> ProbeResult:
    return ProbeResult(probe, status, 0.25, error, values or {})


GOOD_FACTS: dict[str, dict[str, Any]] = {
    "system": {"os_family": "windows", "os_name": "Windows 11 Pro", "os_version": "11", "os_build": "22631",
               "architecture": "x86_64", "virtual_machine": False, "hypervisor": None, "remote_session": False,
               "remote_session_kind": None, "chromeos": False, "wsl": False},
    "cpu": {"model": "Intel(R) Core(TM) i5-1135G7 @ 2.40GHz", "physical_cores": 4, "logical_cores": 8, "max_ghz": 4.2, "load_percent": 12.0},
    "memory": {"total_gb": 15.7, "available_gb": 9.1, "installed_gb": 16.0},
    "disk": {"free_gb": 120.4, "total_gb": 476.3},
    "power": {"battery_present": True, "on_ac_power": True, "battery_percent": 88.0},
    "connection": {"kind": "ethernet", "interface": "Ethernet", "link_speed_mbps": 1000, "vpn_active": False,
                   "underlay_kind": None, "online": True},
    "network": {"download_mbps": 212.5, "upload_mbps": 22.1, "latency_ms": 18.0, "jitter_ms": 2.1,
                "packet_loss_percent": 0.0, "burst_loss_max": 0, "loaded_latency_increase_ms": 35.0, "mos": 4.38,
                "voice_path": "udp", "backend": "librespeed", "bytes_used": 180_000_000, "country": "US", "isp": "Example Cable"},
    "audio": {"devices": [{"name": "Jabra EVOLVE 20 MS", "kind": "usb_headset", "is_headset": True}],
              "default_input": {"name": "Jabra EVOLVE 20 MS", "kind": "usb_headset", "is_headset": True},
              "default_output": {"name": "Jabra EVOLVE 20 MS", "kind": "usb_headset", "is_headset": True},
              "wired_headset_present": True, "usb_headset_present": True, "analog_headset_present": False,
              "bluetooth_audio_present": False, "wireless_audio_present": False},
    "display": {"monitor_count": 2, "headless": False,
                "monitors": [{"width": 1920, "height": 1080, "primary": True, "connector": "DP-1"},
                             {"width": 1080, "height": 1920, "primary": False, "connector": "HDMI-1"}]},
}


def snapshot(overrides: dict[str, Any] | None = None, *, skipped: frozenset[str] = frozenset(), **replace: ProbeResult) -> Snapshot:
    """GOOD_FACTS with per-probe value overrides ({"connection": {"kind": "wifi"}}) or whole results."""
    results = {}
    for probe, values in GOOD_FACTS.items():
        if probe in skipped:
            continue
        merged = {**values, **((overrides or {}).get(probe, {}))}
        results[probe] = replace.get(probe) or result(probe, merged)
    return Snapshot(results=results, skipped=skipped)


ANSWERS_OK = {"cordless-phone": "no", "quiet-room": "yes", "dedicated-workspace": "yes"}

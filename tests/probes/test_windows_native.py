"""The Windows collectors that ask the Windows API and the registry (no PowerShell): their pure parts
against recorded or documented values (each names its source), and the API calls for real where this
runs on Windows (the Windows tier runs this module under Wine; scripts/windows_tier.py)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

from rigcheck.probes._winreg import reader_from_mapping
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.system import windows as system_windows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ON_WINDOWS = sys.platform == "win32"


def wmic_record(name: str) -> dict[str, str]:
    from os_captures import decode_capture, parse_wmic_list

    return parse_wmic_list(decode_capture((FIXTURES / "os/windows" / name).read_bytes()))[0]


LENOVO = wmic_record("Win32_ComputerSystem_wmic-list_win11-lenovo-thinkpad.wmi.txt")
PROXMOX_VM = wmic_record("Win32_ComputerSystem_wmic-list_proxmox-qemu-vm.wmi.txt")
HKLM = "HKEY_LOCAL_MACHINE"
CURRENT_VERSION = {"ProductName": "Windows 10 Pro", "CurrentBuildNumber": "22631", "UBR": 2861,
                   "CurrentMajorVersionNumber": 10, "CurrentMinorVersionNumber": 0}


def registry(keys: dict[str, dict]) -> dict:
    return {f"{HKLM}\\{path}\\{name}": value for path, values in keys.items() for name, value in values.items()}


def smbios_structure(kind: int, formatted: bytes, strings: list[str]) -> bytes:
    """One SMBIOS structure as DMTF DSP0134 lays it out: type, length, handle, the formatted area, then
    the strings, each NUL-ended, and one more NUL."""
    header = struct.pack("<BBH", kind, 4 + len(formatted), 0x100 + kind)
    text = b"".join(s.encode("latin-1") + b"\0" for s in strings) or b"\0"
    return header + formatted + text + b"\0"


# Constructed: the maker and model strings of the recorded Proxmox VM (glpi-agent's Win32_ComputerSystem
# capture, tests/fixtures/os/SOURCES.md) placed in SMBIOS type 0, 1 and 2 structures by DSP0134's layout
# (type 1: Manufacturer string 1 at offset 4, Product Name 2 at 5, Version 3 at 6; type 0 and 2: vendor
# or manufacturer at offset 4), then the end-of-table structure (type 127).
VM_TABLE = (
    smbios_structure(0, bytes([1, 2, 0, 0]), ["SeaBIOS", "rel-1.16.0"])
    + smbios_structure(1, bytes([1, 2, 3, 0]), [PROXMOX_VM["Manufacturer"], PROXMOX_VM["Model"], "pc-i440fx-7.2"])
    + smbios_structure(2, bytes([1, 0]), [PROXMOX_VM["Manufacturer"]])
    + smbios_structure(127, b"", [])
)


def test_smbios_strings_from_the_firmware_table():
    found = system_windows.parse_smbios(VM_TABLE)
    assert found == {"BIOSVendor": "SeaBIOS", "SystemManufacturer": PROXMOX_VM["Manufacturer"],
                     "SystemProductName": PROXMOX_VM["Model"], "SystemVersion": "pc-i440fx-7.2",
                     "BaseBoardManufacturer": PROXMOX_VM["Manufacturer"]}
    # RawSMBIOSData: calling method, major, minor, DMI revision, then the table's length.
    raw = bytes([0, 3, 0, 0]) + struct.pack("<I", len(VM_TABLE)) + VM_TABLE
    assert system_windows.raw_smbios_table(raw) == VM_TABLE
    # A cut table gives what was read before the cut; garbage gives nothing.
    assert system_windows.parse_smbios(VM_TABLE[:30]) == {"BIOSVendor": "SeaBIOS"}
    assert system_windows.parse_smbios(b"\x01\x02") == {} and system_windows.raw_smbios_table(b"") == b""


def windows_facts(keys: dict[str, dict], *, smbios_table: bytes = b"", rtl=(10, 0, 22631), arch=9, monkeypatch):
    monkeypatch.setattr(system_windows, "rtl_get_version", lambda: rtl)
    monkeypatch.setattr(system_windows, "native_architecture_code", lambda: arch)
    monkeypatch.setattr(system_windows, "firmware_smbios", lambda: system_windows.parse_smbios(smbios_table))
    monkeypatch.setattr(system_windows, "remote_session_metric", lambda: False)
    monkeypatch.delenv("SESSIONNAME", raising=False)
    monkeypatch.delenv("CLIENTNAME", raising=False)
    ctx = ProbeContext()
    return system_windows.collect(ctx, reader_from_mapping(registry(keys))), ctx


def test_windows_system_facts_from_the_registry_bios_key(monkeypatch):
    facts, ctx = windows_facts({
        r"SOFTWARE\Microsoft\Windows NT\CurrentVersion": CURRENT_VERSION,
        r"HARDWARE\DESCRIPTION\System\BIOS": {"SystemManufacturer": LENOVO["Manufacturer"], "SystemProductName": LENOVO["Model"]},
    }, monkeypatch=monkeypatch)
    assert facts["os_name"] == "Windows 11 Pro" and facts["os_version"] == "11" and facts["os_build"] == "22631.2861"
    assert facts["architecture"] == "x86_64" and facts["kernel"] == "10.0.22631"
    assert facts["virtual_machine"] is False and ctx.missing == []


def test_windows_system_facts_read_systeminformation_then_the_firmware_table(monkeypatch):
    facts, _ = windows_facts({
        r"SOFTWARE\Microsoft\Windows NT\CurrentVersion": CURRENT_VERSION,
        r"SYSTEM\CurrentControlSet\Control\SystemInformation": {
            "SystemManufacturer": PROXMOX_VM["Manufacturer"], "SystemProductName": PROXMOX_VM["Model"]},
    }, monkeypatch=monkeypatch)
    assert facts["virtual_machine"] is True and facts["hypervisor"] == "bochs"
    facts, _ = windows_facts({r"SOFTWARE\Microsoft\Windows NT\CurrentVersion": CURRENT_VERSION},
                             smbios_table=VM_TABLE, monkeypatch=monkeypatch)
    assert facts["virtual_machine"] is True and facts["hypervisor"] == "bochs"


def test_each_windows_lookup_fails_alone(monkeypatch):
    # No registry at all, no SMBIOS: the version from RtlGetVersion and the architecture still stand,
    # and the virtual machine question is left open (None), never a False without evidence.
    facts, ctx = windows_facts({}, rtl=(10, 0, 19045), arch=12, monkeypatch=monkeypatch)
    assert (facts["os_name"], facts["os_version"], facts["os_build"], facts["architecture"]) == ("Windows 10", "10", "19045", "arm64")
    assert facts["virtual_machine"] is None and facts["vm_evidence"] is None
    assert any("virtual machine" in reason for reason in ctx.missing)
    # Without RtlGetVersion the registry's version numbers serve.
    facts, _ = windows_facts({r"SOFTWARE\Microsoft\Windows NT\CurrentVersion": CURRENT_VERSION}, rtl=None, arch=None,
                             monkeypatch=monkeypatch)
    assert facts["os_version"] == "11" and facts["architecture"]


@pytest.mark.skipif(not ON_WINDOWS, reason="calls the Windows API (runs in the Windows tier under Wine)")
def test_the_windows_api_answers_for_real():
    major, minor, build = system_windows.rtl_get_version()
    assert major >= 6 and build > 0
    assert system_windows.native_architecture_code() in system_windows.PROCESSOR_ARCHITECTURES
    assert system_windows.remote_session_metric() in (True, False)
    assert isinstance(system_windows.firmware_smbios(), dict)
    ctx = ProbeContext()
    facts = system_windows.collect(ctx)
    assert facts["os_family"] == "windows" and facts["os_version"] in ("10", "11")
    assert facts["virtual_machine"] in (True, False, None)
    assert (facts["virtual_machine"] is None) == any("virtual machine" in reason for reason in ctx.missing)


@pytest.mark.skipif(not ON_WINDOWS, reason="reads the Windows registry (runs in the Windows tier under Wine)")
def test_the_registry_reader_for_real():
    from rigcheck.probes._winreg import HKLM as HIVE
    from rigcheck.probes._winreg import read_registry_value

    assert str(read_registry_value(HIVE, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion", "CurrentBuildNumber")).isdigit()
    assert read_registry_value(HIVE, r"SOFTWARE\Microsoft\Windows NT\CurrentVersion", "NoSuchValue") is None
    assert read_registry_value(HIVE, r"SOFTWARE\rigcheck-no-such-key", "x") is None


@pytest.mark.skipif(not ON_WINDOWS, reason="calls SetupAPI (runs in the Windows tier under Wine)")
def test_setupapi_lists_audio_devices_for_real():
    from rigcheck.probes.audio import windows as audio_windows

    records = audio_windows.setupapi_records()
    assert isinstance(records, list)
    for record in records:
        assert record["Class"] in audio_windows.AUDIO_DEVICE_CLASSES and record["InstanceId"]

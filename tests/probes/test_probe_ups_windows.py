"""The power probe's Windows UPS and battery collector: Windows' battery class (SetupAPI, then
DeviceIoControl on each battery device) read from recorded BatteryQuery outputs packed into the documented
structures, the UPS and health logic, the worker thread's bounds, and the calls for real where this runs on
Windows (the Windows tier runs this module under Wine; scripts/windows_tier.py)."""

from __future__ import annotations

import re
import struct
import sys
import threading
import time

import pytest

from probes._fixtures import fixture_text
from rigcheck.probes import _winbattery, power_ups
from rigcheck.probes.power_ups import (BATTERY_CAPACITY_RELATIVE, BATTERY_IS_SHORT_TERM, BATTERY_SYSTEM_BATTERY,
                                       BATTERY_UNKNOWN_CAPACITY, BATTERY_UNKNOWN_TIME, WindowsBattery)

ON_WINDOWS = sys.platform == "win32"
DELL = "windows/BatteryQuery_dell-latitude-5330_forderud-batterysimulator-issue41.txt"
ARDUINO_HID = "windows/BatteryQuery_arduino-micro-hid-battery_forderud-hidbattery-pr26.txt"
CAPABILITY_WORDS = {"SYSTEM_BATTERY": BATTERY_SYSTEM_BATTERY, "CAPACITY_RELATIVE": BATTERY_CAPACITY_RELATIVE,
                    "IS_SHORT_TERM": BATTERY_IS_SHORT_TERM}


def recorded_battery(fixture: str, instance_id: str = "", name: str = "") -> WindowsBattery:
    """A recorded BatteryQuery output's figures packed into BATTERY_INFORMATION and BATTERY_STATUS by
    Microsoft's documented layouts, then read back by the collector's own readers."""
    text = fixture_text(fixture)
    fields = dict(re.findall(r"^\s+([A-Za-z]+)(?::\s+|=)(.*?)\s*$", text, flags=re.MULTILINE))
    number = {key: int(m.group(0)) for key, value in fields.items() if (m := re.match(r"-?\d+", value))}
    capabilities = sum(flag for word, flag in CAPABILITY_WORDS.items() if word in fields["Capabilities"])
    information = struct.pack("<IB3s4sIIIIII", capabilities, 1, b"\0\0\0", fields["Chemistry"].encode().ljust(4, b"\0"),
                              number["DesignedCapacity"], number["FullChargedCapacity"], 0, 0, 0, 0)
    status = struct.pack("<IIIi", 2, number["Capacity"], number["Voltage"], 0)  # PowerState 2: DISCHARGING
    assert len(information) == _winbattery.BATTERY_INFORMATION_LAYOUT.size == 36
    assert len(status) == _winbattery.BATTERY_STATUS_LAYOUT.size == 16
    read_capabilities, designed, full = _winbattery.read_battery_information(information)
    _state, capacity = _winbattery.read_battery_status(status)
    return WindowsBattery.from_class(instance_id or fields.get("Opening", ""), name, fields["BatteryDeviceName"],
                                     read_capabilities, designed, full, capacity, number["BatteryEstimatedTime"])


def dell_battery() -> WindowsBattery:
    # the recorded output opens the device by its instance id; Windows names that device so (ACPI battery)
    instance = re.search(r"Opening (\S+):", fixture_text(DELL))
    assert instance is not None
    return recorded_battery(DELL, instance.group(1), "Microsoft ACPI-Compliant Control Method Battery")


def test_a_laptop_battery_gives_health_and_no_ups():
    dell = dell_battery()
    assert (dell.instance_id, dell.device_name, dell.estimated_time_s) == ("ACPI\\PNP0C0A\\1", "DELL Y86WG26", 4012)
    assert not power_ups.is_windows_ups(dell)
    assert power_ups.parse_windows_power([dell]) == power_ups.ups_facts()
    assert power_ups.windows_battery_health([dell]) == 69.6  # 40371 of 58003 mWh
    assert round(dell.charge_percent or 0, 1) == 95.2  # 38441 of 40371 mWh left


def test_a_short_term_battery_is_a_ups_and_not_the_laptop_battery():
    hid = recorded_battery(ARDUINO_HID)
    assert hid.capabilities & BATTERY_IS_SHORT_TERM and power_ups.is_windows_ups(hid)
    assert power_ups.parse_windows_power([dell_battery(), hid]) == {
        "ups_present": True, "ups_name": "Arduino Micro", "ups_percent": 30.0,  # 12204 of 40689 mWh
        "ups_runtime_minutes": 36.0, "ups_source": "windows-battery"}  # 2160 s
    # the laptop's health comes from the laptop battery, whatever the order; a UPS alone gives none
    assert power_ups.windows_battery_health([hid, dell_battery()]) == 69.6
    assert power_ups.windows_battery_health([hid]) is None


# Constructed: a HID UPS as Windows' HID battery driver lists it. The instance id carries APC's USB ids
# from NUT's list (ups_usb_ids.txt); "HID UPS Battery" is the device name Windows gives a HID UPS; the
# capacity is relative (full = 100) and Windows has no runtime estimate (BATTERY_UNKNOWN_TIME).
APC_INSTANCE = "HID\\VID_051D&PID_0002&REV_0106\\6&2F0C3E5A&0&0000"


def hid_ups(instance_id: str = APC_INSTANCE, name: str = "HID UPS Battery", device_name: str = "", *,
            capacity: int = 100, seconds: int = BATTERY_UNKNOWN_TIME, capabilities: int = BATTERY_CAPACITY_RELATIVE) -> WindowsBattery:
    return WindowsBattery.from_class(instance_id, name, device_name, capabilities, 100, 100, capacity, seconds)


def test_a_hid_ups_by_its_usb_id_or_its_name():
    facts = power_ups.parse_windows_power([hid_ups(device_name="Back-UPS ES 700G FW:871.O4 .I USB FW:O4")])
    assert facts == {"ups_present": True, "ups_name": "Back-UPS ES 700G FW:871.O4 .I USB FW:O4", "ups_percent": 100.0,
                     "ups_runtime_minutes": None, "ups_source": "windows-battery"}  # no estimate: None, never 0
    # the USB id alone: named after NUT's vendor when the battery gives no name
    assert power_ups.parse_windows_power([hid_ups(name="")])["ups_name"] == "APC"
    # an id NUT does not list, but Windows calls it a UPS
    assert power_ups.parse_windows_power([hid_ups("HID\\VID_1234&PID_5678\\1", seconds=1500)])["ups_runtime_minutes"] == 25.0
    # neither the id, nor the name, nor the short-term flag: not a UPS
    assert power_ups.parse_windows_power([hid_ups("HID\\VID_1234&PID_5678\\1", name="HID Battery")]) == power_ups.ups_facts()


def test_unknown_figures_are_none_and_the_system_status_stands_in_only_for_a_lone_ups():
    battery = WindowsBattery.from_class("ACPI\\PNP0C0A\\1", "", "", BATTERY_SYSTEM_BATTERY, 0, BATTERY_UNKNOWN_CAPACITY,
                                        BATTERY_UNKNOWN_CAPACITY, BATTERY_UNKNOWN_TIME)
    assert (battery.designed_capacity, battery.full_charged_capacity, battery.capacity, battery.estimated_time_s) == (None,) * 4
    assert battery.charge_percent is None and power_ups.windows_battery_health([battery]) is None
    lone = hid_ups(capacity=BATTERY_UNKNOWN_CAPACITY)
    facts = power_ups.parse_windows_power([lone], (87, 2700))  # GetSystemPowerStatus: 87 %, 2700 s
    assert (facts["ups_percent"], facts["ups_runtime_minutes"]) == (87.0, 45.0)
    facts = power_ups.parse_windows_power([dell_battery(), lone], (87, 2700))  # the laptop's figures are in that summary too
    assert facts["ups_present"] is True and (facts["ups_percent"], facts["ups_runtime_minutes"]) == (None, None)


def test_a_failing_look_becomes_a_note_and_the_other_facts_stand(monkeypatch):
    notes: list[str] = []

    def broken() -> tuple[list, list]:
        raise OSError("setupapi.dll could not be loaded")

    monkeypatch.setattr(_winbattery, "battery_devices", broken)
    monkeypatch.setattr(_winbattery, "system_power_status", lambda: (87, 2700))
    assert power_ups.windows_power(notes.append) == (power_ups.ups_facts(), None)
    assert notes == ["Windows' battery devices could not be asked: setupapi.dll could not be loaded"]
    # the summary failing leaves the devices' answers standing
    notes.clear()
    monkeypatch.setattr(_winbattery, "battery_devices", lambda: ([dell_battery()], []))
    monkeypatch.setattr(_winbattery, "system_power_status", lambda: 1 / 0)
    assert power_ups.windows_power(notes.append) == (power_ups.ups_facts(), 69.6)
    assert notes == ["Windows' battery devices could not be asked: division by zero"]
    # one device that could not be asked: its line is a note, the device that answered still counts
    notes.clear()
    monkeypatch.setattr(_winbattery, "battery_devices", lambda: ([dell_battery(), hid_ups()], [
        "the battery device HID UPS Battery could not be asked: IOCTL_BATTERY_QUERY_STATUS failed (Windows error 1167)"]))
    monkeypatch.setattr(_winbattery, "system_power_status", lambda: (None, None))
    ups, health = power_ups.windows_power(notes.append)
    assert ups["ups_present"] is True and health == 69.6 and len(notes) == 1 and "1167" in notes[0]


def test_a_device_that_never_answers_is_left_behind(monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(_winbattery, "battery_devices", lambda: (release.wait(30), ([], []))[1])
    monkeypatch.setattr(power_ups, "WINDOWS_TIMEOUT_S", 0.3)
    notes: list[str] = []
    started = time.monotonic()
    try:
        assert power_ups.windows_power(notes.append) == (power_ups.ups_facts(), None)
    finally:
        release.set()
    assert time.monotonic() - started < 5 and notes and "did not answer within" in notes[0]


# --- Windows' own calls (the Windows tier runs these under Wine 8.0) -----------------------------

def wine_version() -> str | None:
    """Wine's version when this Windows is Wine (ntdll exports wine_get_version), else None."""
    import ctypes

    ntdll = ctypes.WinDLL("ntdll")  # type: ignore[attr-defined,unused-ignore]
    if not hasattr(ntdll, "wine_get_version"):
        return None
    ntdll.wine_get_version.restype = ctypes.c_char_p
    return ntdll.wine_get_version().decode()


@pytest.mark.skipif(not ON_WINDOWS, reason="calls SetupAPI and the battery class (runs in the Windows tier under Wine)")
def test_the_battery_class_answers_for_real(monkeypatch):
    from rigcheck.probes import _exec

    started_programs: list[list[str]] = []
    monkeypatch.setattr(_exec, "run_process", lambda args, *rest, **options: started_programs.append(list(args)) or "")
    batteries, problems = _winbattery.battery_devices()
    percent, seconds = _winbattery.system_power_status()
    assert percent is None or 0 <= percent <= 100
    assert seconds is None or seconds >= 0
    notes: list[str] = []
    started = time.monotonic()
    ups, health = power_ups.windows_power(notes.append)
    assert time.monotonic() - started < power_ups.WINDOWS_TIMEOUT_S
    assert set(ups) == set(power_ups.ups_facts()) and (health is None or 0 < health <= 150)
    if wine_version() is not None:
        # Wine 8.0 lists no battery device (SetupDiEnumDeviceInterfaces ends at once with
        # ERROR_NO_MORE_ITEMS, so no problem is noted) and GetSystemPowerStatus says no system battery
        # (BatteryFlag 128, BatteryLifePercent 255, BatteryLifeTime 0xFFFFFFFF): nothing is seen, nothing invented.
        assert (batteries, problems) == ([], [])
        assert (percent, seconds) == (None, None)
        assert (ups, health, notes) == (power_ups.ups_facts(), None, [])
        # the whole power probe: ok, no UPS seen (None, so scoring asks), no note, no PowerShell started
        from rigcheck.model import ProbeStatus
        from rigcheck.probes import power
        from rigcheck.probes.base import run_probe

        result = run_probe(power.PROBE)
        assert result.status == ProbeStatus.OK and result.notes == ()
        assert {key: result.values[key] for key in ups} == power_ups.ups_facts()
    assert started_programs == []  # no PowerShell, no other program: Windows' own calls alone


@pytest.mark.skipif(not ON_WINDOWS, reason="opens files with kernel32 (runs in the Windows tier under Wine)")
def test_a_device_that_is_not_a_battery_fails_its_call_and_its_handle_is_closed(tmp_path):
    missing = tmp_path / "no-such-battery"
    with pytest.raises(_winbattery.BatteryCallFailed) as failed:
        _winbattery.ask_battery(str(missing))
    assert (failed.value.call, failed.value.code) == ("CreateFileW", 2)  # ERROR_FILE_NOT_FOUND
    # A plain file opens, but it has no battery interface: the first IOCTL fails (Wine 8.0 and Windows
    # say ERROR_NOT_SUPPORTED, 50, for a file system's file) ...
    plain = tmp_path / "not-a-battery"
    plain.write_bytes(b"")
    with pytest.raises(_winbattery.BatteryCallFailed) as failed:
        _winbattery.ask_battery(str(plain))
    assert failed.value.call == "IOCTL_BATTERY_QUERY_TAG" and failed.value.code != 0
    if wine_version() is not None:
        assert failed.value.code == 50
    # ... and the handle was closed: the file was opened without FILE_SHARE_DELETE, so while a handle
    # stayed open Windows would refuse to delete it (ERROR_SHARING_VIOLATION).
    plain.unlink()
    assert not plain.exists()


# GUID_DEVINTERFACE_HID (hidclass.h): a HID UPS is a HID device, and Wine 8.0 lists one HID device of its
# own ("Wine HID device", HID\VID_845E&PID_0001), which opens but has no battery interface.
HID_INTERFACE_CLASS = "4d1e55b2-f16f-11cf-88cb-001111000030"


@pytest.mark.skipif(not ON_WINDOWS, reason="calls SetupAPI and DeviceIoControl (runs in the Windows tier under Wine)")
def test_devices_that_are_no_battery_become_notes_and_the_look_goes_on(monkeypatch):
    from functools import partial

    batteries, problems = _winbattery.battery_devices(HID_INTERFACE_CLASS)
    for problem in problems:
        assert re.fullmatch(r"the battery device .+ could not be asked: \S+ failed \(Windows error \d+\)", problem)
    if wine_version() is not None:
        # Wine 8.0: SetupAPI gives the interface's path, instance id and name, CreateFileW opens it, and
        # DeviceIoControl(IOCTL_BATTERY_QUERY_TAG) fails with ERROR_NOT_SUPPORTED (50). (On Windows a HID
        # UPS's own HID path may answer it: only Wine's listing is known here.)
        assert batteries == []
        assert "the battery device Wine HID device could not be asked: IOCTL_BATTERY_QUERY_TAG failed (Windows error 50)" in problems
    # through the whole collector: each failure a note, the UPS facts still there (nothing seen)
    monkeypatch.setattr(_winbattery, "battery_devices", partial(_winbattery.battery_devices, HID_INTERFACE_CLASS))
    notes: list[str] = []
    ups, _health = power_ups.windows_power(notes.append)
    assert notes == problems and set(ups) == set(power_ups.ups_facts())
    if wine_version() is not None:
        assert ups == power_ups.ups_facts()

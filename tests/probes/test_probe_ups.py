"""power probe's backup facts: a UPS seen by UPower, NUT, its USB id, Windows and pmset; a laptop battery's runtime and health."""

from __future__ import annotations

from collections import namedtuple

from probes._fixtures import fixture_text, write_tree
from rigcheck.probes import power_ups


def test_upower_finds_the_ups_among_other_power_devices():
    facts = power_ups.parse_upower_dump(fixture_text("linux/upower-d_laptop-plus-cps-cp550hga-ups_askubuntu-1017269.txt"))
    assert facts == {"ups_present": True, "ups_name": "CPS CP550HGa", "ups_percent": 100.0, "ups_runtime_minutes": 37.5,
                     "ups_source": "upower"}


def test_upower_without_a_ups():
    text = fixture_text("linux/upower-d_laptop-plus-cps-cp550hga-ups_askubuntu-1017269.txt")
    laptop_only = text.split("Device: /org/freedesktop/UPower/devices/ups_hiddev3")[0]
    assert power_ups.parse_upower_dump(laptop_only) is None


def test_nut_upsc_variables():
    facts = power_ups.parse_upsc(fixture_text("linux/constructed_upsc_apc-back-ups_nut-names-example-values.txt"))
    assert facts == {"ups_present": True, "ups_name": "American Power Conversion Back-UPS ES 700G", "ups_percent": 100.0,
                     "ups_runtime_minutes": 18.0, "ups_source": "nut"}


def test_nut_vendor_ids_are_read_from_its_list():
    ids = power_ups.ups_usb_ids()
    assert ids[("051d", "0002")] == "APC" and ids[("0463", "ffff")] == "Eaton" and ids[("0764", "0501")] == "Cyber Power Systems"
    assert len(ids) == 110  # every usb: line of 95-upower-hid.hwdb at the recorded commit


def test_a_usb_device_with_a_ups_id(tmp_path):
    write_tree(tmp_path, {"1-1/idVendor": "051d", "1-1/idProduct": "0002", "1-1/product": "Back-UPS ES 700G FW:871.O4 .I USB FW:O4",
                          "1-2/idVendor": "046d", "1-2/idProduct": "0825"})
    assert power_ups.usb_ups(str(tmp_path)) == power_ups.ups_facts("Back-UPS ES 700G FW:871.O4 .I USB FW:O4", source="usb-id")
    assert power_ups.usb_ups(str(tmp_path / "1-2")) is None


def test_a_kernel_power_supply_of_type_ups_and_battery_health(tmp_path):
    write_tree(tmp_path, {"ups0/type": "UPS", "ups0/model_name": "Smart-UPS 750", "ups0/capacity": "96",
                          # the laptop battery of the upower fixture: energy-full 93.3552 Wh of 96.48 Wh designed
                          "BAT1/type": "Battery", "BAT1/energy_full": "93355200", "BAT1/energy_full_design": "96480000"})
    assert power_ups.power_supply_ups(str(tmp_path))["ups_name"] == "Smart-UPS 750"
    assert power_ups.linux_battery_health(str(tmp_path)) == 96.8


def test_macos_pmset_ups_line():
    facts = power_ups.parse_pmset_ups(fixture_text("macos/constructed_pmset-g-ps_ups-plus-internal-battery.txt"))
    assert facts == {"ups_present": True, "ups_name": "UPS-1500VA", "ups_percent": 87.0, "ups_runtime_minutes": 45.0,
                     "ups_source": "pmset"}
    assert power_ups.parse_pmset_ups("Now drawing from 'AC Power'\n -InternalBattery-0 (id=1)\t100%; charged; 0:00 remaining present: true\n")["ups_present"] is None


Battery = namedtuple("Battery", "percent secsleft power_plugged")


def test_battery_runtime_only_while_discharging():
    assert power_ups.battery_runtime_minutes(Battery(80, 5400, False)) == 90.0
    assert power_ups.battery_runtime_minutes(Battery(80, -2, True)) is None  # psutil's POWER_TIME_UNLIMITED
    assert power_ups.battery_runtime_minutes(Battery(80, -1, False)) is None  # POWER_TIME_UNKNOWN
    assert power_ups.battery_runtime_minutes(None) is None


def test_macos_battery_health_from_system_profiler():
    text = fixture_text("macos/constructed_system_profiler_SPPowerDataType_json_battery-health.json")
    assert power_ups.parse_macos_battery_health(text) == 89.0
    assert power_ups.parse_macos_battery_health('{"SPPowerDataType": []}') is None

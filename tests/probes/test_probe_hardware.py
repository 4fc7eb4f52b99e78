"""cpu, memory, disk and power probes: parsers against recorded outputs, live collectors by invariants."""

from __future__ import annotations

import json
from collections import namedtuple

import pytest

from rigcheck.facts.power import POWER
from rigcheck.probes import cpu, disk, memory, power
from rigcheck.probes._local_util import current_os, gib, parse_colon_pairs
from rigcheck.probes.base import run_probe

from ._fixtures import fixture_text, write_tree

LINUX = current_os() == "linux"

# --- cpu ---------------------------------------------------------------------------------------------


def test_ghz_from_intel_model_names_in_recorded_sysctl():
    brand = parse_colon_pairs(fixture_text("macos/sysctl_machdep-cpu_intel-macmini_10.6.txt"))[
        "machdep.cpu.brand_string"
    ]
    assert brand == "Intel(R) Core(TM)2 Duo CPU     P7550  @ 2.26GHz"
    assert cpu.ghz_from_model_name(brand) == 2.26
    assert cpu.ghz_from_model_name("Apple M1") is None
    assert cpu.ghz_from_model_name("Intel(R) Xeon(R) Processor") is None
    assert cpu.ghz_from_model_name("Some CPU @ 800MHz") == 0.8
    assert cpu.ghz_from_model_name(None) is None


def test_max_ghz_source_order_and_no_guessing():
    model = "Intel(R) Core(TM) i7-10750H CPU @ 2.60GHz"
    assert cpu.choose_max_ghz(5000.0, "4800000", model) == 5.0  # psutil first
    assert cpu.choose_max_ghz(0.0, "4800000\n", model) == 4.8  # then sysfs kHz
    assert cpu.choose_max_ghz(0.0, None, model) == 2.6  # then the rated clock in the name
    assert cpu.choose_max_ghz(None, "garbage", "Intel(R) Xeon(R) Processor") is None  # never a guess


def test_macos_cpu_facts_intel_from_full_sysctl():
    facts = cpu.macos_cpu_facts(parse_colon_pairs(fixture_text("macos/sysctl-a_osx-10.14.6_intel.txt")))
    assert facts == {
        "model": "Intel(R) Core(TM) i5-8279U CPU @ 2.40GHz",
        "max_ghz": 2.4,
        "physical_cores": 4,
        "logical_cores": 8,
    }


def test_macos_cpu_facts_apple_silicon_has_no_clock():
    facts = cpu.macos_cpu_facts(parse_colon_pairs(fixture_text("macos/sysctl_machdep-cpu_apple-m1_bigsur.txt")))
    assert facts == {"model": "Apple M1"}


def test_cpuinfo_model_x86_and_arm():
    assert cpu.parse_cpuinfo_model("processor\t: 0\nmodel name\t: Intel(R)  Core(TM) i5\n") == "Intel(R) Core(TM) i5"
    assert (
        cpu.parse_cpuinfo_model("processor\t: 0\nBogoMIPS\t: 108.00\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n")
        == "Raspberry Pi 4 Model B Rev 1.4"
    )
    assert cpu.parse_cpuinfo_model("processor\t: 0\n") is None


@pytest.mark.skipif(not LINUX, reason="live Linux collector")
def test_live_cpu_probe():
    result = run_probe(cpu.PROBE)
    assert result.status == "ok", result.error
    values = result.values
    assert set(values) == {"model", "physical_cores", "logical_cores", "max_ghz", "load_percent"}
    assert 1 <= values["physical_cores"] <= values["logical_cores"]
    assert values["max_ghz"] is None or 0.1 < values["max_ghz"] < 10
    assert 0.0 <= values["load_percent"] <= 100.0
    assert result.duration_s < 1.0


# --- memory ------------------------------------------------------------------------------------------


def test_installed_memory_from_blocks():
    # 192 blocks of 0x8000000 bytes (128 MiB), as on the development VM.
    assert memory.installed_bytes_from_memory_blocks(192, "8000000\n") == 24 * 1024**3
    assert memory.installed_bytes_from_memory_blocks(0, "8000000") is None
    assert memory.installed_bytes_from_memory_blocks(10, None) is None
    assert memory.installed_bytes_from_memory_blocks(10, "zz") is None
    # An "8 GB" laptop: 7.6 GiB usable, 8 GiB installed.
    assert memory.installed_gb_from_blocks(8 * 1024**3, int(7.6 * 1024**3)) == 8.0
    # Fewer block bytes than usable memory means the blocks do not cover all RAM: do not report them.
    assert memory.installed_gb_from_blocks(4 * 1024**3, 8 * 1024**3) is None


def test_linux_memory_block_count_from_a_tree(tmp_path):
    write_tree(
        tmp_path,
        {
            "block_size_bytes": "8000000\n",
            "memory0/online": "1",
            "memory1/online": "1",
            "memory7/online": "0",
            "auto_online_blocks": "online",
        },
    )
    assert memory._linux_installed_bytes(str(tmp_path)) == 3 * 0x8000000
    assert memory._linux_installed_bytes(str(tmp_path / "missing")) is None


def test_macos_memsize_is_installed_memory():
    sysctl = parse_colon_pairs(fixture_text("macos/sysctl-a_osx-10.14.6_intel.txt"))
    assert gib(int(sysctl["hw.memsize"])) == 16.0


@pytest.mark.skipif(not LINUX, reason="live Linux collector")
def test_live_memory_probe():
    result = run_probe(memory.PROBE)
    assert result.status == "ok", result.error
    values = result.values
    assert set(values) == {"total_gb", "available_gb", "installed_gb"}
    assert 0 < values["available_gb"] <= values["total_gb"]
    assert values["installed_gb"] is None or values["installed_gb"] >= values["total_gb"]


# --- disk --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not LINUX, reason="live Linux collector")
def test_live_disk_probe_keeps_the_path_private():
    result = run_probe(disk.PROBE)
    assert result.status == "ok", result.error
    assert set(result.values) == {"free_gb", "total_gb"}
    assert 0 <= result.values["free_gb"] <= result.values["total_gb"]
    assert disk.home_directory() not in json.dumps(result.to_dict())


def test_disk_error_does_not_leak_the_path():
    missing = "/nonexistent/rigcheck-user-home"
    with pytest.raises(Exception) as raised:
        disk.disk_facts(missing)
    assert missing not in str(raised.value)


# --- power -------------------------------------------------------------------------------------------

Battery = namedtuple("Battery", "percent secsleft power_plugged")


@pytest.mark.parametrize(
    ("battery", "mains", "expected"),
    [
        (None, None, {"battery_present": False, "on_ac_power": None, "battery_percent": None}),
        (None, True, {"battery_present": False, "on_ac_power": True, "battery_percent": None}),
        (Battery(57.345, 3600, False), None, {"battery_present": True, "on_ac_power": False, "battery_percent": 57.3}),
        (Battery(100, -2, True), None, {"battery_present": True, "on_ac_power": True, "battery_percent": 100.0}),
        (Battery(80, -1, None), None, {"battery_present": True, "on_ac_power": None, "battery_percent": 80.0}),
    ],
)
def test_power_facts(battery, mains, expected):
    assert power.power_facts(battery, mains) == expected


def test_linux_mains_adapter(tmp_path):
    write_tree(tmp_path, {"AC/type": "Mains\n", "AC/online": "1\n", "BAT0/type": "Battery\n"})
    assert power.linux_mains_online(str(tmp_path)) is True
    (tmp_path / "AC/online").write_text("0\n")
    assert power.linux_mains_online(str(tmp_path)) is False
    assert power.linux_mains_online(str(tmp_path / "none")) is None
    write_tree(tmp_path / "usb-only", {"ucsi-source-psy-1/type": "USB\n"})
    assert power.linux_mains_online(str(tmp_path / "usb-only")) is None


@pytest.mark.skipif(not LINUX, reason="live Linux collector")
def test_live_power_probe():
    result = run_probe(power.PROBE)
    assert result.status in ("ok", "unsupported"), result.error
    if result.status == "ok":
        values = result.values
        assert set(values) == POWER.keys
        assert isinstance(values["battery_present"], bool)
        assert (values["battery_percent"] is None) or values["battery_present"]


def test_mains_power_without_a_battery_on_macos_and_windows():
    # pmset -g ps wording (constructed from pmset's documented output, no capture available).
    assert power.parse_pmset_source("Now drawing from 'AC Power'\n") is True
    assert (
        power.parse_pmset_source("Now drawing from 'Battery Power'\n -InternalBattery-0 (id=123)\t80%; discharging\n")
        is False
    )
    assert power.parse_pmset_source("") is None
    assert [power.windows_ac_line_status(v) for v in (0, 1, 255, None)] == [False, True, None, None]


def test_system_power_status_layout():
    import ctypes

    assert ctypes.sizeof(power.SYSTEM_POWER_STATUS) == 12
    assert power.SYSTEM_POWER_STATUS.BatteryLifeTime.offset == 4

"""Power: is there a battery, is the machine on mains power, how full is the battery; backup power: a UPS
connected by a data cable, the laptop battery's runtime and health (rigcheck.probes.power_ups)."""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any, Callable

from rigcheck.facts.power import POWER
from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes._local_util import current_os
from rigcheck.probes.power_ups import (battery_runtime_minutes, linux_battery_health, linux_ups, macos_battery_health, macos_ups,
                                       ups_facts, windows_power)
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported


def power_facts(battery: Any, mains_online: bool | None = None) -> dict[str, Any]:
    """Facts from psutil.sensors_battery() (None means no battery) and, when there is no battery,
    whether an OS-reported mains adapter is online (None when the OS does not say)."""
    if battery is None:
        return {"battery_present": False, "on_ac_power": mains_online, "battery_percent": None}
    plugged = getattr(battery, "power_plugged", None)
    percent = getattr(battery, "percent", None)
    return {
        "battery_present": True,
        "on_ac_power": bool(plugged) if plugged is not None else None,
        "battery_percent": round(float(percent), 1) if percent is not None else None,
    }


def linux_mains_online(power_supply_root: str = "/sys/class/power_supply") -> bool | None:
    """True/False when a Mains power supply reports `online`, None when there is none to ask."""
    try:
        names = sorted(os.listdir(power_supply_root))
    except OSError:
        return None
    answers = []
    for name in names:
        base = os.path.join(power_supply_root, name)
        if (read_text(os.path.join(base, "type")) or "").lower() != "mains":
            continue
        online = read_text(os.path.join(base, "online"))
        if online in ("0", "1"):
            answers.append(online == "1")
    return any(answers) if answers else None


def parse_pmset_source(text: str) -> bool | None:
    """macOS `pmset -g ps`: "Now drawing from 'AC Power'" (also said by desktops) or 'Battery Power'."""
    lowered = text.lower()
    if "drawing from 'ac power'" in lowered:
        return True
    if "drawing from 'battery power'" in lowered:
        return False
    return None


def windows_ac_line_status(ac_line_status: int | None) -> bool | None:
    """SYSTEM_POWER_STATUS.ACLineStatus: 0 offline, 1 online, 255 unknown."""
    return {0: False, 1: True}.get(ac_line_status) if ac_line_status is not None else None


class SYSTEM_POWER_STATUS(ctypes.Structure):  # noqa: N801 - Win32 name; fixed-size fields, 12 bytes everywhere
    _fields_ = [
        ("ACLineStatus", ctypes.c_uint8),
        ("BatteryFlag", ctypes.c_uint8),
        ("BatteryLifePercent", ctypes.c_uint8),
        ("SystemStatusFlag", ctypes.c_uint8),
        ("BatteryLifeTime", ctypes.c_uint32),
        ("BatteryFullLifeTime", ctypes.c_uint32),
    ]


def _windows_ac_line_status_raw() -> int | None:
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    status = SYSTEM_POWER_STATUS()
    try:
        if not ctypes.windll.kernel32.GetSystemPowerStatus(ctypes.byref(status)):
            return None
    except (AttributeError, OSError):
        return None
    return int(status.ACLineStatus)


def mains_without_battery(family: str) -> bool | None:
    """Whether a machine without a battery reports mains power, asked the OS's own way."""
    if family == "linux":
        return linux_mains_online()
    if family == "windows":
        return windows_ac_line_status(_windows_ac_line_status_raw())
    if family == "macos":
        try:
            return parse_pmset_source(run_command(["/usr/bin/pmset", "-g", "ps"], timeout_s=5.0))
        except (ProbeError, ProbeUnsupported):
            return None
    return None


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """battery_present, on_ac_power, battery_percent, the UPS facts, battery_runtime_minutes, battery_health_percent."""
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    if not hasattr(psutil, "sensors_battery"):
        raise ProbeUnsupported("psutil cannot read batteries on this platform")
    try:
        battery = psutil.sensors_battery()
    except (OSError, RuntimeError) as exc:
        raise ProbeError(f"could not read the battery: {exc}") from exc
    family = current_os()
    mains = mains_without_battery(family) if battery is None else None
    facts = power_facts(battery, mains)
    ups, health = backup_power(family, ctx.note)
    facts.update(ups)
    facts["battery_runtime_minutes"] = battery_runtime_minutes(battery)
    facts["battery_health_percent"] = health if battery is not None else None
    return facts


def _linux_power() -> tuple[dict[str, Any], float | None]:
    return linux_ups(), linux_battery_health()


def _macos_power() -> tuple[dict[str, Any], float | None]:
    return macos_ups(), macos_battery_health()


def backup_power(family: str, note: Callable[[str], None] = lambda text: None) -> tuple[dict[str, Any], float | None]:
    """(UPS facts, laptop battery health), asked the OS's own way; None where nothing can be seen. `note`
    hears what went wrong on the way (a battery device that could not be asked)."""
    reader = {"linux": _linux_power, "windows": lambda: windows_power(note), "macos": _macos_power}.get(family)
    if reader is None:
        return ups_facts(), None
    try:
        return reader()
    except (ProbeError, ProbeUnsupported, OSError):  # OSError: NUT's id list unreadable (a damaged install)
        return ups_facts(), None


PROBE = ProbeSpec(id=POWER.id, title=POWER.title, collect=collect, timeout_s=10.0, facts=POWER.facts)

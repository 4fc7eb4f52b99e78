"""A UPS connected by a data cable, and a laptop battery's runtime and health: the power probe's backup facts.

A UPS with a USB data cable shows itself to the OS: Linux through UPower (devices of type ups), NUT's
`upsc` where it is installed, a power supply of type UPS, or simply a USB device with one of the UPS ids
NUT lists (ups_usb_ids.txt); Windows as a battery device ("HID UPS Battery" in Device Manager), asked
through the battery class's own interface (_winbattery); macOS as a power source in `pmset -g ps`. A UPS
without a data cable, the common case, shows nothing: then the facts say None (not seen), never False,
and scoring asks the applicant.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes.base import ProbeError, ProbeUnsupported

COMMAND_TIMEOUT_S = 5.0
USB_DEVICES = "/sys/bus/usb/devices"
POWER_SUPPLY = "/sys/class/power_supply"
IDS_FILE = Path(__file__).with_name("ups_usb_ids.txt")


def ups_facts(name: str | None = None, percent: float | None = None, runtime_min: float | None = None,
              source: str | None = None) -> dict[str, Any]:
    """The UPS facts: present True with what was read, or all None when no UPS could be seen."""
    if source is None:
        return {"ups_present": None, "ups_name": None, "ups_percent": None, "ups_runtime_minutes": None, "ups_source": None}
    return {"ups_present": True, "ups_name": name or None,
            "ups_percent": round(float(percent), 1) if percent is not None else None,
            "ups_runtime_minutes": round(float(runtime_min), 1) if runtime_min is not None else None,
            "ups_source": source}


@lru_cache(maxsize=1)
def ups_usb_ids() -> dict[tuple[str, str], str]:
    """(vendor id, product id) -> vendor, from NUT's list (lower-case hex)."""
    ids = {}
    for line in IDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            vendor, product, name = line.split(" ", 2)
            ids[(vendor, product)] = name
    return ids


def _number(text: str | None) -> float | None:
    match = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(match.group(0)) if match else None


# --- Linux ---------------------------------------------------------------------------------------

def parse_upower_dump(text: str) -> dict[str, Any] | None:
    """The first device of type ups in `upower -d`, as UPS facts; None when there is none."""
    for block in re.split(r"^Device: ", text, flags=re.MULTILINE)[1:]:
        lines = block.splitlines()
        kinds = {line.strip() for line in lines[1:] if line.startswith("  ") and not line.startswith("   ") and ":" not in line}
        if "ups" not in kinds and not os.path.basename(lines[0].strip()).startswith("ups_"):
            continue
        fields = {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines[1:]) if value}
        name = " ".join(part for part in (fields.get("vendor"), fields.get("model")) if part)
        runtime = fields.get("time to empty")
        minutes = None
        if runtime:
            amount = _number(runtime)
            minutes = None if amount is None else amount * {"hours": 60.0, "seconds": 1 / 60}.get(runtime.split()[-1], 1.0)
        return ups_facts(name, _number(fields.get("percentage")), minutes, "upower")
    return None


def parse_upsc(text: str) -> dict[str, Any]:
    """UPS facts from `upsc NAME` (NUT's variables: battery.charge, battery.runtime in seconds, device.mfr/model)."""
    variables = {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in text.splitlines()) if value}
    maker = variables.get("device.mfr") or variables.get("ups.mfr")
    model = variables.get("device.model") or variables.get("ups.model")
    runtime_s = _number(variables.get("battery.runtime"))
    return ups_facts(" ".join(part for part in (maker, model) if part), _number(variables.get("battery.charge")),
                     runtime_s / 60 if runtime_s is not None else None, "nut")


def usb_ups(usb_root: str = USB_DEVICES) -> dict[str, Any] | None:
    """A USB device with one of NUT's UPS ids, as UPS facts (name only); None when there is none."""
    try:
        devices = sorted(os.listdir(usb_root))
    except OSError:
        return None
    ids = ups_usb_ids()
    for device in devices:
        base = os.path.join(usb_root, device)
        vendor, product = read_text(os.path.join(base, "idVendor")), read_text(os.path.join(base, "idProduct"))
        if vendor and product and (vendor.lower(), product.lower()) in ids:
            name = read_text(os.path.join(base, "product")) or ids[(vendor.lower(), product.lower())]
            return ups_facts(name, source="usb-id")
    return None


def _power_supplies(root: str, kind: str) -> Iterator[tuple[str, str]]:
    """(name, folder) of each kernel power supply of `kind` ("ups", "battery"), in name order."""
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return
    for name in names:
        base = os.path.join(root, name)
        if (read_text(os.path.join(base, "type")) or "").lower() == kind:
            yield name, base


def power_supply_ups(root: str = POWER_SUPPLY) -> dict[str, Any] | None:
    """A kernel power supply of type UPS; None when there is none."""
    for name, base in _power_supplies(root, "ups"):
        return ups_facts(read_text(os.path.join(base, "model_name")) or name,
                         _number(read_text(os.path.join(base, "capacity"))), None, "power-supply")
    return None


def _tool_output(args: list[str]) -> str | None:
    try:
        return run_command(args, COMMAND_TIMEOUT_S)
    except (ProbeError, ProbeUnsupported):
        return None


def linux_ups() -> dict[str, Any]:
    """UPS facts from the first that sees one: UPower, NUT's upsc, a UPS power supply, a UPS USB id."""
    dump = _tool_output(["upower", "-d"])
    found = parse_upower_dump(dump) if dump else None
    if found is None:
        names = (_tool_output(["upsc", "-l"]) or "").split()
        variables = _tool_output(["upsc", names[0]]) if names else None
        found = parse_upsc(variables) if variables else None
    return found or power_supply_ups() or usb_ups() or ups_facts()


def linux_battery_health(root: str = POWER_SUPPLY) -> float | None:
    """Full charge now over the design charge of the first battery, in percent; None without the figures."""
    for _name, base in _power_supplies(root, "battery"):
        for prefix in ("energy", "charge"):
            full = _number(read_text(os.path.join(base, f"{prefix}_full")))
            design = _number(read_text(os.path.join(base, f"{prefix}_full_design")))
            if full is not None and design:
                return round(100.0 * full / design, 1)
    return None


# --- Windows -------------------------------------------------------------------------------------

# BATTERY_INFORMATION.Capabilities flags and the battery class's "unknown" values (Microsoft's
# BATTERY_INFORMATION, BATTERY_STATUS and IOCTL_BATTERY_QUERY_INFORMATION pages; batclass.h).
BATTERY_SYSTEM_BATTERY = 0x80000000
BATTERY_CAPACITY_RELATIVE = 0x40000000  # capacities in relative units (full is 100), not mWh
BATTERY_IS_SHORT_TERM = 0x20000000  # "normal operation is for a fail-safe function": a UPS
BATTERY_UNKNOWN_CAPACITY = 0xFFFFFFFF
BATTERY_UNKNOWN_TIME = 0xFFFFFFFF
WINDOWS_TIMEOUT_S = 5.0  # the whole native look, on a worker thread: a device that never answers leaves it


@dataclass(frozen=True)
class WindowsBattery:
    """One battery device as Windows' battery class answered: SetupAPI's instance id and name, then
    IOCTL_BATTERY_QUERY_INFORMATION / _QUERY_STATUS figures (None where Windows said unknown)."""

    instance_id: str
    name: str  # the device's friendly name, else its description ("HID UPS Battery")
    device_name: str  # BatteryDeviceName, the battery's own name ("Back-UPS ES 700G ..."); "" when not given
    capabilities: int
    designed_capacity: int | None  # mWh, or relative units with BATTERY_CAPACITY_RELATIVE
    full_charged_capacity: int | None
    capacity: int | None  # what is left now, in the same units
    estimated_time_s: int | None  # BatteryEstimatedTime at the present rate; None: Windows has no estimate

    @classmethod
    def from_class(cls, instance_id: str, name: str, device_name: str, capabilities: int, designed: int, full: int,
                   capacity: int, estimated_time_s: int | None) -> "WindowsBattery":
        """A record from the raw figures, Windows' unknown values (and a zero design capacity) made None."""
        def known(value: int | None) -> int | None:
            return None if value is None or value == BATTERY_UNKNOWN_CAPACITY else value

        return cls(instance_id, name, device_name, capabilities, known(designed) or None, known(full), known(capacity),
                   None if estimated_time_s in (None, BATTERY_UNKNOWN_TIME) else estimated_time_s)

    @property
    def charge_percent(self) -> float | None:
        """What is left over the full charge, in percent (both in the same units, relative or mWh)."""
        if self.capacity is None or not self.full_charged_capacity:
            return None
        return min(100.0, 100.0 * self.capacity / self.full_charged_capacity)


def _hid_ids(instance_id: str) -> tuple[str, str] | None:
    match = re.search(r"VID_([0-9A-Fa-f]{4})&PID_([0-9A-Fa-f]{4})", instance_id)
    return (match.group(1).lower(), match.group(2).lower()) if match else None


def is_windows_ups(battery: WindowsBattery) -> bool:
    """A UPS: a USB id from NUT's list, "UPS" in its names, or the battery class's short-term (UPS) flag."""
    ids = _hid_ids(battery.instance_id)
    words = f"{battery.name} {battery.device_name}".lower().replace("-", " ").split()
    return bool((ids and ids in ups_usb_ids()) or "ups" in words or battery.capabilities & BATTERY_IS_SHORT_TERM)


def parse_windows_power(batteries: list[WindowsBattery], system_status: tuple[int | None, int | None] = (None, None)
                        ) -> dict[str, Any]:
    """UPS facts from the battery devices Windows lists; the runtime only when Windows has an estimate.
    `system_status` (GetSystemPowerStatus's percent and seconds) stands in for a UPS that gave no
    figures only when it is the one battery, so the system's summary is the UPS's own."""
    for battery in batteries:
        if not is_windows_ups(battery):
            continue
        percent, seconds = battery.charge_percent, battery.estimated_time_s
        if len(batteries) == 1:
            percent = percent if percent is not None else system_status[0]
            seconds = seconds if seconds is not None else system_status[1]
        ids = _hid_ids(battery.instance_id)
        label = battery.device_name or (ups_usb_ids().get(ids, "") if ids else "") or battery.name
        return ups_facts(label, percent, seconds / 60.0 if seconds is not None else None, "windows-battery")
    return ups_facts()


def windows_battery_health(batteries: list[WindowsBattery]) -> float | None:
    """The first laptop battery's full charge over its design capacity (both mWh), in percent; None
    without both figures. Only a battery that runs the system counts: not a UPS, and not one that reports
    relative units (its design capacity has none)."""
    for battery in batteries:
        system = battery.capabilities & BATTERY_SYSTEM_BATTERY
        if not system or is_windows_ups(battery) or battery.capabilities & BATTERY_CAPACITY_RELATIVE:
            continue
        if battery.designed_capacity and battery.full_charged_capacity is not None:
            return round(100.0 * battery.full_charged_capacity / battery.designed_capacity, 1)
    return None


def windows_power(note: Callable[[str], None] = lambda text: None) -> tuple[dict[str, Any], float | None]:
    """(UPS facts, battery health) from Windows' battery devices, asked on a worker thread bounded by
    WINDOWS_TIMEOUT_S; what went wrong is said through `note`, and the facts that could be read stand."""
    from rigcheck.probes import _winbattery

    found: dict[str, Any] = {"devices": ([], []), "system": (None, None), "errors": []}

    def look() -> None:
        for key, call in (("devices", _winbattery.battery_devices), ("system", _winbattery.system_power_status)):
            try:
                found[key] = call()
            except Exception as exc:  # noqa: BLE001 - a DLL or function missing, a malformed answer: the rest stands
                found["errors"].append(exc)

    worker = threading.Thread(target=look, name="rigcheck-windows-batteries", daemon=True)
    worker.start()
    worker.join(WINDOWS_TIMEOUT_S)
    if worker.is_alive():
        note(f"Windows' battery devices did not answer within {WINDOWS_TIMEOUT_S:.0f} s: a UPS could not be looked for")
        return ups_facts(), None
    batteries, problems = found["devices"]
    for problem in [*(f"Windows' battery devices could not be asked: {exc}" for exc in found["errors"]), *problems]:
        note(problem)
    return parse_windows_power(batteries, found["system"]), windows_battery_health(batteries)


def parse_macos_battery_health(text: str) -> float | None:
    """`system_profiler SPPowerDataType -json`: the battery's maximum capacity ("89%"), None when not given."""
    from rigcheck.probes._exec import parse_json

    document = parse_json(text, "system_profiler")
    for item in document.get("SPPowerDataType", []) if isinstance(document, Mapping) else []:
        health = item.get("sppower_battery_health_info") if isinstance(item, Mapping) else None
        if isinstance(health, Mapping):
            return _number(str(health.get("sppower_battery_health_maximum_capacity") or "")) or None
    return None


def macos_battery_health() -> float | None:
    text = _tool_output(["/usr/sbin/system_profiler", "SPPowerDataType", "-json"])
    return parse_macos_battery_health(text) if text else None


# --- macOS ---------------------------------------------------------------------------------------

_PMSET_SOURCE = re.compile(r"^\s*-(?P<name>.+?)\s+\(id=\d+\)\s*(?P<percent>\d+)%;\s*(?P<state>[^;]*);?\s*(?P<rest>.*)$")


def parse_pmset_ups(text: str) -> dict[str, Any]:
    """UPS facts from `pmset -g ps`: a power source that is not the internal battery is a UPS."""
    for line in text.splitlines():
        match = _PMSET_SOURCE.match(line)
        if not match or match.group("name").startswith("InternalBattery"):
            continue
        remaining = re.search(r"(\d+):(\d{2}) remaining", match.group("rest"))
        minutes = int(remaining.group(1)) * 60 + int(remaining.group(2)) if remaining else None
        # pmset prints 0:00 for a charged source: no estimate, not zero minutes.
        return ups_facts(match.group("name"), float(match.group("percent")), minutes or None, "pmset")
    return ups_facts()


def macos_ups() -> dict[str, Any]:
    text = _tool_output(["/usr/bin/pmset", "-g", "ps"])
    return parse_pmset_ups(text) if text else ups_facts()


def battery_runtime_minutes(battery: Any) -> float | None:
    """psutil's secsleft in minutes while discharging; None while charging or without an estimate (negative)."""
    seconds = getattr(battery, "secsleft", None)
    if battery is None or getattr(battery, "power_plugged", None) or not isinstance(seconds, (int, float)) or seconds < 0:
        return None
    return round(seconds / 60.0, 1)


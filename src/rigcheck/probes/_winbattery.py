"""Windows battery devices asked through the battery class's own interface (SetupAPI, then DeviceIoControl
on each device; no PowerShell), as Microsoft's "Enumerating Battery Devices" and "Battery Information"
describe it; and GetSystemPowerStatus, the system battery's summary.

A HID UPS with a data cable is one of these devices. The pure reading of the records is in power_ups.
"""

from __future__ import annotations

import struct
import sys
import uuid
from functools import lru_cache
from typing import Any

from rigcheck.probes.power_ups import WindowsBattery

# GUID_DEVCLASS_BATTERY (batclass.h; the same GUID is the battery device interface class, GUID_DEVICE_BATTERY)
BATTERY_CLASS_GUID = "72631e54-78a4-11d0-bcf7-00aa00b7b32a"
DIGCF_PRESENT = 0x2
DIGCF_DEVICEINTERFACE = 0x10
SPDRP_DEVICEDESC = 0x0
SPDRP_FRIENDLYNAME = 0xC
ERROR_NO_MORE_ITEMS = 259
MAX_DEVICES = 100  # Microsoft's example stops at 100 batteries too
GENERIC_READ = 0x80000000
FILE_SHARE_READ_WRITE = 0x3
OPEN_EXISTING = 3
# CTL_CODE(FILE_DEVICE_BATTERY 0x29, function 0x10/0x11/0x13, METHOD_BUFFERED, FILE_READ_ACCESS) (batclass.h)
IOCTL_BATTERY_QUERY_TAG = 0x294040
IOCTL_BATTERY_QUERY_INFORMATION = 0x294044
IOCTL_BATTERY_QUERY_STATUS = 0x29404C
# BATTERY_QUERY_INFORMATION_LEVEL values
BATTERY_INFORMATION_LEVEL = 0
BATTERY_ESTIMATED_TIME_LEVEL = 3
BATTERY_DEVICE_NAME_LEVEL = 4
BATTERY_TAG_INVALID = 0
NAME_BUFFER_BYTES = 512  # BatteryDeviceName: a NUL-ended UTF-16 string (MAX_BATTERY_STRING_SIZE is 128 bytes)
# BATTERY_INFORMATION: Capabilities, Technology, Reserved[3], Chemistry[4], DesignedCapacity,
# FullChargedCapacity, DefaultAlert1, DefaultAlert2, CriticalBias, CycleCount (36 bytes)
BATTERY_INFORMATION_LAYOUT = struct.Struct("<IB3s4sIIIIII")
# BATTERY_STATUS: PowerState, Capacity, Voltage, Rate (16 bytes)
BATTERY_STATUS_LAYOUT = struct.Struct("<IIIi")


class BatteryCallFailed(Exception):
    """One Windows call on one battery device failed: its name and Windows' error code."""

    def __init__(self, call: str, code: int) -> None:
        super().__init__(f"{call} failed (Windows error {code})")
        self.call = call
        self.code = code


def read_battery_information(raw: bytes) -> tuple[int, int, int]:
    """(Capabilities, DesignedCapacity, FullChargedCapacity) from a BATTERY_INFORMATION structure."""
    capabilities, _technology, _reserved, _chemistry, designed, full, *_ = BATTERY_INFORMATION_LAYOUT.unpack_from(raw)
    return capabilities, designed, full


def read_battery_status(raw: bytes) -> tuple[int, int]:
    """(PowerState, Capacity) from a BATTERY_STATUS structure."""
    power_state, capacity, _voltage, _rate = BATTERY_STATUS_LAYOUT.unpack_from(raw)
    return power_state, capacity


@lru_cache(maxsize=1)
def _api() -> Any:
    """setupapi and kernel32 with the argument types of the calls used here (loaded once)."""
    import ctypes
    from ctypes import wintypes

    setupapi = ctypes.WinDLL("setupapi", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    setupapi.SetupDiGetClassDevsW.restype = ctypes.c_void_p
    setupapi.SetupDiGetClassDevsW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_void_p, wintypes.DWORD]
    setupapi.SetupDiEnumDeviceInterfaces.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, wintypes.DWORD,
                                                     ctypes.c_void_p]
    setupapi.SetupDiGetDeviceInterfaceDetailW.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, wintypes.DWORD,
                                                          ctypes.c_void_p, ctypes.c_void_p]
    setupapi.SetupDiGetDeviceInstanceIdW.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_wchar_p, wintypes.DWORD,
                                                     ctypes.c_void_p]
    setupapi.SetupDiGetDeviceRegistryPropertyW.argtypes = [ctypes.c_void_p, ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p,
                                                           ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p]
    setupapi.SetupDiDestroyDeviceInfoList.argtypes = [ctypes.c_void_p]
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    kernel32.CreateFileW.restype = ctypes.c_void_p
    kernel32.CreateFileW.argtypes = [ctypes.c_wchar_p, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p, wintypes.DWORD,
                                     wintypes.DWORD, ctypes.c_void_p]
    kernel32.DeviceIoControl.argtypes = [ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p,
                                         wintypes.DWORD, ctypes.POINTER(wintypes.DWORD), ctypes.c_void_p]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    return setupapi, kernel32


def _last_error() -> int:
    import ctypes

    return ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]


def _ioctl(handle: Any, call: str, code: int, request: bytes, answer_bytes: int) -> bytes:
    """DeviceIoControl with a buffered request and answer; the bytes Windows returned, or BatteryCallFailed."""
    import ctypes
    from ctypes import wintypes

    _setupapi, kernel32 = _api()
    request_buffer = ctypes.create_string_buffer(request, len(request))
    answer = ctypes.create_string_buffer(answer_bytes)
    returned = wintypes.DWORD()
    if not kernel32.DeviceIoControl(handle, code, request_buffer, len(request), answer, answer_bytes,
                                    ctypes.byref(returned), None):
        raise BatteryCallFailed(call, _last_error())
    return answer.raw[:returned.value]


def ask_battery(path: str, instance_id: str = "", name: str = "") -> WindowsBattery | None:
    """Open one battery device by its interface path and ask it (tag, information, status, estimated time,
    name); None when its slot holds no battery. A failed open, tag, information or status call raises
    BatteryCallFailed; the handle is closed whatever happens."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes

    _setupapi, kernel32 = _api()
    handle = kernel32.CreateFileW(path, GENERIC_READ, FILE_SHARE_READ_WRITE, None, OPEN_EXISTING, 0, None)
    if handle in (None, ctypes.c_void_p(-1).value):
        raise BatteryCallFailed("CreateFileW", _last_error())
    try:
        # A wait of 0: answer at once, with no tag when the slot holds no battery.
        raw_tag = _ioctl(handle, "IOCTL_BATTERY_QUERY_TAG", IOCTL_BATTERY_QUERY_TAG, struct.pack("<I", 0), 4)
        tag = struct.unpack_from("<I", raw_tag)[0] if len(raw_tag) >= 4 else BATTERY_TAG_INVALID
        if tag == BATTERY_TAG_INVALID:
            return None

        def query(level: int, answer_bytes: int) -> bytes:
            request = struct.pack("<IIi", tag, level, 0)  # BATTERY_QUERY_INFORMATION: tag, level, AtRate 0
            return _ioctl(handle, f"IOCTL_BATTERY_QUERY_INFORMATION level {level}", IOCTL_BATTERY_QUERY_INFORMATION,
                          request, answer_bytes)

        capabilities, designed, full = read_battery_information(query(BATTERY_INFORMATION_LEVEL,
                                                                      BATTERY_INFORMATION_LAYOUT.size))
        # BATTERY_WAIT_STATUS: tag, Timeout 0 (answer at once), PowerState, LowCapacity, HighCapacity
        _state, capacity = read_battery_status(_ioctl(handle, "IOCTL_BATTERY_QUERY_STATUS", IOCTL_BATTERY_QUERY_STATUS,
                                                      struct.pack("<IIIII", tag, 0, 0, 0, 0), BATTERY_STATUS_LAYOUT.size))
        try:
            raw_time = query(BATTERY_ESTIMATED_TIME_LEVEL, 4)
            seconds: int | None = struct.unpack_from("<I", raw_time)[0] if len(raw_time) >= 4 else None
        except BatteryCallFailed:
            seconds = None  # no estimate from this battery: the other figures stand
        try:
            device_name = query(BATTERY_DEVICE_NAME_LEVEL, NAME_BUFFER_BYTES).decode("utf-16-le", "replace").split("\0")[0]
        except BatteryCallFailed:
            device_name = ""
        return WindowsBattery.from_class(instance_id, name, device_name, capabilities, designed, full, capacity, seconds)
    finally:
        kernel32.CloseHandle(handle)


def _interface_path(devices: Any, interface: Any) -> tuple[str, str, str]:
    """(device path, instance id, name) of one enumerated battery interface; BatteryCallFailed without a path."""
    import ctypes
    from ctypes import wintypes

    class SP_DEVINFO_DATA(ctypes.Structure):  # noqa: N801 - Win32 name
        _fields_ = [("cbSize", wintypes.DWORD), ("ClassGuid", ctypes.c_ubyte * 16), ("DevInst", wintypes.DWORD),
                    ("Reserved", ctypes.c_void_p)]

    setupapi, _kernel32 = _api()
    # SP_DEVICE_INTERFACE_DETAIL_DATA_W's cbSize: 8 on 64-bit Windows, 6 on 32-bit (setupapi.h packs it to 1 there)
    detail_size = 8 if ctypes.sizeof(ctypes.c_void_p) == 8 else 6
    required = wintypes.DWORD()
    setupapi.SetupDiGetDeviceInterfaceDetailW(devices, ctypes.byref(interface), None, 0, ctypes.byref(required), None)
    detail = ctypes.create_string_buffer(max(required.value, detail_size) + 2)
    struct.pack_into("<I", detail, 0, detail_size)
    info = SP_DEVINFO_DATA()
    info.cbSize = ctypes.sizeof(info)
    if not setupapi.SetupDiGetDeviceInterfaceDetailW(devices, ctypes.byref(interface), detail, len(detail) - 2, None,
                                                     ctypes.byref(info)):
        raise BatteryCallFailed("SetupDiGetDeviceInterfaceDetailW", _last_error())
    instance = ctypes.create_unicode_buffer(512)
    instance_id = instance.value if setupapi.SetupDiGetDeviceInstanceIdW(devices, ctypes.byref(info), instance,
                                                                         len(instance), None) else ""
    names = []
    for prop in (SPDRP_FRIENDLYNAME, SPDRP_DEVICEDESC):
        buffer = ctypes.create_unicode_buffer(512)
        if setupapi.SetupDiGetDeviceRegistryPropertyW(devices, ctypes.byref(info), prop, None, buffer, ctypes.sizeof(buffer),
                                                      None):
            names.append(buffer.value)
    return ctypes.wstring_at(ctypes.addressof(detail) + 4), instance_id, next((n for n in names if n), "")


def battery_devices(interface_class: str = BATTERY_CLASS_GUID) -> tuple[list[WindowsBattery], list[str]]:
    """The battery devices present, each as the battery class answered it, and what went wrong on the
    way (one line per device or call that failed; the other devices are still asked). `interface_class`
    is the battery interface's GUID; the Windows tier names another to ask devices that are no battery."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return [], []
    import ctypes
    from ctypes import wintypes

    class SP_DEVICE_INTERFACE_DATA(ctypes.Structure):  # noqa: N801 - Win32 name
        _fields_ = [("cbSize", wintypes.DWORD), ("InterfaceClassGuid", ctypes.c_ubyte * 16), ("Flags", wintypes.DWORD),
                    ("Reserved", ctypes.c_void_p)]

    setupapi, _kernel32 = _api()
    batteries: list[WindowsBattery] = []
    problems: list[str] = []
    guid = (ctypes.c_ubyte * 16).from_buffer_copy(uuid.UUID(interface_class).bytes_le)
    devices = setupapi.SetupDiGetClassDevsW(ctypes.byref(guid), None, None, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE)
    if devices in (None, ctypes.c_void_p(-1).value):
        return [], [f"Windows did not list its battery devices (SetupDiGetClassDevsW error {_last_error()})"]
    try:
        for index in range(MAX_DEVICES):
            interface = SP_DEVICE_INTERFACE_DATA()
            interface.cbSize = ctypes.sizeof(interface)
            if not setupapi.SetupDiEnumDeviceInterfaces(devices, None, ctypes.byref(guid), index, ctypes.byref(interface)):
                error = _last_error()
                if error != ERROR_NO_MORE_ITEMS:
                    problems.append(f"Windows stopped listing its battery devices (SetupDiEnumDeviceInterfaces error {error})")
                break
            label = f"battery device {index + 1}"
            try:
                path, instance_id, name = _interface_path(devices, interface)
                label = f"the battery device {name or instance_id}"
                battery = ask_battery(path, instance_id, name)
            except BatteryCallFailed as exc:
                problems.append(f"{label} could not be asked: {exc}")
                continue
            except struct.error as exc:  # an answer shorter than its documented structure
                problems.append(f"{label} gave an unreadable answer: {exc}")
                continue
            if battery is not None:
                batteries.append(battery)
    finally:
        setupapi.SetupDiDestroyDeviceInfoList(devices)
    return batteries, problems


def system_power_status() -> tuple[int | None, int | None]:
    """GetSystemPowerStatus: (BatteryLifePercent, BatteryLifeTime in seconds), each None when Windows does
    not know (255 and 0xFFFFFFFF) or the call failed."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None, None
    import ctypes

    from rigcheck.probes.power import SYSTEM_POWER_STATUS

    status = SYSTEM_POWER_STATUS()
    if not ctypes.windll.kernel32.GetSystemPowerStatus(ctypes.byref(status)):
        return None, None
    percent = int(status.BatteryLifePercent)
    seconds = int(status.BatteryLifeTime)
    return (percent if percent <= 100 else None), (seconds if seconds != 0xFFFFFFFF else None)

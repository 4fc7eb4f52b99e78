"""Displays on Windows: EnumDisplayDevices / EnumDisplaySettings through ctypes (physical pixels)."""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from rigcheck.probes._exec import run_powershell_json
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.display import (
    DISPLAY_DEVICE_ATTACHED_TO_DESKTOP,
    ENUM_CURRENT_SETTINGS,
    WINDOWS_SCRIPT,
    display_facts,
    monitors_from_display_devices,
    monitors_from_windows_listing,
)

_WCHAR = ctypes.c_uint16
_WORD = ctypes.c_uint16
_DWORD = ctypes.c_uint32


class DISPLAY_DEVICEW(ctypes.Structure):  # noqa: N801 - Win32 name
    _fields_ = [
        ("cb", _DWORD),
        ("DeviceName", _WCHAR * 32),
        ("DeviceString", _WCHAR * 128),
        ("StateFlags", _DWORD),
        ("DeviceID", _WCHAR * 128),
        ("DeviceKey", _WCHAR * 128),
    ]


class DEVMODEW(ctypes.Structure):
    _fields_ = [
        ("dmDeviceName", _WCHAR * 32),
        ("dmSpecVersion", _WORD),
        ("dmDriverVersion", _WORD),
        ("dmSize", _WORD),
        ("dmDriverExtra", _WORD),
        ("dmFields", _DWORD),
        ("dmPositionX", ctypes.c_int32),
        ("dmPositionY", ctypes.c_int32),
        ("dmDisplayOrientation", _DWORD),
        ("dmDisplayFixedOutput", _DWORD),
        ("dmColor", ctypes.c_int16),
        ("dmDuplex", ctypes.c_int16),
        ("dmYResolution", ctypes.c_int16),
        ("dmTTOption", ctypes.c_int16),
        ("dmCollate", ctypes.c_int16),
        ("dmFormName", _WCHAR * 32),
        ("dmLogPixels", _WORD),
        ("dmBitsPerPel", _DWORD),
        ("dmPelsWidth", _DWORD),
        ("dmPelsHeight", _DWORD),
        ("dmDisplayFlags", _DWORD),
        ("dmDisplayFrequency", _DWORD),
        ("dmICMMethod", _DWORD),
        ("dmICMIntent", _DWORD),
        ("dmMediaType", _DWORD),
        ("dmDitherType", _DWORD),
        ("dmReserved1", _DWORD),
        ("dmReserved2", _DWORD),
        ("dmPanningWidth", _DWORD),
        ("dmPanningHeight", _DWORD),
    ]


def wide_text(chars: Any) -> str:
    """A NUL-terminated UTF-16 string held in a uint16 array."""
    return bytes(chars).decode("utf-16-le", errors="replace").split("\0", 1)[0]


def _windows_display_devices() -> list[dict[str, Any]]:
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return []
    user32 = ctypes.windll.user32
    devices = []
    index = 0
    while index < 64:
        device = DISPLAY_DEVICEW()
        device.cb = ctypes.sizeof(device)
        if not user32.EnumDisplayDevicesW(None, index, ctypes.byref(device), 0):
            break
        index += 1
        device_name = wide_text(device.DeviceName)
        entry: dict[str, Any] = {
            "name": device_name.lstrip("\\.").strip() or None,
            "state_flags": int(device.StateFlags),
            "width": None,
            "height": None,
        }
        mode = DEVMODEW()
        mode.dmSize = ctypes.sizeof(mode)
        if device.StateFlags & DISPLAY_DEVICE_ATTACHED_TO_DESKTOP and user32.EnumDisplaySettingsW(
            device_name, ENUM_CURRENT_SETTINGS, ctypes.byref(mode)
        ):
            entry["width"], entry["height"] = int(mode.dmPelsWidth), int(mode.dmPelsHeight)
        devices.append(entry)
    return devices


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """EnumDisplayDevices and EnumDisplaySettings; PowerShell's screen list only when they see nothing."""
    try:
        monitors = monitors_from_display_devices(_windows_display_devices())
    except (AttributeError, OSError, ValueError):
        monitors = []
    if not monitors:
        # ctypes saw nothing (a service session, an unusual driver): ask PowerShell.
        monitors = monitors_from_windows_listing(run_powershell_json(WINDOWS_SCRIPT, timeout_s=20.0))
    return display_facts(monitors)

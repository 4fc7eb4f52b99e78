"""System facts on Windows, from the Windows API and the registry alone (no PowerShell).

Each lookup fails alone, losing only its own facts:
- the version: `RtlGetVersion` (ntdll; the true version, which `GetVersionEx` hides from programs without
  a manifest), the product name and update build revision from the registry's CurrentVersion key;
- the architecture: `GetNativeSystemInfo` (the machine's, not this process's: an x86 Python on x64);
- the virtual machine question: the SMBIOS strings, from the registry's BIOS key (what Windows copies
  from SMBIOS at boot), else the SMBIOS table itself (`GetSystemFirmwareTable('RSMB')`, the source
  Win32_ComputerSystem reads). With neither, the answer is None (not measured), never a guessed False;
- a remote session: `GetSystemMetrics(SM_REMOTESESSION)` and the session's environment.
"""

from __future__ import annotations

import os
import platform
import struct
import sys
from typing import Any, Mapping

from rigcheck.probes._local_util import as_int
from rigcheck.probes._winreg import HKLM, RegistryReader, read_registry_value
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.system import (
    VmFinding,
    common_facts,
    detect_vm_windows,
    remote_facts,
    vm_facts,
    windows_os_facts,
)

CURRENT_VERSION = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion"
CURRENT_VERSION_NAMES = ("ProductName", "CurrentBuildNumber", "CurrentBuild", "UBR",
                         "CurrentMajorVersionNumber", "CurrentMinorVersionNumber")
# The registry's copies of the SMBIOS strings: the BIOS key, else SystemInformation (filled at boot).
SMBIOS_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"HARDWARE\DESCRIPTION\System\BIOS",
     ("SystemManufacturer", "SystemProductName", "BaseBoardManufacturer", "BIOSVendor", "SystemVersion")),
    (r"SYSTEM\CurrentControlSet\Control\SystemInformation", ("SystemManufacturer", "SystemProductName")),
)
# SYSTEM_INFO.wProcessorArchitecture (winnt.h PROCESSOR_ARCHITECTURE_*)
PROCESSOR_ARCHITECTURES = {0: "x86", 5: "arm", 9: "x86_64", 12: "arm64"}
SM_REMOTESESSION = 0x1000


# --- pure parts (tested anywhere) ---------------------------------------------------------------

def parse_smbios(table: bytes) -> dict[str, str]:
    """The strings rigcheck reads from an SMBIOS structure table (DMTF DSP0134): BIOS vendor (type 0),
    system manufacturer, product and version (type 1), board manufacturer (type 2), under the names of
    the registry's BIOS key. Takes the table bytes (`RawSMBIOSData.SMBIOSTableData`, or Linux's
    /sys/firmware/dmi/tables/DMI); a truncated table gives what was read before the cut."""
    wanted = {0: {4: "BIOSVendor"}, 1: {4: "SystemManufacturer", 5: "SystemProductName", 6: "SystemVersion"},
              2: {4: "BaseBoardManufacturer"}}
    found: dict[str, str] = {}
    offset = 0
    while offset + 4 <= len(table):
        kind, length = table[offset], table[offset + 1]
        if length < 4:
            break
        strings_start = offset + length
        strings_end = table.find(b"\0\0", strings_start)
        if strings_end < 0:
            break
        strings = table[strings_start:strings_end].split(b"\0") if strings_end > strings_start else []
        for field, name in wanted.get(kind, {}).items():
            index = table[offset + field] if field < length else 0
            if name not in found and 0 < index <= len(strings):
                text = strings[index - 1].decode("latin-1").strip()
                if text:
                    found[name] = text
        if kind == 127:  # end-of-table
            break
        offset = strings_end + 2
    return found


def raw_smbios_table(raw: bytes) -> bytes:
    """The structure table inside GetSystemFirmwareTable('RSMB')'s RawSMBIOSData (an 8-byte header:
    calling method, major, minor, DMI revision, then the table's length as a little-endian DWORD)."""
    if len(raw) < 8:
        return b""
    (length,) = struct.unpack_from("<I", raw, 4)
    return raw[8:8 + length]


def windows_system_facts(
    ctx: ProbeContext,
    *,
    rtl_version: tuple[int, int, int] | None,
    current: Mapping[str, Any],
    architecture_code: int | None,
    smbios: Mapping[str, Any] | None,
    remote_metric: bool | None,
    env: Mapping[str, str],
) -> dict[str, Any]:
    """The system facts from what each lookup found (None where it failed); what is missing is noted."""
    build = as_int(current.get("CurrentBuildNumber") or current.get("CurrentBuild"))
    if rtl_version is not None:
        major, minor, rtl_build = rtl_version
        nt_version, build = f"{major}.{minor}", rtl_build or build
    elif current.get("CurrentMajorVersionNumber") is not None:
        nt_version = f"{current['CurrentMajorVersionNumber']}.{current.get('CurrentMinorVersionNumber', 0)}"
    else:
        nt_version = platform.version()
    facts = windows_os_facts(str(current.get("ProductName") or ""), nt_version, build, as_int(current.get("UBR")))
    if facts["os_version"] is None:
        ctx.incomplete("Windows did not say its version")
    machine = PROCESSOR_ARCHITECTURES.get(architecture_code, "") if architecture_code is not None else ""
    kernel = f"{nt_version}.{build}" if build is not None else platform.version()
    facts.update(common_facts(kernel, machine or env.get("PROCESSOR_ARCHITEW6432") or platform.machine()))
    if smbios and any(smbios.values()):
        facts.update(vm_facts(detect_vm_windows(smbios)))
    else:
        facts.update(vm_facts(VmFinding(False)), virtual_machine=None)
        ctx.incomplete("virtual machine unknown: Windows gave no SMBIOS maker or model")
    facts.update(remote_facts(env, remote_metric), chromeos=False, wsl=False)
    return facts


# --- the Windows API (each call alone; None when it fails) ----------------------------------------

def rtl_get_version() -> tuple[int, int, int] | None:
    """(major, minor, build) from ntdll's RtlGetVersion."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes
    from ctypes import wintypes

    class OSVERSIONINFOEXW(ctypes.Structure):
        _fields_ = [("dwOSVersionInfoSize", wintypes.DWORD), ("dwMajorVersion", wintypes.DWORD),
                    ("dwMinorVersion", wintypes.DWORD), ("dwBuildNumber", wintypes.DWORD),
                    ("dwPlatformId", wintypes.DWORD), ("szCSDVersion", wintypes.WCHAR * 128),
                    ("wServicePackMajor", wintypes.WORD), ("wServicePackMinor", wintypes.WORD),
                    ("wSuiteMask", wintypes.WORD), ("wProductType", wintypes.BYTE), ("wReserved", wintypes.BYTE)]

    try:
        info = OSVERSIONINFOEXW()
        info.dwOSVersionInfoSize = ctypes.sizeof(info)
        if ctypes.WinDLL("ntdll").RtlGetVersion(ctypes.byref(info)) != 0:
            return None
        return int(info.dwMajorVersion), int(info.dwMinorVersion), int(info.dwBuildNumber)
    except (AttributeError, OSError):
        return None


def native_architecture_code() -> int | None:
    """SYSTEM_INFO.wProcessorArchitecture from GetNativeSystemInfo."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes

    try:
        info = (ctypes.c_ubyte * 64)()  # SYSTEM_INFO is 48 bytes on x64; the architecture is its first WORD
        ctypes.WinDLL("kernel32").GetNativeSystemInfo(ctypes.byref(info))
        return int.from_bytes(bytes(info[:2]), "little")
    except (AttributeError, OSError):
        return None


def firmware_smbios() -> dict[str, str]:
    """The SMBIOS strings from GetSystemFirmwareTable('RSMB'); empty when Windows gives no table."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return {}
    import ctypes

    try:
        kernel32 = ctypes.WinDLL("kernel32")
        provider = int.from_bytes(b"RSMB", "big")
        size = int(kernel32.GetSystemFirmwareTable(provider, 0, None, 0))
        if size <= 0:
            return {}
        buffer = ctypes.create_string_buffer(size)
        if int(kernel32.GetSystemFirmwareTable(provider, 0, buffer, size)) != size:
            return {}
        return parse_smbios(raw_smbios_table(buffer.raw))
    except (AttributeError, OSError):
        return {}


def remote_session_metric() -> bool | None:
    """GetSystemMetrics(SM_REMOTESESSION): True in a Remote Desktop session."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes

    try:
        return bool(ctypes.WinDLL("user32").GetSystemMetrics(SM_REMOTESESSION))
    except (AttributeError, OSError):
        return None


def registry_values(read: RegistryReader, key_path: str, names: tuple[str, ...]) -> dict[str, Any]:
    """The values of `names` that exist under HKLM\\key_path."""
    values = {name: read(HKLM, key_path, name) for name in names}
    return {name: value for name, value in values.items() if value not in (None, "")}


def smbios_strings(read: RegistryReader) -> dict[str, Any]:
    """The registry's copies of the SMBIOS strings, else the firmware table's."""
    for key_path, names in SMBIOS_KEYS:
        values = registry_values(read, key_path, names)
        if values.get("SystemManufacturer") or values.get("SystemProductName"):
            return values
    return firmware_smbios()


def collect(ctx: ProbeContext, read: RegistryReader = read_registry_value) -> dict[str, Any]:
    """Every system fact Windows gives, each lookup on its own."""
    return windows_system_facts(
        ctx,
        rtl_version=rtl_get_version(),
        current=registry_values(read, CURRENT_VERSION, CURRENT_VERSION_NAMES),
        architecture_code=native_architecture_code(),
        smbios=smbios_strings(read),
        remote_metric=remote_session_metric(),
        env=dict(os.environ),
    )

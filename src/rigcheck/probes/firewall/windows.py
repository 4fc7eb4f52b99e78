"""Firewall facts on Windows: the policy in force, read from the registry (no PowerShell).

Windows Defender Firewall keeps each profile's local setting in
`HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\<Profile>` and a
Group Policy object's setting in `HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\<Profile>`; a policy
value, when present, overrides the local one (Microsoft, "Windows Firewall with Advanced Security
Group Policy settings"; the DWORD `EnableFirewall`, 1 on, 0 off). The profile keys are Domain,
Standard (shown as Private) and Public locally, Domain, Private and Public under Policies. With the
firewall service (MpsSvc) stopped no profile filters anything, whatever the settings say; the service
control manager tells (`QueryServiceStatus`).
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Iterable, Mapping

from rigcheck.probes._winreg import HKLM, RegistryReader, read_registry_value
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.firewall import firewall_facts

LOCAL_POLICY = r"SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
GROUP_POLICY = r"SOFTWARE\Policies\Microsoft\WindowsFirewall"
# Profile name as Windows shows it -> (its local key, its Group Policy key)
PROFILES: tuple[tuple[str, str, str], ...] = (
    ("Domain", "DomainProfile", "DomainProfile"),
    ("Private", "StandardProfile", "PrivateProfile"),
    ("Public", "PublicProfile", "PublicProfile"),
)


def windows_profiles_off(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The profiles whose Enabled is not True; ProbeError when the list names no profile."""
    records = [record for record in records if isinstance(record, Mapping) and record.get("Name")]
    if not records:
        raise ProbeError("Windows listed no firewall profile")
    return [str(record["Name"]) for record in records if str(record.get("Enabled", "")).lower() not in ("true", "1")]


def registry_profiles(read: RegistryReader = read_registry_value) -> list[dict[str, Any]]:
    """One record per profile the registry configures: Name, Enabled (True/False), Source (local/policy)."""
    records: list[dict[str, Any]] = []
    for name, local_key, policy_key in PROFILES:
        policy = read(HKLM, f"{GROUP_POLICY}\\{policy_key}", "EnableFirewall")
        local = read(HKLM, f"{LOCAL_POLICY}\\{local_key}", "EnableFirewall")
        value, source = (policy, "policy") if isinstance(policy, int) else (local, "local")
        if isinstance(value, int):
            records.append({"Name": name, "Enabled": str(bool(value)), "Source": source})
    return records


SERVICE_RUNNING = 4


def firewall_service_running() -> bool | None:
    """Whether the Windows Defender Firewall service (MpsSvc) runs; None when Windows does not say."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes

    advapi32 = ctypes.WinDLL("advapi32")
    advapi32.OpenSCManagerW.restype = advapi32.OpenServiceW.restype = ctypes.c_void_p
    advapi32.OpenServiceW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_uint32]
    advapi32.QueryServiceStatus.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    advapi32.CloseServiceHandle.argtypes = [ctypes.c_void_p]
    manager = advapi32.OpenSCManagerW(None, None, 0x1)  # SC_MANAGER_CONNECT
    if not manager:
        return None
    try:
        service = advapi32.OpenServiceW(manager, "MpsSvc", 0x4)  # SERVICE_QUERY_STATUS
        if not service:
            return None
        try:
            status = (ctypes.c_uint32 * 7)()  # SERVICE_STATUS: type, current state, ...
            if not advapi32.QueryServiceStatus(service, status):
                return None
            return int(status[1]) == SERVICE_RUNNING
        finally:
            advapi32.CloseServiceHandle(service)
    finally:
        advapi32.CloseServiceHandle(manager)


def collect(ctx: ProbeContext, read: RegistryReader = read_registry_value,
            service_running: Callable[[], bool | None] = firewall_service_running) -> dict[str, Any]:
    """On when the service runs and every profile is on; unsupported when the registry holds no firewall
    settings at all."""
    records = registry_profiles(read)
    if not records:
        raise ProbeUnsupported("Windows holds no firewall settings (there is no Windows Firewall here)")
    if service_running() is False:
        return firewall_facts(False, "windows-firewall", [name for name, _local, _policy in PROFILES])
    off = windows_profiles_off(records)
    return firewall_facts(not off, "windows-firewall", off)

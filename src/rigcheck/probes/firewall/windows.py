"""Firewall facts on Windows: the policy in force, read from the registry (no PowerShell).

Windows Defender Firewall keeps each profile's local setting in
`HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\<Profile>` and a
Group Policy object's setting in `HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\<Profile>`; a policy
value, when present, overrides the local one (Microsoft, "Windows Firewall with Advanced Security
Group Policy settings"; the DWORD `EnableFirewall`, 1 on, 0 off). The profile keys are Domain,
Standard (shown as Private) and Public locally, Domain, Private and Public under Policies.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

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


def collect(ctx: ProbeContext, read: RegistryReader = read_registry_value) -> dict[str, Any]:
    """On when every profile is on; unsupported when the registry holds no firewall policy at all."""
    records = registry_profiles(read)
    if not records:
        raise ProbeUnsupported("Windows keeps no firewall settings here (the Windows Firewall service is absent)")
    off = windows_profiles_off(records)
    return firewall_facts(not off, "windows-firewall", off)

"""Operating system, virtual machine, remote session, ChromeOS and WSL facts.

Collectors are thin, one per OS (`linux.py`, `macos.py`, `windows.py`, chosen once by
`rigcheck.probes._platform`); every decision is made by a pure function here that takes its inputs (file
contents, an environment mapping, SMBIOS strings) as arguments so recorded outputs from other machines
can be tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from rigcheck.facts.system import SYSTEM
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeError, ProbeSpec

# --- virtual machines -------------------------------------------------------------------------------

# SMBIOS vendor/product prefixes that only virtual machines carry, after systemd-detect-virt's DMI table
# (RESEARCH.md "VM and remote-desktop detection"). Matched case-insensitively with spaces ignored,
# because modalias and Windows registry copies of the same strings drop or pad spaces.
DMI_VM_PREFIXES: tuple[tuple[str, str], ...] = (
    ("KVM", "kvm"),
    ("OpenStack", "kvm"),
    ("KubeVirt", "kvm"),
    ("Amazon EC2", "amazon"),
    ("QEMU", "qemu"),
    ("VMware", "vmware"),
    ("VMW", "vmware"),
    ("innotek GmbH", "virtualbox"),
    ("VirtualBox", "virtualbox"),
    ("Oracle Corporation", "virtualbox"),
    ("Xen", "xen"),
    ("Bochs", "bochs"),
    ("Parallels", "parallels"),
    ("BHYVE", "bhyve"),
    ("Hyper-V", "hyper-v"),
    ("Apple Virtualization", "apple"),
    ("Google Compute Engine", "google"),
)

# The DMI fields systemd-detect-virt reads, in its order. All are world-readable in sysfs.
DMI_FIELDS: tuple[str, ...] = ("product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version")

# /sys/class/dmi/id/modalias abbreviations of those fields.
_MODALIAS_FIELDS = {
    "pn": "product_name",
    "svn": "sys_vendor",
    "rvn": "board_vendor",
    "bvn": "bios_vendor",
    "pvr": "product_version",
}


@dataclass(frozen=True)
class VmFinding:
    """Whether this OS runs in a virtual machine, which hypervisor, and the evidence that says so."""

    virtual_machine: bool
    hypervisor: str | None = None
    evidence: str | None = None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def classify_dmi(dmi: Mapping[str, str | None]) -> VmFinding | None:
    """VM finding from SMBIOS strings (keys as in DMI_FIELDS), or None when they look like hardware."""
    for field in DMI_FIELDS:
        value = (dmi.get(field) or "").strip()
        if not value:
            continue
        squashed = _squash(value)
        for prefix, hypervisor in DMI_VM_PREFIXES:
            if squashed.startswith(_squash(prefix)):
                return VmFinding(True, hypervisor, f"DMI {field} is '{value}'")
    # Hyper-V (and Azure) guests say "Microsoft Corporation" / "Virtual Machine"; Surface devices share the
    # vendor but never that product name, so both must match.
    vendor = _squash(dmi.get("sys_vendor") or "")
    product = _squash(dmi.get("product_name") or "")
    if vendor.startswith("microsoftcorporation") and product == "virtualmachine":
        return VmFinding(True, "hyper-v", "DMI product_name is 'Virtual Machine' by Microsoft Corporation")
    return None


def parse_dmi_modalias(modalias: str) -> dict[str, str]:
    """DMI fields from /sys/class/dmi/id/modalias (`dmi:bvnX:bvrY:...:svnZ:pnW:...`)."""
    fields: dict[str, str] = {}
    body = modalias.strip()
    if body.startswith("dmi:"):
        body = body[4:]
    for part in body.split(":"):
        match = re.match(r"([a-z]+)(.*)", part)
        if match and match.group(1) in _MODALIAS_FIELDS:
            fields.setdefault(_MODALIAS_FIELDS[match.group(1)], match.group(2))
    return fields


def parse_cpuinfo_flags(cpuinfo: str) -> set[str]:
    """The CPU feature flags of the first processor in /proc/cpuinfo (x86 `flags`, ARM `Features`)."""
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in ("flags", "Features"):
            return set(value.split())
    return set()


def detect_vm_linux(
    dmi: Mapping[str, str | None],
    cpu_flags: set[str],
    *,
    xen_capabilities: str | None = None,
    hypervisor_type: str | None = None,
    detect_virt_vm: str | None = None,
    hosted_linux: bool = False,
) -> VmFinding:
    """Linux VM detection in systemd-detect-virt's order: DMI, /proc/xen, the CPUID bit, /sys/hypervisor.

    `xen_capabilities` is /proc/xen/capabilities ("" when /proc/xen exists without it, None when absent).
    `detect_virt_vm` is the output of `systemd-detect-virt --vm`, used only to name a hypervisor the CPUID
    bit already revealed. `hosted_linux` (WSL, ChromeOS Crostini) ignores the CPUID bit: there Linux runs
    in the host OS's own utility VM, not on a hosted desktop.
    """
    finding = classify_dmi(dmi)
    if finding is not None:
        return finding
    # dom0 also has /proc/xen (and the CPUID bit), but it is the host: its capabilities say control_d.
    if xen_capabilities is not None:
        if "control_d" in xen_capabilities:
            return VmFinding(False)
        return VmFinding(True, "xen", "/proc/xen exists (Xen guest)")
    detected = (detect_virt_vm or "").strip().lower()
    named = None if detected in ("", "none") else detected
    if "hypervisor" in cpu_flags and not hosted_linux:
        name = named or ((hypervisor_type or "").strip().lower() or None)
        return VmFinding(True, name, "CPU reports the 'hypervisor' flag in /proc/cpuinfo")
    if hypervisor_type and hypervisor_type.strip() and not hosted_linux:
        return VmFinding(True, hypervisor_type.strip().lower(), f"/sys/hypervisor/type is '{hypervisor_type.strip()}'")
    return VmFinding(False)


def detect_vm_macos(sysctl: Mapping[str, str]) -> VmFinding:
    """macOS: kern.hv_vmm_present is 1 in a VM; hw.model (VirtualMac…, VMware…, Parallels…) names it."""
    model = (sysctl.get("hw.model") or "").strip()
    model_hint = None
    lowered = model.lower()
    if lowered.startswith("virtualmac"):
        model_hint = "apple"
    elif lowered.startswith("vmware"):
        model_hint = "vmware"
    elif lowered.startswith("parallels"):
        model_hint = "parallels"
    if (sysctl.get("kern.hv_vmm_present") or "").strip() == "1":
        return VmFinding(True, model_hint, "kern.hv_vmm_present is 1")
    if model_hint is not None:
        return VmFinding(True, model_hint, f"hw.model is '{model}'")
    return VmFinding(False)


def detect_vm_windows(computer: Mapping[str, Any]) -> VmFinding:
    """Windows: Win32_ComputerSystem Manufacturer/Model (or the same SMBIOS strings from the registry).

    HypervisorPresent is deliberately ignored: it is true on bare-metal hosts running Hyper-V, WSL2 or VBS.
    """
    dmi = {
        "product_name": str(computer.get("Model") or computer.get("SystemProductName") or ""),
        "sys_vendor": str(computer.get("Manufacturer") or computer.get("SystemManufacturer") or ""),
        "board_vendor": str(computer.get("BaseBoardManufacturer") or ""),
        "bios_vendor": str(computer.get("BIOSVendor") or ""),
        "product_version": str(computer.get("SystemVersion") or ""),
    }
    finding = classify_dmi(dmi)
    if finding is None:
        return VmFinding(False)
    # Name the Windows source, not sysfs.
    evidence = (finding.evidence or "").replace("DMI product_name", "Model").replace("DMI sys_vendor", "Manufacturer")
    return VmFinding(True, finding.hypervisor, evidence)


# --- remote sessions, WSL, ChromeOS ----------------------------------------------------------------


def detect_remote_session(env: Mapping[str, str], sm_remotesession: bool | None = None) -> tuple[bool, str | None]:
    """(remote?, kind) from environment variables and, on Windows, GetSystemMetrics(SM_REMOTESESSION).

    Graphical remote desktops win over SSH: an xrdp desktop may also carry SSH variables.
    """
    session_name = (env.get("SESSIONNAME") or "").strip()
    if re.match(r"(?i)rdp-tcp", session_name):
        return True, "rdp"
    if re.match(r"(?i)ica-", session_name):
        return True, "citrix"
    if sm_remotesession:
        return True, "rdp"
    client_name = (env.get("CLIENTNAME") or "").strip()
    if client_name and client_name.lower() != "console" and session_name.lower() != "console":
        return True, "rdp"
    if env.get("XRDP_SESSION"):
        return True, "xrdp"
    if env.get("CHROME_REMOTE_DESKTOP_SESSION"):
        return True, "chrome-remote-desktop"
    if env.get("NX_TEMP") or env.get("NXSESSIONID"):
        return True, "nomachine"
    if env.get("SSH_CONNECTION") or env.get("SSH_CLIENT") or env.get("SSH_TTY"):
        return True, "ssh"
    return False, None


def detect_wsl(kernel_osrelease: str | None, env: Mapping[str, str]) -> bool:
    """WSL 1 and 2 kernels say Microsoft/WSL in their release; WSL also sets WSL_DISTRO_NAME."""
    release = (kernel_osrelease or "").lower()
    return "microsoft" in release or "wsl" in release or bool(env.get("WSL_DISTRO_NAME"))


CROSTINI_MARKERS: tuple[str, ...] = ("/dev/.cros_milestone", "/etc/apt/sources.list.d/cros.list", "/mnt/chromeos")


def detect_crostini(existing_paths: set[str] | frozenset[str], env: Mapping[str, str]) -> bool:
    """ChromeOS's Linux container (Crostini): one of its marker paths exists or SOMMELIER_VERSION is set."""
    return any(path in existing_paths for path in CROSTINI_MARKERS) or bool(env.get("SOMMELIER_VERSION"))


# --- OS names and versions -------------------------------------------------------------------------


def parse_os_release(text: str) -> dict[str, str]:
    """/etc/os-release as a dict, quotes removed."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def normalise_architecture(machine: str) -> str:
    """One spelling per architecture across OSes (Windows says AMD64, Linux aarch64)."""
    lowered = machine.strip().lower()
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64", "arm64": "arm64", "x86": "x86"}.get(
        lowered, lowered or "unknown"
    )


def linux_os_facts(
    os_release: Mapping[str, str], *, crostini: bool = False, cros_milestone: str | None = None
) -> dict[str, Any]:
    """os_family/os_name/os_version/os_build for Linux (or ChromeOS when running in Crostini)."""
    distro = os_release.get("PRETTY_NAME") or os_release.get("NAME") or "Linux"
    version = os_release.get("VERSION_ID") or None
    build = os_release.get("BUILD_ID") or None
    if crostini:
        milestone = (cros_milestone or "").strip() or None
        name = f"ChromeOS {milestone}" if milestone else "ChromeOS"
        return {
            "os_family": "chromeos",
            "os_name": f"{name} (Linux: {distro})",
            "os_version": milestone,
            "os_build": build,
        }
    return {"os_family": "linux", "os_name": distro, "os_version": version, "os_build": build}


def macos_os_facts(sw_vers: Mapping[str, str]) -> dict[str, Any]:
    """os facts from `sw_vers` (ProductName, ProductVersion, BuildVersion)."""
    version = sw_vers.get("ProductVersion") or None
    product = sw_vers.get("ProductName") or "macOS"
    if not version:
        raise ProbeError("sw_vers printed no ProductVersion")
    return {
        "os_family": "macos",
        "os_name": f"{product} {version}",
        "os_version": version,
        "os_build": sw_vers.get("BuildVersion") or None,
    }


_WINDOWS_NT_VERSIONS = {"6.0": "Vista", "6.1": "7", "6.2": "8", "6.3": "8.1"}


def windows_marketing_version(nt_version: str, build: int | None) -> str | None:
    """The version employers compare: "11" from build 22000 on, "10" below, older NT versions by name."""
    major_minor = ".".join(nt_version.strip().split(".")[:2])
    if major_minor == "10.0":
        if build is None:
            return None
        return "11" if build >= 22000 else "10"
    return _WINDOWS_NT_VERSIONS.get(major_minor)


def windows_os_facts(product_name: str, nt_version: str, build: int | None, ubr: int | None = None) -> dict[str, Any]:
    """os facts for Windows from a product name (registry ProductName or Win32_OperatingSystem Caption),
    the NT version ("10.0" or "6.1.7600") and the build number.

    Windows 11 still says "Windows 10" in the registry's ProductName, so the name follows the build.
    """
    marketing = windows_marketing_version(nt_version, build)
    name = re.sub(r"^Microsoft\s+", "", product_name.strip())
    if marketing == "11":
        name = re.sub(r"\bWindows 10\b", "Windows 11", name)
    if not name:
        name = f"Windows {marketing}" if marketing else "Windows"
    os_build = None
    if build is not None:
        os_build = f"{build}.{ubr}" if ubr is not None else str(build)
    return {"os_family": "windows", "os_name": name, "os_version": marketing, "os_build": os_build}


# --- collectors ----------------------------------------------------------------------------------


def common_facts(kernel: str, machine: str) -> dict[str, Any]:
    return {"architecture": normalise_architecture(machine), "kernel": kernel}


def vm_facts(vm: Any) -> dict[str, Any]:
    return {"virtual_machine": vm.virtual_machine, "hypervisor": vm.hypervisor, "vm_evidence": vm.evidence}


def remote_facts(env: Mapping[str, str], windows_remote_metric: bool | None = None) -> dict[str, Any]:
    remote, kind = detect_remote_session(env, windows_remote_metric)
    return {"remote_session": remote, "remote_session_kind": kind}


collect = os_collector(__name__, "the operating system")

PROBE = ProbeSpec(id=SYSTEM.id, title=SYSTEM.title, collect=collect, timeout_s=20.0, facts=SYSTEM.facts)

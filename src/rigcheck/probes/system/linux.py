"""System facts on Linux: /etc/os-release, DMI from sysfs, WSL and ChromeOS (Crostini) markers."""

from __future__ import annotations

import os
import platform
from typing import Any, Mapping

from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes._local_util import path_exists
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.system import (
    CROSTINI_MARKERS,
    DMI_FIELDS,
    classify_dmi,
    common_facts,
    detect_crostini,
    detect_vm_linux,
    detect_wsl,
    linux_os_facts,
    parse_cpuinfo_flags,
    parse_dmi_modalias,
    parse_os_release,
    remote_facts,
    vm_facts,
)


def collect(ctx: ProbeContext, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """os-release, DMI, WSL and Crostini markers, the environment."""
    env = dict(os.environ) if env is None else env
    os_release_text = read_text("/etc/os-release") or read_text("/usr/lib/os-release") or ""
    existing = frozenset(path for path in CROSTINI_MARKERS if path_exists(path))
    crostini = detect_crostini(existing, env)
    facts = linux_os_facts(
        parse_os_release(os_release_text),
        crostini=crostini,
        cros_milestone=read_text("/dev/.cros_milestone") if crostini else None,
    )
    facts.update(common_facts(platform.release(), platform.machine()))
    wsl = detect_wsl(read_text("/proc/sys/kernel/osrelease"), env)

    dmi: Mapping[str, str | None] = {field: read_text(f"/sys/class/dmi/id/{field}") for field in DMI_FIELDS}
    if not any(dmi.values()):
        dmi = parse_dmi_modalias(read_text("/sys/class/dmi/id/modalias") or "")
    cpu_flags = parse_cpuinfo_flags(read_text("/proc/cpuinfo") or "")
    xen_capabilities = None
    if os.path.isdir("/proc/xen"):
        xen_capabilities = read_text("/proc/xen/capabilities", "")
    hypervisor_type = read_text("/sys/hypervisor/type")
    detect_virt = None
    if "hypervisor" in cpu_flags and classify_dmi(dmi) is None:
        # Only to name the hypervisor behind the CPUID bit (it reads CPUID leaf 0x40000000, which Python
        # cannot); it is fast and optional.
        try:
            detect_virt = run_command(["systemd-detect-virt", "--vm"], timeout_s=2.0, check=False).strip()
        except (ProbeUnsupported, ProbeError):
            detect_virt = None
    vm = detect_vm_linux(
        dmi,
        cpu_flags,
        xen_capabilities=xen_capabilities,
        hypervisor_type=hypervisor_type,
        detect_virt_vm=detect_virt,
        hosted_linux=wsl or crostini,
    )
    facts.update(vm_facts(vm), **remote_facts(env), chromeos=crostini, wsl=wsl)
    return facts

"""System facts on macOS: sw_vers, and sysctl for the virtual machine question."""

from __future__ import annotations

import os
import platform
from typing import Any, Mapping

from rigcheck.probes._exec import run_command
from rigcheck.probes._local_util import parse_colon_pairs
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported
from rigcheck.probes.system import common_facts, detect_vm_macos, macos_os_facts, remote_facts, vm_facts


def collect(ctx: ProbeContext, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """sw_vers, sysctl's hypervisor flag and model, the environment."""
    env = dict(os.environ) if env is None else env
    facts = macos_os_facts(parse_colon_pairs(run_command(["/usr/bin/sw_vers"], timeout_s=5.0)))
    facts.update(common_facts(platform.release(), platform.machine()))
    facts.update(remote_facts(env), chromeos=False, wsl=False)
    try:
        # Unknown OIDs (kern.hv_vmm_present before macOS 11) make sysctl exit non-zero but print the rest.
        sysctl_text = run_command(["/usr/sbin/sysctl", "kern.hv_vmm_present", "hw.model"], timeout_s=5.0, check=False)
    except (ProbeError, ProbeUnsupported) as exc:
        # Without sysctl the VM question stays open (None = not measured), the rest still stands.
        facts.update(virtual_machine=None, hypervisor=None, vm_evidence=None)
        ctx.incomplete(f"virtual machine unknown: {exc}")
        return facts
    vm = detect_vm_macos(parse_colon_pairs(sysctl_text))
    facts.update(vm_facts(vm))
    return facts

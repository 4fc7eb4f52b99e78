"""Processor: model, physical and logical cores, maximum clock, current load."""

from __future__ import annotations

import re
import sys
from typing import Any, Mapping

from rigcheck.facts.cpu import CPU
from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes._local_util import current_os, parse_colon_pairs
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

# Seconds of CPU-load sampling: long enough to be meaningful, short enough for the 1.5 s budget.
LOAD_SAMPLE_S = 0.2

_GHZ_IN_NAME = re.compile(r"@\s*(\d+(?:\.\d+)?)\s*([GM])Hz", re.IGNORECASE)


def parse_cpuinfo_model(cpuinfo: str) -> str | None:
    """The CPU model from /proc/cpuinfo: `model name` (x86), else `Model`/`Hardware`/`cpu model` (ARM, MIPS)."""
    fields: dict[str, str] = {}
    for line in cpuinfo.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields.setdefault(key.strip(), value.strip())
    for key in ("model name", "Model", "Hardware", "cpu model", "cpu"):
        model = fields.get(key)
        if model:
            return " ".join(model.split())
    return None


def ghz_from_model_name(model: str | None) -> float | None:
    """The rated clock printed in many Intel model names ("... CPU @ 2.60GHz"), else None."""
    if not model:
        return None
    match = _GHZ_IN_NAME.search(model)
    if not match:
        return None
    value = float(match.group(1))
    return round(value / 1000.0 if match.group(2).upper() == "M" else value, 2)


def choose_max_ghz(psutil_max_mhz: float | None, sysfs_max_khz: str | None, model: str | None) -> float | None:
    """Maximum clock in GHz from the best source available; None when nothing tells (never a guess).

    The current clock is not used: it moves with load and power saving and says nothing about the maximum.
    """
    if psutil_max_mhz and psutil_max_mhz > 0:
        return round(psutil_max_mhz / 1000.0, 2)
    if sysfs_max_khz:
        try:
            khz = int(sysfs_max_khz.strip())
        except ValueError:
            khz = 0
        if khz > 0:
            return round(khz / 1_000_000.0, 2)
    return ghz_from_model_name(model)


def macos_cpu_facts(sysctl: Mapping[str, str]) -> dict[str, Any]:
    """Model and, on Intel Macs, the maximum clock from `sysctl` output (Apple Silicon has no such OID)."""
    model = sysctl.get("machdep.cpu.brand_string")
    model = " ".join(model.split()) if model else None
    max_hz = None
    for key in ("hw.cpufrequency_max", "hw.cpufrequency"):
        try:
            max_hz = int(sysctl.get(key, ""))
            break
        except ValueError:
            continue
    facts: dict[str, Any] = {"model": model}
    if max_hz:
        facts["max_ghz"] = round(max_hz / 1e9, 2)
    for key, fact in (("hw.physicalcpu", "physical_cores"), ("hw.logicalcpu", "logical_cores")):
        try:
            facts[fact] = int(sysctl.get(key, ""))
        except ValueError:
            pass
    return facts


def _windows_cpu_name() -> str | None:
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, r"HARDWARE\DESCRIPTION\System\CentralProcessor\0") as key:
            return " ".join(str(winreg.QueryValueEx(key, "ProcessorNameString")[0]).split()) or None
    except OSError:
        return None


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """CPU facts; load is sampled over LOAD_SAMPLE_S seconds."""
    try:
        import psutil  # here, not at the top: a missing library becomes a result, not a crash
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    family = current_os()
    facts: dict[str, Any] = {}
    if family == "linux":
        facts["model"] = parse_cpuinfo_model(read_text("/proc/cpuinfo") or "")
        sysfs_max = read_text("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    elif family == "macos":
        sysctl_text = run_command(
            ["/usr/sbin/sysctl", "machdep.cpu.brand_string", "hw.cpufrequency_max", "hw.physicalcpu", "hw.logicalcpu"],
            timeout_s=5.0,
            check=False,
        )
        facts.update(macos_cpu_facts(parse_colon_pairs(sysctl_text)))
        sysfs_max = None
    elif family == "windows":
        facts["model"] = _windows_cpu_name()
        sysfs_max = None
    else:
        raise ProbeUnsupported(f"rigcheck does not know how to inspect the CPU on {family}")

    physical = psutil.cpu_count(logical=False)
    logical = psutil.cpu_count(logical=True)
    if physical:
        facts["physical_cores"] = int(physical)
    if logical:
        facts["logical_cores"] = int(logical)
    if "max_ghz" not in facts:
        try:
            frequency = psutil.cpu_freq()
        except (OSError, NotImplementedError, RuntimeError):
            frequency = None
        facts["max_ghz"] = choose_max_ghz(frequency.max if frequency else None, sysfs_max, facts.get("model"))
    ctx.check_cancelled()
    try:
        facts["load_percent"] = round(float(psutil.cpu_percent(interval=LOAD_SAMPLE_S)), 1)
    except (OSError, RuntimeError) as exc:
        raise ProbeError(f"could not sample CPU load: {exc}", facts) from exc
    return facts


PROBE = ProbeSpec(id=CPU.id, title=CPU.title, collect=collect, timeout_s=10.0, facts=CPU.facts)

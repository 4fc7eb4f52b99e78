"""Memory: total and available RAM as the OS sees it, and physically installed RAM where the OS tells.

An "8 GB" machine shows about 7.6 GiB total because firmware and graphics reserve some; installed_gb
is what the buyer paid for, and scoring prefers it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rigcheck.facts.memory import MEMORY
from rigcheck.probes._exec import read_text, run_command
from rigcheck.probes._local_util import current_os, gib, parse_colon_pairs
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported


def installed_bytes_from_memory_blocks(block_count: int, block_size_hex: str | None) -> int | None:
    """Installed RAM from Linux memory hotplug blocks: count of /sys/devices/system/memory/memoryN
    directories times block_size_bytes (a hex string). None when either is unknown."""
    if not block_size_hex or block_count <= 0:
        return None
    try:
        block_size = int(block_size_hex.strip(), 16)
    except ValueError:
        return None
    return block_count * block_size if block_size > 0 else None


def installed_gb_from_blocks(installed_bytes: int | None, total_bytes: int) -> float | None:
    """GiB of installed RAM, trusted only when it is at least what the OS reports usable."""
    if installed_bytes is None or installed_bytes < total_bytes:
        return None
    return gib(installed_bytes)


def _linux_installed_bytes(memory_root: str = "/sys/devices/system/memory") -> int | None:
    try:
        names = os.listdir(memory_root)
    except OSError:
        return None
    blocks = sum(1 for name in names if name.startswith("memory") and name[6:].isdigit())
    return installed_bytes_from_memory_blocks(blocks, read_text(os.path.join(memory_root, "block_size_bytes")))


def _windows_installed_bytes() -> int | None:
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes

    kilobytes = ctypes.c_ulonglong(0)
    try:
        ok = ctypes.windll.kernel32.GetPhysicallyInstalledSystemMemory(ctypes.byref(kilobytes))
    except (AttributeError, OSError):
        return None
    return int(kilobytes.value) * 1024 if ok and kilobytes.value else None


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """total_gb, available_gb and installed_gb (None when the OS cannot tell)."""
    try:
        import psutil
    except ImportError as exc:
        raise ProbeUnsupported(f"psutil is not installed: {exc}") from exc
    try:
        memory = psutil.virtual_memory()
    except (OSError, RuntimeError) as exc:
        raise ProbeError(f"could not read memory size: {exc}") from exc
    facts: dict[str, Any] = {"total_gb": gib(memory.total), "available_gb": gib(memory.available)}
    family = current_os()
    installed: int | None = None
    if family == "linux":
        installed = _linux_installed_bytes()
    elif family == "macos":
        # hw.memsize is the installed amount (macOS reports no reserved memory).
        try:
            sysctl = parse_colon_pairs(run_command(["/usr/sbin/sysctl", "hw.memsize"], timeout_s=5.0))
            installed = int(sysctl.get("hw.memsize", "0")) or None
        except (ProbeError, ProbeUnsupported, ValueError):
            installed = None
    elif family == "windows":
        installed = _windows_installed_bytes()
    facts["installed_gb"] = installed_gb_from_blocks(installed, memory.total)
    return facts


PROBE = ProbeSpec(id=MEMORY.id, title=MEMORY.title, collect=collect, timeout_s=10.0, facts=MEMORY.facts)

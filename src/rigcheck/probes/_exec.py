"""Running OS commands for probes: argument lists only, a bounded timeout on every call."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any, Sequence

from rigcheck.probes.base import ProbeError, ProbeUnsupported

DEFAULT_TIMEOUT_S = 5.0


def run_command(args: Sequence[str], timeout_s: float = DEFAULT_TIMEOUT_S, *, check: bool = True) -> str:
    """Run `args` (never through a shell) and return stdout as text.

    Raises ProbeUnsupported when the program does not exist here, ProbeError when it fails or
    runs longer than `timeout_s`.
    """
    program = shutil.which(args[0])
    if program is None:
        raise ProbeUnsupported(f"{args[0]} is not available on this system")
    try:
        completed = subprocess.run(
            [program, *args[1:]],
            capture_output=True,
            timeout=timeout_s,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeError(f"{args[0]} did not finish within {timeout_s:g} s") from exc
    except OSError as exc:
        raise ProbeError(f"{args[0]} could not be started: {exc}") from exc
    stdout = completed.stdout.decode("utf-8", errors="replace")
    if check and completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = stderr[-1] if stderr else f"exit code {completed.returncode}"
        raise ProbeError(f"{args[0]} failed: {detail}")
    return stdout


def run_powershell_json(script: str, timeout_s: float = 15.0) -> Any:
    """Run a PowerShell snippet that ends in ConvertTo-Json and parse its output.

    PowerShell turns a one-element array into a bare object; callers get a list either way.
    """
    shell = "pwsh" if shutil.which("pwsh") and not shutil.which("powershell") else "powershell"
    output = run_command(
        [shell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script],
        timeout_s=timeout_s,
    )
    return as_list(parse_json(output, "PowerShell"))


def parse_json(text: str, what: str) -> Any:
    text = text.strip()
    if not text:
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProbeError(f"{what} printed output that is not JSON: {exc}") from exc


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read_text(path: str, default: str | None = None) -> str | None:
    """A small sysfs/procfs file's stripped content, or `default` when missing or unreadable."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().strip()
    except OSError:
        return default

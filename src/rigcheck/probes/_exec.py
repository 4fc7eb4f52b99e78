"""Running OS commands for probes: argument lists only, a bounded timeout on every call.

`system_profiler` takes seconds per data type on macOS and several probes ask for it at once: the data
types in SYSTEM_PROFILER_DATA_TYPES (displays, audio, USB) are fetched once each, in parallel, the first
time one of them is asked for. Each shared output is handed out once, within SHARED_MAX_AGE_S, so a
second run measures afresh. On Windows the probes ask the Windows API (ctypes, the registry); PowerShell
(`run_powershell_json`) is left for what no API answers, one isolated call each.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
import time
from typing import Any, Callable, Mapping, Sequence

from rigcheck.probes.base import ProbeError, ProbeUnsupported

DEFAULT_TIMEOUT_S = 5.0
SHARED_MAX_AGE_S = 20.0

Deliver = Callable[[str, Any], None]  # hands one shared output over as soon as it exists


def run_command(args: Sequence[str], timeout_s: float = DEFAULT_TIMEOUT_S, *, check: bool = True) -> str:
    """Run `args` (never through a shell) and return stdout as text.

    Raises ProbeUnsupported when the program does not exist here, ProbeError when it fails or
    runs longer than `timeout_s`. `system_profiler DATATYPE -json` of a shared data type is served
    from the parallel fetch of all of them (SYSTEM_PROFILER_OUTPUTS).
    """
    if is_shared_system_profiler_call(args):
        return SYSTEM_PROFILER_OUTPUTS.take(args[1], timeout_s)
    return run_process(args, timeout_s, check=check)


def run_process(args: Sequence[str], timeout_s: float = DEFAULT_TIMEOUT_S, *, check: bool = True) -> str:
    """run_command without the shared outputs: always starts the program."""
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


# --- PowerShell ---------------------------------------------------------------------------------

# Without this PowerShell writes redirected output in the OEM code page (437, 850, 866...), and device
# names in other languages ("Kopfhörer", "Динамики") arrive as question marks. No BOM: JSON follows.
# (Setting it fails only without a console, where nothing is re-encoded anyway.)
POWERSHELL_PREAMBLE = (
    "try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }; "
    "$OutputEncoding = New-Object System.Text.UTF8Encoding $false; $ProgressPreference = 'SilentlyContinue'"
)

def powershell_command(script: str) -> list[str]:
    """The argument list that runs `script` (UTF-8 output first) in Windows PowerShell, or pwsh alone.

    The script travels base64-encoded (-EncodedCommand, UTF-16LE), so no quote in it can be re-read
    by the command line."""
    shell = "pwsh" if shutil.which("pwsh") and not shutil.which("powershell") else "powershell"
    encoded = base64.b64encode(f"{POWERSHELL_PREAMBLE}; {script}".encode("utf-16-le")).decode("ascii")
    return [shell, "-NoLogo", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand", encoded]


def run_powershell_json(script: str, timeout_s: float = 15.0) -> Any:
    """Run a PowerShell snippet that ends in ConvertTo-Json and parse its output.

    PowerShell turns a one-element array into a bare object; callers get a list either way.
    """
    return as_list(parse_json(run_process(powershell_command(script), timeout_s), "PowerShell"))


# --- system_profiler (macOS) --------------------------------------------------------------------

SYSTEM_PROFILER_PATH = "/usr/sbin/system_profiler"
SYSTEM_PROFILER_DATA_TYPES: tuple[str, ...] = ("SPDisplaysDataType", "SPAudioDataType", "SPUSBDataType")
SYSTEM_PROFILER_TIMEOUT_S = 15.0


def is_shared_system_profiler_call(args: Sequence[str]) -> bool:
    return (
        len(args) == 3
        and os.path.basename(args[0]) == "system_profiler"
        and args[1] in SYSTEM_PROFILER_DATA_TYPES
        and args[2] == "-json"
    )


def fetch_system_profiler(names: Sequence[str], timeout_s: float, deliver: Deliver | None = None) -> dict[str, Any]:
    """Each data type in its own system_profiler process, all at once; each output is delivered the
    moment its process ends, so the display probe need not wait for the slower USB listing."""
    program = SYSTEM_PROFILER_PATH if os.path.exists(SYSTEM_PROFILER_PATH) else "system_profiler"
    results: dict[str, Any] = {}

    def one(name: str) -> None:
        try:
            results[name] = run_process([program, name, "-json"], timeout_s)
        except (ProbeError, ProbeUnsupported) as exc:
            results[name] = exc
        if deliver is not None:
            deliver(name, results[name])

    threads = [threading.Thread(target=one, args=(name,), name=f"system_profiler-{name}", daemon=True) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout_s + 1.0)  # run_process kills a process at timeout_s: this only bounds the join
    return {name: results.get(name, ProbeError(f"system_profiler {name} did not finish within {timeout_s:g} s")) for name in names}


# --- outputs shared by several probes -----------------------------------------------------------


class SharedOutputs:
    """Outputs several probes need, fetched together when the first of them asks, each handed out once.

    `fetch_all(names, timeout_s, deliver)` runs in a thread of its own, may hand over outputs early
    with `deliver(name, output)` and returns the rest as {name: output or the exception to raise}.
    Every caller waits for its own output only, bounded by its own timeout. A handed-out output is
    forgotten and one older than `max_age_s` is never handed out, so every run measures afresh.
    """

    def __init__(
        self,
        names: Callable[[], Sequence[str]],
        fetch_all: Callable[..., Mapping[str, Any] | None],
        fetch_timeout_s: float,
        max_age_s: float = SHARED_MAX_AGE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._names = names
        self._fetch_all = fetch_all
        self.fetch_timeout_s = fetch_timeout_s
        self.max_age_s = max_age_s
        self._clock = clock
        self._changed = threading.Condition()
        self._ready: dict[str, tuple[float, Any]] = {}
        self._fetching = False

    def take(self, name: str, timeout_s: float) -> Any:
        deadline = time.monotonic() + timeout_s
        for _attempt in range(2):  # a name missing from a fetch already under way gets a fetch of its own
            with self._changed:
                ready = self._pop_fresh(name)
                if ready is not None:
                    return self._unwrap(ready)
                if not self._fetching:
                    self._fetching = True
                    fetch_timeout_s = min(self.fetch_timeout_s, max(timeout_s, 0.1))
                    threading.Thread(target=self._fetch, args=(fetch_timeout_s,), name="shared-output", daemon=True).start()
                while name not in self._ready and self._fetching:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise ProbeError(f"{name}: the shared command did not finish within {timeout_s:g} s")
                    self._changed.wait(remaining)
                ready = self._pop_fresh(name)
            if ready is not None:
                return self._unwrap(ready)
        raise ProbeError(f"{name}: the shared command gave no output for it")

    def _deliver(self, name: str, output: Any) -> None:
        with self._changed:
            self._ready[name] = (self._clock(), output)
            self._changed.notify_all()

    def _fetch(self, timeout_s: float) -> None:
        outputs: dict[str, Any] = {}
        delivered: set[str] = set()

        def deliver(name: str, output: Any) -> None:
            delivered.add(name)
            self._deliver(name, output)

        try:
            names = list(self._names())
            try:
                outputs = dict(self._fetch_all(names, timeout_s, deliver) or {})
            except (ProbeError, ProbeUnsupported) as exc:
                outputs = {name: exc for name in names}
            except BaseException as exc:  # noqa: BLE001 - even sys.exit() in a library: every waiting probe gets the reason
                outputs = {name: ProbeError(f"{type(exc).__name__}: {exc}") for name in names}
        finally:  # whatever happened, nobody may wait for a fetch that is over
            with self._changed:
                now = self._clock()
                for name, output in outputs.items():
                    if name not in delivered:  # a delivered output may already have been taken
                        self._ready[name] = (now, output)
                self._fetching = False
                self._changed.notify_all()

    def _pop_fresh(self, name: str) -> tuple[float, Any] | None:
        entry = self._ready.pop(name, None)
        if entry is None or self._clock() - entry[0] > self.max_age_s:
            return None
        return entry

    @staticmethod
    def _unwrap(entry: tuple[float, Any]) -> Any:
        output = entry[1]
        if isinstance(output, BaseException):
            raise output
        return output


SYSTEM_PROFILER_OUTPUTS = SharedOutputs(lambda: SYSTEM_PROFILER_DATA_TYPES, fetch_system_profiler, fetch_timeout_s=SYSTEM_PROFILER_TIMEOUT_S)


def parse_json(text: str, what: str) -> Any:
    text = text.strip().lstrip("\ufeff")
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

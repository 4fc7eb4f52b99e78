"""Running the CLI the way users and CI do, and the checks every fault case makes.

Every case: no traceback, bounded time, the documented exit code, an existing good report untouched,
no temp file left. No test traffic leaves the machine: `--skip network`, or loopback fault servers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

# One copy of the local-only profile and probe selection the CLI tests use (a run takes under a second).
from core.test_cli import LOCAL
from core.test_cli import LOCAL_PROFILE

QUICK = LOCAL  # the local-only probe selection, for the fault tests
CASE_TIMEOUT_S = 30.0
UNCAUGHT = re.compile(r"^\w+(Error|Exception|Interrupt): ", re.MULTILINE)  # the last line of a traceback
GOOD_REPORT = '{"schema": "rigcheck.report/1", "kept": "this report must survive a failed run"}\n'


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def cli_command() -> list[str]:
    return [sys.executable, "-m", "rigcheck"]


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, stdin: str = "",
            timeout_s: float = CASE_TIMEOUT_S, **popen: object) -> Outcome:
    """Run rigcheck as a subprocess with stdout and stderr captured as text (bytes decoded leniently)."""
    started = time.monotonic()
    done = subprocess.run([*cli_command(), *args], input=stdin.encode(), capture_output=True, timeout=timeout_s,
                          env=env if env is not None else dict(os.environ), cwd=cwd, **popen)  # type: ignore[arg-type]  # **popen: object cannot match each of run()'s keywords
    return Outcome(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                   time.monotonic() - started)


def local_profile(folder: Path, ram_gb: float = 0.5) -> str:
    """A profile every machine passes (ram_gb small) or fails (ram_gb huge), measured locally."""
    path = folder / "local.toml"
    path.write_text(LOCAL_PROFILE.format(ram=ram_gb))
    return str(path)


def assert_no_traceback(out: Outcome) -> None:
    for stream in (out.stdout, out.stderr):
        assert "Traceback" not in stream and not UNCAUGHT.search(stream), out


def assert_usage_error(out: Outcome, *words: str) -> None:
    """Exit 2, nothing on stdout, the reason on stderr, no traceback."""
    assert out.returncode == 2, out
    assert out.stdout == "", out
    assert_no_traceback(out)
    for word in words:
        assert word.lower() in out.stderr.lower(), (word, out.stderr)


def files_in(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def assert_no_temp_files(folder: Path) -> None:
    left = [name for name in files_in(folder) if "rigcheck-tmp" in name]
    assert not left, left


needs_root = pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True,
                                reason="needs root (namespaces, mknod)")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX only: FIFOs, pseudo-terminals, closing a child's fds")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only: /sys refuses new files")
needs_unshare = pytest.mark.skipif(shutil.which("unshare") is None or shutil.which("mount") is None,
                                   reason="needs util-linux unshare and mount")

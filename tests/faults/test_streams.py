"""Closed and broken standard streams: no crash, stdout carries data only, the exit code stays true."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from ._harness import QUICK, UNCAUGHT, cli_command, local_profile, posix_only

pytestmark = posix_only  # closing a child's fds (preexec_fn) and pipe semantics are POSIX

NOT_READY_RAM_GB = 4096  # the profile maximum, more than any test machine has


def _run_with(args: list[str], close: tuple[int, ...] = (), stdout: int | None = subprocess.PIPE,
              stderr: int | None = subprocess.PIPE) -> subprocess.CompletedProcess:
    """rigcheck with some standard streams closed in the child (like `>&-` / `2>&-` in a shell)."""
    def close_streams() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run([*cli_command(), *args], stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                          preexec_fn=close_streams, timeout=60)


def _into_a_gone_reader(args: list[str]) -> tuple[int, bytes]:
    """rigcheck writing its stdout into a pipe whose reader has already left (`| true`)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([*cli_command(), *args], stdin=subprocess.DEVNULL, stdout=write_end,
                              stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    return done.returncode, done.stderr


@pytest.mark.parametrize("args", [
    ["check", "--format", "json"],
    ["check", "--output", "-"],
])
def test_closed_stdout_says_the_report_was_not_written_and_exits_2(tmp_path, args):
    # `rigcheck check >&-`: a pipeline reading the exit code must not believe a report exists.
    done = _run_with([args[0], "--profile", local_profile(tmp_path), *QUICK, *args[1:]], close=(1,), stdout=None)
    assert done.returncode == 2, done.stderr
    assert b"report could not be written" in done.stderr and b"standard output is closed" in done.stderr
    assert b"Traceback" not in done.stderr and not UNCAUGHT.search(done.stderr.decode())


def test_closed_stdout_does_not_matter_with_output_to_a_file(tmp_path):
    target = tmp_path / "report.json"
    done = _run_with(["check", "--profile", local_profile(tmp_path), *QUICK, "--format", "json", "--output", str(target)],
                     close=(1,), stdout=None)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text())["verdict"] == "ready"


@pytest.mark.parametrize(("ram_gb", "verdict_code"), [(0.5, 0), (NOT_READY_RAM_GB, 1)])
def test_a_reader_that_left_still_gets_the_verdicts_exit_code(tmp_path, ram_gb, verdict_code):
    returncode, stderr = _into_a_gone_reader(["check", "--profile", local_profile(tmp_path, ram_gb), *QUICK])
    assert returncode == verdict_code, stderr
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


def test_other_output_into_a_gone_reader_is_not_success():
    returncode, stderr = _into_a_gone_reader(["profiles", "schema"])
    assert returncode == 2
    assert b"Traceback" not in stderr and b"Exception ignored" not in stderr


@pytest.mark.parametrize("args", [
    ["check", "--profile", "/nonexistent/profile.toml", *QUICK],      # an input error
    ["check", "--only", "cpu", "--skip", "cpu"],                      # a usage error
    ["profiles", "validate", "/nonexistent/profile.toml"],             # problems listed on stderr
])
def test_with_stderr_closed_diagnostics_never_land_on_stdout(args):
    done = _run_with(args, close=(2,), stderr=None)
    assert done.returncode == 2
    assert done.stdout == b""


def test_with_stderr_closed_stdout_holds_only_the_report(tmp_path):
    done = _run_with(["check", "--profile", local_profile(tmp_path), *QUICK, "--format", "json"], close=(2,), stderr=None)
    assert done.returncode == 0
    assert json.loads(done.stdout)["verdict"] == "ready"


def test_a_stderr_reader_that_left_does_not_change_the_outcome(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    target = tmp_path / "report.json"
    try:
        done = subprocess.run([*cli_command(), "check", "--profile", local_profile(tmp_path), *QUICK, "--format", "json",
                               "--output", str(target)], stdin=subprocess.DEVNULL, capture_output=False,
                              stdout=subprocess.PIPE, stderr=write_end, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and done.stdout == b""
    assert json.loads(target.read_text())["verdict"] == "ready"


def test_both_streams_closed_still_writes_the_report_file(tmp_path):
    target = tmp_path / "report.json"
    done = _run_with(["check", "--profile", local_profile(tmp_path), *QUICK, "--format", "json", "--output", str(target)],
                     close=(1, 2), stdout=None, stderr=None)
    assert done.returncode == 0
    assert json.loads(target.read_text())["verdict"] == "ready"


def test_closed_stdout_is_exit_2_for_every_command_that_writes_data():
    done = _run_with(["profiles", "list"], close=(1,), stdout=None)
    assert done.returncode == 2, done.stderr
    assert b"nothing could be written: standard output is closed" in done.stderr

"""SIGINT and SIGTERM in the middle of a measurement: prompt exit, documented code, old report untouched.

The run needs something slow to interrupt: the network probe against a stalling loopback server and a
silent STUN responder. It runs in a network namespace of its own (only loopback, servers included),
so even a run that went wrong could not send a packet off this machine.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rigcheck.exit_codes import ExitCode

from ._harness import GOOD_REPORT, UNCAUGHT, assert_no_temp_files, needs_root, needs_unshare

TESTS_DIR = Path(__file__).resolve().parents[1]

_IN_NETNS = r"""
import json, os, subprocess, sys, time
tests_dir, signal_number, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, tests_dir)
subprocess.run(["ip", "link", "set", "lo", "up"], check=True, timeout=10)
from faults._servers import FaultHTTPServer, StunResponder
with FaultHTTPServer() as server, StunResponder("silent") as stun:
    command = [sys.executable, "-m", "rigcheck", "check", "--profile", "generic-voice", "--only", "network",
               "--server", f"{server.url}/stall/", "--stun", stun.address, "--output", output]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # STUN gets no answer, the server prepares for ever: mid-measurement
    running = process.poll() is None
    process.send_signal(signal_number)
    sent = time.monotonic()
    try:
        stdout, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    print(json.dumps({"running": running, "returncode": process.returncode, "stdout": stdout.decode(errors="replace"),
                      "stderr": stderr.decode(errors="replace"), "exit_after_s": time.monotonic() - sent}))
"""


@pytest.mark.root
@needs_root
@needs_unshare
@pytest.mark.skipif(shutil.which("ip") is None, reason="needs iproute2's ip to bring loopback up in the namespace")
@pytest.mark.parametrize(("signal_number", "code", "word"), [
    (signal.SIGINT, ExitCode.INTERRUPTED, "interrupted"),
    (signal.SIGTERM, ExitCode.TERMINATED, "terminated"),
])
def test_a_signal_mid_measurement_stops_promptly_with_its_exit_code(tmp_path, signal_number, code, word):
    good = tmp_path / "report.json"
    good.write_text(GOOD_REPORT)
    done = subprocess.run(["unshare", "--net", "--", sys.executable, "-c", _IN_NETNS, str(TESTS_DIR), str(int(signal_number)),
                           str(good)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["running"], "the run ended before the signal: nothing was interrupted"
    assert result["returncode"] == code, result
    assert result["exit_after_s"] < 3.0, result
    assert f"rigcheck: {word}" in result["stderr"], result
    assert "Traceback" not in result["stderr"] and not UNCAUGHT.search(result["stderr"]), result
    assert result["stdout"] == ""
    assert good.read_text() == GOOD_REPORT
    assert_no_temp_files(tmp_path)


# --- a signal while rigcheck is still importing, and one whose exception Python drops ----------------

def _caught_signals(pid: int) -> int:
    """The SigCgt mask of /proc/PID/status: the signals the process has handlers for."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return int(line.split()[1], 16)
    return 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/PID/status")
@pytest.mark.parametrize(("signal_number", "code", "word"), [
    (signal.SIGINT, ExitCode.INTERRUPTED, "interrupted"),
    (signal.SIGTERM, ExitCode.TERMINATED, "terminated"),
])
def test_a_signal_while_still_importing_exits_with_its_code_and_no_traceback(tmp_path, signal_number, code, word):
    # Python handles SIGINT from its start, SIGTERM only once rigcheck.entry has run: the first moment
    # SIGTERM shows as caught, the command line, the probes and their libraries are still to be imported.
    sigterm_bit = 1 << (signal.SIGTERM - 1)
    interrupted_imports = 0
    for _attempt in range(3):
        process = subprocess.Popen([sys.executable, "-X", "importtime", "-m", "rigcheck", "profiles", "list"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            while process.poll() is None and not _caught_signals(process.pid) & sigterm_bit:
                pass
            process.send_signal(signal_number)
        except (FileNotFoundError, ProcessLookupError):
            pass  # it ended already (a very fast machine): nothing to learn from this attempt
        stdout, stderr = process.communicate(timeout=30)
        text = stderr.decode(errors="replace")
        assert process.returncode == code, text
        assert f"rigcheck: {word}" in text and "Traceback" not in text and not UNCAUGHT.search(text), text
        assert stdout == b""
        # -X importtime names each module it imported; rigcheck.cli imports the renderers early on.
        interrupted_imports += re.search(r"\|\s+rigcheck\.render$", text, re.MULTILINE) is None
    assert interrupted_imports, "every signal came after the imports: nothing was tested"


_LOST_IN_A_FINALIZER = r"""
import signal, sys
from rigcheck import entry
entry.install()

class Finalizer:
    def __del__(self):
        signal.raise_signal(signal.SIGNUM)  # the handler's exception is raised in here, and Python drops it

Finalizer()
print("the exception was dropped; the run goes on", file=sys.stderr, flush=True)
sys.exit(entry.main(["check", "--profile", sys.argv[1], "--only", "system,cpu,memory,disk", "--output", sys.argv[2]]))
"""


@pytest.mark.parametrize(("signal_number", "code", "word"), [
    (signal.SIGINT, ExitCode.INTERRUPTED, "interrupted"),
    (signal.SIGTERM, ExitCode.TERMINATED, "terminated"),
])
def test_a_signal_whose_exception_python_drops_still_stops_the_run(tmp_path, signal_number, code, word):
    # The window the flaky mid-measurement run fell into: a KeyboardInterrupt raised inside a finalizer
    # (the garbage collector runs them in the main thread at any moment) is printed and dropped.
    from ._harness import local_profile

    good = tmp_path / "report.json"
    good.write_text(GOOD_REPORT)
    script = _LOST_IN_A_FINALIZER.replace("SIGNUM", signal.Signals(signal_number).name)
    done = subprocess.run([sys.executable, "-c", script, local_profile(tmp_path), str(good)], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert "Exception ignored in" in done.stderr and "the run goes on" in done.stderr, done.stderr  # it was dropped
    assert done.returncode == code, done.stderr
    assert f"rigcheck: {word}" in done.stderr, done.stderr
    assert good.read_text() == GOOD_REPORT
    assert_no_temp_files(tmp_path)

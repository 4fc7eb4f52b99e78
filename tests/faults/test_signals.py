"""SIGINT and SIGTERM in the middle of a measurement: prompt exit, documented code, old report untouched.

The run needs something slow to interrupt: the network probe against a stalling loopback server and a
silent STUN responder. It runs in a network namespace of its own (only loopback, servers included),
so even a run that went wrong could not send a packet off this machine.
"""

from __future__ import annotations

import json
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

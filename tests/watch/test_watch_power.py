"""Power events during a watch, read by psutil from a battery and a mains supply in sysfs: a private
mount namespace puts a folder of those files over /sys/class/power_supply (psutil reads the same files
on a laptop), and the test pulls the plug mid-watch. Root and util-linux unshare/mount; skips otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from rigcheck.watch.log import read_log

pytestmark = [pytest.mark.root, pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("mount") is None,
                                 reason="needs root and util-linux unshare and mount")]

# Runs inside `unshare --mount`: the fake power_supply folder over the real one, then the watch itself.
_IN_NAMESPACE = """
import os, subprocess, sys
subprocess.run(["mount", "--bind", sys.argv[1], "/sys/class/power_supply"], check=True, timeout=10)
os.execv(sys.executable, [sys.executable, "-m", "rigcheck", "watch", *sys.argv[2:]])
"""


def test_pulling_the_plug_mid_watch_is_recorded_and_shown(loopback_coturn, tmp_path):
    supply = tmp_path / "power_supply"
    (supply / "BAT0").mkdir(parents=True)
    (supply / "AC").mkdir()
    (supply / "BAT0" / "capacity").write_text("80\n")
    (supply / "BAT0" / "status").write_text("Charging\n")
    (supply / "AC" / "online").write_text("1\n")
    log, report = tmp_path / "watch.jsonl", tmp_path / "report.html"
    process = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-c", _IN_NAMESPACE, str(supply),
         "--profile", "generic-voice", "--hours", "0.008", "--every", "5s", "--stun", loopback_coturn, "--log", str(log),
         "--format", "html", "--output", str(report)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not log.exists() or '"power"' not in log.read_text():  # the state at the start is on record
            assert time.monotonic() < deadline and process.poll() is None, "the watch did not start"
            time.sleep(0.1)
        (supply / "AC" / "online").write_text("0\n")  # a brownout: the laptop runs on its battery
        (supply / "BAT0" / "status").write_text("Discharging\n")
        time.sleep(12)  # the watch reads the supply every 10 s: it sees the battery at 10 s
        (supply / "AC" / "online").write_text("1\n")  # power is back (seen at 20 s)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    power = [(r["on_ac"]) for r in read_log(log) if r["type"] == "power"]
    assert power == [True, False, True]
    html = report.read_text()
    assert 'fill="#ef6c00"' in html  # the time on battery, in the timeline
    assert "Power: on battery" in html  # listed in words too

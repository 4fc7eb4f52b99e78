"""`rigcheck watch` in the network lab (tests/network/lab.py): coturn and LibreSpeed's own server in a
namespace; an outage injected by dropping everything for a few seconds (iptables), a slow stretch by
holding every STUN answer 150 ms (the NFQUEUE delayer). Needs root; skips with a reason otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rigcheck.watch.log import read_log

from tests.network.lab import STUN_PORT

pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.flaky(reruns=1, reruns_delay=1)]

OUTAGE_S = 5


def voice_records(log: Path) -> list[dict]:
    try:
        return [r for r in read_log(log) if r["type"] == "voice"]
    except Exception:  # noqa: BLE001 - not written yet
        return []


def test_watch_counts_an_outage_times_it_and_scores_a_slow_stretch(lab, tmp_path):
    lab.set_rate("server", 50)
    lab.set_rate("client", 20)
    server = lab.librespeed_urls.get("apache") or lab.librespeed_urls.get("php")
    log, report = tmp_path / "watch.jsonl", tmp_path / "report.json"
    args = ["ip", "netns", "exec", lab.client_ns, sys.executable, "-m", "rigcheck", "watch", "--profile", "generic-voice",
            "--hours", "0.012", "--every", "4s", "--stun", lab.stun_address, "--log", str(log),
            "--format", "json", "--output", str(report), "--speed-every", "15s"]
    if server:
        args += ["--server", server]
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 25
        while len(voice_records(log)) < 2:
            assert time.monotonic() < deadline and process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.2)
        # The line goes dead both ways for OUTAGE_S seconds.
        drop = ["-I", "INPUT", "-j", "DROP"]
        lab.iptables(lab.server_ns, drop)
        time.sleep(OUTAGE_S)
        lab.iptables(lab.server_ns, ["-D", "INPUT", "-j", "DROP"])
        time.sleep(4)
        # Then a slow stretch: every STUN answer held 150 ms (above the profile's 100 ms latency limit).
        lab.delay(lab.server_ns, ["-p", "udp", "--sport", str(STUN_PORT)], delay_ms=150)
        _, stderr = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
    data = json.loads(report.read_text())
    values = data["facts"]["shift"]["values"]
    assert values["outage_count"] == 1, (values["outages"], stderr)
    assert OUTAGE_S - 1.5 <= values["outages"][0]["seconds"] <= OUTAGE_S + 1.5
    assert values["sleep_gaps"] == []
    latencies = [row[1] for row in values["voice_samples"] if row[1] is not None]
    assert min(latencies) < 10 and max(latencies) > 140  # before and during the slow stretch
    checks = {check["id"]: check for check in data["checks"]}
    assert checks["shift.max_outages"]["status"] == "pass"  # 1 outage of the 3 allowed
    share = checks["shift.min_samples_within_limits_percent"]
    assert share["status"] == "fail" and share["observed"] < 95
    assert data["verdict"] == "not_ready"
    if server:
        speed = values["throughput_samples"]
        assert speed and 5 < speed[0]["download_mbps"] <= 55 and speed[0]["bytes"] == 2 * (2 << 20)

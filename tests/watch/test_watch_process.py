"""Time-compressed watches of the real command against coturn on loopback (seconds instead of hours):
a sleep (SIGSTOP/SIGCONT) is a gap, never an outage; kill -9 then --resume loses nothing but the sample
in progress."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rigcheck.watch.log import read_log

pytestmark = [pytest.mark.slow]


def start_watch(stun: str, log: Path, report: Path, hours: float, every: str = "4s", resume: bool = False) -> subprocess.Popen:
    args = [sys.executable, "-m", "rigcheck", "watch", "--format", "json", "--output", str(report)]
    args += ["--resume", str(log)] if resume else ["--profile", "generic-voice", "--hours", str(hours), "--every", every,
                                                  "--stun", stun, "--log", str(log)]
    return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def records_of(log: Path, kind: str) -> list[dict]:
    try:
        return [r for r in read_log(log) if r["type"] == kind]
    except Exception:  # noqa: BLE001 - not written yet
        return []


def wait_for(condition, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def finish(process: subprocess.Popen, timeout_s: float) -> tuple[int, str]:
    _, stderr = process.communicate(timeout=timeout_s)
    return process.returncode, stderr


def test_a_stopped_process_reads_as_a_gap_not_an_outage(loopback_coturn, tmp_path):
    log, report = tmp_path / "watch.jsonl", tmp_path / "report.json"
    process = start_watch(loopback_coturn, log, report, hours=0.008)  # about 29 s
    try:
        wait_for(lambda: len(records_of(log, "voice")) >= 1, 20)
        os.kill(process.pid, signal.SIGSTOP)  # the laptop's lid closes
        time.sleep(6)
        os.kill(process.pid, signal.SIGCONT)
        code, stderr = finish(process, 60)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == 0, stderr
    values = json.loads(report.read_text())["facts"]["shift"]["values"]
    assert values["outage_count"] == 0
    gaps = values["sleep_gaps"]
    assert len(gaps) == 1 and 5 <= gaps[0]["seconds"] <= 9 and gaps[0]["reason"] == "sleep"
    assert len(values["voice_samples"]) >= 3
    assert all(row[6] == 0 for row in values["voice_samples"])  # no sample read the stop as loss
    assert "Data used: about" in stderr and "--resume" in stderr  # the cost was said before it started


def test_kill_9_then_resume_loses_only_the_sample_in_progress(loopback_coturn, tmp_path):
    log, report = tmp_path / "watch.jsonl", tmp_path / "report.json"
    process = start_watch(loopback_coturn, log, report, hours=0.01)  # 36 s in all
    try:
        wait_for(lambda: len(records_of(log, "voice")) >= 2, 30)
    finally:
        process.kill()  # SIGKILL: no handler, no last write
        process.wait(10)
    before = log.read_bytes()
    kept = records_of(log, "voice")
    time.sleep(2)
    resumed = start_watch(loopback_coturn, log, report, hours=0.01, resume=True)
    code, stderr = finish(resumed, 60)
    assert code == 0, stderr
    assert log.read_bytes().startswith(before)  # append-only: nothing written before the kill changed
    values = json.loads(report.read_text())["facts"]["shift"]["values"]
    start_at = read_log(log)[0]["at"]
    offsets = [row[0] for row in values["voice_samples"]]
    for record in kept:  # every sample finished before the kill is in the report
        assert round(record["at"] - start_at, 1) in offsets
    assert len(offsets) > len(kept)  # and the watch went on after the resume
    stopped = [gap for gap in values["sleep_gaps"] if gap["reason"] == "stopped"]
    assert len(stopped) == 1 and stopped[0]["seconds"] >= 2
    assert values["outage_count"] == 0
    assert 0.009 <= values["hours_watched"] <= 0.013

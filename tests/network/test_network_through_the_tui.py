"""The guided app with the real network probe in the lab: no fake probes, no fake servers.

The TUI runs inside the lab's client namespace (Pilot in a thread that joined it; tmux through
`ip netns exec`), so the probe's worker threads measure the shaped link against LibreSpeed's own
backend, and speedtest-cli's real library is imported inside the app under Textual's replaced
stdout, and once more with no stdout at all, as a windowed executable has.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import sys
import time
from pathlib import Path

import pytest

from rigcheck.engine import probe_options
from rigcheck.probes import network as network_probe
from rigcheck.profile.loader import load_profile
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.results import ResultsScreen
from rigcheck.tui.screens.run import RunScreen
from rigcheck.tui.screens.save import SaveScreen

from .speedtest_lab import lab_speedtest_factory
from .test_real_librespeed import write_lab_profile

# Measurements on a shared VM: the host's CPU steal can skew one run of tbf, iperf3 or the delayer;
# a real regression fails every rerun.
pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.flaky(reruns=2, reruns_delay=1)]

MBPS_ON_SCREEN = re.compile(r"\d+(\.\d+)? Mbit/s")



def _text(app) -> str:
    # What the applicant sees: every visible widget's rendered lines.
    from rich.console import Console

    console = Console(width=app.size.width, record=True, file=io.StringIO())
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def wait_until(pilot, predicate, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; screen:\n{_text(pilot.app)}")
        await pilot.pause(0.1)


async def drive_to_saved_report(app, save_dir: Path) -> dict:
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, RunScreen)
        await wait_until(pilot, lambda: not app.session.running, timeout_s=45)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout_s=5)
        results = _text(app)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveScreen), timeout_s=5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(save_dir.glob("*.json")), timeout_s=5)
        await pilot.press("escape")
    report = json.loads(next(save_dir.glob("*.json")).read_text())
    return {"report": report, "results": results}


def run_in_client(lab, coroutine_factory):
    return lab.in_client(lambda: asyncio.run(coroutine_factory()), timeout=90)


def test_pilot_app_measures_the_real_server_and_reaches_ready(lab, real_librespeed, tmp_path):
    lab.set_rate("server", 60)
    lab.set_rate("client", 30)
    profile = load_profile(str(write_lab_profile(tmp_path, lab, real_librespeed)))
    save_dir = tmp_path / "reports"
    save_dir.mkdir()
    app = make_app(profile=profile, probe_specs=[network_probe.PROBE], mic=None, save_dir=save_dir)

    outcome = run_in_client(lab, lambda: drive_to_saved_report(app, save_dir))

    report = outcome["report"]
    assert report["verdict"] == "ready", [c for c in report["checks"] if c["status"] != "pass"]
    assert "READY" in outcome["results"] and MBPS_ON_SCREEN.search(outcome["results"]), outcome["results"]
    network = report["facts"]["network"]
    assert network["status"] == "ok" and network["values"]["backend"] == "librespeed"


@pytest.mark.parametrize("stdout", ["textual", "none"])
def test_speedtest_cli_runs_inside_the_app(lab, tmp_path, monkeypatch, stdout):
    lab.set_rate("server", 50)
    lab.set_rate("client", 50)
    # speedtest-cli's module must be imported by the app's probe worker, as in a real session.
    monkeypatch.delitem(sys.modules, "speedtest", raising=False)
    if stdout == "none":
        monkeypatch.setattr(sys, "stdout", None)  # a windowed executable has no console streams
    profile = load_profile(str(write_lab_profile(tmp_path, lab, "")))
    options = probe_options(profile) | {"server": None, "speedtest_factory": lab_speedtest_factory(lab.http_url)}
    save_dir = tmp_path / "reports"
    save_dir.mkdir()
    app = make_app(profile=profile, probe_specs=[network_probe.PROBE], options=options, mic=None, save_dir=save_dir)

    outcome = run_in_client(lab, lambda: drive_to_saved_report(app, save_dir))

    network = outcome["report"]["facts"]["network"]
    assert network["status"] == "ok", network["error"]
    assert network["values"]["backend"] == "speedtest.net"
    assert network["values"]["download_mbps"] > 25
    assert "speedtest" in sys.modules  # imported during the run, inside the app


@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="tmux is not installed")
def test_real_terminal_shows_ready_with_the_measured_speed(lab, real_librespeed, tmp_path):
    from tests.tui.test_terminal import WRAPPER, Tmux, rigcheck_command, wait_for_exit_code

    lab.set_rate("server", 60)
    lab.set_rate("client", 30)
    profile = write_lab_profile(tmp_path, lab, real_librespeed)
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    exit_file = tmp_path / "exit-code"
    tmux = Tmux(tmp_path)
    env = {"RIGCHECK_TUI_PROBES": "network", "TERM": "xterm-256color", "HOME": str(tmp_path)}
    try:
        tmux.start(["ip", "netns", "exec", lab.client_ns, sys.executable, str(wrapper), str(exit_file),
                    *rigcheck_command(), "--profile", str(profile)], env)
        tmux.wait_for(lambda text: "All checks done" in text, timeout_s=45)
        tmux.keys("Enter")
        # The table fills in just after the banner: wait for the measured speed itself.
        results = tmux.wait_for(lambda text: "READY" in text and MBPS_ON_SCREEN.search(text), timeout_s=15)
        assert "✔ READY" in results and "NOT READY" not in results and "INCOMPLETE" not in results, results
        tmux.keys("q")
        tmux.keys("q")  # the unsaved result is asked about once
        assert wait_for_exit_code(exit_file) == "0"
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.kill()

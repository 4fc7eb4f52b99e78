"""'Watch my connection' in the guided app: a time-compressed watch against coturn on loopback, through
the real recorder, shown and saved by the app."""

from __future__ import annotations

import json
import time

import pytest

from rigcheck.profile import load_profile
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.watch import WatchScreen

pytestmark = [pytest.mark.slow]


async def test_watch_step_runs_a_watch_and_shows_and_saves_the_shift(loopback_coturn, tmp_path):
    options = {"stun_servers": [loopback_coturn], "server": None, "watch_hours": 0.004, "watch_every_s": 4.0}
    app = make_app(profile=load_profile("generic-voice"), probe_specs=[], options=options, mic=None, save_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        deadline = time.monotonic() + 60
        while not screen.finished:
            assert time.monotonic() < deadline, "the watch did not end"
            await pilot.pause(0.5)
        summary = str(screen.query_one("#watch-summary").render())
        assert "Outages (line silent 2 s or more): 0" in summary
        assert "Call quality through the shift" in summary
        assert screen.report is not None and screen.report.verdict == "ready"
        saved = sorted(tmp_path.glob("rigcheck-watch-*.json"))
        assert len(saved) == 1
        assert json.loads(saved[0].read_text())["facts"]["shift"]["values"]["voice_samples"]
        assert sorted(tmp_path.glob("rigcheck-watch-*.html")) and sorted(tmp_path.glob("rigcheck-watch-*.jsonl"))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WatchScreen)


async def test_stopping_early_still_reports_what_was_watched(loopback_coturn, tmp_path):
    options = {"stun_servers": [loopback_coturn], "server": None, "watch_hours": 1.0, "watch_every_s": 4.0}
    app = make_app(profile=load_profile("generic-voice"), probe_specs=[], options=options, mic=None, save_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("w")
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        await pilot.pause(6)
        await pilot.press("s")
        deadline = time.monotonic() + 30
        while not screen.finished:
            assert time.monotonic() < deadline, "the watch did not stop"
            await pilot.pause(0.5)
        assert screen.report is not None
        assert screen.report.facts["shift"].values["hours_watched"] < 0.01

"""Pilot tests of every step of the applicant's flow, with fake probes (no real measurements)."""

from __future__ import annotations

import json

from textual.widgets import Button, Input
from tui_fakes import (
    build,
    finish_run,
    CREATED_AT,
    GOOD_FACTS,
    FakeMic,
    GatedProbe,
    SwitchableProbe,
    desk_profile,
    facts_probe,
    failing_probe,
    good_specs,
    screen_text,
    table_rows,
    wait_until,
)

from rigcheck.i18n import _, speaking
from rigcheck.model import ProbeResult, Snapshot
from rigcheck.scoring import score
from rigcheck.tui.app import EXIT_INTERRUPTED
from rigcheck.tui.screens.help import HelpScreen
from rigcheck.tui.screens.mic import MicScreen
from rigcheck.tui.screens.profile import ProfileScreen
from rigcheck.tui.screens.questions import QuestionsScreen
from rigcheck.tui.screens.results import CheckDetailsScreen, ResultsScreen
from rigcheck.tui.screens.run import RunScreen
from rigcheck.tui.screens.save import SaveScreen


async def test_whole_flow_from_bundled_profile_to_saved_report(tmp_path):
    profile = desk_profile()
    app = build(bundled_profiles=[profile], save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ProfileScreen)
        await wait_until(pilot, lambda: "published by rigcheck tests" in screen_text(app))
        await pilot.press("enter")  # choose the highlighted bundled profile
        await finish_run(pilot)
        assert "All checks done" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionsScreen)
        await pilot.press("n", "y")
        assert isinstance(app.screen, ResultsScreen)
        report = app.session.report
        # The TUI shows what the core scores: same snapshot, profile and answers give the same report.
        expected = score(app.session.snapshot(), profile, {"cordless-phone": "no", "quiet-room": "yes"}, created_at=CREATED_AT)
        assert report == expected
        assert report.verdict == "ready"
        assert "✔ READY" in screen_text(app)
        await pilot.press("s")
        assert isinstance(app.screen, SaveScreen)
        await pilot.press("enter")
        await pilot.pause()
        saved = sorted(path.name for path in tmp_path.iterdir())
        assert saved == ["rigcheck-test-desk-20261127-0900.html", "rigcheck-test-desk-20261127-0900.json", "rigcheck-test-desk-20261127-0900.md"]
        data = json.loads((tmp_path / "rigcheck-test-desk-20261127-0900.json").read_text())
        assert data["verdict"] == "ready"
        assert data["answers"] == {"cordless-phone": "no", "quiet-room": "yes"}
        assert data["facts"]["memory"]["values"]["installed_gb"] == 16.0
        assert str(tmp_path) in screen_text(app)  # the user is told where the files went
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("q")
    assert app.return_value == 0


async def test_profile_given_skips_the_profile_step():
    app = build(desk_profile(questions=False))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, RunScreen)
        await finish_run(pilot)
        await pilot.press("enter")
        # No questions in this profile: straight to the results.
        assert isinstance(app.screen, ResultsScreen)


async def test_run_screen_shows_each_probe_state_and_live_network_speed():
    network = GatedProbe("network", GOOD_FACTS["network"], progress=[
        ("latency", 0.1, {}),
        ("download", 0.4, {"mbps": 61.0}),
        ("download", 0.5, {"mbps": 88.5}),
    ])
    specs = [facts_probe("cpu", GOOD_FACTS["cpu"]), network.spec]
    app = build(desk_profile(), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set() and app.session.states["cpu"].finished
                         and app.session.states["network"].mbps == 88.5)
        rows = table_rows(app, "probe-table")
        assert rows[0][0] == "✔ PASSED" and f"{GOOD_FACTS['cpu']['physical_cores']} cores" in rows[0][2]
        assert rows[1][0].startswith("▶ checking")
        text = screen_text(app)
        assert "Internet speed test: measuring download  ↓ 88.5 Mbit/s" in text
        assert "1 of 2 checks done" in text
        assert app.session.states["network"].fraction == 0.5
        assert app.session.states["network"].mbps_history[-1] == 88.5
        network.gate.set()
        await finish_run(pilot)
        assert table_rows(app, "probe-table")[1][0] == "✔ PASSED"


async def test_escape_cancels_mid_run_and_the_verdict_is_incomplete():
    network = GatedProbe("network", GOOD_FACTS["network"], progress=[("download", 0.2, {"mbps": 10.0})])
    specs = [facts_probe(probe, GOOD_FACTS[probe]) for probe in ("cpu", "memory", "disk", "connection")] + [network.spec]
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        await pilot.press("escape")
        await finish_run(pilot)
        assert network.saw_cancel.is_set()  # the probe's own loop saw the cancel and stopped
        assert app.session.states["network"].state == "cancelled"
        assert "■ stopped" in table_rows(app, "probe-table")[4][0]
        assert "Stopped" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert app.session.report.verdict == "incomplete"
        statuses = {check.id: check.status for check in app.session.report.checks}
        assert statuses["network.min_download_mbps"] == "unknown"
        assert statuses["computer.min_ram_gb"] == "pass"


async def test_stopped_run_can_be_run_again():
    network = GatedProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(questions=False), [facts_probe("cpu", GOOD_FACTS["cpu"]), network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        await pilot.press("escape")
        await finish_run(pilot)
        network.gate.set()
        await pilot.press("r")
        await finish_run(pilot)
        assert network.calls == 2
        assert app.session.states["network"].state == "ok"


async def test_ctrl_c_stops_the_run_first_and_quits_second():
    network = GatedProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(), [network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        await pilot.press("ctrl+c")
        await finish_run(pilot)
        assert app.is_running
        assert app.session.states["network"].state == "cancelled"
        await pilot.press("ctrl+c")
        await pilot.pause()
    assert app.return_value == EXIT_INTERRUPTED


async def test_questions_are_answered_with_keys_and_skipping_leaves_unknown():
    app = build(desk_profile(questions=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert "Question 1 of 2" in screen_text(app)
        assert "cordless phone" in screen_text(app)
        await pilot.press("y")
        assert "Question 2 of 2" in screen_text(app)
        await pilot.press("b")  # back to the first question, change the answer with the buttons
        assert "Question 1 of 2" in screen_text(app)
        await pilot.click("#answer-no")
        await pilot.press("s")  # skip the second
        assert isinstance(app.screen, ResultsScreen)
        assert app.session.answers == {"cordless-phone": "no"}
        statuses = {check.id: check.status for check in app.session.report.checks}
        assert statuses["question.cordless-phone"] == "pass"
        assert statuses["question.quiet-room"] == "unknown"
        # A recommended question left unknown does not block: required checks all pass.
        assert app.session.report.verdict == "ready_with_warnings"
        # Back to the questions from the results, answer yes to the cordless phone: not ready.
        await pilot.press("a")
        assert isinstance(app.screen, QuestionsScreen)
        await pilot.press("y", "y")
        assert isinstance(app.screen, ResultsScreen)
        assert app.session.report.verdict == "not_ready"
        assert "✘ NOT READY" in screen_text(app)


async def test_results_show_status_words_fixes_and_details():
    specs = good_specs()
    specs = [spec for spec in specs if spec.id != "connection"] + [
        facts_probe("connection", {**GOOD_FACTS["connection"], "kind": "wifi", "link_speed_mbps": 300})
    ]
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        rows = table_rows(app, "checks")
        # Failures first, each status spelled out with a symbol.
        assert rows[0][0] == "✘ FAILED" and rows[0][1] == "Wired internet connection"
        assert all(row[0] in {"✔ PASSED", "! WARNING", "✘ FAILED", "? NO RESULT", "- SKIPPED"} for row in rows)
        assert "Fix: Connect the computer to the router" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, CheckDetailsScreen)
        details = screen_text(app)
        assert "✘ FAILED  Wired internet connection" in details
        assert "Found: Wi-Fi" in details
        assert "Needed: a LAN cable" in details
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)


async def test_rerun_one_probe_after_plugging_in_the_cable():
    connection = SwitchableProbe("connection", {**GOOD_FACTS["connection"], "kind": "wifi"})
    others = [facts_probe(probe, GOOD_FACTS[probe]) for probe in ("cpu", "memory", "disk")]
    counted = SwitchableProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(questions=False), others + [connection.spec, counted.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert app.session.report.verdict == "not_ready"
        assert table_rows(app, "checks")[0][1] == "Wired internet connection"
        connection.values["kind"] = "ethernet"  # the applicant plugs in the cable
        await pilot.press("r")  # re-run the probe behind the selected (failed) check
        await wait_until(pilot, lambda: connection.calls == 2 and app.session.states["connection"].finished
                         and app.session.report.verdict == "ready")
        assert counted.calls == 1  # nothing else was measured again
        assert "Network connection checked again: ✔ PASSED — LAN cable" in screen_text(app)
        assert all(row[0] == "✔ PASSED" for row in table_rows(app, "checks"))


async def test_offline_network_fails_fast_and_the_verdict_is_incomplete():
    specs = [spec for spec in good_specs() if spec.id != "network"]
    specs.append(failing_probe("network", "no internet: name resolution failed"))
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        network_row = table_rows(app, "probe-table")[-1]
        # The probe's own error text is for IT (in the saved report); the row says it in the applicant's words.
        assert network_row[0] == "? NO RESULT" and network_row[2] == "could not check"
        await pilot.press("enter")
        report = app.session.report
        assert report.verdict == "incomplete"
        assert {c.status for c in report.checks if c.probe == "network"} == {"unknown"}
        assert "? NOT FINISHED" in screen_text(app)


async def test_mic_step_measures_level_and_asks_about_the_tone():
    mic = FakeMic()
    audio = facts_probe("audio", {"usb_headset_present": True, "analog_headset_present": False,
                                  "default_input": {"name": "Jabra Evolve 20", "kind": "usb_headset", "is_headset": True},
                                  "default_output": {"name": "Jabra Evolve 20", "kind": "usb_headset", "is_headset": True}})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic=mic)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, MicScreen)
        await pilot.press("m")
        await wait_until(pilot, lambda: "Background noise: quiet (-58 dBFS)" in screen_text(app))
        assert "Your voice: good (-21 dBFS on average, -6 at its loudest)" in screen_text(app)
        await pilot.press("p")
        await wait_until(pilot, lambda: "Did you hear the tone" in screen_text(app))
        assert mic.tones == [440]
        await pilot.press("y")
        assert "You heard the tone." in screen_text(app)
        await pilot.press("l")  # Filipino: the figures and the tone's answer are said again in it
        with speaking("fil"):
            voice_line = app.screen._result_text().splitlines()[0]
            heard_line = _("You heard the tone.")
        assert voice_line.split("(")[0] != "Your voice: good "
        await wait_until(pilot, lambda: voice_line.split("(")[0].strip() in screen_text(app) and heard_line in screen_text(app))
        await pilot.press("l")
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert mic.cancel_event is not None and mic.cancel_event.is_set()  # leaving the step stops recording
        assert app.session.mic_heard == "yes"
        assert "Mic test (for you, not scored)" in screen_text(app) and "Test tone heard: yes" in " ".join(screen_text(app).split())
        # The mic check informs; it is not a scored check.
        assert not any(check.probe == "mic" for check in app.session.report.checks)


async def test_mic_step_is_skipped_when_not_available():
    audio = facts_probe("audio", {"default_input": {"name": "Built-in", "kind": "builtin", "is_headset": False}})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)


async def test_profile_step_reports_a_bad_profile_and_loads_a_good_file(tmp_path):
    from rigcheck.profile import load_profile

    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nid = "x"\nname = "X"\n[network]\nmin_downlod_mbps = 5\n')
    good = tmp_path / "acme.toml"
    good.write_text('schema = 1\nid = "acme"\nname = "ACME voice"\nversion = "7"\npublisher = "ACME Care"\n'
                    '[computer]\nmin_ram_gb = 8\n')
    app = build(bundled_profiles=[desk_profile()], profile_loader=load_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.profiles)
        await pilot.click("#profile-ref")
        app.screen.query_one("#profile-ref", Input).value = str(bad)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "could not be used" in screen_text(app))
        assert "min_download_mbps" in screen_text(app)  # the loader's did-you-mean reaches the user
        assert app.screen.query_one("#start-button", Button).disabled
        field = app.screen.query_one("#profile-ref", Input)
        field.value = str(good)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "published by ACME Care" in screen_text(app))
        assert "version 7" in screen_text(app)
        assert "Memory (RAM): at least 8 GiB" in screen_text(app)  # what the memory probe measures
        await pilot.press("enter")  # the Start button has focus
        assert isinstance(app.screen, RunScreen)
        assert app.profile.id == "acme"


async def test_help_theme_and_command_palette_entries():
    app = build(desk_profile(questions=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Esc" in app.screen.query_one("#help-text").source
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)
        assert app.theme == "textual-dark"
        await pilot.press("t")
        assert app.theme == "textual-light"
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Save the report", "Check the selected line again", "Check everything again", "Help",
                "Light or dark theme", "Language: Filipino"} <= titles


async def test_save_shows_errors_instead_of_crashing(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    app = build(desk_profile(questions=False), save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "s")
        app.screen.query_one("#save-path", Input).value = str(blocker / "report")
        await pilot.press("enter")
        assert "Could not save" in screen_text(app)
        assert isinstance(app.screen, SaveScreen)


async def test_snapshot_marks_probes_that_did_not_run_as_skipped():
    app = build(desk_profile(questions=False), [facts_probe("cpu", GOOD_FACTS["cpu"])])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        snapshot = app.session.snapshot()
        assert set(snapshot.results) == {"cpu"}
        assert "network" in snapshot.skipped and "cpu" not in snapshot.skipped
        assert isinstance(snapshot.results["cpu"], ProbeResult)
        assert isinstance(snapshot, Snapshot)


async def test_profile_step_survives_unreadable_bundled_profiles():
    def broken():
        raise OSError("bundle missing")

    app = build(bundled_profiles=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "could not be read: bundle missing" in screen_text(app))
        assert app.screen.focused is app.screen.query_one("#profile-ref", Input)


async def test_running_probes_show_their_elapsed_time():
    from tui_fakes import ManualClock

    clock = ManualClock()
    network = GatedProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(questions=False), [network.spec], clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set() and app.session.states["network"].state == "running")
        clock.now += 2.5
        await wait_until(pilot, lambda: table_rows(app, "probe-table")[0][0] == "▶ checking 2.5 s")
        network.gate.set()


async def test_q_quits_at_once_even_while_a_probe_hangs():
    import time as _time

    network = GatedProbe("network", GOOD_FACTS["network"])  # never released
    app = build(desk_profile(), [network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        started = _time.monotonic()
        await pilot.press("q")
    assert app.return_value == 0
    assert _time.monotonic() - started < 5.0  # a hung probe would keep the app open for good
    await_cancel = network.saw_cancel.wait(2.0)
    assert await_cancel  # the hanging probe was told to stop


async def test_rerun_all_from_results_measures_everything_again():
    memory = SwitchableProbe("memory", {**GOOD_FACTS["memory"], "installed_gb": 4.0})
    network = GatedProbe("network", GOOD_FACTS["network"], progress=[("upload", 0.8, {"mbps": 20.0})])
    app = build(desk_profile(questions=False), [memory.spec, network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        network.gate.set()
        await finish_run(pilot)
        await pilot.press("enter")
        assert app.session.report.verdict == "not_ready"
        memory.values["installed_gb"] = 16.0
        network.gate.clear()
        await pilot.press("R")
        assert isinstance(app.screen, RunScreen)
        await wait_until(pilot, lambda: network.calls == 2 and memory.calls == 2)
        network.gate.set()
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert {c.id: c.status for c in app.session.report.checks}["computer.min_ram_gb"] == "pass"


async def test_rerunning_the_network_probe_shows_its_live_speed_on_the_results():
    network = GatedProbe("network", GOOD_FACTS["network"], progress=[("download", 0.3, {"mbps": 42.0})])
    app = build(desk_profile(questions=False), [facts_probe("connection", GOOD_FACTS["connection"]), network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        network.gate.set()
        await finish_run(pilot)
        await pilot.press("enter")
        network.gate.clear()
        table = app.screen.query_one("#checks")
        row = next(i for i, r in enumerate(table_rows(app, "checks")) if r[1] == "Download speed")
        table.move_cursor(row=row)
        await pilot.press("r")
        await wait_until(pilot, lambda: "download 42 Mbit/s" in screen_text(app))
        assert "Checking Internet speed and call quality again… ▶ checking" in screen_text(app)
        network.gate.set()
        await wait_until(pilot, lambda: "checked again: ✔ PASSED" in screen_text(app))


async def test_a_failing_mic_test_is_reported_not_raised():
    class BrokenMic(FakeMic):
        def measure_input(self, device=None, seconds=3.0, on_level=None):
            raise OSError("no permission to use the microphone")

        def play_tone(self, device=None, frequency_hz=440, seconds=1.0):
            raise OSError("no output device")

    audio = facts_probe("audio", {"default_input": {"name": "Mic", "kind": "usb_headset", "is_headset": True}})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic=BrokenMic())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "m")
        await wait_until(pilot, lambda: "The mic test failed: no permission to use the microphone" in screen_text(app))
        await pilot.press("p")
        await wait_until(pilot, lambda: "The tone could not be played: no output device" in screen_text(app))
        await pilot.press("y")  # no tone was played: nothing to confirm
        assert "You heard the tone." not in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)


async def test_mic_step_is_not_offered_when_the_mic_module_cannot_load(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rigcheck.probes.audio.mictest", None)  # import now raises ImportError
    audio = facts_probe("audio", {"default_input": {"name": "Mic", "kind": "usb_headset", "is_headset": True}})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic="auto")
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert app.mic_backend() is None
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)


async def test_mic_step_uses_the_real_module_when_it_loads(monkeypatch):
    import types

    fake_module = types.ModuleType("rigcheck.probes.audio.mictest")
    fake_module.measure_input = FakeMic().measure_input
    fake_module.play_tone = FakeMic().play_tone
    fake_module.import_check = lambda: None
    monkeypatch.setitem(__import__("sys").modules, "rigcheck.probes.audio.mictest", fake_module)
    audio = facts_probe("audio", {"default_input": {"name": "Mic", "kind": "usb_headset", "is_headset": True}})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic="auto")
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert app.mic_backend() is fake_module
        await pilot.press("enter")
        assert isinstance(app.screen, MicScreen)


async def test_a_scoring_error_is_shown_and_the_session_stays_open(monkeypatch):
    import rigcheck.scoring

    def broken_score(*args, **kwargs):
        raise ValueError("bad threshold")

    monkeypatch.setattr(rigcheck.scoring, "score", broken_score)
    app = build(desk_profile(questions=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, RunScreen)  # no made-up results screen
        assert app.session.report is None
        assert any("bad threshold" in str(note.message) for note in app._notifications)
        await pilot.press("q")
    assert app.return_value == 0


async def test_a_flood_of_progress_is_coalesced_and_the_last_value_wins(monkeypatch):
    from rigcheck.probes.base import ProbeContext, ProbeSpec
    from rigcheck.tui.session import Session

    events = 2000

    def chatty(ctx: ProbeContext) -> dict:
        for step in range(events):
            ctx.progress("download", step / events, mbps=float(step))
        return dict(GOOD_FACTS["network"])

    handled = []
    original = Session.on_progress

    def counting(self, *args, **kwargs):
        handled.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "on_progress", counting)
    app = build(desk_profile(questions=False), [ProbeSpec("network", "Internet speed and call quality", chatty)])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert 0 < len(handled) < events  # queued progress replaced older progress instead of piling up
        # History is carried by the messages, so nothing is lost even when most messages are dropped.
        assert app.session.states["network"].mbps_history[-1] == float(events - 1)
        assert len(app.session.states["network"].mbps_history) == 60


async def test_profile_file_can_be_chosen_with_the_file_browser(tmp_path, monkeypatch):
    from rigcheck.profile import load_profile
    from rigcheck.tui.screens.open_file import OpenFileScreen

    monkeypatch.setenv("HOME", str(tmp_path))
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / "acme.toml").write_text('schema = 1\nid = "acme"\nname = "ACME voice"\npublisher = "ACME Care"\n'
                                         '[computer]\nmin_ram_gb = 8\n')
    (downloads / "notes.txt").write_text("not a profile")
    app = build(bundled_profiles=[desk_profile()], profile_loader=load_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.profiles)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenFileScreen)
        tree = app.screen.query_one("#open-tree")
        await wait_until(pilot, lambda: tree.root.children)
        assert [node.label.plain for node in tree.root.children] == ["Downloads"]
        await pilot.press("down", "enter")  # open Downloads
        await wait_until(pilot, lambda: tree.root.children[0].children)
        assert [node.label.plain for node in tree.root.children[0].children] == ["acme.toml"]  # .txt hidden
        await pilot.press("down", "enter")  # choose acme.toml
        await wait_until(pilot, lambda: "published by ACME Care" in screen_text(app))
        assert app.screen.query_one("#profile-ref", Input).value == str(downloads / "acme.toml")


async def test_cancelling_the_worker_itself_stops_the_probe():
    network = GatedProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(questions=False), [network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        app.workers.cancel_group(app, "probes")  # not via the app's stop button: Textual's own cancel
        assert network.saw_cancel.wait(3.0)
        await finish_run(pilot)
        assert app.session.states["network"].state == "cancelled"

"""A first-time applicant's traps, each proved gone: keys that answer by accident, fixes out of sight,
green ticks on findings that fail, internals in the wording, and navigation dead ends."""

from __future__ import annotations

import itertools
import json

import pytest
from textual.widgets import Input, ProgressBar
from tui_fakes import (
    fix_lines,
    build,
    finish_run,
    GOOD_FACTS,
    GatedProbe,
    desk_profile,
    facts_probe,
    failing_probe,
    good_specs,
    screen_text,
    table_rows,
    wait_until,
)

from rigcheck.model import Profile, Question, Requirement
from rigcheck.tui.screens.profile import ProfileScreen
from rigcheck.tui.screens.questions import QuestionsScreen
from rigcheck.tui.screens.quit import QuitScreen
from rigcheck.tui.present import fix_for
from rigcheck.tui.screens.results import ResultsScreen
from rigcheck.tui.screens.run import RunScreen
from rigcheck.tui.screens.save import SaveScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def visible_lines(app) -> list[str]:
    """The screen exactly as the terminal shows it, line by line (nothing scrolled into view)."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]


# -- 1. no answer by accident ---------------------------------------------------------------------

# Keys that mean "continue", "move" or "back" somewhere in the flow; none of them may answer.
CONTINUE_KEYS = ("enter", "space", "tab", "shift+tab", "escape")
OTHER_KEYS = ("s", "r", "b", "a", "up", "down", "left", "right", "t", "question_mark")
ALL_KEYS = CONTINUE_KEYS + OTHER_KEYS
# Every single key; every key after the Enter that opens the questions; every continue key before
# that Enter; three-key runs of Enter, space and Tab; and Enter held down.
KEY_PATHS = sorted(
    {(key,) for key in ALL_KEYS}
    | {("enter", key) for key in ALL_KEYS}
    | {(key, "enter") for key in CONTINUE_KEYS}
    | {("enter", *pair) for pair in itertools.product(("enter", "space", "tab"), repeat=2)}
    | {("enter",) * 5}
)


async def back_to_the_finished_run(pilot) -> None:
    """The state right after "All checks done": no answers, no report, the run screen on top."""
    app = pilot.app
    await wait_until(pilot, lambda: not app.session.running)
    while len(app.screen_stack) > 2:  # close help, details or the quit question
        await app.pop_screen()
    app.session.answers.clear()
    app.session.report = None
    await app.switch_screen(RunScreen())
    await pilot.pause()
    assert "All checks done" in screen_text(app)


async def test_no_key_path_from_the_finished_run_answers_a_question():
    # One app walks every path (fresh apps per path would take a minute); each path starts from the
    # finished run again. Only y / n or a click may answer, so none of these keys may.
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        walked = 0
        for keys in KEY_PATHS:
            await back_to_the_finished_run(pilot)
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            assert app.session.answers == {}, f"{keys} answered {app.session.answers}"
            walked += 1
        assert walked == len(KEY_PATHS) > 35


async def test_enter_after_all_checks_done_opens_the_questions_without_answering():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, QuestionsScreen) and app.screen.index == 0
        assert app.session.answers == {}


async def test_the_question_screen_preselects_nothing_and_only_choice_keys_answer():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionsScreen)
        assert app.screen.focused is None  # no button waits for an Enter
        await pilot.press("enter", "space", "tab", "enter")
        assert app.session.answers == {} and app.screen.index == 0
        await pilot.press("n")
        assert app.session.answers == {"cordless-phone": "no"}
        await pilot.click("#answer-yes")  # a click is an explicit choice too
        assert app.session.answers == {"cordless-phone": "no", "quiet-room": "yes"}


# -- 2. fixes in view -----------------------------------------------------------------------------

def headset_desk() -> Profile:
    """A profile whose failures have long titles and expected values (`corded headset (USB or analog)`)."""
    return Profile(
        id="headset-desk",
        name="Headset desk",
        version="1",
        requirements=(
            Requirement("audio", "headset", "wired"),
            Requirement("computer", "os", ("windows >= 10",)),
            Requirement("computer", "min_ram_gb", 8),
            Requirement("display", "min_monitors", 2),
            Requirement("network", "connection", "wired"),
            Requirement("computer", "min_cpu_ghz", 2.0),
            Requirement("network", "max_latency_ms", 100, level="recommended"),
        ),
        questions=(Question("cordless-phone", "Will you take work calls on a cordless phone?", fail_if="yes"),),
    )


def headset_specs():
    return [
        facts_probe("system", {**GOOD_FACTS["system"], "os_family": "linux", "os_name": "Ubuntu 24.04", "os_version": "24.04"}),
        facts_probe("cpu", {**GOOD_FACTS["cpu"], "max_ghz": None}),
        facts_probe("memory", {**GOOD_FACTS["memory"], "installed_gb": 4.0}),
        facts_probe("connection", {**GOOD_FACTS["connection"], "kind": "wifi"}),
        facts_probe("network", GOOD_FACTS["network"]),
        facts_probe("audio", {"wired_headset_present": False, "usb_headset_present": False, "analog_headset_present": False,
                              "default_input": {"name": "Built-in microphone", "kind": "builtin", "is_headset": False}}),
        facts_probe("display", {"monitor_count": 1, "monitors": [{"width": 1920, "height": 1080}], "headless": False}),
    ]


@pytest.mark.parametrize("size", SIZES)
async def test_results_show_the_verdict_then_the_required_fixes_without_scrolling(size):
    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=size) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.pause(0.2)
        lines = visible_lines(app)
        text = "\n".join(lines)
        verdict_at = next(i for i, line in enumerate(lines) if "✘ NOT READY" in line)
        fixes_at = next(i for i, line in enumerate(lines) if "What to fix (" in line)
        assert verdict_at < fixes_at <= verdict_at + 4  # the list sits right under the verdict (and the profile line)
        required = [c for c in app.screen.checks if c.required and c.status in ("fail", "unknown")]
        assert required[0].status == "fail"
        # The first failures are readable at once, each with its fix.
        first = required[:2] if size == (80, 24) else required
        for check in first:
            assert f"{check.title}:" in text or f"{check.title} " in text, check.title
        assert text.count("Fix: ") >= len(first)
        if size == (80, 24):
            # What does not fit is announced in words, not only by a scrollbar.
            assert "more lines of fixes" in text
        # The table never hides meaning behind "…": long values wrap instead.
        table_part = "\n".join(lines[next(i for i, line in enumerate(lines) if "Result" in line and "Needed" in line):])
        assert "…" not in table_part
        assert "corded headset (USB or analog)" in text.replace("\n", " ") or "corded headset" in table_part


async def test_at_120_columns_the_required_column_is_as_wide_as_its_longest_value():
    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=(120, 40)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        await pilot.pause(0.2)
        table = app.screen.query_one("#checks")
        widths = {column.key.value: column.width for column in table.columns.values()}
        longest_required = max(len(row[3]) for row in table_rows(app, "checks"))
        longest_title = max(len(row[1]) for row in table_rows(app, "checks"))
        assert widths["required"] >= longest_required
        assert widths["check"] <= longest_title  # no column wider than what it holds
        assert all(line.count("\n") == 0 for line in (row[3] for row in table_rows(app, "checks")))


async def test_every_required_failed_or_unknown_check_is_in_the_fix_list_with_its_fix():
    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        lines = fix_lines(app)
        text = "\n".join(lines)
        for check in app.session.report.checks:
            if check.required and check.status in ("fail", "unknown"):
                assert check.title in text
                if fix_for(check):
                    assert "Fix: " + fix_for(check) in text
        # Recommendations come after, under their own heading.
        assert "Advice, not required" not in text or text.index("Advice, not required") > text.index("What to fix")


# -- 3. state and outcome on the checks screen, live network figures -------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_a_finished_probe_that_found_a_problem_is_not_a_green_tick(size):
    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=size) as pilot:
        await finish_run(pilot)
        rows = {row[1]: row for row in table_rows(app, "probe-table")}
        assert rows["Headset and audio"][0] == "✘ FAILED"
        assert rows["Displays"][0] == "✘ FAILED"
        assert rows["Processor"][0] == "? NO RESULT"  # the speed could not be read
        assert rows["Internet speed and call quality"][0] == "✔ PASSED"
        # One word a row: how the probe ended is not shown beside the outcome ("done" next to "Fails").
        assert not any("done" in row[0] for row in rows.values())


async def test_the_network_progress_bar_moves_and_shows_live_figures():
    steps = [("voice", 0.1, {"latency_ms": 18.2}), ("download", 0.3, {"mbps": 41.0, "latency_ms": 35.0}),
             ("download", 0.5, {"mbps": 88.5, "latency_ms": 61.5}), ("upload", 0.8, {"mbps": 12.0, "latency_ms": 24.0})]
    network = GatedProbe("network", GOOD_FACTS["network"])
    app = build(desk_profile(questions=False), [facts_probe("cpu", GOOD_FACTS["cpu"]), network.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: network.reported.is_set())
        bar = app.screen.query_one("#network-progress", ProgressBar)
        seen = []
        for phase, fraction, detail in steps:
            app.on_probe_progress_message(_progress(app, phase, fraction, detail))
            await pilot.pause()
            seen.append(bar.progress)
            text = screen_text(app)
            if phase == "download":
                assert f"↓ {detail['mbps']:g} Mbit/s" in text
            assert f"delay {detail['latency_ms']:g} ms" in text  # the round trip, live, idle and loaded
        assert seen == [0.1, 0.3, 0.5, 0.8]  # it moves with the test, not 0 % then 100 %
        assert "measuring upload  ↓ 88.5 Mbit/s  ↑ 12 Mbit/s  delay 24 ms" in screen_text(app)
        app.on_probe_progress_message(_progress(app, "upload", None, {}))
        await pilot.pause()
        assert bar.progress == 0.8  # an event without a fraction does not send the bar back to 0
        network.gate.set()
        await finish_run(pilot)
        assert bar.progress == 1.0


def _progress(app, phase, fraction, detail):
    from rigcheck.tui.messages import ProbeProgressMessage

    state = app.session.states["network"]
    history = tuple(state.mbps_history) + ((detail["mbps"],) if "mbps" in detail else ())
    phase_mbps = dict(state.phase_mbps) | ({phase: detail["mbps"]} if "mbps" in detail else {})
    return ProbeProgressMessage("network", state.run_id, phase, fraction, detail, history, phase_mbps)


# -- 4. no internals in the wording ---------------------------------------------------------------

async def test_missing_facts_and_virtual_links_are_said_in_plain_words():
    specs = headset_specs()
    specs[3] = facts_probe("connection", {**GOOD_FACTS["connection"], "kind": "virtual"})
    app = build(headset_desk(), specs)
    async with app.run_test(size=(120, 40)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "n")
        text = "\n".join(fix_lines(app))
        for leak in ("max_ghz", "did not report", "(virtual)", "probe did not"):
            assert leak not in text


@pytest.mark.parametrize(
    ("ref", "said", "leaks"),
    [
        ("/tmp/rigcheck-no-such-dir/nope.toml", "There is no file at /tmp/rigcheck-no-such-dir/nope.toml", (":1:", "(file)")),
        ("ftp://x/y.toml", "can only download a profile from an https:// link", (":1:", "(file)", "no such file")),
        ("https://127.0.0.1:9/x.toml", "the server refused the connection", (":1:", "(file)", "[Errno", "Errno 111")),
    ],
    ids=["missing-file", "unsupported-scheme", "connection-refused"],
)
async def test_profile_errors_are_sentences_not_linter_lines(ref, said, leaks):
    from rigcheck.profile import load_profile

    app = build(bundled_profiles=[desk_profile()], profile_loader=load_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.profiles)
        field = app.screen.query_one("#profile-ref", Input)
        field.value = ref
        field.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "could not be used" in screen_text(app), timeout_s=15)
        details = str(app.screen.query_one("#profile-details").content)
        assert said in details
        for leak in leaks:
            assert leak not in details


# -- 5. navigation ---------------------------------------------------------------------------------

async def test_tab_from_the_profile_list_reaches_the_path_box_and_t_is_typed_not_a_theme_switch():
    app = build(bundled_profiles=[desk_profile()])
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.profiles)
        theme = app.theme
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#profile-ref", Input)
        await pilot.press(*"test.toml")
        assert app.screen.query_one("#profile-ref", Input).value == "test.toml"
        assert app.theme == theme


async def test_the_file_browser_goes_up_and_to_any_folder(tmp_path, monkeypatch):
    from rigcheck.profile import load_profile
    from rigcheck.tui.screens.open_file import OpenFileScreen

    home = tmp_path / "home"
    home.mkdir()
    other_drive = tmp_path / "D" / "Downloads"
    other_drive.mkdir(parents=True)
    (other_drive / "acme.toml").write_text('schema = 1\nid = "acme"\nname = "ACME voice"\npublisher = "ACME Care"\n'
                                           '[computer]\nmin_ram_gb = 8\n')
    monkeypatch.setenv("HOME", str(home))
    app = build(bundled_profiles=[desk_profile()], profile_loader=load_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.profiles)
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, OpenFileScreen)
        await pilot.press("backspace")  # up to the parent of the home folder
        assert app.screen.folder == tmp_path
        box = app.screen.query_one("#open-path", Input)
        assert box.value == str(tmp_path)
        box.focus()
        box.value = str(other_drive)
        await pilot.press("enter")  # a folder typed in the box opens there
        assert app.screen.folder == other_drive
        box.focus()
        box.value = str(other_drive / "acme.toml")
        await pilot.press("enter")  # a file typed in the box is chosen
        await wait_until(pilot, lambda: "published by ACME Care" in screen_text(app))


async def test_escape_on_the_results_goes_back_a_step():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "n", "y")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionsScreen)
        assert app.session.answers == {"cordless-phone": "no", "quiet-room": "yes"}  # answers kept
    app = build(desk_profile(questions=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen) and "All checks done" in screen_text(app)


async def test_the_profile_can_be_changed_from_the_results():
    other = Profile(id="other", name="Other employer", requirements=(Requirement("computer", "min_ram_gb", 64),))
    app = build(desk_profile(questions=False), bundled_profiles=[desk_profile(questions=False), other])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Change the profile" in titles
        await pilot.press("p")
        assert isinstance(app.screen, ProfileScreen)
        await wait_until(pilot, lambda: app.screen.profiles)
        await pilot.press("down", "enter")
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert app.session.report.profile.id == "other" and app.session.report.verdict == "not_ready"


async def test_q_with_an_unsaved_result_asks_once(tmp_path):
    app = build(desk_profile(questions=False), save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "q")
        assert isinstance(app.screen, QuitScreen) and app.is_running
        assert "not saved" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("q", "s")  # save first
        await wait_until(pilot, lambda: isinstance(app.screen, SaveScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(tmp_path.iterdir()))
        await pilot.press("q")  # saved: no question
    assert app.return_value == 0
    app = build(desk_profile(questions=False), save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "q", "q")
    assert app.return_value == 0


async def test_saving_twice_never_silently_replaces_the_first_report(tmp_path):
    app = build(desk_profile(questions=False), save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "s", "enter")
        first = tmp_path / "rigcheck-test-desk-20261127-0900.json"
        await wait_until(pilot, lambda: first.exists())
        first.write_text('{"kept": true}')
        await pilot.press("escape", "s")  # a new save screen offers a new name
        path_box = app.screen.query_one("#save-path", Input)
        assert path_box.value.endswith("rigcheck-test-desk-20261127-0900-2")
        path_box.value = str(tmp_path / "rigcheck-test-desk-20261127-0900")  # the applicant types the old name
        path_box.focus()
        await pilot.press("enter")
        assert "already exist" in screen_text(app)
        assert json.loads(first.read_text()) == {"kept": True}
        await pilot.press("enter")  # asked, then confirmed
        await wait_until(pilot, lambda: "verdict" in first.read_text())


async def test_the_step_bar_keeps_mic_when_no_audio_device_exists():
    audio = facts_probe("audio", {"default_input": None, "devices": []})
    app = build(desk_profile(questions=False), good_specs() + [audio], mic=object())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        run_line = str(app.screen.query_one("#step-line").content)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        results_line = str(app.screen.query_one("#step-line").content)
        assert "Mic" in run_line and "Mic" in results_line
        assert results_line.index("Mic") < results_line.index("Results")


# -- 6. grammar ------------------------------------------------------------------------------------

def test_counts_are_singular_for_one():
    from rigcheck.tui.present import describe_profile

    one = Profile(id="one", name="One", requirements=(Requirement("display", "min_monitors", 1),),
                  questions=(Question("q", "Quiet room?", fail_if="no"),))
    lines = describe_profile(one)
    assert "It asks for (1 requirement, 1 question):" in lines
    assert "  • Monitors: at least 1 monitor" in lines


async def test_a_failing_probe_row_on_the_checks_screen_says_unknown():
    specs = [facts_probe("cpu", GOOD_FACTS["cpu"]), failing_probe("memory", "could not read memory size")]
    app = build(desk_profile(questions=False, network=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        rows = {row[1]: row for row in table_rows(app, "probe-table")}
        assert rows["Memory"][0] == "? NO RESULT"
        assert rows["Memory"][2] == "could not check"  # the probe's own words are for IT, in the saved report


def offline_network_probe():
    from rigcheck.probes import PROBE_TITLES
    from rigcheck.probes.base import ProbeError, ProbeSpec

    def collect(ctx):
        raise ProbeError("no speed-test server could be used (librespeed: [Errno 101] Network is unreachable)",
                         {"diagnosis": ["no_internet"]})

    return ProbeSpec("network", PROBE_TITLES["network"], collect)


@pytest.mark.parametrize("size", SIZES)
async def test_a_network_problem_is_said_once_at_the_top_of_the_fixes(size):
    from rigcheck.render.words import PROBLEM_WORDS

    specs = [spec for spec in good_specs() if spec.id != "network"] + [offline_network_probe()]
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=size) as pilot:
        await finish_run(pilot)
        network_row = table_rows(app, "probe-table")[-1]
        title, _message, hint = PROBLEM_WORDS["no_internet"]
        assert network_row[2] == title  # the plain reason, not the backend's error text
        await pilot.press("enter")
        await pilot.pause(0.2)
        text = "\n".join(fix_lines(app))
        assert text.count(title) == 1
        assert hint.split(" ")[0] in text
        assert "Not measured because of this: Download speed, Upload speed, Latency (round trip) (advice)." in text
        assert "Errno" not in text
        visible = "\n".join(visible_lines(app))
        assert f"Internet speed and call quality: {title}" in visible  # in view without scrolling
        table = app.screen.query_one("#checks")
        table.move_cursor(row=next(i for i, row in enumerate(table_rows(app, "checks")) if row[1] == "Download speed"))
        await pilot.press("enter")
        details = screen_text(app)
        assert f"What went wrong: {title}." in details and "Errno" not in details


async def test_at_80x24_tab_reaches_the_fix_list_and_the_arrows_scroll_it():
    from textual.containers import VerticalScroll

    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        await pilot.pause(0.2)
        box = app.screen.query_one("#fixes-box", VerticalScroll)
        assert box.max_scroll_y > 0 and "more lines of fixes" in screen_text(app)
        await pilot.press("tab")
        assert app.screen.focused is box
        for _ in range(int(box.max_scroll_y)):
            await pilot.press("down")
        await pilot.pause(0.2)
        assert box.scroll_y == box.max_scroll_y
        assert "more lines of fixes" not in screen_text(app)  # the hint goes once the end is in view


async def test_at_80x24_the_saved_files_are_in_view_after_saving(tmp_path):
    app = build(desk_profile(questions=False), save_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "s", "enter")
        await wait_until(pilot, lambda: len(list(tmp_path.iterdir())) == 3)
        await pilot.pause(0.2)
        visible = "\n".join(visible_lines(app))
        assert f"Saved in {tmp_path}:" in visible
        for path in tmp_path.iterdir():
            assert f"  {path.name}" in visible  # each file name whole, not cut at the edge

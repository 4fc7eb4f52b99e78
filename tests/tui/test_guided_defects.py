"""The guided app at 80×24 as a new user meets it: each defect found by trying it, tested as behaviour.

Real screens through Textual's Pilot with fake probes (tui_fakes): no network, no sound card.
"""

from __future__ import annotations

import dataclasses

import pytest
from test_issue_flow import headset_desk, headset_specs, offline_network_probe, visible_lines
from tui_fakes import (
    fix_lines,
    GOOD_FACTS,
    build,
    desk_profile,
    facts_probe,
    finish_run,
    good_specs,
    screen_text,
    table_rows,
    wait_until,
)

from rigcheck.i18n import set_language
from rigcheck.model import Question
from rigcheck.tui.screens.help import HelpScreen
from rigcheck.tui.screens.profile import ProfileScreen
from rigcheck.tui.screens.questions import QuestionsScreen
from rigcheck.tui.screens.results import CheckDetailsScreen, ResultsScreen
from rigcheck.tui.screens.run import RunScreen


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def offline_desk_specs():
    return [spec for spec in good_specs() if spec.id != "network"] + [offline_network_probe()]


async def test_rerunning_a_check_keeps_the_results_screen_whole():
    app = build(headset_desk(), [*headset_specs()[:4], offline_network_probe(), *headset_specs()[5:]])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        table = app.screen.query_one("#checks")
        row = next(i for i, r in enumerate(table_rows(app, "checks")) if r[1].startswith("Latency"))
        table.move_cursor(row=row)
        await pilot.press("r")
        await wait_until(pilot, lambda: "checked again" in screen_text(app))
        await pilot.pause(0.3)
        lines = visible_lines(app)
        text = " ".join(" ".join(lines).split())
        status = " ".join(str(app.screen.query_one("#rerun-status").content).split())
        # The status line is there in full, wrapped, not cut mid-sentence.
        assert status.startswith("Internet speed and call quality checked again:")
        assert status in text
        # No second scrollbar for the whole screen.
        assert not app.screen.show_vertical_scrollbar
        assert len(lines) == 24
        # Each fix is wrapped once: no line holds only a leftover word of the line above.
        fixes_box = app.screen.query_one("#fixes-box").region
        for line in lines[fixes_box.y:fixes_box.bottom]:
            words = line.split()
            assert len(words) != 1 or words[0] in ("↓",) or len(words[0]) > 12, line


async def test_the_checks_screen_shows_what_it_found_in_full_with_one_result_a_row():
    long_os = {**GOOD_FACTS["system"], "os_name": "Debian GNU/Linux 12 (bookworm) with a long build name"}
    specs = [facts_probe("system", long_os), *[spec for spec in good_specs()[1:] if spec.id != "network"],
             offline_network_probe()]
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        table = app.screen.query_one("#probe-table")
        assert [str(column.label) for column in table.ordered_columns] == ["Result", "Check", "What it found"]
        rows = table_rows(app, "probe-table")
        assert not any("…" in cell for row in rows for cell in row)
        assert "Debian GNU/Linux 12 (bookworm) with a long build name" in rows[0][2]
        network = rows[-1]
        assert network[0] == "? NO RESULT" and "failed" not in network[0]
        assert app.screen.focused is table  # the arrows go to the list


async def test_the_arrows_reach_every_row_of_the_checks_screen_when_it_is_taller_than_the_room():
    app = build(desk_profile(questions=False), good_specs())
    async with app.run_test(size=(80, 14)) as pilot:
        await finish_run(pilot)
        table = app.screen.query_one("#probe-table")
        assert table.max_scroll_y > 0
        for _ in range(12):
            await pilot.press("down")
        assert table.scroll_y == table.max_scroll_y


async def test_a_fix_never_asks_to_check_again_what_checking_again_cannot_change():
    app = build(headset_desk(), headset_specs())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "y")
        speed = next(c for c in app.session.report.checks if c.id == "computer.min_cpu_ghz")
        assert speed.status == "unknown"
        text = "\n".join(fix_lines(app))
        processor = next(line for line in fix_lines(app) if "processor speed" in line)
        assert "run the check again" not in processor.lower()
        assert "Tell your employer" in text


async def test_the_details_dialog_explains_instead_of_pointing_to_a_note_it_does_not_show():
    app = build(desk_profile(questions=False), offline_desk_specs())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter")
        table = app.screen.query_one("#checks")
        row = next(i for i, r in enumerate(table_rows(app, "checks")) if r[1] == "Download speed")
        table.move_cursor(row=row)
        await pilot.press("enter")
        assert isinstance(app.screen, CheckDetailsScreen)
        details = screen_text(app)
        assert "note at the top" not in details
        assert "What went wrong:" in details and "What to do:" in details


@pytest.mark.parametrize(("keys", "step"), [((), "Checks"), (("enter",), "Questions"), (("enter", "n", "y"), "Results")])
async def test_help_opens_at_the_current_step_and_says_how_to_close_first(keys, step):
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press(*keys, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause(0.2)
        lines = visible_lines(app)
        inside = [line.split("█")[1] for line in lines if line.count("█") >= 2]
        first_text = next(text for text in inside if text.strip(" ▀▄"))
        assert "Esc closes this help" in first_text
        assert any(f"This step: {step}" in line for line in lines)
        assert any("Esc: close the help" in line for line in lines)  # also at the bottom, always in view
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_explains_the_words_of_a_call_once():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("question_mark")
        source = app.screen.query_one("#help-text").source
        for term in ("Jitter", "Packet loss", "MOS", "Latency", "UPS", "LAN cable"):
            assert source.count(f"**{term}") + source.count(f"({term})") >= 1, term


async def test_a_skipped_mic_step_says_why():
    specs = [*good_specs(), facts_probe("audio", {"usb_headset_present": False, "analog_headset_present": False,
                                                  "default_input": None})]
    app = build(desk_profile(questions=False), specs, mic=object())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert "Mic (none found)" in screen_text(app)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert "The microphone test was skipped: no microphone was found." in "\n".join(fix_lines(app))


def three_questions():
    profile = desk_profile(network=False)
    extra = Question("monitor-on", "Is a monitor connected to this computer and turned on, and can you see it well?",
                     fail_if="no")
    return dataclasses.replace(profile, questions=(*profile.questions, extra))


async def test_skipped_questions_say_skipped_and_the_last_answer_stays_in_view():
    app = build(three_questions())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "s", "s")
        assert isinstance(app.screen, QuestionsScreen)
        text = " ".join(" ".join(visible_lines(app)).split())
        assert "Will you take work calls on a cordless phone? — skipped" in text
        assert "not answered" not in text
        assert "can you see it well? — not asked yet" in text  # the third line, whole, on screen


async def test_checking_everything_again_keeps_the_answers_and_does_not_ask_again():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "n", "s")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("R")
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)  # no question asked again
        assert app.session.answers == {"cordless-phone": "no"}
        assert {c.id: c.status for c in app.session.report.checks}["question.cordless-phone"] == "pass"


async def test_the_profile_step_keeps_a_profile_chosen_from_a_file(tmp_path):
    from rigcheck.profile import load_profile

    path = tmp_path / "acme.toml"
    path.write_text('schema = 1\nid = "acme"\nname = "ACME Care voice"\nversion = "7"\n\n[computer]\nmin_ram_gb = 8\n')
    app = build(None, good_specs(), bundled_profiles=[desk_profile()], profile_loader=load_profile)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen) and app.screen.profiles)
        app.screen._file_chosen(path)  # what choosing it in the Ctrl+O dialog does
        await wait_until(pilot, lambda: "ACME Care voice" in screen_text(app))
        await pilot.press("ctrl+s")
        await finish_run(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("p")
        assert isinstance(app.screen, ProfileScreen)
        await wait_until(pilot, lambda: "ACME Care voice" in screen_text(app))
        assert app.screen.chosen is not None and app.screen.chosen.id == "acme"
        assert app.screen.query_one("#profile-ref").value == str(path)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen) and app.profile.id == "acme"


async def test_a_profile_from_the_command_line_is_named_before_saving():
    app = build(desk_profile(questions=False), good_specs())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert "Checking against: Test desk profile" in " ".join(visible_lines(app))
        await pilot.press("enter")
        assert "Checked against: Test desk profile" in " ".join(visible_lines(app))


async def test_the_language_key_redraws_the_current_screen_and_back():
    app = build(desk_profile())
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("enter", "n")
        assert isinstance(app.screen, QuestionsScreen)
        assert " l Filipino" in visible_lines(app)[-1]
        await pilot.press("l")
        await pilot.pause(0.2)
        from rigcheck.i18n import current_language

        assert current_language() == "fil"
        assert isinstance(app.screen, QuestionsScreen) and app.screen.index == 1  # same place, same answers
        assert app.session.answers == {"cordless-phone": "no"}
        assert " l English" in visible_lines(app)[-1]
        await pilot.press("l")
        await pilot.pause(0.2)
        assert current_language() == "en"
        assert " l Filipino" in visible_lines(app)[-1]


async def test_the_command_palette_switches_the_language_and_speaks_it():
    from textual.command import CommandPalette

    app = build(desk_profile(questions=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen._placeholder == "Search for commands…"  # ours, through the catalog
        await pilot.press(*"Language")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RunScreen))
        from rigcheck.i18n import current_language

        assert current_language() == "fil"

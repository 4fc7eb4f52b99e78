"""The guided check's save step asks for the optional applicant reference and names the files after it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from textual.widgets import Input

sys.path.insert(0, str(Path(__file__).parents[1] / "tui"))  # the TUI tests' fakes (a folder, not a package)
from tui_fakes import CREATED_AT, desk_profile, fixed_clock, good_specs, screen_text, wait_until

from rigcheck.tui.app import make_app
from rigcheck.tui.screens.questions import QuestionsScreen
from rigcheck.tui.screens.run import RunScreen
from rigcheck.tui.screens.save import SaveScreen


async def _to_save_screen(pilot) -> None:
    app = pilot.app
    await pilot.press("enter")  # the highlighted bundled profile
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and not app.session.running)
    await pilot.press("enter")
    assert isinstance(app.screen, QuestionsScreen)
    await pilot.press("n", "y")
    await pilot.press("s")
    assert isinstance(app.screen, SaveScreen)


def _app(tmp_path):
    return make_app(profile=None, probe_specs=good_specs(), options={}, mic=None, clock=fixed_clock, created_at=CREATED_AT,
                    bundled_profiles=[desk_profile()], save_dir=tmp_path)


async def test_the_reference_goes_into_the_report_and_the_file_names(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_save_screen(pilot)
        app.screen.query_one("#save-applicant", Input).value = "Ana Lima / 4711"
        await pilot.pause()
        assert app.screen.query_one("#save-path", Input).value == str(tmp_path / "rigcheck-Ana-Lima-4711-test-desk-20261127-0900")
        app.screen.action_save()
        await pilot.pause()
        names = sorted(path.name for path in tmp_path.iterdir())
        assert names == [f"rigcheck-Ana-Lima-4711-test-desk-20261127-0900{ext}" for ext in (".html", ".json", ".md")]
        data = json.loads((tmp_path / names[1]).read_text())
        assert data["applicant"] == "Ana Lima / 4711"
        assert "Ana Lima / 4711" in (tmp_path / names[0]).read_text()
        assert not app.session.unsaved_report


async def test_left_empty_nothing_personal_is_added(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_save_screen(pilot)
        app.screen.action_save()
        await pilot.pause()
        data = json.loads((tmp_path / "rigcheck-test-desk-20261127-0900.json").read_text())
        assert data["applicant"] is None


async def test_a_name_the_applicant_typed_is_kept(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_save_screen(pilot)
        app.screen.query_one("#save-path", Input).value = str(tmp_path / "mine")
        app.screen.query_one("#save-applicant", Input).value = "Ana"
        await pilot.pause()
        assert app.screen.query_one("#save-path", Input).value == str(tmp_path / "mine")


async def test_a_reference_with_control_characters_is_explained_not_saved(tmp_path):
    app = _app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_save_screen(pilot)
        app.screen.query_one("#save-applicant", Input).value = "Ana\x07"
        app.screen.action_save()
        await pilot.pause()
        assert "control characters" in screen_text(app)
        assert list(tmp_path.iterdir()) == []

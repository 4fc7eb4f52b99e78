"""At 80×24, in English and in Filipino, no text on any screen is cut off or wrapped mid-word, and no
English sentence is left on a Filipino screen.

The screen is read as the terminal shows it (the compositor's lines), and each text widget's words are
looked for there, in order and whole: a word split over two lines, a sentence cut at the edge or a
label pushed out of the footer fails. Text inside a scrolled box counts only where it is in view (the
box says in words that there is more).
"""

from __future__ import annotations

import gettext
import math
import re

import pytest
from test_guided_defects import three_questions
from test_issue_flow import headset_desk, headset_specs, offline_network_probe, visible_lines
from test_snapshots import AUDIO_FACTS, mixed_specs
from textual.content import Content
from textual.widgets import DataTable, Static
from tui_fakes import FakeMic, build, facts_probe, finish_run, good_specs, wait_until

from rigcheck.i18n import set_language
from rigcheck.tui.screens.run import RunScreen

SIZE = (80, 24)
LANGUAGES = ["en", "fil"]


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")


def _words(text: str) -> list[str]:
    return text.split()


def _visible_words(lines: list[str], region) -> list[str]:
    return [word for line in lines[region.y:region.bottom] for word in _words(line[region.x:region.right])]


def problems_on_screen(app) -> list[str]:
    """Every text on the active screen that is cut off or split mid-word, said as a readable problem."""
    screen = app.screen
    lines = visible_lines(app)
    found = ["the whole screen scrolls (a second scrollbar)"] if screen.show_vertical_scrollbar else []
    return found + _static_problems(screen, lines) + _table_problems(screen) + _footer_problems(screen, lines)


def _static_problems(screen, lines: list[str]) -> list[str]:
    found = []
    for widget in screen.query(Static):
        if not widget.display or not isinstance(widget.content, (str, Content)) or not str(widget.content).strip():
            continue
        try:
            geometry = screen.find_widget(widget)
        except Exception:  # noqa: BLE001 - not on screen (a hidden container)
            continue
        if geometry.region.height == 0 or geometry.clip.intersection(geometry.region) != geometry.region:
            continue  # partly scrolled out of its box: the box says there is more
        region = geometry.region.shrink(widget.styles.gutter)  # the text, without border and padding
        expected = _words(str(widget.content))
        seen = _visible_words(lines, region)
        if seen[:len(expected)] != expected:
            found.append(f"{widget.id or type(widget).__name__}: {' '.join(expected)!r} shows as {' '.join(seen)!r}")
    return found


def _table_problems(screen) -> list[str]:
    found = []
    for table in screen.query(DataTable):
        for row in range(table.row_count):
            for column, cell in zip(table.ordered_columns, table.get_row_at(row)):
                text = str(cell)
                longest = max((len(word) for word in _words(text)), default=0)
                if "…" in text or longest > column.get_render_width(table) - 2 * table.cell_padding:
                    found.append(f"table cell cut: {text!r}")
    return found


def _footer_problems(screen, lines: list[str]) -> list[str]:
    found = []
    for key in screen.query("FooterKey"):
        description = getattr(key, "description", "")
        region = key.region
        if description and (region.right > SIZE[0] or description not in lines[region.y][region.x:region.right]):
            found.append(f"footer label cut: {description!r}")
    return found


async def at_profile(pilot):
    await wait_until(pilot, lambda: pilot.app.screen.profiles)


async def at_run_done(pilot):
    await finish_run(pilot)


async def at_questions(pilot):
    await finish_run(pilot)
    await pilot.press("enter", "s", "s")


async def at_results(pilot):
    await finish_run(pilot)
    await pilot.press("enter", "y")
    await pilot.pause(0.3)


async def at_details(pilot):
    await at_results(pilot)
    await pilot.press("down", "enter")


async def at_help(pilot):
    await at_results(pilot)
    await pilot.press("question_mark")
    await pilot.pause(0.3)


async def at_save(pilot):
    await at_results(pilot)
    await pilot.press("s")


async def at_quit(pilot):
    await at_results(pilot)
    await pilot.press("q")


async def at_mic(pilot):
    await finish_run(pilot)
    await pilot.press("enter", "n", "y", "m")
    await wait_until(pilot, lambda: pilot.app.screen.query("#mic-result")
                     and len(str(pilot.app.screen.query_one("#mic-result").content).splitlines()) > 1)


def offline_headset_specs():
    specs = headset_specs()
    return [*specs[:4], offline_network_probe(), *specs[5:]]


SCREENS = {
    "profile": (lambda: build(None, [], bundled_profiles=[headset_desk()]), at_profile),
    "checks": (lambda: build(headset_desk(), offline_headset_specs()), at_run_done),
    "questions": (lambda: build(three_questions(), good_specs()), at_questions),
    "results": (lambda: build(headset_desk(), offline_headset_specs()), at_results),
    "details": (lambda: build(headset_desk(), offline_headset_specs()), at_details),
    "help": (lambda: build(headset_desk(), offline_headset_specs()), at_help),
    "save": (lambda: build(headset_desk(), offline_headset_specs(), save_dir="/home/agent/reports"), at_save),
    "quit": (lambda: build(headset_desk(), offline_headset_specs()), at_quit),
}


def mic_app():
    from tui_fakes import desk_profile

    return build(desk_profile(), [*mixed_specs(), facts_probe("audio", AUDIO_FACTS)], mic=FakeMic())


SCREENS["mic"] = (mic_app, at_mic)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(SCREENS))
async def test_no_text_is_cut_off_or_split_mid_word_at_80x24(name, language):
    make, reach = SCREENS[name]
    set_language(language)
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        await pilot.pause(0.2)
        assert problems_on_screen(app) == []


class LongerWords(gettext.NullTranslations):
    """Every message about a third longer, word by word, placeholders kept: a Filipino-length catalog.

    Filipino sentences run longer than English ones; this shows where the screens would cut them before
    the translation exists (pseudo-localisation).
    """

    def gettext(self, message: str) -> str:
        return "".join(part if part.startswith("%(") else re.sub(r"[A-Za-z]{2,}", _longer, part)
                       for part in re.split(r"(%\([a-z_]+\)[sd])", message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _longer(match: re.Match[str]) -> str:
    word = match.group(0)
    return word + "a" * math.ceil(len(word) / 3)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_words_a_third_longer_still_fit_at_80x24(name, monkeypatch):
    import rigcheck.i18n

    make, reach = SCREENS[name]
    set_language("fil")
    monkeypatch.setattr(rigcheck.i18n, "_current", LongerWords())
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        await pilot.pause(0.2)
        assert problems_on_screen(app) == []


async def test_switching_the_language_at_the_checks_step_keeps_every_text_whole():
    app = build(headset_desk(), offline_headset_specs())
    async with app.run_test(size=SIZE) as pilot:
        await finish_run(pilot)
        await pilot.press("l")
        await pilot.pause(0.3)
        assert isinstance(app.screen, RunScreen)
        assert problems_on_screen(app) == []


# -- no English left on a Filipino screen ---------------------------------------------------------

# What may stay as it is in a Filipino sentence: names, units, keys, the program's name and the nouns
# applicants say in English (the issue's own examples: "LAN cable", "pocket WiFi", "router", "UPS").
KEPT_AS_IS = re.compile(
    r"rigcheck|Mbit/s|GiB|dBFS|\bms\b|Wi-?Fi|LAN|USB|UPS|VPN|MOS|Esc|Enter|Tab|Ctrl\+\w|Backspace|"
    r"\b[A-Z]{2,}\b|[↑↓←→⏎▶■✔✘!?·•›—–\-:;,.()\[\]/%0-9×]+"
)


def english_sentences(text: str, profile_words: set[str]) -> list[str]:
    """The catalog's English sentences that `text` shows untranslated (the employer's own words aside)."""
    return [sentence for sentence in catalog_sentences() if sentence in text
            and not any(sentence in words for words in profile_words)]


def catalog_sentences() -> list[str]:
    """Every English sentence (four or more words) rigcheck marks for translation, from its sources.

    Read from the code with Babel's extractor, as `pybabel extract` does, so a message added to a screen
    is covered before anyone updates the template.
    """
    from pathlib import Path

    from babel.messages.extract import extract_from_dir

    import rigcheck

    package = Path(rigcheck.__file__).parent
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    sentences = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        package, method_map=[("**.py", "python")], keywords=keywords
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            for part in re.split(r"%\([a-z_]+\)[sd]|\n|[*`]", msgid or ""):
                words = [word for word in part.split() if not KEPT_AS_IS.fullmatch(word)]
                if len(words) >= 4:
                    sentences.add(" ".join(part.split()))
    return sorted(sentences)


def test_the_sentence_list_holds_the_screens_words():
    # The check below is only as good as this list: it must hold what the screens say.
    sentences = catalog_sentences()
    assert "All checks done. Press Enter to continue." in sentences
    assert "A few questions no check can answer" in sentences


@pytest.mark.parametrize("name", list(SCREENS))
async def test_no_untranslated_english_sentence_on_a_filipino_screen(name):
    make, reach = SCREENS[name]
    set_language("fil")
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot)
        await pilot.pause(0.2)
        text = " ".join(" ".join(visible_lines(app)).split())
        # The profile's own words (its name, its questions) are the employer's, not the catalog's.
        profile = app.profile
        profile_words = {profile.name, *(q.text for q in profile.questions)} if profile else set()
        assert english_sentences(text, profile_words) == []

"""An employer's own words in several languages: a question's text and hint and the profile's description
(`text.fil = "..."`) are shown in the reader's language, else in the profile's default words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rigcheck.i18n import speaking
from rigcheck.model import Snapshot
from rigcheck.profile import ProfileError, load_profile
from rigcheck.render import words
from rigcheck.scoring import score

PROFILE = """\
schema = 1
id = "two-languages"
name = "Two languages"
description.en = "Checks for a voice agent."
description.fil = "Mga check para sa voice agent."

[[question]]
id = "quiet-room"
text.en = "Do you have a quiet room?"
text.fil = "May tahimik ka bang kuwarto?"
fail_if = "no"
hint.fil = "Maghanap ng kuwartong may pinto."

[[question]]
id = "cordless-phone"
text = "Will you use a cordless phone?"
fail_if = "yes"
"""


@pytest.fixture()
def profile_path(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_bytes(PROFILE.encode())
    return path


def test_each_reader_sees_the_question_in_their_language_else_the_default(profile_path):
    profile = load_profile(str(profile_path))
    quiet, cordless = profile.questions
    assert quiet.text == "Do you have a quiet room?"  # English is the default words where given
    with speaking("fil"):
        assert words.question_text(quiet) == "May tahimik ka bang kuwarto?"
        assert words.question_text(cordless) == "Will you use a cordless phone?"  # written in one language only
        assert words.profile_description(profile) == "Mga check para sa voice agent."
    with speaking("en"):
        assert words.question_text(quiet) == "Do you have a quiet room?"
        assert words.question_fix(quiet) == "Maghanap ng kuwartong may pinto."  # no English hint: the one written
        assert words.profile_description(profile) == "Checks for a voice agent."


def test_the_report_carries_every_language_so_the_employer_reads_english(profile_path):
    profile = load_profile(str(profile_path))
    report = score(Snapshot({}), profile, {"quiet-room": "no"}, created_at="2026-12-07T00:00:00Z")
    check = next(c for c in report.checks if c.id == "question.quiet-room")
    assert check.status == "fail" and check.title == "Do you have a quiet room?"  # what a /1 reader shows
    with speaking("fil"):
        assert words.check_title(check) == "May tahimik ka bang kuwarto?"
    with speaking("en"):
        assert words.check_title(check) == "Do you have a quiet room?"


def test_report_show_renders_a_filipino_report_in_english(profile_path, tmp_path):
    report_path = tmp_path / "report.json"
    run = [sys.executable, "-m", "rigcheck"]
    made = subprocess.run([*run, "check", "--profile", str(profile_path), "--only", "memory", "--answer", "quiet-room=no",
                           "--format", "json", "--lang", "fil", "--output", str(report_path)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert made.returncode in (1, 3), made.stderr
    assert json.loads(report_path.read_text(encoding="utf-8"))["checks"]
    shown = {lang: subprocess.run([*run, "report", "show", str(report_path), "--lang", lang], capture_output=True, text=True,
                                  timeout=120, stdin=subprocess.DEVNULL) for lang in ("en", "fil")}
    assert shown["en"].returncode == 0 and shown["fil"].returncode == 0, (shown["en"].stderr, shown["fil"].stderr)
    assert "Do you have a quiet room?" in shown["en"].stdout and "May tahimik" not in shown["en"].stdout
    assert "May tahimik ka bang kuwarto?" in shown["fil"].stdout


@pytest.mark.parametrize("table, words_said", [
    ('text.es = "¿Tienes?"', '"en", "fil"'),  # a language rigcheck does not speak: named, with the ones it does
    ("text = {}", "non-empty"),
    ('text.fil = ""', "text.fil"),
])
def test_a_bad_table_of_languages_is_a_profile_error_naming_the_key(tmp_path, table, words_said):
    path = tmp_path / "bad.toml"
    path.write_text(f'schema = 1\nid = "x"\nname = "x"\n[[question]]\nid = "q"\n{table}\nfail_if = "no"\n', encoding="utf-8")
    with pytest.raises(ProfileError) as raised:
        load_profile(str(path))
    assert words_said in str(raised.value) and "question[1].text" in str(raised.value)


def test_a_requirements_own_hint_may_be_written_in_several_languages(tmp_path):
    path = tmp_path / "hint.toml"
    path.write_text('schema = 1\nid = "h"\nname = "h"\n[computer]\nmin_ram_gb = { value = 64, hint.en = "Add memory.", '
                    'hint.fil = "Dagdagan ang RAM." }\n', encoding="utf-8")
    profile = load_profile(str(path))
    from rigcheck.facts import good_facts
    from rigcheck.model import ProbeResult

    results = {probe: ProbeResult(probe, "ok", 0.1, None, values) for probe, values in good_facts().items()}
    check = next(c for c in score(Snapshot(results), profile, created_at="2026-12-07T00:00:00Z").checks
                 if c.id == "computer.min_ram_gb")
    assert check.status == "fail"
    with speaking("fil"):
        assert words.check_fix(check) == "Dagdagan ang RAM."
    with speaking("en"):
        assert words.check_fix(check) == "Add memory."

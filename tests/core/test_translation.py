"""The Filipino catalog is complete and sound, and the .pot is what the code marks (CI checks, Babel's own).

- every message of fil.po translated (all plural forms), none fuzzy;
- placeholders identical to the English (Babel's checkers: Catalog.check());
- locale/rigcheck.pot current with the code, and fil.po updated from it (pybabel extract / update);
- `rigcheck check --format text` under LANG=fil_PH.UTF-8 prints no English sentence.

Until the translator fills fil.po, the first and the last fail, listing what is left: that is their job.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from rigcheck import i18n

ROOT = Path(__file__).resolve().parents[2]
POT = i18n.LOCALE_DIR / "rigcheck.pot"
FIL_PO, _FIL_MO = i18n.catalog_paths("fil")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(message.id, message.context) for message in catalog if message.id}


def test_every_message_is_translated():
    catalog = _read(FIL_PO)
    missing = [message.id for message in catalog if message.id and (
        not message.string or (isinstance(message.string, tuple) and not all(message.string)))]
    assert not missing, f"{len(missing)} of {len(catalog)} messages of fil.po have no Filipino yet: {missing[:20]}"


def test_no_message_is_fuzzy():
    fuzzy = [message.id for message in _read(FIL_PO) if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy in fil.po (a guess is never shown; review them): {fuzzy}"


def test_placeholders_are_the_english_ones():
    """Babel's checkers: %(name)s placeholders and the number of plural forms match the msgid's."""
    problems = [(message.id, [str(error) for error in errors]) for message, errors in _read(FIL_PO).check() if errors]
    assert not problems


def test_the_template_is_current_with_the_code(tmp_path, monkeypatch):
    """What `pybabel extract` (pyproject's [tool.babel.extract_messages]) finds now is what rigcheck.pot holds."""
    fresh = tmp_path / "fresh.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(["pybabel", "-q", "extract", "-o", str(fresh)])
    stale = _keys(_read(fresh)) ^ _keys(_read(POT))
    assert not stale, f"run `pybabel extract` then `pybabel update`: {sorted(map(str, stale))[:20]}"


def test_the_filipino_catalog_follows_the_template():
    assert _keys(_read(FIL_PO)) == _keys(_read(POT)), "run `pybabel update` (pyproject's [tool.babel.update_catalog])"


# English function words: a sentence in English has some; Filipino (Taglish included) has none of these.
ENGLISH_WORDS = re.compile(r"\b(the|is|are|was|and|of|to|your|this|that|with|for|not|could|would|be|it|at least|at most)\b",
                           re.IGNORECASE)


def test_a_filipino_applicant_reads_no_english_sentence(tmp_path):
    """`rigcheck check --format text` under LANG=fil_PH.UTF-8, local checks only (no network in the test).

    The profile's own words (its name, its questions) are the employer's and are left out of the count.
    """
    from rigcheck.profile import load_profile

    environment = {**os.environ, "LANG": "fil_PH.UTF-8", "LC_ALL": "", "LANGUAGE": "", "LC_MESSAGES": ""}
    out = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--profile", "generic-voice", "--only",
                          "system,cpu,memory,disk", "--format", "text"], capture_output=True, text=True, timeout=120,
                         env=environment, stdin=subprocess.DEVNULL)
    assert out.stdout, out.stderr
    profile = load_profile("generic-voice")
    text = out.stdout
    for own in (profile.name, *(question.text for question in profile.questions), *(q.hint or "" for q in profile.questions)):
        text = text.replace(own, "")
        for cut in range(len(own) - 1, 12, -1):  # cut short to fit a column
            text = text.replace(own[:cut] + "…", "")
    english = [line for line in text.splitlines() if ENGLISH_WORDS.search(line)]
    assert not english, "English on a Filipino applicant's screen:\n" + "\n".join(english)

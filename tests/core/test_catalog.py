"""The message catalog: built into the wheel, read in a source tree, and the language chosen with --lang."""

from __future__ import annotations

import gettext
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from rigcheck import i18n

ROOT = Path(__file__).resolve().parents[2]
FIL_PO, _FIL_MO = i18n.catalog_paths("fil")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=90)


def _catalog() -> object:
    with FIL_PO.open("rb") as po_file:
        return read_po(po_file)


def test_the_filipino_header_counts_as_gettext_catalogs_do():
    # (n > 1), as gnome-shell's fil.po and apt's tl.po; not the CLDR rule `pybabel init -l fil` writes.
    header = FIL_PO.read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in header
    assert '"Language: fil\\n"' in header
    compiled = gettext.GNUTranslations(io.BytesIO(i18n.compile_po(FIL_PO)))
    assert compiled.plural(1) == 0 and compiled.plural(0) == 0 and compiled.plural(2) == 1 and compiled.plural(4) == 1


# Test data standing in for the translator's words (fil.po's own, when there, are overridden in a copy).
STAND_INS = {"NOT READY": "HINDI PA HANDA", "Connected over Wi-Fi, not with a LAN cable.": "Naka-Wi-Fi ka, hindi naka-LAN cable."}


@pytest.fixture()
def source_locale(tmp_path, monkeypatch):
    """A copy of the catalogs, as a source tree holds them, that i18n reads instead of the package's."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    po_path = locale / "fil" / "LC_MESSAGES" / "rigcheck.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    catalog.add("Probe words for the source-tree test", "Salitang pansubok")
    for english, filipino in STAND_INS.items():
        catalog.add(english)  # (adding an existing message keeps its string)
        catalog[english].string = filipino
    from babel.messages.pofile import write_po

    with po_path.open("wb") as po_file:
        write_po(po_file, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    yield po_path
    i18n.set_language("en")


def test_a_source_tree_without_a_compiled_catalog_reads_the_po(source_locale):
    i18n.set_language("fil")
    assert i18n._("Probe words for the source-tree test") == "Salitang pansubok"


def test_a_po_edited_after_it_was_compiled_is_read_again(source_locale):
    mo_path = source_locale.with_suffix(".mo")
    mo_path.write_bytes(i18n.compile_po(i18n.catalog_paths("fil")[0]))  # the copy's .mo, then the .po is edited
    import os

    os.utime(mo_path, (1, 1))
    i18n.set_language("fil")
    assert i18n._("Probe words for the source-tree test") == "Salitang pansubok"


@pytest.mark.slow
def test_the_wheel_carries_the_compiled_catalog(tmp_path):
    """The build hook (hatch_build.py) compiles each .po into the wheel: the .mo is the .po, compiled."""
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = tmp_path.glob("rigcheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        compiled = archive.read("rigcheck/locale/fil/LC_MESSAGES/rigcheck.mo")
    shipped = gettext.GNUTranslations(io.BytesIO(compiled))
    source = _catalog()
    assert shipped.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"
    for message in source:  # type: ignore[attr-defined]
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
            assert shipped.gettext(message.id) == message.string


def test_lang_is_taken_before_and_after_a_command():
    top = run("--lang", "fil", "profiles", "list")
    assert top.returncode == 0, top.stderr
    after = run("profiles", "list", "--lang", "tl_PH")
    assert after.returncode == 0, after.stderr
    assert after.stdout == top.stdout


def test_an_unknown_language_is_a_usage_error():
    out = run("profiles", "list", "--lang", "klingon")
    assert out.returncode == 2
    assert out.stdout == ""
    assert 'does not speak "klingon"' in out.stderr and "en, fil" in out.stderr
    assert "Traceback" not in out.stderr


def test_report_show_renders_a_filipino_applicants_report_in_the_readers_language(source_locale, tmp_path, capsys):
    from rigcheck import cli
    from rigcheck.profile import load_profile
    from rigcheck.render import render
    from rigcheck.scoring import score

    from .snapshots import ANSWERS_OK, snapshot

    i18n.set_language("fil")
    report = score(snapshot({"connection": {"kind": "wifi"}}), load_profile("generic-voice"), ANSWERS_OK,
                   created_at="2026-12-01T00:00:00Z")
    assert report.language == "fil"  # what the applicant read, recorded
    applicant_saw = render(report, "text")
    assert "HINDI PA HANDA" in applicant_saw and "Naka-Wi-Fi ka, hindi naka-LAN cable." in applicant_saw
    path = tmp_path / "ana.json"
    path.write_text(render(report, "json"), encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["language"] == "fil" and data["verdict"] == "not_ready"
    wifi = next(check for check in data["checks"] if check["id"] == "network.connection")
    # The report keeps the English for every reader of rigcheck.report/1, and the code for every language.
    assert wifi["message"] == "Connected over Wi-Fi, not with a LAN cable." and wifi["codes"]["message"]["code"] == "connection.wifi"

    assert cli.main(["report", "show", str(path), "--lang", "en"]) in (0, 1)
    employer_reads = capsys.readouterr().out
    assert "NOT READY" in employer_reads and "Connected over Wi-Fi, not with a LAN cable." in employer_reads
    assert "HINDI" not in employer_reads and "Naka-Wi-Fi" not in employer_reads
    assert cli.main(["--lang", "fil", "report", "show", str(path)]) in (0, 1)
    assert "Naka-Wi-Fi ka, hindi naka-LAN cable." in capsys.readouterr().out

"""The applicant reference: opt-in, at the top of every format, safe in file names, optional in old reports."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from rigcheck.applicant import MAX_FILE_PART_CHARS, applicant_file_part, normalise_applicant
from rigcheck.model import MAX_APPLICANT_CHARS, Report
from rigcheck.render import FORMATS, render

from ._reports import report


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_the_reference_is_trimmed_and_empty_means_none():
    assert normalise_applicant("  Ana   Lima \t") == "Ana Lima"
    assert normalise_applicant("   ") is None
    assert normalise_applicant(None) is None


@pytest.mark.parametrize("text", ["Ana\x1b[31mLima", "line\nbreak", "zero\u200bwidth"])
def test_control_characters_in_the_reference_are_refused(text):
    with pytest.raises(ValueError, match="control characters"):
        normalise_applicant(text)


def test_an_overlong_reference_is_refused():
    with pytest.raises(ValueError, match=f"at most {MAX_APPLICANT_CHARS}"):
        normalise_applicant("x" * (MAX_APPLICANT_CHARS + 1))


@pytest.mark.parametrize(("reference", "part"), [
    ("Ana Lima", "Ana-Lima"),
    ("ana.lima@example.com", "ana.lima@example.com"),
    ("../../etc/passwd", "etc-passwd"),
    ('C:\\Users\\x:y*z?"<>|', "C-Users-x-y-z"),
    (".hidden", "hidden"),
    ("José Müller", "José-Müller"),
    ("李小龍", "李小龍"),
    ("///", ""),
])
def test_the_reference_becomes_a_safe_file_name_part(reference, part):
    assert applicant_file_part(reference) == part


def test_a_long_reference_is_cut_in_the_file_name():
    assert len(applicant_file_part("a" * 100)) == MAX_FILE_PART_CHARS


def test_every_format_names_the_applicant_near_the_top():
    named = report(applicant="Ana Lima (applicant 4711)")
    for fmt in FORMATS:
        page = render(named, fmt)
        position = page.find("Ana Lima (applicant 4711)")
        assert position != -1, fmt
        assert position < page.find("Download speed"), fmt  # before any check
    suite = ET.fromstring(render(named, "junit"))
    assert suite.find("properties/property[@name='applicant']").get("value") == "Ana Lima (applicant 4711)"


def test_a_report_without_a_reference_says_so_and_an_old_report_still_loads():
    data = json.loads(render(report(), "json"))
    assert data["applicant"] is None
    del data["applicant"]  # reports written before the field existed
    old = Report.from_dict(data)
    assert old.applicant is None
    assert "Applicant: not given" in render(old, "text")
    assert "Applicant: <strong>not given</strong>" in render(old, "html")


def test_markup_in_the_reference_stays_text():
    named = report(applicant="<script>alert(1)</script> *bold*")
    assert "<script>" not in render(named, "html")
    assert "\\<script\\>" in render(named, "markdown") and "\\*bold\\*" in render(named, "markdown")


def test_check_applicant_puts_the_reference_in_the_headless_report(tmp_path):
    target = tmp_path / "r.json"
    out = run("check", "--profile", "generic-voice", "--only", "memory", "--applicant", "  ana@example.com ",
              "--format", "json", "--output", str(target))
    assert out.returncode in (1, 3), out.stderr
    assert json.loads(target.read_text())["applicant"] == "ana@example.com"


def test_a_bad_applicant_is_one_line_and_exit_2_before_any_probe():
    out = run("check", "--only", "memory", "--applicant", "a\x07b")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("rigcheck: --applicant:") and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1

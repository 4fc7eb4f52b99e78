"""Reports that cannot be quietly edited: verdict and score recomputed from the checks, facts re-scored
against a profile; a report that disagrees is 'edited or damaged' and never counted as ready."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from rigcheck.render import RECEIVED_FORMATS, render
from rigcheck.summary import integrity_of

from ._reports import profile, report, write

WIFI = {"connection": {"kind": "wifi"}}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_a_report_as_scored_is_intact_with_and_without_the_profile():
    scored = report(WIFI)
    assert integrity_of(scored).intact
    assert integrity_of(scored, profile()).intact


def test_a_verdict_typed_over_is_caught_from_the_checks_alone():
    edited = dataclasses.replace(report(WIFI), verdict="ready")
    integrity = integrity_of(edited)
    assert not integrity.intact and "states ready, but its checks give not ready" in integrity.reasons[0]


def test_a_score_typed_over_is_caught_from_the_checks_alone():
    edited = dataclasses.replace(report(WIFI), score=100)
    assert any("states score 100" in reason for reason in integrity_of(edited).reasons)


def test_a_failed_check_turned_into_a_pass_with_a_matching_verdict_needs_the_profile():
    scored = report(WIFI)
    checks = tuple(dataclasses.replace(c, status="pass") if c.status == "fail" else c for c in scored.checks)
    from rigcheck.scoring import score_of, verdict_of

    edited = dataclasses.replace(scored, checks=checks, verdict=verdict_of(checks), score=score_of(checks))
    assert integrity_of(edited).intact  # consistent with itself: the checks alone cannot tell
    reasons = " ".join(integrity_of(edited, profile()).reasons)
    assert "Wired internet connection (pass stated, fail from the facts)" in reasons


def test_another_profile_version_is_a_hash_mismatch():
    other = dataclasses.replace(profile(), sha256="0" * 64, version="2027.01")
    reasons = integrity_of(report(), other).reasons
    assert len(reasons) == 1 and "was scored against profile generic-voice 2026.11" in reasons[0]


def test_facts_edited_to_match_a_pass_are_beyond_what_the_report_can_prove():
    # The limit the README states: a person who edits the facts and re-scores them consistently is not caught.
    faked = report({"connection": {"kind": "ethernet"}})
    assert integrity_of(faked, profile()).intact


def test_report_show_renders_and_warns_about_an_edited_report(tmp_path):
    path = write(tmp_path / "edited.json", report(WIFI, applicant="Eve"), verdict="ready")
    out = run("report", "show", str(path), "--format", "markdown")
    assert out.returncode == 1
    assert "Applicant: **Eve**" in out.stdout
    assert "edited or damaged" in out.stderr and "Traceback" not in out.stderr


def test_report_show_of_an_intact_report_exits_0_in_every_format(tmp_path):
    path = write(tmp_path / "r.json", report(WIFI, applicant="Ana"))
    for fmt in RECEIVED_FORMATS:
        out = run("report", "show", str(path), "--format", fmt, "--profile", "generic-voice")
        assert out.returncode == 0 and out.stderr == "", (fmt, out.stderr)
        assert "Ana" in out.stdout
    assert run("report", "show", str(path)).stdout == render(report(WIFI, applicant="Ana"), "text")


def test_report_show_of_an_unreadable_file_is_one_line_and_exit_2(tmp_path):
    out = run("report", "show", str(tmp_path))
    assert out.returncode == 2 and out.stdout == "" and out.stderr.startswith("rigcheck: ") and "Traceback" not in out.stderr


def test_summarize_never_counts_an_edited_report_as_ready(tmp_path):
    write(tmp_path / "honest.json", report(applicant="Ana"))
    write(tmp_path / "edited.json", report(WIFI, applicant="Eve"), verdict="ready", score=100)
    summary = json.loads(run("report", "summarize", str(tmp_path), "--format", "json").stdout)
    assert summary["categories"]["ready"] == 1 and summary["categories"]["edited_or_damaged"] == 1
    assert summary["ready_total"] == 1
    edited = next(row for row in summary["rows"] if row["applicant"] == "Eve")
    assert edited["category"] == "edited_or_damaged" and edited["stated_verdict"] == "ready" and not edited["intact"]


def test_report_show_keeps_control_characters_from_a_report_off_the_terminal(tmp_path):
    scored = report(WIFI)
    checks = [dict(check.to_dict(), title="Evil\x1b]0;pwned\x07title") if check.status == "fail" else check.to_dict()
              for check in scored.checks]
    path = write(tmp_path / "evil.json", scored, checks=checks)
    for fmt in RECEIVED_FORMATS:
        out = run("report", "show", str(path), "--format", fmt)
        assert "\x1b" not in out.stdout and "\x07" not in out.stdout and "Evil?]0;pwned?title" in out.stdout, fmt

"""The headset a name cannot settle: scoring derives the cable question, the applicant's answer settles
the check (recorded as theirs), and a profile can refuse that answer with audio.headset_evidence."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rigcheck.render.words import check_fix, check_message
from rigcheck.model import ProbeResult, Snapshot
from rigcheck.render.words import observed_words, question_text
from rigcheck.scoring import HEADSET_CABLE_QUESTION, derived_questions, questions_for, score
from rigcheck.profile.validate import ProfileError, parse_profile_text

from .conftest import GENERIC_HEADSET_DESCRIPTION

PROFILE_TEXT = """schema = 1
id = "headset-only"
name = "Corded USB headset only"

[audio]
headset = "usb"
{extra}
[[question]]
id = "quiet-room"
text = "Do you have a quiet room?"
fail_if = "no"
"""


def _profile(extra: str = ""):
    return parse_profile_text(PROFILE_TEXT.format(extra=extra), "headset-only.toml")


GENERIC = {"name": "USB Audio Device", "kind": "unknown", "is_headset": True, "basis": "name_only", "needs_confirmation": True}


def _snapshot(**overrides) -> Snapshot:
    values = {"devices": [dict(GENERIC, evidence=["calls itself a headset"])], "default_input": dict(GENERIC),
              "usb_headset_present": False, "wired_headset_present": False, "analog_headset_present": False,
              "bluetooth_audio_present": False, "wireless_audio_present": False, "headset_to_confirm": "USB Audio Device"}
    values.update(overrides)
    return Snapshot(results={"audio": ProbeResult("audio", "ok", 0.1, None, values)}, skipped=frozenset())


def _headset(report):
    return next(check for check in report.checks if check.id == "audio.headset")


def test_profile_key_headset_evidence_is_read_and_validated():
    assert _profile().headset_evidence is None
    assert _profile('headset_evidence = "measured"').headset_evidence == "measured"
    assert _profile('headset_evidence = "applicant"').headset_evidence == "applicant"
    with pytest.raises(ProfileError, match="headset_evidence"):
        _profile('headset_evidence = "trust-me"')


def test_a_generic_headset_raises_the_cable_question_after_the_profile_questions():
    questions = questions_for(_snapshot(), _profile())
    assert [q.id for q in questions] == ["quiet-room", HEADSET_CABLE_QUESTION]
    assert question_text(questions[1]) == "Is USB Audio Device plugged into the computer with a cable?"
    assert questions[1].asks.params == {"device": "USB Audio Device"}


def test_no_question_when_a_measured_corded_headset_is_there_or_the_profile_wants_measurements():
    assert derived_questions(_snapshot(usb_headset_present=True, wired_headset_present=True), _profile()) == ()
    assert derived_questions(_snapshot(headset_to_confirm=None), _profile()) == ()
    assert derived_questions(_snapshot(), _profile('headset_evidence = "measured"')) == ()


def test_unanswered_the_headset_check_is_unknown_never_a_pass():
    report = score(_snapshot(), _profile(), {"quiet-room": "yes"}, created_at="2026-12-01T00:00:00Z")
    check = _headset(report)
    assert check.status == "unknown" and report.verdict == "incomplete"
    assert "cable" in check_message(check) and HEADSET_CABLE_QUESTION in check_fix(check)


def test_yes_settles_it_as_the_applicants_answer_and_the_report_records_it():
    report = score(_snapshot(), _profile(), {"quiet-room": "yes", HEADSET_CABLE_QUESTION: "yes"}, created_at="2026-12-01T00:00:00Z")
    check = _headset(report)
    assert check.status == "pass" and report.verdict == "ready"
    assert "your answer, not a measurement" in check_message(check)
    assert observed_words(check) == "with a cable (your answer)" and check.observed is True
    assert report.answers == {"quiet-room": "yes", HEADSET_CABLE_QUESTION: "yes"}


def test_no_fails_the_headset_check():
    report = score(_snapshot(), _profile(), {"quiet-room": "yes", HEADSET_CABLE_QUESTION: "no"}, created_at="2026-12-01T00:00:00Z")
    assert _headset(report).status == "fail" and report.verdict == "not_ready"


def test_a_measured_only_profile_ignores_the_answer_and_stays_unknown():
    profile = _profile('headset_evidence = "measured"')
    report = score(_snapshot(), profile, {"quiet-room": "yes", HEADSET_CABLE_QUESTION: "yes"}, created_at="2026-12-01T00:00:00Z")
    check = _headset(report)
    assert check.status == "unknown" and "measured" in check_message(check)
    assert HEADSET_CABLE_QUESTION not in report.answers  # never asked, so not recorded


def test_a_recommended_headset_answered_no_is_a_warning():
    text = PROFILE_TEXT.format(extra="").replace('headset = "usb"', 'headset = { value = "usb", level = "recommended" }')
    report = score(_snapshot(), parse_profile_text(text, "p.toml"), {"quiet-room": "yes", HEADSET_CABLE_QUESTION: "no"},
                   created_at="2026-12-01T00:00:00Z")
    assert _headset(report).status == "warn"


# --- through the CLI, on a real PulseAudio daemon whose only headset is called "USB Headset" ---------

def _check(server, tmp_path, *args: str, extra: str = ""):
    profile = tmp_path / "headset-only.toml"
    profile.write_text(PROFILE_TEXT.format(extra=extra), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--only", "audio", "--profile", str(profile),
                           "--format", "json", "--answer", "quiet-room=yes", *args],
                          env=server.env, capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.mark.slow
def test_cli_asks_nothing_it_cannot_settle_and_leaves_the_check_unknown(generic_headset_server, tmp_path):
    code, report = _check(generic_headset_server, tmp_path)
    check = next(c for c in report["checks"] if c["id"] == "audio.headset")
    assert code == 3 and check["status"] == "unknown"
    devices = report["facts"]["audio"]["values"]["devices"]
    generic = [d for d in devices if d["name"] == GENERIC_HEADSET_DESCRIPTION]
    assert generic and all(d["kind"] == "unknown" and d["basis"] == "name_only" and d["needs_confirmation"] for d in generic)
    assert report["facts"]["audio"]["values"]["headset_to_confirm"] == GENERIC_HEADSET_DESCRIPTION


@pytest.mark.slow
def test_cli_answer_yes_settles_the_check_as_the_applicants_word(generic_headset_server, tmp_path):
    code, report = _check(generic_headset_server, tmp_path, "--answer", f"{HEADSET_CABLE_QUESTION}=yes")
    check = next(c for c in report["checks"] if c["id"] == "audio.headset")
    assert code == 0 and check["status"] == "pass", check
    assert "your answer" in check["message"] and report["answers"][HEADSET_CABLE_QUESTION] == "yes"


@pytest.mark.slow
def test_cli_answer_no_fails_and_measured_profile_stays_unknown(generic_headset_server, tmp_path):
    code, report = _check(generic_headset_server, tmp_path, "--answer", f"{HEADSET_CABLE_QUESTION}=no")
    assert code == 1 and next(c for c in report["checks"] if c["id"] == "audio.headset")["status"] == "fail"
    code, report = _check(generic_headset_server, tmp_path, "--answer", f"{HEADSET_CABLE_QUESTION}=yes", extra='headset_evidence = "measured"')
    assert code == 3 and next(c for c in report["checks"] if c["id"] == "audio.headset")["status"] == "unknown"


def test_cli_refuses_an_answer_that_is_not_yes_or_no(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text(PROFILE_TEXT.format(extra=""), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--only", "audio", "--profile", str(profile),
                           "--answer", f"{HEADSET_CABLE_QUESTION}=maybe"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and HEADSET_CABLE_QUESTION in done.stderr and "Traceback" not in done.stderr


def test_the_tui_session_asks_the_derived_question_after_an_audio_run():
    # The TUI's questions step shows Session.questions(): the profile's questions and the derived ones.
    from rigcheck.probes.base import ProbeSpec
    from rigcheck.tui.session import Session

    session = Session([ProbeSpec(id="audio", title="Headset and audio", collect=lambda ctx: {}, timeout_s=5.0, facts=())], _profile())
    assert [q.id for q in session.questions()] == ["quiet-room"]  # nothing measured yet: nothing derived
    run_id, _ = session.begin_run()
    session.on_finished(_snapshot().results["audio"], run_id)
    assert [q.id for q in session.questions()] == ["quiet-room", HEADSET_CABLE_QUESTION]

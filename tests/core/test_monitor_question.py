"""When the platform cannot see the displays, the monitor count is asked, never guessed."""

from __future__ import annotations

import pytest

from rigcheck.render.words import check_message
from rigcheck.render.words import observed_words, question_text
from rigcheck.scoring import MONITORS_QUESTION, questions_for, score
from rigcheck.profile import load_profile

from .snapshots import ANSWERS_OK, result, snapshot

UNSEEN = result("display", {}, status="unsupported", error="no display server and no graphics driver information")


def monitors_check(report):
    return next(check for check in report.checks if check.id == "display.min_monitors")


def test_unseen_displays_raise_the_question_and_stay_unknown_until_answered():
    profile = load_profile("strict-voice")  # two monitors
    unseen = snapshot(display=UNSEEN)
    asked = [q for q in questions_for(unseen, profile) if q.id == MONITORS_QUESTION]
    assert len(asked) == 1 and "2 or more monitors" in question_text(asked[0])
    check = monitors_check(score(unseen, profile, ANSWERS_OK))
    assert check.status == "unknown" and "answer the question" in check_message(check)


@pytest.mark.parametrize(("answer", "status"), [("yes", "pass"), ("no", "fail")])
def test_the_answer_settles_the_count_and_is_recorded_as_the_applicants(answer, status):
    profile = load_profile("strict-voice")
    report = score(snapshot(display=UNSEEN), profile, {**ANSWERS_OK, MONITORS_QUESTION: answer})
    check = monitors_check(report)
    assert check.status == status
    assert "your answer" in observed_words(check) and "not a measurement" in check_message(check)
    assert report.answers[MONITORS_QUESTION] == answer


def test_seen_displays_are_measured_not_asked():
    profile = load_profile("strict-voice")
    assert MONITORS_QUESTION not in [q.id for q in questions_for(snapshot(), profile)]
    report = score(snapshot(), profile, {**ANSWERS_OK, MONITORS_QUESTION: "yes"})
    assert monitors_check(report).observed == 2  # the measured count, whatever was answered

"""A network test that could not measure explains itself once, in plain words, in every format."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from rigcheck.render.words import problem_title, check_fix, check_message, problem_fix, problem_message
from rigcheck.explain import NETWORK_CAUSES
from rigcheck.model import Report
from rigcheck.netmeasure.backend import Cause
from rigcheck.render import FORMATS, render
from rigcheck.render.words import PROBLEM_WORDS
from rigcheck.scoring import score
from rigcheck.profile import load_profile

from .snapshots import ANSWERS_OK, result, snapshot

OFFLINE = replace(result(
    "network",
    {"diagnosis": ["no_internet"],
     "backend_failures": [{"backend": "speedtest.net", "reason": "speedtest.net could not be looked up (DNS failure)",
                           "cause": "dns"}]},
    status="error",
    error="no speed-test server could be used (speedtest.net: speedtest.net could not be looked up (DNS failure))",
), partial=True, notes=("STUN server stun.l.google.com:19302: cannot resolve",))
INTERNAL_WORDS = re.compile(r"download_mbps|packet_loss_percent|latency_ms|_ms\b|Error\b|Exception|Traceback")


def offline_report() -> Report:
    return score(snapshot(network=OFFLINE), load_profile("generic-voice"), ANSWERS_OK, created_at="2026-12-01T00:00:00Z")


def test_every_cause_the_network_test_can_name_has_plain_words():
    assert {cause.value for cause in Cause} == set(NETWORK_CAUSES) == set(PROBLEM_WORDS)


def test_offline_is_one_problem_and_every_network_check_points_to_it():
    report = offline_report()
    assert [(p.probe, p.cause, problem_title(p)) for p in report.problems] == [("network", "no_internet", "No internet connection")]
    network_checks = [check for check in report.checks if check.probe == "network"]
    assert len(network_checks) >= 6
    for check in network_checks:
        assert check.status == "unknown"
        assert check_message(check) == "Not measured, because of the problem above: No internet connection."
        assert check.says.params == {"probe": "network", "cause": "no_internet"}
        assert check_fix(check) is None  # the fix is in the one explanation
    assert report.verdict == "incomplete"


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_shows_the_explanation_once_without_internal_names(fmt):
    text = render(offline_report(), fmt)
    problem = offline_report().problems[0]
    flowing = " ".join(text.split())  # the text report wraps long lines
    assert flowing.count(problem_message(problem)) == 1
    assert flowing.count(problem_fix(problem)) == 1
    # What a person reads: the whole document, or in JSON the check messages (facts keep their keys).
    readable = text if fmt != "json" else " ".join(c["message"] for c in json.loads(text)["checks"])
    readable = re.sub(r'classname="[^"]*"', "", readable)  # JUnit keeps the check id there, for tools
    assert not INTERNAL_WORDS.search(readable), INTERNAL_WORDS.search(readable)


def test_json_report_round_trips_its_problems():
    report = offline_report()
    again = Report.from_dict(json.loads(render(report, "json")))
    assert again.problems == report.problems


def test_udp_blocked_explains_the_unmeasured_loss_and_mos_but_scores_the_rest():
    tcp_only = {"voice_path": "tcp", "diagnosis": ["udp_blocked"]}
    network = {k: v for k, v in snapshot().results["network"].values.items() if k not in ("packet_loss_percent", "mos")}
    report = score(snapshot(network=result("network", {**network, **tcp_only})), load_profile("generic-voice"), ANSWERS_OK)
    assert [p.cause for p in report.problems] == ["udp_blocked"]
    by_id = {check.id: check for check in report.checks}
    assert by_id["network.max_packet_loss_percent"].status == "unknown"
    assert "call traffic is blocked" in check_message(by_id["network.max_packet_loss_percent"]).lower()
    assert by_id["network.min_download_mbps"].status == "pass"


def test_public_server_standing_in_for_the_employers_is_said_but_passes():
    values = {**snapshot().results["network"].values, "backend": "speedtest.net", "diagnosis": ["fallback"]}
    report = score(snapshot(network=result("network", values)), load_profile("generic-voice"), ANSWERS_OK)
    assert [p.cause for p in report.problems] == ["fallback"]
    assert "speedtest.net" in problem_message(report.problems[0])
    assert all(check.status == "pass" for check in report.checks if check.probe == "network")


def test_loss_whose_interval_spans_the_limit_is_not_settled():
    values = {**snapshot().results["network"].values, "packet_loss_percent": 0.8,
              "packet_loss_ci95_percent": [0.2, 2.9], "voice_packets_sent": 250}
    report = score(snapshot(network=result("network", values)), load_profile("generic-voice"), ANSWERS_OK)
    loss = {check.id: check for check in report.checks}["network.max_packet_loss_percent"]
    assert loss.status == "unknown"
    assert check_message(loss).startswith("0.8 % measured, but the true figure could be anywhere from 0.2 % to 2.9 %")
    assert loss.says.code == "threshold.unsettled" and loss.says.params["packets"] == 250
    assert check_fix(loss)  # what to do: test again, quieter
    assert report.verdict == "incomplete"  # never ready on an unsettled figure


def test_settled_loss_passes_and_shows_its_interval_and_packet_count():
    values = {**snapshot().results["network"].values, "packet_loss_percent": 0.0,
              "packet_loss_ci95_percent": [0.0, 0.99], "voice_packets_sent": 385}
    report = score(snapshot(network=result("network", values)), load_profile("generic-voice"), ANSWERS_OK)
    loss = {check.id: check for check in report.checks}["network.max_packet_loss_percent"]
    assert loss.status == "pass"
    assert "very likely between 0 % and 0.99 %" in check_message(loss)
    assert loss.says.code == "threshold.at_most.interval" and loss.says.params["packets"] == 385


@pytest.mark.parametrize(("field", "value"), [("title", ["x"]), ("message", None), ("hint", 3), ("required", "yes"),
                                              ("observed", {"nested": 1})])
def test_a_received_report_with_a_mistyped_check_field_is_refused_not_rendered(field, value):
    data = json.loads(render(offline_report(), "json"))
    data["checks"][0][field] = value
    with pytest.raises(ValueError, match=field):
        Report.from_dict(data)

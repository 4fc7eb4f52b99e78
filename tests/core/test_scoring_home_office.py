"""Scoring of the home-office checks Philippine employers add: backup connection, backup power, room noise,
webcam, browsers, antivirus; and the bundled ph-bpo-voice profile that uses them all."""

from __future__ import annotations

import pytest

from rigcheck.facts import good_facts
from rigcheck.model import Snapshot
from rigcheck.profile import load_profile
from rigcheck.profile.starter import starter_profile_text
from rigcheck.render import words
from rigcheck.scoring import UPS_QUESTION, questions_for, score

from .snapshots import result

CREATED = "2026-12-07T09:00:00Z"
ANSWERS = {"quiet-room": "yes", "internet-shop": "no", "cordless-phone": "no"}


@pytest.fixture(scope="module")
def ph():
    return load_profile("ph-bpo-voice")


def desk(overrides=None) -> Snapshot:
    """A good desk, the opt-in mic test included, with per-probe overrides."""
    facts = good_facts(optional=True)
    for probe, values in (overrides or {}).items():
        facts[probe] = {**facts[probe], **values}
    return Snapshot(results={probe: result(probe, values) for probe, values in facts.items()})


def check(report, check_id):
    return next(c for c in report.checks if c.id == check_id)


def test_a_good_philippine_desk_is_ready(ph):
    report = score(desk(), ph, ANSWERS, created_at=CREATED)
    assert [(c.id, c.status) for c in report.checks if c.status != "pass"] == []
    assert report.verdict == "ready"


@pytest.mark.parametrize("browsers, status", [
    ([{"name": "chrome", "version": "137.0.7151.55"}], "fail"),
    ([{"name": "chrome", "version": "137.0"}, {"name": "firefox", "version": "140.0.4"}], "pass"),
    ([{"name": "chromium", "version": "156.0.8078.129"}], "fail"),  # Chromium is not one the profile names
    ([], "fail"),
    ([{"name": "edge", "version": None}], "unknown"),
])
def test_browser_rules(ph, browsers, status):
    assert check(score(desk({"browser": {"browsers": browsers}}), ph, ANSWERS), "computer.browsers").status == status


def test_webcam_and_antivirus_are_required_flags(ph):
    report = score(desk({"webcam": {"present": False, "usable": False, "cameras": []},
                         "antivirus": {"protected": False}}), ph, ANSWERS)
    assert check(report, "computer.require_webcam").status == "fail"
    antivirus = check(report, "computer.require_antivirus")
    assert antivirus.status == "fail" and "Real-time protection" in words.check_fix(antivirus)
    assert "antivirus" in words.check_message(antivirus)
    assert report.verdict == "not_ready"


def test_a_unreadable_webcam_is_unknown_not_a_pass(ph):
    report = score(desk({"webcam": {"usable": None}}), ph, ANSWERS)
    assert check(report, "computer.require_webcam").status == "unknown"


def test_room_noise_is_a_threshold_on_the_mic_tests_noise_floor(ph):
    noisy = score(desk({"mic": {"noise_floor_dbfs": -38.0}}), ph, ANSWERS)
    assert check(noisy, "audio.max_room_noise_dbfs").status == "warn"  # recommended in ph-bpo-voice
    assert check(score(desk({"mic": {"noise_floor_dbfs": -62.0}}), ph, ANSWERS), "audio.max_room_noise_dbfs").status == "pass"


def test_a_ups_nobody_can_see_is_asked_about(ph):
    unseen = {"power": {"ups_present": None, "ups_name": None, "ups_runtime_minutes": None, "battery_present": False,
                        "battery_runtime_minutes": None}}
    assert UPS_QUESTION in [q.id for q in questions_for(desk(unseen), ph)]
    assert check(score(desk(unseen), ph, ANSWERS), "power.require_backup").status == "unknown"
    question = next(q for q in questions_for(desk(unseen), ph) if q.id == UPS_QUESTION)
    assert words.question_text(question) == "Is this computer and your modem/router plugged into a UPS?"
    answered_yes = check(score(desk(unseen), ph, {**ANSWERS, UPS_QUESTION: "yes"}), "power.require_backup")
    assert answered_yes.status == "pass" and "your answer" in words.check_observed(answered_yes)
    answered_no = check(score(desk(unseen), ph, {**ANSWERS, UPS_QUESTION: "no"}), "power.require_backup")
    assert answered_no.status == "fail" and "UPS" in words.check_fix(answered_no)


def test_a_laptop_battery_counts_only_where_the_profile_accepts_it(ph):
    laptop = {"power": {"ups_present": None, "ups_name": None, "battery_present": True}}
    assert check(score(desk(laptop), ph, ANSWERS), "power.require_backup").status == "pass"  # ups_or_battery
    assert UPS_QUESTION not in [q.id for q in questions_for(desk(laptop), ph)]


def test_backup_runtime_reads_the_battery_where_no_ups_reports(ph):
    report = score(desk({"power": {"ups_runtime_minutes": None, "battery_runtime_minutes": 9.0}}), ph, ANSWERS)
    runtime = check(report, "power.min_backup_minutes")
    assert runtime.status == "warn" and runtime.observed == 9.0


def test_no_backup_connection_fails_and_its_figures_are_unknown(ph):
    report = score(desk({"backup": {"present": False, "kind": None, "download_mbps": None, "upload_mbps": None,
                                    "latency_ms": None}}), ph, ANSWERS)
    assert check(report, "backup.require_connection").status == "fail"
    assert "pocket Wi-Fi" in words.check_fix(check(report, "backup.require_connection"))
    assert check(report, "backup.min_download_mbps").status == "unknown"


def test_a_slow_backup_warns_on_its_own_figures_not_the_main_lines(ph):
    report = score(desk({"backup": {"download_mbps": 2.0}}), ph, ANSWERS)
    assert check(report, "backup.min_download_mbps").status == "warn"
    assert check(report, "network.min_download_mbps").status == "pass"


def test_the_starter_profile_offers_the_new_keys():
    text = starter_profile_text()
    for line in ("[power]", "# require_backup = \"ups\"", "[backup]", "# require_connection = true",
                 "# max_room_noise_dbfs = -50", "# require_webcam = true", "# require_antivirus = true",
                 '# browsers = ["chrome >= 120", "edge >= 120"]'):
        assert line in text


def test_the_report_puts_both_links_side_by_side(ph):
    from rigcheck.render import links

    report = score(desk({"backup": {"upload_mbps": None}}), ph, ANSWERS, created_at=CREATED)
    rows = {label: (main, backup) for label, main, backup in links.links_side_by_side(report)}
    assert rows["Download"] == ("212 Mbit/s", "12 Mbit/s")  # the network probe's figure beside the backup's
    assert rows["Upload"][1] == "not measured"
    assert rows["Link"][1] == "mobile data"
    none = score(desk({"backup": {"present": False}}), ph, ANSWERS, created_at=CREATED)
    assert links.links_side_by_side(none) == []

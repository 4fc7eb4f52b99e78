"""score(): pure, per-requirement statuses, hints, verdicts and the 0-100 score."""

from __future__ import annotations

import pytest

from rigcheck.render.words import check_fix, check_message
from rigcheck.model import Profile, Question, Requirement
from rigcheck.scoring import os_rule_matches, score
from rigcheck.profile import load_profile

from .snapshots import ANSWERS_OK, result, snapshot

CREATED = "2026-11-27T09:00:00Z"


@pytest.fixture(scope="module")
def strict() -> Profile:
    return load_profile("strict-voice")


def check(report, check_id):
    return next(c for c in report.checks if c.id == check_id)


def test_a_good_setup_is_ready_and_scores_100(strict):
    report = score(snapshot(), strict, ANSWERS_OK, created_at=CREATED)
    assert [c.id for c in report.checks if c.status != "pass"] == []
    assert report.verdict == "ready" and report.score == 100
    assert report.created_at == CREATED and report.profile.id == "strict-voice"


def test_score_is_pure_same_inputs_same_report(strict):
    first = score(snapshot(), strict, ANSWERS_OK, created_at=CREATED)
    assert score(snapshot(), strict, ANSWERS_OK, created_at=CREATED).to_dict() == first.to_dict()


def test_wifi_fails_the_wired_rule_with_a_plain_fix(strict):
    report = score(snapshot({"connection": {"kind": "wifi"}}), strict, ANSWERS_OK, created_at=CREATED)
    wired = check(report, "network.connection")
    assert wired.status == "fail" and wired.observed == "wifi"
    assert "LAN (Ethernet) cable" in check_fix(wired) and "Wi-Fi" in check_message(wired)
    assert report.verdict == "not_ready"


def test_vpn_uses_the_link_underneath(strict):
    over_ethernet = snapshot({"connection": {"kind": "vpn", "underlay_kind": "ethernet", "vpn_active": True}})
    report = score(over_ethernet, strict, ANSWERS_OK, created_at=CREATED)
    assert check(report, "network.connection").status == "pass"
    assert check(report, "network.allow_vpn").status == "fail"
    unknown_underlay = snapshot({"connection": {"kind": "vpn", "underlay_kind": None, "vpn_active": True}})
    assert check(score(unknown_underlay, strict, ANSWERS_OK), "network.connection").status == "unknown"


def test_offline_fails_wired_rule(strict):
    report = score(snapshot({"connection": {"kind": "unknown", "online": False}}), strict, ANSWERS_OK)
    assert check(report, "network.connection").status == "fail"


@pytest.mark.parametrize(
    ("probe", "key", "value", "check_id"),
    [
        ("network", "download_mbps", 49.9, "network.min_download_mbps"),
        ("network", "upload_mbps", 5.0, "network.min_upload_mbps"),
        ("network", "latency_ms", 80.5, "network.max_latency_ms"),
        ("network", "jitter_ms", 21.0, "network.max_jitter_ms"),
        ("network", "packet_loss_percent", 0.6, "network.max_packet_loss_percent"),
        ("network", "mos", 3.99, "network.min_mos"),
        ("cpu", "physical_cores", 2, "computer.min_cpu_cores"),
        ("cpu", "max_ghz", 1.8, "computer.min_cpu_ghz"),
        ("memory", "installed_gb", 4.0, "computer.min_ram_gb"),
        ("disk", "free_gb", 19.9, "computer.min_disk_free_gb"),
        ("display", "monitor_count", 1, "display.min_monitors"),
    ],
)
def test_each_threshold_fails_just_past_its_limit(strict, probe, key, value, check_id):
    report = score(snapshot({probe: {key: value}}), strict, ANSWERS_OK)
    failed = check(report, check_id)
    assert failed.status == "fail" and failed.observed == value and check_fix(failed)
    assert report.verdict == "not_ready"


def test_limits_themselves_pass(strict):
    at_limit = {"network": {"download_mbps": 50, "jitter_ms": 20, "mos": 4.0}, "cpu": {"physical_cores": 4}}
    report = score(snapshot(at_limit), strict, ANSWERS_OK)
    assert all(check(report, i).status == "pass" for i in ("network.min_download_mbps", "network.max_jitter_ms", "network.min_mos"))


def test_ram_falls_back_to_total_when_installed_is_unknown(strict):
    report = score(snapshot({"memory": {"installed_gb": None, "total_gb": 7.6}}), strict, ANSWERS_OK)
    assert check(report, "computer.min_ram_gb").observed == 7.6


def test_recommended_failure_is_a_warning_not_a_failure():
    profile = load_profile("generic-voice")
    report = score(snapshot({"network": {"loaded_latency_increase_ms": 250.0}}), profile, ANSWERS_OK)
    bloat = check(report, "network.max_loaded_latency_increase_ms")
    assert bloat.status == "warn" and not bloat.required and "SQM" in check_fix(bloat)
    assert report.verdict == "ready_with_warnings"
    assert 0 < report.score < 100


def test_missing_probe_makes_required_checks_unknown_and_the_verdict_incomplete(strict):
    failed = result("network", status="timeout", error="no answer within 30 s")
    report = score(snapshot(network=failed), strict, ANSWERS_OK)
    download = check(report, "network.min_download_mbps")
    assert download.status == "unknown" and "took too long" in check_message(download)
    assert download.says.params == {"why": "timeout", "probe": "network"}  # the probe's own error stays in its facts
    assert report.verdict == "incomplete"


def test_missing_single_fact_is_unknown_never_a_pass(strict):
    report = score(snapshot({"cpu": {"max_ghz": None}}), strict, ANSWERS_OK)
    assert check(report, "computer.min_cpu_ghz").status == "unknown"
    assert report.verdict == "incomplete"


def test_failure_beats_incomplete(strict):
    report = score(snapshot({"connection": {"kind": "wifi"}}, network=result("network", status="error", error="DNS")), strict, ANSWERS_OK)
    assert report.verdict == "not_ready"


def test_skipped_probe_gives_skipped_checks_and_incomplete_verdict(strict):
    report = score(snapshot(skipped=frozenset({"network"})), strict, ANSWERS_OK)
    assert {c.status for c in report.checks if c.probe == "network"} == {"skipped"}
    assert report.verdict == "incomplete"
    assert report.score == 100  # skipped checks do not count in the score


def test_packet_loss_over_tcp_fallback_is_unknown(strict):
    report = score(snapshot({"network": {"voice_path": "tcp", "packet_loss_percent": None, "mos": None}}), strict, ANSWERS_OK)
    for check_id in ("network.max_packet_loss_percent", "network.min_mos"):
        assert check(report, check_id).status == "unknown"
        assert "Call traffic could not get through" in check_message(check(report, check_id))


def test_virtual_machine_and_remote_session_fail_when_disallowed(strict):
    report = score(snapshot({"system": {"virtual_machine": True, "hypervisor": "vmware", "remote_session": True,
                                        "remote_session_kind": "rdp"}}), strict, ANSWERS_OK)
    machine = check(report, "computer.allow_virtual_machine")
    # Which one is kept for the employer; the applicant reads what it means, not "vmware" or "rdp".
    assert machine.status == "fail" and machine.says.params["which"] == "vmware" and "vmware" not in check_message(machine)
    assert "virtual machine" in check_message(machine)
    assert check(report, "computer.allow_remote_desktop").says.params["which"] == "rdp"


@pytest.mark.parametrize(
    ("family", "version", "status"),
    [("windows", "11", "pass"), ("windows", "10", "pass"), ("windows", "8.1", "fail"), ("macos", "13.0", "pass"),
     ("macos", "12.7.4", "fail"), ("linux", "12", "fail"), ("chromeos", None, "fail")],
)
def test_os_rules(strict, family, version, status):
    report = score(snapshot({"system": {"os_family": family, "os_version": version, "os_name": family}}), strict, ANSWERS_OK)
    assert check(report, "computer.os").status == status


def test_os_version_unknown_is_unknown_not_fail(strict):
    report = score(snapshot({"system": {"os_family": "windows", "os_version": None}}), strict, ANSWERS_OK)
    assert check(report, "computer.os").status == "unknown"


def test_os_rule_matching():
    assert os_rule_matches("macos >= 13", "macos", "13.6.1")
    assert not os_rule_matches("macos >= 13", "macos", "12.7")
    assert os_rule_matches("windows", "windows", None)
    assert os_rule_matches("windows >= 10", "windows", None) is None
    assert os_rule_matches("macos == 14", "macos", "14.0")


def test_resolution_counts_portrait_monitors_and_needs_min_monitors_of_them(strict):
    assert check(score(snapshot(), strict, ANSWERS_OK), "display.min_resolution").status == "pass"
    small = {"display": {"monitors": [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}]}}
    low = check(score(snapshot(small), strict, ANSWERS_OK), "display.min_resolution")
    assert low.status == "fail" and "1 of the 2" in check_message(low)


def test_headless_machine_fails_monitor_checks(strict):
    report = score(snapshot({"display": {"monitor_count": 0, "monitors": [], "headless": True}}), strict, ANSWERS_OK)
    assert check(report, "display.min_monitors").status == "fail"
    assert check(report, "display.min_resolution").status == "fail"


def test_bluetooth_default_mic_fails_connected_bluetooth_warns(strict):
    bt_default = {"audio": {"bluetooth_audio_present": True,
                            "default_input": {"name": "WH-1000XM4 Hands-Free", "kind": "bluetooth", "is_headset": True}}}
    report = score(snapshot(bt_default), strict, ANSWERS_OK)
    assert check(report, "audio.allow_bluetooth").status == "fail"
    assert "default microphone" in check_fix(check(report, "audio.allow_bluetooth"))
    assert check(report, "audio.headset").status == "warn"  # a USB headset is there, but not the default
    connected = score(snapshot({"audio": {"bluetooth_audio_present": True}}), strict, ANSWERS_OK)
    assert check(connected, "audio.allow_bluetooth").status == "warn"
    assert connected.verdict == "ready_with_warnings"


def test_usb_rule_rejects_an_analog_only_headset_but_wired_rule_accepts_it(strict):
    analog = {"audio": {"usb_headset_present": False, "analog_headset_present": True, "wired_headset_present": True,
                        "default_input": {"name": "Headset Microphone", "kind": "analog_headset", "is_headset": True}}}
    assert check(score(snapshot(analog), strict, ANSWERS_OK), "audio.headset").status == "fail"
    generic = load_profile("generic-voice")
    assert check(score(snapshot(analog), generic, ANSWERS_OK), "audio.headset").status == "pass"


def test_countries(tmp_path):
    profile = Profile(id="p", name="P", requirements=(Requirement("network", "allowed_countries", ("US", "CA")),))
    assert check(score(snapshot(), profile), "network.allowed_countries").status == "pass"
    assert check(score(snapshot({"network": {"country": "PH"}}), profile), "network.allowed_countries").status == "fail"


def test_questions_yes_no_unknown_and_recommended():
    profile = Profile(id="p", name="P", questions=(
        Question("cordless-phone", "Cordless?", "yes", hint="No cordless phones."),
        Question("quiet-room", "Quiet room?", "no", level="recommended"),
    ))
    report = score(snapshot(), profile, {"cordless-phone": "Yes", "quiet-room": "n"})
    assert check(report, "question.cordless-phone").status == "fail"
    assert check_fix(check(report, "question.cordless-phone")) == "No cordless phones."
    assert check(report, "question.quiet-room").status == "warn"
    unanswered = score(snapshot(), profile, {})
    assert check(unanswered, "question.cordless-phone").status == "unknown"
    assert unanswered.verdict == "incomplete"
    assert score(snapshot(), profile, {"cordless-phone": "no", "quiet-room": "yes"}).verdict == "ready"


def test_report_round_trips_through_json(strict):
    from rigcheck.model import Report

    report = score(snapshot({"connection": {"kind": "wifi"}}), strict, ANSWERS_OK, created_at=CREATED)
    assert Report.from_dict(report.to_dict()).to_dict() == report.to_dict()


def test_report_keeps_only_answers_to_the_profiles_questions(strict):
    report = score(snapshot(), strict, {**ANSWERS_OK, "unrelated": "yes"})
    assert set(report.answers) == {"cordless-phone", "dedicated-workspace"}


def test_one_of_a_counted_unit_is_singular():
    from rigcheck.render.words import requirement_wording

    one = Profile(id="one", name="One", requirements=(Requirement("display", "min_monitors", 1),
                                                       Requirement("computer", "min_cpu_cores", 2)))
    assert requirement_wording(one, one.requirements[0]) == ("Monitors", "at least 1 monitor")
    assert requirement_wording(one, one.requirements[1]) == ("Processor cores", "at least 2 cores")
    single = {"display": {"monitor_count": 1, "monitors": [{"width": 1920, "height": 1080}], "headless": False}}
    monitors = check(score(snapshot(single), one, {}), "display.min_monitors")
    from rigcheck.render.common import expected_text, observed_text

    assert (observed_text(monitors), expected_text(monitors)) == ("1 monitor", "at least 1 monitor")
    assert check_message(monitors) == "1 monitor measured; at least 1 monitor is needed."


def test_a_missing_fact_is_said_in_plain_words_without_field_names(strict):
    report = score(snapshot({"cpu": {"max_ghz": None}}), strict, ANSWERS_OK)
    speed = check(report, "computer.min_cpu_ghz")
    assert speed.status == "unknown"
    assert "max_ghz" not in check_message(speed) and "probe" not in check_message(speed)
    virtual = check(score(snapshot({"connection": {"kind": "virtual"}}), strict, ANSWERS_OK), "network.connection")
    assert virtual.status == "unknown"
    assert "(virtual)" not in check_message(virtual) and "virtual network adapter" in check_message(virtual)


def test_monitors_out_of_sight_are_unknown_not_a_fail(strict):
    unseen = result("display", status="unsupported", error="no display server (X11 or Wayland) is running here")
    report = score(snapshot(display=unseen), strict, ANSWERS_OK)
    assert check(report, "display.min_monitors").status == "unknown"
    assert check(report, "display.min_resolution").status == "unknown"

"""Every code scoring writes has words (rigcheck.render.words), and the words are filled, in every profile."""

from __future__ import annotations

import functools

from rigcheck.model import Phrase, Snapshot
from rigcheck.profile import load_profile
from rigcheck.profile.loader import bundled_profile_ids
from rigcheck.render import words
from rigcheck.scoring import HEADSET_CABLE_QUESTION, MONITORS_QUESTION, UPS_QUESTION, questions_for, score

from .snapshots import ANSWERS_OK, result, snapshot


def watch_desk(**overrides):
    """A `rigcheck watch` report's snapshot: the shift probe alone (its declared good example, overridden)."""
    from rigcheck.facts.shift import SHIFT

    return Snapshot({SHIFT.id: result(SHIFT.id, {**SHIFT.example_values(), **overrides})})

UNCONFIRMED = {"usb_headset_present": False, "wired_headset_present": False, "headset_to_confirm": "USB Audio Device",
               "devices": [{"name": "USB Audio Device", "is_headset": True, "needs_confirmation": True}]}
# Desks that make scoring say each thing it can say (with the answers that settle questions, where any).
SCENARIOS = {
    "good": (snapshot(), {}),
    "wifi": (snapshot({"connection": {"kind": "wifi"}}), {}),
    "cellular": (snapshot({"connection": {"kind": "cellular"}}), {}),
    "vpn over wifi": (snapshot({"connection": {"kind": "vpn", "underlay_kind": "wifi", "vpn_active": True}}), {}),
    "vpn, link unknown": (snapshot({"connection": {"kind": "vpn", "underlay_kind": None, "vpn_active": True}}), {}),
    "virtual adapter": (snapshot({"connection": {"kind": "virtual"}}), {}),
    "offline": (snapshot({"connection": {"online": False}}), {}),
    "virtual machine": (snapshot({"system": {"virtual_machine": True, "hypervisor": "kvm", "remote_session": True,
                                             "remote_session_kind": "rdp"}}), {}),
    "old windows": (snapshot({"system": {"os_family": "windows", "os_version": "8.1", "os_name": "Windows 8.1"}}), {}),
    "no version": (snapshot({"system": {"os_version": None}}), {}),
    "slow": (snapshot({"network": {"download_mbps": 1.0, "upload_mbps": 0.5, "latency_ms": 900.0, "jitter_ms": 90.0,
                                   "packet_loss_percent": 9.0, "mos": 1.5, "loaded_latency_increase_ms": 900.0}}), {}),
    "unsettled": (snapshot({"network": {"packet_loss_percent": 0.8, "packet_loss_ci95_percent": [0.2, 2.9],
                                        "voice_packets_sent": 250}}), {}),
    "settled": (snapshot({"network": {"packet_loss_percent": 0.0, "packet_loss_ci95_percent": [0.0, 0.5],
                                      "voice_packets_sent": 400}}), {}),
    "udp blocked": (snapshot({"network": {"voice_path": "tcp", "diagnosis": ["udp_blocked"]}}), {}),
    "far away": (snapshot({"network": {"country": "XX"}}), {}),
    "small computer": (snapshot({"cpu": {"physical_cores": 1, "max_ghz": 1.0}, "memory": {"installed_gb": 1.0},
                                 "disk": {"free_gb": 0.1}}), {}),
    "bluetooth, not the mic": (snapshot({"audio": {"bluetooth_audio_present": True}}), {}),
    "wireless mic": (snapshot({"audio": {"wireless_audio_present": True,
                                         "default_input": {"name": "DECT base", "kind": "wireless"}}}), {}),
    "firewall off": (snapshot({"firewall": {"active": False}}), {}),
    "firewall says maybe": (snapshot({"firewall": {"active": "maybe"}}), {}),
    "speed in words": (snapshot({"network": {"download_mbps": "fast"}}), {}),
    "speed not reported": (snapshot({"network": {"download_mbps": None}}), {}),
    "kind unknown": (snapshot({"connection": {"kind": None}}), {}),
    "no monitor": (snapshot({"display": {"monitors": []}}), {}),
    "headset not the mic": (snapshot({"audio": {"default_input": {"name": "Webcam mic", "kind": "webcam"}}}), {}),
    "headset by name, another mic": (snapshot({"audio": {**UNCONFIRMED, "default_input": {"name": "Webcam mic"}}}),
                                     {HEADSET_CABLE_QUESTION: "yes"}),
    "timed out": (snapshot(network=result("network", status="timeout", error="no answer")), {}),
    "broken": (snapshot(cpu=result("cpu", status="error", error="boom")), {}),
    "unsupported": (snapshot(cpu=result("cpu", status="unsupported", error="no"),
                             display=result("display", status="unsupported", error="no display")), {}),
    "monitors answered no": (snapshot(display=result("display", status="unsupported")), {MONITORS_QUESTION: "no"}),
    "monitors answered yes": (snapshot(display=result("display", status="unsupported")), {MONITORS_QUESTION: "yes"}),
    "small screen": (snapshot({"display": {"monitors": [{"width": 800, "height": 600}]}}), {}),
    "bluetooth mic": (snapshot({"audio": {"bluetooth_audio_present": True, "wireless_audio_present": True,
                                          "default_input": {"name": "Buds", "kind": "bluetooth"}}}), {}),
    "no headset": (snapshot({"audio": {"usb_headset_present": False, "wired_headset_present": False}}), {}),
    "headset by name": (snapshot({"audio": UNCONFIRMED}), {}),
    "headset answered yes": (snapshot({"audio": UNCONFIRMED}), {HEADSET_CABLE_QUESTION: "yes"}),
    "headset answered no": (snapshot({"audio": UNCONFIRMED}), {HEADSET_CABLE_QUESTION: "no"}),
    "skipped": (snapshot(skipped=frozenset({"network"})), {}),
    "not run": (Snapshot({probe: r for probe, r in snapshot().results.items() if probe != "network"}), {}),
    "tcp only": (snapshot({"network": {"voice_path": "tcp"}}), {}),
    "no quiet room": (snapshot(), {"quiet-room": "no"}),
    "no webcam, antivirus off, no backup": (snapshot({"webcam": {"present": False, "usable": False, "cameras": []},
                                                      "antivirus": {"protected": False},
                                                      "backup": {"present": False, "download_mbps": None}}), {}),
    "old browser": (snapshot({"browser": {"browsers": [{"name": "chrome", "version": "100.0"}]}}), {}),
    "no browser": (snapshot({"browser": {"browsers": []}}), {}),
    "browser version unknown": (snapshot({"browser": {"browsers": [{"name": "chrome", "version": None}]}}), {}),
    "ups unseen": (snapshot({"power": {"ups_present": None, "ups_name": None, "battery_present": False}}), {}),
    "ups answered no": (snapshot({"power": {"ups_present": None, "battery_present": False}}), {UPS_QUESTION: "no"}),
    "ups answered yes": (snapshot({"power": {"ups_present": None, "battery_present": False}}), {UPS_QUESTION: "yes"}),
    "laptop battery": (snapshot({"power": {"ups_present": None, "battery_present": True}}), {}),
    "slow backup, short runtime, noisy room": (
        Snapshot({**snapshot({"backup": {"download_mbps": 1.0, "upload_mbps": 0.2, "latency_ms": 900.0},
                              "power": {"ups_runtime_minutes": 3.0}}).results,
                  "mic": result("mic", {"noise_floor_dbfs": -30.0})}), {}),
    "unsettled, no loss": (snapshot({"network": {"packet_loss_percent": 0.0, "packet_loss_ci95_percent": [0.0, 1.9],
                                                 "voice_packets_sent": 1000, "mean_loss_run_packets": 0.0}}), {}),
    "unsettled, bursts": (snapshot({"network": {"packet_loss_percent": 0.8, "packet_loss_ci95_percent": [0.1, 5.2],
                                                "voice_packets_sent": 1000, "mean_loss_run_packets": 4.0}}), {}),
    "watch, steady": (watch_desk(), {}),
    "watch, rough": (watch_desk(outage_count=9, outage_total_minutes=30.0,
                                voice_samples=[[0.0, 900.0, 90.0, 20.0, 2.0, 750, 150]]), {}),
    "watch, no samples": (watch_desk(voice_samples=[]), {}),
}


# Every key a profile can set, each way round, so each comparison says all it can.
EVERY_RULE = """\
schema = 1
id = "every-rule{variant}"
name = "Every rule"
[network]
connection = "{connection}"
min_download_mbps = 25
max_packet_loss_percent = 1
allow_vpn = {allow}
allowed_countries = ["PH", "US"]
[audio]
headset = "{headset}"
headset_evidence = "{evidence}"
allow_bluetooth = {allow}
allow_wireless = {allow}
max_room_noise_dbfs = -50
[computer]
os = ["windows >= 10"]
min_cpu_ghz = 2.0
allow_virtual_machine = {allow}
allow_remote_desktop = {allow}
require_firewall = {firewall}
require_webcam = {firewall}
require_antivirus = {firewall}
browsers = ["chrome >= 138", "edge >= 138"]
[display]
min_monitors = 1
min_resolution = "1920x1080"

[power]
require_backup = "{power}"
min_backup_minutes = 15

[backup]
require_connection = {firewall}
min_download_mbps = 5
[[question]]
id = "quiet-room"
text = "Quiet room?"
fail_if = "no"
"""
EVERY_RULE_PROFILES = {
    "strict": EVERY_RULE.format(variant="-strict", connection="wired", allow="false", headset="wired", evidence="applicant",
                                firewall="true", power="ups"),
    "lenient": EVERY_RULE.format(variant="-lenient", connection="any", allow="true", headset="any", evidence="measured",
                                 firewall="false", power="ups_or_battery"),
    "measured usb": EVERY_RULE.format(variant="-usb", connection="wired", allow="false", headset="usb", evidence="measured",
                                      firewall="true", power="ups"),
    # [shift] without any [network] call limit to hold the watch's call tests to.
    "shift only": 'schema = 1\nid = "shift-only"\nname = "Shift only"\n[shift]\nmax_outages = 1\nmax_outage_minutes = 1\n'
                  "min_samples_within_limits_percent = 90\n",
}


def _phrases(report):
    for check in report.checks:
        yield from (p for p in (check.says, check.fix, check.expects, check.observed_as, check.title_as) if p is not None)


# Codes words knows that scoring does not write as a check's phrase: the derived questions' text (shown by the
# question screen, not a check) and "text", the profile's own words.
NOT_WRITTEN_BY_SCORING = frozenset({"question.headset_cable", "question.monitors_connected", "fix.question.headset_cable",
                                    "question.ups_plugged_in",
                                    "text", "text.languages"})


def _profiles():
    from rigcheck.profile.validate import parse_profile_text

    return [load_profile(profile_id) for profile_id in bundled_profile_ids()] + [
        parse_profile_text(text, f"{name}.toml") for name, text in EVERY_RULE_PROFILES.items()]


@functools.cache
def _everything_said() -> tuple[frozenset[str], tuple[str, ...]]:
    """(every code scoring wrote, what went wrong wording it) over every profile and desk above."""
    seen, wrong = set(), []
    for profile in _profiles():
        for name, (desk, answers) in SCENARIOS.items():
            report = score(desk, profile, {**ANSWERS_OK, "quiet-room": "maybe", **answers}, created_at="2026-12-01T00:00:00Z")
            for phrase in _phrases(report):
                said = words.say(phrase)
                if not said or said == phrase.code or "%(" in said:
                    wrong.append(f"{profile.id} / {name}: {phrase}")
                seen.add(phrase.code)
            wrong += [f"{profile.id} / {name}: {q}" for q in questions_for(desk, profile) if not words.question_text(q)]
            wrong += [f"{profile.id} / {name}: {p}" for p in report.problems
                      if not (words.problem_title(p) and words.problem_message(p) and words.problem_fix(p))]
    return frozenset(seen), tuple(wrong)


def test_every_phrase_scoring_writes_has_filled_words():
    seen, wrong = _everything_said()
    assert not wrong
    assert seen <= words.known_codes()


def test_the_desks_reach_every_phrase():
    """A code no desk above makes scoring write is untested: add a desk that does."""
    seen, _wrong = _everything_said()
    assert words.known_codes() - seen <= NOT_WRITTEN_BY_SCORING


def test_a_code_from_a_later_rigcheck_shows_the_words_its_report_stored():
    assert words.say(Phrase("network.some_later_code", {"x": 1}, fallback="Stored English.")) == "Stored English."
    assert words.say(Phrase("network.some_later_code")) == "network.some_later_code"  # never nothing
    assert words.say(Phrase.verbatim("The profile's own hint.")) == "The profile's own hint."

"""The watch's pure parts: its log, the shift facts from records, scoring [shift], the report formats."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rigcheck.model import ProbeResult, Snapshot
from rigcheck.profile import load_profile
from rigcheck.render import render
from rigcheck.scoring import score
from rigcheck.watch.command import parse_duration
from rigcheck.watch.log import LOG_SCHEMA, WatchLog, WatchLogError, read_log
from rigcheck.watch.summary import shift_facts

T0 = 1_796_600_000.0


def start(**extra):
    return {"type": "start", "schema": LOG_SCHEMA, "at": T0, "started_at": "2026-12-06T00:53:20Z", "stun": "x:3478",
            "hours": 2.0, "every_s": 300.0, **extra}


def voice(offset_s, latency=20.0, jitter=2.0, loss=0.0, mos=4.3, sent=750, runs=()):
    lost = sum(runs)
    return {"type": "voice", "at": T0 + offset_s, "sent": sent, "lost": lost, "runs": list(runs), "latency_ms": latency,
            "jitter_ms": jitter, "loss_percent": round(100 * lost / sent, 2) if loss is None else 100 * lost / sent, "mos": mos}


def test_log_is_append_only_and_a_torn_last_line_is_left_out(tmp_path):
    path = tmp_path / "w.jsonl"
    with WatchLog(path) as log:
        log.write(start())
        log.write(voice(0))
    with open(path, "a", encoding="utf-8") as raw:
        raw.write('{"type":"voice","at":')  # a crash mid-write
    assert [r["type"] for r in read_log(path)] == ["start", "voice"]
    with WatchLog(path) as log:  # a resume starts on a fresh line
        log.write(voice(300))
    assert [r["type"] for r in read_log(path)] == ["start", "voice", "voice"]


def test_a_file_that_is_no_watch_log_is_refused(tmp_path):
    path = tmp_path / "other.jsonl"
    path.write_text('{"type":"voice"}\n')
    with pytest.raises(WatchLogError, match="not a rigcheck watch log"):
        read_log(path)
    with pytest.raises(WatchLogError, match="cannot read"):
        read_log(tmp_path / "absent.jsonl")


def test_outages_gaps_hours_and_the_worst_hour_come_from_the_records():
    records = [
        start(),
        voice(0), voice(300, latency=30.0), voice(3700, latency=80.0, runs=(6, 3), mos=3.9),
        {"type": "outage", "at": T0 + 4000, "seconds": 12.0},
        {"type": "outage", "at": T0 + 5000, "seconds": 90.0},
        {"type": "gap", "at": T0 + 6000, "seconds": 600.0, "reason": "sleep"},
        {"type": "power", "at": T0 + 3900, "on_ac": False},
        {"type": "beats", "at": T0 + 7200, "sent": 6600, "answered": 6500, "bytes": 700_000},
    ]
    facts = shift_facts(records)
    assert facts["outage_count"] == 2
    assert facts["outage_total_minutes"] == pytest.approx(1.7)
    assert facts["longest_outage_minutes"] == 1.5
    assert facts["hours_watched"] == 2.0
    assert facts["gap_total_minutes"] == 10.0 and facts["sleep_gaps"][0]["reason"] == "sleep"
    assert facts["worst_hour"] == 1  # both outages fell in the second hour
    first, second = facts["loss_by_hour"]
    assert (first["sent"], first["lost"], first["percent"]) == (1500, 0, 0.0)
    assert second["lost"] == 9 and second["ci95"][0] < 1.2 < second["ci95"][1]
    assert facts["latency_p50_ms"] == 30.0 and facts["latency_p95_ms"] == 75.0  # interpolated, as report summarize does
    assert facts["power_events"] == [{"at": 3900.0, "on_ac": False}]
    assert facts["heartbeats"] == 6600


def test_without_outages_the_worst_hour_is_the_one_with_the_poorest_calls():
    facts = shift_facts([start(), voice(0, mos=4.3), voice(3700, mos=3.7), voice(3800, mos=3.8)])
    assert facts["worst_hour"] == 1 and facts["outage_count"] == 0


def watch_snapshot(records):
    return Snapshot({"shift": ProbeResult("shift", "ok", 0.1, None, shift_facts(records))})


def test_shift_checks_pass_on_a_steady_line():
    report = score(watch_snapshot([start(), voice(0), voice(300)]), load_profile("generic-voice"))
    assert [c.id for c in report.checks] == ["shift.max_outages", "shift.max_outage_minutes", "shift.min_samples_within_limits_percent"]
    assert all(c.status == "pass" for c in report.checks) and report.verdict == "ready"


def test_outages_and_bad_samples_fail_the_shift():
    records = [start(), voice(0), voice(300, latency=250.0), *({"type": "outage", "at": T0 + 10 * i, "seconds": 5.0} for i in range(4))]
    report = score(watch_snapshot(records), load_profile("generic-voice"))
    checks = {c.id: c for c in report.checks}
    assert checks["shift.max_outages"].status == "fail" and checks["shift.max_outages"].observed == 4
    assert checks["shift.max_outage_minutes"].status == "pass"
    share = checks["shift.min_samples_within_limits_percent"]
    assert share.status == "fail" and share.observed == 50.0  # one sample of two above 100 ms
    assert report.verdict == "not_ready"


def test_a_sample_that_lost_every_packet_is_not_within_limits():
    records = [start(), voice(0), {**voice(300), "latency_ms": None, "jitter_ms": None, "loss_percent": 100.0, "mos": None}]
    report = score(watch_snapshot(records), load_profile("generic-voice"))
    assert {c.id: c for c in report.checks}["shift.min_samples_within_limits_percent"].observed == 50.0


def test_a_one_off_check_leaves_the_shift_section_out():
    from rigcheck.facts import good_facts

    snapshot = Snapshot({probe: ProbeResult(probe, "ok", 0.1, None, values) for probe, values in good_facts().items()})
    report = score(snapshot, load_profile("generic-voice"), {"cordless-phone": "no"})
    assert not [c for c in report.checks if c.id.startswith("shift.")]


@pytest.mark.parametrize(("text", "seconds"), [("20s", 20), ("5m", 300), ("1h", 3600), ("1.5h", 5400), ("90", 90)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5x", "-3m", "0s", "m"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def shift_report():
    records = [start(), voice(0), voice(3700, latency=90.0, runs=(4,)), {"type": "outage", "at": T0 + 4000, "seconds": 30.0},
               {"type": "gap", "at": T0 + 5000, "seconds": 120.0, "reason": "sleep"}, {"type": "power", "at": T0 + 10, "on_ac": False},
               {"type": "power", "at": T0 + 400, "on_ac": True}]
    return score(watch_snapshot(records), load_profile("generic-voice"), created_at="2026-12-07T00:00:00Z")


def test_html_holds_a_self_contained_svg_timeline():
    html = render(shift_report(), "html")
    assert html.count("<svg") == 1 and "</svg>" in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'fill="#c62828"' in svg  # the outage band
    assert 'fill="#9e9e9e"' in svg  # the gap
    assert 'fill="#ef6c00"' in svg  # on battery
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "<script" not in html


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_formats_say_the_shift_figures(fmt):
    text = render(shift_report(), fmt)
    assert "Outages (line silent 2 s or more): 1, 0.5 min in total" in text
    assert "Worst hour: hour 2" in text
    assert "not counted as outages" in text


def test_json_and_junit_carry_the_shift(tmp_path):
    report = shift_report()
    data = json.loads(render(report, "json"))
    assert data["schema"] == "rigcheck.report/1" and data["facts"]["shift"]["values"]["outage_count"] == 1
    junit = render(report, "junit")
    assert "shift.max_outages" in junit


def test_report_summarize_and_show_read_a_watch_report(tmp_path):
    path = tmp_path / "watch.json"
    path.write_text(render(shift_report(), "json"))
    summary = subprocess.run([sys.executable, "-m", "rigcheck", "report", "summarize", str(path), "--format", "json"],
                             capture_output=True, text=True, timeout=60)
    assert summary.returncode == 0, summary.stderr
    data = json.loads(summary.stdout)
    assert data["reports"] == 1 and data["categories"]["ready"] == 1
    assert {r["id"] for r in data["requirements"]} == {"shift.max_outages", "shift.max_outage_minutes",
                                                      "shift.min_samples_within_limits_percent"}
    shown = subprocess.run([sys.executable, "-m", "rigcheck", "report", "show", str(path)], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "Outages during the shift" in shown.stdout


def test_a_watch_report_validates_against_the_report_schema():
    import jsonschema

    from rigcheck.report_schema import report_json_schema

    jsonschema.Draft202012Validator(report_json_schema()).validate(json.loads(render(shift_report(), "json")))


@pytest.mark.parametrize(("args", "said"), [
    (["--every", "1s"], "shorter than 2 s"),
    (["--every", "5 minutes"], "is not a duration"),
    (["--hours", "0"], "hours must be above 0"),
    (["--resume", "absent.jsonl"], "cannot read the watch log"),
])
def test_watch_usage_errors_are_one_line_and_exit_2(tmp_path, args, said):
    done = subprocess.run([sys.executable, "-m", "rigcheck", "watch", *args], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_a_new_watch_never_overwrites_a_log(tmp_path):
    log = tmp_path / "watch.jsonl"
    log.write_text("precious\n")
    done = subprocess.run([sys.executable, "-m", "rigcheck", "watch", "--log", str(log), "--stun", "127.0.0.1:9"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--resume" in done.stderr
    assert log.read_text() == "precious\n"

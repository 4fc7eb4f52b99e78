"""The TUI's pure parts: wording, run state, message coalescing, the entry point's checks."""

from __future__ import annotations

import pytest
from tui_fakes import GOOD_FACTS, desk_profile, facts_probe

from rigcheck.i18n import speaking
from rigcheck.model import CheckResult, Phrase, ProbeResult
from rigcheck.render.words import status_word
from rigcheck.tui import probe_ids_from_env, run
from rigcheck.tui.messages import (
    MicLevel,
    ProbeFinishedMessage,
    ProbeProgressMessage,
    ProbeStateChanged,
)
from rigcheck.tui.present import (
    check_detail_lines,
    check_status_label,
    first_mbps,
    format_value,
    requirement_lines,
    summarize_result,
    verdict_label,
)
from rigcheck.tui.screens.run import speed_history
from rigcheck.tui.session import Session


def test_every_status_and_verdict_has_a_word_and_a_symbol():
    for status in ("pass", "warn", "fail", "unknown", "skipped"):
        symbol, word = check_status_label(status).split(" ", 1)
        assert symbol in "✔!✘?-" and word == status_word(status)  # the reports' own word
    assert verdict_label("ready") == "✔ READY"
    assert verdict_label("ready_with_warnings") == "! READY, WITH WARNINGS"
    assert verdict_label("not_ready") == "✘ NOT READY"
    assert verdict_label("incomplete") == "? NOT FINISHED"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(None, "", "—"), (True, "", "yes"), (12.0, "GB", "12 GB"), (12.345, "Mbit/s", "12.3 Mbit/s"),
     (0.25, "ms", "0.25 ms"), (0.5, "%", "0.5 %"), (["US", "CA"], "", "US, CA"), ({"name": "Jabra"}, "", "Jabra")],
)
def test_format_value(value, unit, text):
    assert format_value(value, unit) == text


def test_requirement_lines_use_the_scorers_titles_and_thresholds():
    lines = requirement_lines(desk_profile())
    assert "Download speed: at least 25 Mbit/s" in lines
    assert "Latency (round trip): at most 100 ms (recommended)" in lines
    assert "Wired internet connection: a LAN cable" in lines
    assert len(lines) == len(desk_profile().requirements)


def test_summaries_state_facts_and_errors():
    assert summarize_result(ProbeResult("memory", "ok", 0.1, values=GOOD_FACTS["memory"])) == "16 GiB installed"
    assert summarize_result(ProbeResult("connection", "ok", 0.1, values=GOOD_FACTS["connection"])) == "LAN cable, 1000 Mbit/s"
    assert summarize_result(ProbeResult("connection", "ok", 0.1, values={"online": False})) == "not connected to any network"
    virtual = summarize_result(ProbeResult("connection", "ok", 0.1, values={"kind": "virtual", "online": True}))
    assert virtual == "virtual network adapter"
    network = summarize_result(ProbeResult("network", "ok", 1.0, values=GOOD_FACTS["network"]))
    good = GOOD_FACTS["network"]
    assert network.startswith(f"↓ {format_value(good['download_mbps'], 'Mbit/s')}, ↑ {format_value(good['upload_mbps'], 'Mbit/s')}, "
                              f"delay {format_value(good['latency_ms'], 'ms')}")
    # How a probe ended, in the applicant's words; its own error text (English, technical) stays in the saved report, for IT.
    assert summarize_result(ProbeResult("disk", "error", 0.1, error="permission denied")) == "could not check"
    assert summarize_result(ProbeResult("disk", "timeout", 10.0, error="timed out after 10 s")) == "took too long"
    assert summarize_result(ProbeResult("disk", "error", 0.1, error="cancelled by the user", cancelled=True)) == "stopped"
    assert summarize_result(ProbeResult("webcam", "unsupported", 0.1, error="no sysfs")) == "cannot tell here"
    partial = summarize_result(ProbeResult("network", "error", 5.0, error="upload stalled", values={"download_mbps": 40.0}))
    assert partial == "partly: ↓ 40 Mbit/s, could not check"
    # An ok result the probe marked partial (ctx.incomplete) says so too.
    some_unknown = ProbeResult("memory", "ok", 0.1, error="installed RAM unknown", values={"total_gb": 7.6}, partial=True)
    assert summarize_result(some_unknown).startswith("partly: ") and summarize_result(some_unknown).endswith("some details unknown")
    with speaking("fil"):
        assert summarize_result(ProbeResult("disk", "timeout", 10.0, error="timed out after 10 s")) != "took too long"


def test_first_mbps_reads_the_key_the_network_test_reports_throughput_by():
    assert first_mbps({"mbps": 3}) == 3.0
    assert first_mbps({"phase_bytes": 10, "upload_mbps": 7.5}) is None  # a fact's name, not the progress key
    assert first_mbps({"latency_ms": 12}) is None
    assert first_mbps({"mbps": True}) is None


def test_detail_lines_include_the_fix_only_when_something_is_wrong():
    failed = CheckResult("network.connection", "Wired internet connection", "connection", "fail", True, "wifi",
                         "wired (Ethernet)", "", "Connected over Wi-Fi.", "Plug in a cable.")
    passed = CheckResult("computer.min_ram_gb", "Memory (RAM)", "memory", "pass", True, 16.0,
                         Phrase("expected.at_least", {"limit": 8, "unit": "GB"}), "GB", "16 GB.", None)
    assert check_detail_lines(failed)[-1] == "What to do: Plug in a cable."
    assert check_detail_lines(passed)[1:3] == ["Found: 16 GB", "Needed: at least 8 GB"]
    assert not any(line.startswith("What to do") for line in check_detail_lines(passed))


def test_speed_history_scales_to_the_maximum():
    assert speed_history([0.0, 50.0, 100.0]) == "▁▅█"
    assert speed_history([0.0, 0.0]) == "▁▁"
    assert len(speed_history([1.0] * 100)) == 24


def test_session_ignores_events_of_an_older_run():
    session = Session([facts_probe("cpu", {})], desk_profile(), clock=lambda: 5.0)
    old_run, _ = session.begin_run()
    new_run, _ = session.begin_run(["cpu"])
    assert not session.on_started("cpu", old_run)
    assert not session.on_finished(ProbeResult("cpu", "ok", 0.1, values={"x": 1}), old_run)
    assert session.states["cpu"].state == "waiting"
    assert session.on_finished(ProbeResult("cpu", "error", 0.1, error="stopped", cancelled=True), new_run)
    assert session.states["cpu"].state == "cancelled"
    assert session.cancelled and not session.running


def test_session_progress_keeps_the_history_it_is_given():
    session = Session([facts_probe("network", {})], desk_profile())
    run_id, _ = session.begin_run()
    session.on_progress("network", run_id, "download", 0.5, {"mbps": 30.0}, (10.0, 20.0, 30.0))
    state = session.states["network"]
    assert (state.phase, state.fraction, state.mbps, state.mbps_history) == ("download", 0.5, 30.0, [10.0, 20.0, 30.0])
    session.on_finished(ProbeResult("network", "ok", 1.0, values={"download_mbps": 30.0}), run_id)
    # Progress that arrives after the result does not bring the probe back to life.
    assert not session.on_progress("network", run_id, "upload", 0.9, {}, ())
    assert session.states["network"].state == "ok"


def test_progress_messages_of_one_probe_replace_each_other():
    first = ProbeProgressMessage("network", 1, "download", 0.1, {"mbps": 1.0})
    later = ProbeProgressMessage("network", 1, "download", 0.2, {"mbps": 2.0})
    other_probe = ProbeProgressMessage("mic", 1, "recording", 0.2, {})
    other_run = ProbeProgressMessage("network", 2, "download", 0.2, {})
    finished = ProbeFinishedMessage(ProbeResult("network", "ok", 1.0), 1)
    assert first.can_replace(later)
    assert not first.can_replace(other_probe)
    assert not first.can_replace(other_run)
    assert not first.can_replace(finished)
    assert not finished.can_replace(first)  # a result is never dropped
    assert MicLevel(-20.0).can_replace(MicLevel(-10.0))
    assert ProbeStateChanged("cpu").can_replace(ProbeStateChanged("cpu"))
    assert not ProbeStateChanged("cpu").can_replace(ProbeStateChanged("disk"))


def test_probe_ids_from_env():
    assert probe_ids_from_env({}) is None
    assert probe_ids_from_env({"RIGCHECK_TUI_PROBES": "memory, system"}) == ["system", "memory"]
    with pytest.raises(ValueError, match="unknown probes: wifi"):
        probe_ids_from_env({"RIGCHECK_TUI_PROBES": "system,wifi"})


def test_run_rejects_bad_input_before_drawing(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("RIGCHECK_TUI_PROBES", "nope")
    assert run(None, None) == 2
    assert "unknown probes: nope" in capsys.readouterr().err
    monkeypatch.delenv("RIGCHECK_TUI_PROBES")
    assert run(str(tmp_path / "missing.toml"), None) == 2
    assert "missing.toml" in capsys.readouterr().err


@pytest.mark.parametrize("code, params", [
    ("fix.answer", {"question": "quiet-room"}),
    ("fix.answer.derived", {"question": "monitors-connected"}),
    ("fix.answer.headset", {"question": "headset-cable", "device": "Jabra Evolve 20"}),
])
@pytest.mark.parametrize("language", ["en", "fil"])
def test_an_unanswered_question_s_fix_says_the_app_s_key_not_the_command_line(code, params, language):
    from rigcheck.i18n import set_language
    from rigcheck.render.words import check_fix
    from rigcheck.tui.present import fix_for

    check = CheckResult("question.x", "A question", "question", "unknown", True, None, Phrase("expected.required"),
                        "", Phrase("question.unanswered"), Phrase(code, params))
    set_language(language)
    try:
        in_the_app, in_the_report = fix_for(check), check_fix(check)
    finally:
        set_language("en")
    assert in_the_app is not None and "--answer" not in in_the_app and " a " in in_the_app
    assert params.get("device", "") in in_the_app
    assert in_the_report is not None and f"--answer {params['question']}=" in in_the_report  # the CLI's reports keep it

"""The isolated probe runner: every outcome becomes a ProbeResult; only interrupts escape."""

from __future__ import annotations

import threading
import time

import pytest

from rigcheck.model import ProbeStatus
from rigcheck.probes import PROBE_IDS, load_probe
from rigcheck.probes.base import (
    ProbeCancelled,
    ProbeError,
    ProbeFinished,
    ProbeProgress,
    ProbeSpec,
    ProbeStarted,
    ProbeUnsupported,
    run_probe,
    run_probes,
)


def spec(collect, probe_id="fake", timeout_s=5.0):
    return ProbeSpec(probe_id, "Fake", collect, timeout_s)


def test_values_become_an_ok_result_with_duration():
    result = run_probe(spec(lambda ctx: {"cores": 4}))
    assert (result.status, dict(result.values), result.error) == ("ok", {"cores": 4}, None)
    assert 0 <= result.duration_s < 5


def test_exception_becomes_error_with_its_text():
    def broken(ctx):
        raise ValueError("cannot parse /proc/cpuinfo")

    result = run_probe(spec(broken))
    assert result.status == "error" and "ValueError: cannot parse /proc/cpuinfo" in result.error


def test_unsupported_and_partial_error():
    def unsupported(ctx):
        raise ProbeUnsupported("no battery API on this OS")

    def partial(ctx):
        raise ProbeError("upload failed", values={"download_mbps": 90.0})

    assert run_probe(spec(unsupported)).status == "unsupported"
    result = run_probe(spec(partial))
    assert result.status == "error" and result.values == {"download_mbps": 90.0}


def test_a_probe_error_with_values_is_partial_as_a_field_not_a_fact():
    def upload_failed(ctx):
        raise ProbeError("upload failed", values={"download_mbps": 90.0})

    def nothing_measured(ctx):
        raise ProbeError("no server")

    result = run_probe(spec(upload_failed))
    assert result.partial is True and "partial" not in result.values
    assert result.to_dict()["partial"] is True
    assert run_probe(spec(nothing_measured)).partial is False


def test_a_probe_that_could_not_find_out_everything_is_ok_partial_and_says_why():
    def some_missing(ctx):
        ctx.incomplete("virtual machine unknown: sysctl is missing")
        return {"os_name": "macOS 14", "virtual_machine": None}

    result = run_probe(spec(some_missing))
    assert (result.status, result.partial, result.error) == ("ok", True, "virtual machine unknown: sysctl is missing")
    assert dict(result.values) == {"os_name": "macOS 14", "virtual_machine": None}
    complete = run_probe(spec(lambda ctx: {"cores": 4}))
    assert (complete.partial, complete.error, complete.notes) == (False, None, ())


def test_notes_are_a_field_whatever_the_status():
    def noted_then(outcome):
        def collect(ctx):
            ctx.note("STUN server 127.0.0.1:9: no answer")
            return outcome(ctx)
        return collect

    def broken(ctx):
        raise ProbeError("failed", values={"latency_ms": 20.0})

    def hangs(ctx):
        while not ctx.cancelled:
            time.sleep(0.01)
        raise ProbeCancelled("stopped")

    for collect, status in ((lambda ctx: {"latency_ms": 20.0}, "ok"), (broken, "error"), (hangs, "timeout")):
        result = run_probe(spec(noted_then(collect), timeout_s=0.3))
        assert result.status == status
        assert result.notes == ("STUN server 127.0.0.1:9: no answer",) and "notes" not in result.values


def test_probe_states_are_an_enum_that_serialises_as_before():
    result = run_probe(spec(lambda ctx: {"cores": 4}))
    assert result.status is ProbeStatus.OK and result.status == "ok"
    assert type(result.to_dict()["status"]) is str and result.to_dict()["status"] == "ok"
    # Written only when set: a plain result's JSON has exactly the fields of reports before them.
    assert set(result.to_dict()) == {"status", "duration_s", "error", "values"}


def test_non_dict_return_is_an_error():
    assert run_probe(spec(lambda ctx: ["not", "a", "dict"])).status == "error"


def test_a_hung_probe_times_out_on_time():
    started = time.monotonic()
    result = run_probe(spec(lambda ctx: time.sleep(10) or {}, timeout_s=0.3))
    assert result.status == "timeout" and "0.3 s" in result.error
    assert time.monotonic() - started < 3.0  # not the 10 s the probe wanted


def _measure_until_stopped(ctx):
    """A cooperative probe: counts samples until told to stop, then fails keeping what it measured."""
    measured = {"samples": 0}
    while not ctx.cancelled:
        measured["samples"] += 1
        time.sleep(0.01)
    raise ProbeError("stopped", values=measured)


def test_a_cooperative_probe_is_told_to_stop_and_keeps_partial_values():
    result = run_probe(spec(_measure_until_stopped, timeout_s=0.2))
    assert result.status == "timeout" and result.values["samples"] > 0


def test_probes_run_in_parallel_and_one_failure_stops_nothing():
    def slow(ctx):
        time.sleep(0.4)
        return {"ok": True}

    def broken(ctx):
        raise RuntimeError("boom")

    started = time.monotonic()
    results = run_probes([spec(slow, "a"), spec(slow, "b"), spec(slow, "d"), spec(broken, "c")])
    # Three 0.4 s probes in series would take 1.2 s; in parallel they overlap.
    assert time.monotonic() - started < 1.15
    assert [r.status for r in results.values()] == ["ok", "ok", "ok", "error"]
    assert list(results) == ["a", "b", "d", "c"]


def test_events_arrive_in_order_for_each_probe():
    events = []

    def talking(ctx):
        ctx.progress("download", 0.5, mbps=42.0)
        return {}

    run_probe(spec(talking), on_event=events.append)
    assert [type(e) for e in events] == [ProbeStarted, ProbeProgress, ProbeFinished]
    assert events[1].detail == {"mbps": 42.0} and events[1].fraction == 0.5


def test_cancel_event_stops_a_run_promptly():
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = time.monotonic()
    results = run_probes([spec(lambda ctx: time.sleep(10) or {}, timeout_s=30)], cancel_event=cancel)
    assert time.monotonic() - started < 3.0  # not the 10 s the probe wanted
    assert results["fake"].cancelled is True and results["fake"].status == "error"


def test_the_user_stopping_a_run_is_cancelled_and_a_timeout_is_not():

    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    stopped = run_probes([spec(_measure_until_stopped, timeout_s=30)], cancel_event=cancel)["fake"]
    timed_out = run_probe(spec(_measure_until_stopped, timeout_s=0.2))
    assert (stopped.status, stopped.cancelled, stopped.partial) == ("error", True, True)
    assert (timed_out.status, timed_out.cancelled, timed_out.partial) == ("timeout", False, True)
    assert stopped.to_dict()["cancelled"] is True and "cancelled" not in timed_out.to_dict()


def test_an_error_that_reads_like_a_cancel_is_not_a_cancel():
    def says_cancelled(ctx):
        raise ProbeError("cancelled by the user")

    assert run_probe(spec(says_cancelled)).cancelled is False


def test_a_library_calling_sys_exit_is_an_error_result_and_others_still_run():
    import sys

    results = run_probes([spec(lambda ctx: sys.exit(3), "quits"), spec(lambda ctx: {"fine": True}, "fine")])
    assert results["quits"].status == "error" and "SystemExit" in results["quits"].error
    assert results["fine"].status == "ok"


def test_keyboard_interrupt_escapes():
    def interrupted(ctx):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_probe(spec(interrupted))
    with pytest.raises(KeyboardInterrupt):
        run_probes([spec(interrupted, "a"), spec(lambda ctx: {}, "b")])


def test_every_probe_id_loads_and_runs_without_raising(monkeypatch):
    """Real probes, isolated: whatever this machine is, each returns a result (network excluded: no internet)."""
    for probe_id in PROBE_IDS:
        if probe_id == "network":
            continue
        probe = load_probe(probe_id)
        assert probe.id == probe_id
        result = run_probe(probe, {"server": None, "stun_servers": []}, timeout_s=20)
        assert result.status in ("ok", "unsupported", "error", "timeout")


def test_a_probe_module_that_fails_to_import_becomes_an_error(monkeypatch):
    import importlib

    real_import = importlib.import_module

    def failing(name, *args):
        if name == "rigcheck.probes.display":
            raise OSError("PortAudio library not found")
        return real_import(name, *args)

    monkeypatch.setattr(importlib, "import_module", failing)
    result = run_probe(load_probe("display"))
    assert result.status == "error" and "PortAudio library not found" in result.error

"""Both front ends run probes one way: `rigcheck check` and the TUI's worker call the engine's collect()."""

from __future__ import annotations

import json
import threading

from rigcheck import cli, engine
from rigcheck.model import ProbeResult, Snapshot
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec
from rigcheck.tui.session import RunState, Session

from tui_fakes import GOOD_FACTS, build, desk_profile, facts_probe, finish_run


class CountingProbe:
    """The cpu probe with good facts, counting how often it is run (and noting something each time)."""

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    def collect(self, ctx: ProbeContext) -> dict:
        with self._lock:
            self.calls += 1
        ctx.note("counted")
        return dict(GOOD_FACTS["cpu"])

    @property
    def spec(self) -> ProbeSpec:
        return ProbeSpec("cpu", "Processor", self.collect, 5.0)


def recording_collect(monkeypatch) -> list[Snapshot]:
    """engine.collect, recording the snapshot of every call."""
    snapshots: list[Snapshot] = []
    real = engine.collect

    def collect(*args, **kwargs):
        snapshot = real(*args, **kwargs)
        snapshots.append(snapshot)
        return snapshot

    monkeypatch.setattr(engine, "collect", collect)
    return snapshots


async def test_the_tui_and_the_cli_run_probes_through_the_same_engine_function(monkeypatch, tmp_path, capsys):
    snapshots = recording_collect(monkeypatch)
    probe = CountingProbe()
    monkeypatch.setattr(engine, "load_probes", lambda ids=None: [probe.spec])  # the CLI's probes, by id
    output = tmp_path / "report.json"
    cli.main(["check", "--only", "cpu", "--format", "json", "--output", str(output)])
    assert probe.calls == 1 and len(snapshots) == 1
    cli_fact = json.loads(output.read_text())["facts"]["cpu"]

    app = build(desk_profile(questions=False, network=False), [probe.spec])
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        # Run once by the engine, not a second time by a loop of the TUI's own.
        assert probe.calls == 2 and len(snapshots) == 2
        tui_result = app.session.states["cpu"].result
    assert snapshots[1].results["cpu"] is tui_result
    assert (tui_result.status, dict(tui_result.values), tui_result.notes) == ("ok", GOOD_FACTS["cpu"], ("counted",))
    assert (cli_fact["status"], cli_fact["values"], cli_fact["notes"]) == ("ok", GOOD_FACTS["cpu"], ["counted"])


async def test_one_run_of_the_tui_is_one_engine_call_for_all_its_probes(monkeypatch):
    snapshots = recording_collect(monkeypatch)
    specs = [facts_probe(probe, values) for probe, values in GOOD_FACTS.items()]
    app = build(desk_profile(questions=False), specs)
    async with app.run_test(size=(80, 24)) as pilot:
        await finish_run(pilot)
        assert len(snapshots) == 1 and set(snapshots[0].results) == set(GOOD_FACTS)


async def test_a_stopped_run_shows_cancelled_from_the_field_and_keeps_partial_values(monkeypatch):
    started = threading.Event()

    def measures_until_stopped(ctx: ProbeContext) -> dict:
        started.set()
        while not ctx.cancelled:
            ctx.cancel_event.wait(0.01)
        raise ProbeError("stopped", values={"latency_ms": 20.0})

    app = build(desk_profile(questions=False), [ProbeSpec("network", "Internet", measures_until_stopped, 30.0)])
    async with app.run_test(size=(80, 24)) as pilot:
        assert started.wait(5.0)
        await pilot.press("escape")
        await finish_run(pilot)
        state = app.session.states["network"]
        assert state.state is RunState.CANCELLED
        assert (state.result.cancelled, state.result.partial, dict(state.result.values)) == (True, True, {"latency_ms": 20.0})


def test_the_snapshot_of_a_run_records_a_result_whose_finish_event_never_came():
    session = Session([facts_probe("cpu", {}), facts_probe("memory", {})], desk_profile())
    run_id, _ = session.begin_run()
    arrived = ProbeResult("cpu", "ok", 0.1, values={"cores": 4})
    session.on_finished(arrived, run_id)
    lost = ProbeResult("memory", "error", 0.1, "RuntimeError: the event callback failed")
    snapshot = Snapshot(results={"cpu": ProbeResult("cpu", "ok", 0.2, values={"cores": 8}), "memory": lost})
    assert session.on_run_finished(snapshot, run_id) == ["memory"]
    assert session.states["cpu"].result is arrived  # what the screen already showed stays
    assert session.states["memory"].result is lost and session.states["memory"].state is RunState.ERROR
    assert session.on_run_finished(snapshot, run_id - 1) == []  # an older run changes nothing


def test_a_result_is_cancelled_by_its_field_not_by_its_words():
    session = Session([facts_probe("cpu", {})], desk_profile())
    run_id, _ = session.begin_run()
    session.on_finished(ProbeResult("cpu", "error", 0.1, error="cancelled by the user"), run_id)
    assert session.states["cpu"].state is RunState.ERROR and not session.cancelled

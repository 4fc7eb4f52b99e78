"""What one TUI session knows: per-probe run state, answers and the latest report. No Textual here.

The screens display this state; the app changes it only from probe events (delivered as messages on
the UI thread) and user input, so there is one place that decides what "running" or "done" means.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rigcheck.facts import network as network_facts
from rigcheck.model import ProbeResult, Profile, Report, Snapshot
from rigcheck.probes import PROBE_IDS, PROBE_TITLES
from rigcheck.probes.base import ProbeSpec


class RunState(StrEnum):
    """Where a probe is on the run screen: not finished yet, or how it ended (a ProbeStatus or cancelled)."""

    WAITING = "waiting"
    RUNNING = "running"
    OK = "ok"
    ERROR = "error"
    TIMEOUT = "timeout"
    UNSUPPORTED = "unsupported"
    CANCELLED = "cancelled"

# Enough points for a sparkline as wide as an 80-column screen allows.
THROUGHPUT_HISTORY = 60


@dataclass
class ProbeState:
    """Live state of one probe on the run screen."""

    probe: str
    title: str
    state: RunState = RunState.WAITING
    run_id: int = 0
    started_at: float | None = None
    finished_at: float | None = None
    phase: str = ""
    fraction: float | None = None
    mbps: float | None = None
    mbps_history: list[float] = field(default_factory=list)
    # The latest Mbit/s of each phase ("download", "upload"): the download figure stays in view
    # while the upload runs.
    phase_mbps: dict[str, float] = field(default_factory=dict)
    latency_ms: float | None = None  # the voice path's latest round trip (idle, then under load)
    at_most_left_s: float | None = None  # the network test's time left, at the latest
    result: ProbeResult | None = None

    @property
    def finished(self) -> bool:
        return self.state not in (RunState.WAITING, RunState.RUNNING)

    def elapsed_s(self, now: float) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at if self.finished_at is not None else now
        return max(0.0, end - self.started_at)


class Session:
    """The applicant's run: which probes, their states, the answers and the scored report."""

    def __init__(
        self,
        probe_specs: Sequence[ProbeSpec],
        profile: Profile | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.specs: dict[str, ProbeSpec] = {spec.id: spec for spec in probe_specs}
        self.profile = profile
        self.clock = clock
        self.states: dict[str, ProbeState] = {
            spec.id: ProbeState(spec.id, spec.title or PROBE_TITLES.get(spec.id, spec.id)) for spec in probe_specs
        }
        self.answers: dict[str, str] = {}
        # Questions the applicant has answered or skipped: kept across runs, so `R` does not ask again.
        self.asked: set[str] = set()
        self.report: Report | None = None
        # The mic step's outcome (figures, the audio library's error, whether the tone was heard).
        self.mic_measurement: Any = None
        self.mic_error: str | None = None
        self.mic_heard: str | None = None
        self.mic_result: ProbeResult | None = None  # the mic step's recording, scored like the mic probe's
        self.saved_report: Report | None = None
        self._run_counter = 0

    # -- runs -------------------------------------------------------------------------------------
    def begin_run(self, probe_ids: Sequence[str] | None = None) -> tuple[int, list[str]]:
        """Reset the named probes (default: all) to waiting; returns the new run id and the ids."""
        self._run_counter += 1
        ids = list(probe_ids) if probe_ids is not None else list(self.specs)
        for probe_id in ids:
            state = self.states[probe_id]
            self.states[probe_id] = ProbeState(probe_id, state.title, run_id=self._run_counter)
        return self._run_counter, ids

    def is_current(self, probe_id: str, run_id: int) -> bool:
        state = self.states.get(probe_id)
        return state is not None and state.run_id == run_id

    def on_started(self, probe_id: str, run_id: int) -> bool:
        if not self.is_current(probe_id, run_id):
            return False
        state = self.states[probe_id]
        state.state = RunState.RUNNING
        state.started_at = self.clock()
        return True

    def on_progress(
        self,
        probe_id: str,
        run_id: int,
        phase: str,
        fraction: float | None,
        detail: Mapping[str, Any],
        mbps_history: Sequence[float] | None = None,
        phase_mbps: Mapping[str, float] | None = None,
    ) -> bool:
        """A progress event; `mbps_history` (all samples so far) replaces the one kept here when given."""
        if not self.is_current(probe_id, run_id) or self.states[probe_id].finished:
            return False
        from rigcheck.tui.present import first_mbps

        state = self.states[probe_id]
        state.state = RunState.RUNNING
        if state.started_at is None:
            state.started_at = self.clock()
        state.phase = phase
        if fraction is not None:  # "no figure this time" keeps the bar where it was
            state.fraction = fraction
        mbps = first_mbps(detail)
        if mbps is not None:
            state.mbps = mbps
            state.phase_mbps[phase] = mbps
            if mbps_history is None:
                state.mbps_history.append(mbps)
        if mbps_history is not None:
            state.mbps_history = list(mbps_history)
        if phase_mbps:
            state.phase_mbps.update(phase_mbps)
        latency = detail.get(network_facts.PROGRESS_LATENCY_MS)
        if isinstance(latency, (int, float)) and not isinstance(latency, bool):
            state.latency_ms = float(latency)
        left_s = detail.get(network_facts.PROGRESS_AT_MOST_LEFT_S)
        if isinstance(left_s, (int, float)) and not isinstance(left_s, bool):
            state.at_most_left_s = float(left_s)
        del state.mbps_history[:-THROUGHPUT_HISTORY]
        return True

    def on_finished(self, result: ProbeResult, run_id: int) -> bool:
        if not self.is_current(result.probe, run_id):
            return False
        state = self.states[result.probe]
        state.result = result
        state.finished_at = self.clock()
        if state.started_at is None:
            state.started_at = state.finished_at
        state.state = RunState.CANCELLED if result.cancelled else RunState(result.status.value)
        return True

    def on_run_finished(self, snapshot: Snapshot, run_id: int) -> list[str]:
        """The engine's snapshot of a run: records any result whose finish event never arrived; returns their ids."""
        late = [probe for probe, result in snapshot.results.items()
                if self.is_current(probe, run_id) and self.states[probe].result is None]
        for probe in late:
            self.on_finished(snapshot.results[probe], run_id)
        return late

    @property
    def unsaved_report(self) -> bool:
        """A scored report exists that has not been written to a file (or changed since)."""
        return self.report is not None and self.report is not self.saved_report

    @property
    def running(self) -> bool:
        return any(not state.finished for state in self.states.values())

    @property
    def cancelled(self) -> bool:
        return any(state.state == RunState.CANCELLED for state in self.states.values())

    # -- scoring ----------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The results so far; probes that never ran are recorded as skipped, not invented."""
        results = {probe: state.result for probe, state in self.states.items() if state.result is not None}
        skipped = frozenset(probe for probe in PROBE_IDS if probe not in results)
        if self.mic_result is not None:
            results[self.mic_result.probe] = self.mic_result
        return Snapshot(results=results, skipped=skipped)

    def questions(self):
        from rigcheck.scoring import questions_for  # the profile's questions and those the facts raise

        return questions_for(self.snapshot(), self.profile) if self.profile else ()

"""Step 2: every probe with its live state, and the network test's phase and Mbit/s."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, ProgressBar, Static
from textual.widgets.data_table import ColumnKey

from rigcheck.model import CheckResult, ProbeProblem
from rigcheck.render import words
from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import (
    column_widths,
    format_number,
    outcome_label,
    probe_outcome,
    probe_state_label,
    summarize_result,
)
from rigcheck.tui.screens.base import StepScreen
from rigcheck.tui.session import ProbeState, RunState

LIVE_PROBE = "network"
STATE_WIDTH = 16  # "▶ running 12.5 s"
OUTCOME_WIDTH = 11  # "? NO RESULT"
STATE_STYLES = {
    RunState.WAITING: "dim",
    RunState.RUNNING: "bold",
    RunState.OK: "",
    RunState.ERROR: "red",
    RunState.TIMEOUT: "red",
    RunState.UNSUPPORTED: "yellow",
    RunState.CANCELLED: "yellow",
}
OUTCOME_STYLES = {"pass": "green", "warn": "yellow", "fail": "bold red", "unknown": "magenta", "skipped": "dim"}
# The network probe's phases, as the applicant reads them.
PHASE_WORDS = {
    "voice": "voice path (latency, jitter, loss)",
    "download": "download",
    "upload": "upload",
    "settle": "packet loss (listening until the figure is certain)",
    "done": "finishing",
}


SPARK_LEVELS = "▁▂▃▄▅▆▇█"
HISTORY_WIDTH = 24


def speed_history(samples: list[float], width: int = HISTORY_WIDTH) -> str:
    """The latest Mbit/s samples as a one-line bar chart scaled to their maximum."""
    recent = samples[-width:]
    top = max(recent, default=0.0)
    if top <= 0:
        return SPARK_LEVELS[0] * len(recent)
    return "".join(SPARK_LEVELS[min(len(SPARK_LEVELS) - 1, int(value / top * (len(SPARK_LEVELS) - 1) + 0.5))] for value in recent)


def live_figures(state: ProbeState) -> str:
    """What the network test is doing and the figures so far: 'measuring download  ↓ 88.5 Mbit/s  latency 21 ms'."""
    phase = PHASE_WORDS.get(state.phase, state.phase or "starting")
    figures = []
    if "download" in state.phase_mbps:
        figures.append(f"↓ {format_number(state.phase_mbps['download'])} Mbit/s")
    if "upload" in state.phase_mbps:
        figures.append(f"↑ {format_number(state.phase_mbps['upload'])} Mbit/s")
    if state.latency_ms is not None:
        figures.append(f"latency {format_number(state.latency_ms)} ms")
    return "  ".join([f"measuring {phase}", *figures])


class RunScreen(StepScreen):
    """Shows probes as they run; nothing here blocks, Esc or Ctrl+C stops the run."""

    STEP = "Checks"
    HEADING = "Checking your computer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop"),
        Binding("enter", "continue", "Continue"),
        Binding("r", "run_again", "Run again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The checks and probe problems scored from what has finished so far.
        self._checks: tuple[CheckResult, ...] = ()
        self._problems: dict[str, ProbeProblem] = {}

    def compose_body(self) -> ComposeResult:
        table: DataTable = DataTable(id="probe-table", cursor_type="none", zebra_stripes=False)
        # Not focusable: Enter and Esc belong to the screen (continue / stop), not to the table.
        table.can_focus = False
        yield table
        with Vertical(id="network-panel"):
            yield Static("Internet speed test: waiting", id="network-phase", markup=False)
            with Horizontal(id="network-bars"):
                yield ProgressBar(total=1.0, show_eta=False, id="network-progress")
                yield Static("", id="network-history", markup=False)
        yield Static("", id="run-status", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#probe-table", DataTable)
        table.add_column("State", key="state", width=STATE_WIDTH)
        table.add_column("Outcome", key="outcome", width=OUTCOME_WIDTH)
        table.add_column("Check", key="check", width=20)
        table.add_column("What it found", key="result", width=20)
        for state in self.rig.session.states.values():
            table.add_row(*self._cells(state), key=state.probe)
        self._rescore()
        self._fit_columns()
        self.query_one("#network-panel").display = LIVE_PROBE in self.rig.session.states
        self._refresh_network()
        self._refresh_status()
        # Elapsed seconds of running probes tick on their own.
        self.set_interval(0.25, self._tick)

    def _fit_columns(self) -> None:
        """Whole probe titles where they fit; what each probe found gets the rest of the width."""
        table = self.query_one("#probe-table", DataTable)
        states = list(self.rig.session.states.values())
        # Cell padding (2 per column), the table's margins and a column of slack (no scrollbar: the
        # table is as tall as its rows).
        available = self.app.size.width - STATE_WIDTH - OUTCOME_WIDTH - 4 * 2 - 2 - 1
        titles = max([len(state.title) for state in states] + [10])
        check_width, result_width = column_widths(available, [titles, max(available - titles, 16)], (14, 16))
        table.columns[ColumnKey("check")].width = check_width
        table.columns[ColumnKey("result")].width = result_width
        for state in states:
            self._update_row(state.probe)
        table.refresh()

    def on_resize(self) -> None:
        self._fit_columns()

    def _rescore(self) -> None:
        # Scored afresh whenever a probe finishes: the outcome says whether what it found meets the profile.
        report = self.rig.report_so_far()
        self._checks = report.checks if report is not None else ()
        self._problems = {problem.probe: problem for problem in report.problems} if report is not None else {}

    def _cells(self, state: ProbeState) -> tuple[Text, Text, Text, Text]:
        label = probe_state_label(state.state)
        elapsed = state.elapsed_s(self.rig.clock())
        if elapsed is not None and state.state == RunState.RUNNING:  # finished: the outcome matters, not the time
            label += f" {elapsed:.1f} s"
        result = ""
        problem = self._problems.get(state.probe)
        if problem is not None and state.finished:
            result = words.problem_title(problem)  # the plain reason the probe could not measure, not its raw error
        elif state.result is not None:
            result = summarize_result(state.result)
        elif state.state == RunState.RUNNING and state.phase:
            result = PHASE_WORDS.get(state.phase, state.phase)
        outcome = Text("")
        if state.finished:
            status = probe_outcome(self._checks, state.probe)
            outcome = Text(outcome_label(status), style=OUTCOME_STYLES.get(status or "", "dim"))
        style = STATE_STYLES.get(state.state, "")
        return (
            Text(label, style=style),
            outcome,
            Text(state.title, no_wrap=True, overflow="ellipsis"),
            Text(result, no_wrap=True, overflow="ellipsis"),
        )

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        state = self.rig.session.states.get(message.probe)
        if state is not None and state.finished:
            self._rescore()
            for other in self.rig.session.states.values():
                self._update_row(other.probe)
        else:
            self._update_row(message.probe)
        if message.probe == LIVE_PROBE:
            self._refresh_network()
        self._refresh_status()

    def _update_row(self, probe: str) -> None:
        table = self.query_one("#probe-table", DataTable)
        state = self.rig.session.states.get(probe)
        if state is None:
            return
        for column, cell in zip(("state", "outcome", "check", "result"), self._cells(state)):
            table.update_cell(probe, column, cell, update_width=False)

    def _tick(self) -> None:
        for state in self.rig.session.states.values():
            if state.state == RunState.RUNNING:
                self._update_row(state.probe)

    def _refresh_network(self) -> None:
        state = self.rig.session.states.get(LIVE_PROBE)
        if state is None:
            return
        phase = self.query_one("#network-phase", Static)
        progress = self.query_one("#network-progress", ProgressBar)
        history = self.query_one("#network-history", Static)
        if state.state == RunState.WAITING:
            phase.update("Internet speed test: waiting")
        elif state.state == RunState.RUNNING:
            phase.update(f"Internet speed test: {live_figures(state)}")
        else:
            problem = self._problems.get(LIVE_PROBE)
            text = words.problem_title(problem) if problem is not None else (summarize_result(state.result) if state.result else "")
            phase.update(f"Internet speed test: {probe_state_label(state.state)} — {text}")
        # A finished test fills the bar; a stopped or failed one stays where it stopped.
        progress.update(progress=1.0 if state.state == RunState.OK else (state.fraction or 0.0))
        history.update(f"Mbit/s {speed_history(state.mbps_history)}" if state.mbps_history else "")

    def _refresh_status(self) -> None:
        session = self.rig.session
        status = self.query_one("#run-status", Static)
        if session.running:
            done = sum(1 for state in session.states.values() if state.finished)
            status.update(f"{done} of {len(session.states)} checks done.  Esc stops the run.")
        elif session.cancelled:
            status.update("Stopped. Press r to run the checks again, Enter to see what was measured, or q to quit.")
        else:
            status.update("All checks done. Press Enter to continue.")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        running = self.rig.session.running
        if action == "stop":
            return running
        if action in ("continue", "run_again"):
            return not running
        return True

    def action_stop(self) -> None:
        if self.rig.cancel_run():
            self.query_one("#run-status", Static).update("Stopping…")

    def action_continue(self) -> None:
        if not self.rig.session.running:
            self.rig.after_run()

    def action_run_again(self) -> None:
        if not self.rig.session.running:
            self.rig.start_run()

    def step_commands(self) -> Iterable[SystemCommand]:
        if self.rig.session.running:
            yield SystemCommand("Stop the checks", "Stop every running check", self.action_stop)
        else:
            yield SystemCommand("Continue", "Go on to the questions and the results", self.action_continue)
            yield SystemCommand("Run all checks again", "Measure everything again", self.action_run_again)

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

from rigcheck.i18n import N_, _, ngettext
from rigcheck.model import CheckResult, ProbeProblem
from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import (
    column_widths,
    format_number,
    outcome_label,
    probe_outcome,
    probe_state_label,
    problem_title,
    summarize_result,
)
from rigcheck.tui.screens.base import StepScreen
from rigcheck.tui.session import ProbeState, RunState

LIVE_PROBE = "network"
CHECK_WIDTH_MAX = 20  # the probe titles' column; longer titles wrap
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
    "voice": N_("call path (delay, jitter, lost sound)"),
    "download": N_("download"),
    "upload": N_("upload"),
    "settle": N_("lost sound (listening until the figure is certain)"),
    "done": N_("finishing"),
}


def phase_word(phase: str) -> str:
    word = PHASE_WORDS.get(phase)
    return _(word) if word else phase


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
    phase = phase_word(state.phase) if state.phase else _("starting")
    figures = []
    if "download" in state.phase_mbps:
        figures.append(f"↓ {format_number(state.phase_mbps['download'])} Mbit/s")
    if "upload" in state.phase_mbps:
        figures.append(f"↑ {format_number(state.phase_mbps['upload'])} Mbit/s")
    if state.latency_ms is not None:
        figures.append(_("delay %(ms)s ms") % {"ms": format_number(state.latency_ms)})
    if state.at_most_left_s is not None:
        figures.append(_("at most %(seconds)s s left") % {"seconds": int(state.at_most_left_s)})
    return "  ".join([_("measuring %(phase)s") % {"phase": phase}, *figures])


class RunScreen(StepScreen):
    """Shows probes as they run; nothing here blocks, Esc or Ctrl+C stops the run."""

    STEP = "Checks"
    HEADING = N_("Checking your computer")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", N_("Stop")),
        # Priority: the focused list would otherwise take Enter.
        Binding("enter", "continue", N_("Continue"), priority=True),
        Binding("r", "run_again", N_("Run again")),
    ]

    def __init__(self) -> None:
        super().__init__()
        # The checks and probe problems scored from what has finished so far.
        self._checks: tuple[CheckResult, ...] = ()
        self._problems: dict[str, ProbeProblem] = {}

    def compose_body(self) -> ComposeResult:
        yield Static("", id="run-profile", markup=False)
        # Focusable with a row cursor: ↑/↓ reach every row when the list is taller than the screen.
        yield DataTable(id="probe-table", cursor_type="row", zebra_stripes=False, show_cursor=False)
        with Vertical(id="network-panel"):
            yield Static(_("Internet speed test: waiting"), id="network-phase", markup=False)
            with Horizontal(id="network-bars"):
                yield ProgressBar(total=1.0, show_eta=False, id="network-progress")
                yield Static("", id="network-history", markup=False)
        yield Static("", id="run-status", markup=False)

    def on_mount(self) -> None:
        # Elapsed seconds of running probes tick on their own.
        self.set_interval(0.25, self._tick)

    def after_compose(self) -> None:
        super().after_compose()
        profile = self.rig.profile
        if profile is not None:  # chosen on the command line too: which rules this run is checked against
            self.query_one("#run-profile", Static).update(
                _("Checking against: %(profile)s") % {"profile": profile.name or profile.id})
        table = self.query_one("#probe-table", DataTable)
        table.add_column(_("Result"), key="outcome", width=self._outcome_width())
        table.add_column(_("Check"), key="check", width=20)
        table.add_column(_("What it found"), key="result", width=20)
        self._rescore()
        self._fit_columns()
        table.focus()
        self.query_one("#network-panel").display = LIVE_PROBE in self.rig.session.states
        self._refresh_network()
        self._refresh_status()

    @staticmethod
    def _outcome_width() -> int:
        # As wide as the longest word it can show in this language ("▶ checking 12.5 s", "? Not measured").
        labels = [probe_state_label(state) for state in ("waiting", "running", "cancelled", "error", "timeout")]
        labels += [outcome_label(status) for status in ("pass", "warn", "fail", "unknown", "skipped", None)]
        return max(len(label) for label in labels + [probe_state_label("running") + " 99.9 s"])

    def _fit_columns(self) -> None:
        """Whole probe titles where they fit; what each probe found gets the rest of the width (wrapped)."""
        table = self.query_one("#probe-table", DataTable)
        states = list(self.rig.session.states.values())
        # Cell padding (2 per column), the table's margins, its scrollbar and a column of slack.
        available = (self.app.size.width or 80) - self._outcome_width() - 3 * 2 - 2 - 2 - 1
        # A long title wraps onto a second line: what the probe found is what the applicant came to read.
        titles = min(CHECK_WIDTH_MAX, max([len(_(state.title)) for state in states] + [10]))
        check_width, result_width = column_widths(available, [titles, max(available - titles, 16)], (14, 16))
        table.columns[ColumnKey("check")].width = check_width
        table.columns[ColumnKey("result")].width = result_width
        self._fill_rows()

    def _fill_rows(self) -> None:
        """Every row again: a row's height is measured when it is added, so a longer text needs a new row."""
        table = self.query_one("#probe-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        for state in self.rig.session.states.values():
            table.add_row(*self._cells(state), key=state.probe, height=None)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)

    def on_resize(self) -> None:
        if self.query("#probe-table"):
            self._fit_columns()

    def _rescore(self) -> None:
        # Scored afresh whenever a probe finishes: the outcome says whether what it found meets the profile.
        report = self.rig.report_so_far()
        self._checks = report.checks if report is not None else ()
        self._problems = {problem.probe: problem for problem in report.problems} if report is not None else {}

    def _cells(self, state: ProbeState) -> tuple[Text, Text, Text]:
        result = ""
        problem = self._problems.get(state.probe)
        if problem is not None and state.finished:
            result = problem_title(problem)  # the plain reason the probe could not measure, not its raw error
        elif state.result is not None:
            result = summarize_result(state.result)
        elif state.state == RunState.RUNNING and state.phase:
            result = phase_word(state.phase)
        if state.state == RunState.CANCELLED:  # stopped by the applicant: that, not "not measured", is why
            outcome = Text(probe_state_label(state.state), style=STATE_STYLES[state.state])
        elif state.finished:
            # One word per row: whether what it found meets the profile (how the probe ended is in the text).
            status = probe_outcome(self._checks, state.probe)
            outcome = Text(outcome_label(status), style=OUTCOME_STYLES.get(status or "", "dim"))
        else:
            label = probe_state_label(state.state)
            elapsed = state.elapsed_s(self.rig.clock())
            if elapsed is not None and state.state == RunState.RUNNING:
                label += f" {elapsed:.1f} s"
            outcome = Text(label, style=STATE_STYLES.get(state.state, ""))
        # Long cells wrap onto more lines rather than hiding words behind "…".
        return outcome, Text(_(state.title)), Text(result)

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        if not self.query("#probe-table"):
            return
        state = self.rig.session.states.get(message.probe)
        if state is not None and state.finished:
            self._rescore()
        self._fill_rows()
        if message.probe == LIVE_PROBE:
            self._refresh_network()
        self._refresh_status()

    def _tick(self) -> None:
        if not self.query("#probe-table"):
            return
        table = self.query_one("#probe-table", DataTable)
        for state in self.rig.session.states.values():
            if state.state == RunState.RUNNING:  # only the elapsed time moves: one short cell
                table.update_cell(state.probe, "outcome", self._cells(state)[0], update_width=False)

    def _refresh_network(self) -> None:
        state = self.rig.session.states.get(LIVE_PROBE)
        if state is None:
            return
        phase = self.query_one("#network-phase", Static)
        progress = self.query_one("#network-progress", ProgressBar)
        history = self.query_one("#network-history", Static)
        if state.state == RunState.WAITING:
            phase.update(_("Internet speed test: waiting"))
        elif state.state == RunState.RUNNING:
            phase.update(_("Internet speed test: %(progress)s") % {"progress": live_figures(state)})
        else:
            problem = self._problems.get(LIVE_PROBE)
            text = problem_title(problem) if problem is not None else (summarize_result(state.result) if state.result else "")
            outcome = outcome_label(probe_outcome(self._checks, LIVE_PROBE))
            phase.update(_("Internet speed test: %(outcome)s — %(found)s") % {"outcome": outcome, "found": text})
        # A finished test fills the bar; a stopped or failed one stays where it stopped.
        progress.update(progress=1.0 if state.state == RunState.OK else (state.fraction or 0.0))
        history.update(f"Mbit/s {speed_history(state.mbps_history)}" if state.mbps_history else "")

    def _refresh_status(self) -> None:
        session = self.rig.session
        status = self.query_one("#run-status", Static)
        if session.running:
            done = sum(1 for state in session.states.values() if state.finished)
            status.update(ngettext("%(done)d of %(count)d check done.  Esc stops the run.",
                                   "%(done)d of %(count)d checks done.  Esc stops the run.", len(session.states))
                          % {"done": done, "count": len(session.states)})
        elif session.cancelled:
            status.update(_("Stopped. Press r to run the checks again, Enter to see what was measured, or q to quit."))
        else:
            status.update(_("All checks done. Press Enter to continue."))
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
            self.query_one("#run-status", Static).update(_("Stopping…"))

    def action_continue(self) -> None:
        if not self.rig.session.running:
            self.rig.after_run()

    def action_run_again(self) -> None:
        if not self.rig.session.running:
            self.rig.start_run()

    def step_commands(self) -> Iterable[SystemCommand]:
        if self.rig.session.running:
            yield SystemCommand(_("Stop the checks"), _("Stop every running check"), self.action_stop)
        else:
            yield SystemCommand(_("Continue"), _("Go on to the questions and the results"), self.action_continue)
            yield SystemCommand(_("Run all checks again"), _("Measure everything again"), self.action_run_again)

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

from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import format_number, probe_state_label, summarize_result
from rigcheck.tui.screens.base import StepScreen
from rigcheck.tui.session import ProbeState

LIVE_PROBE = "network"
STATE_WIDTH = 18
CHECK_WIDTH = 24
WIDE_CHECK_WIDTH = 32
STATE_STYLES = {
    "waiting": "dim",
    "running": "bold",
    "ok": "green",
    "error": "red",
    "timeout": "red",
    "unsupported": "yellow",
    "cancelled": "yellow",
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


class RunScreen(StepScreen):
    """Shows probes as they run; nothing here blocks, Esc or Ctrl+C stops the run."""

    STEP = "Checks"
    HEADING = "Checking your computer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stop", "Stop"),
        Binding("enter", "continue", "Continue"),
        Binding("r", "run_again", "Run again"),
    ]

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
        table.add_column("Check", key="check", width=self._check_width())
        table.add_column("Result", key="result", width=self._result_width())
        for state in self.rig.session.states.values():
            table.add_row(*self._cells(state), key=state.probe)
        self.query_one("#network-panel").display = LIVE_PROBE in self.rig.session.states
        self._refresh_network()
        self._refresh_status()
        # Elapsed seconds of running probes tick on their own.
        self.set_interval(0.25, self._tick)

    def _check_width(self) -> int:
        # Whole probe titles once there is room for them.
        return CHECK_WIDTH if self.app.size.width < 100 else WIDE_CHECK_WIDTH

    def _result_width(self) -> int:
        # Cell padding (2 per column), the table's margins and a scrollbar's worth of slack.
        return max(20, self.app.size.width - STATE_WIDTH - self._check_width() - 10)

    def on_resize(self) -> None:
        table = self.query_one("#probe-table", DataTable)
        for key, width in (("check", self._check_width()), ("result", self._result_width())):
            column = table.columns.get(ColumnKey(key))
            if column is not None:
                column.width = width
        for state in self.rig.session.states.values():
            self._update_row(state.probe)
        table.refresh()

    def _cells(self, state: ProbeState) -> tuple[Text, Text, Text]:
        label = probe_state_label(state.state)
        elapsed = state.elapsed_s(self.rig.clock())
        if elapsed is not None and state.state != "waiting":
            label += f" {elapsed:.1f} s"
        result = ""
        if state.result is not None:
            result = summarize_result(state.result)
        elif state.state == "running" and state.phase:
            result = state.phase
        style = STATE_STYLES.get(state.state, "")
        width = self._check_width()
        title = state.title if len(state.title) <= width else state.title[: width - 1] + "…"
        return Text(label, style=style), Text(title), Text(result, no_wrap=True, overflow="ellipsis")

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        self._update_row(message.probe)
        if message.probe == LIVE_PROBE:
            self._refresh_network()
        self._refresh_status()

    def _update_row(self, probe: str) -> None:
        table = self.query_one("#probe-table", DataTable)
        state = self.rig.session.states.get(probe)
        if state is None:
            return
        for column, cell in zip(("state", "check", "result"), self._cells(state)):
            table.update_cell(probe, column, cell, update_width=False)

    def _tick(self) -> None:
        for state in self.rig.session.states.values():
            if state.state == "running":
                self._update_row(state.probe)

    def _refresh_network(self) -> None:
        state = self.rig.session.states.get(LIVE_PROBE)
        if state is None:
            return
        phase = self.query_one("#network-phase", Static)
        progress = self.query_one("#network-progress", ProgressBar)
        history = self.query_one("#network-history", Static)
        if state.state == "waiting":
            phase.update("Internet speed test: waiting")
        elif state.state == "running":
            speed = f"  {format_number(state.mbps)} Mbit/s" if state.mbps is not None else ""
            phase.update(f"Internet speed test: {state.phase or 'starting'}{speed}")
        else:
            text = summarize_result(state.result) if state.result else ""
            phase.update(f"Internet speed test: {probe_state_label(state.state)} — {text}")
        if state.finished:
            progress.update(progress=1.0)
        else:
            progress.update(progress=state.fraction or 0.0)
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

"""Step 5: the verdict banner, every check with status word and symbol, fixes, details, re-runs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rigcheck.model import CheckResult
from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import (
    VERDICT_EXPLANATIONS,
    check_detail_lines,
    check_status_label,
    expected_text,
    format_number,
    observed_text,
    probe_state_label,
    summarize_result,
    verdict_label,
)
from rigcheck.tui.screens.base import StepScreen

STATUS_STYLES = {"pass": "green", "warn": "yellow", "fail": "bold red", "unknown": "magenta", "skipped": "dim"}
VERDICT_CLASSES = {
    "ready": "verdict-ready",
    "ready_with_warnings": "verdict-warn",
    "not_ready": "verdict-fail",
    "incomplete": "verdict-incomplete",
}
# Failures first: what needs fixing is what the applicant should read first.
STATUS_ORDER = {"fail": 0, "unknown": 1, "warn": 2, "pass": 3, "skipped": 4}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class ResultsScreen(StepScreen):
    """The scored report. Select a check to read its details; r re-runs the probe behind it."""

    STEP = "Results"
    HEADING = "Your results"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the focused table would otherwise take Enter without the footer showing it.
        Binding("enter", "details", "Details", priority=True),
        Binding("r", "rerun", "Re-run"),
        Binding("R", "rerun_all", "Re-run all", show=False),
        Binding("a", "answers", "Answers", show=False),
        Binding("s", "save", "Save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rerunning: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static("", id="verdict", markup=False)
        yield DataTable(id="checks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="rerun-status", markup=False)
        with VerticalScroll(id="fixes-box"):
            yield Static("", id="check-detail", markup=False)
            yield Static("", id="all-fixes", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#checks", DataTable)
        table.add_column("Status", key="status", width=10)
        table.add_column("Check", key="check")
        table.add_column("Observed", key="observed")
        table.add_column("Required", key="required")
        self.refresh_report()
        table.focus()
        self.set_interval(0.25, self._show_rerun_progress)

    def on_resize(self) -> None:
        self.refresh_report()

    # -- display ------------------------------------------------------------------------------------
    @property
    def checks(self) -> list[CheckResult]:
        report = self.rig.session.report
        if report is None:
            return []
        return sorted(report.checks, key=lambda check: STATUS_ORDER.get(check.status, 9))

    def refresh_report(self) -> None:
        """Redraw from the session's report, keeping the selected check where it was."""
        report = self.rig.session.report
        if report is None:
            return
        banner = self.query_one("#verdict", Static)
        counts = report.counts()
        tally = " · ".join(f"{counts[status]} {status}" for status in ("fail", "unknown", "warn", "pass") if counts[status])
        banner.update(
            f"{verdict_label(report.verdict)}   score {report.score}/100   {tally}\n"
            f"{VERDICT_EXPLANATIONS.get(report.verdict, '')}"
        )
        banner.set_classes(VERDICT_CLASSES.get(report.verdict, ""))
        table = self.query_one("#checks", DataTable)
        selected = self._selected_check_id()
        table.clear()
        width = max(80, self.size.width or 80)
        title_width = 26 + (width - 80) * 2 // 3
        value_width = 16 + (width - 80) // 6
        row_to_select = 0
        for row, check in enumerate(self.checks):
            title = check.title + ("" if check.required else " (rec.)")
            table.add_row(
                Text(check_status_label(check.status), style=STATUS_STYLES.get(check.status, "")),
                Text(_clip(title, title_width)),
                Text(_clip(observed_text(check), value_width)),
                Text(_clip(expected_text(check), value_width)),
                key=check.id,
            )
            if check.id == selected:
                row_to_select = row
        if self.checks:
            table.move_cursor(row=row_to_select)
        self._show_detail()
        self._show_fixes()

    def _show_fixes(self) -> None:
        """Every check that needs attention with what to do, so nothing hides behind the cursor."""
        fixes = [
            f"{check_status_label(check.status)}  {check.title}: {check.hint}"
            for check in self.checks
            if check.status in ("fail", "warn", "unknown") and check.hint
        ]
        parts = ["What to fix:", *fixes] if fixes else []
        if self.rig.session.mic_summary:
            parts += ["", "Mic check (for you, not scored): " + "; ".join(self.rig.session.mic_summary)]
        text = "\n".join(parts)
        self.query_one("#all-fixes", Static).update(text)

    def _selected_check_id(self) -> str | None:
        table = self.query_one("#checks", DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def selected_check(self) -> CheckResult | None:
        check_id = self._selected_check_id()
        return next((check for check in self.checks if check.id == check_id), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_details()

    def _show_detail(self) -> None:
        check = self.selected_check()
        detail = self.query_one("#check-detail", Static)
        if check is None:
            detail.update("")
            return
        lines = [f"{check.title}: {check.message}" if check.message else check.title]
        if check.hint and check.status in ("fail", "warn", "unknown"):
            lines.append(f"How to fix: {check.hint}")
        detail.update("\n".join(lines))

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        state = self.rig.session.states.get(message.probe)
        if state is None:
            return
        if state.finished:
            self.rig.show_results()
            self._rerunning.discard(message.probe)
            text = summarize_result(state.result) if state.result else ""
            self.query_one("#rerun-status", Static).update(
                f"{state.title} checked again: {probe_state_label(state.state)} — {text}"
            )
        else:
            self._rerunning.add(message.probe)
            self._show_rerun_progress()

    def _show_rerun_progress(self) -> None:
        """While a probe is measured again: its state, elapsed time and, for the network, phase and speed."""
        lines = []
        for probe in sorted(self._rerunning):
            state = self.rig.session.states[probe]
            if state.finished:
                continue
            elapsed = state.elapsed_s(self.rig.clock())
            text = f"Checking {state.title} again… {probe_state_label(state.state)}"
            if elapsed is not None:
                text += f" {elapsed:.1f} s"
            if state.phase:
                text += f" · {state.phase}"
            if state.mbps is not None:
                text += f" {format_number(state.mbps)} Mbit/s"
            lines.append(text)
        if lines:
            self.query_one("#rerun-status", Static).update("\n".join(lines))

    # -- actions ------------------------------------------------------------------------------------
    def action_details(self) -> None:
        check = self.selected_check()
        if check is not None:
            self.app.push_screen(CheckDetailsScreen(check, self._probe_lines(check)))

    def _probe_lines(self, check: CheckResult) -> list[str]:
        state = self.rig.session.states.get(check.probe)
        if state is None or state.result is None:
            return []
        result = state.result
        lines = [f"Measured by: {state.title} ({probe_state_label(state.state)})"]
        if result.error:
            lines.append(f"Probe said: {result.error}")
        return lines

    def action_rerun(self) -> None:
        check = self.selected_check()
        if check is None:
            return
        if check.probe not in self.rig.session.specs:
            if check.probe == "question":
                self.notify("This check is your answer to a question. Press a to change your answers.")
            else:
                self.notify("This check was not measured in this run, so it cannot be re-run here.")
            return
        if self.rig.session.states[check.probe].state == "running":
            return
        self.rig.start_run([check.probe])

    def action_rerun_all(self) -> None:
        from rigcheck.tui.screens.run import RunScreen

        if self.rig.session.running:
            return
        self.rig.session.report = None
        self.app.switch_screen(RunScreen())
        self.rig.start_run()

    def action_answers(self) -> None:
        if not self.rig.session.questions():
            self.notify("This profile asks no questions.")
            return
        from rigcheck.tui.screens.questions import QuestionsScreen

        self.app.switch_screen(QuestionsScreen())

    def action_save(self) -> None:
        from rigcheck.tui.screens.save import SaveScreen

        self.app.push_screen(SaveScreen())

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Save the report", "Write the report to a file you can send", self.action_save)
        yield SystemCommand("Re-run the selected check", "Measure the selected check again", self.action_rerun)
        yield SystemCommand("Re-run all checks", "Measure everything again", self.action_rerun_all)
        yield SystemCommand("Change my answers", "Answer the questions again", self.action_answers)
        yield SystemCommand("Show details", "Everything the report says about the selected check", self.action_details)


class CheckDetailsScreen(ModalScreen):
    """Everything about one check; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "dismiss", "Close")]

    def __init__(self, check: CheckResult, probe_lines: list[str]) -> None:
        super().__init__()
        self.check = check
        self.probe_lines = probe_lines

    def compose(self) -> ComposeResult:
        lines = check_detail_lines(self.check) + [""] + self.probe_lines + ["", "Esc: close"]
        with VerticalScroll(id="details-box"):
            yield Static("\n".join(lines), id="details-text", markup=False)

    async def action_dismiss(self, result: object = None) -> None:
        self.dismiss()

"""Step 5: the verdict banner, every check with status word and symbol, fixes, details, re-runs."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from rigcheck.model import CheckResult, ProbeProblem
from rigcheck.render import words
from rigcheck.render.common import SEVERITY_ORDER, STATUS_SEVERITY
from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import (
    VERDICT_EXPLANATIONS,
    check_detail_lines,
    check_status_label,
    column_widths,
    counted,
    expected_text,
    format_number,
    observed_text,
    outcome_label,
    probe_outcome,
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

STATUS_WIDTH = 9  # "? UNKNOWN", "- SKIPPED"


class ResultsScreen(StepScreen):
    """The scored report: verdict, then what to fix, then every check. Enter: details; r re-runs."""

    STEP = "Results"
    HEADING = "Your results"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the focused table would otherwise take Enter without the footer showing it.
        Binding("enter", "details", "Details", priority=True),
        Binding("r", "rerun", "Re-run"),
        Binding("R", "rerun_all", "Re-run all", show=False),
        Binding("a", "answers", "Answers", show=False),
        Binding("p", "change_profile", "Profile", show=False),
        Binding("s", "save", "Save"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rerunning: set[str] = set()

    def compose_body(self) -> ComposeResult:
        yield Static("", id="verdict", markup=False)
        with VerticalScroll(id="fixes-box"):
            yield Static("", id="all-fixes", markup=False)
        yield Static("", id="fixes-more", markup=False)
        yield DataTable(id="checks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="rerun-status", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#checks", DataTable)
        for label, key in (("Status", "status"), ("Check", "check"), ("Observed", "observed"), ("Required", "required")):
            table.add_column(label, key=key, width=STATUS_WIDTH if key == "status" else 10)
        self.refresh_report()
        table.focus()
        self.set_interval(0.25, self._show_rerun_progress)
        self.watch(self.query_one("#fixes-box"), "scroll_y", lambda _value: self._show_more_hint(), init=False)

    def on_resize(self) -> None:
        self.refresh_report()

    # -- display ------------------------------------------------------------------------------------
    @property
    def checks(self) -> list[CheckResult]:
        report = self.rig.session.report
        if report is None:
            return []
        # Most serious first, as in the reports: what needs fixing is what the applicant should read first.
        return sorted(report.checks, key=lambda check: (SEVERITY_ORDER.get(check.status, 9), not check.required))

    def _width(self) -> int:
        return max(60, self.size.width or self.app.size.width or 80)

    def refresh_report(self) -> None:
        """Redraw from the session's report, keeping the selected check where it was."""
        report = self.rig.session.report
        if report is None:
            return
        banner = self.query_one("#verdict", Static)
        counts = report.counts()
        tally = " · ".join(f"{counts[status]} {status}" for status in STATUS_SEVERITY if counts[status])
        banner.update(
            f"{verdict_label(report.verdict)}   score {report.score}/100   {tally}\n"
            f"{VERDICT_EXPLANATIONS.get(report.verdict, '')}"
        )
        banner.set_classes(VERDICT_CLASSES.get(report.verdict, ""))
        self._fill_table()
        self._show_fixes()

    def _fill_table(self) -> None:
        table = self.query_one("#checks", DataTable)
        selected = self._selected_check_id()
        checks = self.checks
        rows = [
            (
                check_status_label(check.status),
                words.check_title(check) + ("" if check.required else " (rec.)"),
                observed_text(check),
                expected_text(check),
            )
            for check in checks
        ]
        # Cell padding (2 per column), the table's margins, its scrollbar and a column of slack.
        available = self._width() - STATUS_WIDTH - 4 * 2 - 2 - 2 - 2
        natural = [max([len(row[i]) for row in rows] + [8]) for i in (1, 2, 3)]
        widths = column_widths(available, natural, (16, 10, 12))
        for key, width in zip(("check", "observed", "required"), widths):
            table.columns[ColumnKey(key)].width = width
        table.clear()
        row_to_select = 0
        for index, (check, cells) in enumerate(zip(checks, rows)):
            # Long cells wrap onto a second line rather than hiding words behind "…".
            table.add_row(
                Text(cells[0], style=STATUS_STYLES.get(check.status, "")),
                *(Text(cell) for cell in cells[1:]),
                key=check.id,
                height=None,
            )
            if check.id == selected:
                row_to_select = index
        if checks:
            table.move_cursor(row=row_to_select)

    def fix_lines(self, width: int) -> list[str]:
        """The required checks that failed or could not be measured, each with what to do, then the
        recommendations; wrapped to `width` with the fix indented under its check."""
        checks = self.checks
        report = self.rig.session.report
        problems = list(report.problems) if report is not None else []
        # Checks a probe problem left unknown are listed under that problem, which is said once.
        explained = {
            check.id: problem
            for problem in problems
            for check in checks
            if check.probe == problem.probe and check.status == "unknown" and check.fix is None
        }
        required = [check for check in checks if check.required and check.status in ("fail", "unknown", "skipped")]
        recommended = [check for check in checks
                       if not check.required and check.status in ("warn", "unknown") and check.id not in explained]
        lines = self._required_lines(checks, required, problems, explained, width)
        if recommended:
            if lines:
                lines.append("")
            lines.append(f"Recommended, not required ({len(recommended)}):")
            for check in recommended:
                lines += self._fix_item(check, width)
        if not lines:
            lines.append("Nothing to fix: every check passed.")
        if self.rig.session.mic_summary:
            lines += ["", *textwrap.wrap("Mic check (for you, not scored): " + "; ".join(self.rig.session.mic_summary), width)]
        return lines

    def _required_lines(
        self, checks: list[CheckResult], required: list[CheckResult], problems: list[ProbeProblem],
        explained: dict[str, ProbeProblem], width: int,
    ) -> list[str]:
        """Failures first, then what could not be measured: each probe problem once, then the rest."""
        lines = [f"What to fix ({counted(len(required), 'required check')}):"] if required else []
        for check in required:
            if check.status == "fail":
                lines += self._fix_item(check, width)
        for problem in problems:
            affected = [check for check in checks if explained.get(check.id) is problem]
            if affected:
                lines += self._problem_item(problem, affected, width)
        for check in required:
            if check.status != "fail" and check.id not in explained:
                lines += self._fix_item(check, width)
        return lines

    def _problem_item(self, problem: ProbeProblem, affected: list[CheckResult], width: int) -> list[str]:
        """One probe problem: what happened, what to do, and the checks it left unknown."""
        label = check_status_label("unknown")
        indent = " " * (len(label) + 2)
        state = self.rig.session.states.get(problem.probe)
        where = state.title if state is not None else problem.probe
        lines = textwrap.wrap(f"{label}  {where}: {words.problem_title(problem)}", width, subsequent_indent=indent)
        lines += textwrap.wrap(words.problem_message(problem), width, initial_indent=indent, subsequent_indent=indent)
        if words.problem_fix(problem):
            lines += textwrap.wrap(f"Fix: {words.problem_fix(problem)}", width, initial_indent=indent, subsequent_indent=indent + "     ")
        names = ", ".join(words.check_title(check) + ("" if check.required else " (rec.)") for check in affected)
        lines += textwrap.wrap(f"Not measured because of this: {names}.", width, initial_indent=indent, subsequent_indent=indent)
        return lines

    @staticmethod
    def _fix_item(check: CheckResult, width: int) -> list[str]:
        label = check_status_label(check.status)
        title, message, fix = words.check_title(check), words.check_message(check), words.check_fix(check)
        separator = " " if title.endswith("?") else ": "
        head = f"{label}  {title}" + (f"{separator}{message}" if message else "")
        indent = " " * (len(label) + 2)
        lines = textwrap.wrap(head, width, subsequent_indent=indent) or [head]
        if fix:
            lines += textwrap.wrap(f"Fix: {fix}", width, initial_indent=indent, subsequent_indent=indent + "     ")
        return lines

    def _show_fixes(self) -> None:
        """Every check that needs attention with what to do, so nothing hides behind the cursor."""
        width = max(30, self._width() - 6)
        self.query_one("#all-fixes", Static).update("\n".join(self.fix_lines(width)))
        self.call_after_refresh(self._show_more_hint)

    def _show_more_hint(self) -> None:
        # Said in words, not only by a scrollbar: the list goes on below what fits on the screen.
        box = self.query_one("#fixes-box", VerticalScroll)
        more = self.query_one("#fixes-more", Static)
        hidden = int(box.max_scroll_y - box.scroll_y)
        more.update(f"↓ {hidden} more lines of fixes: Tab to the list, then ↓ (or scroll)" if hidden > 0 else "")
        more.display = hidden > 0

    def on_descendant_focus(self) -> None:
        self.call_after_refresh(self._show_more_hint)

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

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_details()

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        state = self.rig.session.states.get(message.probe)
        if state is None:
            return
        if state.finished:
            self.rig.show_results()
            self._rerunning.discard(message.probe)
            text = summarize_result(state.result) if state.result else ""
            report = self.rig.session.report
            outcome = outcome_label(probe_outcome(report.checks if report else (), message.probe))
            self.query_one("#rerun-status", Static).update(
                f"{state.title} checked again: {probe_state_label(state.state)}, {outcome} — {text}"
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
        report = self.rig.session.report
        problem = next((p for p in (report.problems if report else ()) if p.probe == check.probe), None)
        if problem is not None:
            # The plain explanation, not the measuring library's error text.
            lines += [f"What went wrong: {words.problem_title(problem)}. {words.problem_message(problem)}",
                      f"What to do: {words.problem_fix(problem)}"]
        elif result.error:
            lines.append(f"What went wrong: {result.error}")
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

    def action_back(self) -> None:
        """One step back: the questions when the profile asks some, else the finished checks."""
        if self.rig.session.running:
            return
        if self.rig.session.questions():
            self.action_answers()
        else:
            from rigcheck.tui.screens.run import RunScreen

            self.app.switch_screen(RunScreen())

    def action_change_profile(self) -> None:
        if not self.rig.session.running:
            self.rig.change_profile()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Save the report", "Write the report to a file you can send", self.action_save)
        yield SystemCommand("Re-run the selected check", "Measure the selected check again", self.action_rerun)
        yield SystemCommand("Re-run all checks", "Measure everything again", self.action_rerun_all)
        yield SystemCommand("Change my answers", "Answer the questions again", self.action_answers)
        yield SystemCommand("Change the profile", "Choose another employer's profile and check again", self.action_change_profile)
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

"""Step 5: the verdict banner, every check with status word and symbol, fixes, details, re-runs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from rigcheck.i18n import N_, _, ngettext
from rigcheck.model import CheckResult, ProbeProblem
from rigcheck.render.common import SEVERITY_ORDER, STATUS_SEVERITY
from rigcheck.render.words import probe_trouble
from rigcheck.tui.messages import ProbeStateChanged
from rigcheck.tui.present import (
    check_detail_lines,
    check_expected,
    check_message,
    check_observed,
    check_status_label,
    column_widths,
    fix_for,
    format_number,
    outcome_label,
    probe_outcome,
    probe_state_label,
    problem_fix,
    problem_message,
    problem_of_check,
    problem_title,
    summarize_result,
    titled,
    verdict_explanation,
    verdict_label,
)
from rigcheck.tui.screens.base import StepScreen, WordedModal
from rigcheck.tui.screens.mic import mic_summary

STATUS_STYLES = {"pass": "green", "warn": "yellow", "fail": "bold red", "unknown": "magenta", "skipped": "dim"}
VERDICT_CLASSES = {
    "ready": "verdict-ready",
    "ready_with_warnings": "verdict-warn",
    "not_ready": "verdict-fail",
    "incomplete": "verdict-incomplete",
}
# Why there is no mic step (RigcheckApp.mic_skip_reason), said on the results.
MIC_SKIP_REASONS = {
    "no_microphone": N_("The microphone test was skipped: no microphone was found. Plug in your headset and "
                        "press R to check again."),
    "no_sound_check": N_("The microphone test was skipped: the sound devices could not be checked."),
    "no_test": N_("The microphone test was skipped: it cannot run on this computer."),
}
@dataclass(frozen=True)
class FixItem:
    """One entry of the fix list: a status label, what happened, then labelled lines (the fix…)."""

    label: str
    status: str
    head: str
    details: tuple[tuple[str, str], ...] = ()

    def renderable(self) -> RenderableType:
        """Label, then the text wrapped beside it; each detail's text wrapped under itself, not its label.

        Rich wraps at whatever width the screen gives, so nothing is wrapped twice.
        """
        body = Table.grid(expand=True)
        body.add_column(ratio=1)
        body.add_row(Text(self.head))
        for prefix, text in self.details:
            detail = Table.grid(expand=True)
            detail.add_column(no_wrap=True)
            detail.add_column(ratio=1)
            detail.add_row(Text(prefix), Text(text))
            body.add_row(detail)
        if not self.label:
            return body
        grid = Table.grid(expand=True, padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(self.label, style=STATUS_STYLES.get(self.status, "")), body)
        return grid


def heading(text: str) -> FixItem:
    return FixItem("", "", text)


class ResultsScreen(StepScreen):
    """The scored report: verdict, then what to fix, then every check. Enter: details; r re-runs."""

    STEP = "Results"
    HEADING = N_("Your results")
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the focused table would otherwise take Enter without the footer showing it.
        Binding("enter", "details", N_("Details"), priority=True),
        Binding("r", "rerun", N_("Check again")),
        Binding("R", "rerun_all", N_("Check all again"), show=False),
        Binding("a", "answers", N_("Answers"), show=False),
        Binding("p", "change_profile", N_("Profile"), show=False),
        Binding("s", "save", N_("Save")),
        Binding("escape", "back", N_("Back"), show=False),  # told on the help screen: the footer keeps room
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rerunning: set[str] = set()
        self._rerun_text = ""

    def compose_body(self) -> ComposeResult:
        yield Static("", id="verdict", markup=False)
        with VerticalScroll(id="fixes-box"):
            yield Static("", id="all-fixes", markup=False)
        yield Static("", id="fixes-more", markup=False)
        yield DataTable(id="checks", cursor_type="row", zebra_stripes=True)
        yield Static(self._rerun_text, id="rerun-status", markup=False)

    def on_mount(self) -> None:
        self.set_interval(0.25, self._show_rerun_progress)

    def after_compose(self) -> None:
        super().after_compose()
        table = self.query_one("#checks", DataTable)
        for label, key in ((_("Result"), "status"), (_("Check"), "check"), (_("Found"), "observed"),
                           (_("Needed"), "required")):
            table.add_column(label, key=key, width=self._status_width() if key == "status" else 10)
        self.refresh_report()
        table.focus()
        self.watch(self.query_one("#fixes-box"), "scroll_y", lambda _value: self._show_more_hint(), init=False)
        self.query_one("#rerun-status", Static).display = bool(self._rerun_text)

    @staticmethod
    def _status_width() -> int:
        return max(len(check_status_label(status)) for status in STATUS_SEVERITY)

    def on_resize(self) -> None:
        if self.query("#checks"):
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
        tally = " · ".join(f"{check_status_label(status)}: {counts[status]}" for status in STATUS_SEVERITY if counts[status])
        profile = self.rig.profile
        lines = [f"{verdict_label(report.verdict)}   " + _("score %(score)s/100") % {"score": report.score} + f"   {tally}",
                 verdict_explanation(report.verdict)]
        if profile is not None:  # which rules these results are for (also when chosen on the command line)
            lines.append(_("Checked against: %(profile)s") % {"profile": profile.name or profile.id})
        banner.update("\n".join(lines))
        banner.set_classes(VERDICT_CLASSES.get(report.verdict, ""))
        self._fill_table()
        self._show_fixes()

    def _fill_table(self) -> None:
        table = self.query_one("#checks", DataTable)
        selected = self._selected_check_id()
        checks = self.checks
        rows = [(check_status_label(check.status), titled(check), check_observed(check), check_expected(check))
                for check in checks]
        status_width = self._status_width()
        table.columns[ColumnKey("status")].width = status_width
        # Cell padding (2 per column), the table's margins, its scrollbar and a column of slack.
        available = self._width() - status_width - 4 * 2 - 2 - 2 - 2
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

    def fix_items(self) -> list[FixItem]:
        """The required checks that failed or could not be measured, each with what to do, then the
        recommendations, then the mic test."""
        checks = self.checks
        report = self.rig.session.report
        problems = list(report.problems) if report is not None else []
        # Checks a probe problem left unknown are listed under that problem, which is said once.
        explained = self._explained(checks, problems)
        required = [check for check in checks if check.required and check.status in ("fail", "unknown", "skipped")]
        recommended = [check for check in checks
                       if not check.required and check.status in ("warn", "unknown") and check.id not in explained]
        items = self._required_items(checks, required, problems, explained)
        if recommended:
            items.append(heading(ngettext("Advice, not required (%(count)d):", "Advice, not required (%(count)d):",
                                          len(recommended)) % {"count": len(recommended)}))
            items += [self._fix_item(check) for check in recommended]
        if not items:
            items.append(heading(_("Nothing to fix: every check passed.")))
        session = self.rig.session
        said_of_mic = mic_summary(session.mic_measurement, session.mic_error, session.mic_heard)
        if said_of_mic:
            items.append(heading(_("Mic test (for you, not scored): %(result)s") % {"result": "; ".join(said_of_mic)}))
        else:
            reason = self.rig.mic_skip_reason()
            if reason in MIC_SKIP_REASONS:
                items.append(heading(_(MIC_SKIP_REASONS[reason])))
        return items

    @staticmethod
    def _explained(checks: list[CheckResult], problems: list[ProbeProblem]) -> dict[str, ProbeProblem]:
        return {
            check.id: problem
            for problem in problems
            for check in checks
            if check.probe == problem.probe and check.status == "unknown" and check.fix is None
        }

    def _required_items(
        self, checks: list[CheckResult], required: list[CheckResult], problems: list[ProbeProblem],
        explained: dict[str, ProbeProblem],
    ) -> list[FixItem]:
        """Failures first, then what could not be measured: each probe problem once, then the rest."""
        items = [heading(ngettext("What to fix (%(count)d required check):", "What to fix (%(count)d required checks):",
                                  len(required)) % {"count": len(required)})] if required else []
        items += [self._fix_item(check) for check in required if check.status == "fail"]
        for problem in problems:
            affected = [check for check in checks if explained.get(check.id) is problem]
            if affected:
                items.append(self._problem_item(problem, affected))
        items += [self._fix_item(check) for check in required if check.status != "fail" and check.id not in explained]
        return items

    def _problem_item(self, problem: ProbeProblem, affected: list[CheckResult]) -> FixItem:
        """One probe problem: what happened, what to do, and the checks it left unknown."""
        state = self.rig.session.states.get(problem.probe)
        where = _(state.title) if state is not None else problem.probe
        details = [("", problem_message(problem))]
        fix = problem_fix(problem)
        if fix:
            details.append((_("Fix: "), fix))
        names = ", ".join(titled(check) for check in affected)
        details.append(("", _("Not measured because of this: %(checks)s.") % {"checks": names}))
        return FixItem(check_status_label("unknown"), "unknown", f"{where}: {problem_title(problem)}", tuple(details))

    @staticmethod
    def _fix_item(check: CheckResult) -> FixItem:
        separator = " " if titled(check).endswith("?") else ": "
        message = check_message(check)
        head = titled(check) + (f"{separator}{message}" if message else "")
        fix = fix_for(check)
        return FixItem(check_status_label(check.status), check.status, head, ((_("Fix: "), fix),) if fix else ())

    def _show_fixes(self) -> None:
        """Every check that needs attention with what to do, so nothing hides behind the cursor."""
        self.query_one("#all-fixes", Static).update(Group(*(item.renderable() for item in self.fix_items())))
        self.call_after_refresh(self._show_more_hint)

    def _show_more_hint(self) -> None:
        # Said in words, not only by a scrollbar: the list goes on below what fits on the screen.
        if not self.query("#fixes-box"):
            return
        box = self.query_one("#fixes-box", VerticalScroll)
        more = self.query_one("#fixes-more", Static)
        hidden = int(box.max_scroll_y - box.scroll_y)
        more.update(ngettext("↓ %(count)d more line of fixes: Tab to it, then ↓ (or scroll)",
                             "↓ %(count)d more lines of fixes: Tab to them, then ↓ (or scroll)", hidden)
                    % {"count": hidden} if hidden > 0 else "")
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
        if state is None or not self.query("#rerun-status"):
            return
        if state.finished:
            self.rig.show_results()
            self._rerunning.discard(message.probe)
            report = self.rig.session.report
            problem = next((p for p in (report.problems if report else ()) if p.probe == message.probe), None)
            found = problem_title(problem) if problem is not None else (summarize_result(state.result) if state.result else "")
            outcome = outcome_label(probe_outcome(report.checks if report else (), message.probe))
            # One outcome (not the probe's state beside it), wrapped in full under the table.
            self._set_rerun_text(_("%(check)s checked again: %(outcome)s — %(found)s")
                                 % {"check": _(state.title), "outcome": outcome, "found": found})
        else:
            self._rerunning.add(message.probe)
            self._show_rerun_progress()

    def _set_rerun_text(self, text: str) -> None:
        self._rerun_text = text
        status = self.query_one("#rerun-status", Static)
        status.update(text)
        status.display = bool(text)

    def _show_rerun_progress(self) -> None:
        """While a probe is measured again: its state, elapsed time and, for the network, phase and speed."""
        lines = []
        for probe in sorted(self._rerunning):
            state = self.rig.session.states[probe]
            if state.finished:
                continue
            elapsed = state.elapsed_s(self.rig.clock())
            text = _("Checking %(check)s again… %(state)s") % {"check": _(state.title), "state": probe_state_label(state.state)}
            if elapsed is not None:
                text += f" {elapsed:.1f} s"
            if state.phase:
                from rigcheck.tui.screens.run import phase_word

                text += f" · {phase_word(state.phase)}"
            if state.mbps is not None:
                text += f" {format_number(state.mbps)} Mbit/s"
            lines.append(text)
        if lines and self.query("#rerun-status"):
            self._set_rerun_text("\n".join(lines))

    # -- actions ------------------------------------------------------------------------------------
    def action_details(self) -> None:
        check = self.selected_check()
        if check is not None:
            self.app.push_screen(CheckDetailsScreen(check))

    def action_rerun(self) -> None:
        check = self.selected_check()
        if check is None:
            return
        if check.probe not in self.rig.session.specs:
            if check.probe == "question":
                self.notify(_("This check is your answer to a question. Press a to change your answers."))
            else:
                self.notify(_("This check was not measured in this run, so it cannot be checked again here."))
            return
        if self.rig.session.states[check.probe].state == "running":
            return
        self.rig.start_run([check.probe])

    def action_rerun_all(self) -> None:
        """Everything measured again; the answers are kept and the questions not asked again."""
        from rigcheck.tui.screens.run import RunScreen

        if self.rig.session.running:
            return
        self.rig.session.report = None
        self.app.switch_screen(RunScreen())
        self.rig.start_run()

    def action_answers(self) -> None:
        if not self.rig.session.questions():
            self.notify(_("This profile asks no questions."))
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
        yield SystemCommand(_("Save the report"), _("Write the report to a file you can send"), self.action_save)
        yield SystemCommand(_("Check the selected line again"), _("Measure the selected check again"), self.action_rerun)
        yield SystemCommand(_("Check everything again"), _("Measure everything again, keeping your answers"),
                            self.action_rerun_all)
        yield SystemCommand(_("Change my answers"), _("Answer the questions again"), self.action_answers)
        yield SystemCommand(_("Change the profile"), _("Choose another employer's profile and check again"),
                            self.action_change_profile)
        yield SystemCommand(_("Show details"), _("Everything the report says about the selected check"),
                            self.action_details)


class CheckDetailsScreen(WordedModal):
    """Everything about one check; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "dismiss", N_("Close"))]

    def __init__(self, check: CheckResult) -> None:
        super().__init__()
        self.check = check

    @property
    def rig(self):
        return self.app

    def compose(self) -> ComposeResult:
        problem = self._problem()
        lines = check_detail_lines(self.check, problem) + [""] + self._probe_lines(problem) + ["", _("Esc: close")]
        with VerticalScroll(id="details-box"):
            yield Static("\n".join(lines), id="details-text", markup=False)

    def _problem(self) -> ProbeProblem | None:
        report = self.rig.session.report
        return problem_of_check(self.check, report.problems) if report else None

    def _probe_lines(self, problem: ProbeProblem | None) -> list[str]:
        state = self.rig.session.states.get(self.check.probe)
        if state is None or state.result is None:
            return []
        result = state.result
        lines = [_("Measured by: %(check)s") % {"check": _(state.title)}]
        if problem is not None:
            # The plain explanation, not the measuring library's error text.
            lines += [_("What went wrong: %(title)s. %(explanation)s") % {"title": problem_title(problem),
                                                                          "explanation": problem_message(problem)}]
            fix = problem_fix(problem)
            if fix:
                lines.append(_("What to do: %(fix)s") % {"fix": fix})
        elif result.error and result.status != "ok":
            # In plain words; the probe's own (English, technical) words stay in the saved report for IT.
            lines.append(_("What went wrong: %(error)s") % {"error": probe_trouble(result.status, result.cancelled)})
        return lines

    async def action_dismiss(self, result: object = None) -> None:
        self.dismiss()

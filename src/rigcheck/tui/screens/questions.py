"""Step 3: what no probe can see, asked one question at a time; skipping leaves it unknown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from rigcheck.i18n import N_, _
from rigcheck.render.words import question_text
from rigcheck.tui.screens.base import StepScreen

ANSWER_WORDS = {"yes": N_("Yes"), "no": N_("No")}


class QuestionsScreen(StepScreen):
    """Answer each of the profile's questions with y / n, or skip it with s."""

    STEP = "Questions"
    HEADING = N_("A few questions no check can answer")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", N_("Yes")),
        Binding("n", "answer('no')", N_("No")),
        Binding("s", "skip", N_("Skip")),
        Binding("b", "back", N_("Back")),
        Binding("escape", "finish", N_("Done"), show=False),
    ]

    def __init__(self, start: int = 0) -> None:
        super().__init__()
        self.index = start

    def compose_body(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static("", id="question-count", markup=False)
            yield Static("", id="question-text", markup=False)
            yield Static("", id="question-hint", markup=False)
            with Horizontal(id="answer-buttons"):
                for button in (Button(_("Yes (y)"), id="answer-yes"), Button(_("No (n)"), id="answer-no"),
                               Button(_("Skip (s)"), id="answer-skip")):
                    # Never focused: Enter, space and Tab mean "continue" elsewhere, so only y / n / s or a
                    # click give an answer, and nothing is preselected.
                    button.can_focus = False
                    yield button
        # Scrolls when the answers need more lines than are left (three long questions at 80×24).
        answers = VerticalScroll(id="answers-box")
        answers.can_focus = False  # y / n / s answer; no focus is taken from the screen
        with answers:
            yield Static("", id="answers-so-far", markup=False)

    def after_compose(self) -> None:
        super().after_compose()
        self._show()

    @property
    def questions(self):
        return self.rig.session.questions()

    def answer_word(self, question_id: str) -> str:
        """What the applicant said: yes, no, skipped, or nothing yet (not reached)."""
        given = self.rig.session.answers.get(question_id)
        if given in ANSWER_WORDS:
            return _(ANSWER_WORDS[given])
        if question_id in self.rig.session.asked:
            return _("skipped")
        return _("not asked yet")

    def _show(self) -> None:
        questions = self.questions
        self.index = min(self.index, len(questions) - 1)
        question = questions[self.index]
        self.query_one("#question-count", Static).update(
            _("Question %(number)d of %(count)d") % {"number": self.index + 1, "count": len(questions)})
        self.query_one("#question-text", Static).update(question_text(question))
        self.query_one("#question-hint", Static).update(
            _("Press y or n (or click). Answer honestly: the report records what you say. "
              "s skips: the report then says you did not answer.")
        )
        answer = self.rig.session.answers.get(question.id)
        for word in ANSWER_WORDS:
            self.query_one(f"#answer-{word}", Button).set_class(answer == word, "given")
        # Number and text side by side: a long question wraps under its own text, not under the number.
        answers = Table.grid(expand=True, padding=(0, 1, 0, 0))
        answers.add_column(no_wrap=True)
        answers.add_column(ratio=1)
        for number, item in enumerate(questions, start=1):
            marker = "›" if number - 1 == self.index else " "
            answers.add_row(f"{marker} {number}.", Text(f"{question_text(item)} — {self.answer_word(item.id)}"))
        self.query_one("#answers-so-far", Static).update(Group(Text(_("Your answers:")), answers))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "answer-yes":
            self.action_answer("yes")
        elif event.button.id == "answer-no":
            self.action_answer("no")
        elif event.button.id == "answer-skip":
            self.action_skip()

    def action_answer(self, answer: str) -> None:
        question_id = self.questions[self.index].id
        self.rig.session.answers[question_id] = answer
        self.rig.session.asked.add(question_id)
        self._next()

    def action_skip(self) -> None:
        # An unanswered question is scored `unknown`; a skip also withdraws an earlier answer.
        question_id = self.questions[self.index].id
        self.rig.session.answers.pop(question_id, None)
        self.rig.session.asked.add(question_id)
        self._next()

    def action_back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()

    def action_finish(self) -> None:
        self.rig.after_questions()

    def _next(self) -> None:
        if self.index + 1 < len(self.questions):
            self.index += 1
            self._show()
        else:
            self.action_finish()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Done with the questions"), _("Leave the remaining questions unanswered"),
                            self.action_finish)

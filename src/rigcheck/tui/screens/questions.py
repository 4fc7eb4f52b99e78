"""Step 3: what no probe can see, asked one question at a time; skipping leaves it unknown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from rigcheck.render.words import question_text
from rigcheck.tui.screens.base import StepScreen

ANSWER_WORDS = {"yes": "Yes", "no": "No"}


class QuestionsScreen(StepScreen):
    """Answer each of the profile's questions with y / n, or skip it with s."""

    STEP = "Questions"
    HEADING = "A few questions no check can answer"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n", "answer('no')", "No"),
        Binding("s", "skip", "Skip"),
        Binding("b", "back", "Back"),
        Binding("escape", "finish", "Done", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0

    def compose_body(self) -> ComposeResult:
        with Vertical(id="question-box"):
            yield Static("", id="question-count", markup=False)
            yield Static("", id="question-text", markup=False)
            yield Static("", id="question-hint", markup=False)
            with Horizontal(id="answer-buttons"):
                for button in (Button("Yes (y)", id="answer-yes"), Button("No (n)", id="answer-no"), Button("Skip (s)", id="answer-skip")):
                    # Never focused: Enter, space and Tab mean "continue" elsewhere, so only y / n / s or a
                    # click give an answer, and nothing is preselected.
                    button.can_focus = False
                    yield button
        yield Static("", id="answers-so-far", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def questions(self):
        return self.rig.session.questions()

    def _show(self) -> None:
        questions = self.questions
        question = questions[self.index]
        self.query_one("#question-count", Static).update(f"Question {self.index + 1} of {len(questions)}")
        self.query_one("#question-text", Static).update(question_text(question))
        self.query_one("#question-hint", Static).update(
            "Press y or n (or click). Answer honestly: the report records what you say. s skips: the check stays unknown."
        )
        answer = self.rig.session.answers.get(question.id)
        for word in ANSWER_WORDS:
            self.query_one(f"#answer-{word}", Button).set_class(answer == word, "given")
        lines = ["Your answers:"]
        for number, item in enumerate(questions, start=1):
            given = self.rig.session.answers.get(item.id)
            word = ANSWER_WORDS.get(given, "not answered") if given else "not answered"
            marker = "›" if number - 1 == self.index else " "
            lines.append(f"{marker} {number}. {question_text(item)} — {word}")
        self.query_one("#answers-so-far", Static).update("\n".join(lines))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "answer-yes":
            self.action_answer("yes")
        elif event.button.id == "answer-no":
            self.action_answer("no")
        elif event.button.id == "answer-skip":
            self.action_skip()

    def action_answer(self, answer: str) -> None:
        self.rig.session.answers[self.questions[self.index].id] = answer
        self._next()

    def action_skip(self) -> None:
        # An unanswered question is scored `unknown`; a skip also withdraws an earlier answer.
        self.rig.session.answers.pop(self.questions[self.index].id, None)
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
        yield SystemCommand("Done with the questions", "Leave the remaining questions unanswered", self.action_finish)

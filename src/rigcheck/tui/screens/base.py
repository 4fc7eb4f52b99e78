"""What every step screen shares: the header, a step title and the footer listing the keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import ComposeResult, SystemCommand
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

if TYPE_CHECKING:
    from rigcheck.tui.app import RigcheckApp

STEPS = ("Profile", "Checks", "Questions", "Mic", "Results", "Save")


class StepScreen(Screen):
    """A full-screen step. Subclasses yield their body from `compose_body`."""

    STEP = ""
    HEADING = ""

    @property
    def rig(self) -> RigcheckApp:
        return self.app  # type: ignore[return-value]  # Screen.app is typed App; every rigcheck screen runs in RigcheckApp

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static(self.step_line(), id="step-line", markup=False)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.sub_title = self.HEADING

    def step_line(self) -> str:
        """Where the applicant is: the current step in brackets (not only highlighted)."""
        steps = [self._step_label(step) for step in STEPS if step == self.STEP or self._step_applies(step)]
        return "  ›  ".join(f"[ {step} ]" if step == self.STEP else step for step in steps)

    def _step_applies(self, step: str) -> bool:
        if step == "Mic":
            # Decided before the audio probe answers and kept: the bar never loses a step halfway.
            return self._mic_possible()
        if step == "Questions":
            profile = self.rig.profile
            return profile is None or bool(profile.questions)
        return True

    def _step_label(self, step: str) -> str:
        if step == "Mic" and self.STEP != "Mic" and self._mic_known_absent():
            return "Mic (skipped)"
        return step

    def _mic_possible(self) -> bool:
        try:
            return self.rig.mic_possible()
        except Exception:  # noqa: BLE001 - the breadcrumb must never break a screen
            return False

    def _mic_known_absent(self) -> bool:
        """The audio probe has answered and there is no microphone to test (no device, no backend)."""
        try:
            audio = self.rig.session.states.get("audio")
            return audio is not None and audio.finished and not self.rig.mic_offered()
        except Exception:  # noqa: BLE001
            return False

    def step_commands(self) -> Iterable[SystemCommand]:
        """Command palette entries for this step; screens add their main actions."""
        return ()

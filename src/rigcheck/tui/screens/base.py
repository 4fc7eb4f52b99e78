"""What every step screen shares: the header, a step title, the footer listing the keys, and words.

Every screen's words come from the catalog when it is drawn; switching the language (`l`) redraws the
screens through `relabel`, and the footer and the keys panel read their labels through `active_bindings`
below, so Textual's own binding descriptions are worded too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Static

from rigcheck.i18n import N_, _, current_language
from rigcheck.tui.messages import ProbeStateChanged

if TYPE_CHECKING:
    from rigcheck.tui.app import RigcheckApp

STEPS = (N_("Profile"), N_("Checks"), N_("Questions"), N_("Mic"), N_("Results"), N_("Save"))
# Each language named in its own words: the language key offers the one the applicant is not reading.
LANGUAGE_NAMES = {"en": "English", "fil": "Filipino"}
SWITCH_LANGUAGE_ACTION = "switch_language"


def other_language(language: str | None = None) -> str:
    """The language the language key switches to."""
    return "en" if (language or current_language()) == "fil" else "fil"


def worded_binding(binding: Binding) -> Binding:
    """`binding` with its label and tooltip in the current language."""
    if binding.action.endswith(SWITCH_LANGUAGE_ACTION):
        description = LANGUAGE_NAMES[other_language()]
    else:
        description = _(binding.description) if binding.description else ""
    tooltip = _(binding.tooltip) if binding.tooltip else ""
    return dataclasses.replace(binding, description=description, tooltip=tooltip)


class Worded:
    """Mixed into every rigcheck screen: the footer and the keys panel show translated key labels."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        return {
            key: ActiveBinding(active.node, worded_binding(active.binding), active.enabled,
                               _(active.tooltip) if active.tooltip else "")
            for key, active in bindings.items()
        }

    async def relabel(self) -> None:
        """Draw this screen again in the current language, keeping what the applicant did on it."""
        screen: Any = self
        await screen.recompose()
        self.after_compose()
        screen.refresh_bindings()

    def after_compose(self) -> None:
        """Fill the freshly composed widgets (on mount and after a language switch)."""


class WordedModal(Worded, ModalScreen):
    """A dialog whose words follow the language."""


class StepScreen(Worded, Screen):
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
        # At 80 columns every key the step needs must fit, in either language: compact, and Ctrl+P (the
        # command palette) is told on the help screen instead of taking the footer's last 12 columns.
        yield Footer(compact=True, show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.after_compose()

    def after_compose(self) -> None:
        self.sub_title = _(self.HEADING)

    def on_resize(self) -> None:
        self._refresh_step_line()

    def on_probe_state_changed(self, message: ProbeStateChanged) -> None:
        # The mic step's fate is known once the audio probe has answered: the bar says so at once.
        self._refresh_step_line()

    def _refresh_step_line(self) -> None:
        for line in self.query("#step-line").results(Static):
            line.update(self.step_line())

    def step_line(self) -> str:
        """Where the applicant is: the current step in brackets (not only highlighted), fitted to the width."""
        shown = [step for step in STEPS if step == self.STEP or self._step_applies(step)]
        labels = [f"[ {self._step_label(step)} ]" if step == self.STEP else self._step_label(step) for step in shown]
        width = (self.app.size.width or 80) - 2
        for separator in ("  ›  ", " › "):
            line = separator.join(labels)
            if len(line) <= width:
                return line
        number = shown.index(self.STEP) + 1 if self.STEP in shown else 1
        return _("Step %(number)d of %(count)d: %(step)s") % {"number": number, "count": len(shown),
                                                               "step": self._step_label(self.STEP)}

    def _step_applies(self, step: str) -> bool:
        if step == "Mic":
            # Decided before the audio probe answers and kept: the bar never loses a step halfway.
            return self._mic_possible()
        if step == "Questions":
            profile = self.rig.profile
            return profile is None or bool(profile.questions) or bool(self._questions_raised())
        return True

    def _questions_raised(self) -> tuple[Any, ...]:
        try:
            return tuple(self.rig.session.questions())
        except Exception:  # noqa: BLE001 - the breadcrumb must never break a screen
            return ()

    def _step_label(self, step: str) -> str:
        if step == "Mic" and self.STEP != "Mic":
            reason = self._mic_skip_reason()
            if reason is not None:
                return _("Mic (none found)") if reason == "no_microphone" else _("Mic (not possible)")
        return _(step)

    def _mic_possible(self) -> bool:
        try:
            return self.rig.mic_possible()
        except Exception:  # noqa: BLE001 - the breadcrumb must never break a screen
            return False

    def _mic_skip_reason(self) -> str | None:
        """Why the mic step is left out, once the audio probe has answered; None while it may still come."""
        try:
            return self.rig.mic_skip_reason()
        except Exception:  # noqa: BLE001
            return None

    def step_commands(self) -> Iterable[SystemCommand]:
        """Command palette entries for this step; screens add their main actions."""
        return ()

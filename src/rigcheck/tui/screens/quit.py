"""Asked once when the applicant quits with a result they have not saved."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class QuitScreen(ModalScreen):
    """q or y quits without saving, s saves first, Esc or n stays."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,y", "quit_now", "Quit without saving"),
        Binding("s", "save_first", "Save first"),
        Binding("escape,n", "stay", "Stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            yield Static("Your report is not saved yet.", classes="section-title", markup=False)
            yield Static(
                "s: save it first  ·  q or y: quit without saving  ·  Esc or n: stay here",
                markup=False,
            )

    async def action_quit_now(self) -> None:
        await self.app.action_quit()

    def action_save_first(self) -> None:
        from rigcheck.tui.screens.save import SaveScreen

        self.dismiss()
        if not isinstance(self.app.screen, SaveScreen):
            self.app.push_screen(SaveScreen())

    def action_stay(self) -> None:
        self.dismiss()

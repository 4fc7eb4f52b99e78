"""Asked once when the applicant quits with a result they have not saved."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from rigcheck.i18n import N_, _
from rigcheck.tui.screens.base import WordedModal


class QuitScreen(WordedModal):
    """q or y quits without saving, s saves first, Esc or n stays."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,y", "quit_now", N_("Quit without saving")),
        Binding("s", "save_first", N_("Save first")),
        Binding("escape,n", "stay", N_("Stay")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            yield Static(_("Your report is not saved yet."), classes="section-title", markup=False)
            yield Static(
                _("s: save it first  ·  q or y: quit without saving  ·  Esc or n: stay here"),
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

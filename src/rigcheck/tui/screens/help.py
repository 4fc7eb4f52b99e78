"""The help screen (`?`): what rigcheck does, step by step, and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP_TEXT = """\
# rigcheck help

rigcheck checks whether this computer and your home office meet your employer's requirements
for taking calls, and writes a report you can send them.

1. **Profile** — choose your employer's requirements with the arrows and Enter, or paste the
   link or file path they gave you into the box (`Tab` goes there) and press Enter; `Ctrl+O` browses
   for the file (`Backspace` goes up a folder, or type any folder in the box at the top).
2. **Checks** — rigcheck measures this computer, its network and your headset.
   `Esc` or `Ctrl+C` stops, `r` runs the checks again, `Enter` continues.
3. **Questions** — what no check can see: `y` yes, `n` no, `s` skip, `b` back. Nothing is
   preselected: Enter never answers. A skipped question is reported as *unknown*.
4. **Mic** — optional: `m` tests your microphone, `p` plays a tone in your headset.
5. **Results** — `↑`/`↓` select a check, `Enter` shows its details, `r` measures it again
   (for example after plugging in a cable), `R` measures everything again, `a` changes your answers,
   `p` chooses another profile, `Esc` goes back a step.
6. **Save** — `s` on the results; type where to save, `Enter` writes the files.

**Status:** ✔ PASS · ! WARN (recommended, not required) · ✘ FAIL · ? UNKNOWN (could not be
measured) · - SKIPPED.
**Verdict:** READY · READY WITH WARNINGS · NOT READY · INCOMPLETE (something required could
not be measured).

**Everywhere:** `?` help · `t` light or dark theme · `Ctrl+P` command palette · `q` quit
(asks first when your report is not saved; while typing in a box, press `Tab` first).

Press `Esc` to close this help.
"""


class HelpScreen(ModalScreen):
    """Keys and steps; Esc, q or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP_TEXT, id="help-text")

    def action_close(self) -> None:
        self.dismiss()

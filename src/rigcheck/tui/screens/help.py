"""The help screen (`?`): how to close it, the step the applicant is on, every step, every key, and
the few words rigcheck cannot avoid, explained once for a call."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from rigcheck.i18n import N_, _
from rigcheck.render.common import status_text
from rigcheck.tui.present import verdict_label
from rigcheck.tui.screens.base import STEPS, WordedModal

# What each step is for and its keys, one paragraph each (Markdown).
STEP_HELP: dict[str, str] = {
    "Profile": N_(
        "Choose your employer's requirements with the arrows and `Enter`, or paste the link or file path "
        "they gave you into the box (`Tab` goes there) and press `Enter`. `Ctrl+O` looks for the file "
        "(`Backspace` goes up a folder)."
    ),
    "Checks": N_(
        "rigcheck measures this computer, your internet and your headset. `Esc` or `Ctrl+C` stops, `r` runs "
        "the checks again, `↑`/`↓` go through the list, `Enter` continues."
    ),
    "Questions": N_(
        "What no check can see: `y` yes, `n` no, `s` skip, `b` back. Nothing is chosen for you: `Enter` never "
        "answers. A skipped question is reported as not answered."
    ),
    "Mic": N_(
        "Optional: `m` tests your microphone, `p` plays a tone in your headset. It is for you: it does not "
        "change the result."
    ),
    "Results": N_(
        "`↑`/`↓` choose a check, `Enter` shows everything about it, `r` measures it again (for example after "
        "plugging in a cable), `R` measures everything again and keeps your answers, `a` changes your answers, "
        "`p` chooses another profile, `s` saves, `Esc` goes back a step."
    ),
    "Save": N_("Type where to save, then `Enter` writes the files. Send them to your employer."),
}

# The words themselves are the reports' (render.words): said here once, in the current language.
STATUS_MEANINGS = {
    "pass": N_("the requirement is met"),
    "warn": N_("a recommendation is not met (not required)"),
    "fail": N_("a requirement is not met: fix it"),
    "unknown": N_("it could not be measured"),
    "skipped": N_("it was not checked"),
}
KEYS_HELP = N_(
    "**Keys everywhere:** `?` help · `l` English or Filipino · `t` light or dark · `Ctrl+P` commands · `q` quit "
    "(asks first when your report is not saved; while typing in a box, press `Tab` first)."
)
# The words rigcheck cannot avoid, each explained once, for a call.
GLOSSARY: tuple[tuple[str, str], ...] = (
    (N_("Download and upload speed"),
     N_("How much your internet can receive and send each second (Mbit/s). A call needs little, but video, "
        "updates and other people at home use it too.")),
    (N_("Latency (delay)"),
     N_("How long your voice takes to reach the other side and back, in milliseconds (ms). Too much and you "
        "talk over each other.")),
    (N_("Jitter"),
     N_("How uneven that delay is. High jitter makes a voice sound choppy or robotic.")),
    (N_("Packet loss"),
     N_("Pieces of your voice that never arrive. Even a little makes words drop out of the call.")),
    (N_("Call quality (MOS)"),
     N_("A score from 1 to 5 for how a call on this connection would sound: 4 or more is clear, below 3.6 "
        "callers start to complain.")),
    (N_("LAN cable"),
     N_("The network cable (Ethernet) from your router to the computer. It drops fewer calls than Wi-Fi.")),
    (N_("Headset with a cable"),
     N_("A headset plugged into the computer by USB or a jack, not Bluetooth or wireless.")),
    (N_("UPS"),
     N_("A battery box that keeps the computer and router on during a brownout.")),
    (N_("VPN"),
     N_("A program that sends your internet through another network. Many employers do not allow one of your own.")),
)


def status_help() -> str:
    """What each result and the verdicts mean, with the same words the results show."""
    statuses = " · ".join(status_text(status) + ": " + _(meaning) for status, meaning in STATUS_MEANINGS.items())
    ready, incomplete = verdict_label("ready"), verdict_label("incomplete")
    return (_("**What the results say:**") + f" {statuses}. "
            + _("%(ready)s means every required check passed; %(incomplete)s means something required could "
                "not be measured yet.") % {"ready": ready, "incomplete": incomplete})


def help_markdown(step: str) -> str:
    """The help text in the current language, the step the applicant is on first."""
    parts = [_("**Esc closes this help.** `↑`/`↓` or the mouse wheel scroll it.")]
    if step in STEP_HELP:
        parts.append("## " + _("This step: %(step)s") % {"step": _(step)})
        parts.append(_(STEP_HELP[step]))
    parts.append("## " + _("What rigcheck does"))
    parts.append(_("rigcheck checks whether this computer and your home office meet your employer's "
                   "requirements for taking calls, and writes a report you can send them."))
    parts.append("\n".join(f"{number}. **" + _(name) + "** — " + _(STEP_HELP[name])
                           for number, name in enumerate(STEPS, start=1)))
    parts.append(status_help())
    parts.append(_(KEYS_HELP))
    parts.append("## " + _("Words you will see"))
    parts.append("\n".join("- **" + _(term) + ":** " + _(meaning) for term, meaning in GLOSSARY))
    return "\n\n".join(parts)


class HelpScreen(WordedModal):
    """Keys and steps; Esc, q or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", N_("Close help"))]

    def __init__(self, step: str = "") -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(help_markdown(self.step), id="help-text")
        yield Static(_("Esc: close the help"), id="help-close", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()

    def after_compose(self) -> None:
        self.query_one("#help-box", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()

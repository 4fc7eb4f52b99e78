"""'Watch my connection': `rigcheck watch` inside the guided app, for the profile chosen.

The watch runs in a thread worker (the same recorder and log as the command); lines of what it noticed
replace each other live; at the end (its hours are up, or the applicant stops it) the shift's summary
and checks are shown and the report is saved beside the log as JSON and HTML.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from rigcheck.i18n import _
from rigcheck.model import Report
from rigcheck.render import render
from rigcheck.render import words
from rigcheck.render.shift import shift_lines
from rigcheck.writing import write_file

DEFAULT_HOURS = 8.0
DEFAULT_EVERY_S = 300.0
LIVE_LINES = 8


@dataclass
class WatchNote(Message):
    """A line from the running watch (a sample, an outage, a gap)."""

    text: str


@dataclass
class WatchStarted(Message):
    """The plan in words, with the cost per hour, and where the log goes."""

    text: str


@dataclass
class WatchEnded(Message):
    """The watch's report, or why it could not run."""

    report: Report | None
    error: str | None
    saved: tuple[str, ...] = ()


class WatchScreen(Screen):
    """Watches the connection; s stops early (the report covers what was watched), Escape leaves at the end."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "stop", "Stop"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._stop = threading.Event()
        self._lines: list[str] = []
        self.report: Report | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield Static(_("Watch my connection"), id="watch-title", markup=False)
        yield Static(_("Starting…"), id="watch-plan", markup=False)
        yield Static("", id="watch-live", markup=False)
        yield Static("", id="watch-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = _("Watch my connection")
        self._run_watch()

    @work(thread=True, exit_on_error=False, group="watch")
    def _run_watch(self) -> None:
        from rigcheck.probes.network import DEFAULT_STUN_SERVERS
        from rigcheck.watch.command import WatchRequest, default_log_path, describe_plan, prepare, shift_report, watch

        worker = get_current_worker()
        app = self.app
        profile = getattr(app, "profile", None)
        options = dict(getattr(app, "options", {}) or {})
        folder = Path(getattr(app, "save_dir", None) or Path.cwd())
        if profile is None:
            self.post_message(WatchEnded(None, _("Choose an employer's profile first.")))
            return
        request = WatchRequest(
            profile=profile, hours=float(options.get("watch_hours", DEFAULT_HOURS)),
            every_s=float(options.get("watch_every_s", DEFAULT_EVERY_S)),
            stun=(list(options.get("stun_servers") or []) or list(DEFAULT_STUN_SERVERS))[0],
            speed_server=options.get("server"), speed_every_s=float(options.get("watch_speed_every_s", 1800.0)),
            log_path=str(folder / default_log_path()), resume=False,
        )
        try:
            plan, log, end_wall = prepare(request)
        except Exception as exc:  # noqa: BLE001 - shown to the applicant, never a crash
            self.post_message(WatchEnded(None, str(exc)))
            return
        self.post_message(WatchStarted(describe_plan(plan, request.log_path)))

        def say(text: str) -> None:
            self.post_message(WatchNote(text))

        try:
            watch(plan, log, end_wall, should_stop=lambda: self._stop.is_set() or worker.is_cancelled, say=say)
            report = shift_report(request.log_path, profile)
            saved = []
            for fmt, suffix in (("json", ".json"), ("html", ".html")):
                path = str(Path(request.log_path).with_suffix(suffix))
                write_file(path, render(report, fmt))
                saved.append(path)
        except Exception as exc:  # noqa: BLE001
            self.post_message(WatchEnded(None, str(exc)))
            return
        self.post_message(WatchEnded(report, None, tuple(saved)))

    def on_watch_started(self, message: WatchStarted) -> None:
        self.query_one("#watch-plan", Static).update(message.text + "\n" + _("Press s to stop early."))

    def on_watch_note(self, message: WatchNote) -> None:
        self._lines = [*self._lines, message.text][-LIVE_LINES:]
        self.query_one("#watch-live", Static).update("\n".join(self._lines))

    def on_watch_ended(self, message: WatchEnded) -> None:
        self.finished = True
        self.report = message.report
        summary = self.query_one("#watch-summary", Static)
        if message.report is None:
            summary.update(_("The watch could not run: %(reason)s") % {"reason": message.error})
            return
        lines = shift_lines(message.report)
        lines += [f"{words.status_word(check.status)}  {words.check_title(check)}: {words.check_message(check)}"
                  for check in message.report.checks]
        lines += [_("Saved: %(path)s") % {"path": path} for path in message.saved]
        lines.append(_("Press Escape to go back."))
        summary.update("\n".join(lines))

    def action_stop(self) -> None:
        self._stop.set()
        self.query_one("#watch-plan", Static).update(_("Stopping: finishing the sample in progress…"))

    def action_leave(self) -> None:
        if not self.finished:
            self.action_stop()
            return
        self.app.pop_screen()

"""The guided switch-over (after the questions, when the checks did not measure a backup: it was switched
off, or could not be measured through its own interface): the applicant switches the backup on if needed
and cuts the main link, the computer falls back to the backup, rigcheck times that, measures the backup, and
checks the main link is back once it is plugged in again.

The work is rigcheck.probes.backup.switchover.SwitchOver, run in thread workers; what it found replaces the
backup probe's result in the session, so the report scores the backup's own figures.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from rigcheck.facts.backup import BACKUP, INTERFACE, MAIN_RESTORED, MEASURED_BY, PRESENT
from rigcheck.i18n import N_, _
from rigcheck.tui.screens.base import StepScreen

if TYPE_CHECKING:
    from rigcheck.tui.app import RigcheckApp

# Unplugging, and a pocket Wi-Fi or phone being switched on and taking over, can take a few minutes.
BACKUP_WAIT_S = 180.0
MAIN_WAIT_S = 90.0
# The sessions whose applicant has seen this step (it is offered once per session).
_OFFERED: weakref.WeakSet[Any] = weakref.WeakSet()


def switch_over_offered(app: RigcheckApp) -> bool:
    """Offer the step when the profile asks about a backup connection and the checks did not measure one:
    a backup found but not measured, or none found (a pocket Wi-Fi is often off until it is needed).
    Detection alone is enough when the profile only asks for a backup to exist and one was found; a backup
    measured beside the main line is offered again when a figure the profile asks for is still missing (its
    speed, without a LibreSpeed server: speedtest.net is reached only over the default route)."""
    profile, session = app.profile, app.session
    if profile is None or session in _OFFERED or session.report is not None:
        return False
    asked = {requirement.key for requirement in profile.requirements if requirement.section == BACKUP.id}
    state = session.states.get(BACKUP.id)
    result = state.result if state is not None else None
    if not asked or result is None or result.status != "ok":
        return False
    values = result.values
    measured_by = values.get(MEASURED_BY.key)
    if measured_by is None:
        return values.get(PRESENT.key) is not True or bool(asked - {"require_connection"})
    from rigcheck.profile.fields import field_for

    figures_asked = [field_for(BACKUP.id, key) for key in asked - {"require_connection"}]
    return measured_by == "bound" and any(field is not None and values.get(field.fact.key) is None for field in figures_asked)


Words = Callable[[], str]  # words made when drawn, so a language switch redraws them in the new language


def _nothing() -> str:
    return ""


class BackupScreen(StepScreen):
    """Cut the main link (switching the backup on first if needed), let the backup take over, plug back in;
    s skips (the backup's figures then stay unmeasured)."""

    STEP = "Questions"
    HEADING = N_("Your backup internet connection")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", N_("Continue")),
        Binding("s", "skip", N_("Skip")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stage = "unplug"  # unplug -> measuring -> plug-back -> waiting-main -> done
        self.stop = threading.Event()
        self.switch: Any = None
        self.added: dict[str, Any] = {}
        self._started_s = 0.0
        self._words: tuple[Words, Words] = (_nothing, _nothing)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="backup-box"):
            yield Static("", id="backup-instruction", markup=False)
            yield Static("", id="backup-status", markup=False)

    def after_compose(self) -> None:
        super().after_compose()
        self._draw()

    def on_mount(self) -> None:
        _OFFERED.add(self.rig.session)
        from rigcheck.probes.backup.switchover import SwitchOver, active_interface
        from rigcheck.probes.network import DEFAULT_STUN_SERVERS, _as_list

        options = self.rig.options
        self.switch = SwitchOver(None, server=options.get("server"),
                                 stun_servers=_as_list(options.get("stun_servers")) or list(DEFAULT_STUN_SERVERS),
                                 speedtest_factory=options.get("speedtest_factory"))
        self._started_s = self.rig.clock()
        self._say(self._instruction, self._waited)
        self.set_interval(1.0, self._draw)  # the waiting time counts up
        self._watch(active_interface)

    def on_unmount(self) -> None:
        # Quitting (q, Ctrl+C) on this step: the watcher thread must not keep the app waiting for minutes.
        self.stop.set()

    def _instruction(self) -> str:
        values = self._values()
        if values.get(PRESENT.key) is True:
            return (_("Unplug the LAN cable (or switch off the router) so that the computer uses your backup "
                      "(%(backup)s). rigcheck notices the change by itself and measures your backup. "
                      "s skips this step.") % {"backup": values.get(INTERFACE.key) or _("your backup")})
        return _("rigcheck found no backup connection switched on. If you have one, such as a pocket Wi-Fi or "
                 "your phone's hotspot, test it now: switch it on, connect the computer to it, then unplug the "
                 "LAN cable (or switch off the router). rigcheck notices the change by itself. s skips this step.")

    def _waited(self) -> str:
        """How long rigcheck has waited, so the applicant sees it is still watching."""
        return (_("Waiting for the computer to reach the internet over your backup: %(waited)s s (at most %(limit)s s).")
                % {"waited": int(self.rig.clock() - self._started_s), "limit": int(BACKUP_WAIT_S)})

    def _values(self) -> dict[str, Any]:
        state = self.rig.session.states.get(BACKUP.id)
        return dict(state.result.values) if state is not None and state.result is not None else {}

    def _say(self, instruction: Words, status: Words) -> None:
        self._words = (instruction, status)
        self._draw()

    def _draw(self) -> None:
        instruction, status = self._words
        self.query_one("#backup-instruction", Static).update(instruction())
        self.query_one("#backup-status", Static).update(status())

    @work(thread=True, exit_on_error=False, group="backup")
    def _watch(self, find_active: Any) -> None:
        self.switch.main_interface = find_active()  # the main link, before the applicant unplugs it
        switchover_s = self.switch.watch_for_backup(BACKUP_WAIT_S, self.stop.is_set)
        if switchover_s is None:
            self.app.call_from_thread(self._no_backup)
            return
        self.app.call_from_thread(self._measuring, switchover_s)
        figures = self.switch.measure(self.stop.is_set)
        self.added = self.switch.facts(switchover_s, figures, None)
        self.app.call_from_thread(self._measured)

    def _measuring(self, switchover_s: float) -> None:
        self.stage = "measuring"
        self._say(lambda: _("The computer is using your backup now."),
                  lambda: _("Switched over in %(seconds)s s. Measuring your backup…") % {"seconds": switchover_s})

    def _no_backup(self) -> None:
        self.stage = "done"
        self._say(lambda: _("The computer did not reach the internet over your backup within %(minutes)s minutes.")
                  % {"minutes": int(BACKUP_WAIT_S // 60)},
                  lambda: _("Plug the LAN cable back in (or switch the router on), then press Enter."))

    def _measured(self) -> None:
        self.stage = "plug-back"
        self._store()  # kept even if the applicant skips the rest
        self._say(lambda: _("Plug the LAN cable back in (or switch the router on); press Enter."),
                  lambda: _("Your backup is measured."))

    @work(thread=True, exit_on_error=False, group="backup")
    def _wait_main(self) -> None:
        restored = self.switch.wait_for_main(MAIN_WAIT_S, self.stop.is_set)
        self.added = {**self.added, MAIN_RESTORED.key: restored}
        self.app.call_from_thread(self._finished, restored)

    def _finished(self, restored: bool) -> None:
        self.stage = "done"
        self._store()
        self._say((lambda: _("Your main connection is back.")) if restored else
                  (lambda: _("Your main connection did not come back: check the LAN cable and the router.")),
                  lambda: _("Press Enter to continue."))

    def _store(self) -> None:
        """Put what the switch-over found into the backup probe's result (once: notes are not repeated)."""
        state = self.rig.session.states.get(BACKUP.id)
        if state is None or state.result is None or not self.added:
            return
        result = state.result
        notes = tuple(note for note in self.switch.notes if note not in result.notes)
        state.result = replace(result, values={**result.values, **self.added}, notes=tuple(result.notes) + notes)

    def action_next(self) -> None:
        if self.stage == "plug-back":
            self.stage = "waiting-main"
            self._say(lambda: _("Waiting for your main connection…"), _nothing)
            self._wait_main()
        elif self.stage == "done":
            self._leave()

    def action_skip(self) -> None:
        self._leave()

    def _leave(self) -> None:
        self.stop.set()
        self.workers.cancel_group(self, "backup")
        self.rig.after_questions()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Skip the backup step"), _("Leave the backup connection unmeasured"), self.action_skip)

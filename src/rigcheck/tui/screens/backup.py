"""The guided switch-over (after the questions, when the backup could not be measured through its own
interface): the applicant cuts the main link, the computer falls back to the backup, rigcheck times that,
measures the backup, and checks the main link is back once it is plugged in again.

The work is rigcheck.probes.backup.switchover.SwitchOver, run in thread workers; what it found replaces the
backup probe's result in the session, so the report scores the backup's own figures.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static

from rigcheck.facts.backup import BACKUP, INTERFACE, MEASURED_BY, PRESENT
from rigcheck.i18n import N_, _
from rigcheck.tui.screens.base import StepScreen

if TYPE_CHECKING:
    from rigcheck.tui.app import RigcheckApp

BACKUP_WAIT_S = 120.0  # unplugging, and a pocket Wi-Fi or phone taking over, can take a while
MAIN_WAIT_S = 90.0
# The sessions whose applicant has seen this step (it is offered once per session).
_OFFERED: weakref.WeakSet[Any] = weakref.WeakSet()


def switch_over_offered(app: RigcheckApp) -> bool:
    """Offer the step when the profile sets backup figures and a backup link was found but not measured."""
    profile, session = app.profile, app.session
    if profile is None or session in _OFFERED or session.report is not None:
        return False
    if not any(requirement.section == BACKUP.id and requirement.key != "require_connection"
               for requirement in profile.requirements):
        return False
    state = session.states.get(BACKUP.id)
    result = state.result if state is not None else None
    return (result is not None and result.status == "ok" and result.values.get(PRESENT.key) is True
            and result.values.get(MEASURED_BY.key) is None)


class BackupScreen(StepScreen):
    """Unplug, let the backup take over, plug back in; s skips (the backup's figures then stay unmeasured)."""

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

    def compose_body(self) -> ComposeResult:
        with Vertical(id="backup-box"):
            yield Static("", id="backup-instruction", markup=False)
            yield Static("", id="backup-status", markup=False)

    def on_mount(self) -> None:
        self.sub_title = _(self.HEADING)
        _OFFERED.add(self.rig.session)
        from rigcheck.probes.backup.switchover import SwitchOver, active_interface
        from rigcheck.probes.network import DEFAULT_STUN_SERVERS, _as_list

        options = self.rig.options
        self.switch = SwitchOver(None, server=options.get("server"),
                                 stun_servers=_as_list(options.get("stun_servers")) or list(DEFAULT_STUN_SERVERS))
        backup = self._values().get(INTERFACE.key) or _("your backup")
        self._say(_("Unplug the LAN cable (or switch off the router) and let the computer use your backup "
                    "(%(backup)s). Press Enter when it is unplugged; s skips this step.") % {"backup": backup}, "")
        self._watch(active_interface)

    def _values(self) -> dict[str, Any]:
        state = self.rig.session.states.get(BACKUP.id)
        return dict(state.result.values) if state is not None and state.result is not None else {}

    def _say(self, instruction: str, status: str) -> None:
        self.query_one("#backup-instruction", Static).update(instruction)
        self.query_one("#backup-status", Static).update(status)

    @work(thread=True, exit_on_error=False, group="backup")
    def _watch(self, find_active: Any) -> None:
        self.switch.main_interface = find_active()  # the main link, before the applicant unplugs it
        switchover_s = self.switch.watch_for_backup(BACKUP_WAIT_S, self.stop.is_set)
        if switchover_s is None:
            self.app.call_from_thread(self._no_backup)
            return
        self.app.call_from_thread(self._say, _("The computer is using your backup now."),
                                  _("Switched over in %(seconds)s s. Measuring your backup…") % {"seconds": switchover_s})
        figures = self.switch.measure(self.stop.is_set)
        self.added = self.switch.facts(switchover_s, figures, None)
        self.app.call_from_thread(self._measured)

    def _no_backup(self) -> None:
        self.stage = "done"
        self._say(_("The computer did not reach the internet over your backup within %(minutes)s minutes.")
                  % {"minutes": int(BACKUP_WAIT_S // 60)},
                  _("Plug the LAN cable back in (or switch the router on), then press Enter."))

    def _measured(self) -> None:
        self.stage = "plug-back"
        self._say(_("Plug the LAN cable back in (or switch the router on); press Enter."),
                  _("Your backup is measured."))

    @work(thread=True, exit_on_error=False, group="backup")
    def _wait_main(self) -> None:
        restored = self.switch.wait_for_main(MAIN_WAIT_S, self.stop.is_set)
        self.added = {**self.added, "main_restored": restored}
        self.app.call_from_thread(self._finished, restored)

    def _finished(self, restored: bool) -> None:
        self.stage = "done"
        self._store()
        self._say(_("Your main connection is back.") if restored else
                  _("Your main connection did not come back: check the LAN cable and the router."),
                  _("Press Enter to continue."))

    def _store(self) -> None:
        state = self.rig.session.states.get(BACKUP.id)
        if state is None or state.result is None or not self.added:
            return
        result = state.result
        state.result = replace(result, values={**result.values, **self.added},
                               notes=tuple(result.notes) + tuple(self.switch.notes))

    def action_next(self) -> None:
        if self.stage == "plug-back":
            self.stage = "waiting-main"
            self._say(_("Waiting for your main connection…"), "")
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

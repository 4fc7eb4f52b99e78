"""The applicant's Textual app: profile -> run -> questions -> mic check -> results -> save.

`make_app` is the one factory: the CLI hands it the real probes, tests hand it fakes. The app holds a
`Session` (plain state) and moves between step screens; each run of probes is one thread worker calling
the engine's `collect`, as `rigcheck check` does, and reports back through messages. Every verdict comes from `rigcheck.scoring.score`; the app only displays reports.
"""

from __future__ import annotations

import importlib
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import get_current_worker

from rigcheck import engine
from rigcheck.facts import audio as audio_facts
from rigcheck.i18n import N_, _, set_language
from rigcheck.model import Profile, Report
from rigcheck.probes.base import (
    ProbeEvent,
    ProbeFinished,
    ProbeProgress,
    ProbeSpec,
    ProbeStarted,
)
from rigcheck.tui.messages import (
    ProbeFinishedMessage,
    ProbeProgressMessage,
    ProbeStartedMessage,
    ProbeStateChanged,
    RunFinishedMessage,
)
from rigcheck.tui.present import first_mbps
from rigcheck.tui.session import THROUGHPUT_HISTORY, Session

ProfileLoader = Callable[[str], Profile]

MIC_AUTO = "auto"
EXIT_OK = 0
EXIT_INTERRUPTED = 130
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class _StopSignal(threading.Event):
    """Set when the user stops the run or Textual cancels the worker: either one stops the probes."""

    def __init__(self, run_event: threading.Event, worker: Any) -> None:
        super().__init__()
        self._run_event = run_event
        self._worker = worker

    def is_set(self) -> bool:
        return super().is_set() or self._run_event.is_set() or bool(self._worker.is_cancelled)


class RigcheckApp(App[int]):
    """Guides an applicant from choosing a profile to a saved, scored report."""

    CSS_PATH = "rigcheck.tcss"
    TITLE = "rigcheck"
    SUB_TITLE = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", N_("Help"), key_display="?"),
        # Labelled with the language it switches to, in that language's own name (screens.base).
        Binding("l", "switch_language", "Filipino"),
        Binding("t", "toggle_theme", N_("Theme"), show=False),  # in the help and the palette: the footer keeps room
        Binding("w", "watch", N_("Watch my connection"), show=False),
        Binding("q", "quit", N_("Quit")),
        # A novice's way out of anything: stop the running probes, or leave when nothing runs.
        Binding("ctrl+c", "interrupt", N_("Stop"), show=False, priority=True),
        # Declared here so its label is worded like the others (Textual adds an English one otherwise).
        Binding("ctrl+p", "command_palette", N_("commands"), show=False, priority=True),
    ]

    def __init__(
        self,
        *,
        profile: Profile | None,
        probe_specs: Sequence[ProbeSpec],
        options: Mapping[str, Any] | None,
        server: str | None,
        backup_interface: str | None,
        bundled_profiles: Callable[[], list[Profile]] | list[Profile] | None,
        profile_loader: ProfileLoader | None,
        mic: Any,
        clock: Callable[[], float],
        created_at: str | None,
        save_dir: Path | None,
        dark: bool,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.session = Session(probe_specs, profile, clock=clock)
        self._explicit_options = dict(options) if options is not None else None
        self.server = server
        self.backup_interface = backup_interface
        self._bundled_profiles = bundled_profiles
        self._profile_loader = profile_loader
        self._mic = mic
        self.clock = clock
        self.created_at = created_at
        self.save_dir = save_dir
        self._cancel_event = threading.Event()
        self._mic_lock = threading.Lock()
        self._mic_resolved: Any = MIC_AUTO
        self._signal_exit_code: int | None = None  # 130 or 143 once SIGINT or SIGTERM came
        self.theme = DARK_THEME if dark else LIGHT_THEME

    # -- factory-injected services ----------------------------------------------------------------
    @property
    def options(self) -> dict[str, Any]:
        """Probe options: given by the factory, else derived from the profile (server, STUN) and the command line."""
        if self._explicit_options is not None:
            return self._explicit_options
        extra = {"backup_interface": self.backup_interface} if self.backup_interface else None
        return engine.probe_options(self.profile, server=self.server, extra=extra)

    def bundled_profiles(self) -> list[Profile]:
        source = self._bundled_profiles
        if source is None:
            from rigcheck.profile import bundled_profiles

            return list(bundled_profiles())
        return list(source() if callable(source) else source)

    def load_profile(self, ref: str) -> Profile:
        """Load a profile by bundled id, path or URL; raises the loader's error with a readable text."""
        if self._profile_loader is not None:
            return self._profile_loader(ref)
        from rigcheck.profile import load_profile

        return load_profile(ref)

    def mic_possible(self) -> bool:
        """Cheap guess for the breadcrumb before the audio probe has answered: no imports here."""
        return audio_facts.AUDIO.id in self.session.specs and self._mic is not None

    def mic_backend(self) -> Any | None:
        """The mic/speaker test module, or None when it is not available on this machine (cached)."""
        if self._mic != MIC_AUTO:
            return self._mic
        with self._mic_lock:
            if self._mic_resolved is MIC_AUTO:
                self._mic_resolved = self._import_mic_backend()
            return self._mic_resolved

    @work(thread=True, exit_on_error=False, group="mic-import")
    def _prepare_mic_backend(self) -> None:
        # Importing PortAudio can take a moment: done while the probes run, not when a screen paints.
        self.mic_backend()

    @staticmethod
    def _import_mic_backend() -> Any | None:
        try:
            mictest = importlib.import_module("rigcheck.probes.audio.mictest")
        except Exception:  # noqa: BLE001 - any failure just means no mic step
            return None
        if not (hasattr(mictest, "measure_input") and hasattr(mictest, "play_tone")):
            return None
        try:
            # PortAudio missing or no permission: the module says why; then there is no mic step.
            if getattr(mictest, "import_check", lambda: None)() is not None:
                return None
        except Exception:  # noqa: BLE001
            return None
        return mictest

    # -- flow ---------------------------------------------------------------------------------------
    def on_mount(self) -> None:
        if self._signal_exit_code is not None:  # a signal before the event loop ran
            self._exit_for_signal()
            return
        if self.profile is None:
            from rigcheck.tui.screens.profile import ProfileScreen

            self.push_screen(ProfileScreen())
        else:
            if self.profile.notice:  # chosen on the command line: the profile screen that shows it is skipped
                self.notify(self.profile.notice, title=_("Profile"), severity="warning", timeout=15)
            self.start_checks(self.profile)

    def start_checks(self, profile: Profile) -> None:
        """Profile chosen: show the run screen and start every probe."""
        from rigcheck.tui.screens.run import RunScreen

        self.profile = profile
        self.session.profile = profile
        self.session.report = None
        if isinstance(self.screen, Screen) and self.screen.id != "_default":
            self.switch_screen(RunScreen())
        else:
            self.push_screen(RunScreen())
        self.start_run()

    def start_run(self, probe_ids: Sequence[str] | None = None) -> int:
        """Run the given probes (default: all) in a thread worker; returns the run id."""
        if self._cancel_event.is_set() or not self.session.running:
            self._cancel_event = threading.Event()
        run_id, ids = self.session.begin_run(probe_ids)
        if audio_facts.AUDIO.id in ids and self._mic == MIC_AUTO:
            self._prepare_mic_backend()
        self._run_worker([self.session.specs[probe_id] for probe_id in ids], run_id, self.options, self._cancel_event)
        for probe_id in ids:
            self._announce(probe_id)
        return run_id

    def cancel_run(self) -> bool:
        """Ask running probes to stop; they finish as 'cancelled'. True if something was running."""
        # Probes of no run yet (the profile step) wait for nothing: only a started run has something to stop.
        if not any(not state.finished and state.run_id for state in self.session.states.values()):
            return False
        self._cancel_event.set()
        return True

    @work(thread=True, exit_on_error=False, group="probes")
    def _run_worker(self, specs: list[ProbeSpec], run_id: int, options: Mapping[str, Any], cancel_event: threading.Event) -> None:
        """One run: the engine runs the probes (in parallel, each isolated) as it does for `rigcheck check`."""
        worker = get_current_worker()
        # Kept here, not on the UI thread: progress messages may replace each other, the history may not.
        mbps_history: dict[str, list[float]] = {spec.id: [] for spec in specs}
        phase_mbps: dict[str, dict[str, float]] = {spec.id: {} for spec in specs}

        def forward(event: ProbeEvent) -> None:
            if isinstance(event, ProbeProgress):
                history, phases = mbps_history[event.probe], phase_mbps[event.probe]
                mbps = first_mbps(event.detail)
                if mbps is not None:
                    history.append(mbps)
                    del history[:-THROUGHPUT_HISTORY]
                    phases[event.phase] = mbps
                if not worker.is_cancelled:
                    self.post_message(
                        ProbeProgressMessage(
                            event.probe, run_id, event.phase, event.fraction, event.detail, tuple(history), dict(phases)
                        )
                    )
            elif isinstance(event, ProbeStarted):
                self.post_message(ProbeStartedMessage(event.probe, run_id))
            elif isinstance(event, ProbeFinished):
                # Always delivered, even after cancel: the screen must show how the probe ended.
                self.post_message(ProbeFinishedMessage(event.result, run_id))

        snapshot = engine.collect(options=options, specs=specs, on_event=forward,
                                  cancel_event=_StopSignal(cancel_event, worker))
        self.post_message(RunFinishedMessage(snapshot, run_id))

    def on_probe_started_message(self, message: ProbeStartedMessage) -> None:
        if self.session.on_started(message.probe, message.run_id):
            self._announce(message.probe)

    def on_probe_progress_message(self, message: ProbeProgressMessage) -> None:
        if self.session.on_progress(
            message.probe, message.run_id, message.phase, message.fraction, message.detail, message.mbps_history,
            message.phase_mbps,
        ):
            self._announce(message.probe)

    def on_probe_finished_message(self, message: ProbeFinishedMessage) -> None:
        if self.session.on_finished(message.result, message.run_id):
            self._announce(message.result.probe)

    def on_run_finished_message(self, message: RunFinishedMessage) -> None:
        # Normally every result came with its finish event; one that did not is recorded from the snapshot.
        for probe_id in self.session.on_run_finished(message.snapshot, message.run_id):
            self._announce(probe_id)

    def _announce(self, probe_id: str) -> None:
        # Every step screen listens; screens that do not care simply ignore it.
        for screen in self.screen_stack:
            screen.post_message(ProbeStateChanged(probe_id))

    def after_run(self) -> None:
        """The run is over: questions next, then the mic check if offered, then results.

        Questions the applicant already answered or skipped are not asked again (after `R`, or after
        going back to the checks): the questions step opens only for a question not seen yet.
        """
        questions = self.session.questions()
        unseen = [index for index, question in enumerate(questions) if question.id not in self.session.asked]
        if unseen:
            from rigcheck.tui.screens.questions import QuestionsScreen

            self.switch_screen(QuestionsScreen(start=unseen[0]))
        else:
            self.after_questions()

    def after_questions(self) -> None:
        from rigcheck.tui.screens.backup import BackupScreen, switch_over_offered

        if switch_over_offered(self):  # the backup link found but not measured: the guided switch-over
            self.switch_screen(BackupScreen())
        elif self.session.report is None and self.mic_offered():
            from rigcheck.tui.screens.mic import MicScreen

            self.switch_screen(MicScreen())
        else:
            self.show_results()

    def mic_offered(self) -> bool:
        """Offer the mic check only when the audio probe saw devices and the mic test can run."""
        audio = self.session.states.get(audio_facts.AUDIO.id)
        return audio is not None and audio.finished and self.mic_skip_reason() is None

    def mic_skip_reason(self) -> str | None:
        """Why there is no mic step (a key of MIC_SKIP_REASONS), or None when it is offered or not decided yet."""
        if not self.mic_possible():
            return "no_test" if audio_facts.AUDIO.id in self.session.specs else None
        audio = self.session.states.get(audio_facts.AUDIO.id)
        if audio is None or not audio.finished:
            return None
        if audio.result is None or audio.result.status != "ok":
            return "no_sound_check"
        if not audio.result.values.get(audio_facts.DEFAULT_INPUT.key):
            return "no_microphone"
        return "no_test" if self.mic_backend() is None else None

    def score(self) -> Report:
        """Score the snapshot so far with the answers given; the only source of verdicts."""
        from rigcheck.scoring import score

        assert self.profile is not None
        report = score(self.session.snapshot(), self.profile, dict(self.session.answers), created_at=self.created_at)
        self.session.report = report
        return report

    def report_so_far(self) -> Report | None:
        """The report scored from what has been measured so far (the run screen's outcomes), or None."""
        from rigcheck.scoring import score

        if self.profile is None:
            return None
        try:
            return score(self.session.snapshot(), self.profile, dict(self.session.answers), created_at=self.created_at or "")
        except Exception as exc:  # noqa: BLE001 - the run screen then shows states without outcomes
            self.log.error(f"scoring failed: {exc!r}")
            return None

    def show_results(self) -> None:
        from rigcheck.tui.screens.results import ResultsScreen

        try:
            self.score()
        except Exception as exc:  # noqa: BLE001 - a scoring bug must not close the applicant's session
            self.log.error(f"scoring failed: {exc!r}")
            self.notify(
                _("rigcheck could not score these results (%(error)s). Press q to quit and run "
                  "\"rigcheck check\" to see the full error.") % {"error": f"{type(exc).__name__}: {exc}"},
                severity="error",
                timeout=60,
            )
            return
        if isinstance(self.screen, ResultsScreen):
            self.screen.refresh_report()
        else:
            self.switch_screen(ResultsScreen())

    def change_profile(self) -> None:
        """Back to the profile step, showing the profile in use; choosing one there checks everything again."""
        from rigcheck.tui.screens.profile import ProfileScreen

        self.switch_screen(ProfileScreen(current=self.profile))

    def default_report_base(self) -> Path:
        """Where a report goes unless the user types another path (no extension)."""
        from rigcheck.launch import reports_dir  # Documents: never the program's folder or System32

        directory = self.save_dir or reports_dir()
        profile_id = self.profile.id if self.profile else "report"
        digits = re.sub(r"\D", "", self.created_at or time.strftime("%Y%m%d%H%M", time.gmtime()))
        stamp = f"{digits[:8]}-{digits[8:12]}"
        return directory / f"rigcheck-{profile_id}-{stamp}"

    # -- actions ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        from rigcheck.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # Opens at the step the applicant is on (a dialog over a step: that step).
            step = next((getattr(screen, "STEP", "") for screen in reversed(self.screen_stack)
                         if getattr(screen, "STEP", "")), "")
            self.push_screen(HelpScreen(step))

    async def action_switch_language(self) -> None:
        """English ⇄ Filipino, at any step: every screen on the stack is drawn again in the new language."""
        from rigcheck.tui.screens.base import Worded, other_language

        set_language(other_language())
        for screen in list(self.screen_stack):
            if isinstance(screen, Worded):
                await screen.relabel()
        self.refresh_bindings()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        # Textual's palette says "Search for commands…" in English unless told otherwise.
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_watch(self) -> None:
        """Watch the connection over hours for the chosen profile (`rigcheck watch` in the app)."""
        from rigcheck.tui.screens.watch import WatchScreen

        if self.profile is None:
            self.notify("Choose an employer's profile first.", title="Watch my connection")
            return
        if not isinstance(self.screen, WatchScreen):
            self.push_screen(WatchScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    async def action_quit(self) -> None:
        from rigcheck.tui.screens.quit import QuitScreen

        # A result the applicant has not saved is asked about once; q again (or y) really quits.
        if self.session.unsaved_report and not isinstance(self.screen, QuitScreen):
            self.push_screen(QuitScreen())
            return
        self._cancel_event.set()
        self.exit(EXIT_OK)

    def action_interrupt(self) -> None:
        if self.cancel_run():
            self.notify(_("Stopping the checks…"), timeout=3)
        else:
            self._cancel_event.set()
            self.exit(EXIT_INTERRUPTED)

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Textual's run, with SIGINT and SIGTERM turned into a clean exit (130, 143) from any screen.

        rigcheck.entry's handler hands the signal here instead of raising KeyboardInterrupt somewhere inside
        the event loop (which left tracebacks, or an exit code of 0); the exit is scheduled on the loop and
        Textual restores the terminal as after `q`.
        """
        from rigcheck import entry

        entry.install()
        entry.deliver_to(self._on_stop_signal)
        try:
            return super().run(*args, **kwargs)
        finally:
            entry.deliver_to(None)

    def _on_stop_signal(self, signum: int) -> None:
        # Inside the signal handler, anywhere in the loop's own code: only schedule the exit.
        from rigcheck import entry

        self._signal_exit_code = entry.exit_code_for(signum)
        loop = self._loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._exit_for_signal)
            except RuntimeError:
                pass  # the loop has closed: the app is ending already, and main() reports the signal's code

    def _exit_for_signal(self) -> None:
        if self._signal_exit_code is not None:
            self.exit(self._signal_exit_code)

    def exit(self, result: int | None = None, return_code: int = 0, message: Any = None) -> None:
        # Probes poll this event: no probe thread outlives the app.
        self._cancel_event.set()
        super().exit(result, return_code=return_code, message=message)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Not Textual's own list: its English titles cannot be translated, and its theme picker and
        # screenshot are not for an applicant. The keys panel and quit are kept, worded.
        from rigcheck.tui.screens.base import LANGUAGE_NAMES, other_language

        yield SystemCommand(_("Help"), _("How rigcheck works, which keys do what, and the words it uses"),
                            self.action_help)
        yield SystemCommand(_("Language: %(language)s") % {"language": LANGUAGE_NAMES[other_language()]},
                            _("Show rigcheck in English or Filipino"), self.action_switch_language)
        yield SystemCommand(_("Light or dark theme"), _("Switch between the light and the dark theme"),
                            self.action_toggle_theme)
        if screen.query("HelpPanel"):
            yield SystemCommand(_("Keys"), _("Hide the list of keys"), self.action_hide_help_panel)
        else:
            yield SystemCommand(_("Keys"), _("Show every key you can press here"), self.action_show_help_panel)
        yield SystemCommand(_("Watch my connection"), _("Watch the connection for hours: outages and call quality by the hour (key w)"),
                            self.action_watch)
        yield SystemCommand(_("Quit"), _("Close rigcheck"), self.action_quit)
        step_commands = getattr(screen, "step_commands", None)
        if step_commands is not None:
            yield from step_commands()


def make_app(
    profile: Profile | None = None,
    probe_specs: Sequence[ProbeSpec] | None = None,
    options: Mapping[str, Any] | None = None,
    *,
    server: str | None = None,
    backup_interface: str | None = None,
    bundled_profiles: Callable[[], list[Profile]] | list[Profile] | None = None,
    profile_loader: ProfileLoader | None = None,
    mic: Any = MIC_AUTO,
    clock: Callable[[], float] = time.monotonic,
    created_at: str | None = None,
    save_dir: Path | str | None = None,
    dark: bool = True,
) -> RigcheckApp:
    """Build the app. `probe_specs` default to every real probe; tests pass fakes.

    `profile` skips the profile step. `options` override the probe options derived from the profile.
    `mic` is the mic-test module (default: import it if present; None: never offer the step).
    `clock` and `created_at` make screenshots reproducible; `save_dir` is the default report folder.
    """
    if probe_specs is None:
        from rigcheck.probes import load_probes

        probe_specs = load_probes()
    return RigcheckApp(
        profile=profile,
        probe_specs=list(probe_specs),
        options=options,
        server=server,
        backup_interface=backup_interface,
        bundled_profiles=bundled_profiles,
        profile_loader=profile_loader,
        mic=mic,
        clock=clock,
        created_at=created_at,
        save_dir=Path(save_dir) if save_dir is not None else None,
        dark=dark,
    )

"""Step 4 (when the audio probe found a microphone): live mic level, noise floor, and a test tone.

This step informs the applicant; it does not change the verdict (only the scored checks do).
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterable
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from rigcheck.facts import Fact, mic
from rigcheck.i18n import N_, _
from rigcheck.model import ProbeResult, ProbeStatus
from rigcheck.probes.mic import facts_of, room_noise_reading
from rigcheck.render.words import room_noise_words, voice_level_words
from rigcheck.tui.messages import MicLevel, MicMeasured
from rigcheck.tui.present import format_number
from rigcheck.tui.screens.base import StepScreen

MIC_SECONDS = 3.0
# The meter spans -60 dBFS (silence) to 0 dBFS (full scale).
METER_FLOOR_DBFS = -60.0


def _accepts(function: Any, name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _field(measurement: Any, fact: Fact) -> Any:
    """A mic fact from the probe's facts (a dict) or from the mic test's measurement (its attributes)."""
    if isinstance(measurement, dict):
        return measurement.get(fact.key)
    return getattr(measurement, fact.key, None)


def describe_measurement(measurement: Any) -> list[str]:
    """What the mic test measured, in words; only what the measurement says."""
    lines = []
    rms, peak = _field(measurement, mic.RMS_DBFS), _field(measurement, mic.PEAK_DBFS)
    if rms is not None:
        if peak is not None:
            lines.append(_("Your voice: %(loudness)s (%(average)s dBFS on average, %(peak)s at its loudest)")
                         % {"loudness": voice_level_words(rms), "average": format_number(rms), "peak": format_number(peak)})
        else:
            lines.append(_("Your voice: %(loudness)s (%(average)s dBFS on average)")
                         % {"loudness": voice_level_words(rms), "average": format_number(rms)})
    floor = _field(measurement, mic.NOISE_FLOOR_DBFS)
    if floor is not None:
        lines.append(_("Background noise: %(loudness)s (%(level)s dBFS)")
                     % {"loudness": room_noise_words(room_noise_reading(floor) or ""), "level": format_number(floor)})
    snr = _field(measurement, mic.SPEECH_TO_NOISE_DB)
    if snr is not None:
        lines.append(_("Your voice is %(db)s dB louder than the background noise") % {"db": format_number(snr)})
    if _field(measurement, mic.SILENT):
        lines.append(_("! The microphone heard silence: is it muted, or is another microphone selected?"))
    if _field(measurement, mic.CLIPPING):
        lines.append(_("! The sound was too loud and broke up: lower the microphone volume."))
    return lines or [_("The mic test returned no measurement.")]


def mic_lines(measurement: Any, error: str | None) -> list[str]:
    """The mic test's outcome in the current language: its figures in words, or why it failed."""
    if error is not None:
        return [_("The mic test failed: %(error)s") % {"error": error}]
    return describe_measurement(measurement) if measurement is not None else []


def mic_summary(measurement: Any, error: str | None, heard: str | None) -> list[str]:
    """What the results screen says of the mic step (empty when the applicant did nothing there)."""
    lines = mic_lines(measurement, error)
    if heard is not None:
        lines.append(_("Test tone heard: yes") if heard == "yes" else _("Test tone heard: no"))
    return lines


class MicScreen(StepScreen):
    """Optional mic and speaker check; Enter goes on to the results, s skips."""

    STEP = "Mic"
    HEADING = N_("Mic and speaker check (optional)")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "measure", N_("Test mic")),
        Binding("p", "play", N_("Play tone")),
        Binding("y", "heard('yes')", N_("Heard it"), show=False),
        Binding("n", "heard('no')", N_("Did not hear it"), show=False),
        Binding("enter", "continue", N_("Results")),
        Binding("s", "continue", N_("Skip")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.measuring = False
        self.tone_played = False
        # What happened, kept as figures and states: the words are made when drawn (a language switch
        # redraws them in the new language).
        self.listening = False
        self.measurement: Any = None
        self.mic_error: str | None = None
        self.level_dbfs: float | None = None
        self.heard: str | None = None
        self.tone_error: str | None = None
        # Set when the applicant leaves the step: a recording in progress stops early.
        self.stop_recording = threading.Event()

    def compose_body(self) -> ComposeResult:
        with Vertical(id="mic-box"):
            yield Static(
                _("1. Press m, then speak a sentence at normal volume for %(seconds)s seconds.")
                % {"seconds": format_number(MIC_SECONDS)},
                markup=False,
            )
            yield ProgressBar(total=-METER_FLOOR_DBFS, show_eta=False, show_percentage=False, id="mic-meter")
            yield Static(self._level_text(), id="mic-level", markup=False)
            yield Static(self._result_text(), id="mic-result", markup=False)
            yield Static(_("2. Press p to play a short tone in your headset."), markup=False)
            yield Static(self._tone_text(), id="tone-question", markup=False)
            yield Static(_("This check is for you: it does not change the result. Enter: continue."), classes="dim",
                         markup=False)

    def after_compose(self) -> None:
        super().after_compose()
        self.query_one("#mic-meter", ProgressBar).update(progress=0)

    @property
    def backend(self) -> Any:
        return self.rig.mic_backend()

    def action_measure(self) -> None:
        if self.measuring or self.backend is None:
            return
        self.measuring = True
        self.listening = True
        self.query_one("#mic-result", Static).update(self._result_text())
        self._measure(self.backend)

    @work(thread=True, exit_on_error=False, group="mic", exclusive=True)
    def _measure(self, backend: Any) -> None:
        worker = get_current_worker()

        def on_level(dbfs: float) -> None:
            if not worker.is_cancelled:
                self.post_message(MicLevel(float(dbfs)))

        kwargs: dict[str, Any] = {"seconds": MIC_SECONDS, "on_level": on_level}
        if _accepts(backend.measure_input, "cancel_event"):
            kwargs["cancel_event"] = self.stop_recording
        try:
            measurement = backend.measure_input(**kwargs)
        except Exception as exc:  # noqa: BLE001 - any failure is shown, never raised
            self.post_message(MicMeasured(None, error=str(exc)))
            return
        recorded = measurement.to_facts() if hasattr(measurement, "to_facts") else dict(measurement)
        self.post_message(MicMeasured(measurement, facts=facts_of(recorded)[0]))

    def on_mic_level(self, message: MicLevel) -> None:
        level = max(METER_FLOOR_DBFS, min(0.0, message.dbfs))
        self.query_one("#mic-meter", ProgressBar).update(progress=level - METER_FLOOR_DBFS)
        self.level_dbfs = message.dbfs
        self.query_one("#mic-level", Static).update(self._level_text())

    def _level_text(self) -> str:
        if self.level_dbfs is None:
            return _("Level: —")
        return _("Level: %(loudness)s (%(level)s dBFS)") % {"loudness": voice_level_words(self.level_dbfs),
                                                             "level": format_number(round(self.level_dbfs, 1))}

    def _result_text(self) -> str:
        if self.listening:
            return _("Listening… speak now.")
        return "\n".join(mic_lines(self.measurement, self.mic_error))

    def on_mic_measured(self, message: MicMeasured) -> None:
        self.measuring = False
        self.listening = False
        self.measurement, self.mic_error = message.measurement, message.error
        self.query_one("#mic-result", Static).update(self._result_text())
        if message.facts is not None:  # the room-noise limit of a profile reads it in the saved report
            self.rig.session.mic_result = ProbeResult(mic.MIC.id, ProbeStatus.OK, MIC_SECONDS, values=message.facts)
        self._remember()

    def action_play(self) -> None:
        if self.backend is None:
            return
        self._play(self.backend)

    @work(thread=True, exit_on_error=False, group="tone", exclusive=True)
    def _play(self, backend: Any) -> None:
        try:
            backend.play_tone(frequency_hz=440, seconds=1.0)
        except Exception as exc:  # noqa: BLE001
            self.app.call_from_thread(self._tone_failed, str(exc))
            return
        self.app.call_from_thread(self._tone_done)

    def _tone_done(self) -> None:
        self.tone_played = True
        self.tone_error = None
        self.query_one("#tone-question", Static).update(self._tone_text())

    def _tone_failed(self, reason: str) -> None:
        self.tone_error = reason
        self.query_one("#tone-question", Static).update(self._tone_text())

    def _tone_text(self) -> str:
        if self.tone_error is not None:
            return _("The tone could not be played: %(error)s") % {"error": self.tone_error}
        if self.heard == "yes":
            return _("You heard the tone.")
        if self.heard == "no":
            return _("You did not hear the tone: make the headset the computer's speaker (default output).")
        return _("Did you hear the tone in your headset? Press y (yes) or n (no).") if self.tone_played else ""

    def action_heard(self, answer: str) -> None:
        if not self.tone_played:
            return
        self.heard = answer
        self.query_one("#tone-question", Static).update(self._tone_text())
        self._remember()

    def _remember(self) -> None:
        session = self.rig.session
        session.mic_measurement, session.mic_error, session.mic_heard = self.measurement, self.mic_error, self.heard

    def action_continue(self) -> None:
        self.stop_recording.set()
        self.workers.cancel_group(self, "mic")
        self.rig.show_results()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Test the microphone"), _("Record a few seconds and show the level"), self.action_measure)
        yield SystemCommand(_("Play a test tone"), _("Play a short tone in the headset"), self.action_play)

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
        text = f"Your voice: {format_number(rms)} dBFS average"
        if peak is not None:
            text += f", {format_number(peak)} dBFS peak"
        lines.append(text)
    floor = _field(measurement, mic.NOISE_FLOOR_DBFS)
    if floor is not None:
        lines.append(f"Background noise: {format_number(floor)} dBFS")
    snr = _field(measurement, mic.SPEECH_TO_NOISE_DB)
    if snr is not None:
        lines.append(f"Your voice is {format_number(snr)} dB above the background noise")
    if _field(measurement, mic.SILENT):
        lines.append("! The microphone heard silence: is it muted, or is another microphone selected?")
    if _field(measurement, mic.CLIPPING):
        lines.append("! The sound was clipping (too loud): lower the microphone volume.")
    return lines or ["The mic test returned no measurement."]


class MicScreen(StepScreen):
    """Optional mic and speaker check; Enter goes on to the results, s skips."""

    STEP = "Mic"
    HEADING = "Microphone and speaker check (optional)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "measure", "Test mic"),
        Binding("p", "play", "Play tone"),
        Binding("y", "heard('yes')", "Heard it", show=False),
        Binding("n", "heard('no')", "Did not", show=False),
        Binding("enter", "continue", "Results"),
        Binding("s", "continue", "Skip"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.measuring = False
        self.tone_played = False
        self.mic_lines: list[str] = []
        self.heard: str | None = None
        # Set when the applicant leaves the step: a recording in progress stops early.
        self.stop_recording = threading.Event()

    def compose_body(self) -> ComposeResult:
        with Vertical(id="mic-box"):
            yield Static(
                f"1. Press m, then speak a sentence at normal volume for {format_number(MIC_SECONDS)} seconds.",
                markup=False,
            )
            yield ProgressBar(total=-METER_FLOOR_DBFS, show_eta=False, show_percentage=False, id="mic-meter")
            yield Static("Level: —", id="mic-level", markup=False)
            yield Static("", id="mic-result", markup=False)
            yield Static("2. Press p to play a short tone in your headset.", markup=False)
            yield Static("", id="tone-question", markup=False)
            yield Static("This check is for you: it does not change the verdict. Enter: continue.", classes="dim", markup=False)

    def on_mount(self) -> None:
        self.query_one("#mic-meter", ProgressBar).update(progress=0)

    @property
    def backend(self) -> Any:
        return self.rig.mic_backend()

    def action_measure(self) -> None:
        if self.measuring or self.backend is None:
            return
        self.measuring = True
        self.query_one("#mic-result", Static).update("Listening… speak now.")
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
            self.post_message(MicMeasured([], error=f"The mic test failed: {exc}"))
            return
        self.post_message(MicMeasured(describe_measurement(measurement)))

    def on_mic_level(self, message: MicLevel) -> None:
        level = max(METER_FLOOR_DBFS, min(0.0, message.dbfs))
        self.query_one("#mic-meter", ProgressBar).update(progress=level - METER_FLOOR_DBFS)
        self.query_one("#mic-level", Static).update(f"Level: {format_number(round(message.dbfs, 1))} dBFS")

    def on_mic_measured(self, message: MicMeasured) -> None:
        self.measuring = False
        self.mic_lines = [message.error] if message.error else message.lines
        self.query_one("#mic-result", Static).update("\n".join(self.mic_lines))
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
        self.query_one("#tone-question", Static).update("Did you hear the tone in your headset? Press y (yes) or n (no).")

    def _tone_failed(self, reason: str) -> None:
        self.query_one("#tone-question", Static).update(f"The tone could not be played: {reason}")

    def action_heard(self, answer: str) -> None:
        if not self.tone_played:
            return
        self.heard = answer
        text = "You heard the tone." if answer == "yes" else "You did not hear the tone: check the headset is the default output."
        self.query_one("#tone-question", Static).update(text)
        self._remember()

    def _remember(self) -> None:
        lines = list(self.mic_lines)
        if self.heard is not None:
            lines.append("Test tone heard: " + ("yes" if self.heard == "yes" else "no"))
        self.rig.session.mic_summary = lines

    def action_continue(self) -> None:
        self.stop_recording.set()
        self.workers.cancel_group(self, "mic")
        self.rig.show_results()

    def step_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Test the microphone", "Record a few seconds and show the level", self.action_measure)
        yield SystemCommand("Play a test tone", "Play a short tone in the headset", self.action_play)

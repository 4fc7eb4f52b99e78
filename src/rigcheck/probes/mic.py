"""The microphone probe (opt-in: `rigcheck probe mic`): record a few seconds and report levels.

Options: "mic_device" (PortAudio index or name; default input when unset), "mic_seconds" (default 3).
Facts: rms_dbfs, peak_dbfs, noise_floor_dbfs, speech_level_dbfs, speech_to_noise_db, clipped_percent,
clipping, silent, device, samplerate_hz, seconds, room_noise (the noise floor read plainly). The levels are measurements; judging them is the
scorer's job. A muted microphone is a result (`silent`), not an error.
"""

from __future__ import annotations

from typing import Any

from rigcheck.facts.mic import MIC, NOISE_FLOOR_DBFS, ROOM_NOISE, ROOM_NOISE_BANDS_DBFS, SILENT
from rigcheck.probes.audio.mictest import MicTestError, import_check, measure_input
from rigcheck.probes.audio.probe import sanitize_name
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

DEFAULT_SECONDS = 3.0


def room_noise_reading(noise_floor_dbfs: float | None) -> str | None:
    """quiet, some_noise or noisy by rigcheck's bands (facts.mic.ROOM_NOISE_BANDS_DBFS); None without a figure."""
    if noise_floor_dbfs is None:
        return None
    return next((name for name, top in ROOM_NOISE_BANDS_DBFS if noise_floor_dbfs <= top), "noisy")


def collect(ctx: ProbeContext) -> dict[str, Any]:
    problem = import_check()
    if problem is not None:
        raise ProbeUnsupported(problem)
    seconds = float(ctx.option("mic_seconds", DEFAULT_SECONDS) or DEFAULT_SECONDS)
    device = ctx.option("mic_device")
    recorded = [0]

    def on_level(dbfs: float) -> None:
        recorded[0] += 1
        ctx.progress("recording", min(1.0, recorded[0] * 0.05 / seconds), level_dbfs=dbfs)

    try:
        measurement = measure_input(device, seconds, on_level, cancel_event=ctx.cancel_event)
    except MicTestError as exc:
        message = str(exc)
        if message.startswith("no microphone"):
            raise ProbeUnsupported(message) from exc
        raise ProbeError(message) from exc
    facts, note = facts_of(measurement.to_facts())
    if note:
        ctx.incomplete(note)
    return facts


def facts_of(recorded: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The mic's declared facts from a recording's raw figures (MicMeasurement.to_facts), and its note.

    The one way a recording becomes facts: this probe and the guided app's mic step both use it."""
    facts = dict(recorded)
    facts["device"] = sanitize_name(facts["device"]) if facts.get("device") else None
    facts[ROOM_NOISE.key] = None if facts.get(SILENT.key) else room_noise_reading(facts.get(NOISE_FLOOR_DBFS.key))
    return facts, facts.pop("note", None)


PROBE = ProbeSpec(id=MIC.id, title=MIC.title, collect=collect, timeout_s=20.0, facts=MIC.facts)

"""Microphone and speaker test, reusable by `rigcheck probe mic` and the TUI.

    from rigcheck.probes.audio.mictest import measure_input, play_tone
    result = measure_input(seconds=3.0, on_level=lambda dbfs: meter.update(dbfs))
    result.rms_dbfs, result.peak_dbfs, result.noise_floor_dbfs, result.clipping, result.silent
    play_tone(frequency_hz=440, seconds=1.0)   # then ask the user whether it was heard

Levels are dBFS of the RMS relative to digital full scale (a full-scale sine reads -3.0 dBFS).
Samples are 32-bit floats read through PortAudio (sounddevice raw streams: no numpy needed).
"""

from __future__ import annotations

import math
import sys
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

# A muted or dead microphone delivers digital silence or a few bits of noise; a live microphone in a
# quiet room sits well above this (its own self-noise plus the room).
SILENCE_RMS_DBFS = -70.0
SILENCE_PEAK_DBFS = -60.0
CLIP_LEVEL = 0.999  # |sample| at or above this counts as clipped
CLIPPING_FRACTION = 0.001  # 0.1 % of samples clipped means the input is overdriven
FLOOR_DBFS = -120.0  # reported instead of -inf for digital zero (JSON has no infinity)
BLOCK_S = 0.05  # level blocks: 50 ms, short enough to separate syllables from pauses


# Held while a stream is open, so the audio probe never re-scans PortAudio under a running test.
PORTAUDIO_LOCK = threading.RLock()


class MicTestError(Exception):
    """The test could not run (no PortAudio, no such device, access refused). The message says why."""


@dataclass(frozen=True)
class MicMeasurement:
    """What a few seconds of recording showed. None where nothing could be measured."""

    device: str | None
    samplerate_hz: int
    seconds: float
    rms_dbfs: float
    peak_dbfs: float
    noise_floor_dbfs: float
    speech_level_dbfs: float
    speech_to_noise_db: float | None
    clipped_percent: float
    clipping: bool
    silent: bool
    note: str | None = None

    def to_facts(self) -> dict[str, Any]:
        return asdict(self)


def to_dbfs(value: float) -> float:
    """Amplitude (0..1 of full scale) in dBFS, floored at FLOOR_DBFS."""
    if value <= 0.0:
        return FLOOR_DBFS
    return max(FLOOR_DBFS, round(20.0 * math.log10(value), 2))


def _percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return FLOOR_DBFS
    position = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[position]


def analyze_samples(samples: Sequence[float], samplerate_hz: int, *, device: str | None = None, note: str | None = None) -> MicMeasurement:
    """Levels of a mono recording (floats in -1..1). Pure: used on live input and in tests.

    The noise floor is the 10th percentile of 50 ms block levels, the speech level the 90th; their
    difference is the speech-to-noise ratio, meaningful when the user spoke during the recording.
    """
    count = len(samples)
    if count == 0:
        raise MicTestError("the recording is empty")
    square_sum = 0.0
    peak = 0.0
    clipped = 0
    for value in samples:
        magnitude = abs(value)
        square_sum += value * value
        peak = max(peak, magnitude)
        if magnitude >= CLIP_LEVEL:
            clipped += 1
    rms_dbfs = to_dbfs(math.sqrt(square_sum / count))
    peak_dbfs = to_dbfs(peak)

    block = max(1, int(samplerate_hz * BLOCK_S))
    block_levels = []
    for start in range(0, count - block + 1, block):
        chunk = samples[start : start + block]
        block_levels.append(to_dbfs(math.sqrt(sum(v * v for v in chunk) / len(chunk))))
    if not block_levels:
        block_levels = [rms_dbfs]
    block_levels.sort()
    noise_floor = _percentile(block_levels, 0.10)
    speech_level = _percentile(block_levels, 0.90)
    silent = rms_dbfs < SILENCE_RMS_DBFS and peak_dbfs < SILENCE_PEAK_DBFS
    clipped_fraction = clipped / count
    return MicMeasurement(
        device=device,
        samplerate_hz=int(samplerate_hz),
        seconds=round(count / samplerate_hz, 3),
        rms_dbfs=rms_dbfs,
        peak_dbfs=peak_dbfs,
        noise_floor_dbfs=noise_floor,
        speech_level_dbfs=speech_level,
        speech_to_noise_db=None if silent else round(speech_level - noise_floor, 2),
        clipped_percent=round(100.0 * clipped_fraction, 3),
        clipping=clipped_fraction >= CLIPPING_FRACTION,
        silent=silent,
        note=note,
    )


def _sounddevice():
    try:
        import sounddevice
    except OSError as exc:
        from rigcheck.probes.audio.probe import portaudio_hint  # here: probe imports this module

        raise MicTestError(f"PortAudio library not found ({exc}). {portaudio_hint()}") from exc
    except ImportError as exc:
        raise MicTestError(f"sounddevice could not be imported ({exc})") from exc
    except Exception as exc:
        raise MicTestError(f"PortAudio failed to start ({type(exc).__name__}: {exc})") from exc
    return sounddevice


def _device_info(sd, device: int | str | None, kind: str) -> dict[str, Any]:
    try:
        info = sd.query_devices(device, kind=kind)
    except Exception as exc:
        what = "microphone" if kind == "input" else "audio output"
        if device is None:  # PortAudio's own words ("Error querying device -1") say nothing to a person
            use = "to record from" if kind == "input" else "to play on"
            raise MicTestError(f"no {what} {use}: none is connected or turned on") from exc
        raise MicTestError(f"no {what} found matching {device!r} ({exc})") from exc
    return dict(info)


def _permission_hint() -> str:
    if sys.platform == "darwin":
        return " On macOS, allow microphone access for your terminal in System Settings > Privacy & Security > Microphone."
    if sys.platform.startswith("win"):
        return " On Windows, check Settings > Privacy & security > Microphone (let desktop apps use it)."
    return ""


def measure_input(
    device: int | str | None = None,
    seconds: float = 3.0,
    on_level: Callable[[float], None] | None = None,
    *,
    samplerate_hz: int | None = None,
    cancel_event: threading.Event | None = None,
) -> MicMeasurement:
    """Record `seconds` from `device` (index, name, or None for the default input) and measure it.

    `on_level(dbfs)` is called about every 50 ms with the latest block level (for a live meter).
    Raises MicTestError when the test cannot run; a muted microphone is a result (`silent`).
    """
    sd = _sounddevice()
    info = _device_info(sd, device, "input")
    if int(info.get("max_input_channels", 0)) < 1:
        raise MicTestError(f"{info.get('name')!r} has no input channels")
    rate = int(samplerate_hz or info.get("default_samplerate") or 48000)
    block = max(1, int(rate * BLOCK_S))
    wanted = max(1, int(rate * seconds))
    samples = array("f")
    channels = 1
    try:
        stream = sd.RawInputStream(device=info["index"], channels=channels, samplerate=rate, dtype="float32", blocksize=block)
    except Exception:  # noqa: BLE001 - some host APIs refuse mono; open the native layout instead
        channels = int(info["max_input_channels"])
        try:
            stream = sd.RawInputStream(device=info["index"], channels=channels, samplerate=rate, dtype="float32", blocksize=block)
        except Exception as exc:
            raise MicTestError(f"could not open {info['name']!r}: {exc}.{_permission_hint()}") from exc
    overflows = 0
    with PORTAUDIO_LOCK, stream:
        while len(samples) < wanted:
            if cancel_event is not None and cancel_event.is_set():
                raise MicTestError("the microphone test was stopped")
            data, overflowed = stream.read(block)
            overflows += bool(overflowed)
            chunk = array("f")
            chunk.frombytes(bytes(data))
            if channels > 1:
                chunk = array("f", chunk[0::channels])  # first channel is enough for levels
            samples.extend(chunk)
            if on_level is not None and len(chunk):
                on_level(to_dbfs(math.sqrt(sum(v * v for v in chunk) / len(chunk))))
    del samples[wanted:]
    note = None
    if overflows:
        note = f"{overflows} input overflow(s) while recording"
    result = analyze_samples(samples, rate, device=str(info["name"]), note=note)
    if result.silent and result.peak_dbfs <= FLOOR_DBFS and sys.platform == "darwin":
        # macOS hands a denied app digital zeros instead of an error.
        result = analyze_samples(samples, rate, device=str(info["name"]), note="only digital silence:" + _permission_hint())
    return result


def tone_samples(frequency_hz: float, seconds: float, samplerate_hz: int, amplitude: float = 0.25) -> array:
    """A sine tone with 10 ms fades (no clicks), mono float32."""
    count = int(samplerate_hz * seconds)
    fade = max(1, int(samplerate_hz * 0.01))
    tone = array("f", bytes(4 * count))
    step = 2.0 * math.pi * frequency_hz / samplerate_hz
    for n in range(count):
        gain = min(1.0, n / fade, (count - 1 - n) / fade)
        tone[n] = amplitude * gain * math.sin(step * n)
    return tone


def play_tone(
    device: int | str | None = None,
    frequency_hz: float = 440.0,
    seconds: float = 1.0,
    *,
    amplitude: float = 0.25,
    samplerate_hz: int | None = None,
) -> None:
    """Play a short sine tone on `device` (None: the default output) and return when it has played.

    The caller asks the user whether it was heard. Raises MicTestError when nothing can be played.
    """
    sd = _sounddevice()
    info = _device_info(sd, device, "output")
    rate = int(samplerate_hz or info.get("default_samplerate") or 48000)
    tone = tone_samples(frequency_hz, seconds, rate, amplitude)
    layouts = [1]
    if int(info.get("max_output_channels", 0)) >= 2:
        layouts.append(2)  # some host APIs refuse mono output
    problem: Exception | None = None
    for channels in layouts:
        data = tone if channels == 1 else array("f", (value for value in tone for _ in range(channels)))
        try:
            with PORTAUDIO_LOCK, sd.RawOutputStream(device=info["index"], channels=channels, samplerate=rate, dtype="float32") as stream:
                stream.write(data.tobytes())
                time.sleep(min(0.2, stream.latency if isinstance(stream.latency, float) else 0.1))
            return
        except Exception as exc:  # noqa: BLE001 - PortAudioError from the output device
            problem = exc
    raise MicTestError(f"could not play on {info['name']!r}: {problem}")


def import_check() -> str | None:
    """None when PortAudio can be used, else why not (with the install hint)."""
    try:
        _sounddevice()
    except MicTestError as exc:
        return str(exc)
    return None

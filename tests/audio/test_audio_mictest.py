"""Level analysis of recordings (pure): tones, silence, clipping, speech over noise."""

from __future__ import annotations

import math
import random

import pytest

from rigcheck.probes.audio.mictest import (
    FLOOR_DBFS,
    MicTestError,
    analyze_samples,
    to_dbfs,
    tone_samples,
)

RATE = 16000


def sine(amplitude: float, seconds: float, frequency: float = 1000.0) -> list[float]:
    return [amplitude * math.sin(2 * math.pi * frequency * n / RATE) for n in range(int(RATE * seconds))]


def test_sine_levels_match_theory():
    result = analyze_samples(sine(0.5, 1.0), RATE)
    assert result.peak_dbfs == pytest.approx(20 * math.log10(0.5), abs=0.05)
    assert result.rms_dbfs == pytest.approx(20 * math.log10(0.5 / math.sqrt(2)), abs=0.05)  # -9.03
    assert not result.silent and not result.clipping


def test_digital_silence_is_silent_and_floored():
    result = analyze_samples([0.0] * RATE, RATE)
    assert result.silent
    assert result.rms_dbfs == result.peak_dbfs == FLOOR_DBFS
    assert result.speech_to_noise_db is None


def test_a_few_bits_of_noise_is_still_silent_but_a_quiet_room_is_not():
    rng = random.Random(4)
    dead = [rng.uniform(-1, 1) / 32768 for _ in range(RATE)]  # one LSB of 16-bit noise
    assert analyze_samples(dead, RATE).silent
    room = [rng.gauss(0, 10 ** (-55 / 20)) for _ in range(RATE)]  # -55 dBFS of room noise
    assert not analyze_samples(room, RATE).silent


def test_clipping_is_detected():
    clipped = [max(-1.0, min(1.0, value * 3)) for value in sine(0.9, 0.5)]
    result = analyze_samples(clipped, RATE)
    assert result.clipping and result.clipped_percent > 10
    assert not analyze_samples(sine(0.9, 0.5), RATE).clipping


def test_speech_to_noise_ratio_of_bursts_over_a_noise_floor():
    rng = random.Random(7)
    noise = 10 ** (-60 / 20)
    samples = []
    for second in range(4):  # half a second of "speech" at -20 dBFS RMS, half a second of noise
        samples += [v + rng.gauss(0, noise) for v in sine(10 ** (-20 / 20) * math.sqrt(2), 0.5)]
        samples += [rng.gauss(0, noise) for _ in range(RATE // 2)]
    result = analyze_samples(samples, RATE)
    assert result.noise_floor_dbfs == pytest.approx(-60, abs=1.5)
    assert result.speech_level_dbfs == pytest.approx(-20, abs=1.0)
    assert result.speech_to_noise_db == pytest.approx(40, abs=2.0)


def test_empty_recording_is_an_error():
    with pytest.raises(MicTestError):
        analyze_samples([], RATE)


def test_tone_samples_fade_and_level():
    tone = tone_samples(440, 0.5, RATE, amplitude=0.25)
    assert len(tone) == RATE // 2
    assert tone[0] == 0.0 and abs(tone[-1]) < 0.01  # faded: no click
    assert to_dbfs(max(abs(v) for v in tone)) == pytest.approx(-12.04, abs=0.1)


def test_mic_probe_without_such_a_microphone_is_unsupported_not_an_error():
    try:
        import sounddevice  # noqa: F401
    except (OSError, ImportError):
        pytest.skip("PortAudio is not installed (apt-get install libportaudio2)")
    from rigcheck.probes.base import run_probe
    from rigcheck.probes.mic import PROBE

    result = run_probe(PROBE, {"mic_device": "no-such-microphone-xyz", "mic_seconds": 0.2})
    assert result.status == "unsupported"
    assert "no microphone found matching 'no-such-microphone-xyz'" in result.error

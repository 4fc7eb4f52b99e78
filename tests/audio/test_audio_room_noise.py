"""Room noise through the real audio stack: steady noise played into a PulseAudio null sink (paplay) and
recorded from its monitor by the mic probe (PortAudio -> ALSA pulse plugin). A quiet room and a noisy one
must read as such, and score against the ph-bpo-voice profile's max_room_noise_dbfs."""

from __future__ import annotations

import random
import struct
import subprocess
import time
import wave
from pathlib import Path

import pytest

from rigcheck.facts import good_facts
from rigcheck.model import ProbeResult, Snapshot
from rigcheck.probes.base import run_probe
from rigcheck.probes.mic import PROBE as MIC_PROBE, room_noise_reading
from rigcheck.profile import load_profile
from rigcheck.scoring import score

from .conftest import HEADSET_SINK

pytestmark = pytest.mark.slow
RATE = 44100


def write_noise_wav(path: Path, rms_dbfs: float, seconds: float, seed: int = 7) -> None:
    """16-bit mono white noise of a given RMS level (what sox's `synth whitenoise vol` makes, seeded here)."""
    rng = random.Random(seed)
    sigma = 10 ** (rms_dbfs / 20) * 32767
    values = (max(-32768, min(32767, round(rng.gauss(0, sigma)))) for _ in range(int(RATE * seconds)))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", value) for value in values))


def record_room(pulse_server, tmp_path: Path, rms_dbfs: float) -> ProbeResult:
    wav = tmp_path / f"room{rms_dbfs:+.0f}.wav"
    write_noise_wav(wav, rms_dbfs, seconds=8.0)
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    player = subprocess.Popen(["paplay", f"--device={HEADSET_SINK}", str(wav)], env=pulse_server.env)
    try:
        deadline = time.monotonic() + 10
        while not pulse_server.pactl("list", "short", "sink-inputs").strip():
            assert player.poll() is None and time.monotonic() < deadline, "paplay did not start playing"
            time.sleep(0.05)
        time.sleep(0.4)  # let the pipeline fill before recording
        return run_probe(MIC_PROBE, {"mic_device": "pulse", "mic_seconds": 2.0})
    finally:
        player.terminate()
        player.wait(timeout=5)


def scored_room_noise(result: ProbeResult) -> str:
    facts = good_facts(optional=True)
    results = {probe: ProbeResult(probe, "ok", 0.1, None, values) for probe, values in facts.items()}
    results["mic"] = result
    report = score(Snapshot(results=results), load_profile("ph-bpo-voice"),
                   {"quiet-room": "yes", "internet-shop": "no", "cordless-phone": "no"})
    return next(check.status for check in report.checks if check.id == "audio.max_room_noise_dbfs")


def test_a_quiet_room_reads_quiet_and_passes(pulse_server, tmp_path):
    result = record_room(pulse_server, tmp_path, -65.0)
    assert result.status == "ok", result.error
    # Steady noise: its 50 ms blocks sit at its RMS level, so the noise floor is that level.
    assert result.values["noise_floor_dbfs"] == pytest.approx(-65.0, abs=2.0)
    assert result.values["room_noise"] == "quiet"
    assert scored_room_noise(result) == "pass"


def test_a_noisy_room_reads_too_noisy_and_warns(pulse_server, tmp_path):
    result = record_room(pulse_server, tmp_path, -35.0)
    assert result.status == "ok", result.error
    assert result.values["noise_floor_dbfs"] == pytest.approx(-35.0, abs=2.0)
    assert result.values["room_noise"] == "noisy"
    assert scored_room_noise(result) == "warn"  # recommended in ph-bpo-voice: a warning, not a refusal


@pytest.mark.parametrize("floor, reading", [(-70.0, "quiet"), (-55.0, "quiet"), (-50.0, "some_noise"), (-45.0, "some_noise"),
                                            (-44.9, "noisy"), (None, None)])
def test_reading_bands(floor, reading):
    assert room_noise_reading(floor) == reading


def test_rigcheck_check_runs_the_mic_when_the_profile_sets_a_room_noise_limit(pulse_server, tmp_path):
    # The real command: ph-bpo-voice sets audio.max_room_noise_dbfs, so `check` records the room without being
    # told to (the mic is opt-in otherwise), and --skip mic leaves it out as skipped, not "not run".
    import json
    import sys

    wav = tmp_path / "room-quiet.wav"
    write_noise_wav(wav, -65.0, seconds=12.0)
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    player = subprocess.Popen(["paplay", f"--device={HEADSET_SINK}", str(wav)], env=pulse_server.env)
    try:
        time.sleep(0.6)
        run = [sys.executable, "-m", "rigcheck", "check", "--profile", "ph-bpo-voice", "--format", "json"]
        measured = subprocess.run([*run, "--only", "memory,mic"], capture_output=True, text=True, timeout=120,
                                  env=pulse_server.env, stdin=subprocess.DEVNULL)
        left_out = subprocess.run([*run, "--only", "memory", "--skip", "mic"], capture_output=True, text=True, timeout=120,
                                  env=pulse_server.env, stdin=subprocess.DEVNULL)
    finally:
        player.terminate()
        player.wait(timeout=5)
    report = json.loads(measured.stdout)
    noise = next(check for check in report["checks"] if check["id"] == "audio.max_room_noise_dbfs")
    assert report["facts"]["mic"]["status"] == "ok", report["facts"]["mic"]
    assert noise["status"] == "pass" and noise["observed"] == pytest.approx(-65.0, abs=3.0), noise
    skipped = next(check for check in json.loads(left_out.stdout)["checks"] if check["id"] == "audio.max_room_noise_dbfs")
    assert skipped["status"] == "skipped" and "mic" not in json.loads(left_out.stdout)["facts"]


def test_a_profile_without_a_room_noise_limit_never_opens_the_microphone():
    from rigcheck.engine import optional_probes_needed, select_probes

    assert optional_probes_needed(load_profile("generic-voice")) == []
    assert optional_probes_needed(load_profile("ph-bpo-voice")) == ["mic"]
    selected, skipped = select_probes(None, None, wanted_optional=optional_probes_needed(load_profile("generic-voice")))
    assert "mic" not in selected and "mic" not in skipped

"""The real audio stack: PortAudio -> ALSA pulse plugin -> PulseAudio with null sinks.

A known tone is played into the sink described as a USB headset (paplay) and its monitor is recorded
through sounddevice: the mic test must read the tone's level within 2 dB and report silence when
nothing plays. Skipped, with the reason, when PulseAudio, the ALSA pulse plugin or PortAudio is
missing (CI installs them: see scripts/test.sh).
"""

from __future__ import annotations

import array
import subprocess
import time

import pytest

from rigcheck.probes.audio import PROBE as AUDIO_PROBE
from rigcheck.probes.audio.mictest import analyze_samples, measure_input, play_tone
from rigcheck.probes.base import run_probe
from rigcheck.probes.mic import PROBE as MIC_PROBE

from .conftest import HEADSET_DESCRIPTION, HEADSET_SINK, SILENT_SINK, write_tone_wav

pytestmark = pytest.mark.slow

TONE_AMPLITUDE = 0.5  # -6.02 dBFS peak, -9.03 dBFS RMS


@pytest.fixture
def playing_tone(pulse_server, tmp_path):
    """Play a 1 kHz tone into the headset sink for a few seconds; yields the expected analysis."""
    wav = tmp_path / "tone.wav"
    samples = write_tone_wav(wav, TONE_AMPLITUDE, seconds=12.0)
    expected = analyze_samples(samples, 44100)
    player = subprocess.Popen(["paplay", f"--device={HEADSET_SINK}", str(wav)], env=pulse_server.env)
    deadline = time.monotonic() + 10
    while not pulse_server.pactl("list", "short", "sink-inputs").strip():
        assert player.poll() is None and time.monotonic() < deadline, "paplay did not start playing"
        time.sleep(0.05)
    time.sleep(0.4)  # let the pipeline fill before recording
    try:
        yield expected
    finally:
        player.terminate()
        player.wait(timeout=5)


def test_mic_test_reads_a_played_tone_within_2_db(pulse_server, playing_tone):
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    levels = []
    result = measure_input("pulse", seconds=2.0, on_level=levels.append)
    assert result.rms_dbfs == pytest.approx(playing_tone.rms_dbfs, abs=2.0)
    assert result.peak_dbfs == pytest.approx(playing_tone.peak_dbfs, abs=2.0)
    assert not result.silent and not result.clipping
    assert len(levels) >= 30  # about one level every 50 ms, for a live meter
    assert all(level == pytest.approx(playing_tone.rms_dbfs, abs=3.0) for level in levels[5:])


def test_mic_test_reports_silence_when_nothing_plays(pulse_server):
    pulse_server.set_default_source(f"{SILENT_SINK}.monitor")
    result = measure_input("pulse", seconds=1.0)
    assert result.silent and result.speech_to_noise_db is None
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    assert measure_input("pulse", seconds=1.0).silent  # the headset sink is idle too


def test_play_tone_reaches_the_default_output(pulse_server, tmp_path):
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    capture = tmp_path / "capture.raw"
    with open(capture, "wb") as sink_file:
        recorder = subprocess.Popen(
            ["parec", f"--device={HEADSET_SINK}.monitor", "--format=float32le", "--channels=1", "--rate=44100"],
            env=pulse_server.env, stdout=sink_file,
        )
        time.sleep(0.5)
        play_tone("pulse", frequency_hz=440, seconds=1.5, amplitude=0.25)
        time.sleep(0.3)
        recorder.terminate()
        recorder.wait(timeout=5)
    samples = array.array("f", capture.read_bytes()[: (capture.stat().st_size // 4) * 4])
    heard = analyze_samples(samples, 44100)
    assert heard.peak_dbfs == pytest.approx(-12.04, abs=2.0)  # amplitude 0.25


def test_audio_probe_sees_the_headset_sink_and_defaults(pulse_server):
    result = run_probe(AUDIO_PROBE)
    assert result.status == "ok", result.error
    values = result.values
    by_name = {device["name"]: device for device in values["devices"]}
    assert by_name[HEADSET_DESCRIPTION]["kind"] == "usb_headset"
    assert by_name[HEADSET_DESCRIPTION]["output_channels"] == 2
    assert by_name["pulse"]["kind"] == "virtual"
    assert values["portaudio_available"] is True
    assert values["usb_headset_present"] and values["wired_headset_present"]
    assert not values["bluetooth_audio_present"] and not values["wireless_audio_present"]
    # PortAudio's default is the virtual ALSA "default"; PulseAudio names the real default sink.
    assert {key: values["default_output"][key] for key in ("name", "kind", "is_headset")} == {"name": HEADSET_DESCRIPTION, "kind": "usb_headset", "is_headset": True}


def test_mic_probe_measures_the_default_input(pulse_server, playing_tone):
    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    events = []
    result = run_probe(MIC_PROBE, {"mic_device": "pulse", "mic_seconds": 1.5}, on_event=events.append)
    assert result.status == "ok", result.error
    assert result.values["rms_dbfs"] == pytest.approx(playing_tone.rms_dbfs, abs=2.0)
    assert result.values["silent"] is False
    assert any(getattr(event, "phase", None) == "recording" for event in events)


def test_audio_probe_rescans_portaudio_for_devices_that_appeared_since_it_started(pulse_server):
    # A process whose PortAudio started before the sound server was reachable (a headset plugged in
    # later looks the same to PortAudio): the probe must see the new devices without a restart.
    import json
    import subprocess
    import sys

    code = (
        "import os, json, sounddevice as sd\n"
        "before = [d['name'] for d in sd.query_devices()]\n"
        f"os.environ.update({json.dumps({k: pulse_server.env[k] for k in ('PULSE_SERVER', 'XDG_RUNTIME_DIR')})})\n"
        "from rigcheck.probes.audio.probe import list_portaudio\n"
        "after = [d.name for d in list_portaudio().devices]\n"
        "print(json.dumps([before, after]))\n"
    )
    env = {k: v for k, v in pulse_server.env.items() if k not in ("PULSE_SERVER",)}
    env["XDG_RUNTIME_DIR"] = str(pulse_server.runtime_dir / "elsewhere")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert "pulse" not in before
    assert "pulse" in after


def test_cli_probe_mic_measures_the_tone(pulse_server, playing_tone):
    import json
    import subprocess
    import sys

    pulse_server.set_default_source(f"{HEADSET_SINK}.monitor")
    done = subprocess.run(
        [sys.executable, "-m", "rigcheck", "probe", "mic", "--format", "json"],
        env=pulse_server.env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    mic = json.loads(done.stdout)["mic"]
    assert mic["status"] == "ok", mic
    assert mic["values"]["rms_dbfs"] == pytest.approx(playing_tone.rms_dbfs, abs=2.0)

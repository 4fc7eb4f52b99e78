"""A real PulseAudio daemon for the audio tests: null sinks, one described as a USB headset.

PortAudio from Debian 12 has no PulseAudio host API: it reaches PulseAudio through the ALSA `pulse`
plugin (libasound2-plugins), as the ALSA devices "pulse" and "default". The daemon runs as the test
user (root in CI) with its own runtime directory; PULSE_SERVER points every client at it.
"""

from __future__ import annotations

import contextlib
import glob
import math
import os
import shutil
import struct
import subprocess
import sys
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import pytest

HEADSET_SINK = "headset"
HEADSET_DESCRIPTION = "Jabra EVOLVE 20 MS USB headset"
SILENT_SINK = "silent"


@dataclass
class PulseServer:
    runtime_dir: Path
    env: dict[str, str]

    def pactl(self, *args: str) -> str:
        return subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10, check=True).stdout

    def set_default_source(self, name: str) -> None:
        self.pactl("set-default-source", name)


def _missing_tools() -> str | None:
    if not sys.platform.startswith("linux"):
        return "the real audio stack of these tests is PulseAudio with null sinks, on Linux"
    for tool in ("pulseaudio", "pactl", "paplay", "parec"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install pulseaudio pulseaudio-utils)"
    if not glob.glob("/usr/lib/*/alsa-lib/libasound_module_pcm_pulse.so") and not glob.glob("/usr/lib*/alsa-lib/libasound_module_pcm_pulse.so"):
        return "the ALSA pulse plugin is not installed (apt-get install libasound2-plugins)"
    try:
        import sounddevice  # noqa: F401
    except (OSError, ImportError) as exc:
        return f"PortAudio is not usable ({exc}; apt-get install libportaudio2)"
    return None


def _reinitialize_portaudio() -> None:
    """PortAudio lists devices once, at initialization: make it look again with the new environment."""
    sd = sys.modules.get("sounddevice")
    if sd is not None:
        sd._terminate()
        sd._initialize()


def _escaped(description: str) -> str:
    return description.replace(" ", chr(92) + " ")


@contextlib.contextmanager
def _pulse_daemon(runtime: Path, modules: list[str], default_source: str):
    """A PulseAudio daemon loading `modules` (after the protocol module), every client pointed at it."""
    socket = runtime / "native"
    config = runtime / "rigcheck-test.pa"
    config.write_text(
        ".fail\n"  # a module that fails to load stops the daemon instead of leaving half a setup
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}\n"
        + "".join(f"{line}\n" for line in modules)
        + f"set-default-source {default_source}\n"
    )
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(runtime), PULSE_SERVER=f"unix:{socket}")
    log = open(runtime / "pulseaudio.log", "w")  # noqa: SIM115 - the daemon writes to it for the whole module
    daemon = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--system=false", "--exit-idle-time=-1", "-n", "-F", str(config),
         "--log-target=stderr", "--disallow-exit"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    server = PulseServer(runtime, env)
    deadline = time.monotonic() + 15
    while True:
        if daemon.poll() is not None:
            log.close()
            pytest.fail("pulseaudio exited at start:\n" + (runtime / "pulseaudio.log").read_text()[-2000:])
        try:
            server.pactl("info")
            break
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                daemon.kill()
                pytest.fail("pulseaudio did not answer within 15 s")
            time.sleep(0.1)
    saved = {key: os.environ.get(key) for key in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "HOME")}
    os.environ.update({key: env[key] for key in saved})
    _reinitialize_portaudio()
    try:
        yield server
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        daemon.terminate()
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait(timeout=5)
        log.close()
        _reinitialize_portaudio()


@pytest.fixture(scope="module")
def pulse_server(tmp_path_factory):
    problem = _missing_tools()
    if problem:
        pytest.skip(problem)
    modules = [
        f"load-module module-null-sink sink_name={HEADSET_SINK} sink_properties=device.description=\"{_escaped(HEADSET_DESCRIPTION)}\"",
        f'load-module module-null-sink sink_name={SILENT_SINK} sink_properties=device.description="Silent\\ Sink"',
        f"set-default-sink {HEADSET_SINK}",
    ]
    with _pulse_daemon(tmp_path_factory.mktemp("pulse"), modules, f"{HEADSET_SINK}.monitor") as server:
        yield server


GENERIC_HEADSET_DESCRIPTION = "USB Headset"  # what many no-name headsets (and wireless dongles) call themselves


@pytest.fixture(scope="module")
def generic_headset_server(tmp_path_factory):
    """A daemon whose only headset is known by a generic name: a sink and a microphone source "USB Headset"."""
    problem = _missing_tools()
    if problem:
        pytest.skip(problem)
    modules = [
        f"load-module module-null-sink sink_name=generic sink_properties=device.description=\"{_escaped(GENERIC_HEADSET_DESCRIPTION)}\"",
        f"load-module module-null-source source_name=generic_mic description=\"{_escaped(GENERIC_HEADSET_DESCRIPTION)}\"",
        "set-default-sink generic",
    ]
    with _pulse_daemon(tmp_path_factory.mktemp("pulse-generic"), modules, "generic_mic") as server:
        server.set_default_source("generic_mic")  # the .pa line alone leaves the sink's monitor as default
        assert "Default Source: generic_mic" in server.pactl("info")
        yield server


def write_tone_wav(path: Path, amplitude: float, seconds: float, frequency_hz: float = 1000.0, rate: int = 44100) -> list[float]:
    """A 16-bit mono WAV of a sine tone; returns the samples as floats (what was written)."""
    samples = [round(amplitude * 32767 * math.sin(2 * math.pi * frequency_hz * n / rate)) for n in range(int(rate * seconds))]
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"".join(struct.pack("<h", value) for value in samples))
    return [value / 32768 for value in samples]

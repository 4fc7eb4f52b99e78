"""PortAudio hidden from the process: `import sounddevice` raises OSError, as on Linux without
libportaudio2. The audio probe says so with the install hint (and uses the OS sources when there
are any), the mic probe is unsupported, and `rigcheck probe audio` exits as it does with PortAudio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import HEADSET_DESCRIPTION

from rigcheck.probes.audio.probe import portaudio_hint

INSTALL_HINT = portaudio_hint()  # this OS's: apt-get on Linux, reinstalling rigcheck on Windows and macOS


@pytest.fixture
def no_portaudio_env(tmp_path) -> dict[str, str]:
    """An environment whose Python finds a `sounddevice` that fails the way a missing PortAudio does."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "sounddevice.py").write_text('raise OSError("PortAudio library not found")\n')
    return dict(os.environ, RIGCHECK_TEST_SHADOW=str(shadow))


# The shadow goes first on sys.path through the command itself: Windows' embeddable Python (the Windows
# tier's) reads its path from its ._pth file alone and ignores PYTHONPATH.
_SHADOWED = "import os, runpy, sys; sys.path.insert(0, os.environ['RIGCHECK_TEST_SHADOW']) if 'RIGCHECK_TEST_SHADOW' in os.environ else None; "


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    if args[0] == "-m":
        args = ["-c", _SHADOWED + f"sys.argv = [{args[1]!r}, *sys.argv[1:]]; runpy.run_module({args[1]!r}, run_name='__main__')", *args[2:]]
    else:
        args = ["-c", _SHADOWED + args[1], *args[2:]]
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False, cwd=Path(__file__).parent)


def test_shadow_really_hides_portaudio(no_portaudio_env):
    check = _run(["-c", "import sounddevice"], no_portaudio_env)
    assert check.returncode != 0 and "PortAudio library not found" in check.stderr


def test_cli_probe_audio_reports_the_hint_and_keeps_its_exit_code(no_portaudio_env):
    normal = _run(["-m", "rigcheck", "probe", "audio", "--format", "json"], dict(os.environ))
    hidden = _run(["-m", "rigcheck", "probe", "audio", "--format", "json"], no_portaudio_env)
    assert hidden.returncode == normal.returncode, hidden.stderr
    audio = json.loads(hidden.stdout)["audio"]
    assert INSTALL_HINT in (audio["error"] or "")
    if audio["status"] == "ok":  # OS sources answered: devices come from them
        assert audio["values"]["portaudio_available"] is False
    else:
        assert audio["status"] == "unsupported"


def test_mic_probe_is_unsupported_with_the_hint(no_portaudio_env):
    code = (
        "import json; from rigcheck.probes.base import run_probe; from rigcheck.probes.mic import PROBE; "
        "print(json.dumps(run_probe(PROBE, {'mic_seconds': 0.5}).to_dict()))"
    )
    result = json.loads(_run(["-c", code], no_portaudio_env).stdout)
    assert result["status"] == "unsupported"
    assert INSTALL_HINT in result["error"]


def test_without_portaudio_the_pulseaudio_devices_are_still_listed(pulse_server, no_portaudio_env):
    env = dict(no_portaudio_env, **{key: pulse_server.env[key] for key in ("PULSE_SERVER", "XDG_RUNTIME_DIR")})
    hidden = _run(["-m", "rigcheck", "probe", "audio", "--format", "json"], env)
    audio = json.loads(hidden.stdout)["audio"]
    assert audio["status"] == "ok", audio
    assert audio["values"]["portaudio_available"] is False
    assert INSTALL_HINT in audio["error"]
    kinds = {device["name"]: device["kind"] for device in audio["values"]["devices"]}
    assert kinds[HEADSET_DESCRIPTION] == "usb_headset"
    assert audio["values"]["default_output"]["name"] == HEADSET_DESCRIPTION

"""The standalone executable, built once per test session with scripts/build-standalone.sh.

RIGCHECK_STANDALONE=PATH tests an executable built beforehand instead (CI's Windows and macOS jobs
build it in a step of their own and upload that very file).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ._frozen import environment_without_python

ROOT = Path(__file__).resolve().parents[2]
PREBUILT_ENV = "RIGCHECK_STANDALONE"
BUILD_TIMEOUT_S = 600


@pytest.fixture(scope="session")
def frozen_rigcheck(tmp_path_factory) -> Path:
    """Path of the single-file executable under test."""
    prebuilt = os.environ.get(PREBUILT_ENV)
    if prebuilt:
        path = Path(prebuilt).resolve()
        assert path.is_file(), f"{PREBUILT_ENV}={prebuilt} is not a file"
        return path
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[build]')")
    if shutil.which("bash") is None:
        pytest.skip("bash is needed to run scripts/build-standalone.sh")
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("pyinstaller-work")
    started = time.monotonic()
    completed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build-standalone.sh"), "--dist", str(dist), "--work", str(work)],
        cwd=ROOT, env={**os.environ, "PYTHON": sys.executable}, capture_output=True, text=True,
        timeout=BUILD_TIMEOUT_S, check=False,
    )
    assert completed.returncode == 0, f"build failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    binary = dist / ("rigcheck.exe" if sys.platform == "win32" else "rigcheck")
    assert binary.is_file()
    print(f"\nstandalone build: {binary.stat().st_size / 2**20:.1f} MiB in {time.monotonic() - started:.0f} s")
    return binary


@pytest.fixture(scope="session")
def path_without_python(tmp_path_factory) -> str:
    """A PATH with the system's own programs (xrandr, pactl, udevadm, tmux; PowerShell on Windows) but no
    Python at all."""
    if sys.platform == "win32":
        windows = os.environ.get("SystemRoot", r"C:\Windows")
        path = os.pathsep.join([os.path.join(windows, "System32"), windows,
                                os.path.join(windows, "System32", "WindowsPowerShell", "v1.0")])
    else:
        folder = tmp_path_factory.mktemp("bin-without-python")
        for source in ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"):
            if not os.path.isdir(source):
                continue
            for entry in os.scandir(source):
                name = entry.name
                if name.startswith(("python", "pip", "pydoc", "idle", "2to3")) or (folder / name).exists():
                    continue
                if entry.is_file() and os.access(entry.path, os.X_OK):
                    (folder / name).symlink_to(entry.path)
        path = str(folder)
    assert shutil.which("python3", path=path) is None and shutil.which("python", path=path) is None
    return path


@pytest.fixture
def frozen_env(path_without_python, tmp_path) -> dict[str, str]:
    """The environment an applicant's computer gives the executable: no Python, no virtualenv."""
    return environment_without_python(path_without_python, tmp_path)

"""The installed `rigcheck` in a real terminal (tmux): first screen, verdict, quit with `q`.

Offline-safe and fast: only the local probes run (RIGCHECK_TUI_PROBES) against a profile whose
requirements those probes answer, so nothing touches the network.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tmux_driver import VERDICT_WORDS, Tmux, rigcheck_command

from rigcheck.i18n import _

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

LOCAL_PROFILE = """\
schema = 1
id = "local-desk"
name = "Local desk (terminal test)"
version = "1"
publisher = "rigcheck tests"

[computer]
min_cpu_cores = 1
min_ram_gb = 1
min_disk_free_gb = 0.1
"""
WRAPPER = """\
import subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as handle:
    handle.write(str(code))
"""


@pytest.fixture
def tmux():
    server = Tmux()
    yield server
    server.kill()


OFFLINE_PROFILE = """\
schema = 1
id = "offline-desk"
name = "Offline desk (terminal test)"
version = "1"

[network]
min_download_mbps = 1

[computer]
min_cpu_cores = 1
"""


def can_unshare_network() -> bool:
    if shutil.which("unshare") is None:
        return False
    completed = subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10, check=False)
    return completed.returncode == 0


def start_rigcheck(tmux, tmp_path: Path, profile_text: str, probes: str, prefix: list[str] = (),
                   size: tuple[int, int] = (100, 30)) -> Path:
    """Launch the installed rigcheck in tmux; returns the file its exit code will be written to."""
    profile = tmp_path / "profile.toml"
    profile.write_text(profile_text)
    exit_file = tmp_path / "exit-code"
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    env = {"RIGCHECK_TUI_PROBES": probes, "TERM": "xterm-256color", "HOME": str(tmp_path)}
    tmux.start([*prefix, sys.executable, str(wrapper), str(exit_file), *rigcheck_command(), "--profile", str(profile)], env, size)
    return exit_file


def wait_for_exit_code(exit_file: Path, timeout_s: float = 15.0) -> str:
    deadline = time.monotonic() + timeout_s
    while not exit_file.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return exit_file.read_text()


def quit_without_saving(tmux) -> None:
    """q on an unsaved result asks once; the second q quits."""
    tmux.keys("q")
    tmux.wait_for(lambda text: "not saved" in text, timeout_s=10)
    tmux.keys("q")


def test_without_a_terminal_rigcheck_explains_and_exits_2():
    completed = subprocess.run(
        rigcheck_command(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 2
    assert "rigcheck check" in completed.stderr
    assert completed.stdout == ""


@pytest.mark.root
@pytest.mark.skipif(not can_unshare_network(), reason="needs a private network namespace (root, unshare)")
def test_offline_the_network_check_fails_fast_and_the_verdict_is_incomplete(tmux, tmp_path):
    # A fresh network namespace has no route anywhere: the real network probe must give up quickly.
    exit_file = start_rigcheck(tmux, tmp_path, OFFLINE_PROFILE, "cpu,connection,network", prefix=["unshare", "--net"])
    started = time.monotonic()
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=40)
    assert time.monotonic() - started < 35  # the probe's own cap is 30 s; offline it should be far less
    run_screen = tmux.screen()
    assert "? NO RESULT" in run_screen
    tmux.keys("Enter")
    results = tmux.wait_for(lambda text: any(word in text for word in VERDICT_WORDS), timeout_s=15)
    assert "? NOT FINISHED" in results
    assert "READY" not in results.replace("NOT READY", "")  # never claims readiness offline
    quit_without_saving(tmux)
    assert wait_for_exit_code(exit_file) == "0"


@pytest.mark.slow
def test_installed_rigcheck_reaches_a_verdict_and_q_quits_cleanly(tmux, tmp_path):
    exit_file = start_rigcheck(tmux, tmp_path, LOCAL_PROFILE, "system,cpu,memory,disk")

    tmux.wait_for(lambda text: "Checking your computer" in text, timeout_s=15)
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=30)
    tmux.keys("Enter")
    # The table's rows paint a moment after the banner (their height is measured first).
    tmux.wait_for(lambda text: any(word in text for word in VERDICT_WORDS) and "Processor cores" in text, timeout_s=15)
    quit_without_saving(tmux)
    assert wait_for_exit_code(exit_file) == "0"
    assert "Traceback" not in tmux.screen()


# Requirements no real computer meets, so the local probes' results fail for sure.
FAILING_PROFILE = """\
schema = 1
id = "impossible-desk"
name = "Impossible desk (terminal test)"
version = "1"

[computer]
min_cpu_cores = 1024
min_ram_gb = 4096
min_disk_free_gb = 100000
"""


@pytest.mark.slow
def test_at_80x24_the_first_results_screen_shows_the_fixes(tmux, tmp_path):
    exit_file = start_rigcheck(tmux, tmp_path, FAILING_PROFILE, "cpu,memory,disk", size=(80, 24))
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=30)
    tmux.keys("Enter")
    # No key is pressed after Enter: whatever the first results screen shows within a moment counts.
    screen = tmux.wait_for(lambda text: "✘ NOT READY" in text and "Fix: Add memory" in text, timeout_s=15)
    lines = screen.splitlines()
    assert len(lines) <= 24
    verdict = next(i for i, line in enumerate(lines) if "✘ NOT READY" in line)
    fixes = next(i for i, line in enumerate(lines) if "What to fix (3 required checks):" in line)
    assert fixes <= verdict + 4  # under the verdict, its explanation and the profile it is for
    # The first failures and their fixes are on the first screen, without a key pressed.
    listed = "\n".join(lines[fixes:])
    assert "✘ FAILED  Processor cores:" in listed
    assert "Fix: This computer's processor is too small" in listed
    assert "✘ FAILED  Memory (RAM):" in listed
    assert "Fix: Add memory (RAM)" in listed
    quit_without_saving(tmux)
    assert wait_for_exit_code(exit_file) == "0"


@pytest.mark.slow
def test_in_filipino_the_app_runs_to_a_verdict_and_the_language_key_switches_back(tmux, tmp_path):
    from rigcheck.i18n import speaking
    from tui_fakes import verdict_labels

    with speaking("fil"):
        filipino_verdicts = verdict_labels()
        filipino_done = _("All checks done. Press Enter to continue.")
    with speaking("en"):
        english_done = _("All checks done. Press Enter to continue.")
    profile = tmp_path / "profile.toml"
    profile.write_text(LOCAL_PROFILE)
    exit_file = tmp_path / "exit-code"
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    env = {"RIGCHECK_TUI_PROBES": "cpu,memory,disk", "TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "fil_PH.UTF-8"}
    tmux.start([sys.executable, str(wrapper), str(exit_file), *rigcheck_command(), "--profile", str(profile)], env, (80, 24))
    # Chosen from the locale: the footer offers English, the language it is not showing.
    screen = tmux.wait_for(lambda text: filipino_done in text and " l English" in text, timeout_s=30)
    assert len(screen.splitlines()) <= 24
    tmux.keys("Enter")
    tmux.wait_for(lambda text: any(word in text for word in filipino_verdicts), timeout_s=15)
    tmux.keys("l")  # back to English at any step, the same screen drawn again
    tmux.wait_for(lambda text: " l Filipino" in text, timeout_s=10)
    tmux.keys("Escape")
    tmux.wait_for(lambda text: english_done in text, timeout_s=10)
    quit_without_saving(tmux)
    assert wait_for_exit_code(exit_file) == "0"

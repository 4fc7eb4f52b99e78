"""The guided app in a real terminal (tmux): signals from every screen, and saving onto a full disk.

The installed `rigcheck` runs in tmux with only local probes (RIGCHECK_TUI_PROBES) against a profile they
answer, so nothing touches the network. A small wrapper records rigcheck's pid (for `kill`), its exit code
and whether the terminal's settings (`stty -g`) are as before; Textual draws on stderr, so what a crash
would print is read from the pane itself once the app has left its screen.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from ._harness import UNCAUGHT, linux_only, needs_root, needs_unshare

pytestmark = [pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"), linux_only]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tmux_driver import VERDICT_WORDS, Tmux, rigcheck_command  # noqa: E402 - tests/ on the path first (as its conftest does)

LOCAL_PROFILE = """\
schema = 1
id = "local-desk"
name = "Local desk (fault test)"
version = "1"

[computer]
min_cpu_cores = 1
min_disk_free_gb = 0
"""
LOCAL_PROBES = "system,cpu"
QUESTION = """
[[question]]
id = "cordless-phone"
text = "Will you take work calls on a cordless phone?"
fail_if = "yes"
"""

WRAPPER = r"""
import json, subprocess, sys
record = sys.argv[1]
settings = subprocess.run(["stty", "-g"], capture_output=True, text=True, timeout=10).stdout
child = subprocess.Popen(sys.argv[2:])
with open(record + ".pid", "w") as handle:
    handle.write(str(child.pid))
code = child.wait()
after = subprocess.run(["stty", "-g"], capture_output=True, text=True, timeout=10).stdout
with open(record, "w") as handle:
    json.dump({"code": code, "terminal_restored": settings == after}, handle)
"""


@pytest.fixture
def tmux():
    server = Tmux(session="rigcheck-faults")
    yield server
    server.kill()


def start(tmux: Tmux, tmp_path: Path, *args: str, prefix: tuple[str, ...] = ()) -> Path:
    """rigcheck (with `args`) in tmux under the recording wrapper; returns the record's path."""
    wrapper = tmp_path / "wrapper.py"
    wrapper.write_text(WRAPPER)
    record = tmp_path / "record.json"
    env = {"RIGCHECK_TUI_PROBES": LOCAL_PROBES, "TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    tmux.start([*prefix, sys.executable, str(wrapper), str(record), *rigcheck_command(), *args], env)
    return record


def finished(record: Path, timeout_s: float = 15.0) -> dict:
    deadline = time.monotonic() + timeout_s
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert record.exists(), "rigcheck did not exit"
    time.sleep(0.1)  # the wrapper writes the record in one go; let it close the file
    return json.loads(record.read_text())


def assert_clean_exit(tmux: Tmux, record: Path, code: int) -> None:
    outcome = finished(record)
    pane = tmux.run("capture-pane", "-p", "-S", "-", "-t", tmux.session)
    assert outcome["code"] == code, (outcome, pane)
    assert outcome["terminal_restored"], "the terminal's settings were left changed"
    assert tmux.run("display-message", "-p", "-t", tmux.session, "#{alternate_on}").strip() == "0", "still on the app's screen"
    assert "Traceback" not in pane and not UNCAUGHT.search(pane), pane


def rigcheck_pid(record: Path) -> int:
    pid_file = Path(f"{record}.pid")
    deadline = time.monotonic() + 10
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return int(pid_file.read_text())


def reach_results(tmux: Tmux, tmp_path: Path) -> Path:
    profile = tmp_path / "desk.toml"
    profile.write_text(LOCAL_PROFILE)
    record = start(tmux, tmp_path, "--profile", str(profile))
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=40)
    tmux.keys("Enter")
    tmux.wait_for(lambda text: any(word in text for word in VERDICT_WORDS), timeout_s=20)
    return record


def test_ctrl_c_on_the_profile_screen_before_any_check_exits_130(tmux, tmp_path):
    record = start(tmux, tmp_path)
    tmux.wait_for(lambda text: "Which employer's requirements?" in text, timeout_s=30)
    tmux.keys("C-c")
    assert_clean_exit(tmux, record, 130)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_on_the_profile_screen_exits_with_its_code(tmux, tmp_path, signum, code):
    record = start(tmux, tmp_path)
    tmux.wait_for(lambda text: "Which employer's requirements?" in text, timeout_s=30)
    os.kill(rigcheck_pid(record), signum)
    assert_clean_exit(tmux, record, code)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_on_the_run_screen_exits_with_its_code(tmux, tmp_path, signum, code):
    profile = tmp_path / "desk.toml"
    profile.write_text(LOCAL_PROFILE)
    record = start(tmux, tmp_path, "--profile", str(profile))
    tmux.wait_for(lambda text: "Checking your computer" in text, timeout_s=30)
    os.kill(rigcheck_pid(record), signum)
    assert_clean_exit(tmux, record, code)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_on_the_questions_screen_exits_with_its_code(tmux, tmp_path, signum, code):
    profile = tmp_path / "desk.toml"
    profile.write_text(LOCAL_PROFILE + QUESTION)
    record = start(tmux, tmp_path, "--profile", str(profile))
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=40)
    tmux.keys("Enter")
    tmux.wait_for(lambda text: "cordless phone" in text, timeout_s=20)
    os.kill(rigcheck_pid(record), signum)
    assert_clean_exit(tmux, record, code)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_on_the_results_screen_exits_with_its_code(tmux, tmp_path, signum, code):
    record = reach_results(tmux, tmp_path)
    os.kill(rigcheck_pid(record), signum)
    assert_clean_exit(tmux, record, code)


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_on_the_save_screen_exits_with_its_code(tmux, tmp_path, signum, code):
    record = reach_results(tmux, tmp_path)
    tmux.keys("s")
    tmux.wait_for(lambda text: "Save your report" in text, timeout_s=15)
    os.kill(rigcheck_pid(record), signum)
    assert_clean_exit(tmux, record, code)


# --- saving onto a full disk -------------------------------------------------------------------------

# Runs as root inside `unshare --mount`: a 256 KiB tmpfs over the reports folder, filled but for a few
# blocks, then the wrapper in it. The test's own folder outside the tmpfs is untouched.
_FULL_DISK = r"""
import os, subprocess, sys
folder = sys.argv[1]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "rigcheck-faults-full", folder], check=True, timeout=10)
with open(os.path.join(folder, "rigcheck-local-desk.json"), "w") as handle:
    handle.write(sys.argv[2])
with open(os.path.join(folder, "filler"), "wb", buffering=0) as handle:  # not a byte left
    try:
        while True:
            handle.write(b"\0" * 4096)
    except OSError:
        pass
os.execvp(sys.argv[3], sys.argv[3:])
"""

EARLIER_REPORT = '{"schema": "rigcheck.report/1", "kept": "the earlier report, whole"}\n'


@pytest.mark.root
@needs_root
@needs_unshare
def test_saving_onto_a_full_disk_says_why_and_keeps_the_earlier_report(tmux, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    inner = tmp_path / "inner.py"
    inner.write_text(_FULL_DISK)
    listing = tmp_path / "listing.txt"
    profile = tmp_path / "desk.toml"
    profile.write_text(LOCAL_PROFILE)
    # The wrapper runs inside the namespace; after it, the namespace's tmpfs is listed into the test's folder.
    script = (f"{sys.executable} {inner} {reports} '{EARLIER_REPORT.strip()}' sh -c "
              f"'{sys.executable} {tmp_path}/wrapper.py {tmp_path}/record.json {' '.join(rigcheck_command())} "
              f"--profile {profile}; ls -a {reports} > {listing}; cat {reports}/rigcheck-local-desk.json >> {listing}'")
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    env = {"RIGCHECK_TUI_PROBES": LOCAL_PROBES, "TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    tmux.start(["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", f"cd {tmp_path} && {script}"], env)
    record = tmp_path / "record.json"
    tmux.wait_for(lambda text: "All checks done" in text, timeout_s=40)
    tmux.keys("Enter")
    tmux.wait_for(lambda text: any(word in text for word in VERDICT_WORDS), timeout_s=20)
    tmux.keys("s")
    tmux.wait_for(lambda text: "Save your report" in text, timeout_s=15)
    # The path field: the earlier report's name (JSON is the first format saved), in the full folder.
    time.sleep(1.0)  # the applicant field takes the focus when the screen has mounted; Tab goes on from there
    for keys in ("Tab", "C-u", "reports/rigcheck-local-desk"):
        tmux.keys(keys)
        time.sleep(0.3)  # one at a time, as a person types  # relative to the working folder (the field is narrow)
    tmux.wait_for(lambda text: "reports/rigcheck-local-desk" in text and "Save to" in text, timeout_s=10)
    tmux.keys("Enter")  # "already exist ... Enter again to replace"
    tmux.wait_for(lambda text: "already exist" in text, timeout_s=10)
    tmux.keys("Enter")
    # The reason, in plain words, scrolled into view whole (it may wrap over two lines).
    tmux.wait_for(lambda text: "Could not save" in text and "no space left on the disk" in " ".join(text.split()), timeout_s=15)
    # A new name on the same full disk: no file of that name is left behind (it was a 0-byte file).
    tmux.keys("C-u")
    time.sleep(0.3)
    tmux.keys("reports/second-try")
    tmux.wait_for(lambda text: "reports/second-try" in text, timeout_s=10)
    tmux.keys("Enter")
    tmux.wait_for(lambda text: "second-try.json: no space" in " ".join(text.split()), timeout_s=15)
    tmux.keys("C-c")  # the way out of anything (the path field keeps Esc and q as text)
    assert finished(record)["code"] == 130
    deadline = time.monotonic() + 10
    while not (listing.exists() and EARLIER_REPORT.strip() in listing.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = listing.read_text()
    assert EARLIER_REPORT.strip() in left, left  # the earlier report, whole
    assert "rigcheck-tmp" not in left, left  # no temporary file left behind
    assert "second-try" not in left, left  # nor a file of a save that failed


def test_the_profile_browser_never_offers_a_fifo(tmp_path):
    # Choosing a FIFO named *.toml would wait for a writer for ever (the same rule as summarize's).
    from rigcheck.tui.screens.open_file import ProfileTree

    (tmp_path / "acme.toml").write_text('schema = 1\n')
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "week-2").mkdir()
    offered = {path.name for path in ProfileTree(str(tmp_path)).filter_paths(list(tmp_path.iterdir()))}
    assert offered == {"acme.toml", "week-2"}

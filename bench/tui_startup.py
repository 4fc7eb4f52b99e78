"""Time from launching `rigcheck` to its first painted screen (target: <= 1 s).

Two measurements:
- terminal: the installed console script in a real terminal (a private tmux server, 100x30),
  from spawning the process to the first screen's heading appearing in `capture-pane`
  (polled every 10 ms, so figures are up to ~15 ms late, never early);
- headless: a fresh `python -c` that imports the TUI, builds the app with the real probes and runs
  it headless; the clock stops when Textual reports the first frame (the auto-pilot ready hook).

Usage: python3 bench/tui_startup.py [--runs 10]   (prints a Markdown table)
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROFILE_HEADING = "Which employer's requirements?"
RUN_HEADING = "Checking your computer"

HEADLESS_CHILD = """\
import sys, time
started = float(sys.argv[1])
from rigcheck.probes import load_probes
from rigcheck.profile import load_profile
from rigcheck.tui.app import make_app

profile = load_profile("generic-voice") if sys.argv[2] == "run" else None
app = make_app(profile=profile, probe_specs=load_probes(), mic=None)

async def first_frame(pilot):
    print(time.time() - started, flush=True)
    pilot.app.exit()

app.run(headless=True, size=(100, 30), auto_pilot=first_frame)
"""


def rigcheck_command() -> list[str]:
    script = Path(sys.executable).with_name("rigcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rigcheck"]


def terminal_first_paint(args: list[str], heading: str, timeout_s: float = 10.0) -> float:
    """Seconds from spawning rigcheck in tmux until `heading` is on the screen."""
    socket = f"rigcheck-bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    try:
        started = time.perf_counter()
        subprocess.run(
            [*tmux, "-f", os.devnull, "new-session", "-d", "-x", "100", "-y", "30", "-s", "bench", *rigcheck_command(), *args],
            check=True,
            timeout=10,
        )
        deadline = started + timeout_s
        while time.perf_counter() < deadline:
            screen = subprocess.run([*tmux, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True, timeout=5, check=False).stdout
            if heading in screen:
                return time.perf_counter() - started
            time.sleep(0.01)
        raise RuntimeError(f"{heading!r} did not appear within {timeout_s} s")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=10, check=False)


def headless_first_frame(step: str) -> float:
    completed = subprocess.run(
        [sys.executable, "-c", HEADLESS_CHILD, repr(time.time()), step],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return float(completed.stdout.strip().splitlines()[-1])


def summarize(samples: list[float]) -> str:
    ms = sorted(sample * 1000 for sample in samples)
    return f"{statistics.median(ms):.0f} | {ms[0]:.0f} | {ms[-1]:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as home:
        os.environ.setdefault("HOME", home)
        cases = [
            ("terminal: `rigcheck` (profile step)", lambda: terminal_first_paint([], PROFILE_HEADING)),
            ("terminal: `rigcheck --profile generic-voice` (run step, all probes start)",
             lambda: terminal_first_paint(["--profile", "generic-voice"], RUN_HEADING)),
            ("headless: profile step", lambda: headless_first_frame("profile")),
            ("headless: run step, all probes start", lambda: headless_first_frame("run")),
        ]
        for label, measure in cases:
            if label.startswith("terminal") and shutil.which("tmux") is None:
                rows.append(f"| {label} | tmux not installed | | |")
                continue
            measure()  # warm the file cache: the figures are for a machine that has run it once
            samples = [measure() for _ in range(options.runs)]
            rows.append(f"| {label} | {summarize(samples)} |")
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"Runs per case: {options.runs}\n")
    print("| case | median ms | min ms | max ms |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: all local probes, scored and rendered (target <= 1.5 s wall on a 2-core machine).

Prints two tables: the cold command (`rigcheck check --skip network`, a new process each time, import
included) and, in-process, each probe's own duration so the costliest one is named.

    python bench/local.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time

import psutil

from rigcheck.engine import collect, select_probes
from rigcheck.render import render
from rigcheck.scoring import score
from rigcheck.profile import load_profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    print(f"machine: {platform.machine()}, {psutil.cpu_count()} logical CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")

    cold = []
    for _ in range(args.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rigcheck", "check", "--profile", "generic-voice", "--skip", "network",
                        "--format", "json"], capture_output=True, timeout=60, check=False)
        cold.append(time.perf_counter() - started)
    print("| what | median s | max s |")
    print("|---|---|---|")
    print(f"| `rigcheck check --skip network` (new process, imports included) | {statistics.median(cold):.2f} | {max(cold):.2f} |")

    profile = load_profile("generic-voice")
    selected, skipped = select_probes(skip=["network"])
    walls, per_probe = [], {probe: [] for probe in selected}
    for _ in range(args.runs):
        started = time.perf_counter()
        snapshot = collect(selected, {}, skipped=skipped)
        report = score(snapshot, profile, {})
        for fmt in ("text", "json", "junit", "markdown", "html"):
            render(report, fmt)
        walls.append(time.perf_counter() - started)
        for probe, result in snapshot.results.items():
            per_probe[probe].append(result.duration_s)
    print(f"| probes + score + 5 renderers, in process | {statistics.median(walls):.2f} | {max(walls):.2f} |\n")

    print("| probe | median s | max s | status |")
    print("|---|---|---|---|")
    ranked = sorted(per_probe.items(), key=lambda item: -statistics.median(item[1]))
    for probe, durations in ranked:
        print(f"| {probe} | {statistics.median(durations):.3f} | {max(durations):.3f} | {snapshot.results[probe].status} |")
    print(f"\ncostliest probe: {ranked[0][0]}")


if __name__ == "__main__":
    main()

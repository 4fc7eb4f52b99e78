"""Benchmark: `rigcheck report summarize` over 100,000 saved reports (target: under 10 s on this machine).

Writes synthetic reports into a temporary folder tree (100 folders): each one scored by rigcheck from
facts drawn at random (seeded) around a typical home office, so verdicts, failures and network figures
vary as in a real pile; 1 % of them are then edited (verdict typed over to "ready") and a few files are
not reports at all. Then runs the command as a new process (imports included) and checks its counts
against what was written.

    python bench/summarize.py [--reports 100000] [--runs 3] [--formats text,json,csv,html] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rigcheck.model import ProbeResult, Snapshot
from rigcheck.render import render
from rigcheck.scoring import score
from rigcheck.profile import load_profile

PROFILE = "generic-voice"
DISTINCT_REPORTS = 400  # scored once each; every file is one of them under its own applicant reference
EDITED_SHARE = 0.01
BROKEN_FILES = 5
FOLDERS = 100


def _facts(rng: random.Random) -> dict[str, dict]:
    wifi = rng.random() < 0.2
    usb_headset = rng.random() < 0.85
    headset = {"name": "Jabra EVOLVE 20 MS" if usb_headset else "Realtek HD Audio", "kind": "usb_headset" if usb_headset else "builtin",
               "is_headset": usb_headset}
    return {
        "system": {"os_family": "windows", "os_name": "Windows 11 Pro", "os_version": "11", "os_build": "22631", "architecture": "x86_64",
                   "virtual_machine": rng.random() < 0.03, "hypervisor": None, "remote_session": False, "remote_session_kind": None,
                   "chromeos": False, "wsl": False},
        "cpu": {"model": "Intel(R) Core(TM) i5-1135G7 @ 2.40GHz", "physical_cores": rng.choice([2, 4, 4, 6, 8]), "logical_cores": 8,
                "max_ghz": round(rng.uniform(1.6, 4.6), 1), "load_percent": round(rng.uniform(2, 40), 1)},
        "memory": {"total_gb": 15.7, "available_gb": 9.1, "installed_gb": rng.choice([4.0, 8.0, 8.0, 16.0, 16.0, 32.0])},
        "disk": {"free_gb": round(rng.uniform(3, 400), 1), "total_gb": 476.3},
        "power": {"battery_present": True, "on_ac_power": True, "battery_percent": 88.0},
        "connection": {"kind": "wifi" if wifi else "ethernet", "interface": "Wi-Fi" if wifi else "Ethernet", "link_speed_mbps": 1000,
                       "vpn_active": rng.random() < 0.05, "underlay_kind": None, "online": True},
        "network": {"download_mbps": round(rng.lognormvariate(4.3, 0.8), 1), "upload_mbps": round(rng.lognormvariate(2.6, 0.9), 1),
                    "latency_ms": round(rng.lognormvariate(3.2, 0.5), 1), "jitter_ms": round(rng.lognormvariate(1.2, 0.8), 1),
                    "packet_loss_percent": round(max(0.0, rng.gauss(0.2, 0.6)), 2), "burst_loss_max": 0,
                    "loaded_latency_increase_ms": round(rng.lognormvariate(3.8, 0.9), 1), "mos": round(rng.uniform(3.2, 4.41), 2),
                    "voice_path": "udp", "backend": "librespeed", "bytes_used": 180_000_000, "country": "US", "isp": "Example Cable"},
        "audio": {"devices": [headset], "default_input": headset, "default_output": headset,
                  "wired_headset_present": usb_headset, "usb_headset_present": usb_headset, "analog_headset_present": False,
                  "bluetooth_audio_present": False, "wireless_audio_present": False},
        "display": {"monitor_count": rng.choice([1, 1, 2]), "headless": False,
                    "monitors": [{"width": 1920, "height": 1080, "primary": True, "connector": "DP-1"}]},
    }


def write_reports(folder: Path, count: int, seed: int = 13) -> dict[str, int]:
    """Write `count` reports (and BROKEN_FILES non-reports); return the verdict counts the summary must show."""
    rng = random.Random(seed)
    profile = load_profile(PROFILE)
    templates = []
    for _ in range(DISTINCT_REPORTS):
        facts = {probe: ProbeResult(probe, "ok", 0.2, None, values) for probe, values in _facts(rng).items()}
        answers = {"cordless-phone": rng.choice(["no"] * 19 + ["yes"]), "quiet-room": rng.choice(["yes", "yes", "no"])}
        report = score(Snapshot(results=facts), profile, answers, created_at="2026-11-27T09:00:00Z", applicant="APPLICANT")
        templates.append((report.verdict, json.loads(render(report, "json"))))
    expected = {"ready": 0, "ready_with_warnings": 0, "not_ready": 0, "incomplete": 0, "edited_or_damaged": 0}
    for index in range(FOLDERS):
        (folder / f"batch-{index:03d}").mkdir(parents=True, exist_ok=True)
    for index in range(count):
        verdict, data = templates[index % DISTINCT_REPORTS]
        data = dict(data, applicant=f"applicant-{index:06d}@example.com")
        if rng.random() < EDITED_SHARE and verdict != "ready":
            data["verdict"] = "ready"
            expected["edited_or_damaged"] += 1
        else:
            expected[verdict] += 1
        (folder / f"batch-{index % FOLDERS:03d}" / f"report-{index:06d}.json").write_text(json.dumps(data, indent=2))
    for index in range(BROKEN_FILES):
        (folder / f"batch-{index:03d}" / f"broken-{index}.json").write_text('{"schema": "rigcheck.report/1", "verdict": ')
    return expected


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="text,json,csv,html")
    parser.add_argument("--profile", action="store_true", help="also time --profile (re-scores every report's facts)")
    args = parser.parse_args()

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average before: {os.getloadavg()[0]:.1f}")
    folder = Path(tempfile.mkdtemp(prefix="rigcheck-bench-summarize-"))
    try:
        started = time.perf_counter()
        expected = write_reports(folder, args.reports)
        size_mb = sum(p.stat().st_size for p in folder.rglob("*.json")) / 1e6
        print(f"wrote {args.reports} reports + {BROKEN_FILES} broken files ({size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s; "
              f"expected {expected}\n")
        # CPU s: user + system of the command and its worker processes, per run (what other load cannot inflate much).
        print("| command | runs | median wall s | max wall s | CPU s per run | load average after | counts match |")
        print("|---|---|---|---|---|---|---|")
        variants = [(fmt, []) for fmt in args.formats.split(",")]
        if args.profile:
            variants.append(("json", ["--profile", PROFILE]))
        for fmt, extra in variants:
            output = folder / f"summary.{fmt}"
            times, match = [], True
            cpu_before = _children_cpu_s()
            for _ in range(args.runs):
                begun = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "rigcheck", "report", "summarize", str(folder), "--format", fmt,
                                       "--output", str(output), *extra], capture_output=True, text=True, timeout=600, check=False)
                times.append(time.perf_counter() - begun)
                if done.returncode != 2:  # the broken files make it 2, and only they
                    match = False
            if fmt == "json":
                categories = json.loads(output.read_text())["categories"]
                match = match and categories == expected
            cpu_per_run = (_children_cpu_s() - cpu_before) / args.runs
            label = f"`summarize --format {fmt}{' ' + ' '.join(extra) if extra else ''}`"
            print(f"| {label} | {args.runs} | {statistics.median(times):.2f} | {max(times):.2f} | {cpu_per_run:.1f} | "
                  f"{os.getloadavg()[0]:.1f} | {'yes' if match else 'NO'} |", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

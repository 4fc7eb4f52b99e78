"""Benchmark: rigcheck's network probe vs speedtest-cli vs iperf3 capacity, in the network lab.

Links 10 / 100 / 500 Mbit/s (tbf both ways) x 0 / 20 ms added round trip. The NFQUEUE delayer holds
every TCP packet of at most 400 bytes (pure ACKs, SYNs, HTTP request and response headers) 20 ms in
each direction, so bulk TCP flows in either direction see +20 ms (data one way undelayed, its ACKs
the other way delayed); a Python delayer could not carry the data packets themselves at 500 Mbit/s.
Holding only pure ACKs is not enough: ACKs piggybacked on undelayed headers then give TCP
inconsistent RTT samples and uploads collapse. STUN answers are held 20 ms, so the voice path sees
+20 ms too. For each cell:
- capacity: iperf3 -P 4, 6 s, first second omitted, each direction;
- rigcheck: the full network test (voice path, download, upload, loaded latency, the voice stream
  settling loss and jitter against a 1 % / 30 ms profile) and coturn, against three servers:
  LibreSpeed's own backend (../shared/servers/librespeed) under PHP's built-in server and under
  Apache with mod_php, and the suite's stand-in (tests/network/servers/speed_server.py);
- speedtest-cli: its own download and upload (configuration as speedtest.net publishes it,
  10 s per direction) against the lab's Speedtest-Mini-style server.
Reports accuracy (measured / capacity), the throughput phases' time (download + upload) beside
speedtest-cli's, the whole probe's time, bytes moved, the voice packets the loss figure rests on
(with its 95 % interval) and CPU seconds of this process.

Run as root on Linux: python3 bench/network.py [--cells 10:0,100:20] [--output bench/RESULTS_network.md]

Coverage of the loss interval (`--coverage`): the NFQUEUE dropper loses coturn's answers at random
(mean burst 1: Bernoulli) or in Gilbert-Elliott bursts (mean bursts 3 and 6 packets) at means of 1, 3
and 5 %; `--runs` voice streams per cell (`--parallel` at once, each with a chain of its own) run
`--seconds` each, and the table says how often the interval held the true mean, for the independent-
loss Wilson interval (before) and the burst-aware one (after), over the first 10 s and the whole run:
    python3 bench/network.py --coverage [--runs 30] [--seconds 20] [--parallel 10]

The watch's own overhead (`--watch-overhead MINUTES`): `rigcheck watch` (default --every 5m, speed samples
every 30 min against LibreSpeed's own server) runs in the lab's client namespace; CPU % of its process
(user + system over wall time) and the bytes both ways on the client's link, per hour, beside the cost the
command printed before it started:
    python3 bench/network.py --watch-overhead 10 [--every 5m]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.network.lab import STUN_PORT, Lab, missing_librespeed, missing_requirements  # noqa: E402
from tests.network.speedtest_lab import lab_speedtest_factory  # noqa: E402

from rigcheck.netmeasure.librespeed import LibreSpeedBackend  # noqa: E402
from rigcheck.netmeasure.run import NetworkPlan, NetworkTestFailed, run_network_test  # noqa: E402
from rigcheck.netmeasure.stun import StunStream  # noqa: E402
from rigcheck.netmeasure.voice_stats import (  # noqa: E402
    burst_aware_interval_percent,
    rfc3611_burst_gap,
    wilson_interval_percent,
)

CELLS = [(10, 0), (10, 20), (100, 0), (100, 20), (500, 0), (500, 20)]
SMALL_PACKET = ["-p", "tcp", "-m", "length", "--length", "0:400"]


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def run_rigcheck(lab: Lab, server_url: str) -> dict:
    plan = NetworkPlan(backends=[LibreSpeedBackend(server_url)], stun_servers=[lab.stun_address],
                       loss_limit_percent=1.0, jitter_limit_ms=30.0)
    phase_times: dict[str, list[float]] = {}

    def progress(phase, fraction=None, **detail):
        phase_times.setdefault(phase, []).append(time.perf_counter())

    def go():
        cpu, wall = cpu_seconds(), time.perf_counter()
        try:
            values = run_network_test(plan, progress=progress)
        except NetworkTestFailed as exc:
            values = dict(exc.values, error=str(exc))
        return values, time.perf_counter() - wall, cpu_seconds() - cpu

    values, wall, cpu = lab.in_client(go)
    down_times, up_times = phase_times.get("download", []), phase_times.get("upload", [])
    # Throughput phases: first download sample to the last upload sample (50 ms resolution).
    throughput_s = (up_times[-1] - down_times[0]) if down_times and up_times else None
    return {"down": values.get("download_mbps"), "up": values.get("upload_mbps"), "wall": wall,
            "throughput_s": throughput_s, "bytes": values.get("bytes_used"), "cpu": cpu, "error": values.get("error"),
            "latency": values.get("latency_ms"), "loaded": values.get("loaded_latency_increase_ms"),
            "packets": values.get("voice_packets_sent"), "loss_ci": values.get("packet_loss_ci95_percent")}


def run_speedtest_cli(lab: Lab) -> dict:
    factory = lab_speedtest_factory(lab.http_url)

    def go():
        st = factory(secure=True, timeout=10)
        st.get_servers()
        st.get_best_server()
        cpu, wall = cpu_seconds(), time.perf_counter()
        down = st.download()
        up = st.upload()
        return (down / 1e6, up / 1e6, time.perf_counter() - wall, st.results.bytes_received + st.results.bytes_sent,
                cpu_seconds() - cpu)

    down, up, wall, moved, cpu = lab.in_client(go, timeout=300)
    return {"down": down, "up": up, "wall": wall, "bytes": moved, "cpu": cpu}


def run_cell(lab: Lab, mbit: int, rtt_ms: int, servers: dict[str, str]) -> dict:
    lab.reset_impairments()
    lab.set_rate("server", mbit)
    lab.set_rate("client", mbit)
    if rtt_ms:
        lab.delay(lab.client_ns, SMALL_PACKET, rtt_ms)
        lab.delay(lab.server_ns, SMALL_PACKET, rtt_ms)
        lab.delay(lab.server_ns, ["-p", "udp", "--sport", str(STUN_PORT)], rtt_ms)
    capacity_down = lab.iperf_capacity_mbps(reverse=True, seconds=6)
    capacity_up = lab.iperf_capacity_mbps(reverse=False, seconds=6)
    return {
        "mbit": mbit,
        "rtt": rtt_ms,
        "cap_down": capacity_down,
        "cap_up": capacity_up,
        "rigcheck": {name: run_rigcheck(lab, url) for name, url in servers.items()},
        "speedtest": run_speedtest_cli(lab),
    }


def ratio(value, capacity) -> str:
    return "—" if value is None or not capacity else f"{value / capacity:.3f}"


def table(rows: list[dict]) -> str:
    lines = [
        "| link | +RTT | server | iperf3 down/up (Mbit/s) | rigcheck down/up | accuracy down/up | "
        "throughput s rigcheck / speedtest-cli (down+up) | whole probe s | MB rigcheck / speedtest-cli | "
        "voice packets (loss 95 % CI) | CPU s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        s = row["speedtest"]
        for name, r in row["rigcheck"].items():
            throughput = r["throughput_s"]
            phases = "—" if throughput is None else f"{throughput:.1f} / {s['wall']:.1f} (x{throughput / s['wall']:.2f})"
            ci = r["loss_ci"]
            packets = f"{r['packets']} ({ci[0]:g}–{ci[1]:g} %)" if r["packets"] and ci else str(r["packets"] or "—")
            lines.append(
                f"| {row['mbit']} Mbit | {row['rtt']} ms | {name} | {row['cap_down']:.1f} / {row['cap_up']:.1f} | "
                f"{r['down'] or 0:.1f} / {r['up'] or 0:.1f} | {ratio(r['down'], row['cap_down'])} / {ratio(r['up'], row['cap_up'])} | "
                f"{phases} | {r['wall']:.1f} | {(r['bytes'] or 0) / 1e6:.0f} / {s['bytes'] / 1e6:.0f} | {packets} | {r['cpu']:.1f} |"
            )
        lines.append(
            f"| {row['mbit']} Mbit | {row['rtt']} ms | speedtest-cli (Mini-style) | | {s['down']:.1f} / {s['up']:.1f} | "
            f"{ratio(s['down'], row['cap_down'])} / {ratio(s['up'], row['cap_up'])} | {s['wall']:.1f} (down+up) | | "
            f"{s['bytes'] / 1e6:.0f} | | {s['cpu']:.1f} |"
        )
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} logical CPUs, Linux {platform.release()}, Python {platform.python_version()}"


COVERAGE_MEANS = (0.01, 0.03, 0.05)
COVERAGE_BURSTS = (1, 3, 6)
PACKETS_PER_S = 50


def voice_streams(lab: Lab, seconds: float, count: int) -> list[list]:
    """`count` concurrent idle voice streams to coturn for `seconds`: the decided samples of each."""

    def go():
        streams = [StunStream.open(lab.stun_address) for _ in range(count)]
        for stream in streams:
            stream.start()
        time.sleep(seconds + 1.1)  # the last requests get their second to be answered
        cutoff = [stream._sent[int(seconds * PACKETS_PER_S) - 1].sent_s if len(stream._sent) >= seconds * PACKETS_PER_S
                  else None for stream in streams]
        result = []
        for stream, last in zip(streams, cutoff):
            stream.set_phase("done")
            samples = stream.samples("idle")
            result.append([s for s in samples if last is None or s.sent_s <= last])
            stream.stop()
        return result

    return lab.in_client(go, timeout=seconds + 60)


def coverage_cell(lab: Lab, mean: float, burst: int, runs: int, seconds: float, parallel: int, seed: int) -> dict:
    """How often each interval held the true mean in one cell, plus the burst figures seen."""
    match = ["-p", "udp", "--sport", str(STUN_PORT)]
    held = {("wilson", 10): 0, ("wilson", seconds): 0, ("burst", 10): 0, ("burst", seconds): 0}
    widths: dict[tuple[str, float], list[float]] = {key: [] for key in held}
    losses, densities, gap_densities, mean_runs = [], [], [], []
    done = 0
    while done < runs:
        lab.reset_impairments()
        mode = "bernoulli" if burst == 1 else "gilbert"
        dropper = lab.drop(lab.server_ns, match, mode, mean, burst, seed=seed + done)
        batch = voice_streams(lab, seconds, min(parallel, runs - done))
        lab.stop_dropper(dropper)
        for samples in batch:
            for length in (10, seconds):
                part = samples[: int(length * PACKETS_PER_S)]
                lost = sum(1 for s in part if s.received_s is None)
                wilson = wilson_interval_percent(lost, len(part))
                aware = burst_aware_interval_percent(part)
                for name, interval in (("wilson", wilson), ("burst", None if aware is None else (aware.low_percent, aware.high_percent))):
                    if interval is None:
                        continue
                    held[(name, length)] += interval[0] <= 100 * mean <= interval[1]
                    widths[(name, length)].append(interval[1] - interval[0])
            figures = rfc3611_burst_gap(samples)
            losses.append(100 * sum(1 for s in samples if s.received_s is None) / max(1, len(samples)))
            if figures is not None:
                densities.append(figures.burst_density_percent)
                gap_densities.append(figures.gap_density_percent)
                if figures.mean_loss_run_packets:
                    mean_runs.append(figures.mean_loss_run_packets)
        done += len(batch)
    lab.reset_impairments()

    def average(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    return {"mean": mean, "burst": burst, "runs": done, "held": held, "widths": {k: sorted(v)[len(v) // 2] if v else 0.0 for k, v in widths.items()},
            "loss": average(losses), "burst_density": average(densities), "gap_density": average(gap_densities),
            "mean_run": average(mean_runs)}


def coverage_table(cells: list[dict], seconds: float) -> str:
    lines = [
        f"| mean loss | mean burst (packets) | runs | Wilson held, 10 s / {seconds:g} s | burst-aware held, 10 s / {seconds:g} s | "
        f"median width Wilson / burst-aware, {seconds:g} s (points) | loss seen (mean %) | RFC 3611 burst density / gap density (mean %) | "
        "mean loss run seen (packets) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for cell in cells:
        runs, held, widths = cell["runs"], cell["held"], cell["widths"]

        def share(name: str, length: float) -> str:
            return f"{held[(name, length)]}/{runs} ({100 * held[(name, length)] / runs:.0f} %)"

        lines.append(
            f"| {100 * cell['mean']:g} % | {cell['burst']} | {runs} | {share('wilson', 10)} / {share('wilson', seconds)} | "
            f"{share('burst', 10)} / {share('burst', seconds)} | {widths[('wilson', seconds)]:.2f} / {widths[('burst', seconds)]:.2f} | "
            f"{cell['loss']:.2f} | {cell['burst_density']:.1f} / {cell['gap_density']:.2f} | {cell['mean_run']:.2f} |"
        )
    return "\n".join(lines)


def run_coverage(args: argparse.Namespace) -> int:
    cells = []
    started = time.perf_counter()
    with Lab() as lab:
        lab.stun_address = lab.start_stun_server()
        for index, (mean, burst) in enumerate((m, b) for m in COVERAGE_MEANS for b in COVERAGE_BURSTS):
            cell = coverage_cell(lab, mean, burst, args.runs, args.seconds, args.parallel, seed=1000 * index)
            cells.append(cell)
            print(f"{mean:.0%} burst {burst}: {cell}", file=sys.stderr, flush=True)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Machine: {machine()}\n\nDate: {now}; {args.runs} runs per cell, {args.seconds:g} s each, "
            f"{args.parallel} streams at once; the whole table took {(time.perf_counter() - started) / 60:.1f} min\n\n"
            f"{coverage_table(cells, args.seconds)}\n")
    print(text)
    if args.output:
        Path(args.output).write_text(text)
    return 0


def link_bytes(lab: Lab) -> int:
    """Bytes sent plus received on the client's end of the lab link."""
    import json as json_module

    stats = json_module.loads(lab.ns_exec(lab.client_ns, ["ip", "-j", "-s", "link", "show", lab.client_if]))[0]["stats64"]
    return int(stats["rx"]["bytes"]) + int(stats["tx"]["bytes"])


def run_watch_overhead(args: argparse.Namespace) -> int:
    import resource
    import subprocess
    import tempfile

    hours = args.watch_overhead / 60
    with Lab() as lab, tempfile.TemporaryDirectory(prefix="shift-watch-bench-") as folder:
        lab.stun_address = lab.start_stun_server()
        server = None if missing_librespeed("apache") else lab.start_librespeed_apache()
        lab.set_rate("server", 100)
        lab.set_rate("client", 20)
        before_bytes = link_bytes(lab)
        before_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = ["ip", "netns", "exec", lab.client_ns, sys.executable, "-m", "rigcheck", "watch", "--profile", "generic-voice",
                   "--hours", f"{hours:.4f}", "--every", args.every, "--stun", lab.stun_address,
                   "--log", f"{folder}/watch.jsonl", "--format", "json", "--output", f"{folder}/report.json"]
        if server:
            command += ["--server", server]
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, timeout=hours * 3600 + 300)
        wall = time.perf_counter() - started
        after_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        moved = link_bytes(lab) - before_bytes
    cpu = (after_cpu.ru_utime - before_cpu.ru_utime) + (after_cpu.ru_stime - before_cpu.ru_stime)
    printed = next((line for line in completed.stderr.splitlines() if "MB per hour" in line), "(not printed)")
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = (f"Machine: {machine()}\n\nDate: {now}; `rigcheck watch --every {args.every}` for {args.watch_overhead:g} min "
            f"(speed samples: {'LibreSpeed under Apache' if server else 'none'}), exit code {completed.returncode}\n\n"
            f"| CPU s | wall s | CPU % | bytes on the link | bytes per hour | printed before it started |\n|---|---|---|---|---|---|\n"
            f"| {cpu:.2f} | {wall:.0f} | {100 * cpu / wall:.2f} | {moved} | {moved * 3600 / wall / 1e6:.1f} MB | {printed} |\n")
    print(text)
    if args.output:
        Path(args.output).write_text(text)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watch-overhead", type=float, metavar="MINUTES", help="measure rigcheck watch's own cost instead")
    parser.add_argument("--every", default="5m", help="watch overhead: the call-path sample interval")
    parser.add_argument("--coverage", action="store_true", help="measure the loss interval's coverage instead")
    parser.add_argument("--runs", type=int, default=30, help="coverage: voice streams per cell")
    parser.add_argument("--seconds", type=float, default=20.0, help="coverage: length of each stream")
    parser.add_argument("--parallel", type=int, default=10, help="coverage: streams at once")
    parser.add_argument("--cells", help="comma-separated MBIT:RTT_MS cells (default: all six)")
    parser.add_argument("--output", help="write the Markdown results here as well")
    parser.add_argument("--servers", default="php,apache,stand-in",
                        help="comma-separated servers for rigcheck: php, apache, stand-in (default: all three)")
    args = parser.parse_args()
    reason = missing_requirements()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    if args.coverage:
        return run_coverage(args)
    if args.watch_overhead:
        return run_watch_overhead(args)
    return run_throughput(args)


def run_throughput(args: argparse.Namespace) -> int:
    """The throughput table: rigcheck vs speedtest-cli vs iperf3 capacity."""
    cells = CELLS
    if args.cells:
        cells = [tuple(int(x) for x in cell.split(":")) for cell in args.cells.split(",")]
    rows = []
    with Lab() as lab:
        lab.http_url = lab.start_http_server()
        lab.stun_address = lab.start_stun_server()
        lab.start_iperf_server()
        servers: dict[str, str] = {}
        for name in args.servers.split(","):
            if name == "stand-in":
                servers[name] = f"{lab.http_url}/ok/"
                continue
            why = missing_librespeed(name)
            if why:
                print(f"skipping {name}: {why}", file=sys.stderr)
                continue
            servers[f"LibreSpeed {name}"] = lab.start_librespeed_php() if name == "php" else lab.start_librespeed_apache()
        for mbit, rtt in cells:
            row = run_cell(lab, mbit, rtt, servers)
            rows.append(row)
            print(f"{mbit} Mbit +{rtt} ms: {row}", file=sys.stderr, flush=True)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    text = f"Machine: {machine()}\n\nDate: {now}\n\n{table(rows)}\n"
    errors = [f"- {row['mbit']} Mbit +{row['rtt']} ms, {name}: rigcheck error: {r['error']}"
              for row in rows for name, r in row["rigcheck"].items() if r["error"]]
    if errors:
        text += "\n" + "\n".join(errors) + "\n"
    print(text)
    if args.output:
        Path(args.output).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", help="comma-separated MBIT:RTT_MS cells (default: all six)")
    parser.add_argument("--output", help="write the Markdown results here as well")
    parser.add_argument("--servers", default="php,apache,stand-in",
                        help="comma-separated servers for rigcheck: php, apache, stand-in (default: all three)")
    args = parser.parse_args()
    reason = missing_requirements()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
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

"""The network probe in a real shaped network (see lab.py). Needs root; skips with a reason otherwise.

Every address is inside the two namespaces the lab creates; nothing reaches the internet (even the
speedtest.net backend is pointed at the lab's Speedtest-Mini-style server). Healthy measurements run
against LibreSpeed's own backend under Apache (skipped with a reason where ../shared is absent); the
suite's stand-in serves only the faults the real server cannot produce.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from rigcheck.facts.network import PROGRESS_AT_MOST_LEFT_S
from rigcheck.netmeasure.librespeed import LibreSpeedBackend
from rigcheck.netmeasure.run import NetworkPlan, NetworkTestFailed, run_network_test
from rigcheck.netmeasure.speedtest_net import SpeedtestNetBackend
from rigcheck.netmeasure.stun import StunStream
from rigcheck.netmeasure.voice_stats import summarize
from rigcheck.probes import network as network_probe
from rigcheck.probes.base import ProbeProgress, run_probe

from .lab import CLIENT_IP, SERVER_IP, STUN_PORT
from .speedtest_lab import lab_speedtest_factory

# Measurements on a shared VM: the host's CPU steal can skew one run of tbf, iperf3 or the delayer;
# a real regression fails every rerun.
pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.flaky(reruns=2, reruns_delay=1)]


def healthy_server_url(lab) -> str:
    """LibreSpeed's own backend under Apache: healthy measurements run against the real server."""
    url = lab.librespeed_urls.get("apache") or lab.librespeed_urls.get("php")
    if url is None:
        pytest.skip(lab.librespeed_missing.get("apache") or "LibreSpeed's own server is not available")
    return url


def librespeed_plan(lab, mode: str = "ok", **overrides) -> NetworkPlan:
    """A plan against the real server ("ok") or one of the stand-in's fault modes ("stall", "e500", …)."""
    if mode == "ok":
        url = healthy_server_url(lab)
    else:  # "ok-standin": the stand-in's healthy answers (getIP.php with an ISP); else its fault modes
        url = f"{lab.http_url}/{'ok' if mode == 'ok-standin' else mode}/"
    plan = NetworkPlan(backends=[LibreSpeedBackend(url)], stun_servers=[lab.stun_address])
    plan.voice_idle_s = 1.0
    for key, value in overrides.items():
        setattr(plan, key, value)
    return plan


def measure(lab, plan: NetworkPlan, progress=None, is_cancelled=lambda: False, notes=None):
    """Run the whole test in the client namespace: (values, error, seconds); what it noticed goes to `notes`."""

    def go():
        started = time.perf_counter()
        try:
            values = run_network_test(plan, is_cancelled, progress or (lambda *a, **k: None),
                                      (notes if notes is not None else []).append)
            return values, None, time.perf_counter() - started
        except NetworkTestFailed as exc:
            return exc.values, exc, time.perf_counter() - started

    return lab.in_client(go)


def assert_no_client_address(values):
    assert CLIENT_IP not in json.dumps(values)


def test_throughput_reads_within_10_percent_of_iperf3_at_50_mbit(lab):
    lab.set_rate("server", 50)
    lab.set_rate("client", 50)
    capacity_down = lab.iperf_capacity_mbps(reverse=True)
    capacity_up = lab.iperf_capacity_mbps(reverse=False)
    assert 40 < capacity_down < 52 and 40 < capacity_up < 52  # the shaping itself works

    values, error, seconds = measure(lab, librespeed_plan(lab))

    assert error is None, error
    assert values["download_mbps"] == pytest.approx(capacity_down, rel=0.10)
    assert values["upload_mbps"] == pytest.approx(capacity_up, rel=0.10)
    assert values["backend"] == "librespeed"
    # LibreSpeed's getIP.php, shipped without its ISP database, names no ISP: nothing is made up.
    assert "isp" not in values and "country" not in values
    # Early stop: far below the 2 x 8 s time box, and bytes match what 50 Mbit/s moves in that time.
    assert seconds < 12
    assert 5e6 < values["bytes_used"] < seconds * 2 * 52e6 / 8
    assert_no_client_address(values)


def test_isp_and_country_come_from_get_ip_when_the_server_knows_them(lab):
    # A deployment with the ISP database answers like the stand-in's healthy getIP.php.
    values, error, _ = measure(lab, librespeed_plan(lab, mode="ok-standin", max_direction_s=1))
    assert error is None, error
    assert (values["isp"], values["country"]) == ("Lab Net Ltd", "DE")
    assert_no_client_address(values)


def test_voice_path_reads_injected_delay_jitter_and_loss(lab):
    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    # Count every STUN answer the server sends, drop 3 % of them at random, delay the rest 40 +- 8 ms.
    lab.iptables(lab.server_ns, ["-A", "OUTPUT", "-p", "udp", "--sport", str(STUN_PORT)])
    lab.add_udp_loss(0.03)
    lab.delay(lab.server_ns, ["-p", "udp", "--sport", str(STUN_PORT)], delay_ms=40, jitter_ms=8)
    counted: dict[str, int] = {}

    def progress(phase, fraction=None, **detail):
        if phase == "download" and not counted:
            counted["answers"] = lab.rule_packets(lab.server_ns, "OUTPUT", 1)
            counted["dropped"] = lab.rule_packets(lab.server_ns, "OUTPUT", 2)

    # 1200 packets: the binomial spread of 3 % random loss is then +-0.5 points (1 sigma).
    values, error, _ = measure(lab, librespeed_plan(lab, voice_idle_s=24, time_limit_s=45), progress)

    assert error is None, error
    assert values["voice_path"] == "udp"
    assert values["latency_ms"] == pytest.approx(40, abs=6)
    # Uniform +-8 ms per packet: the expected |D| between packets is 16/3 = 5.3 ms.
    assert 3.0 < values["jitter_ms"] < 8.0
    assert values["packet_loss_percent"] == pytest.approx(3.0, abs=1.5)
    realized = 100 * counted["dropped"] / counted["answers"]
    assert values["packet_loss_percent"] == pytest.approx(realized, abs=0.5)
    assert values["burst_loss_max"] >= 1
    assert 3.5 < values["mos"] < 4.3


def test_burst_of_lost_packets_is_measured(lab):
    def run():
        stream = StunStream.open(lab.stun_address)
        with stream:
            time.sleep(1.0)
            lab.iptables(lab.server_ns, ["-I", "INPUT", "-p", "udp", "--dport", str(STUN_PORT), "-j", "DROP"])
            time.sleep(0.3)
            lab.iptables(lab.server_ns, ["-D", "INPUT", "-p", "udp", "--dport", str(STUN_PORT), "-j", "DROP"])
            time.sleep(1.0)
            stream.set_phase("done")
            time.sleep(1.1)
            return summarize(stream.samples("idle"))

    summary = lab.in_client(run)
    # 300 ms of blackout at one request per 20 ms is 15 requests (+- the iptables calls' own latency).
    assert 12 <= summary.burst_loss_max <= 20
    assert summary.sent - summary.received == summary.burst_loss_max


def test_loaded_latency_rises_when_the_tbf_queue_fills(lab):
    increases = {}
    for queue_ms in (400, 10):
        lab.set_rate("server", 20, queue_ms=queue_ms)
        lab.set_rate("client", 20, queue_ms=queue_ms)
        values, error, _ = measure(lab, librespeed_plan(lab, voice_idle_s=1.5))
        assert error is None, error
        increases[queue_ms] = values["loaded_latency_increase_ms"]
    # TCP's sawtooth fills a tbf queue only part of the time: a 150 ms queue read 20-78 ms on a quiet
    # machine (it failed a 35 ms bound twice in one CI run), a 400 ms one 112-146 ms in 4 of 4 runs;
    # a 10 ms queue holds about 16 ms of data at 20 Mbit/s (4-12 ms read).
    assert increases[400] > 60, increases
    assert increases[10] < 25, increases
    assert increases[400] - increases[10] > 50, increases


def test_blocked_udp_falls_back_to_tcp_round_trips(lab):
    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    lab.block_udp()
    notes: list[str] = []
    values, error, _ = measure(lab, librespeed_plan(lab), notes=notes)
    assert error is None, error
    assert values["voice_path"] == "tcp"
    assert 0 < values["latency_ms"] < 50
    assert "jitter_ms" in values
    assert "packet_loss_percent" not in values and "mos" not in values
    assert any("loss" in note and "UDP" in note for note in notes)
    assert values["download_mbps"] > 50


FAILURES = {
    "server down": (f"http://{SERVER_IP}:8099/ok/", "refused"),
    "stall mid-transfer": ("stall", "stalled"),
    "HTTP 500": ("e500", "HTTP 500"),
    "HTML instead of data": ("html", "web page"),
    "DNS failure": ("http://speedtest.rigcheck-lab.invalid/", "looked up"),
    "answers cut short": ("short", "ended an answer after 100 of"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_each_failure_mode_ends_in_bounded_time_with_a_clear_error(lab, case):
    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    target, expected = FAILURES[case]
    plan = librespeed_plan(lab)
    if "://" in target:
        plan.backends = [LibreSpeedBackend(target)]
    else:
        plan.backends = [LibreSpeedBackend(f"{lab.http_url}/{target}/")]

    values, error, seconds = measure(lab, plan)

    assert error is not None
    assert expected in str(error)
    assert seconds < 10
    # The voice path still worked: the result is partial, not empty.
    assert "latency_ms" in values and "partial" not in values  # partial is the probe result's field
    assert values["backend_failures"][0]["backend"] == "librespeed"


def test_speedtest_cli_code_path_against_a_mini_server(lab):
    lab.set_rate("server", 50)
    lab.set_rate("client", 50)
    plan = librespeed_plan(lab, max_direction_s=3)
    plan.backends = [SpeedtestNetBackend(speedtest_factory=lab_speedtest_factory(lab.http_url))]

    values, error, seconds = measure(lab, plan)

    assert error is None, error
    assert values["backend"] == "speedtest.net"
    assert 25 < values["download_mbps"] < 55
    assert 25 < values["upload_mbps"] < 55
    assert (values["isp"], values["country"]) == ("Lab ISP", "DE")
    assert_no_client_address(values)
    assert seconds < 15


def test_failing_librespeed_falls_through_to_speedtest_net(lab):
    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    plan = librespeed_plan(lab, max_direction_s=2)
    plan.backends = [
        LibreSpeedBackend(f"{lab.http_url}/e500/"),
        SpeedtestNetBackend(speedtest_factory=lab_speedtest_factory(lab.http_url)),
    ]
    values, error, _ = measure(lab, plan)
    assert error is None, error
    assert values["backend"] == "speedtest.net"
    assert values["backend_failures"][0]["backend"] == "librespeed"
    assert "HTTP 500" in values["backend_failures"][0]["reason"]


def test_hard_cap_bounds_a_slow_link(lab):
    lab.set_rate("server", 5)
    lab.set_rate("client", 5)
    values, error, seconds = measure(lab, librespeed_plan(lab, time_limit_s=5))
    assert seconds <= 5.5
    assert error is None or "time limit" in str(error)
    # Inside 1.7 s a 5 Mbit/s link may not have settled (a lost SYN costs a 1 s retransmission
    # timeout), but what was measured is kept and cannot exceed the link.
    assert 0 < values["download_mbps"] <= 5.3


@pytest.fixture
def lab_probe(lab, monkeypatch):
    """The registered probe, with speedtest.net replaced by the lab's mini server."""
    factory = lab_speedtest_factory(lab.http_url)
    monkeypatch.setattr(network_probe, "SpeedtestNetBackend", lambda **_: SpeedtestNetBackend(speedtest_factory=factory))
    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    return network_probe.PROBE


def test_probe_reports_facts_and_progress(lab, lab_probe):
    events = []
    seen_at: dict[int, float] = {}

    def on_event(event):
        seen_at[id(event)] = time.perf_counter()
        events.append(event)

    # A loss limit: the voice path may stretch the test, and the time left it announces must allow for that.
    options = {"server": healthy_server_url(lab), "stun_servers": [lab.stun_address], "voice_idle_s": 1,
               "loss_limit_percent": 5.0}
    result = lab.in_client(lambda: run_probe(lab_probe, options, on_event=on_event))
    ended_at = time.perf_counter()

    assert result.status == "ok", result.error
    for key in ("download_mbps", "upload_mbps", "latency_ms", "jitter_ms", "packet_loss_percent",
                "burst_loss_max", "loaded_latency_increase_ms", "mos", "voice_path", "backend", "bytes_used"):
        assert key in result.values, key
    json.dumps(result.to_dict())
    progress = [e for e in events if isinstance(e, ProbeProgress)]
    phases = [e.phase for e in progress]
    assert phases.index("voice") < phases.index("download") < phases.index("upload")
    assert any(e.detail.get("mbps") for e in progress if e.phase == "download")
    fractions = [e.fraction for e in progress if e.fraction is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # "At most N s left" only ever counts down, and the test really ended within it (1 s for the wrap-up).
    left = [e.detail[PROGRESS_AT_MOST_LEFT_S] for e in progress]
    assert left == sorted(left, reverse=True), left
    late = [(e.phase, e.detail[PROGRESS_AT_MOST_LEFT_S], round(ended_at - seen_at[id(e)], 2)) for e in progress
            if ended_at - seen_at[id(e)] > e.detail[PROGRESS_AT_MOST_LEFT_S] + 1.0]
    assert not late, late


def test_probe_error_keeps_partial_values(lab, lab_probe, monkeypatch):
    options = {"server": f"{lab.http_url}/e500/", "stun_servers": [lab.stun_address], "voice_idle_s": 1}
    # Break the fallback too: the speedtest.net stand-in points at a port where nothing listens.
    factory = lab_speedtest_factory(f"http://{SERVER_IP}:8099")
    monkeypatch.setattr(network_probe, "SpeedtestNetBackend", lambda **_: SpeedtestNetBackend(speedtest_factory=factory))
    result = lab.in_client(lambda: run_probe(lab_probe, options))
    assert result.status == "error"
    assert "librespeed" in result.error and "speedtest.net" in result.error
    assert result.partial is True and "latency_ms" in result.values


def test_cancel_stops_every_stream_promptly(lab, lab_probe):
    cancel = threading.Event()
    cancelled_at = {}

    def on_event(event):
        if isinstance(event, ProbeProgress) and event.phase == "download" and not cancel.is_set():
            if "timer" not in cancelled_at:
                cancelled_at["timer"] = threading.Timer(0.5, lambda: (cancelled_at.setdefault("t", time.perf_counter()), cancel.set()))
                cancelled_at["timer"].start()

    options = {"server": healthy_server_url(lab), "stun_servers": [lab.stun_address], "voice_idle_s": 1}
    result = lab.in_client(lambda: run_probe(lab_probe, options, cancel_event=cancel, on_event=on_event))
    returned = time.perf_counter()
    assert result.status == "error" and "cancel" in result.error
    assert returned - cancelled_at["t"] < 1.0
    time.sleep(0.5)
    assert not [t for t in threading.enumerate() if t.name in ("rigcheck-transfer", "stun-send", "stun-recv")]


def test_cli_probe_network_prints_the_facts_object(lab):
    import subprocess
    import sys

    lab.set_rate("server", 100)
    lab.set_rate("client", 100)
    completed = subprocess.run(
        ["ip", "netns", "exec", lab.client_ns, sys.executable, "-m", "rigcheck", "probe", "network",
         "--server", healthy_server_url(lab), "--stun", lab.stun_address, "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    facts = json.loads(completed.stdout)
    network = facts["network"]
    assert network["status"] == "ok", network["error"]
    assert network["duration_s"] < 30
    assert network["values"]["backend"] == "librespeed"
    assert network["values"]["voice_path"] == "udp"
    assert 80 < network["values"]["download_mbps"] < 100
    assert_no_client_address(network)


def test_clean_line_passes_generic_voice_loss_limit_settled_within_the_extended_cap(lab, lab_probe):
    # A loss-free line against generic-voice's 1 % limit: the burst-aware interval needs about 1,900
    # clean packets (38 s), past the base 30 s cap; the cap follows the limit, so the check passes
    # (settled) in one test, and the test ends when it settles, well inside the 90 s ceiling.
    from rigcheck.engine import probe_options
    from rigcheck.facts import good_facts
    from rigcheck.model import ProbeResult, Snapshot
    from rigcheck.netmeasure.run import MAX_TIME_LIMIT_S
    from rigcheck.netmeasure.voice_stats import clean_packets_to_settle
    from rigcheck.profile import load_profile
    from rigcheck.scoring import score

    profile = load_profile("generic-voice")
    options = probe_options(profile, server=healthy_server_url(lab), extra={"stun_servers": [lab.stun_address]})
    assert options["loss_limit_percent"] == 1.0
    events = []
    result = lab.in_client(lambda: run_probe(lab_probe, options, on_event=events.append))

    assert result.status == "ok", result.error
    values = result.values
    assert values["packet_loss_percent"] == 0.0
    assert values["voice_packets_sent"] >= clean_packets_to_settle(1.0)
    assert values["packet_loss_ci95_percent"][1] <= 1.0
    assert 30.0 < result.duration_s < MAX_TIME_LIMIT_S
    settling = [e.fraction for e in events if isinstance(e, ProbeProgress) and e.phase == "settle"]
    assert settling and settling == sorted(settling)

    results = {probe: ProbeResult(probe, "ok", 0.1, None, facts) for probe, facts in good_facts().items()}
    results["network"] = result
    report = score(Snapshot(results=results), profile)
    loss_check = next(check for check in report.checks if check.id == "network.max_packet_loss_percent")
    assert loss_check.status == "pass"


def test_a_backup_carrying_the_traffic_without_a_librespeed_server_is_measured_against_speedtest_net(lab):
    """After a switch-over the backup carries the default route: with no LibreSpeed server in the profile,
    its speed comes from speedtest.net (here the lab's stand-in), as the main test's fallback does."""
    from rigcheck.probes.backup.measure import measure_link

    lab.set_rate("server", 20)
    lab.set_rate("client", 8)
    notes: list[str] = []
    figures = lab.in_client(lambda: measure_link(None, server=None, stun_servers=[lab.stun_address], should_stop=lambda: False,
                                                 notes=notes, speedtest_factory=lab_speedtest_factory(lab.http_url)))
    assert figures.get("download_mbps") is not None, notes
    assert 0.5 * 20 <= figures["download_mbps"] <= 1.1 * 20, figures
    assert 0.5 * 8 <= figures["upload_mbps"] <= 1.1 * 8, figures
    assert figures["latency_ms"] is not None, figures
    # Beside the main line (bound to an interface), speedtest.net cannot be used: a note, the voice path only.
    bound_notes: list[str] = []
    bound = lab.in_client(lambda: measure_link("lo", server=None, stun_servers=[], should_stop=lambda: False,
                                               notes=bound_notes))
    assert "download_mbps" not in bound and any("switch-over" in note for note in bound_notes), bound_notes

"""Bursty loss in the real lab: the NFQUEUE dropper's Gilbert-Elliott chain on coturn's answers, and
the voice path's burst-aware interval against it. Needs root; skips with a reason otherwise.

The full coverage table (means 1/3/5 %, bursts 1/3/6 packets, many runs) is bench/network.py
--coverage; this is its one cheap case.
"""

from __future__ import annotations

import time

import pytest

from rigcheck.netmeasure.stun import StunStream
from rigcheck.netmeasure.voice_stats import burst_aware_interval_percent, rfc3611_burst_gap, wilson_interval_percent

from .lab import STUN_PORT

pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.flaky(reruns=1, reruns_delay=1)]

STREAMS = 6
SECONDS = 12.0


def run_streams(lab, seconds: float, streams: int) -> list[tuple[int, list]]:
    """`streams` concurrent voice streams to coturn for `seconds`; (client port, decided samples) each."""

    def go():
        opened = [StunStream.open(lab.stun_address) for _ in range(streams)]
        for stream in opened:
            stream.start()
        time.sleep(seconds)
        for stream in opened:
            stream.set_phase("done")
        time.sleep(1.1)  # the last requests get their second to be answered
        result = [(stream._sock.getsockname()[1], stream.samples("idle")) for stream in opened]
        for stream in opened:
            stream.stop()
        return result

    return lab.in_client(go, timeout=seconds + 30)


def test_gilbert_elliott_bursts_are_measured_and_the_interval_holds_the_true_mean(lab):
    mean_loss, mean_burst = 0.05, 6.0
    dropper = lab.drop(lab.server_ns, ["-p", "udp", "--sport", str(STUN_PORT)], "gilbert", mean_loss, mean_burst, seed=22)
    measured = run_streams(lab, SECONDS, STREAMS)
    counts = lab.stop_dropper(dropper)

    held = wilson_held = 0
    for port, samples in measured:
        assert len(samples) >= 0.9 * SECONDS * 50
        lost = sum(1 for s in samples if s.received_s is None)
        seen, dropped = counts[port]
        # Every loss the stream saw is one the dropper made (the stream's last second is left out).
        assert lost <= dropped <= lost + 60 and seen >= len(samples)
        interval = burst_aware_interval_percent(samples)
        held += interval.low_percent <= 100 * mean_loss <= interval.high_percent
        low, high = wilson_interval_percent(lost, len(samples))
        wilson_held += low <= 100 * mean_loss <= high
    assert held >= STREAMS - 1, (held, wilson_held)

    # The bursts themselves, per stream (RFC 3611 figures and the Gilbert burst length).
    figures = [rfc3611_burst_gap(samples) for _, samples in measured]
    mean_runs = [f.mean_loss_run_packets for f in figures if f is not None and f.mean_loss_run_packets]
    assert mean_runs and sum(mean_runs) / len(mean_runs) > 2.5  # bursts, not single losses
    assert max(f.burst_density_percent for f in figures if f is not None) > 30  # inside a burst most packets are lost


def test_bernoulli_mode_drops_single_packets_at_the_rate_asked(lab):
    dropper = lab.drop(lab.server_ns, ["-p", "udp", "--sport", str(STUN_PORT)], "bernoulli", 0.05, seed=3)
    measured = run_streams(lab, 6.0, 2)
    counts = lab.stop_dropper(dropper)
    seen = sum(c[0] for c in counts.values())
    dropped = sum(c[1] for c in counts.values())
    assert dropped / seen == pytest.approx(0.05, abs=0.02)
    runs = [rfc3611_burst_gap(samples).mean_loss_run_packets for _, samples in measured]
    assert all(1.0 <= r < 1.5 for r in runs if r)

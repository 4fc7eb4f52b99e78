"""Statistics of a voice-like packet stream: RFC 3550 jitter, loss, burst loss, burst ratio.

Pure functions over recorded samples, so they are tested without a network.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True)
class VoiceSample:
    """One request of the stream: its sequence number, send time and receive time (None = lost)."""

    seq: int
    sent_s: float
    received_s: float | None

    @property
    def rtt_ms(self) -> float | None:
        if self.received_s is None:
            return None
        return (self.received_s - self.sent_s) * 1000.0


def rfc3550_jitter_ms(samples: Iterable[VoiceSample]) -> float | None:
    """Interarrival jitter as RFC 3550 section 6.4.1 defines it, in milliseconds.

    Transit time is the round trip (send and receive stamps come from the same clock). Packets are
    taken in arrival order and J += (|D| - J) / 16 with D the change of transit time between
    successive arrivals. None when fewer than two packets arrived.
    """
    arrived = sorted((s for s in samples if s.received_s is not None), key=lambda s: s.received_s)
    if len(arrived) < 2:
        return None
    jitter = 0.0
    previous = arrived[0].received_s - arrived[0].sent_s
    for sample in arrived[1:]:
        transit = sample.received_s - sample.sent_s
        jitter += (abs(transit - previous) - jitter) / 16.0
        previous = transit
    return jitter * 1000.0


def loss_runs(samples: Sequence[VoiceSample]) -> list[int]:
    """Lengths of the runs of consecutive lost packets, in sequence order."""
    runs: list[int] = []
    current = 0
    for sample in sorted(samples, key=lambda s: s.seq):
        if sample.received_s is None:
            current += 1
        elif current:
            runs.append(current)
            current = 0
    if current:
        runs.append(current)
    return runs


def packet_loss_percent(samples: Sequence[VoiceSample]) -> float | None:
    if not samples:
        return None
    lost = sum(1 for s in samples if s.received_s is None)
    return 100.0 * lost / len(samples)


def burst_loss_max(samples: Sequence[VoiceSample]) -> int:
    """Longest run of consecutive lost packets (0 when nothing was lost)."""
    return max(loss_runs(samples), default=0)


def burst_ratio(samples: Sequence[VoiceSample]) -> float:
    """G.113 BurstR: mean observed loss-run length over the mean expected under random loss.

    With loss probability p, random (Bernoulli) loss has a mean run length of 1 / (1 - p).
    1.0 means random loss, above 1 bursty loss. 1.0 when nothing (or everything) was lost.
    """
    runs = loss_runs(samples)
    if not runs or not samples:
        return 1.0
    p = sum(runs) / len(samples)
    if p >= 1.0:
        return 1.0
    observed = sum(runs) / len(runs)
    return max(observed * (1.0 - p), 1.0)


def median_rtt_ms(samples: Iterable[VoiceSample]) -> float | None:
    rtts = [s.rtt_ms for s in samples if s.received_s is not None]
    return statistics.median(rtts) if rtts else None


@dataclass(frozen=True)
class VoiceSummary:
    sent: int
    received: int
    median_rtt_ms: float | None
    jitter_ms: float | None
    packet_loss_percent: float | None
    burst_loss_max: int
    burst_ratio: float


def summarize(samples: Sequence[VoiceSample]) -> VoiceSummary:
    """Every voice metric of one phase of the stream."""
    return VoiceSummary(
        sent=len(samples),
        received=sum(1 for s in samples if s.received_s is not None),
        median_rtt_ms=median_rtt_ms(samples),
        jitter_ms=rfc3550_jitter_ms(samples),
        packet_loss_percent=packet_loss_percent(samples),
        burst_loss_max=burst_loss_max(samples),
        burst_ratio=burst_ratio(samples),
    )

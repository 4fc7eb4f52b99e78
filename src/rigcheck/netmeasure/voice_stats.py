"""Statistics of a voice-like packet stream: RFC 3550 jitter, loss, burst loss, burst ratio.

Pure functions over recorded samples, so they are tested without a network.
"""

from __future__ import annotations

import math
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


def _arrival_transits_s(samples: Iterable[VoiceSample]) -> list[float]:
    """Transit times (receive minus send, in s) of the packets that arrived, in arrival order."""
    arrivals = sorted(((s.received_s, s.sent_s) for s in samples if s.received_s is not None), key=lambda pair: pair[0])
    return [received_s - sent_s for received_s, sent_s in arrivals]


def rfc3550_jitter_ms(samples: Iterable[VoiceSample]) -> float | None:
    """Interarrival jitter as RFC 3550 section 6.4.1 defines it, in milliseconds.

    Transit time is the round trip (send and receive stamps come from the same clock). Packets are
    taken in arrival order and J += (|D| - J) / 16 with D the change of transit time between
    successive arrivals. None when fewer than two packets arrived.
    """
    transits = _arrival_transits_s(samples)
    if len(transits) < 2:
        return None
    jitter = 0.0
    for previous, transit in zip(transits, transits[1:]):
        jitter += (abs(transit - previous) - jitter) / 16.0
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
    rtts = [rtt for rtt in (s.rtt_ms for s in samples) if rtt is not None]
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


Z_95 = 1.959964  # two-sided 95 % normal quantile


def wilson_interval_percent(lost: int, sent: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score 95 % confidence interval of a loss rate, in percent (None before any packet).

    Wilson rather than the normal approximation: it stays inside 0-100 % and is honest at 0 lost,
    where a few hundred packets still cannot rule out a loss of about 1 %.
    """
    if sent <= 0:
        return None
    p = lost / sent
    denominator = 1 + z * z / sent
    centre = (p + z * z / (2 * sent)) / denominator
    half = z * math.sqrt(p * (1 - p) / sent + z * z / (4 * sent * sent)) / denominator
    low = 0.0 if lost == 0 else max(0.0, centre - half)  # exact ends: rounding must not invent loss
    high = 1.0 if lost == sent else min(1.0, centre + half)
    return low * 100.0, high * 100.0


def jitter_interval_ms(samples: Iterable[VoiceSample], z: float = Z_95) -> tuple[float, float] | None:
    """95 % interval of the RFC 3550 jitter estimate, in ms (None with fewer than 3 arrivals).

    For a steady path the RFC 3550 estimator converges to the mean absolute change of transit time
    between arrivals, so the interval is the jitter estimate +- z standard errors of that mean.
    """
    samples = list(samples)  # read twice below
    transits = _arrival_transits_s(samples)
    if len(transits) < 3:
        return None
    changes_ms = [abs(b - a) * 1000.0 for a, b in zip(transits, transits[1:])]
    jitter = rfc3550_jitter_ms(samples)
    assert jitter is not None
    half = z * statistics.stdev(changes_ms) / math.sqrt(len(changes_ms))
    return max(0.0, jitter - half), jitter + half


def interval_settles(interval: tuple[float, float] | None, limit: float | None) -> bool:
    """True when the interval lies wholly on one side of `limit` (or there is no limit to settle)."""
    if limit is None:
        return True
    if interval is None:
        return False
    low, high = interval
    return high <= limit or low > limit

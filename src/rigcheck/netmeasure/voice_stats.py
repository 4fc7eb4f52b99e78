"""Statistics of a voice-like packet stream: RFC 3550 jitter, loss, burst loss, burst ratio, the
RFC 3611 burst and gap figures, and a loss interval that stays honest when losses come in bursts.

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


def wilson_interval_percent(lost: float, sent: float, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score 95 % confidence interval of a loss rate, in percent (None before any packet).

    Wilson rather than the normal approximation: it stays inside 0-100 % and is honest at 0 lost,
    where a few hundred packets still cannot rule out a loss of about 1 %. Counts may be fractional
    (effective counts of the burst-aware interval).
    """
    if sent <= 0:
        return None
    p = lost / sent
    denominator = 1 + z * z / sent
    centre = (p + z * z / (2 * sent)) / denominator
    half = z * math.sqrt(max(p * (1 - p), 0.0) / sent + z * z / (4 * sent * sent)) / denominator
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


# Student t two-sided 95 % quantiles for 1-10 degrees of freedom (any statistics table); above 10 the
# Cornish-Fisher series in 1/df is within 0.2 % of the table.
_T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228)


def t_quantile_95(degrees_of_freedom: int) -> float:
    """Two-sided 95 % quantile of Student's t with `degrees_of_freedom` (>= 1)."""
    df = max(1, degrees_of_freedom)
    if df <= len(_T_975):
        return _T_975[df - 1]
    z = Z_95
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df * df)


# The stated prior on how losses cluster: bursts of this many packets on average (geometric lengths).
# A line that has shown no loss yet is assumed to lose in such bursts, so a short clean test cannot
# claim a low loss; one observed burst counts as much as this prior (PRIOR_BURSTS). 3 packets is the
# Gilbert-Elliott burst measured on a bursty lab line in issue 22 (3.3); bench/RESULTS_network.md shows
# the interval holds >= 95 % of the time for mean bursts of 1, 3 and 6 packets with it.
PRIOR_BURST_PACKETS = 3.0
PRIOR_BURSTS = 1.0


@dataclass(frozen=True)
class LossInterval:
    """A 95 % interval of the loss rate (percent) and what it rests on.

    `design_effect` is how many packets count as one independent observation (1 for random loss;
    about twice the mean burst for bursty loss); `bursts` the runs of lost packets seen.
    """

    low_percent: float
    high_percent: float
    design_effect: float
    bursts: int


def burst_aware_interval_percent(samples: Sequence[VoiceSample]) -> LossInterval | None:
    """95 % interval of the loss rate that accounts for losses coming in bursts (None before any packet).

    Losses on real lines cluster (Gilbert-Elliott channel): N packets then carry less information than
    N independent ones. For a loss count made of bursts (compound Poisson), the variance is the
    binomial one times D = E[B^2] / E[B], B the burst length (the index of dispersion). D is estimated
    from the observed runs plus PRIOR_BURSTS pseudo-bursts of geometric length PRIOR_BURST_PACKETS
    (E[B^2] = L (2L - 1)), and never below the geometric value 2 * mean - 1 of the pooled mean: a few
    short runs do not prove that bursts are short. The Wilson interval is then taken over n / D
    packets with x / D lost. With k >= 1 bursts the quantile is Student's t with k + PRIOR_BURSTS
    degrees of freedom (the bursts, not the packets, are the independent draws); with none, the
    normal one (no burst started in n packets bounds the burst rate as a Poisson count would).
    """
    if not samples:
        return None
    return burst_aware_interval_from_runs(len(samples), loss_runs(samples))


def burst_aware_interval_from_runs(sent: int, runs: Sequence[int]) -> LossInterval | None:
    """burst_aware_interval_percent from the packet count and the lengths of the runs of lost packets
    (so samples taken apart, e.g. a watch's, can be pooled)."""
    if sent <= 0:
        return None
    lost = sum(runs)
    prior_mean = PRIOR_BURST_PACKETS
    pooled_mean = (lost + PRIOR_BURSTS * prior_mean) / (len(runs) + PRIOR_BURSTS)
    second_moment = sum(run * run for run in runs) + PRIOR_BURSTS * prior_mean * (2 * prior_mean - 1)
    dispersion = second_moment / (lost + PRIOR_BURSTS * prior_mean)
    design_effect = max(dispersion, 2 * pooled_mean - 1, 1.0)
    z = t_quantile_95(round(len(runs) + PRIOR_BURSTS)) if runs else Z_95
    interval = wilson_interval_percent(lost / design_effect, sent / design_effect, z)
    assert interval is not None  # sent > 0
    return LossInterval(interval[0], interval[1], design_effect, len(runs))


def clean_packets_to_settle(limit_percent: float, max_packets: int = 10_000_000) -> int | None:
    """How many packets a loss-free line needs before its burst-aware interval lies at or below
    `limit_percent` (None when no count up to `max_packets` does, e.g. a limit of 0).

    Found by bisection on burst_aware_interval_from_runs itself, so the test's cap follows the interval
    (and its prior) without a retyped constant: the upper bound of "0 lost in n" falls as n grows.
    """
    def settles(packets: int) -> bool:
        interval = burst_aware_interval_from_runs(packets, [])
        return interval is not None and interval.high_percent <= limit_percent

    if not settles(max_packets):
        return None
    low, high = 0, max_packets  # settles(high) holds, settles(low) does not
    while high - low > 1:
        middle = (low + high) // 2
        if settles(middle):
            high = middle
        else:
            low = middle
    return high


# RFC 3611 section 4.7.2: a burst is the longest run that starts and ends with a lost packet and holds
# no Gmin or more consecutive received packets; the rest are gaps. Gmin 16 is the RFC's recommended value.
RFC3611_GMIN = 16


@dataclass(frozen=True)
class BurstGapFigures:
    """RFC 3611 VoIP metrics (section 4.7.2) of one stream, and the Gilbert burst length.

    Densities are the share of packets lost inside bursts and inside gaps; durations are means in
    milliseconds at the stream's packet interval. As in the RFC's Appendix A.2 algorithm, a single loss
    with at least Gmin received packets on either side belongs to the gap (it is not a burst).
    `mean_loss_run_packets` is the mean run of consecutive lost packets (0 when nothing was lost).
    """

    burst_density_percent: float
    gap_density_percent: float
    burst_duration_ms: float
    gap_duration_ms: float
    mean_loss_run_packets: float


def rfc3611_burst_gap(samples: Sequence[VoiceSample], packet_interval_ms: float = 20.0,
                      gmin: int = RFC3611_GMIN) -> BurstGapFigures | None:
    """The RFC 3611 burst and gap density and duration of a stream (None before any packet)."""
    if not samples:
        return None
    lost_flags = [s.received_s is None for s in sorted(samples, key=lambda s: s.seq)]
    bursts: list[tuple[int, int]] = []  # (first, last) index of each burst, losses at both ends
    start = last_loss = None
    for index, lost in enumerate(lost_flags):
        if not lost:
            continue
        if start is not None and last_loss is not None and index - last_loss - 1 >= gmin:
            bursts.append((start, last_loss))
            start = None
        if start is None:
            start = index
        last_loss = index
    if start is not None and last_loss is not None:
        bursts.append((start, last_loss))
    bursts = [(first, last) for first, last in bursts if sum(lost_flags[first:last + 1]) >= 2]
    in_burst_packets = sum(last - first + 1 for first, last in bursts)
    in_burst_lost = sum(sum(lost_flags[first:last + 1]) for first, last in bursts)
    gap_packets = len(lost_flags) - in_burst_packets
    gap_lost = sum(lost_flags) - in_burst_lost
    gaps = len(bursts) + 1 - (bursts[0][0] == 0 if bursts else 0) - (bursts[-1][1] == len(lost_flags) - 1 if bursts else 0)
    runs = loss_runs(samples)
    return BurstGapFigures(
        burst_density_percent=100.0 * in_burst_lost / in_burst_packets if in_burst_packets else 0.0,
        gap_density_percent=100.0 * gap_lost / gap_packets if gap_packets else 0.0,
        burst_duration_ms=in_burst_packets * packet_interval_ms / len(bursts) if bursts else 0.0,
        gap_duration_ms=gap_packets * packet_interval_ms / gaps if gaps > 0 else 0.0,
        mean_loss_run_packets=sum(runs) / len(runs) if runs else 0.0,
    )


def interval_settles(interval: tuple[float, float] | None, limit: float | None) -> bool:
    """True when the interval lies wholly on one side of `limit` (or there is no limit to settle)."""
    if limit is None:
        return True
    if interval is None:
        return False
    low, high = interval
    return high <= limit or low > limit

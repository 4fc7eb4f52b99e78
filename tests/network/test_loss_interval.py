"""The burst-aware loss interval and the RFC 3611 burst/gap figures (pure; no network).

The coverage tests draw loss patterns from a seeded Gilbert-Elliott chain (the model the lab's
dropper runs, tests/network/servers/nfq_dropper.py): the interval must hold the chain's true mean.
"""

from __future__ import annotations

import random

import pytest

from rigcheck.render import words

from rigcheck.netmeasure.run import MAX_TIME_LIMIT_S, SETTLE_MARGIN, voice_settle_s
from rigcheck.netmeasure.voice_stats import (
    PRIOR_BURST_PACKETS,
    VoiceSample,
    burst_aware_interval_percent,
    clean_packets_to_settle,
    interval_settles,
    rfc3611_burst_gap,
    t_quantile_95,
    wilson_interval_percent,
)


def stream(lost_flags: list[bool]) -> list[VoiceSample]:
    """A 50 packets/s stream with the given packets lost (answers 10 ms after sending)."""
    return [VoiceSample(i, i * 0.02, None if lost else i * 0.02 + 0.01) for i, lost in enumerate(lost_flags)]


def gilbert_elliott(packets: int, mean_loss: float, mean_burst: float, rng: random.Random) -> list[bool]:
    """Loss flags of a two-state chain: every packet in the bad state is lost, none in the good one."""
    leave_bad = 1.0 / mean_burst
    enter_bad = mean_loss * leave_bad / (1.0 - mean_loss)
    bad = rng.random() < mean_loss
    flags = []
    for _ in range(packets):
        flags.append(bad)
        bad = rng.random() >= leave_bad if bad else rng.random() < enter_bad
    return flags


def test_zero_lost_in_127_does_not_claim_below_3_percent():
    interval = burst_aware_interval_percent(stream([False] * 127))
    assert interval is not None and interval.low_percent == 0.0
    assert interval.high_percent > 3.0  # bursts of 3 packets are plausible: 127 packets are ~25 observations
    assert wilson_interval_percent(0, 127)[1] < 3.0  # what the independent-loss interval claimed
    assert interval.design_effect == pytest.approx(2 * PRIOR_BURST_PACKETS - 1)


def test_a_long_clean_run_does_settle_below_the_limit():
    assert interval_settles(_pair(burst_aware_interval_percent(stream([False] * 2000))), 1.0)
    assert not interval_settles(_pair(burst_aware_interval_percent(stream([False] * 1000))), 1.0)


@pytest.mark.parametrize("limit_percent, packets", [(3.0, 622), (1.0, 1902), (0.5, 3823)])
def test_clean_packets_to_settle_is_the_first_count_whose_interval_settles(limit_percent, packets):
    # Figures of bench/RESULTS_network.md; the boundary is checked on the interval itself.
    assert clean_packets_to_settle(limit_percent) == packets
    assert interval_settles(_pair(burst_aware_interval_percent(stream([False] * packets))), limit_percent)
    assert not interval_settles(_pair(burst_aware_interval_percent(stream([False] * (packets - 1)))), limit_percent)


def test_no_clean_count_settles_a_limit_of_zero():
    assert clean_packets_to_settle(0.0) is None
    assert voice_settle_s(0.0, 125, 0.02) is None


@pytest.mark.parametrize("limit_percent, needed_s", [(3.0, 622 * SETTLE_MARGIN * 0.02 - 2.5),
                                                     (1.0, 1902 * SETTLE_MARGIN * 0.02 - 2.5),
                                                     (0.5, 3823 * SETTLE_MARGIN * 0.02 - 2.5)])
def test_voice_cap_follows_the_loss_limit(limit_percent, needed_s):
    # After the 2.5 s idle window (125 packets at 50/s) what is left to listen for, with the margin.
    assert voice_settle_s(limit_percent, 125, 0.02) == pytest.approx(needed_s)
    # 1 % and 0.5 % need more than the old 30 s cap and fit under the ceiling with the idle window and
    # a few seconds of speed test; 3 % fits inside the 30 s it always had.
    assert (needed_s > 30.0) == (limit_percent < 3.0)
    assert 2.5 + needed_s < MAX_TIME_LIMIT_S - 5.0
    assert voice_settle_s(limit_percent, 10_000, 0.02) == 0.0  # already enough packets: nothing to add


def _pair(interval):
    return interval.low_percent, interval.high_percent


def test_random_single_losses_keep_the_interval_close_to_wilson():
    flags = [i % 33 == 5 for i in range(1500)]  # 46 isolated losses, 3 %
    interval = burst_aware_interval_percent(stream(flags))
    wilson = wilson_interval_percent(sum(flags), len(flags))
    assert interval.design_effect < 1.3  # the prior's pseudo-burst of 3 still weighs a little
    assert interval.high_percent - interval.low_percent < 1.3 * (wilson[1] - wilson[0])


def test_the_same_loss_in_bursts_widens_the_interval():
    isolated = [i % 33 == 5 for i in range(1500)]
    bursty = [i % 198 < 6 for i in range(1500)]  # the same 3 % as runs of 6
    random_width = _width(burst_aware_interval_percent(stream(isolated)))
    bursty_interval = burst_aware_interval_percent(stream(bursty))
    assert bursty_interval.design_effect > 8
    assert _width(bursty_interval) > 2 * random_width
    assert bursty_interval.low_percent < 3.0 < bursty_interval.high_percent


def _width(interval):
    return interval.high_percent - interval.low_percent


def test_everything_lost_is_one_burst_and_reads_100_percent_at_the_top():
    interval = burst_aware_interval_percent(stream([True] * 50))
    # One second-long outage is one event: it shows loss, not a steady rate of it.
    assert interval.high_percent == 100.0 and 0.0 < interval.low_percent < 50.0
    assert interval.bursts == 1
    assert burst_aware_interval_percent([]) is None


@pytest.mark.parametrize(("mean_loss", "mean_burst"), [(0.01, 1), (0.03, 3), (0.05, 6), (0.03, 6)])
def test_interval_holds_the_true_mean_of_a_gilbert_elliott_line(mean_loss, mean_burst):
    rng = random.Random(f"{mean_loss}-{mean_burst}")
    runs = 300
    held = 0
    for _ in range(runs):
        interval = burst_aware_interval_percent(stream(gilbert_elliott(750, mean_loss, mean_burst, rng)))
        held += interval.low_percent <= 100 * mean_loss <= interval.high_percent
    assert held / runs >= 0.92


def test_independent_loss_interval_fails_on_bursty_lines():
    # The defect issue 22 measured: Wilson from the packets sent holds bursty 3 % far less than 95 %.
    rng = random.Random(7)
    held = sum(
        lo <= 3.0 <= hi
        for lo, hi in (wilson_interval_percent(sum(f), len(f)) for f in (gilbert_elliott(750, 0.03, 6, rng) for _ in range(300)))
    )
    assert held / 300 < 0.8


def test_t_quantile_matches_the_table_and_tends_to_normal():
    assert t_quantile_95(1) == pytest.approx(12.706)
    assert t_quantile_95(11) == pytest.approx(2.201, abs=0.003)
    assert t_quantile_95(30) == pytest.approx(2.042, abs=0.003)
    assert t_quantile_95(10_000) == pytest.approx(1.96, abs=0.001)


def test_rfc3611_separates_bursts_from_isolated_gap_losses():
    flags = [False] * 200
    flags[20] = True  # isolated: a gap loss
    for i in (100, 101, 103, 104):  # a burst of 5 packets, 4 lost
        flags[i] = True
    figures = rfc3611_burst_gap(stream(flags))
    assert figures.burst_density_percent == pytest.approx(80.0)
    assert figures.gap_density_percent == pytest.approx(100 * 1 / 195)
    assert figures.burst_duration_ms == pytest.approx(100.0)  # 5 packets of 20 ms
    assert figures.mean_loss_run_packets == pytest.approx(5 / 3)  # runs 1, 2, 2


def test_rfc3611_figures_of_a_clean_stream_are_zero():
    figures = rfc3611_burst_gap(stream([False] * 100))
    assert (figures.burst_density_percent, figures.gap_density_percent, figures.burst_duration_ms) == (0.0, 0.0, 0.0)
    assert figures.gap_duration_ms == pytest.approx(2000.0)
    assert rfc3611_burst_gap([]) is None


def test_gmin_joins_losses_closer_than_16_received_packets():
    flags = [False] * 100
    flags[10] = flags[25] = True  # 14 received between: one burst
    flags[60] = flags[80] = True  # 19 received between: two isolated gap losses
    figures = rfc3611_burst_gap(stream(flags))
    assert figures.burst_duration_ms == pytest.approx(16 * 20.0)
    assert figures.burst_density_percent == pytest.approx(100 * 2 / 16)
    assert figures.gap_density_percent == pytest.approx(100 * 2 / 84)


# ---------------------------------------------------------------- the check that cannot settle says why

def _loss_check(**values):
    from rigcheck.profile import load_profile
    from rigcheck.scoring import score
    from tests.core.snapshots import ANSWERS_OK, result, snapshot

    merged = {**snapshot().results["network"].values, **values}
    report = score(snapshot(network=result("network", merged)), load_profile("generic-voice"), ANSWERS_OK)
    return {check.id: check for check in report.checks}["network.max_packet_loss_percent"], report


def test_a_clean_but_short_test_is_not_settled_and_says_bursts_cannot_be_ruled_out():
    clean = burst_aware_interval_percent(stream([False] * 1000))
    check, report = _loss_check(packet_loss_percent=0.0, voice_packets_sent=1000, mean_loss_run_packets=0.0,
                                packet_loss_ci95_percent=[clean.low_percent, round(clean.high_percent, 2)])
    assert check.status == "unknown" and report.verdict == "incomplete"
    assert check.says.code == "threshold.unsettled.no_loss_short_test"
    message, fix = words.check_message(check), words.check_fix(check)
    assert "No call packet was lost" in message and "bursts" in message
    assert fix is not None and "rigcheck watch" in fix


def test_bursty_loss_that_cannot_settle_says_the_losses_came_in_bursts():
    check, _ = _loss_check(packet_loss_percent=0.8, voice_packets_sent=1000, mean_loss_run_packets=4.0,
                           packet_loss_ci95_percent=[0.1, 5.2])
    assert check.status == "unknown"
    assert check.says.code == "threshold.unsettled.loss_in_bursts"
    assert "losses came in bursts" in words.check_message(check) and "rigcheck watch" in words.check_message(check)

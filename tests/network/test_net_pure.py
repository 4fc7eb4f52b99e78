"""Unit tests of the pure pieces: E-model, RFC 3550 jitter, loss statistics, STUN codec, stability."""

from __future__ import annotations

import struct

import pytest

from rigcheck.netmeasure import emodel
from rigcheck.netmeasure.librespeed import normalize_base_url, parse_ip_info
from rigcheck.netmeasure.stability import StabilityRules, ThroughputEstimator
from rigcheck.netmeasure.stun import (
    MAGIC_COOKIE,
    decode_binding_response,
    encode_binding_request,
    parse_host_port,
)
from rigcheck.netmeasure.backend import looks_like_html
from rigcheck.netmeasure.voice_stats import (
    VoiceSample,
    burst_loss_max,
    burst_ratio,
    loss_runs,
    packet_loss_percent,
    rfc3550_jitter_ms,
    summarize,
)

# ---------------------------------------------------------------- E-model


def test_default_parameters_give_the_r_value_g107_states():
    # G.107 section 7.7: with all default values R = 93.2.
    assert emodel.r_factor(emodel.EModelInput()) == pytest.approx(93.2, abs=0.05)


def test_mos_mapping_matches_g107_annex_b_points():
    assert emodel.mos_from_r(-5) == 1.0
    assert emodel.mos_from_r(0) == 1.0
    assert emodel.mos_from_r(100) == pytest.approx(4.5)
    assert emodel.mos_from_r(120) == 4.5
    # Annex B formula at R = 50 by hand: 1 + 1.75 + 50 * -10 * 50 * 7e-6 = 2.575
    assert emodel.mos_from_r(50) == pytest.approx(2.575)
    # G.107 Table B.1: R 80 is the "satisfied" boundary with MOS about 4.0.
    assert emodel.mos_from_r(80) == pytest.approx(4.02, abs=0.01)


def test_effective_equipment_impairment_follows_equation_7_29():
    # G.711 with PLC (Ie 0, Bpl 25.1), 2 % random loss: 95 * 2 / (2 + 25.1)
    assert emodel.effective_equipment_impairment(0, 2, 25.1, 1) == pytest.approx(95 * 2 / 27.1)
    # Bursty loss hurts more than random loss at the same rate.
    assert emodel.effective_equipment_impairment(0, 2, 25.1, 2) > emodel.effective_equipment_impairment(0, 2, 25.1, 1)


def test_delay_below_mt_leaves_only_echo_impairments():
    fast = emodel.r_factor(emodel.EModelInput(50, 50, 100))
    slow = emodel.r_factor(emodel.EModelInput(300, 300, 600))
    assert 90 < fast < 93.2
    # Idd at Ta = 300 ms by hand: X = log2(3) = 1.585, (1 + X^6)^(1/6) = 1.601,
    # 3 (1 + (X/3)^6)^(1/6) = 3.011, so Idd = 25 (1.601 - 3.011 + 2) = 14.76.
    # Talker and listener echo grow with delay too, so R falls by more than Idd.
    assert fast - slow > 14.7
    assert fast - slow < 14.76 + 10


def test_mos_falls_as_loss_latency_and_jitter_grow():
    base = emodel.mos_from_measurement(20, 2, 0)
    assert base > 4.3
    assert emodel.mos_from_measurement(20, 2, 1) < base
    assert emodel.mos_from_measurement(20, 2, 5) < emodel.mos_from_measurement(20, 2, 1)
    assert emodel.mos_from_measurement(400, 2, 0) < base
    assert emodel.mos_from_measurement(20, 60, 0) < base
    assert emodel.mos_from_measurement(20, 2, 100) == pytest.approx(1.0, abs=0.6)


# ---------------------------------------------------------------- voice statistics


def _stream(rtts_ms, interval_s=0.02):
    """Samples sent every interval with the given round trips (None = lost)."""
    samples = []
    for seq, rtt in enumerate(rtts_ms):
        sent = seq * interval_s
        samples.append(VoiceSample(seq, sent, None if rtt is None else sent + rtt / 1000))
    return samples


def test_jitter_is_zero_for_constant_transit():
    assert rfc3550_jitter_ms(_stream([30.0] * 50)) == pytest.approx(0.0, abs=1e-9)


def test_jitter_follows_the_rfc3550_recursion():
    rtts = [30, 34, 30, 36, 31]
    expected = 0.0
    for previous, current in zip(rtts, rtts[1:]):
        expected += (abs(current - previous) - expected) / 16
    assert rfc3550_jitter_ms(_stream(rtts)) == pytest.approx(expected)


def test_jitter_converges_to_mean_absolute_transit_change():
    # Alternating 30/40 ms: |D| = 10 ms every time, so J tends to 10 ms.
    assert rfc3550_jitter_ms(_stream([30, 40] * 200)) == pytest.approx(10.0, abs=0.01)


def test_jitter_uses_arrival_order_and_skips_lost_packets():
    # Packet 1 is overtaken by packet 2 (sent 20 ms later, 40 ms faster).
    samples = [VoiceSample(0, 0.0, 0.050), VoiceSample(1, 0.020, 0.120), VoiceSample(2, 0.040, 0.070), VoiceSample(3, 0.06, None)]
    # Arrival order 0, 2, 1: transits 50, 30, 100 -> |D| = 20, then 70.
    j = 20 / 16
    j += (70 - j) / 16
    assert rfc3550_jitter_ms(samples) == pytest.approx(j)
    assert rfc3550_jitter_ms(samples[:1]) is None


def test_loss_and_burst_statistics():
    samples = _stream([10, None, 10, None, None, None, 10, 10, None, 10])
    assert loss_runs(samples) == [1, 3, 1]
    assert burst_loss_max(samples) == 3
    assert packet_loss_percent(samples) == pytest.approx(50.0)
    assert burst_loss_max(_stream([10] * 5)) == 0
    assert packet_loss_percent([]) is None


def test_burst_ratio_is_one_for_isolated_losses_and_larger_for_bursts():
    isolated = _stream(([10] * 9 + [None]) * 10)
    bursty = _stream(([10] * 45 + [None] * 5) * 2)
    assert burst_ratio(isolated) == pytest.approx(1.0)
    # 10 % loss in runs of 5: observed mean run 5, random expectation 1 / 0.9.
    assert burst_ratio(bursty) == pytest.approx(5 * 0.9)
    assert burst_ratio(_stream([10] * 10)) == 1.0


def test_summary_combines_every_metric():
    summary = summarize(_stream([20, 22, None, 20, 24]))
    assert summary.sent == 5 and summary.received == 4
    assert summary.median_rtt_ms == pytest.approx(21.0)
    assert summary.packet_loss_percent == pytest.approx(20.0)
    assert summary.burst_loss_max == 1


# ---------------------------------------------------------------- STUN codec


def test_binding_request_has_rfc5389_header():
    tid = bytes(range(12))
    packet = encode_binding_request(tid)
    assert len(packet) == 20
    message_type, length, cookie = struct.unpack("!HHI", packet[:8])
    assert (message_type, length, cookie) == (0x0001, 0, MAGIC_COOKIE)
    assert packet[8:] == tid
    with pytest.raises(ValueError):
        encode_binding_request(b"short")


def _response(tid: bytes, message_type: int = 0x0101, cookie: int = MAGIC_COOKIE, attributes: bytes = b"") -> bytes:
    return struct.pack("!HHI12s", message_type, len(attributes), cookie, tid) + attributes


def test_decode_accepts_success_with_xor_mapped_address():
    tid = b"abcdefghijkl"
    xor_mapped = struct.pack("!HHBBH4s", 0x0020, 8, 0, 1, 1234 ^ (MAGIC_COOKIE >> 16), bytes(4))
    assert decode_binding_response(_response(tid, attributes=xor_mapped)) == tid
    assert decode_binding_response(_response(tid, message_type=0x0111)) == tid


@pytest.mark.parametrize(
    "datagram",
    [
        b"",
        b"\x01\x01\x00\x00",
        _response(b"abcdefghijkl", cookie=0x12345678),  # wrong magic cookie (RFC 3489 server)
        _response(b"abcdefghijkl", message_type=0x0001),  # a request, not a response
        _response(b"abcdefghijkl", message_type=0x4101),  # top bits set: not STUN (e.g. RTP)
        struct.pack("!HHI12s", 0x0101, 8, MAGIC_COOKIE, b"abcdefghijkl"),  # length past the end
        struct.pack("!HHI12s", 0x0101, 3, MAGIC_COOKIE, b"abcdefghijkl") + b"xyz",  # length not a multiple of 4
    ],
)
def test_decode_rejects_what_is_not_a_binding_response(datagram):
    assert decode_binding_response(datagram) is None


def test_parse_host_port_forms():
    assert parse_host_port("stun.example.com:19302") == ("stun.example.com", 19302)
    assert parse_host_port("stun.example.com") == ("stun.example.com", 3478)
    assert parse_host_port("stun:stun.example.com:3479") == ("stun.example.com", 3479)
    assert parse_host_port("[2001:db8::1]:3478") == ("2001:db8::1", 3478)


# ---------------------------------------------------------------- stable estimate


def _feed(estimator, rate_bytes_per_s, until_s, start_s=0.0, step_s=0.05, start_bytes=0):
    total = start_bytes
    t = start_s
    while t < until_s - 1e-9:
        t += step_s
        rate = rate_bytes_per_s(t) if callable(rate_bytes_per_s) else rate_bytes_per_s
        total += rate * step_s
        estimator.add(t, int(total))
    return total


def test_ramp_up_is_discarded():
    estimator = ThroughputEstimator()
    # Slow start: the rate doubles every 0.25 s until it reaches 10 MB/s, then stays.
    def rate(t):
        return min(10e6, 0.5e6 * 2 ** (t / 0.25))

    _feed(estimator, rate, 4.0)
    assert estimator.ramp_end_s is not None and estimator.ramp_end_s >= 1.0
    assert estimator.estimate_bps() == pytest.approx(80e6, rel=0.01)
    # Counting the ramp would have read far lower.
    assert estimator.fallback_bps() < 0.9 * 80e6


def test_stable_rate_stops_early_but_not_before_the_minimum():
    estimator = ThroughputEstimator()
    _feed(estimator, 5e6, 1.0)
    assert not estimator.is_stable()
    _feed(estimator, 5e6, 3.0, start_s=1.0, start_bytes=5e6)
    assert estimator.is_stable()


def test_drifting_rate_is_not_called_stable():
    estimator = ThroughputEstimator(StabilityRules())
    # A rate that keeps climbing 8 % per second after the ramp never settles into a 3 % band.
    _feed(estimator, lambda t: 5e6 * (1 + 0.3 * t) if t > 0.6 else 5e6, 4.0)
    assert estimator.ramp_end_s is not None
    assert not estimator.is_stable()


def test_nothing_is_estimated_before_any_data():
    estimator = ThroughputEstimator()
    assert estimator.estimate_bps() is None and estimator.fallback_bps() is None and not estimator.is_stable()


# ---------------------------------------------------------------- LibreSpeed helpers


def test_ip_info_keeps_isp_and_country_and_drops_the_address():
    body = b'{"processedString": "203.0.113.7 - Example Fiber, NL (12 km)", "rawIspInfo": {"ip": "203.0.113.7", "org": "AS64496 Example Fiber", "country": "NL"}}'
    assert parse_ip_info(body) == ("Example Fiber", "NL")


def test_ip_info_from_processed_string_only():
    assert parse_ip_info(b'{"processedString": "203.0.113.7 - Example Cable, US", "rawIspInfo": ""}') == ("Example Cable", "US")
    assert parse_ip_info(b"203.0.113.7") == (None, None)


def test_base_url_normalization():
    assert normalize_base_url("https://speed.example/backend") == "https://speed.example/backend/"
    assert normalize_base_url("https://speed.example/backend/empty.php") == "https://speed.example/backend/"
    assert normalize_base_url("speed.example") == "https://speed.example/"


def test_html_detection():
    assert looks_like_html("text/html; charset=utf-8", b"<!DOCTYPE html><html><body>Sign in</body></html>")
    assert looks_like_html("text/html", b"\n  <head><title>Portal</title></head>")
    # LibreSpeed's own empty.php: an empty body labelled text/html is a healthy answer, not a portal.
    assert not looks_like_html("text/html; charset=UTF-8", b"")
    assert looks_like_html("application/octet-stream", b"  <!DOCTYPE html><html>")
    assert not looks_like_html("application/octet-stream", bytes(range(64)))


def test_speedtest_errors_are_named_in_plain_words_with_their_cause():
    from rigcheck.netmeasure.backend import Cause
    from rigcheck.netmeasure.speedtest_net import _cause, _describe

    for resolver_error in ("[Errno -2] Name or service not known", "[Errno -3] Temporary failure in name resolution"):
        assert "could not be looked up (DNS failure)" in _describe(OSError(resolver_error))
        assert _cause(OSError(resolver_error)) is Cause.DNS
    assert "refused the request (HTTP 403)" in _describe(RuntimeError("HTTP Error 403: Forbidden"))
    assert _cause(RuntimeError("HTTP Error 403: Forbidden")) is Cause.REFUSED
    assert _cause(OSError("<urlopen error [Errno 101] Network is unreachable>")) is Cause.NO_INTERNET
    # No Python exception names in what a person reads.
    assert "ValueError" not in _describe(ValueError("odd")) and "odd" in _describe(ValueError("odd"))

def test_wilson_interval_is_honest_at_zero_and_brackets_the_rate():
    from rigcheck.netmeasure.voice_stats import interval_settles, wilson_interval_percent

    assert wilson_interval_percent(0, 0) is None
    low, high = wilson_interval_percent(0, 125)
    assert low == 0.0 and high == pytest.approx(2.98, abs=0.02)  # 125 packets cannot rule out 1 %
    low, high = wilson_interval_percent(4, 125)  # 3.2 % observed
    assert low == pytest.approx(1.25, abs=0.05) and high == pytest.approx(7.9, abs=0.1)
    assert not interval_settles(wilson_interval_percent(0, 125), 1.0)
    assert interval_settles(wilson_interval_percent(0, 400), 1.0)
    assert interval_settles(wilson_interval_percent(40, 400), 1.0)  # clearly above
    assert interval_settles(None, None) and not interval_settles(None, 1.0)


def test_jitter_interval_narrows_with_more_packets():
    from rigcheck.netmeasure.voice_stats import jitter_interval_ms

    def stream(count):
        # transit alternates 20 ms / 30 ms: every change is 10 ms
        return [VoiceSample(i, i * 0.02, i * 0.02 + (0.020 if i % 2 else 0.030)) for i in range(count)]

    assert jitter_interval_ms(stream(2)) is None
    narrow = jitter_interval_ms(stream(400))
    assert narrow[0] == pytest.approx(10.0, abs=0.1) and narrow[1] == pytest.approx(10.0, abs=0.1)

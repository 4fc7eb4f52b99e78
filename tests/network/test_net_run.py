"""The measurement timeline with fake backends and a loopback STUN responder (no root, no lab)."""

from __future__ import annotations

import socket
import struct
import threading
import time

import pytest

from rigcheck.netmeasure import run as run_module
from rigcheck.netmeasure.backend import BackendError, BackendInfo, Cause, MeasurementCancelled, TransferResult
from rigcheck.netmeasure.run import SETTLE_MARGIN, NetworkPlan, NetworkTestFailed, run_network_test
from rigcheck.netmeasure.stun import MAGIC_COOKIE, StunStream
from rigcheck.netmeasure.voice_stats import summarize
from rigcheck.probes.network import DEFAULT_STUN_SERVERS, build_plan


class FakeBackend:
    """A backend whose every step is scripted; transfers honour the stop condition like real ones."""

    def __init__(self, name="fake", prepare_error=None, download_error=None, upload_error=None,
                 mbps=50.0, transfer_s=0.2, ping_ms=12.0, cause=Cause.REFUSED):
        self.name = name
        self.cause = cause
        self.prepare_error, self.download_error, self.upload_error = prepare_error, download_error, upload_error
        self.mbps, self.transfer_s, self.ping_s = mbps, transfer_s, ping_ms / 1000
        self.closed = False

    def prepare(self, timeout_s):
        if self.prepare_error:
            raise BackendError(self.prepare_error, self.cause)
        return BackendInfo(country="CA", isp="Fake ISP")

    def ping_ms(self, timeout_s):
        sent = time.perf_counter()
        time.sleep(self.ping_s)
        return sent, time.perf_counter()

    def _transfer(self, control, error):
        started = time.perf_counter()
        while time.perf_counter() - started < self.transfer_s:
            if control.should_stop():
                raise MeasurementCancelled("stopped")
            if control.on_progress:
                control.on_progress(0.5, self.mbps)
            time.sleep(0.01)
        if error:
            raise BackendError(error, self.cause)
        return TransferResult(self.mbps, int(self.mbps * 1e6 / 8 * self.transfer_s), self.transfer_s, True)

    def download(self, control):
        return self._transfer(control, self.download_error)

    def upload(self, control):
        return self._transfer(control, self.upload_error)

    def close(self):
        self.closed = True


def plan_with(*backends, stun=(), **overrides):
    plan = NetworkPlan(backends=list(backends), stun_servers=list(stun), voice_idle_s=0.3, tcp_ping_count=8)
    for key, value in overrides.items():
        setattr(plan, key, value)
    return plan


def test_first_backend_that_prepares_serves_and_the_others_say_why_not():
    values = run_network_test(plan_with(FakeBackend("first", prepare_error="connection refused"), FakeBackend("second")))
    assert values["backend"] == "second"
    assert values["backend_failures"] == [{"backend": "first", "reason": "connection refused", "cause": "refused"}]
    # The employer's server was down and the next one served: said once, as the diagnosis.
    assert values["diagnosis"][0] == "fallback"
    assert (values["isp"], values["country"]) == ("Fake ISP", "CA")
    assert values["download_mbps"] == 50.0 and values["upload_mbps"] == 50.0


def test_download_failure_falls_through_to_the_next_backend():
    values = run_network_test(plan_with(FakeBackend("a", download_error="HTTP 500"), FakeBackend("b", mbps=20)))
    assert values["backend"] == "b" and values["download_mbps"] == 20
    assert values["backend_failures"][0] == {"backend": "a", "reason": "HTTP 500", "cause": "refused"}


def test_without_udp_latency_comes_from_tcp_and_loss_stays_unknown():
    notes: list[str] = []
    values = run_network_test(plan_with(FakeBackend(ping_ms=15)), note=notes.append)
    assert values["voice_path"] == "tcp"
    assert values["latency_ms"] == pytest.approx(15, abs=5)
    assert "packet_loss_percent" not in values and "mos" not in values
    assert any("loss" in note for note in notes) and "notes" not in values
    assert values["diagnosis"] == ["udp_blocked"]


def test_upload_failure_keeps_the_download_as_a_partial_result():
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(FakeBackend(upload_error="stalled")))
    assert "upload" in str(caught.value) and "stalled" in str(caught.value)
    assert caught.value.values["download_mbps"] == 50.0
    assert "partial" not in caught.value.values  # the probe's result says partial, as a field


def test_every_backend_failing_is_an_error_naming_each_reason():
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(FakeBackend("a", prepare_error="DNS failure"), FakeBackend("b", prepare_error="HTTP 403")))
    assert "a: DNS failure" in str(caught.value) and "b: HTTP 403" in str(caught.value)


@pytest.mark.parametrize(
    ("causes", "route", "expected"),
    [
        ((Cause.DNS, Cause.DNS), False, "no_internet"),  # offline machines fail name lookups first
        ((Cause.DNS, Cause.DNS), True, "dns"),
        ((Cause.NO_INTERNET, Cause.DNS), True, "no_internet"),
        ((Cause.REFUSED, Cause.PORTAL), True, "portal"),
        ((Cause.STALLED, Cause.REFUSED), True, "stalled"),  # the employer's server, tried first
    ],
)
def test_a_failed_test_names_one_cause(monkeypatch, causes, route, expected):
    monkeypatch.setattr(run_module, "has_route_to_internet", lambda: route)
    backends = [FakeBackend(f"b{i}", prepare_error="failed", cause=cause) for i, cause in enumerate(causes)]
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(*backends))
    assert caught.value.values["diagnosis"] == [expected]


def test_a_cancelled_test_has_no_diagnosis():
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(FakeBackend(transfer_s=30)), is_cancelled=cancel.is_set)
    assert "diagnosis" not in caught.value.values


def test_cancel_stops_the_test_promptly_with_what_was_measured():
    cancel = threading.Event()
    threading.Timer(0.8, cancel.set).start()
    started = time.perf_counter()
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(FakeBackend(transfer_s=30)), is_cancelled=cancel.is_set)
    assert time.perf_counter() - started < 1.5
    assert "stopped by the user" in str(caught.value)
    assert "latency_ms" in caught.value.values


def test_time_limit_is_a_hard_cap():
    started = time.perf_counter()
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan_with(FakeBackend(transfer_s=30), time_limit_s=2.0))
    assert time.perf_counter() - started < 2.2
    assert "time limit of 2 s" in str(caught.value)


def test_progress_is_monotonic_and_carries_mbps():
    events = []
    run_network_test(plan_with(FakeBackend()), progress=lambda phase, fraction=None, **d: events.append((phase, fraction, d)))
    fractions = [f for _, f, _ in events if f is not None]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(d.get("mbps") == 50.0 for phase, _, d in events if phase == "download")


def test_probe_options_build_the_plan_without_touching_the_network():
    plan = build_plan({"server": "https://speed.example/backend/", "stun_servers": ["stun.example:3478"]})
    assert [b.name for b in plan.backends] == ["librespeed", "speedtest.net"]
    assert plan.stun_servers == ["stun.example:3478"]
    default = build_plan({"server": None, "stun_servers": []})
    assert [b.name for b in default.backends] == ["speedtest.net"]
    assert default.stun_servers == list(DEFAULT_STUN_SERVERS)
    assert build_plan({"stun_servers": "a:1, b:2"}).stun_servers == ["a:1", "b:2"]


# ---------------------------------------------------------------- STUN over loopback


class LoopbackStunServer:
    """Answers Binding requests on 127.0.0.1, ignoring every `drop_every`-th one."""

    def __init__(self, drop_every: int = 0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.address = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.drop_every = drop_every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        count = 0
        while not self._stop.is_set():
            try:
                data, peer = self.sock.recvfrom(1500)
            except socket.timeout:
                continue
            count += 1
            if self.drop_every and count % self.drop_every == 0:
                continue
            message_type, _, cookie, tid = struct.unpack("!HHI12s", data[:20])
            if message_type == 0x0001 and cookie == MAGIC_COOKIE:
                # XOR-MAPPED-ADDRESS with a dummy value: the client must skip over attributes.
                attribute = struct.pack("!HHBBH4s", 0x0020, 8, 0, 1, 0, bytes(4))
                self.sock.sendto(struct.pack("!HHI12s", 0x0101, len(attribute), MAGIC_COOKIE, tid) + attribute, peer)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(1)
        self.sock.close()


def test_stun_stream_sends_fifty_per_second_and_matches_answers():
    with LoopbackStunServer(drop_every=10) as server:
        stream = StunStream.open(server.address)
        with stream:
            time.sleep(2.0)
            stream.set_phase("done")
            time.sleep(0.3)
        summary = summarize(stream.samples("idle", late_after_s=0.2))
    assert 95 <= summary.sent <= 103  # 50 per second for 2 s
    assert summary.packet_loss_percent == pytest.approx(10.0, abs=1.5)
    assert summary.burst_loss_max == 1
    assert summary.median_rtt_ms < 5


def test_voice_path_through_the_whole_test_on_loopback():
    with LoopbackStunServer() as server:
        notes: list[str] = []
        values = run_network_test(plan_with(FakeBackend(), stun=["127.0.0.1:9", server.address], udp_wait_s=0.3),
                                  note=notes.append)
    assert values["voice_path"] == "udp"
    assert values["packet_loss_percent"] == 0.0 and values["burst_loss_max"] == 0
    assert values["mos"] > 4.3
    # The first server never answered and the note says so; the second one served.
    assert any("127.0.0.1:9" in note for note in notes)


def test_voice_stream_goes_on_until_no_loss_is_told_from_the_limit():
    # 0 lost of 15 idle packets cannot rule out 3 % loss; with bursts of 3 packets plausible about 620
    # packets can (the burst-aware upper bound falls below 3 %). A base cap of 4 s is extended for it
    # (the voice path's cap follows the loss limit), and the stream stops as soon as it settles.
    events = []
    with LoopbackStunServer() as server:
        started = time.perf_counter()
        values = run_network_test(
            plan_with(FakeBackend(), stun=[server.address], loss_limit_percent=3.0, time_limit_s=4.0),
            progress=lambda phase, fraction=None, **d: events.append((phase, fraction, d.get("remaining_s"))),
        )
        elapsed_s = time.perf_counter() - started
    assert 12.0 < elapsed_s < 4.0 + 622 * SETTLE_MARGIN * 0.02 + 2.0
    # The applicant sees it listening, the bar moving on, not a bar stuck at the end of the upload.
    settling = [fraction for phase, fraction, _ in events if phase == "settle"]
    assert len(settling) > 10 and settling == sorted(settling)
    # What is left to wait, for an ETA: the extended cap counts down (from past the base 4 s).
    remaining = [left for phase, _, left in events if phase == "settle"]
    assert remaining == sorted(remaining, reverse=True) and remaining[0] > 8.0
    # The bar moves through the settle span (0.9-0.99 of the whole), not stuck at its end.
    assert settling[0] < 0.92 and 0.95 < settling[-1] < 0.99
    assert values["packet_loss_percent"] == 0.0
    low, high = values["packet_loss_ci95_percent"]
    assert low == 0.0 and high <= 3.0
    assert values["voice_packets_sent"] >= 600
    assert values["loss_design_effect"] == 5.0 and values["burst_density_percent"] == 0.0


def test_loss_that_cannot_be_settled_in_time_keeps_its_interval_across_the_limit():
    # 2 % loss against a 2 % limit never settles; the cap ends the stream and the interval says so.
    with LoopbackStunServer(drop_every=50) as server:
        values = run_network_test(
            plan_with(FakeBackend(), stun=[server.address], loss_limit_percent=2.0, time_limit_s=4.0,
                      max_time_limit_s=4.0)  # no extension: the base cap is what is tested
        )
    low, high = values["packet_loss_ci95_percent"]
    assert low < 2.0 < high
    assert values["voice_packets_sent"] >= 80  # 4 s at 50 per second, less the last second still undecided


def test_without_limits_the_voice_stream_is_not_extended():
    with LoopbackStunServer() as server:
        started = time.perf_counter()
        values = run_network_test(plan_with(FakeBackend(), stun=[server.address]))
    assert time.perf_counter() - started < 3.0
    assert values["voice_packets_sent"] < 60


def test_loss_is_not_understated_by_the_requests_still_in_flight():
    # Answered requests of the last second must not count while their unanswered neighbours are
    # still undecided: with every other request dropped, the loss reads about 50 %, not less.
    with LoopbackStunServer(drop_every=2) as server:
        stream = StunStream.open(server.address)
        with stream:
            time.sleep(1.6)
            summary = summarize(stream.samples("idle", late_after_s=1.0))
    assert 25 <= summary.sent <= 35  # only the first 0.6 s are decided
    assert summary.packet_loss_percent == pytest.approx(50.0, abs=8)


def test_progress_carries_the_live_round_trip_idle_and_under_load():
    events = []
    with LoopbackStunServer() as server:
        run_network_test(plan_with(FakeBackend(transfer_s=1.5), stun=[server.address], voice_idle_s=1.5),
                         progress=lambda phase, fraction=None, **d: events.append((phase, d)))
    for phase in ("voice", "download"):
        figures = [d["latency_ms"] for p, d in events if p == phase and d.get("latency_ms") is not None]
        assert figures and all(0 < figure < 50 for figure in figures), phase

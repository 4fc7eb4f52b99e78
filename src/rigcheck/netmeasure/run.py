"""The whole network measurement: voice path, throughput backends in fallback order, loaded latency.

Timeline (default 30 s hard cap, extended for the voice path up to MAX_TIME_LIMIT_S, see step 4):
  1. STUN stream starts (50 requests/s) while the first working backend is prepared in parallel;
     the first `voice_idle_s` seconds of answers are the idle voice path.
  2. Download; the STUN stream keeps running and its round trips after the ramp-up are the latency
     under load.
  3. Upload.
  4. If the idle voice figures are too close to the profile's limits to call (their 95 % intervals
     straddle `loss_limit_percent` or `jitter_limit_ms`), the stream goes on idle until they
     settle or the time limit is reached. With a loss limit, that time limit is extended to what a
     loss-free line needs to settle below the limit (voice_stats.clean_packets_to_settle, plus
     SETTLE_MARGIN), never past MAX_TIME_LIMIT_S: a clean line passes 1 % and 0.5 % in one test.
If no STUN server answers at all, HTTP round trips to the backend stand in for latency and jitter
(voice_path "tcp") and packet loss stays unknown.

`diagnosis` names, most important first, what kept the test from a full measurement (the codes of
netmeasure.backend.Cause): the one explanation a report shows for every network check it affects.
"""

from __future__ import annotations

import math
import socket
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from rigcheck.facts.network import PROGRESS_AT_MOST_LEFT_S
from rigcheck.netmeasure import emodel
from rigcheck.netmeasure.backend import (
    BackendError,
    BackendInfo,
    Cause,
    MeasurementCancelled,
    ThroughputBackend,
    TransferControl,
    TransferResult,
)
from rigcheck.netmeasure.stun import StunError, StunStream
from rigcheck.netmeasure.voice_stats import (
    VoiceSample,
    burst_aware_interval_percent,
    clean_packets_to_settle,
    interval_settles,
    jitter_interval_ms,
    median_rtt_ms,
    rfc3550_jitter_ms,
    rfc3611_burst_gap,
    summarize,
)

DEFAULT_TIME_LIMIT_S = 30.0
# The ceiling of the extended voice path: a loss-free line settles below 0.5 % (strict-voice) after
# about 3,820 idle packets (76.5 s at 50/s, bench/RESULTS_network.md), and the throughput phases before
# it take 3-7 s on a working line; 90 s covers both with the margin. Stricter limits (0.4 % needs 96 s)
# stay "not settled" and say why rather than keep an applicant waiting longer.
MAX_TIME_LIMIT_S = 90.0
SETTLE_MARGIN = 1.1  # 10 % more idle packets than a loss-free line needs: late answers, scheduling
DRAIN_S = 0.5  # after the upload, before the voice stream counts as idle again
LIVE_LATENCY_SAMPLES = 50  # the last second of voice requests, for the figure shown while testing
PHASE_SPAN = {"voice": (0.0, 0.15), "download": (0.15, 0.55), "upload": (0.55, 0.9), "settle": (0.9, 0.99)}


class NetworkTestFailed(Exception):
    """The test could not finish; `values` keeps what was measured (then the result is partial)."""

    def __init__(self, message: str, values: dict[str, Any]):
        super().__init__(message)
        self.values = values


@dataclass
class NetworkPlan:
    """What to measure against and how long. Tests build it with lab servers only."""

    backends: list[ThroughputBackend]
    stun_servers: list[str]
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    # How far the voice path may extend time_limit_s to settle the loss against the limit.
    max_time_limit_s: float = MAX_TIME_LIMIT_S
    voice_idle_s: float = 2.5  # 125 requests at 50/s
    late_after_s: float = 1.0  # an answer later than this counts as lost, as in a jitter buffer
    udp_wait_s: float = 1.0  # no STUN answer within this long: try the next server
    request_timeout_s: float = 4.0
    stall_s: float = 3.0
    max_direction_s: float = 8.0
    tcp_ping_count: int = 25
    # The profile's limits: the idle voice stream goes on until its intervals settle against them.
    loss_limit_percent: float | None = None
    jitter_limit_ms: float | None = None


@dataclass
class _Progress:
    report: Callable[..., None]
    # When the test will have ended at the latest (perf_counter time); None: not known.
    latest_end: Callable[[], float | None] = lambda: None

    def __call__(self, phase: str, fraction: float | None, **detail: Any) -> None:
        low, high = PHASE_SPAN.get(phase, (1.0, 1.0))
        overall = None if fraction is None else round(low + (high - low) * max(0.0, min(fraction, 1.0)), 3)
        end = self.latest_end()
        if end is not None:
            detail[PROGRESS_AT_MOST_LEFT_S] = max(0, math.ceil(end - time.perf_counter()))
        self.report(phase, overall, **detail)


@dataclass
class _State:
    values: dict[str, Any] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    bytes_used: int = 0
    note: Callable[[str], None] = lambda text: None  # what else the test noticed, in words


def run_network_test(
    plan: NetworkPlan,
    is_cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[..., None] = lambda phase, fraction=None, **detail: None,
    note: Callable[[str], None] = lambda text: None,
) -> dict[str, Any]:
    """Measure and return the network facts; raise NetworkTestFailed (with partial values) on failure.

    `note` hears what else the test noticed (a STUN server that did not answer, the TCP fallback).
    """
    test = _NetworkTest(plan, is_cancelled, _Progress(progress), _State(note=note))
    try:
        test.measure()
    finally:
        test.close()
    return test.facts()


class _NetworkTest:
    """One run of the test: its phases, in order, share the plan, the deadline and what was measured."""

    def __init__(self, plan: NetworkPlan, is_cancelled: Callable[[], bool], report: _Progress, state: _State):
        self.plan = plan
        self.is_cancelled = is_cancelled
        self.report = report
        self.state = state
        self.started = time.perf_counter()
        self.deadline = self.started + plan.time_limit_s - 0.5
        # The latest the test can end: the deadline, or the ceiling it may be moved to for the voice path
        # until the idle sample tells how far (then _bound_the_end narrows it; _extend_for_voice fixes it).
        can_extend = plan.loss_limit_percent is not None
        self.latest_end = self._ceiling() if can_extend else self.deadline
        report.latest_end = lambda: self.latest_end
        self.backends = list(plan.backends)  # not yet prepared, in fallback order
        self.stream: _OpenStream | None = None
        self.tcp_idle: list[VoiceSample] = []  # HTTP round trips standing in for the voice path
        self.loaded_pinger: _LoadedPinger | None = None

    @property
    def voice(self) -> StunStream | None:
        return self.stream.stream if self.stream is not None else None

    def should_stop(self) -> bool:
        return self.is_cancelled() or time.perf_counter() >= self.deadline

    def measure(self) -> None:
        """Every phase, in order: the first failure raises NetworkTestFailed with what was measured."""
        self.report("voice", 0.0)
        prepared: dict[str, Any] = {}
        preparing = threading.Thread(target=_prepare_first, args=(self.backends, self.plan, self.should_stop, prepared, self.state),
                                     daemon=True, name="rigcheck-prepare")
        preparing.start()
        self.stream = _open_voice_stream(self.plan, self.state, self.should_stop, self.report)
        self._sample_idle_voice()
        self._bound_the_end()
        backend, info = self._wait_for_backend(preparing, prepared)
        backend, download = self._download(backend, info)
        self._upload(backend, download)
        backend.close()

    def _sample_idle_voice(self) -> None:
        """The idle voice path: sample until the idle window is over."""
        if self.stream is None:
            return
        stream_start = self.stream.started_at
        while time.perf_counter() < stream_start + self.plan.voice_idle_s and not self.should_stop():
            self.report("voice", (time.perf_counter() - stream_start) / self.plan.voice_idle_s,
                        latency_ms=_live_latency_ms(self.voice, "idle"))
            time.sleep(0.1)

    def _wait_for_backend(self, preparing: threading.Thread, prepared: dict[str, Any]) -> tuple[ThroughputBackend, BackendInfo | None]:
        """The first backend that prepared (and, without UDP, HTTP round trips to it for latency)."""
        while preparing.is_alive() and not self.should_stop():
            preparing.join(0.05)
        if self.should_stop():
            raise self._stopped(None, self._stopped_message("the latency test"))
        backend: ThroughputBackend | None = prepared.get("backend")
        if self.stream is None and backend is not None:
            self.tcp_idle = _tcp_pings(backend, self.plan, self.should_stop)
        if backend is None:
            raise self._stopped(None, f"no speed-test server could be used ({self._reasons() or 'no backend configured'})")
        return backend, prepared.get("info")

    def _download(self, backend: ThroughputBackend | None, info: BackendInfo | None) -> tuple[ThroughputBackend, TransferResult]:
        """Download from the first backend that serves, with latency under load sampled all along."""
        while backend is not None:
            _describe_backend(self.state, backend, info)
            try:
                download = self._download_from(backend)
            except BackendError as exc:
                self.state.failures.append(_failure(backend.name, exc))
                backend.close()
                if self.voice is not None:
                    self.voice.set_phase("discarded")
                backend, info = _prepare_next(self.backends, self.plan, self.should_stop, self.state)
                continue
            except MeasurementCancelled:
                raise self._stopped(None, self._stopped_message("the download test")) from None
            self.state.bytes_used += download.bytes
            self.state.values["download_mbps"] = round(download.mbps, 2)
            return backend, download
        raise self._stopped(None, f"download test failed ({self._reasons()})")

    def _download_from(self, backend: ThroughputBackend) -> TransferResult:
        voice = self.voice
        if voice is not None:
            voice.set_phase("download")
        else:
            self.loaded_pinger = _LoadedPinger(backend, self.plan)
            self.loaded_pinger.start()
        try:
            return backend.download(_control(self.plan, self.deadline, self.should_stop, self.report, "download", voice))
        finally:
            if self.loaded_pinger is not None:
                self.loaded_pinger.stop()

    def _upload(self, backend: ThroughputBackend, download: TransferResult) -> None:
        """Upload to the backend that served the download; then the voice path settles and is summed up."""
        voice = self.voice
        if voice is not None:
            voice.set_phase("upload")
        try:
            upload = backend.upload(_control(self.plan, self.deadline, self.should_stop, self.report, "upload", voice))
        except BackendError as exc:
            self.state.failures.append(_failure(backend.name, exc))
            self._extend_for_voice()
            _settle_voice(voice, self.plan, self.should_stop, self.report, self.deadline)
            raise self._stopped(download, f"upload test failed: {exc}") from None
        except MeasurementCancelled:
            raise self._stopped(download, self._stopped_message("the upload test")) from None
        self.state.bytes_used += upload.bytes
        self.state.values["upload_mbps"] = round(upload.mbps, 2)
        self._extend_for_voice()
        _settle_voice(voice, self.plan, self.should_stop, self.report, self.deadline)
        self._sum_up_voice(download)

    def _voice_needed_s(self) -> float | None:
        """Seconds of idle voice a loss-free line needs to settle below the loss limit; None: no extension."""
        voice = self.voice
        if voice is None or self.plan.loss_limit_percent is None:
            return None
        needed_s = voice_settle_s(self.plan.loss_limit_percent, voice.sent_count("idle"), voice.interval_s)
        return None if needed_s is None else DRAIN_S + needed_s + self.plan.late_after_s

    def _ceiling(self) -> float:
        return self.started + max(self.plan.time_limit_s, self.plan.max_time_limit_s) - 0.5

    def _bound_the_end(self) -> None:
        """After the idle sample: the extension can reach at most the base deadline plus what a loss-free
        line needs (the upload ends by the base deadline), below the ceiling."""
        needed_s = self._voice_needed_s()
        self.latest_end = self.deadline if needed_s is None else min(self._ceiling(), self.deadline + needed_s)

    def _extend_for_voice(self) -> None:
        """Move the deadline to when a loss-free line would have settled below the loss limit."""
        needed_s = self._voice_needed_s()
        if needed_s is not None:  # None: no count of clean packets settles (a limit of 0): the base cap stands
            # Never past the end already announced ("at most N s left"): an upload that overran the base
            # deadline by a moment shortens the voice stream by as much instead.
            self.deadline = max(self.deadline, min(time.perf_counter() + needed_s, self._ceiling(), self.latest_end))
        self.latest_end = self.deadline

    def _sum_up_voice(self, download: TransferResult | None) -> None:
        _finish_voice(self.voice, self.plan, self.state, download, self.tcp_idle, self.loaded_pinger, cancelled=self.should_stop)

    def _reasons(self) -> str:
        return "; ".join(f"{failure['backend']}: {failure['reason']}" for failure in self.state.failures)

    def _stopped_message(self, during: str) -> str:
        if self.is_cancelled():
            return f"stopped by the user during {during}"
        return f"time limit of {self.plan.time_limit_s:g} s reached during {during}"

    def _stopped(self, download: TransferResult | None, message: str) -> NetworkTestFailed:
        """The test ends early: the voice figures so far, and everything measured, go with the failure."""
        self._sum_up_voice(download)
        state = self.state
        if state.bytes_used:
            state.values["bytes_used"] = state.bytes_used
        if state.failures:
            state.values["backend_failures"] = list(state.failures)
        if not self.is_cancelled():
            state.values["diagnosis"] = _diagnosis(state, served=False)
        return NetworkTestFailed(message, state.values)

    def close(self) -> None:
        """Stop the voice stream and close the backends never used; closing must not hide the result."""
        if self.stream is not None:
            self.stream.stream.stop()
        for candidate in self.backends:
            try:
                candidate.close()
            except Exception:  # noqa: BLE001 - closing must not hide the result
                pass

    def facts(self) -> dict[str, Any]:
        """The facts of a test that went through: figures, then data used, failures and the diagnosis."""
        state = self.state
        state.values["bytes_used"] = state.bytes_used
        if state.failures:
            state.values["backend_failures"] = list(state.failures)
        diagnosis = _diagnosis(state, served=True)
        if diagnosis:
            state.values["diagnosis"] = diagnosis
        self.report("done", 1.0)
        return state.values


def _failure(backend: str, exc: BackendError) -> dict[str, str]:
    return {"backend": backend, "reason": str(exc), "cause": str(exc.cause)}


def has_route_to_internet() -> bool:
    """Whether this machine has a route to a public address (connect() on UDP sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): routed by a default route only
        return True
    except OSError:
        return False


def _diagnosis(state: _State, served: bool) -> list[str]:
    """What kept the test from a full measurement, most important first (Cause codes)."""
    causes = [Cause(failure.get("cause", Cause.BROKEN)) for failure in state.failures]
    codes: list[Cause] = []
    if not served:
        if causes and all(cause in (Cause.DNS, Cause.NO_INTERNET) for cause in causes):
            offline = Cause.NO_INTERNET in causes or not has_route_to_internet()
            codes.append(Cause.NO_INTERNET if offline else Cause.DNS)
        elif Cause.PORTAL in causes:
            codes.append(Cause.PORTAL)
        else:
            codes.append(causes[0] if causes else Cause.BROKEN)
    elif causes:
        codes.append(Cause.FALLBACK)
    voice_path = state.values.get("voice_path")
    if voice_path == "tcp" or (voice_path is None and served):
        codes.append(Cause.UDP_BLOCKED)
    return [str(code) for code in codes]


@dataclass
class _OpenStream:
    stream: StunStream
    server: str
    started_at: float


def _open_voice_stream(plan: NetworkPlan, state: _State, should_stop, report) -> _OpenStream | None:
    """The first STUN server that answers within udp_wait_s, streaming; None if none answers."""
    for server in plan.stun_servers:
        if should_stop():
            return None
        try:
            stream = StunStream.open(server)
        except (StunError, ValueError) as exc:
            state.note(f"STUN server {server}: {exc}")
            continue
        started = time.perf_counter()
        stream.start()
        while time.perf_counter() - started < plan.udp_wait_s and not should_stop():
            if stream.answered():
                return _OpenStream(stream, server, started)
            time.sleep(0.02)
            report("voice", (time.perf_counter() - started) / plan.voice_idle_s)
        if stream.answered():
            return _OpenStream(stream, server, started)
        stream.stop()
        state.note(f"STUN server {server}: no answer over UDP within {plan.udp_wait_s:g} s")
    if not plan.stun_servers:
        state.note("no STUN server configured")
    return None


def _prepare_first(backends, plan, should_stop, prepared, state) -> None:
    backend, info = _prepare_next(backends, plan, should_stop, state)
    prepared["backend"], prepared["info"] = backend, info


def _prepare_next(backends: list, plan: NetworkPlan, should_stop, state: _State):
    """Pop backends off the list until one prepares; failures are recorded with their reason."""
    while backends and not should_stop():
        backend = backends.pop(0)
        try:
            return backend, backend.prepare(plan.request_timeout_s)
        except BackendError as exc:
            state.failures.append(_failure(backend.name, exc))
            backend.close()
        except Exception as exc:  # noqa: BLE001 - a backend bug must not end the whole test
            state.failures.append(_failure(backend.name, BackendError(f"{backend.name} failed unexpectedly ({exc})")))
            backend.close()
    return None, None


def _describe_backend(state: _State, backend: ThroughputBackend, info: BackendInfo | None) -> None:
    state.values["backend"] = backend.name
    for key in ("country", "isp"):
        state.values.pop(key, None)
        value = getattr(info, key, None) if info else None
        if value:
            state.values[key] = value


def _live_latency_ms(stream: StunStream | None, phase: str) -> float | None:
    """Median round trip of the voice requests of `phase` answered so far (for the live display)."""
    if stream is None:
        return None
    recent = stream.samples(phase)[-LIVE_LATENCY_SAMPLES:]
    median = median_rtt_ms(recent)
    return None if median is None else round(median, 1)


def _control(plan, deadline, should_stop, report, phase, stream: StunStream | None) -> TransferControl:
    remaining = deadline - time.perf_counter()
    # The download leaves room for the upload; the upload may use what is left.
    budget = remaining * (0.5 if phase == "download" else 0.95)
    max_s = max(0.5, min(plan.max_direction_s, budget))

    def on_progress(fraction: float | None, mbps: float | None) -> None:
        # The voice path's round trip while the link is loaded: bufferbloat, live.
        report(phase, fraction, mbps=None if mbps is None else round(mbps, 1), latency_ms=_live_latency_ms(stream, phase))

    return TransferControl(
        max_s=max_s,
        should_stop=should_stop,
        on_progress=on_progress,
        request_timeout_s=plan.request_timeout_s,
        stall_s=plan.stall_s,
    )


def _tcp_pings(backend: ThroughputBackend, plan: NetworkPlan, should_stop) -> list[VoiceSample]:
    samples: list[VoiceSample] = []
    for seq in range(plan.tcp_ping_count):
        if should_stop():
            break
        try:
            sent, received = backend.ping_ms(plan.request_timeout_s)
        except BackendError:
            continue
        samples.append(VoiceSample(seq, sent, received))
        time.sleep(0.02)
    return samples


class _LoadedPinger:
    """HTTP round trips every 100 ms while a transfer runs (latency under load over TCP)."""

    def __init__(self, backend: ThroughputBackend, plan: NetworkPlan):
        self.backend = backend
        self.plan = plan
        self.samples: list[VoiceSample] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="rigcheck-loaded-ping")
        self._thread.start()

    def _loop(self) -> None:
        seq = 0
        while not self._stop.wait(0.1):
            try:
                sent, received = self.backend.ping_ms(self.plan.request_timeout_s)
            except BackendError:
                continue
            self.samples.append(VoiceSample(seq, sent, received))
            seq += 1

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.plan.request_timeout_s)


def voice_settle_s(loss_limit_percent: float, idle_packets: int, packet_interval_s: float) -> float | None:
    """Seconds of idle voice stream still needed, after `idle_packets`, for a loss-free line to settle
    below the limit, with SETTLE_MARGIN (None when no number of clean packets settles it)."""
    needed = clean_packets_to_settle(loss_limit_percent)
    if needed is None:
        return None
    return max(0, needed * SETTLE_MARGIN - idle_packets) * packet_interval_s


def _voice_settled(stream: StunStream, plan: NetworkPlan) -> bool:
    idle = stream.samples("idle", plan.late_after_s)
    loss = burst_aware_interval_percent(idle)
    loss_interval = None if loss is None else (loss.low_percent, loss.high_percent)
    return interval_settles(loss_interval, plan.loss_limit_percent) and interval_settles(
        jitter_interval_ms(idle), plan.jitter_limit_ms
    )


def _settle_voice(stream: StunStream | None, plan: NetworkPlan, should_stop: Callable[[], bool],
                  report: Callable[..., None] = lambda *a, **k: None, deadline: float | None = None) -> None:
    """Go on sampling the idle voice path until loss and jitter settle against the limits, or time is up.

    A few hundred packets are needed before "no loss" can be told from "1 % loss"; the stream is
    idle again after the upload, so these packets measure the same path as the first window.
    """
    if stream is None or _voice_settled(stream, plan):
        return
    stream.set_phase("draining")  # the upload's queue empties first: those packets are not idle
    drain_end = time.perf_counter() + DRAIN_S  # not `deadline`: the bar and ETA run to the test's own
    while time.perf_counter() < drain_end and not should_stop():
        time.sleep(0.05)
    stream.set_phase("idle")
    started = time.perf_counter()
    span = max((deadline or started) - started, 1e-3)
    while not should_stop() and not _voice_settled(stream, plan):
        # The bar moves towards the (extended) time limit; it ends as soon as the figures settle.
        report("settle", (time.perf_counter() - started) / span, latency_ms=_live_latency_ms(stream, "idle"))
        time.sleep(0.2)


def _finish_voice(
    stream: StunStream | None,
    plan: NetworkPlan,
    state: _State,
    download: TransferResult | None,
    tcp_idle: list[VoiceSample] | None = None,
    loaded_pinger: _LoadedPinger | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Turn the recorded round trips into the voice facts (and MOS when loss is known)."""
    values = state.values
    if stream is not None:
        loaded = _udp_voice_facts(stream, plan, values, download, cancelled)
    else:
        loaded = _tcp_voice_facts(state, tcp_idle or [], loaded_pinger, download)
    loaded_median = median_rtt_ms(loaded)
    if download is not None and loaded_median is not None and "latency_ms" in values:
        values["loaded_latency_ms"] = round(loaded_median, 1)
        values["loaded_latency_increase_ms"] = round(loaded_median - values["latency_ms"], 1)


def _udp_voice_facts(stream: StunStream, plan: NetworkPlan, values: dict[str, Any], download: TransferResult | None,
                     cancelled: Callable[[], bool]) -> list[VoiceSample]:
    """The voice facts from the STUN stream's idle requests; returns the requests sent under load."""
    stream.set_phase("done")
    idle = stream.samples("idle", plan.late_after_s)
    if not idle and stream.sent_count("idle") and not cancelled():
        # A test so short that no idle request is decided yet: give them the time to be.
        time.sleep(plan.late_after_s)
        idle = stream.samples("idle", plan.late_after_s)
    summary = summarize(idle)
    values["voice_path"] = "udp"
    values["voice_packets_sent"] = summary.sent
    if summary.median_rtt_ms is not None:
        values["latency_ms"] = round(summary.median_rtt_ms, 1)
    if summary.jitter_ms is not None:
        values["jitter_ms"] = round(summary.jitter_ms, 2)
    if summary.packet_loss_percent is not None:
        values["packet_loss_percent"] = round(summary.packet_loss_percent, 2)
        values["burst_loss_max"] = summary.burst_loss_max
        _loss_interval_facts(idle, stream.interval_s * 1000.0, values)
    jitter_interval = jitter_interval_ms(idle)
    if jitter_interval is not None:
        values["jitter_ci95_ms"] = [round(bound, 2) for bound in jitter_interval]
    if summary.median_rtt_ms is not None and summary.jitter_ms is not None and summary.packet_loss_percent is not None:
        values["mos"] = round(
            emodel.mos_from_measurement(summary.median_rtt_ms, summary.jitter_ms, summary.packet_loss_percent, summary.burst_ratio),
            2,
        )
    return stream.samples("download", plan.late_after_s, since_s=download.ramp_end_s if download else None)


def _loss_interval_facts(idle: list[VoiceSample], packet_interval_ms: float, values: dict[str, Any]) -> None:
    """The loss interval (burst-aware) and the RFC 3611 burst and gap figures it rests on."""
    loss = burst_aware_interval_percent(idle)
    if loss is not None:
        values["packet_loss_ci95_percent"] = [round(loss.low_percent, 2), round(loss.high_percent, 2)]
        values["loss_design_effect"] = round(loss.design_effect, 2)
    figures = rfc3611_burst_gap(idle, packet_interval_ms)
    if figures is not None:
        values["burst_density_percent"] = round(figures.burst_density_percent, 2)
        values["gap_density_percent"] = round(figures.gap_density_percent, 2)
        values["burst_duration_ms"] = round(figures.burst_duration_ms, 1)
        values["gap_duration_ms"] = round(figures.gap_duration_ms, 1)
        values["mean_loss_run_packets"] = round(figures.mean_loss_run_packets, 2)


def _tcp_voice_facts(state: _State, tcp_idle: list[VoiceSample], loaded_pinger: _LoadedPinger | None,
                     download: TransferResult | None) -> list[VoiceSample]:
    """Latency and jitter from HTTP round trips when no STUN server answered; returns the round trips under load."""
    values = state.values
    if tcp_idle:
        values["voice_path"] = "tcp"
        latency_ms = median_rtt_ms(tcp_idle)
        if latency_ms is not None:  # None only if every round trip was lost
            values["latency_ms"] = round(latency_ms, 1)
        jitter = rfc3550_jitter_ms(tcp_idle)
        if jitter is not None:
            values["jitter_ms"] = round(jitter, 2)
        state.note(
            "UDP voice path blocked or no STUN server answered: latency and jitter measured over TCP "
            "(HTTP round trips); packet loss and MOS unknown"
        )
    loaded = list(loaded_pinger.samples) if loaded_pinger else []
    if download and download.ramp_end_s is not None:
        loaded = [s for s in loaded if s.sent_s >= download.ramp_end_s] or loaded
    return loaded


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None

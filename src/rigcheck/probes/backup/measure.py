"""Measuring the backup link itself: the voice path (a STUN stream) and a short throughput test, both through
the backup interface while the main link keeps the default route (rigcheck.netmeasure.bind).

Used after a switch-over too (interface None: the backup then carries the default route).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence

from rigcheck.netmeasure.backend import BackendError, MeasurementCancelled, ThroughputBackend, TransferControl
from rigcheck.netmeasure.librespeed import LibreSpeedBackend
from rigcheck.netmeasure.speedtest_net import SpeedtestNetBackend
from rigcheck.netmeasure.stun import StunError, StunStream
from rigcheck.netmeasure.voice_stats import summarize

VOICE_S = 5.0  # 250 voice packets at 50 per second
ANSWER_WAIT_S = 2.0  # a STUN server that has not answered by then is passed over
LATE_AFTER_S = 1.0  # an answer later than this counts as lost, as a jitter buffer would drop it
TRANSFER_MAX_S = 6.0
TRANSFER_STREAMS = 2  # a pocket Wi-Fi or a phone's hotspot fills with few streams


def measure_voice(interface: str | None, stun_servers: Sequence[str], should_stop: Callable[[], bool],
                  notes: list[str]) -> dict[str, Any]:
    """latency_ms, jitter_ms, packet_loss_percent over the first STUN server that answers; {} when none does."""
    for server in stun_servers:
        try:
            stream = StunStream.open(server, interface=interface)
        except (StunError, ValueError) as exc:
            notes.append(f"STUN server {server}: {exc}")
            continue
        stream.set_phase("backup")
        stream.start()
        try:
            started = time.perf_counter()
            while not stream.answered() and time.perf_counter() - started < ANSWER_WAIT_S and not should_stop():
                time.sleep(0.02)
            if not stream.answered():
                notes.append(f"STUN server {server}: no answer over the backup within {ANSWER_WAIT_S:g} s")
                continue
            while time.perf_counter() - started < VOICE_S + LATE_AFTER_S and not should_stop():
                time.sleep(0.05)
            summary = summarize(stream.samples("backup", late_after_s=LATE_AFTER_S))
        finally:
            stream.stop()
        return {"latency_ms": _round(summary.median_rtt_ms), "jitter_ms": _round(summary.jitter_ms),
                "packet_loss_percent": _round(summary.packet_loss_percent, 2)}
    return {}


def measure_throughput(backend: ThroughputBackend, should_stop: Callable[[], bool], notes: list[str]) -> dict[str, Any]:
    """download_mbps and upload_mbps from `backend` (closed afterwards); {} (and a note) when it fails."""
    try:
        backend.prepare(timeout_s=5.0)
        down = backend.download(TransferControl(max_s=TRANSFER_MAX_S, should_stop=should_stop))
        up = backend.upload(TransferControl(max_s=TRANSFER_MAX_S, should_stop=should_stop))
    except (BackendError, MeasurementCancelled) as exc:
        notes.append(f"throughput over the backup: {exc}")
        return {}
    finally:
        backend.close()
    return {"download_mbps": _round(down.mbps), "upload_mbps": _round(up.mbps)}


def measure_link(interface: str | None, *, server: str | None, stun_servers: Sequence[str],
                 should_stop: Callable[[], bool], notes: list[str],
                 speedtest_factory: Callable[..., Any] | None = None) -> dict[str, Any]:
    """The backup's figures (voice path first: it is what calls feel), then its throughput: against the
    profile's LibreSpeed server, else, once the backup carries the default route (interface None, after a
    switch-over), against speedtest.net as the main test does. speedtest-cli cannot be sent through one
    interface, so a backup measured beside the main line needs the LibreSpeed server for its speed."""
    figures = measure_voice(interface, stun_servers, should_stop, notes)
    backend: ThroughputBackend
    if server:
        backend = LibreSpeedBackend(server, streams=TRANSFER_STREAMS, interface=interface)
    elif interface is None:
        backend = SpeedtestNetBackend(speedtest_factory=speedtest_factory)
    else:
        notes.append("no LibreSpeed server in the profile: the backup's speed is measured only when it carries the "
                     "traffic (the app's switch-over step), its voice path now")
        return figures
    figures.update(measure_throughput(backend, should_stop, notes))
    return figures


def _round(value: float | None, digits: int = 1) -> float | None:
    return round(value, digits) if value is not None else None

"""The watch: heartbeat all along, a call-path sample every interval, a small speed sample now and
then, power events; every record goes to the log as it is made.

Times in records: `at` is wall-clock seconds since the epoch (UTC) at the start of what the record
describes. The log's start record holds the plan, so `--resume` continues the same watch.
"""

from __future__ import annotations

import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from rigcheck.netmeasure import emodel
from rigcheck.netmeasure.stun import StunError, StunStream
from rigcheck.netmeasure.voice_stats import burst_aware_interval_percent, loss_runs, summarize
from rigcheck.watch.heartbeat import STUN_ANSWER_BYTES, STUN_REQUEST_BYTES, Gap, Heartbeat, Outage
from rigcheck.watch.log import LOG_SCHEMA, WatchLog

VOICE_SAMPLE_S = 15.0  # about 750 packets at 50/s
LATE_AFTER_S = 1.0
POWER_POLL_S = 10.0
SPEED_SAMPLE_MIB = 2  # each direction: the cap of one speed sample
USER_AGENT = "rigcheck-watch"


@dataclass(frozen=True)
class WatchPlan:
    """What to watch and how often; kept in the log's start record so a resume continues it."""

    stun: str
    hours: float
    every_s: float
    speed_server: str | None = None  # a LibreSpeed base URL; None: no speed samples
    speed_every_s: float = 1800.0
    voice_sample_s: float = VOICE_SAMPLE_S
    profile: dict[str, Any] = field(default_factory=dict)  # id, name, version, sha256, source

    @property
    def sample_s(self) -> float:
        """A call-path sample never takes more than half the interval."""
        return min(self.voice_sample_s, max(1.0, self.every_s / 2))

    def bytes_per_hour(self) -> int:
        """What the watch sends and receives in an hour: heartbeat, call-path samples, speed samples."""
        beats = 3600 * (STUN_REQUEST_BYTES + STUN_ANSWER_BYTES)
        voice = (3600 / self.every_s) * self.sample_s * 50 * (STUN_REQUEST_BYTES + STUN_ANSWER_BYTES)
        speed = (3600 / self.speed_every_s) * 2 * (SPEED_SAMPLE_MIB << 20) if self.speed_server else 0
        return int(beats + voice + speed)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "WatchPlan":
        fields = {key: record[key] for key in cls.__dataclass_fields__ if key in record}
        return cls(**fields)


def iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def start_record(plan: WatchPlan, wall: float) -> dict[str, Any]:
    return {"type": "start", "schema": LOG_SCHEMA, "at": wall, "started_at": iso(wall), **asdict(plan)}


def voice_record(samples: list, at: float) -> dict[str, Any]:
    """One call-path sample: the figures and what the loss interval rests on."""
    summary = summarize(samples)
    record: dict[str, Any] = {"type": "voice", "at": round(at, 3), "sent": summary.sent, "lost": summary.sent - summary.received,
                              "runs": loss_runs(samples)}
    if summary.median_rtt_ms is not None:
        record["latency_ms"] = round(summary.median_rtt_ms, 1)
    if summary.jitter_ms is not None:
        record["jitter_ms"] = round(summary.jitter_ms, 2)
    if summary.packet_loss_percent is not None:
        record["loss_percent"] = round(summary.packet_loss_percent, 2)
        interval = burst_aware_interval_percent(samples)
        if interval is not None:
            record["ci95"] = [round(interval.low_percent, 2), round(interval.high_percent, 2)]
    latency, jitter, loss = summary.median_rtt_ms, summary.jitter_ms, summary.packet_loss_percent
    if latency is not None and jitter is not None and loss is not None:
        record["mos"] = round(emodel.mos_from_measurement(latency, jitter, loss, summary.burst_ratio), 2)
    return record


def on_ac_power() -> bool | None:
    """Mains (True), battery (False), or None where psutil cannot tell (no battery, no psutil)."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        battery = psutil.sensors_battery() if hasattr(psutil, "sensors_battery") else None
    except (OSError, RuntimeError):
        return None
    return None if battery is None or battery.power_plugged is None else bool(battery.power_plugged)


def speed_sample(server: str, timeout_s: float = 20.0) -> dict[str, Any]:
    """One small capped speed sample against a LibreSpeed server: SPEED_SAMPLE_MIB down, the same up."""
    base = server if server.endswith("/") else server + "/"
    size = SPEED_SAMPLE_MIB << 20
    started = time.perf_counter()
    request = urllib.request.Request(f"{base}garbage.php?ckSize={SPEED_SAMPLE_MIB}", headers={"User-Agent": USER_AGENT})
    received = 0
    with urllib.request.urlopen(request, timeout=timeout_s) as answer:
        while received < size:
            chunk = answer.read(65536)
            if not chunk:
                break
            received += len(chunk)
    down_s = time.perf_counter() - started
    started = time.perf_counter()
    request = urllib.request.Request(f"{base}empty.php", data=bytes(size), method="POST",
                                     headers={"User-Agent": USER_AGENT, "Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=timeout_s) as answer:
        answer.read()
    up_s = time.perf_counter() - started
    return {"download_mbps": round(received * 8 / down_s / 1e6, 2), "upload_mbps": round(size * 8 / up_s / 1e6, 2),
            "bytes": received + size}


class Recorder:
    """Runs one watch (or the rest of a resumed one) until its end time or until `should_stop()`."""

    def __init__(self, plan: WatchPlan, log: WatchLog, end_wall: float, should_stop: Callable[[], bool] = lambda: False,
                 say: Callable[[str], None] = lambda text: None):
        self.plan = plan
        self.log = log
        self.end_wall = end_wall
        self.should_stop = should_stop
        self.say = say

    def run(self) -> None:
        heartbeat = Heartbeat(self.plan.stun, self._outage, self._gap)
        heartbeat.start()
        power = on_ac_power()
        if power is not None:
            self.log.write({"type": "power", "at": round(time.time(), 3), "on_ac": power})
        next_voice = time.monotonic()
        next_speed = time.monotonic() + min(self.plan.speed_every_s, 60.0)  # not in the first minute's samples
        next_power = time.monotonic() + POWER_POLL_S
        try:
            while time.time() < self.end_wall and not self.should_stop():
                now = time.monotonic()
                if now >= next_power:  # first: a poll takes no time, and samples must not starve it
                    next_power = now + POWER_POLL_S
                    current = on_ac_power()
                    if current is not None and current != power:
                        power = current
                        self.log.write({"type": "power", "at": round(time.time(), 3), "on_ac": current})
                if now >= next_voice:
                    next_voice = now + self.plan.every_s
                    self._voice_sample(heartbeat)
                elif self.plan.speed_server and now >= next_speed:
                    next_speed = now + self.plan.speed_every_s
                    self._speed_sample()
                else:
                    time.sleep(min(0.5, max(0.05, min(next_voice, next_power) - now)))
        finally:
            heartbeat.finish()
            heartbeat.stop()
            self.log.write({"type": "beats", "at": round(time.time(), 3), "sent": heartbeat.sent,
                            "answered": heartbeat.answered, "bytes": heartbeat.bytes_used()})

    def _outage(self, outage: Outage) -> None:
        self.log.write({"type": "outage", "at": round(outage.start_wall, 3), "seconds": outage.seconds})
        self.say(f"outage: {outage.seconds:g} s")

    def _gap(self, gap: Gap) -> None:
        self.log.write({"type": "gap", "at": round(gap.start_wall, 3), "seconds": gap.seconds, "reason": "sleep"})
        self.say(f"gap (computer asleep or rigcheck stopped): {gap.seconds:g} s")

    def _voice_sample(self, heartbeat: Heartbeat) -> None:
        started_wall, started_mono = time.time(), time.monotonic()
        try:
            stream = StunStream.open(self.plan.stun)
        except (StunError, ValueError) as exc:
            self.log.write({"type": "voice_error", "at": round(started_wall, 3), "error": str(exc)})
            return
        with stream:
            deadline = started_mono + self.plan.sample_s
            while time.monotonic() < deadline and not self.should_stop():
                time.sleep(0.1)
            stream.set_phase("done")
            time.sleep(LATE_AFTER_S + 0.05)
            samples = stream.samples("idle", LATE_AFTER_S)
        if heartbeat.gap_between(started_mono, time.monotonic()) or not samples:
            return  # rigcheck did not run for part of it: the sample would read the gap as loss
        record = voice_record(samples, started_wall)
        self.log.write(record)
        self.say(f"sample: {record.get('latency_ms')} ms, jitter {record.get('jitter_ms')} ms, loss {record.get('loss_percent')} %")

    def _speed_sample(self) -> None:
        at = time.time()
        assert self.plan.speed_server is not None
        try:
            result = speed_sample(self.plan.speed_server)
        except (OSError, ValueError) as exc:
            self.log.write({"type": "speed_error", "at": round(at, 3), "error": str(exc)})
            return
        self.log.write({"type": "speed", "at": round(at, 3), **result})

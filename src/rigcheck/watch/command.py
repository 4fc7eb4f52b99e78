"""`rigcheck watch`: the headless command. The CLI parses; this runs the watch and builds its report."""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from rigcheck.i18n import _
from rigcheck.model import Profile, Report, Snapshot
from rigcheck.probes.base import run_probe
from rigcheck.watch.log import WatchLog, WatchLogError, read_log
from rigcheck.watch.probe import PROBE
from rigcheck.watch.recorder import SPEED_SAMPLE_MIB, Recorder, WatchPlan, start_record

_DURATION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(s|m|h)?\s*$", re.IGNORECASE)
_UNIT_S = {"s": 1.0, "m": 60.0, "h": 3600.0}
MIN_EVERY_S = 2.0


def parse_duration(text: str) -> float:
    """'20s', '5m', '1h', '1.5h' or a bare number of seconds -> seconds (ValueError otherwise)."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(text)
    seconds = float(match.group(1)) * _UNIT_S[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ValueError(text)
    return seconds


@dataclass(frozen=True)
class WatchRequest:
    """What the command line asked for (a resume takes the rest from the log)."""

    profile: Profile
    hours: float
    every_s: float
    stun: str
    speed_server: str | None
    speed_every_s: float
    log_path: str
    resume: bool


def default_log_path(now: float | None = None) -> str:
    stamp = datetime.fromtimestamp(now or time.time(), timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"rigcheck-watch-{stamp}.jsonl"


def _megabytes(count: float) -> str:
    return f"{count / 1e6:.1f}"


def describe_plan(plan: WatchPlan, log_path: str) -> str:
    """What the watch will do and what it costs per hour, in plain words (printed before it starts)."""
    lines = [
        _("Watching your connection for %(hours)s hours: a tiny check every second, a call test every %(every)s.")
        % {"hours": f"{plan.hours:g}", "every": _duration_words(plan.every_s)},
        _("Data used: about %(megabytes)s MB per hour.") % {"megabytes": _megabytes(plan.bytes_per_hour())},
    ]
    if plan.speed_server:
        lines.append(_("A small speed test runs every %(every)s (at most %(megabytes)s MB each).")
                     % {"every": _duration_words(plan.speed_every_s), "megabytes": _megabytes(2 * (SPEED_SAMPLE_MIB << 20))})
    else:
        lines.append(_("No speed test during the watch (no speed-test server of the employer's was given)."))
    lines.append(_("Progress is saved in %(path)s as it goes; if the computer stops, continue with: "
                   "rigcheck watch --resume %(path)s") % {"path": log_path})
    return "\n".join(lines)


def _duration_words(seconds: float) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        return _("%(count)s h") % {"count": f"{seconds / 3600:g}"}
    if seconds >= 60 and seconds % 60 == 0:
        return _("%(count)s min") % {"count": f"{seconds / 60:g}"}
    return _("%(count)s s") % {"count": f"{seconds:g}"}


def prepare(request: WatchRequest) -> tuple[WatchPlan, WatchLog, float]:
    """(plan, open log, end time) for a new watch, or for the rest of the one in `request.log_path`."""
    if request.resume:
        records = read_log(request.log_path)
        plan = WatchPlan.from_record(records[0])
        log = WatchLog(request.log_path)
        last = max(float(r.get("at", 0)) + float(r.get("seconds", 0) or 0) for r in records)
        now = time.time()
        if now - last > 1.0:
            # rigcheck was not running (a crash, a power cut, kill): a gap, never an outage of the line.
            log.write({"type": "gap", "at": round(last, 3), "seconds": round(now - last, 1), "reason": "stopped"})
        return plan, log, float(records[0]["at"]) + plan.hours * 3600
    if Path(request.log_path).exists():
        raise WatchLogError(_("%(path)s already exists: continue it with --resume, or choose another --log")
                            % {"path": request.log_path})
    profile = request.profile
    plan = WatchPlan(stun=request.stun, hours=request.hours, every_s=request.every_s, speed_server=request.speed_server,
                     speed_every_s=request.speed_every_s,
                     profile={"id": profile.id, "name": profile.name, "version": profile.version, "sha256": profile.sha256,
                              "source": profile.source})
    log = WatchLog(request.log_path)
    now = time.time()
    log.write(start_record(plan, now))
    return plan, log, now + plan.hours * 3600


def watch(plan: WatchPlan, log: WatchLog, end_wall: float, should_stop: Callable[[], bool] = lambda: False,
          say: Callable[[str], None] = lambda text: None) -> None:
    """Record until the end time (or should_stop()); the log is closed afterwards."""
    try:
        Recorder(plan, log, end_wall, should_stop, say).run()
    finally:
        log.close()


def shift_report(log_path: str, profile: Profile) -> Report:
    """The watch's report: the `shift` probe over the log, scored against the profile's [shift] section."""
    from rigcheck.scoring import score

    result = run_probe(PROBE, {"log": log_path})
    return score(Snapshot({PROBE.id: result}), profile)


def say_on_stderr(text: str) -> None:
    if sys.stderr is not None and sys.stderr.isatty():
        print(text, file=sys.stderr, flush=True)

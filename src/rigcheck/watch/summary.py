"""A watch log's records -> the `shift` probe's facts (pure: no I/O, no clock).

Outages and gaps are counted from their records; each call-path sample becomes one row; loss per hour
pools the hour's packets and loss runs into one burst-aware interval; the worst hour is the one with
the most outage time, else the one with the lowest median call quality (MOS).
"""

from __future__ import annotations

import statistics
from typing import Any, Sequence

from rigcheck.netmeasure.voice_stats import burst_aware_interval_from_runs
from rigcheck.summary import percentile
from rigcheck.watch.heartbeat import STUN_ANSWER_BYTES, STUN_REQUEST_BYTES

HOUR_S = 3600.0


def _loss_interval(sent: int, runs: Sequence[int]) -> list[float] | None:
    """The burst-aware interval of pooled samples, from their packet counts and loss runs."""
    interval = burst_aware_interval_from_runs(sent, runs)
    return None if interval is None else [round(interval.low_percent, 2), round(interval.high_percent, 2)]


def shift_facts(records: Sequence[dict[str, Any]], now_wall: float | None = None) -> dict[str, Any]:
    """The shift facts of a watch log (`now_wall`: where an unfinished watch ends; default its last record)."""
    start = records[0]
    t0 = float(start["at"])
    last = max(float(r.get("at", t0)) + float(r.get("seconds", 0) or 0) for r in records)
    end = max(last, now_wall or last)
    outages = [r for r in records if r["type"] == "outage"]
    gaps = [r for r in records if r["type"] == "gap"]
    voices = [r for r in records if r["type"] == "voice"]
    beats = [r for r in records if r["type"] == "beats"]

    def offset(record: dict[str, Any]) -> float:
        return round(float(record["at"]) - t0, 1)

    rows = [[offset(v), v.get("latency_ms"), v.get("jitter_ms"), v.get("loss_percent"), v.get("mos"), v["sent"], v["lost"]]
            for v in voices]
    latencies = [v["latency_ms"] for v in voices if v.get("latency_ms") is not None]
    jitters = [v["jitter_ms"] for v in voices if v.get("jitter_ms") is not None]
    outage_seconds = [float(o["seconds"]) for o in outages]
    hours = max(1, int((end - t0) // HOUR_S) + (1 if (end - t0) % HOUR_S else 0))
    by_hour = []
    for hour in range(hours):
        in_hour = [v for v in voices if hour * HOUR_S <= float(v["at"]) - t0 < (hour + 1) * HOUR_S]
        sent = sum(int(v["sent"]) for v in in_hour)
        lost = sum(int(v["lost"]) for v in in_hour)
        runs = [run for v in in_hour for run in v.get("runs", [])]
        by_hour.append({"hour": hour, "sent": sent, "lost": lost, "percent": round(100 * lost / sent, 2) if sent else None,
                        "ci95": _loss_interval(sent, runs)})
    facts: dict[str, Any] = {
        "started_at": start.get("started_at"),
        "hours_watched": round((end - t0) / HOUR_S, 3),
        "heartbeats": sum(int(b.get("sent", 0)) for b in beats),
        "outage_count": len(outages),
        "outage_total_minutes": round(sum(outage_seconds) / 60, 2),
        "longest_outage_minutes": round(max(outage_seconds, default=0.0) / 60, 2),
        "outages": [{"start": offset(o), "seconds": o["seconds"]} for o in outages],
        "sleep_gaps": [{"start": offset(g), "seconds": g["seconds"], "reason": g.get("reason", "sleep")} for g in gaps],
        "gap_total_minutes": round(sum(float(g["seconds"]) for g in gaps) / 60, 2),
        "voice_samples": rows,
        "latency_p50_ms": _rounded(percentile(sorted(latencies), 0.5)),
        "latency_p95_ms": _rounded(percentile(sorted(latencies), 0.95)),
        "jitter_p50_ms": _rounded(percentile(sorted(jitters), 0.5)),
        "jitter_p95_ms": _rounded(percentile(sorted(jitters), 0.95)),
        "loss_by_hour": by_hour,
        "worst_hour": _worst_hour(outages, voices, t0, hours),
        "power_events": [{"at": offset(p), "on_ac": p["on_ac"]} for p in records if p["type"] == "power"],
        "throughput_samples": [{"at": offset(s), "download_mbps": s["download_mbps"], "upload_mbps": s["upload_mbps"],
                                "bytes": s["bytes"]} for s in records if s["type"] == "speed"],
        "bytes_used": sum(int(b.get("bytes", 0)) for b in beats)
        + sum(int(v["sent"]) * (STUN_REQUEST_BYTES + STUN_ANSWER_BYTES) for v in voices)
        + sum(int(s["bytes"]) for s in records if s["type"] == "speed"),
    }
    return facts


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _worst_hour(outages: Sequence[dict[str, Any]], voices: Sequence[dict[str, Any]], t0: float, hours: int) -> int | None:
    down = [0.0] * hours
    for outage in outages:
        hour = min(hours - 1, int((float(outage["at"]) - t0) // HOUR_S))
        down[hour] += float(outage["seconds"])
    if any(down):
        return max(range(hours), key=lambda h: (down[h], -h))
    medians = {}
    for hour in range(hours):
        scores = [v["mos"] for v in voices if v.get("mos") is not None and hour * HOUR_S <= float(v["at"]) - t0 < (hour + 1) * HOUR_S]
        if scores:
            medians[hour] = statistics.median(scores)
    return min(medians, key=lambda h: (medians[h], h)) if medians else None

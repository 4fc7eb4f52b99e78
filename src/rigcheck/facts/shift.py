"""Facts of the `shift` probe: the connection over a whole shift, summed up from a `rigcheck watch` log.

Optional: it runs only when named, and `rigcheck watch` names it (its options carry the log's path).
"""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

SHIFT = ProbeFacts("shift", N_("Connection over a shift"), optional=True, module="rigcheck.watch.probe")

STARTED_AT = SHIFT.declare("started_at", str, "", N_("Watch started"), "when the watch began (ISO 8601, UTC)", "2026-12-07T01:00:00Z")
HOURS_WATCHED = SHIFT.declare("hours_watched", (int, float), "h", N_("Hours watched"),
                              "time from the start to the last record, sleep of the computer included", 8.0)
HEARTBEATS = SHIFT.declare("heartbeats", int, "requests", N_("Connection checks (one a second)"), "STUN requests sent once a second to watch for outages", 28_800)
OUTAGE_COUNT = SHIFT.declare("outage_count", int, "outages", N_("Outages"), "times the line stopped answering for 2 s or more", 0)
OUTAGE_TOTAL_MINUTES = SHIFT.declare("outage_total_minutes", (int, float), "min", N_("Outage time"), "total time the line did not answer", 0.0)
LONGEST_OUTAGE_MINUTES = SHIFT.declare("longest_outage_minutes", (int, float), "min", N_("Longest outage"),
                                       "the longest time the line did not answer (0 without outages)", 0.0)
OUTAGES = SHIFT.declare("outages", list, "", N_("Outage list"), "each outage: start (seconds since the watch began) and seconds", [])
SLEEP_GAPS = SHIFT.declare("sleep_gaps", list, "", N_("Gaps (computer asleep or rigcheck stopped)"),
                           "each time rigcheck could not watch: start (seconds since the watch began), seconds, reason "
                           "(sleep or stopped); not counted as outages", [])
GAP_TOTAL_MINUTES = SHIFT.declare("gap_total_minutes", (int, float), "min", N_("Time not watched"), "sum of the gaps", 0.0)
VOICE_SAMPLES = SHIFT.declare("voice_samples", list, "", N_("Call-quality tests"),
                              "one per interval: [start s, latency ms, jitter ms, loss %, MOS, packets sent, packets lost]",
                              [[0.0, 18.0, 2.1, 0.0, 4.38, 750, 0]])
LATENCY_P50_MS = SHIFT.declare("latency_p50_ms", (int, float), "ms", N_("Latency, typical (p50)"), "median of the samples' latency", 18.0)
LATENCY_P95_MS = SHIFT.declare("latency_p95_ms", (int, float), "ms", N_("Latency, worst 5 % (p95)"), "95th percentile of the samples' latency", 24.0)
JITTER_P50_MS = SHIFT.declare("jitter_p50_ms", (int, float), "ms", N_("Jitter, typical (p50)"), "median of the samples' jitter", 2.1)
JITTER_P95_MS = SHIFT.declare("jitter_p95_ms", (int, float), "ms", N_("Jitter, worst 5 % (p95)"), "95th percentile of the samples' jitter", 4.0)
LOSS_BY_HOUR = SHIFT.declare("loss_by_hour", list, "", N_("Loss per hour"),
                             "each hour of the watch: hour (0-based), packets sent, lost, loss %, 95 % interval "
                             "[low, high] widened for bursts", [{"hour": 0, "sent": 9000, "lost": 0, "percent": 0.0, "ci95": [0.0, 0.21]}])
WORST_HOUR = SHIFT.declare("worst_hour", int, "", N_("Worst hour"),
                           "the hour (0-based) with the most outage time, else the lowest median call quality", 0)
POWER_EVENTS = SHIFT.declare("power_events", list, "", N_("Power events"),
                             "each change between mains and battery: at (seconds since the watch began), on_ac", [])
THROUGHPUT_SAMPLES = SHIFT.declare("throughput_samples", list, "", N_("Speed samples"),
                                   "each small capped speed sample: at (s), download_mbps, upload_mbps, bytes", [])
BYTES_USED = SHIFT.declare("bytes_used", int, "bytes", N_("Data used"), "test data the watch moved (heartbeat, voice, speed samples)", 2_500_000)

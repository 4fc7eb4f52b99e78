"""`rigcheck watch`: the connection over a whole shift.

- `log`: the append-only JSON Lines log (one record per sample, flushed and fsynced).
- `heartbeat`: a STUN request every second; outages of 2 s or more, and gaps when the computer slept.
- `recorder`: the watch itself: heartbeat, call-path samples, small speed samples, power events.
- `summary`: records -> the `shift` probe's facts (pure); `probe`: that probe, reading a log.
- `command`: the headless command (`rigcheck watch ...`).

Scoring and rendering are the common ones: a watch's report is a `rigcheck.report/1` report whose only
probe is `shift`, scored against the profile's [shift] section.
"""

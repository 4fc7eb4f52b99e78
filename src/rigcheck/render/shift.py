"""The shift part of a `rigcheck watch` report, for every format: the figures in words and, for HTML,
an inline SVG timeline (no scripts, no outside assets). Reads the report's `shift` facts alone.
"""

from __future__ import annotations

from html import escape
from typing import Any, Mapping

from rigcheck.i18n import _
from rigcheck.model import Report
from rigcheck.render.numbers import number_text

SHIFT_PROBE = "shift"  # the probe id of rigcheck.facts.shift (renderers read reports, not declarations)


def shift_values(report: Report) -> Mapping[str, Any] | None:
    """The shift facts of a watch's report, or None for any other report."""
    result = report.facts.get(SHIFT_PROBE)
    return result.values if result is not None and result.values else None


def _num(value: Any, unit: str = "") -> str:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return _("not measured")
    return number_text(value) + (f" {unit}" if unit else "")


def _interval(values: Any) -> str:
    if isinstance(values, list) and len(values) == 2:
        return _("%(low)s-%(high)s %%") % {"low": _num(values[0]), "high": _num(values[1])}
    return _("not measured")


def shift_lines(report: Report) -> list[str]:
    """The shift summary as plain lines (text and Markdown); empty for a report that is not a watch's."""
    values = shift_values(report)
    if values is None:
        return []
    lines = [
        _("Over the shift (%(watched)s watched, from %(started)s):")
        % {"watched": _watched(values.get("hours_watched")), "started": values.get("started_at") or "?"},
        _("Outages (line silent 2 s or more): %(count)s, %(total)s in total, longest %(longest)s")
        % {"count": _num(values.get("outage_count")), "total": _num(values.get("outage_total_minutes"), "min"),
           "longest": _num(values.get("longest_outage_minutes"), "min")},
        _("Latency: typical %(p50)s, worst 5 %% %(p95)s · Jitter: typical %(j50)s, worst 5 %% %(j95)s")
        % {"p50": _num(values.get("latency_p50_ms"), "ms"), "p95": _num(values.get("latency_p95_ms"), "ms"),
           "j50": _num(values.get("jitter_p50_ms"), "ms"), "j95": _num(values.get("jitter_p95_ms"), "ms")},
    ]
    worst = values.get("worst_hour")
    if isinstance(worst, int):
        lines.append(_("Worst hour: hour %(hour)s of the watch") % {"hour": worst + 1})
    gaps = values.get("sleep_gaps") or []
    if gaps:
        lines.append(_("Not watched for %(minutes)s (computer asleep or rigcheck stopped; not counted as outages)")
                     % {"minutes": _num(values.get("gap_total_minutes"), "min")})
    for hour in values.get("loss_by_hour") or []:
        if isinstance(hour, dict) and hour.get("sent"):
            lines.append(_("  Hour %(hour)s: loss %(percent)s %% of %(sent)s call packets (95 %% interval %(interval)s)")
                         % {"hour": int(hour.get("hour", 0)) + 1, "percent": _num(hour.get("percent")),
                            "sent": hour.get("sent"), "interval": _interval(hour.get("ci95"))})
    for event in values.get("power_events") or []:
        if isinstance(event, dict):
            source = _("mains power") if event.get("on_ac") else _("battery")
            lines.append(_("  Power: on %(source)s at %(minute)s min") % {"source": source, "minute": _num(_minutes(event.get("at")))})
    for sample in values.get("throughput_samples") or []:
        if isinstance(sample, dict):
            lines.append(_("  Speed sample at %(minute)s min: %(down)s down, %(up)s up")
                         % {"minute": _num(_minutes(sample.get("at"))), "down": _num(sample.get("download_mbps"), "Mbit/s"),
                            "up": _num(sample.get("upload_mbps"), "Mbit/s")})
    return lines


def _watched(hours: Any) -> str:
    if not isinstance(hours, (int, float)) or isinstance(hours, bool):
        return _("not measured")
    if hours < 1:
        return _("%(minutes)s min") % {"minutes": number_text(round(hours * 60, 1))}
    return _("%(hours)s h") % {"hours": number_text(round(hours, 2))}


def _minutes(seconds: Any) -> float | None:
    return round(seconds / 60, 1) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else None


# --- the timeline -------------------------------------------------------------------------------

_WIDTH, _HEIGHT, _LEFT, _TOP, _PLOT_H = 760, 150, 40, 10, 100
_MOS_COLOURS = ((4.0, "#2e7d32"), (3.6, "#f9a825"), (0.0, "#c62828"))


def _mos_colour(mos: Any) -> str:
    if not isinstance(mos, (int, float)) or isinstance(mos, bool):
        return "#c62828"
    return next(colour for floor, colour in _MOS_COLOURS if mos >= floor)


class _Axes:
    """Seconds since the start -> x, milliseconds -> y, inside the plot."""

    def __init__(self, total_s: float, top_ms: float):
        self.total_s, self.top_ms = total_s, top_ms
        self.plot_w = _WIDTH - _LEFT - 10

    def x(self, seconds: Any) -> float:
        return round(_LEFT + self.plot_w * min(max(float(seconds), 0.0), self.total_s) / self.total_s, 1)

    def y(self, ms: float) -> float:
        return round(_TOP + _PLOT_H * (1 - min(ms, self.top_ms) / self.top_ms), 1)

    def band(self, start: Any, seconds: Any, colour: str, title: str, minimum: float = 1.0) -> str:
        width = max(minimum, self.x(float(start) + float(seconds)) - self.x(start))
        return (f'<rect x="{self.x(start)}" y="{_TOP}" width="{width}" height="{_PLOT_H}" fill="{colour}" opacity="0.55">'
                f"<title>{escape(title)}</title></rect>")


def _battery_bars(axes: _Axes, events: list[Any]) -> list[str]:
    """An orange bar under the plot for each time on battery."""
    bars, since = [], None
    for event in [*(e for e in events if isinstance(e, dict)), {"at": axes.total_s, "on_ac": True}]:
        if not event.get("on_ac") and since is None:
            since = float(event["at"])
        elif event.get("on_ac") and since is not None:
            on_battery = escape(_("on battery"))
            bars.append(f'<rect x="{axes.x(since)}" y="{_TOP + _PLOT_H + 4}" width="{max(1.5, axes.x(event["at"]) - axes.x(since))}" '
                        f'height="6" fill="#ef6c00"><title>{on_battery}</title></rect>')
            since = None
    return bars


def _latency_marks(axes: _Axes, samples: list[list[Any]]) -> list[str]:
    """The latency line of the call tests and one dot per test, coloured by its call quality."""
    marks = []
    points = " ".join(f"{axes.x(row[0])},{axes.y(row[1])}" for row in samples if _is_number(row[1]))
    if points:
        marks.append(f'<polyline points="{points}" fill="none" stroke="#1565c0" stroke-width="1"/>')
    for row in samples:
        latency = row[1] if _is_number(row[1]) else axes.top_ms  # every packet lost: drawn at the top
        marks.append(f'<circle cx="{axes.x(row[0])}" cy="{axes.y(latency)}" r="3" fill="{_mos_colour(row[4])}"/>')
    return marks


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def timeline_svg(values: Mapping[str, Any]) -> str:
    """An inline SVG of the shift: latency of each call-path sample (dots coloured by call quality),
    outages as red bands, time not watched as grey bands, power on battery as an orange bar, hour ticks."""
    total_s = max(1.0, float(values.get("hours_watched") or 0) * 3600)
    samples = [row for row in values.get("voice_samples") or [] if isinstance(row, list) and len(row) >= 5]
    axes = _Axes(total_s, max([50.0, *(row[1] for row in samples if _is_number(row[1]))]) * 1.1)
    label = escape(_("Timeline of the shift"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" width="100%" role="img" '
             f'aria-label="{label}">',
             f'<rect x="{_LEFT}" y="{_TOP}" width="{axes.plot_w}" height="{_PLOT_H}" fill="#fafafa" stroke="#bbb"/>']
    parts += [axes.band(gap["start"], gap["seconds"], "#9e9e9e", _("not watched"))
              for gap in values.get("sleep_gaps") or [] if isinstance(gap, dict)]
    parts += [axes.band(outage["start"], outage["seconds"], "#c62828",
                        _("outage: %(seconds)s s") % {"seconds": number_text(outage["seconds"])}, 1.5)
              for outage in values.get("outages") or [] if isinstance(outage, dict)]
    parts += _battery_bars(axes, list(values.get("power_events") or []))
    parts += _latency_marks(axes, samples)
    hours = int(total_s // 3600)
    for hour in range(0, hours + 1, 1 if hours <= 12 else 2):
        parts.append(f'<text x="{axes.x(hour * 3600)}" y="{_HEIGHT - 12}" font-size="10" text-anchor="middle">{hour}h</text>')
    parts.append(f'<text x="{_LEFT - 4}" y="{_TOP + 8}" font-size="10" text-anchor="end">{number_text(round(axes.top_ms))}</text>')
    parts.append(f'<text x="{_LEFT - 4}" y="{_TOP + _PLOT_H}" font-size="10" text-anchor="end">0</text>')
    legend = escape(_("latency (ms) of each call test; dot colour: call quality; red: outage; grey: not watched; orange: on battery"))
    parts.append(f'<text x="{_LEFT}" y="{_HEIGHT - 1}" font-size="10">{legend}</text>')
    parts.append("</svg>")
    return "".join(parts)


def shift_html(report: Report) -> str:
    """The shift section of the HTML page (empty for a report that is not a watch's)."""
    values = shift_values(report)
    if values is None:
        return ""
    items = "".join(f"<li>{escape(line.strip())}</li>" for line in shift_lines(report)[1:])
    return (f"<h2>{escape(shift_lines(report)[0])}</h2>\n<figure>{timeline_svg(values)}</figure>\n<ul>{items}</ul>\n")

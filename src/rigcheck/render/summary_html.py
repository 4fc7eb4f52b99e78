"""`report summarize --format html`: one self-contained dashboard page (no scripts, no assets from anywhere).

Inline SVG charts: the verdict counts, a bar per requirement (failed / unknown / warned / passed), a histogram
per network figure with the threshold drawn on it; then the applicant table, sortable without scripts (each
order is a table of its own, shown by the link's #target). Every number is also written as text.
"""

from __future__ import annotations

from html import escape

from rigcheck.render.numbers import number_text
from rigcheck.render.summary_common import applicant_cell, category_words, figure_title, safe_text, threshold_text
from rigcheck.summary import CATEGORY_ORDER, SUMMARY_CATEGORIES, FigureStats, ReportRow, Summary

CATEGORY_COLOURS = {"ready": "#2e7d32", "ready_with_warnings": "#7cb342", "incomplete": "#ef6c00", "not_ready": "#c62828",
                    "edited_or_damaged": "#455a64"}
STATUS_COLOURS = (("failed", "#c62828"), ("unknown", "#6a1b9a"), ("warned", "#f9a825"), ("passed", "#2e7d32"))

_STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #ccc}
.meta{color:#333}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:2px solid;border-radius:.4rem;padding:.4rem .8rem;min-width:9rem}
.card .count{font-size:1.6rem;font-weight:bold;display:block}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:1rem}
figure{margin:0;border:1px solid #ddd;border-radius:.4rem;padding:.5rem}figcaption{font-weight:bold}
.stats{font-size:.9rem;color:#333}
svg{display:block;width:100%;height:auto}svg.verdicts{max-width:40rem}
svg text{font-family:system-ui,sans-serif}
.legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.edited{background:#eceff1}.why{font-size:.85rem;color:#37474f}
.sort a{margin-right:.8rem}
.view{display:none}.view:target{display:block}.view:target ~ .default-view{display:none}.default-view{display:block}
@media print{body{max-width:none;margin:0;font-size:9pt}.figures{grid-template-columns:1fr 1fr}figure,tr{break-inside:avoid}.sort{display:none}}
"""


def _verdict_chart(summary: Summary) -> str:
    total = max(summary.total, 1)
    row_height, width, label_width = 26, 640, 170
    parts = []
    for index, category in enumerate(SUMMARY_CATEGORIES):
        count = summary.categories[category]
        bar = (width - label_width - 60) * count / total
        y = index * row_height
        parts.append(
            f'<text x="0" y="{y + 18}" font-size="15">{escape(category_words(category))}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{bar:.1f}" height="{row_height - 8}" fill="{CATEGORY_COLOURS[category]}"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 18}" font-size="15">{count}</text>'
        )
    height = row_height * len(SUMMARY_CATEGORIES)
    return (f'<svg class="verdicts" viewBox="0 0 {width} {height}" role="img" aria-label="Reports by verdict">'
            + "".join(parts) + "</svg>")


def _requirement_chart(summary: Summary) -> str:
    if not summary.requirements:
        return "<p>No requirement was checked in an intact report.</p>"
    row_height, width, label_width = 24, 900, 300
    parts = []
    for index, tally in enumerate(summary.requirements):
        total = max(tally.failed + tally.unknown + tally.warned + tally.passed, 1)
        y, x = index * row_height, float(label_width)
        title = safe_text(tally.title)
        parts.append(f'<text x="0" y="{y + 16}" font-size="12">{escape(title[:44])}</text>')
        for key, colour in STATUS_COLOURS:
            segment = (width - label_width - 10) * getattr(tally, key) / total
            if segment > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{segment:.1f}" height="{row_height - 6}" fill="{colour}">'
                             f"<title>{escape(title)}: {getattr(tally, key)} {key}</title></rect>")
            x += segment
    height = row_height * len(summary.requirements)
    return (f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Requirements: failed, unknown, warned, passed">'
            + "".join(parts) + "</svg>")


def _histogram(figure: FigureStats) -> str:
    if not figure.count:
        return '<p class="stats">Not measured in any intact report.</p>'
    width, height, bottom, left = 320, 150, 128, 8
    plot_width = width - 2 * left
    edges, counts = figure.histogram_edges, figure.histogram_counts
    low, high = edges[0], edges[-1]
    peak = max(counts) or 1
    bar_width = plot_width / len(counts)
    parts = [f'<line x1="{left}" y1="{bottom}" x2="{width - left}" y2="{bottom}" stroke="#555"/>']
    for index, count in enumerate(counts):
        bar = (bottom - 12) * count / peak
        parts.append(f'<rect x="{left + index * bar_width + 0.5:.1f}" y="{bottom - bar:.1f}" width="{bar_width - 1:.1f}" '
                     f'height="{bar:.1f}" fill="#1565c0"><title>{number_text(edges[index])}–{number_text(edges[index + 1])}: {count}</title></rect>')
    parts.append(f'<text x="{left}" y="{height - 6}" font-size="11">{number_text(low)}</text>'
                 f'<text x="{width - left}" y="{height - 6}" font-size="11" text-anchor="end">{number_text(high)}</text>')
    if figure.threshold is not None:
        x = left + plot_width * (figure.threshold - low) / (high - low)
        # The label sits at the top, beside the line, on the side with room (the axis labels are below).
        anchor, offset = ("end", -4) if x > width / 2 else ("start", 4)
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{bottom}" stroke="#c62828" stroke-width="2" stroke-dasharray="5 3"/>'
                     f'<text x="{x + offset:.1f}" y="14" font-size="12" font-weight="bold" fill="#c62828" text-anchor="{anchor}">'
                     f"threshold {escape(threshold_text(figure))}</text>")
    return (f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(figure_title(figure))} histogram">'
            + "".join(parts) + "</svg>")


def _figures(summary: Summary) -> str:
    items = []
    for figure in summary.figures:
        beyond = (f'; <span data-beyond="{figure.fact}">{figure.beyond_threshold}</span> on the wrong side of '
                  f"{escape(threshold_text(figure))}") if figure.threshold is not None else "; no common threshold"
        items.append(
            f'<figure><figcaption>{escape(figure_title(figure))}</figcaption>{_histogram(figure)}'
            f'<p class="stats"><span data-figure-count="{figure.fact}">{figure.count}</span> measured · '
            f"10th percentile {number_text(figure.p10)} · median {number_text(figure.median)} · 90th percentile {number_text(figure.p90)}"
            f"{beyond}</p></figure>"
        )
    return '<div class="figures">' + "".join(items) + "</div>"


def _applicant_table(rows: list[ReportRow]) -> str:
    body = []
    for digest in rows:
        failed, unknown = digest.failed, digest.unknown
        why = ""
        if not digest.intact:
            why = f'<div class="why">{escape(safe_text("; ".join(digest.integrity_reasons)))}</div>'
        body.append(
            f'<tr class="{"edited" if not digest.intact else ""}" data-category="{digest.category}">'
            f"<td>{escape(category_words(digest.category))}{why}</td>"
            f'<td class="num">{digest.score}</td><td>{escape(applicant_cell(digest))}</td>'
            f"<td>{escape(safe_text(', '.join(failed)))}</td><td>{escape(safe_text(', '.join(unknown)))}</td>"
            f"<td>{escape(safe_text(digest.path))}</td></tr>"
        )
    return ('<table><thead><tr><th>Verdict</th><th class="num">Score</th><th>Applicant</th><th>Failed</th>'
            "<th>Unknown</th><th>File</th></tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>")


ALTERNATE_ORDERS_UP_TO_ROWS = 5000  # each order is a copy of the table: past this the page would be too heavy


def _sorted_views(summary: Summary, by_reference: list[ReportRow], by_score: list[ReportRow]) -> str:
    if len(summary.rows) > ALTERNATE_ORDERS_UP_TO_ROWS:
        return (f'<p class="sort">By verdict, then reference ({len(summary.rows)} rows; for other orders open '
                '<code>--format csv</code> in a spreadsheet).</p>\n<div class="views">')
    return ('<p class="sort">Sort by: <a href="#by-verdict">verdict, then reference</a><a href="#by-reference">reference</a>'
            '<a href="#by-score">score</a></p>\n<div class="views">'
            f'<section class="view" id="by-reference">{_applicant_table(by_reference)}</section>'
            f'<section class="view" id="by-score">{_applicant_table(by_score)}</section>')


def render(summary: Summary) -> str:
    cards = "".join(
        f'<div class="card" style="border-color:{CATEGORY_COLOURS[c]}"><span class="count" data-category="{c}">'
        f"{summary.categories[c]}</span>{escape(category_words(c))}</div>"
        for c in SUMMARY_CATEGORIES
    )
    requirement_rows = "".join(
        f'<tr data-requirement="{escape(t.id)}"><td>{escape(safe_text(t.title))}</td><td class="num" data-status="failed">{t.failed}</td>'
        f'<td class="num" data-status="unknown">{t.unknown}</td><td class="num" data-status="warned">{t.warned}</td>'
        f'<td class="num" data-status="passed">{t.passed}</td></tr>'
        for t in summary.requirements
    )
    legend = "".join(f'<span><i class="swatch" style="background:{colour}"></i>{key}</span>' for key, colour in STATUS_COLOURS)
    few = len(summary.rows) <= ALTERNATE_ORDERS_UP_TO_ROWS
    by_reference = sorted(summary.rows, key=lambda d: (not d.applicant, (d.applicant or "").casefold(), CATEGORY_ORDER[d.category], d.path)) if few else []
    by_score = sorted(summary.rows, key=lambda d: (-d.score, CATEGORY_ORDER[d.category], (d.applicant or "").casefold(), d.path)) if few else []
    unreadable = ""
    if summary.unreadable:
        unreadable = ("<h2>Files that could not be read</h2><ul>" + "".join(
            f"<li>{escape(safe_text(u.path))}: {escape(safe_text(u.reason))}</li>" for u in summary.unreadable) + "</ul>")
    profile = f" · figures judged against profile {escape(summary.profile)}" if summary.profile else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>rigcheck: {summary.total} reports</title><style>{_STYLE}</style></head><body>\n"
        "<h1>rigcheck: received reports</h1>\n"
        f'<p class="meta"><span data-total="reports">{summary.total}</span> report(s) read, '
        f"{summary.intact} intact{profile}. An edited or damaged report (its verdict, score or profile does not "
        "match its own checks) is never counted as ready.</p>\n"
        f'<h2>Verdicts</h2>\n<div class="cards">{cards}</div>\n{_verdict_chart(summary)}\n'
        f"<h2>Requirements, most failed first</h2>\n<p class=\"legend\">{legend}</p>\n{_requirement_chart(summary)}\n"
        '<table><thead><tr><th>Requirement</th><th class="num">Failed</th><th class="num">Unknown</th>'
        f'<th class="num">Warned</th><th class="num">Passed</th></tr></thead><tbody>{requirement_rows}</tbody></table>\n'
        "<h2>Network figures</h2>\n<p class=\"meta\">Histograms of intact reports; the dashed red line is the threshold.</p>\n"
        f"{_figures(summary)}\n"
        "<h2>Applicants</h2>\n"
        + _sorted_views(summary, by_reference, by_score)
        + f'<section class="default-view" id="by-verdict">{_applicant_table(list(summary.rows))}</section></div>\n'
        f"{unreadable}\n</body></html>\n"
    )

"""`report summarize --format html`: one self-contained dashboard page (no scripts, no assets from anywhere).

Inline SVG charts for the verdicts and each network figure (with the threshold drawn on it); a bar per
requirement in HTML, so a long question wraps instead of being cut, every count also in the table below.
The applicant list is sortable and filterable without scripts: each order is a table of its own, shown by
the link's #target; the verdict and failed-requirement filters are form controls that CSS (:has) reads.
With `links` (report file -> address relative to the page), each applicant's row opens their report.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import quote

from rigcheck.i18n import N_, _, current_language, ngettext
from rigcheck.render.numbers import number_text
from rigcheck.render.summary_common import applicant_cell, category_words, figure_title, safe_text, threshold_text
from rigcheck.summary import CATEGORY_ORDER, SUMMARY_CATEGORIES, FigureStats, ReportRow, RequirementTally, Summary

CATEGORY_COLOURS = {"ready": "#2e7d32", "ready_with_warnings": "#7cb342", "incomplete": "#ef6c00", "not_ready": "#c62828",
                    "edited_or_damaged": "#455a64"}
# Each requirement's bar, in this order; skipped (the probe was left out) apart from unknown (no result).
STATUS_COLOURS = (("failed", "#c62828"), ("unknown", "#6a1b9a"), ("skipped", "#90a4ae"), ("warned", "#f9a825"),
                  ("passed", "#2e7d32"))
STATUS_WORDS = {"failed": N_("failed"), "unknown": N_("unknown"), "skipped": N_("skipped"), "warned": N_("warned"),
                "passed": N_("passed")}

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
.bars{display:grid;grid-template-columns:minmax(12rem,22rem) 1fr 3rem;gap:.25rem .6rem;align-items:center;margin:.5rem 0 1rem}
.bar-label{font-size:.9rem;overflow-wrap:anywhere}
.bar{display:flex;height:1.1rem;background:#f5f5f5}.bar i{display:block;height:100%}
.bar-total{font-size:.85rem;color:#555;text-align:right;font-variant-numeric:tabular-nums}
.edited{background:#eceff1}.why{font-size:.85rem;color:#37474f}
.sort a{margin-right:.8rem}
.filters{display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;align-items:center;margin:.4rem 0 .6rem}
.filters fieldset{border:0;padding:0;margin:0}.filters legend{float:left;margin-right:.5rem;font-weight:bold}
.filters label{margin-right:.7rem;white-space:nowrap}.filters select{max-width:28rem}
.applicants tbody{counter-reset:shown}.applicants tr.applicant{counter-increment:shown}
.shown::after{content:counter(shown)}
.view{display:none}.view:target{display:block}.view:target ~ .default-view{display:none}.default-view{display:block}
@media print{body{max-width:none;margin:0;font-size:9pt}.figures{grid-template-columns:1fr 1fr}figure,tr{break-inside:avoid}.sort,.filters{display:none}}
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
    label = escape(_("Reports by verdict"))
    return (f'<svg class="verdicts" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
            + "".join(parts) + "</svg>")


def _status_word(key: str) -> str:
    """A check status in the reader's language ('failed')."""
    return _(STATUS_WORDS[key])


def _counts_words(tally: RequirementTally) -> str:
    return ", ".join(f"{getattr(tally, key)} {_status_word(key)}" for key, _colour in STATUS_COLOURS)


def _requirement_bars(summary: Summary) -> str:
    """A bar per requirement, its segments in proportion; the full title beside it (it wraps) and on hover."""
    if not summary.requirements:
        return "<p>" + escape(_("No requirement was checked in an intact report.")) + "</p>"
    rows = []
    for tally in summary.requirements:
        title = escape(safe_text(tally.title))
        segments = "".join(
            f'<i style="flex-grow:{getattr(tally, key)};background:{colour}" data-segment="{key}" '
            f'title="{title}: {getattr(tally, key)} {escape(_status_word(key))}"></i>'
            for key, colour in STATUS_COLOURS if getattr(tally, key) > 0)
        rows.append(f'<span class="bar-label" title="{title}">{title}</span>'
                    f'<span class="bar" title="{title}: {escape(_counts_words(tally))}">{segments}</span>'
                    f'<span class="bar-total">{tally.reports}</span>')
    label = _("Requirements: failed, unknown, skipped, warned, passed")
    return f'<div class="bars" role="img" aria-label="{escape(label)}">' + "".join(rows) + "</div>"


def _requirement_table(summary: Summary) -> str:
    head = "".join(f'<th class="num">{escape(_status_word(key).capitalize())}</th>' for key, _colour in STATUS_COLOURS)
    rows = []
    for tally in summary.requirements:
        cells = "".join(f'<td class="num" data-status="{key}">{getattr(tally, key)}</td>' for key, _colour in STATUS_COLOURS)
        rows.append(f'<tr data-requirement="{escape(tally.id)}"><td>{escape(safe_text(tally.title))}</td>{cells}'
                    f'<td class="num" data-status="reports">{tally.reports}</td></tr>')
    requirement, reports = escape(_("Requirement")), escape(_("Reports"))
    return (f'<table><thead><tr><th>{requirement}</th>{head}<th class="num">{reports}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _histogram(figure: FigureStats) -> str:
    if not figure.count:
        return '<p class="stats">' + escape(_("Not measured in any intact report.")) + "</p>"
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
        threshold = escape(_("threshold %(threshold)s") % {"threshold": threshold_text(figure)})
        parts.append(f'<line x1="{x:.1f}" y1="4" x2="{x:.1f}" y2="{bottom}" stroke="#c62828" stroke-width="2" stroke-dasharray="5 3"/>'
                     f'<text x="{x + offset:.1f}" y="14" font-size="12" font-weight="bold" fill="#c62828" text-anchor="{anchor}">'
                     f"{threshold}</text>")
    label = _("%(figure)s histogram") % {"figure": figure_title(figure)}
    return f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">' + "".join(parts) + "</svg>"


def _figures(summary: Summary) -> str:
    items = []
    for figure in summary.figures:
        if figure.threshold is not None:
            beyond = "; " + _("%(count)s on the wrong side of %(threshold)s") % {
                "count": f'<span data-beyond="{figure.fact}">{figure.beyond_threshold}</span>',
                "threshold": escape(threshold_text(figure))}
        else:
            beyond = "; " + escape(_("no common threshold"))
        spread = _("10th percentile %(p10)s · median %(median)s · 90th percentile %(p90)s") % {
            "p10": number_text(figure.p10), "median": number_text(figure.median), "p90": number_text(figure.p90)}
        measured = _("%(count)s measured") % {"count": f'<span data-figure-count="{figure.fact}">{figure.count}</span>'}
        items.append(f'<figure><figcaption>{escape(figure_title(figure))}</figcaption>{_histogram(figure)}'
                     f'<p class="stats">{measured} · {escape(spread)}{beyond}</p></figure>')
    return '<div class="figures">' + "".join(items) + "</div>"


def _linked(text: str, href: str | None) -> str:
    return f'<a href="{escape(quote(href, safe="/#"))}">{text}</a>' if href else text


_SCORE = N_("Score")
_APPLICANT_COLUMNS = (N_("Verdict"), _SCORE, N_("Applicant"), N_("Failed"), N_("Unknown"), N_("File"))
_NUMBER_CLASS = ' class="num"'


def _applicant_table(rows: list[ReportRow], tokens: Mapping[str, str], links: Mapping[str, str]) -> str:
    body = []
    for digest in rows:
        why = ""
        if not digest.intact:
            why = f'<div class="why">{escape(safe_text("; ".join(digest.integrity_reasons)))}</div>'
        failed = " ".join(tokens[check_id] for check_id in digest.failed_ids if check_id in tokens) if digest.intact else ""
        href = links.get(digest.path)
        body.append(
            f'<tr class="applicant{" edited" if not digest.intact else ""}" data-category="{digest.category}" data-failed="{failed}">'
            f"<td>{escape(category_words(digest.category))}{why}</td>"
            f'<td class="num">{digest.score}</td><td>{_linked(escape(applicant_cell(digest)), href)}</td>'
            f"<td>{escape(safe_text(', '.join(digest.failed)))}</td><td>{escape(safe_text(', '.join(digest.unknown)))}</td>"
            f"<td>{_linked(escape(safe_text(digest.path)), href)}</td></tr>"
        )
    head = "".join(f"<th{_NUMBER_CLASS if word == _SCORE else ''}>" + escape(_(word)) + "</th>" for word in _APPLICANT_COLUMNS)
    shown = escape(_("Shown:"))
    return (f'<table class="applicants"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(body)
            + f'\n</tbody><tfoot><tr><td colspan="6">{shown} <span class="shown"></span> / {len(rows)}</td></tr></tfoot></table>')


def _failed_tokens(summary: Summary) -> dict[str, str]:
    """A short token per requirement that failed in an intact report: the filters' CSS names these, never an id."""
    failed = [tally for tally in summary.requirements if tally.failed]
    return {tally.id: f"r{index}" for index, tally in enumerate(failed)}


def _filters(summary: Summary, tokens: Mapping[str, str]) -> tuple[str, str]:
    """(the controls, the CSS rules that hide the rows they leave out). Without scripts: CSS reads the controls."""
    radios = ['<label><input type="radio" name="verdict" id="verdict-all" checked> ' + escape(_("all")) + "</label>"]
    rules = []
    for category in SUMMARY_CATEGORIES:
        if summary.categories[category]:
            radios.append(f'<label><input type="radio" name="verdict" id="verdict-{category}"> '
                          f"{escape(category_words(category))} ({summary.categories[category]})</label>")
            rules.append(f'body:has(#verdict-{category}:checked) tr.applicant:not([data-category="{category}"]){{display:none}}')
    options = ['<option value="" selected>' + escape(_("any (no filter)")) + "</option>"]
    by_id = {tally.id: tally for tally in summary.requirements}
    for check_id, token in tokens.items():
        tally = by_id[check_id]
        options.append(f'<option value="{token}">{escape(safe_text(tally.title))} ({tally.failed})</option>')
        rules.append(f'body:has(#failed-filter option[value="{token}"]:checked) tr.applicant:not([data-failed~="{token}"]){{display:none}}')
    verdict, failed = escape(_("Verdict:")), escape(_("Failed:"))
    controls = (f'<form class="filters" action="#"><fieldset><legend>{verdict}</legend>{"".join(radios)}</fieldset>'
                f'<label>{failed} <select id="failed-filter">{"".join(options)}</select></label></form>')
    return controls, "\n".join(rules)


ALTERNATE_ORDERS_UP_TO_ROWS = 5000  # each order is a copy of the table: past this the page would be too heavy


def _sorted_views(summary: Summary, tokens: Mapping[str, str], links: Mapping[str, str]) -> str:
    if len(summary.rows) > ALTERNATE_ORDERS_UP_TO_ROWS:
        return ('<p class="sort">' + escape(_("By verdict, then reference (%(count)d rows; for other orders open "
                                               "--format csv in a spreadsheet).") % {"count": len(summary.rows)})
                + '</p>\n<div class="views">')
    by_reference = sorted(summary.rows, key=lambda d: (not d.applicant, (d.applicant or "").casefold(), CATEGORY_ORDER[d.category], d.path))
    by_score = sorted(summary.rows, key=lambda d: (-d.score, CATEGORY_ORDER[d.category], (d.applicant or "").casefold(), d.path))
    sort_by, by_verdict = escape(_("Sort by:")), escape(_("verdict, then reference"))
    by_reference_words, by_score_words = escape(_("reference")), escape(_("score"))
    return (f'<p class="sort">{sort_by} <a href="#by-verdict">{by_verdict}</a>'
            f'<a href="#by-reference">{by_reference_words}</a><a href="#by-score">{by_score_words}</a></p>\n<div class="views">'
            f'<section class="view" id="by-reference">{_applicant_table(by_reference, tokens, links)}</section>'
            f'<section class="view" id="by-score">{_applicant_table(by_score, tokens, links)}</section>')


def render(summary: Summary, links: Mapping[str, str] | None = None) -> str:
    """The dashboard; `links` maps a report's file (as the summary names it) to its address from the page."""
    links = links or {}
    cards = "".join(
        f'<div class="card" style="border-color:{CATEGORY_COLOURS[c]}"><span class="count" data-category="{c}">'
        f"{summary.categories[c]}</span>{escape(category_words(c))}</div>"
        for c in SUMMARY_CATEGORIES
    )
    legend = "".join(f'<span><i class="swatch" style="background:{colour}"></i>{escape(_status_word(key))}</span>'
                     for key, colour in STATUS_COLOURS)
    tokens = _failed_tokens(summary)
    controls, filter_rules = _filters(summary, tokens)
    unreadable = ""
    if summary.unreadable:
        unreadable = ("<h2>" + escape(_("Files that could not be read")) + "</h2><ul>" + "".join(
            f"<li>{escape(safe_text(u.path))}: {escape(safe_text(u.reason))}</li>" for u in summary.unreadable) + "</ul>")
    read = ngettext("%(count)s report read", "%(count)s reports read", summary.total) % {
        "count": f'<span data-total="reports">{summary.total}</span>'}
    meta = read + ", " + escape(_("%(count)d intact") % {"count": summary.intact})
    if summary.profile:
        meta += " · " + escape(_("figures judged against profile %(profile)s") % {"profile": summary.profile})
    meta += ". " + escape(_("An edited or damaged report (its verdict, score or profile does not match its own checks) "
                            "is never counted as ready."))
    title = ngettext("rigcheck: %(count)d report", "rigcheck: %(count)d reports", summary.total) % {"count": summary.total}
    linked = (" " + escape(_("A reference or file name opens that applicant's report."))) if links else ""
    bars_note = escape(_("Each bar adds up to the intact reports that hold the requirement (the number after it). "
                         "Unknown: measured without a result; skipped: the applicant left that part out."))
    figures_note = escape(_("Histograms of intact reports; the dashed red line is the threshold."))
    applicants_note = escape(_("Filter by verdict or by a failed requirement, and sort by the links."))
    headings = {key: escape(_(words)) for key, words in (
        ("h1", N_("rigcheck: received reports")), ("verdicts", N_("Verdicts")), ("requirements", N_("Requirements, most failed first")),
        ("figures", N_("Network figures")), ("applicants", N_("Applicants")))}
    return (
        f'<!DOCTYPE html>\n<html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}\n{filter_rules}</style></head><body>\n"
        f"<h1>{headings['h1']}</h1>\n"
        f'<p class="meta">{meta}</p>\n'
        f"<h2>{headings['verdicts']}</h2>\n<div class=\"cards\">{cards}</div>\n{_verdict_chart(summary)}\n"
        f"<h2>{headings['requirements']}</h2>\n<p class=\"legend\">{legend}</p>\n<p class=\"meta\">{bars_note}</p>\n"
        f"{_requirement_bars(summary)}\n{_requirement_table(summary)}\n"
        f"<h2>{headings['figures']}</h2>\n<p class=\"meta\">{figures_note}</p>\n{_figures(summary)}\n"
        f"<h2>{headings['applicants']}</h2>\n<p class=\"meta\">{applicants_note}{linked}</p>\n"
        + controls + "\n" + _sorted_views(summary, tokens, links)
        + f'<section class="default-view" id="by-verdict">{_applicant_table(list(summary.rows), tokens, links)}</section></div>\n'
        f"{unreadable}\n</body></html>\n"
    )

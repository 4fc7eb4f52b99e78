"""`report summarize` as text: the answers first (how many are ready, what fails most, the network
figures against the thresholds), then one row per report. Untrusted text is shown without control characters.
"""

from __future__ import annotations

from rigcheck.i18n import _, ngettext
from rigcheck.render.numbers import number_text
from rigcheck.render.summary_common import (
    applicant_cell,
    category_words,
    figure_title,
    row_status,
    safe_text,
    threshold_text,
)
from rigcheck.summary import EDITED, SUMMARY_CATEGORIES, Summary

MAX_LISTED_FAILURES = 3  # per row; the CSV and JSON carry them all
_INDENT = 57  # where a row's second lines start: under the file name


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


def _heading(summary: Summary) -> str:
    line = ngettext("%(count)d report read", "%(count)d reports read", summary.total) % {"count": summary.total}
    if summary.unreadable:
        line += _(", %(count)d could not be read (see below)") % {"count": len(summary.unreadable)}
    if summary.profile:
        line += _("; figures judged against profile %(profile)s") % {"profile": summary.profile}
    return line


def _requirement_lines(summary: Summary) -> list[str]:
    # Each row adds up: failed + unknown + skipped + warned + passed = the intact reports that hold the requirement.
    columns = (_("FAILED"), _("UNKNOWN"), _("SKIPPED"), _("WARNED"), _("PASSED"), _("REPORTS"))
    lines = [ngettext("REQUIREMENTS, most failed first (over %(count)d intact report)",
                      "REQUIREMENTS, most failed first (over %(count)d intact reports)", summary.intact) % {"count": summary.intact},
             " ".join(f"{column:>7}" for column in columns) + "  " + _("REQUIREMENT")]
    for tally in summary.requirements:
        counts = (tally.failed, tally.unknown, tally.skipped, tally.warned, tally.passed, tally.reports)
        lines.append(" ".join(f"{count:>7}" for count in counts) + f"  {safe_text(tally.title)}")
    lines.append(_("UNKNOWN: measured but without a result; SKIPPED: the applicant left its test out."))
    return lines


def _columns(*cells: tuple[str, int, str]) -> str:
    """Column headings, each padded to its width and aligned ('<' or '>'), separated by one space."""
    return " ".join(f"{text:{align}{width}}" if width else text for text, width, align in cells)


def _figure_lines(summary: Summary) -> list[str]:
    lines = [_("NETWORK FIGURES (intact reports that measured them)"),
             _columns((_("FIGURE"), 34, "<"), ("N", 7, ">"), ("P10", 8, ">"), (_("MEDIAN"), 8, ">"), ("P90", 8, ">"))
             + "  " + _columns((_("THRESHOLD"), 10, "<"), (_("BEYOND IT"), 0, "<"))]
    for figure in summary.figures:
        beyond = f"{figure.beyond_threshold} ({_share(figure.beyond_threshold, figure.count)})" if figure.threshold is not None else "—"
        source = summary.thresholds_from.get(figure.fact)
        threshold = threshold_text(figure) if figure.threshold is not None else (_("varies") if source == "varies" and figure.count else "—")
        lines.append(f"{figure_title(figure):<34} {figure.count:>7} {number_text(figure.p10):>8} {number_text(figure.median):>8} "
                     f"{number_text(figure.p90):>8}  {threshold:<10} {beyond}")
    return lines


def _applicant_lines(summary: Summary) -> list[str]:
    lines = [_("APPLICANTS, by verdict then reference"),
             _columns((_("VERDICT"), 20, "<"), (_("SCORE"), 5, ">")) + "  "
             + _columns((_("APPLICANT"), 28, "<"), (_("FILE / WHAT FAILED"), 0, "<"))]
    for digest in summary.rows:
        lines.append(f"{row_status(digest):<20} {digest.score:>5}  {applicant_cell(digest)[:28]:<28} {safe_text(digest.path)}")
        if not digest.intact:
            lines.append(" " * _INDENT + _("edited or damaged: %(reasons)s") % {"reasons": safe_text("; ".join(digest.integrity_reasons))})
        failed = digest.failed
        if failed:
            listed = safe_text(", ".join(failed[:MAX_LISTED_FAILURES]))
            more = len(failed) - MAX_LISTED_FAILURES
            if more > 0:
                listed += ngettext(" and %(count)d more", " and %(count)d more", more) % {"count": more}
            lines.append(" " * _INDENT + _("failed: %(checks)s") % {"checks": listed})
    return lines


def render(summary: Summary) -> str:
    lines = [_heading(summary), "", _columns((_("VERDICT"), 22, "<"), (_("REPORTS"), 8, ">")) + "  " + _columns((_("SHARE"), 5, ">"))]
    for category in SUMMARY_CATEGORIES:
        count = summary.categories[category]
        note = "  " + _("never counted as ready") if category == EDITED and count else ""
        lines.append(f"{category_words(category):<22} {count:>8}  {_share(count, summary.total):>5}{note}")
    lines += ["", *_requirement_lines(summary), "", *_figure_lines(summary), "", *_applicant_lines(summary)]
    if summary.unreadable:
        lines += ["", _("NOT READ")]
        lines += [f"  {safe_text(item.path)}: {safe_text(item.reason)}" for item in summary.unreadable]
    return "\n".join(lines) + "\n"

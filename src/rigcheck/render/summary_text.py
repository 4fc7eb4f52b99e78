"""`report summarize` as text: the answers first (how many are ready, what fails most, the network
figures against the thresholds), then one row per report. Untrusted text is shown without control characters.
"""

from __future__ import annotations

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


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f} %" if total else "—"


def render(summary: Summary) -> str:
    lines = [f"{summary.total} report(s) read" + (f", {len(summary.unreadable)} could not be read (see below)" if summary.unreadable else "")
             + (f"; figures judged against profile {summary.profile}" if summary.profile else ""), ""]
    lines.append("VERDICT                 REPORTS  SHARE")
    for category in SUMMARY_CATEGORIES:
        count = summary.categories[category]
        note = "  never counted as ready" if category == EDITED and count else ""
        lines.append(f"{category_words(category):<22} {count:>8}  {_share(count, summary.total):>5}{note}")
    lines += ["", f"REQUIREMENTS, most failed first (over {summary.intact} intact report(s))",
              f"{'FAILED':>7} {'UNKNOWN':>7} {'WARNED':>7} {'PASSED':>7}  REQUIREMENT"]
    for tally in summary.requirements:
        lines.append(f"{tally.failed:>7} {tally.unknown:>7} {tally.warned:>7} {tally.passed:>7}  {safe_text(tally.title)}")
    lines += ["", "NETWORK FIGURES (intact reports that measured them)",
              f"{'FIGURE':<34} {'N':>7} {'P10':>8} {'MEDIAN':>8} {'P90':>8}  {'THRESHOLD':<10} BEYOND IT"]
    for figure in summary.figures:
        beyond = f"{figure.beyond_threshold} ({_share(figure.beyond_threshold, figure.count)})" if figure.threshold is not None else "—"
        source = summary.thresholds_from.get(figure.fact)
        threshold = threshold_text(figure) if figure.threshold is not None else ("varies" if source == "varies" and figure.count else "—")
        lines.append(f"{figure_title(figure):<34} {figure.count:>7} {number_text(figure.p10):>8} {number_text(figure.median):>8} "
                     f"{number_text(figure.p90):>8}  {threshold:<10} {beyond}")
    lines += ["", "APPLICANTS, by verdict then reference",
              f"{'VERDICT':<20} {'SCORE':>5}  {'APPLICANT':<28} FILE / WHAT FAILED"]
    for digest in summary.rows:
        lines.append(f"{row_status(digest):<20} {digest.score:>5}  {applicant_cell(digest)[:28]:<28} {safe_text(digest.path)}")
        if not digest.intact:
            lines.append(f"{'':<57}edited or damaged: {safe_text('; '.join(digest.integrity_reasons))}")
        failed = digest.failed
        if failed:
            more = f" and {len(failed) - MAX_LISTED_FAILURES} more" if len(failed) > MAX_LISTED_FAILURES else ""
            lines.append(f"{'':<57}failed: {safe_text(', '.join(failed[:MAX_LISTED_FAILURES]))}{more}")
    if summary.unreadable:
        lines += ["", "NOT READ"]
        lines += [f"  {safe_text(item.path)}: {safe_text(item.reason)}" for item in summary.unreadable]
    return "\n".join(lines) + "\n"

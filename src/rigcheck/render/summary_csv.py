"""`report summarize --format csv`: one row per report, columns titled for people (a spreadsheet's header).

Fixed columns first, then each key network figure, then one column per requirement (its status word).
"""

from __future__ import annotations

import csv
import io

from rigcheck.render.common import STATUS_WORD
from rigcheck.render.summary_common import applicant_cell, figure_title, row_status, safe_text
from rigcheck.summary import Summary, failed_titles

FIXED_COLUMNS = ("File", "Applicant", "Verdict", "Integrity", "Score", "Profile", "Profile version", "Created",
                 "Failed", "Unknown")


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(summary: Summary) -> str:
    requirement_columns = []
    taken = set(FIXED_COLUMNS)
    for tally in summary.requirements:
        title = tally.title if tally.title not in taken else f"{tally.title} ({tally.id})"
        taken.add(title)
        requirement_columns.append((tally.id, title))
    figure_columns = [(figure.fact, figure_title(figure)) for figure in summary.figures]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIXED_COLUMNS, *(title for _f, title in figure_columns), *(title for _i, title in requirement_columns)])
    for digest in summary.rows:
        statuses = {check.id: STATUS_WORD[check.status] for check in digest.checks}
        integrity = "intact" if digest.integrity.intact else "edited or damaged: " + "; ".join(digest.integrity.reasons)
        cells = [digest.path, applicant_cell(digest), row_status(digest), integrity, digest.score, digest.profile_id,
                 digest.profile_version, digest.created_at, "; ".join(failed_titles(digest, "fail")),
                 "; ".join(failed_titles(digest, "unknown"))]
        cells += [digest.figures.get(fact, "") for fact, _title in figure_columns]
        cells += [statuses.get(check_id, "") for check_id, _title in requirement_columns]
        writer.writerow([_spreadsheet_safe(safe_text(c)) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()

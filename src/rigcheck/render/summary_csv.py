"""`report summarize --format csv`: one row per report, columns titled for people (a spreadsheet's header).

The verdict, integrity and score, what failed, was unknown or skipped (by title), then each key network figure.
"""

from __future__ import annotations

import csv
import io

from rigcheck.i18n import N_, _
from rigcheck.render.summary_common import applicant_cell, figure_title, row_status, safe_text
from rigcheck.summary import Summary

FIXED_COLUMNS = (N_("File"), N_("Applicant"), N_("Verdict"), N_("Integrity"), N_("Score"), N_("Profile"), N_("Profile version"),
                 N_("Created"), N_("Failed"), N_("Unknown"), N_("Skipped"))


def _spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (=, +, -, @ at the start)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render(summary: Summary) -> str:
    figure_columns = [(figure.fact, figure_title(figure)) for figure in summary.figures]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*(_(column) for column in FIXED_COLUMNS), *(title for _f, title in figure_columns)])
    for row in summary.rows:
        integrity = _("intact") if row.intact else _("edited or damaged: %(reasons)s") % {"reasons": "; ".join(row.integrity_reasons)}
        cells = [row.path, applicant_cell(row), row_status(row), integrity, row.score, row.profile_id,
                 row.profile_version, row.created_at, "; ".join(row.failed), "; ".join(row.unknown), "; ".join(row.skipped)]
        cells += [row.figures.get(fact, "") for fact, _title in figure_columns]
        writer.writerow([_spreadsheet_safe(safe_text(c)) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()

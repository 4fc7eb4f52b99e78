"""Words and numbers the summary formats share (text, CSV, JSON, HTML): each said once here."""

from __future__ import annotations

import unicodedata
from typing import Any

from rigcheck.i18n import _
from rigcheck.render.common import NO_APPLICANT
from rigcheck.render.numbers import NOTHING, number_text
from rigcheck.summary import CATEGORY_WORDS, EDITED, FigureStats, ReportRow, Summary

COMPARISON_SYMBOL = {"at_least": ">=", "at_most": "<="}


def safe_text(text: str) -> str:
    """Untrusted text (from a received report) with control characters shown as "?": no terminal escapes."""
    text = str(text)
    if text.isprintable():  # nearly always: checked at C speed, 100,000 rows at a time
        return text
    return "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def category_words(category: str) -> str:
    return _(CATEGORY_WORDS[category])


def applicant_cell(digest: ReportRow) -> str:
    return safe_text(digest.applicant) if digest.applicant else "(" + _(NO_APPLICANT) + ")"


def figure_title(figure: FigureStats) -> str:
    return f"{figure.title} ({figure.unit})" if figure.unit else figure.title


def threshold_text(figure: FigureStats) -> str:
    if figure.threshold is None:
        return NOTHING
    return f"{COMPARISON_SYMBOL[figure.comparison]} {number_text(figure.threshold)}"


def row_status(digest: ReportRow) -> str:
    return category_words(digest.category)


def row_dict(digest: ReportRow) -> dict[str, Any]:
    """One report as the JSON summary lists it."""
    return {
        "file": digest.path,
        "applicant": digest.applicant,
        "category": digest.category,
        "stated_verdict": digest.verdict,
        "score": digest.score,
        "intact": digest.intact,
        "integrity_problems": list(digest.integrity_reasons),
        "profile": digest.profile_id,
        "profile_version": digest.profile_version,
        "created_at": digest.created_at,
        "failed": list(digest.failed),
        "unknown": list(digest.unknown),
        "failed_ids": list(digest.failed_ids),
        "unknown_ids": list(digest.unknown_ids),
        "skipped": list(digest.skipped),
        "skipped_ids": list(digest.skipped_ids),
        "figures": dict(digest.figures),
    }


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The whole summary as data (the JSON format, and what the dashboard's counts must agree with)."""
    from rigcheck.summary import SUMMARY_SCHEMA

    return {
        "schema": SUMMARY_SCHEMA,
        "reports": summary.total,
        "intact_reports": summary.intact,
        "profile": summary.profile or None,
        "categories": dict(summary.categories),
        "ready_total": summary.categories["ready"] + summary.categories["ready_with_warnings"],
        "requirements": [
            {"id": t.id, "title": t.title, "failed": t.failed, "unknown": t.unknown, "warned": t.warned,
             "passed": t.passed, "skipped": t.skipped, "reports": t.reports}
            for t in summary.requirements
        ],
        "figures": [
            {"fact": f.fact, "title": f.title, "unit": f.unit, "comparison": f.comparison, "threshold": f.threshold,
             "threshold_from": summary.thresholds_from.get(f.fact), "count": f.count, "p10": f.p10,
             "median": f.median, "p90": f.p90, "beyond_threshold": f.beyond_threshold,
             "histogram": {"edges": list(f.histogram_edges), "counts": list(f.histogram_counts)}}
            for f in summary.figures
        ],
        "rows": [row_dict(digest) for digest in summary.rows],
        "unreadable": [{"file": u.path, "reason": u.reason} for u in summary.unreadable],
    }


__all__ = ["EDITED", "safe_text", "summary_dict", "row_dict", "threshold_text", "figure_title",
           "applicant_cell", "category_words", "row_status"]

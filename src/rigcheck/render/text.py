"""A readable plain-text table for terminals and logs (no colour codes: status is a word and a symbol)."""

from __future__ import annotations

import textwrap

from rigcheck.model import Report
from rigcheck.render.shift import shift_lines
from rigcheck.render.common import (
    STATUS_SYMBOL,
    STATUS_WORD,
    VERDICT_TEXT,
    applicant_text,
    ascii_glyphs,
    expected_text,
    failing_checks,
    observed_text,
    summary_line,
)


def _truncate(text: str, width: int, ellipsis: str = "…") -> str:
    return text if len(text) <= width else text[: width - len(ellipsis)] + ellipsis


def render(report: Report, *, ascii_only: bool = False) -> str:
    """The table; `ascii_only` for consoles that cannot show ✔ · — … (columns stay aligned)."""
    glyphs = ascii_glyphs if ascii_only else str
    ellipsis = glyphs("…")
    lines = [
        glyphs(f"rigcheck {report.rigcheck_version} · profile {report.profile.id} {report.profile.version}".rstrip()),
        report.profile.name,
        "",
        VERDICT_TEXT[report.verdict],
        glyphs(f"Applicant: {applicant_text(report)}"),
        glyphs(summary_line(report)),
        "",
    ]
    for problem in report.problems:
        # Said once here; every check it left unknown points to it.
        lines.append(glyphs(f"Note: {problem.title}."))
        lines += textwrap.wrap(glyphs(problem.message), 96, initial_indent="    ", subsequent_indent="    ")
        lines += textwrap.wrap(glyphs(f"What to do: {problem.hint}"), 96, initial_indent="    ", subsequent_indent="    ")
        lines.append("")
    rows = [("STATUS", "CHECK", "MEASURED", "REQUIRED")]
    for check in report.checks:
        title = check.title if check.required else f"{check.title} (rec.)"
        rows.append((glyphs(f"{STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]}"),
                     _truncate(glyphs(title), 44, ellipsis), _truncate(glyphs(observed_text(check)), 30, ellipsis),
                     _truncate(glyphs(expected_text(check)), 34, ellipsis)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    if any(not check.required for check in report.checks):
        lines.append("(rec.) = recommended: a failure is a warning, not a refusal.")
    shift = shift_lines(report)
    if shift:
        lines += ["", *(glyphs(line) for line in shift)]
    todo = failing_checks(report)
    if todo:
        lines += ["", "What to do:"]
        for check in todo:
            lines.append(glyphs(f"{STATUS_SYMBOL[check.status]} {check.title}: {check.message}"))
            if check.hint:
                lines += textwrap.wrap(glyphs(check.hint), 96, initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"

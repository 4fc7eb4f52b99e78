"""A readable plain-text table for terminals and logs (no colour codes: status is a word and a symbol)."""

from __future__ import annotations

import textwrap

from rigcheck.model import Report
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


# The widest each cell may be when the table must be narrowed to fit a terminal: check, measured, required.
_NARROW_CELLS = (44, 30, 34)


def _table(rows: list[tuple[str, str, str, str]], width: int | None, ellipsis: str) -> list[str]:
    """The rows in columns; cut only when `width` (a terminal's) is given and the whole table is wider."""
    def lay_out(cells: list[tuple[str, str, str, str]]) -> list[str]:
        widths = [max(len(row[i]) for row in cells) for i in range(4)]
        return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]

    lines = lay_out(rows)
    if width is None or max(map(len, lines)) <= width:
        return lines
    check, measured, required = _NARROW_CELLS
    return lay_out([(status, _truncate(title, check, ellipsis), _truncate(observed, measured, ellipsis),
                     _truncate(expected, required, ellipsis)) for status, title, observed, expected in rows])


def render(report: Report, *, ascii_only: bool = False, width: int | None = None) -> str:
    """The table; `ascii_only` for consoles that cannot show ✔ · — … (columns stay aligned); `width`: of
    the terminal it is shown on, whose long cells are cut to fit (a file or a pipe keeps every word)."""
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
                     glyphs(title), glyphs(observed_text(check)), glyphs(expected_text(check))))
    lines += _table(rows, width, ellipsis)
    if any(not check.required for check in report.checks):
        lines.append("(rec.) = recommended: a failure is a warning, not a refusal.")
    todo = failing_checks(report)
    if todo:
        lines += ["", "What to do:"]
        for check in todo:
            lines.append(glyphs(f"{STATUS_SYMBOL[check.status]} {check.title}: {check.message}"))
            if check.hint:
                lines += textwrap.wrap(glyphs(check.hint), 96, initial_indent="    ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"

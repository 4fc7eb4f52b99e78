"""A readable plain-text table for terminals and logs (no colour codes: status is a word and a symbol)."""

from __future__ import annotations

import textwrap

from rigcheck.i18n import _
from rigcheck.model import Report
from rigcheck.render import words
from rigcheck.render.links import links_side_by_side
from rigcheck.render.shift import shift_lines
from rigcheck.render.common import (
    STATUS_SYMBOL,
    applicant_text,
    ascii_glyphs,
    expected_text,
    failing_checks,
    observed_text,
    status_text,
    summary_line,
    verdict_line,
)

_WIDTH = 96


def _truncate(text: str, width: int, ellipsis: str = "…") -> str:
    return text if len(text) <= width else text[: width - len(ellipsis)] + ellipsis


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent="    ", subsequent_indent="    ", break_on_hyphens=False)


_NARROWEST_CELL = 12  # a cut column keeps at least this much of each cell


def _table(rows: list[tuple[str, str, str, str]], width: int | None, ellipsis: str) -> list[str]:
    """The rows in columns; cut only when `width` (a terminal's) is given and the whole table is wider:
    then the widest of check, measured and needed gives up a column at a time until the table fits."""
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    if width is not None:
        while sum(widths) + 2 * 3 > width and max(widths[1:]) > _NARROWEST_CELL:
            widest = max(range(1, 4), key=lambda i: widths[i])
            widths[widest] -= 1
    cells = [[row[0], *(_truncate(cell, widths[i], ellipsis) for i, cell in enumerate(row) if i)] for row in rows]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells]


def render(report: Report, *, ascii_only: bool = False, width: int | None = None) -> str:
    """The table; `ascii_only` for consoles that cannot show ✔ · — … (columns stay aligned); `width`: of
    the terminal it is shown on, whose long cells are cut to fit (a file or a pipe keeps every word)."""
    glyphs = ascii_glyphs if ascii_only else str
    ellipsis = glyphs("…")
    lines = [
        glyphs(_("rigcheck %(version)s · profile %(profile)s %(profile_version)s")
               % {"version": report.rigcheck_version, "profile": report.profile.id,
                  "profile_version": report.profile.version}).rstrip(),
        report.profile.name,
        "",
        glyphs(verdict_line(report)),
        glyphs(_("Applicant: %(applicant)s") % {"applicant": applicant_text(report)}),
        glyphs(summary_line(report)),
        "",
    ]
    for problem in report.problems:
        # Said once here; every check it left without a result points to it.
        lines.append(glyphs(_("Problem: %(problem)s.") % {"problem": words.problem_title(problem)}))
        lines += _wrapped(glyphs(words.problem_message(problem)))
        lines += _wrapped(glyphs(_("What to do: %(fix)s") % {"fix": words.problem_fix(problem)}))
        lines.append("")
    header = (_("STATUS"), _("CHECK"), _("MEASURED"), _("NEEDED"))
    rows = [header]
    for check in report.checks:
        title = words.check_title(check)
        if not check.required:
            title = _("%(title)s (rec.)") % {"title": title}
        rows.append((glyphs(status_text(check.status)), glyphs(title), glyphs(observed_text(check)), glyphs(expected_text(check))))
    lines += _table(rows, width, ellipsis)
    if any(not check.required for check in report.checks):
        lines.append(glyphs(_("(rec.) = recommended: if it fails, it is a warning, not a refusal.")))
    links = links_side_by_side(report)
    if links:
        widths = [max(len(row[i]) for row in links) for i in range(3)]
        lines += ["", glyphs(_("Your main line and your backup:"))]
        lines += [glyphs("  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()) for row in links]
    shift = shift_lines(report)
    if shift:
        lines += ["", *(glyphs(line) for line in shift)]
    todo = failing_checks(report)
    if todo:
        lines += ["", _("What to do:")]
        for check in todo:
            lines.append(glyphs(f"{STATUS_SYMBOL[check.status]} {words.check_title(check)}"))
            lines += _wrapped(glyphs(words.check_message(check)))
            fix = words.check_fix(check)
            if fix:
                lines += _wrapped(glyphs(_("Fix: %(fix)s") % {"fix": fix}))
    return "\n".join(lines) + "\n"

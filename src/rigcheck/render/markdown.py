"""Markdown: for pasting into an e-mail, a ticket or a CI job summary.

The same order as the HTML page: verdict and applicant, problems, what to fix, every check by severity.
"""

from __future__ import annotations

from rigcheck.model import Report
from rigcheck.render.shift import shift_lines
from rigcheck.render.common import (
    STATUS_SYMBOL,
    STATUS_WORD,
    applicant_text,
    checks_by_severity,
    checks_to_fix,
    expected_text,
    observed_text,
    summary_line,
    verdict_headline,
)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _literal(text: str) -> str:
    """Text from outside rigcheck (the applicant reference) shown as typed: no markup, no HTML."""
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in " ".join(str(text).split()))


def render(report: Report) -> str:
    headline, explanation = verdict_headline(report)
    lines = [
        "# rigcheck report",
        "",
        f"**{headline}**: {explanation}",
        "",
        f"- Applicant: **{_literal(applicant_text(report))}**",
        f"- Profile: {_cell(report.profile.name)} (`{report.profile.id}` {report.profile.version})",
        f"- {summary_line(report)}",
        f"- Created: {report.created_at} by rigcheck {report.rigcheck_version}",
        "",
    ]
    for problem in report.problems:
        lines += [f"> **{_cell(problem.title)}.** {_cell(problem.message)}", ">",
                  f"> What to do: {_cell(problem.hint)}", ""]
    shift = shift_lines(report)
    if shift:
        lines += [f"## {_cell(shift[0])}", "", *(f"- {_cell(line.strip())}" for line in shift[1:]), ""]
    lines += ["## What to fix", ""]
    to_fix = checks_to_fix(report)
    for check in to_fix:
        recommended = "" if check.required else " *(recommended)*"
        fix = f" Fix: {check.hint}" if check.hint else ""
        lines.append(f"- **{STATUS_WORD[check.status]} {_cell(check.title)}**{recommended}: {_cell(check.message)}{_cell(fix)}")
    if not to_fix:
        lines.append("Nothing: every check passed.")
    lines += [
        "",
        "## Every check, most serious first",
        "",
        "| Status | Check | Measured | Required |",
        "|---|---|---|---|",
    ]
    for check in checks_by_severity(report):
        title = check.title if check.required else f"{check.title} *(recommended)*"
        lines.append(f"| {STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]} | {_cell(title)} | "
                     f"{_cell(observed_text(check))} | {_cell(expected_text(check))} |")
    return "\n".join(lines) + "\n"

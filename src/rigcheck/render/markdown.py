"""Markdown: for pasting into an e-mail, a ticket or a CI job summary."""

from __future__ import annotations

from rigcheck.model import Report
from rigcheck.render.common import STATUS_SYMBOL, STATUS_WORD, VERDICT_TEXT, expected_text, failing_checks, observed_text, summary_line


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    lines = [
        "# rigcheck report",
        "",
        f"**{VERDICT_TEXT[report.verdict]}**",
        "",
        f"- Profile: {_cell(report.profile.name)} (`{report.profile.id}` {report.profile.version})",
        f"- {summary_line(report)}",
        f"- Created: {report.created_at} by rigcheck {report.rigcheck_version}",
        "",
    ]
    for problem in report.problems:
        lines += [f"> **{_cell(problem.title)}.** {_cell(problem.message)}", ">",
                  f"> What to do: {_cell(problem.hint)}", ""]
    lines += [
        "| Status | Check | Measured | Required |",
        "|---|---|---|---|",
    ]
    for check in report.checks:
        title = check.title if check.required else f"{check.title} *(recommended)*"
        lines.append(f"| {STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]} | {_cell(title)} | "
                     f"{_cell(observed_text(check))} | {_cell(expected_text(check))} |")
    todo = failing_checks(report)
    if todo:
        lines += ["", "## What to do", ""]
        for check in todo:
            fix = f" {check.hint}" if check.hint else ""
            lines.append(f"- **{STATUS_WORD[check.status]} {_cell(check.title)}**: {_cell(check.message)}{_cell(fix)}")
    return "\n".join(lines) + "\n"

"""Markdown: for pasting into an e-mail, a ticket or a CI job summary.

The same order as the HTML page: verdict and applicant, problems, what to fix, every check by severity.
"""

from __future__ import annotations

from rigcheck.i18n import _
from rigcheck.model import CheckResult, Report
from rigcheck.render import words
from rigcheck.render.links import links_side_by_side
from rigcheck.render.shift import shift_lines
from rigcheck.render.common import (
    applicant_text,
    checks_by_severity,
    checks_to_fix,
    expected_text,
    observed_text,
    status_text,
    summary_line,
    verdict_headline,
)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _literal(text: str) -> str:
    """Text from outside rigcheck (the applicant reference) shown as typed: no markup, no HTML."""
    return "".join("\\" + c if c in "\\`*_[]<>|#" else c for c in " ".join(str(text).split()))


def _recommended(check: CheckResult) -> str:
    return "" if check.required else " *(%s)*" % _("recommended")


def render(report: Report) -> str:
    headline, explanation = verdict_headline(report)
    lines = [
        "# " + _("rigcheck report"),
        "",
        f"**{headline}**: {explanation}",
        "",
        "- " + _("Applicant: %(applicant)s") % {"applicant": f"**{_literal(applicant_text(report))}**"},
        "- " + _("Profile: %(profile)s") % {"profile": f"{_cell(report.profile.name)} (`{report.profile.id}` {report.profile.version})"},
        f"- {summary_line(report)}",
        "- " + _("Created: %(created)s by rigcheck %(version)s") % {"created": report.created_at, "version": report.rigcheck_version},
        "",
    ]
    for problem in report.problems:
        lines += [f"> **{_cell(words.problem_title(problem))}.** {_cell(words.problem_message(problem))}", ">",
                  "> " + _cell(_("What to do: %(fix)s") % {"fix": words.problem_fix(problem)}), ""]
    shift = shift_lines(report)
    if shift:
        lines += [f"## {_cell(shift[0])}", "", *(f"- {_cell(line.strip())}" for line in shift[1:]), ""]
    lines += ["## " + _("What to fix"), ""]
    to_fix = checks_to_fix(report)
    for check in to_fix:
        fix = words.check_fix(check)
        fix_text = " " + _("Fix: %(fix)s") % {"fix": fix} if fix else ""
        lines.append(f"- **{words.status_word(check.status)} {_cell(words.check_title(check))}**{_recommended(check)}: "
                     f"{_cell(words.check_message(check))}{_cell(fix_text)}")
    if not to_fix:
        lines.append(_("Nothing: every check passed."))
    lines += [
        "",
        "## " + _("Every check, most serious first"),
        "",
        "| " + " | ".join([_("Status"), _("Check"), _("Measured"), _("Needed")]) + " |",
        "|---|---|---|---|",
    ]
    for check in checks_by_severity(report):
        lines.append(f"| {status_text(check.status)} | {_cell(words.check_title(check))}{_recommended(check)} | "
                     f"{_cell(observed_text(check))} | {_cell(expected_text(check))} |")
    links = links_side_by_side(report)
    if links:
        lines += ["", "## " + _("Your main line and your backup"), ""]
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in links[:1]] + ["|---|---|---|"]
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in links[1:]]
    return "\n".join(lines) + "\n"

"""A single self-contained HTML page (no scripts, no external resources) an applicant can e-mail.

Read top to bottom by a person: the verdict and whose report it is, why anything could not be measured,
what to fix (each with its fix), then every check by severity. Fits a phone; prints on one or two pages.
"""

from __future__ import annotations

from html import escape

from rigcheck.i18n import _, current_language
from rigcheck.model import CheckResult, Report
from rigcheck.render import words
from rigcheck.render.links import links_side_by_side
from rigcheck.render.shift import shift_html
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

_STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
.verdict{padding:.8rem 1rem;border-radius:.4rem;border:2px solid}
.verdict .headline{font-size:1.5rem;font-weight:bold;margin:0}.verdict p{margin:.2rem 0}
.applicant{font-size:1.1rem}
.ready,.ready_with_warnings{border-color:#2e7d32;background:#e8f5e9}
.not_ready{border-color:#c62828;background:#ffebee}.incomplete{border-color:#ef6c00;background:#fff3e0}
.meta{color:#333;font-size:.9rem}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35rem;text-align:left;vertical-align:top}
.fail{color:#b71c1c}.warn{color:#8d5a00}.unknown{color:#6a1b9a}.pass{color:#1b5e20}.skipped{color:#555}
.status{white-space:nowrap;font-weight:bold}
.hint{font-size:.9em;color:#333}
.fix{padding-left:1.2rem}.fix li{margin:.4rem 0}.fix .what{font-weight:bold}
.problem{border-left:4px solid #6a1b9a;padding:.2rem 1rem;margin:1rem 0}.problem h2{font-size:1.05rem;margin:.3rem 0}
@media (max-width:40rem){
 body{margin:.5rem auto;padding:0 .6rem}
 table,tbody,tr,td{display:block;width:100%}thead{display:none}
 tr{border-bottom:1px solid #ccc;padding:.3rem 0}td{border:0;padding:.1rem 0}
 td[data-label]::before{content:attr(data-label) ": ";font-weight:bold;color:#333}
}
@media print{
 @page{margin:12mm}
 body{max-width:none;margin:0;padding:0;font-size:9pt;line-height:1.25}
 h2{font-size:10.5pt;margin:.6rem 0 .2rem}.verdict .headline{font-size:13pt}
 th,td{padding:.1rem .3rem}.fix li{margin:.15rem 0}
 .verdict,.problem,.fix li,tr{break-inside:avoid}
}
"""


def _title(check: CheckResult) -> str:
    title = escape(words.check_title(check))
    recommended = escape(_("recommended"))
    return title if check.required else f"{title} <em>({recommended})</em>"


def _status(check: CheckResult) -> str:
    return f'<span class="status {check.status}">{escape(status_text(check.status))}</span>'


def render(report: Report) -> str:
    headline, explanation = verdict_headline(report)
    measured, needed = escape(_("Measured")), escape(_("Needed"))
    rows = []
    for check in checks_by_severity(report):
        rows.append(
            f'<tr><td class="status {check.status}">{escape(status_text(check.status))}</td>'
            f"<td>{_title(check)}<div class=\"hint\">{escape(words.check_message(check))}</div></td>"  # its fix is under What to fix
            f'<td data-label="{measured}">{escape(observed_text(check))}</td>'
            f'<td data-label="{needed}">{escape(expected_text(check))}</td></tr>'
        )
    notes = "".join(
        f'<section class="problem"><h2>{escape(words.problem_title(problem))}</h2><p>{escape(words.problem_message(problem))}</p>'
        '<p class="hint">' + escape(_("What to do: %(fix)s") % {"fix": words.problem_fix(problem)}) + "</p></section>\n"
        for problem in report.problems
    )
    to_fix = checks_to_fix(report)
    what_to_fix = escape(_("What to fix"))
    if to_fix:
        items = "".join(
            f'<li>{_status(check)} <span class="what">{_title(check)}</span>: {escape(words.check_message(check))}'
            + ('<div class="hint">' + escape(_("Fix: %(fix)s") % {"fix": fix}) + "</div>" if (fix := words.check_fix(check)) else "")
            + "</li>\n"
            for check in to_fix
        )
        fix_section = f'<h2>{what_to_fix}</h2>\n<ol class="fix">\n{items}</ol>\n'
    else:
        nothing = escape(_("Nothing: every check passed."))
        fix_section = f"<h2>{what_to_fix}</h2>\n<p>{nothing}</p>\n"
    applicant = escape(applicant_text(report))
    report_title = escape(_("rigcheck report"))
    applicant_line = _("Applicant: %(applicant)s") % {"applicant": f"<strong>{applicant}</strong>"}
    profile_line = escape(_("Profile: %(profile)s") % {"profile": report.profile.name})
    created_line = escape(_("Created: %(created)s by rigcheck %(version)s")
                          % {"created": report.created_at, "version": report.rigcheck_version})
    every_check = escape(_("Every check, most serious first"))
    status_head, check_head = escape(_("Status")), escape(_("Check"))
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(current_language())}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{report_title}: {applicant} · {escape(report.profile.name)}</title>"
        f"<style>{_STYLE}</style></head><body>\n"
        f"<h1>{report_title}</h1>\n"
        f'<header class="verdict {report.verdict}"><p class="headline">{escape(headline)}</p>'
        f"<p>{escape(explanation)}</p>"
        f'<p class="applicant">{applicant_line}</p></header>\n'
        f'<p class="meta">{profile_line} (<code>{escape(report.profile.id)}</code> '
        f"{escape(report.profile.version)}) · {escape(summary_line(report))}<br>"
        f"{created_line}</p>\n"
        + notes
        + shift_html(report)
        + fix_section
        + f"<h2>{every_check}</h2>\n"
        + f"<table><thead><tr><th>{status_head}</th><th>{check_head}</th><th>{measured}</th><th>{needed}</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n"
        + _links_section(report)
        + "</body></html>\n"
    )


def _links_section(report: Report) -> str:
    """The main line and the backup side by side, when the report holds a backup link."""
    links = links_side_by_side(report)
    if not links:
        return ""
    head, *rows = links
    cells = "\n".join("<tr><th>" + escape(label) + "</th>" + "".join(f"<td>{escape(text)}</td>" for text in texts) + "</tr>"
                      for label, *texts in rows)
    title = escape(_("Your main line and your backup"))
    return (f"<h2>{title}</h2>\n<table><thead><tr><th></th><th>{escape(head[1])}</th>"
            f"<th>{escape(head[2])}</th></tr></thead><tbody>\n{cells}\n</tbody></table>\n")

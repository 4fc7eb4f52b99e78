"""A single self-contained HTML page (no scripts, no external resources) an applicant can e-mail.

Read top to bottom by a person: the verdict and whose report it is, why anything could not be measured,
what to fix (each with its fix), then every check by severity. Fits a phone; prints on one or two pages.
"""

from __future__ import annotations

from html import escape

from rigcheck.model import Report
from rigcheck.render.shift import shift_html
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


def render(report: Report) -> str:
    headline, explanation = verdict_headline(report)
    rows = []
    for check in checks_by_severity(report):
        title = escape(check.title) + ("" if check.required else " <em>(recommended)</em>")
        rows.append(
            f'<tr><td class="status {check.status}">{STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]}</td>'
            f"<td>{title}<div class=\"hint\">{escape(check.message)}</div></td>"  # its fix is under What to fix
            f'<td data-label="Measured">{escape(observed_text(check))}</td>'
            f'<td data-label="Required">{escape(expected_text(check))}</td></tr>'
        )
    notes = "".join(
        f'<section class="problem"><h2>{escape(problem.title)}</h2><p>{escape(problem.message)}</p>'
        f'<p class="hint">What to do: {escape(problem.hint)}</p></section>\n'
        for problem in report.problems
    )
    to_fix = checks_to_fix(report)
    if to_fix:
        items = "".join(
            f'<li><span class="status {check.status}">{STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]}</span> '
            f'<span class="what">{escape(check.title)}</span>{"" if check.required else " <em>(recommended)</em>"}: '
            f"{escape(check.message)}" + (f'<div class="hint">Fix: {escape(check.hint)}</div>' if check.hint else "") + "</li>\n"
            for check in to_fix
        )
        fix_section = f'<h2>What to fix</h2>\n<ol class="fix">\n{items}</ol>\n'
    else:
        fix_section = "<h2>What to fix</h2>\n<p>Nothing: every check passed.</p>\n"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>rigcheck report: {escape(applicant_text(report))} · {escape(report.profile.name)}</title>"
        f"<style>{_STYLE}</style></head><body>\n"
        "<h1>rigcheck report</h1>\n"
        f'<header class="verdict {report.verdict}"><p class="headline">{escape(headline)}</p>'
        f"<p>{escape(explanation)}</p>"
        f'<p class="applicant">Applicant: <strong>{escape(applicant_text(report))}</strong></p></header>\n'
        f'<p class="meta">Profile: {escape(report.profile.name)} (<code>{escape(report.profile.id)}</code> '
        f"{escape(report.profile.version)}) · {escape(summary_line(report))}<br>"
        f"Created {escape(report.created_at)} by rigcheck {escape(report.rigcheck_version)}</p>\n"
        + notes
        + shift_html(report)
        + fix_section
        + "<h2>Every check, most serious first</h2>\n"
        + "<table><thead><tr><th>Status</th><th>Check</th><th>Measured</th><th>Required</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n</body></html>\n"
    )

"""A single self-contained HTML page (no scripts, no external resources) an applicant can e-mail."""

from __future__ import annotations

from html import escape

from rigcheck.model import Report
from rigcheck.render.common import STATUS_SYMBOL, STATUS_WORD, VERDICT_TEXT, expected_text, observed_text, summary_line

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.verdict{padding:1rem;border-radius:.4rem;font-weight:bold;border:2px solid}
.ready,.ready_with_warnings{border-color:#2e7d32;background:#e8f5e9}
.not_ready{border-color:#c62828;background:#ffebee}.incomplete{border-color:#ef6c00;background:#fff3e0}
table{border-collapse:collapse;width:100%;margin-top:1rem}th,td{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
.fail{color:#b71c1c}.warn{color:#8d5a00}.unknown{color:#6a1b9a}.pass{color:#1b5e20}.skipped{color:#555}
.hint{font-size:.9em;color:#333}
.problem{border-left:4px solid #6a1b9a;padding:.2rem 1rem;margin:1rem 0}.problem h2{font-size:1.1rem;margin:.4rem 0}
"""


def render(report: Report) -> str:
    rows = []
    for check in report.checks:
        title = escape(check.title) + ("" if check.required else " <em>(recommended)</em>")
        fix = f'<div class="hint">{escape(check.hint)}</div>' if check.hint and check.status != "pass" else ""
        rows.append(
            f'<tr><td class="{check.status}">{STATUS_SYMBOL[check.status]} {STATUS_WORD[check.status]}</td>'
            f"<td>{title}<div class=\"hint\">{escape(check.message)}</div>{fix}</td>"
            f"<td>{escape(observed_text(check))}</td><td>{escape(expected_text(check))}</td></tr>"
        )
    notes = "".join(
        f'<section class="problem"><h2>{escape(problem.title)}</h2><p>{escape(problem.message)}</p>'
        f'<p class="hint">What to do: {escape(problem.hint)}</p></section>\n'
        for problem in report.problems
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>rigcheck report: {escape(report.profile.name)}</title><style>{_STYLE}</style></head><body>\n"
        "<h1>rigcheck report</h1>\n"
        f'<p class="verdict {report.verdict}">{escape(VERDICT_TEXT[report.verdict])}</p>\n'
        f"<p>Profile: {escape(report.profile.name)} (<code>{escape(report.profile.id)}</code> {escape(report.profile.version)})<br>"
        f"{escape(summary_line(report))}<br>Created {escape(report.created_at)} by rigcheck {escape(report.rigcheck_version)}</p>\n"
        + notes
        + "<table><thead><tr><th>Status</th><th>Check</th><th>Measured</th><th>Required</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>\n</body></html>\n"
    )

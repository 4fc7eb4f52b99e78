"""JSON: the report contract (schema rigcheck.report/1).

Each check and problem carries its codes (what a reader words in their own language, rigcheck.render.words)
and, beside them, the same in English in the fields readers of rigcheck.report/1 show (title, observed,
expected, message, hint): a report read by an older rigcheck or another tool reads as before, whatever
language the applicant saw (`language`).
"""

from __future__ import annotations

import json
from typing import Any

from rigcheck.i18n import speaking
from rigcheck.model import CheckResult, ProbeProblem, Report
from rigcheck.render import words


def check_document(check: CheckResult) -> dict[str, Any]:
    """A check as the report's JSON holds it: data, English words, codes (in the order /1 readers know)."""
    coded = check.to_dict()
    with speaking("en"):
        return {
            "id": check.id, "title": words.check_title(check), "probe": check.probe, "status": check.status,
            "required": check.required,
            "observed": words.observed_words(check) if check.observed_as is not None else check.observed,
            "expected": words.stated_expected(check), "unit": check.unit, "message": words.check_message(check),
            "hint": words.check_fix(check), "codes": coded["codes"],
        }


def problem_document(problem: ProbeProblem) -> dict[str, str]:
    """A problem as the report's JSON holds it: its code (probe, cause) and its English."""
    with speaking("en"):
        return {**problem.to_dict(), "title": words.problem_title(problem), "message": words.problem_message(problem),
                "hint": words.problem_fix(problem)}


def report_document(report: Report) -> dict[str, Any]:
    """The report as its JSON holds it."""
    data = report.to_dict()
    data["checks"] = [check_document(check) for check in report.checks]
    data["problems"] = [problem_document(problem) for problem in report.problems]
    return data


def render(report: Report) -> str:
    return json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"

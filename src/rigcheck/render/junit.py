"""JUnit XML: one testcase per check. fail -> <failure>, unknown -> <error>, skipped -> <skipped>.

A warning passes (CI should not break on a recommendation) but its message goes to <system-out>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rigcheck.i18n import _
from rigcheck.model import Report
from rigcheck.render import words
from rigcheck.render.common import expected_text, observed_text


def render(report: Report) -> str:
    counts = report.counts()
    suite = ET.Element("testsuite", {
        "name": f"rigcheck.{report.profile.id}",
        "tests": str(len(report.checks)),
        "failures": str(counts["fail"]),
        "errors": str(counts["unknown"]),
        "skipped": str(counts["skipped"]),
        "timestamp": report.created_at,
        "time": f"{sum(f.duration_s for f in report.facts.values()):.3f}",
    })
    properties = ET.SubElement(suite, "properties")
    for name, value in (("applicant", report.applicant or ""), ("verdict", report.verdict), ("score", str(report.score)), ("profile", report.profile.id),
                        ("profile_version", report.profile.version), ("profile_sha256", report.profile.sha256),
                        ("rigcheck_version", report.rigcheck_version)):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for check in report.checks:
        duration = report.facts[check.probe].duration_s if check.probe in report.facts else 0.0
        # CI lists test names: the title a person reads; the check id stays in the class name for tools.
        title, message, fix = words.check_title(check), words.check_message(check), words.check_fix(check)
        case = ET.SubElement(suite, "testcase", {"classname": f"rigcheck.{check.id}", "name": title, "time": f"{duration:.3f}"})
        detail = _("%(title)s: measured %(observed)s, needed %(expected)s. %(message)s") % {
            "title": title, "observed": observed_text(check), "expected": expected_text(check), "message": message}
        if fix:
            detail += "\n" + _("Fix: %(fix)s") % {"fix": fix}
        if check.status == "fail":
            ET.SubElement(case, "failure", {"message": message, "type": "requirement_failed"}).text = detail
        elif check.status == "unknown":
            ET.SubElement(case, "error", {"message": message, "type": "not_measured"}).text = detail
        elif check.status == "skipped":
            ET.SubElement(case, "skipped", {"message": message})
        elif check.status == "warn":
            ET.SubElement(case, "system-out").text = _("WARNING: %(detail)s") % {"detail": detail}
    if report.problems:
        # Why checks are errors (not measured), said once for the whole suite.
        ET.SubElement(suite, "system-out").text = "\n".join(
            _("%(problem)s: %(message)s What to do: %(fix)s") % {
                "problem": words.problem_title(problem), "message": words.problem_message(problem), "fix": words.problem_fix(problem)}
            for problem in report.problems
        )
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"

"""Words and symbols shared by the human-readable formats: status is never shown by colour alone."""

from __future__ import annotations

from typing import Any

from rigcheck.model import CheckResult, CheckStatus, Report
from rigcheck.render.numbers import NOTHING, number_text, unit_text

STATUS_SYMBOL = {"pass": "✔", "warn": "!", "fail": "✘", "unknown": "?", "skipped": "-"}
STATUS_WORD = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "unknown": "UNKNOWN", "skipped": "SKIPPED"}
# Stand-ins for consoles that cannot show a glyph (ASCII, cp437, cp1252): the words carry the meaning.
ASCII_GLYPHS = {"✔": "+", "✘": "x", "·": "|", "—": "-", "–": "-", "…": "...", "≥": ">=", "≤": "<=", "’": "'",
                "│": "|", "├": "|", "└": "`", "─": "-"}
VERDICT_TEXT = {
    "ready": "READY: this setup meets every requirement.",
    "ready_with_warnings": "READY WITH WARNINGS: required checks pass; see the warnings below.",
    "not_ready": "NOT READY: fix the failed checks below.",
    "incomplete": "INCOMPLETE: some required checks could not be measured.",
}


def observed_text(check: CheckResult) -> str:
    """The Measured column: the observed value and its unit ("212 Mbit/s", "yes", "—")."""
    value: Any = check.observed
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number_text(value) + unit_text(check.unit, value)
    return str(value)


def expected_text(check: CheckResult) -> str:
    """The Required column: the threshold as scoring wrote it, with its unit (">= 25 Mbit/s")."""
    text = str(check.expected) if check.expected is not None else NOTHING
    if text[:2] in (">=", "<="):
        text += unit_text(check.unit, _number_in(text[2:]))
    return text


def _number_in(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


# The one order of check statuses, most serious first, by what each does to the verdict: a failure
# refuses, an unknown or a skipped required check leaves it incomplete, a warning only advises.
STATUS_SEVERITY: tuple[CheckStatus, ...] = ("fail", "unknown", "skipped", "warn", "pass")
SEVERITY_ORDER: dict[str, int] = {status: rank for rank, status in enumerate(STATUS_SEVERITY)}
NEEDS_ATTENTION = frozenset({"fail", "unknown", "warn"})  # what the "what to do" lists name


def summary_line(report: Report) -> str:
    """'score 75/100 · 1 fail, 4 unknown, 2 skipped, 1 warn, 15 pass': the counts, most serious first."""
    counts = report.counts()
    parts = [f"{counts[s]} {s}" for s in STATUS_SEVERITY if counts[s]]
    return f"score {report.score}/100 · " + ", ".join(parts)


def failing_checks(report: Report) -> list[CheckResult]:
    """Checks that need the applicant's attention, worst first."""
    return sorted((c for c in report.checks if c.status in NEEDS_ATTENTION), key=lambda c: (SEVERITY_ORDER[c.status], not c.required))


NO_APPLICANT = "not given"


def applicant_text(report: Report) -> str:
    """The applicant reference as the reports show it ("not given" when the applicant left it empty)."""
    return report.applicant or NO_APPLICANT


def verdict_headline(report: Report) -> tuple[str, str]:
    """("NOT READY", "fix the failed checks below.") from VERDICT_TEXT: the headline and its explanation."""
    headline, _, explanation = VERDICT_TEXT[report.verdict].partition(": ")
    return headline, explanation[:1].upper() + explanation[1:]


def checks_to_fix(report: Report) -> list[CheckResult]:
    """What to fix: failed and unknown required checks first, then required warnings, then recommendations."""
    return sorted((c for c in report.checks if c.status in NEEDS_ATTENTION), key=lambda c: (not c.required, SEVERITY_ORDER[c.status]))


def checks_by_severity(report: Report) -> list[CheckResult]:
    """Every check, most serious status first, required before recommended, else in profile order."""
    return sorted(report.checks, key=lambda c: (SEVERITY_ORDER[c.status], not c.required))


def ascii_glyphs(text: str) -> str:
    """`text` with each glyph of ASCII_GLYPHS replaced by its stand-in."""
    return "".join(ASCII_GLYPHS.get(character, character) for character in text)


def fit_to_encoding(text: str, encoding: str | None) -> str:
    """`text` as `encoding` can carry it: glyphs it lacks become ASCII stand-ins, other characters "?"."""
    if not encoding:
        return text
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        encoding = "ascii"  # an encoding Python does not know: play safe

    def fits(character: str) -> bool:
        try:
            character.encode(encoding)
            return True
        except UnicodeEncodeError:
            return False

    return "".join(c if fits(c) else ASCII_GLYPHS.get(c, "?") for c in text)

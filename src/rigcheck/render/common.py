"""Words and symbols shared by the human-readable formats: status is never shown by colour alone."""

from __future__ import annotations

from rigcheck.i18n import _
from rigcheck.model import CheckResult, CheckStatus, Report
from rigcheck.render import words

STATUS_SYMBOL = {"pass": "✔", "warn": "!", "fail": "✘", "unknown": "?", "skipped": "-"}
# Stand-ins for consoles that cannot show a glyph (ASCII, cp437, cp1252): the words carry the meaning.
ASCII_GLYPHS = {"✔": "+", "✘": "x", "·": "|", "—": "-", "–": "-", "…": "...", "≥": ">=", "≤": "<=", "’": "'",
                "│": "|", "├": "|", "└": "`", "─": "-"}


def observed_text(check: CheckResult) -> str:
    """The Measured column: the observed value and its unit ("212 Mbit/s", "yes", "—")."""
    return words.check_observed(check)


def expected_text(check: CheckResult) -> str:
    """The Required column: what the requirement asks for, with its unit ("at least 25 Mbit/s")."""
    return words.check_expected(check)


def status_text(status: str) -> str:
    """'✘ FAILED': the symbol and the word, so status is never shown by colour alone."""
    return f"{STATUS_SYMBOL[status]} {words.status_word(status)}"


# The one order of check statuses, most serious first, by what each does to the verdict: a failure
# refuses, an unknown or a skipped required check leaves it incomplete, a warning only advises.
STATUS_SEVERITY: tuple[CheckStatus, ...] = ("fail", "unknown", "skipped", "warn", "pass")
SEVERITY_ORDER: dict[str, int] = {status: rank for rank, status in enumerate(STATUS_SEVERITY)}
NEEDS_ATTENTION = frozenset({"fail", "unknown", "warn"})  # what the "what to do" lists name


def summary_line(report: Report) -> str:
    """'Score 75 of 100 · 1 failed, 4 with no result, 2 skipped, 1 warning, 15 passed': most serious first."""
    counts = report.counts()
    parts = ", ".join(words.count_phrase(s, counts[s]) for s in STATUS_SEVERITY if counts[s])
    return _("Score %(score)s of 100 · %(counts)s") % {"score": report.score, "counts": parts}


def failing_checks(report: Report) -> list[CheckResult]:
    """Checks that need the applicant's attention, worst first."""
    return sorted((c for c in report.checks if c.status in NEEDS_ATTENTION), key=lambda c: (SEVERITY_ORDER[c.status], not c.required))


NO_APPLICANT = "not given"  # where a summary's applicant cell is empty (words: applicant_text)


def applicant_text(report: Report) -> str:
    """The applicant reference as the reports show it ("not given" when the applicant left it empty)."""
    return report.applicant or _("not given")


def verdict_headline(report: Report) -> tuple[str, str]:
    """("NOT READY", "Fix the failed checks below, then run the check again."): the headline and what it means."""
    return words.verdict_text(report.verdict)


def verdict_line(report: Report) -> str:
    """'NOT READY: Fix the failed checks below, then run the check again.'"""
    headline, meaning = words.verdict_text(report.verdict)
    return _("%(headline)s: %(meaning)s") % {"headline": headline, "meaning": meaning}


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

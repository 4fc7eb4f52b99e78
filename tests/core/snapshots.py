"""Recorded-style snapshots for scoring and renderer tests.

GOOD_FACTS are the declared examples of every fact (rigcheck.facts, the one fixture of good facts);
values are chosen for the tests, not captured from one machine.
"""

from __future__ import annotations

from typing import Any

from rigcheck.facts import good_facts
from rigcheck.model import ProbeResult, Snapshot


def result(probe: str, values: dict[str, Any] | None = None, status: str = "ok", error: str | None = None) -> ProbeResult:
    return ProbeResult(probe, status, 0.25, error, values or {})


# A good desk: every probe of a default check, with the examples its declaration gives (rigcheck.facts).
GOOD_FACTS: dict[str, dict[str, Any]] = good_facts()


def snapshot(overrides: dict[str, Any] | None = None, *, skipped: frozenset[str] = frozenset(), **replace: ProbeResult) -> Snapshot:
    """GOOD_FACTS with per-probe value overrides ({"connection": {"kind": "wifi"}}) or whole results."""
    results = {}
    for probe, values in GOOD_FACTS.items():
        if probe in skipped:
            continue
        merged = {**values, **((overrides or {}).get(probe, {}))}
        results[probe] = replace.get(probe) or result(probe, merged)
    return Snapshot(results=results, skipped=skipped)


ANSWERS_OK = {"cordless-phone": "no", "quiet-room": "yes", "dedicated-workspace": "yes"}

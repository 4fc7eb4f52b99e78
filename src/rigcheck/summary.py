"""What an employer wants from a pile of received reports. Pure: no I/O (reading files is rigcheck.received).

- `integrity_of(report, profile)`: is the stated verdict, score and profile hash what the checks (and, with a
  profile, the facts) give? A report where they disagree is "edited or damaged" and never counted as ready.
- `digest_of(report, ...)`: the little a summary needs from one report (so 100,000 of them fit in memory).
- `summarize(digests, ...)`: counts by verdict, per requirement, the key network figures, one row per report.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from rigcheck.model import VERDICTS, Profile, Report, Snapshot
from rigcheck.spec.fields import RequirementField, field_for

EDITED = "edited_or_damaged"  # the summary's own category: a report whose statements its content contradicts
SUMMARY_CATEGORIES: tuple[str, ...] = (*VERDICTS, EDITED)
CATEGORY_WORDS = {"ready": "ready", "ready_with_warnings": "ready with warnings", "not_ready": "not ready",
                  "incomplete": "incomplete", EDITED: "edited or damaged"}
# The applicant table lists who can start first; an edited report last (it answers nothing).
CATEGORY_ORDER = {category: index for index, category in enumerate(SUMMARY_CATEGORIES)}
SUMMARY_SCHEMA = "rigcheck.summary/1"

# The network figures an employer compares applicants by, each the profile requirement that judges it.
KEY_FIGURE_REQUIREMENTS: tuple[tuple[str, str], ...] = (
    ("network", "min_download_mbps"), ("network", "min_upload_mbps"), ("network", "max_latency_ms"),
    ("network", "max_jitter_ms"), ("network", "max_packet_loss_percent"), ("network", "min_mos"),
)
KEY_FIGURE_FIELDS: tuple[RequirementField, ...] = tuple(
    f for f in (field_for(section, key) for section, key in KEY_FIGURE_REQUIREMENTS) if f is not None
)
_FIGURE_BY_CHECK_ID = {f"{spec.section}.{spec.key}": spec for spec in KEY_FIGURE_FIELDS}  # check ids are section.key
HISTOGRAM_BINS = 20
_STATED_THRESHOLD = re.compile(r"^\s*(>=|<=)\s*(-?[0-9]+(?:\.[0-9]+)?)")  # how scoring words a threshold: ">= 25"


# ---------------------------------------------------------------------------------------------
# Integrity

@dataclass(frozen=True)
class Integrity:
    """`reasons` is empty for a report whose statements agree with its content."""

    reasons: tuple[str, ...] = ()
    rescored_with: str = ""  # the profile the facts were re-scored against ("" when only the checks were)

    @property
    def intact(self) -> bool:
        return not self.reasons


def _words(verdict: str) -> str:
    return CATEGORY_WORDS.get(verdict, verdict)


def stated_disagreements(verdict: str, points: int, checks: Sequence[Any]) -> tuple[str, ...]:
    """Where a stated verdict and score differ from what `checks` (anything with .status, .required) give."""
    from rigcheck.scoring import score_of, verdict_of

    reasons = []
    if verdict_of(checks) != verdict:
        reasons.append(f"states {_words(verdict)}, but its checks give {_words(verdict_of(checks))}")
    if score_of(checks) != points:
        reasons.append(f"states score {points}, but its checks give {score_of(checks)}")
    return tuple(reasons)


def integrity_of(report: Report, profile: Profile | None = None) -> Integrity:
    """Recompute verdict and score from the checks; with `profile`, re-score the facts against it too.

    Catches a verdict or score typed over, a check's status changed without its facts, and (with the
    profile) a report scored against another version of the profile. It cannot catch edited facts.
    """
    from rigcheck.scoring import score

    reasons = list(stated_disagreements(report.verdict, report.score, report.checks))
    if profile is None:
        return Integrity(tuple(reasons))
    if report.profile.sha256 != profile.sha256:
        reasons.append(f"was scored against profile {report.profile.id} {report.profile.version} (sha256 "
                       f"{report.profile.sha256[:12] or 'none'}), not {profile.id} {profile.version} (sha256 {profile.sha256[:12]})")
    # Probes the applicant left out have no facts; the checks say which they were.
    skipped = frozenset(c.probe for c in report.checks if c.status == "skipped") - set(report.facts)
    try:
        rescored = score(Snapshot(results=report.facts, skipped=skipped), profile, report.answers, created_at=report.created_at)
    except Exception as exc:  # noqa: BLE001 - facts shaped like no probe's: that is damage, not a crash
        reasons.append(f"its facts cannot be scored ({type(exc).__name__})")
        return Integrity(tuple(reasons), profile.id)
    stated = {check.id: check.status for check in report.checks}
    changed = [f"{check.title} ({stated.get(check.id, 'missing')} stated, {check.status} from the facts)"
               for check in rescored.checks if stated.get(check.id) != check.status]
    if changed:
        reasons.append("checks disagree with its facts: " + "; ".join(changed[:5]) + ("; …" if len(changed) > 5 else ""))
    if rescored.verdict != report.verdict:
        reasons.append(f"states {_words(report.verdict)}, but its facts give {_words(rescored.verdict)} against {profile.id}")
    if rescored.score != report.score:
        reasons.append(f"states score {report.score}, but its facts give {rescored.score} against {profile.id}")
    return Integrity(tuple(dict.fromkeys(reasons)), profile.id)


# ---------------------------------------------------------------------------------------------
# One report, digested

class CheckOutcome(NamedTuple):  # a tuple: 100,000 reports of 20-odd checks each are built fast
    id: str
    title: str
    status: str
    required: bool


@dataclass(frozen=True)
class ReportDigest:
    """What a summary keeps of one report."""

    path: str
    applicant: str | None
    created_at: str
    profile_id: str
    profile_version: str
    verdict: str  # as stated
    score: int
    integrity: Integrity
    checks: tuple[CheckOutcome, ...]
    figures: Mapping[str, float]  # fact key -> measured value, for KEY_FIGURE_FIELDS that were measured
    stated_thresholds: Mapping[str, float]  # fact key -> the threshold the report was scored against

    @property
    def category(self) -> str:
        return self.verdict if self.integrity.intact else EDITED


def digest_of(path: str, data: Mapping[str, Any], profile: Profile | None = None) -> ReportDigest:
    """The digest of a report's JSON form that passed Report.check_dict (read as Report.from_dict reads it).

    Without a profile nothing is built but the digest (a summary of 100,000 reports spends its time here);
    with one the report is built and its facts re-scored.
    """
    checks = tuple(CheckOutcome(c["id"], str(c.get("title", c["id"])), c["status"], bool(c.get("required", True)))
                   for c in data["checks"])
    if profile is None:
        integrity = Integrity(stated_disagreements(data["verdict"], int(data["score"]), checks))
    else:
        integrity = integrity_of(Report._from_dict(data), profile)
    network = (data.get("facts") or {}).get("network")
    values = (network.get("values") or {}) if network else {}
    figures = {}
    for spec in KEY_FIGURE_FIELDS:
        value = values.get(spec.fact)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            figures[spec.fact] = float(value)
    thresholds = {}
    for check in data["checks"]:
        spec = _FIGURE_BY_CHECK_ID.get(check["id"])
        match = _STATED_THRESHOLD.match(str(check.get("expected"))) if spec else None
        if match:
            thresholds[spec.fact] = float(match.group(2))
    report_profile = data["profile"]
    return ReportDigest(
        path=path, applicant=data.get("applicant") or None, created_at=data.get("created_at", ""),
        profile_id=report_profile.get("id", ""), profile_version=report_profile.get("version", ""),
        verdict=data["verdict"], score=int(data["score"]), integrity=integrity, checks=checks,
        figures=figures, stated_thresholds=thresholds,
    )


# ---------------------------------------------------------------------------------------------
# Many reports, summarised

@dataclass(frozen=True)
class RequirementTally:
    id: str
    title: str
    failed: int = 0
    unknown: int = 0
    warned: int = 0
    passed: int = 0
    skipped: int = 0


@dataclass(frozen=True)
class FigureStats:
    fact: str
    title: str
    unit: str
    comparison: str  # at_least | at_most: which side of the threshold is good
    threshold: float | None  # None: no profile given and the reports disagree (or never state it)
    count: int
    p10: float | None
    median: float | None
    p90: float | None
    beyond_threshold: int  # measurements on the wrong side of the threshold
    histogram_edges: tuple[float, ...] = ()  # HISTOGRAM_BINS + 1 edges
    histogram_counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Unreadable:
    path: str
    reason: str


@dataclass(frozen=True)
class Summary:
    total: int  # reports read (edited ones included)
    intact: int
    categories: Mapping[str, int]  # SUMMARY_CATEGORIES -> count
    requirements: tuple[RequirementTally, ...]  # most failed first, over intact reports
    figures: tuple[FigureStats, ...]  # over intact reports
    rows: tuple[ReportDigest, ...]  # by category, then applicant reference
    unreadable: tuple[Unreadable, ...] = ()
    profile: str = ""  # the --profile the figures are judged against ("" when none was given)
    thresholds_from: Mapping[str, str] = field(default_factory=dict)  # fact -> "profile" | "reports" | "varies"


def percentile(ordered: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default) over an ascending list."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _histogram(ordered: list[float], threshold: float | None) -> tuple[tuple[float, ...], tuple[int, ...]]:
    if not ordered:
        return (), ()
    low, high = ordered[0], ordered[-1]
    if threshold is not None:  # the threshold is always on the chart
        low, high = min(low, threshold), max(high, threshold)
    if high == low:
        high = low + 1.0
    width = (high - low) / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for value in ordered:
        counts[min(int((value - low) / width), HISTOGRAM_BINS - 1)] += 1
    return tuple(low + width * index for index in range(HISTOGRAM_BINS + 1)), tuple(counts)


def row_order(digest: ReportDigest) -> tuple[int, int, str, str]:
    """By verdict, then reference (reports without one after those with one), then file."""
    reference = digest.applicant or ""
    return CATEGORY_ORDER[digest.category], not reference, reference.casefold(), digest.path


def summarize(digests: Iterable[ReportDigest], unreadable: Iterable[Unreadable] = (), profile: Profile | None = None) -> Summary:
    """Aggregate digested reports. Requirements and figures count intact reports only."""
    rows = sorted(digests, key=row_order)
    categories = {category: 0 for category in SUMMARY_CATEGORIES}
    tallies: dict[str, dict[str, Any]] = {}
    measured: dict[str, list[float]] = {spec.fact: [] for spec in KEY_FIGURE_FIELDS}
    stated: dict[str, set[float]] = {spec.fact: set() for spec in KEY_FIGURE_FIELDS}
    status_key = {"fail": "failed", "unknown": "unknown", "warn": "warned", "pass": "passed", "skipped": "skipped"}
    intact = 0
    for digest in rows:
        categories[digest.category] += 1
        if not digest.integrity.intact:
            continue
        intact += 1
        for check in digest.checks:
            tally = tallies.get(check.id)
            if tally is None:
                tally = tallies[check.id] = {"id": check.id, "title": check.title, "failed": 0, "unknown": 0,
                                             "warned": 0, "passed": 0, "skipped": 0}
            tally[status_key[check.status]] += 1
        for fact, value in digest.figures.items():
            measured[fact].append(value)
        for fact, value in digest.stated_thresholds.items():
            stated[fact].add(value)
    requirements = tuple(sorted((RequirementTally(**t) for t in tallies.values()),
                                key=lambda t: (-t.failed, -t.unknown, -t.warned, t.title)))
    figures, sources = [], {}
    for spec in KEY_FIGURE_FIELDS:
        threshold, source = None, "varies"
        requirement = profile.requirement(spec.section, spec.key) if profile else None
        if profile is not None:
            threshold, source = (float(requirement.value), "profile") if requirement else (None, "profile")
        elif len(stated[spec.fact]) == 1:
            threshold, source = next(iter(stated[spec.fact])), "reports"
        sources[spec.fact] = source
        values = sorted(measured[spec.fact])
        if threshold is None:
            beyond = 0
        elif spec.comparison == "at_least":
            beyond = sum(1 for value in values if value < threshold)
        else:
            beyond = sum(1 for value in values if value > threshold)
        edges, counts = _histogram(values, threshold)
        figures.append(FigureStats(spec.fact, spec.title, spec.unit, spec.comparison, threshold, len(values),
                                   percentile(values, 0.1), percentile(values, 0.5), percentile(values, 0.9),
                                   beyond, edges, counts))
    return Summary(total=len(rows), intact=intact, categories=categories, requirements=requirements,
                   figures=tuple(figures), rows=tuple(rows), unreadable=tuple(unreadable),
                   profile=f"{profile.id} {profile.version}".strip() if profile else "", thresholds_from=sources)


def failed_titles(digest: ReportDigest, status: str = "fail") -> list[str]:
    return [check.title for check in digest.checks if check.status == status]

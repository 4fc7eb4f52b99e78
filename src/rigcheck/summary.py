"""What an employer wants from a pile of received reports. Pure: no I/O (reading files is rigcheck.received).

- `integrity_of(report, profile)`: is the stated verdict, score and profile hash what the checks (and, with a
  profile, the facts) give? A report where they disagree is "edited or damaged" and never counted as ready.
- `digest_of(path, shape)`: the little a summary needs from one received report (so 100,000 of them fit in memory),
  absorbed into `SummaryParts`, which worker processes fill and the parent merges.
- `summarize(parts, ...)`: counts by verdict, per requirement, the key network figures, one row per report.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Iterable, Mapping, NamedTuple, Sequence

from msgspec import UNSET, to_builtins

from rigcheck.i18n import N_
from rigcheck.model import VERDICTS, Profile, Report, Snapshot
from rigcheck.report_shape import CheckShape, ReportShape
from rigcheck.profile.fields import RequirementField, field_for

EDITED = "edited_or_damaged"  # the summary's own category: a report whose statements its content contradicts
SUMMARY_CATEGORIES: tuple[str, ...] = (*VERDICTS, EDITED)
CATEGORY_WORDS = {"ready": N_("ready"), "ready_with_warnings": N_("ready with warnings"), "not_ready": N_("not ready"),
                  "incomplete": N_("incomplete"), EDITED: N_("edited or damaged")}  # translated where shown
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

    @property
    def intact(self) -> bool:
        return not self.reasons


def _words(verdict: str) -> str:
    return CATEGORY_WORDS.get(verdict, verdict)


def stated_disagreements(verdict: str, points: int, checks: Sequence[Any]) -> tuple[str, ...]:
    """Where a stated verdict and score differ from what `checks` (anything with .status, .required) give."""
    from rigcheck.scoring import score_of, verdict_of

    return _disagreements(verdict, points, verdict_of(checks), score_of(checks))


def _disagreements(verdict: str, points: int, computed_verdict: str, computed_points: int) -> tuple[str, ...]:
    reasons = []
    if computed_verdict != verdict:
        reasons.append(f"states {_words(verdict)}, but its checks give {_words(computed_verdict)}")
    if computed_points != points:
        reasons.append(f"states score {points}, but its checks give {computed_points}")
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
        return Integrity(tuple(reasons))
    stated = {check.id: check.status for check in report.checks}
    changed = [f"{check.title} ({stated.get(check.id, 'missing')} stated, {check.status} from the facts)"
               for check in rescored.checks if stated.get(check.id) != check.status]
    if changed:
        reasons.append("checks disagree with its facts: " + "; ".join(changed[:5]) + ("; …" if len(changed) > 5 else ""))
    if rescored.verdict != report.verdict:
        reasons.append(f"states {_words(report.verdict)}, but its facts give {_words(rescored.verdict)} against {profile.id}")
    if rescored.score != report.score:
        reasons.append(f"states score {report.score}, but its facts give {rescored.score} against {profile.id}")
    return Integrity(tuple(dict.fromkeys(reasons)))


# ---------------------------------------------------------------------------------------------
# One report, digested

class ChecksOutcome(NamedTuple):
    """What every report with the same checks (ids, titles, statuses, levels) has in common.

    Computed once per such set and shared: in a pile of 100,000 reports from a few profiles, most
    reports repeat a set another report already had, so each costs a dictionary lookup.
    """

    verdict: str  # as the checks give it
    score: int
    failed: tuple[str, ...]  # titles
    unknown: tuple[str, ...]
    failed_ids: tuple[str, ...]
    unknown_ids: tuple[str, ...]
    tally_key: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # ids, titles, statuses, codes
    figure_checks: tuple[tuple[int, str], ...]  # (position among the checks, fact key) of key-figure checks
    skipped: tuple[str, ...] = ()  # titles of the checks whose probe was left out
    skipped_ids: tuple[str, ...] = ()


class ReportRow(NamedTuple):
    """What a summary keeps of one report (a tuple: cheap to build and to pass between processes)."""

    path: str
    applicant: str | None
    created_at: str
    profile_id: str
    profile_version: str
    verdict: str  # as stated
    score: int  # as stated
    integrity_reasons: tuple[str, ...]  # empty: intact
    failed: tuple[str, ...]  # titles
    unknown: tuple[str, ...]
    failed_ids: tuple[str, ...]
    unknown_ids: tuple[str, ...]
    figures: Mapping[str, float]  # fact key -> measured value, for KEY_FIGURE_FIELDS that were measured
    skipped: tuple[str, ...] = ()  # titles
    skipped_ids: tuple[str, ...] = ()

    @property
    def intact(self) -> bool:
        return not self.integrity_reasons

    @property
    def category(self) -> str:
        return self.verdict if not self.integrity_reasons else EDITED


_ID, _TITLE, _STATUS, _REQUIRED = (attrgetter(name) for name in ("id", "title", "status", "required"))


def _code(check: CheckShape) -> str:
    """What the check said, as a code ("connection.wifi"); "" in a report from before codes."""
    codes = check.codes
    return codes.message.code if codes is not None and codes.message is not None else ""
_OUTCOMES: dict[tuple[tuple[Any, ...], ...], ChecksOutcome] = {}  # per process; bounded by _MAX_OUTCOMES
_MAX_OUTCOMES = 20_000
_THRESHOLDS: dict[str, float | None] = {}  # a check's expected text -> the threshold it states


def _outcome_of(checks: Sequence[CheckShape]) -> ChecksOutcome:
    from rigcheck.scoring import score_of, verdict_of

    titles = tuple(check.id if check.title is UNSET else check.title for check in checks)
    ids, statuses, codes = tuple(map(_ID, checks)), tuple(map(_STATUS, checks)), tuple(map(_code, checks))
    failed = [index for index, status in enumerate(statuses) if status == "fail"]
    unknown = [index for index, status in enumerate(statuses) if status == "unknown"]
    skipped = [index for index, status in enumerate(statuses) if status == "skipped"]
    return ChecksOutcome(
        verdict_of(checks), score_of(checks),
        tuple(titles[index] for index in failed), tuple(titles[index] for index in unknown),
        tuple(ids[index] for index in failed), tuple(ids[index] for index in unknown),
        (ids, titles, statuses, codes),
        tuple((index, _FIGURE_BY_CHECK_ID[check_id].fact.key) for index, check_id in enumerate(ids) if check_id in _FIGURE_BY_CHECK_ID),
        tuple(titles[index] for index in skipped), tuple(ids[index] for index in skipped),
    )


def _stated_threshold(expected: object) -> float | None:
    """The number in a check's expected text as scoring words it (">= 25"), else None."""
    text = str(expected)
    if text not in _THRESHOLDS:
        match = _STATED_THRESHOLD.match(text)
        if len(_THRESHOLDS) < _MAX_OUTCOMES:
            _THRESHOLDS[text] = float(match.group(2)) if match else None
        else:
            return float(match.group(2)) if match else None
    return _THRESHOLDS[text]


def _finite_number(value: object) -> float | None:
    """A measured figure as a float; None for what is no number, not finite, or too large for a float
    (JSON integers have no limit: a report may say 10**400)."""
    if type(value) not in (int, float):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]  # an int or a float, checked above
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def digest_of(path: str, shape: ReportShape, profile: Profile | None = None
              ) -> tuple[ReportRow, ChecksOutcome, dict[str, float]]:
    """(row, what its checks give, stated thresholds) of a received report, read and checked by rigcheck.report_shape.

    Without a profile nothing else is built (a summary of 100,000 reports spends its time here); with one the
    report is built and its facts re-scored.
    """
    checks = shape.checks
    key = (tuple(map(_ID, checks)), tuple(map(_TITLE, checks)), tuple(map(_STATUS, checks)), tuple(map(_REQUIRED, checks)),
           tuple(map(_code, checks)))
    outcome = _OUTCOMES.get(key)
    if outcome is None:
        outcome = _outcome_of(checks)
        if len(_OUTCOMES) < _MAX_OUTCOMES:
            _OUTCOMES[key] = outcome
    thresholds = {}
    for index, fact_key in outcome.figure_checks:
        threshold = _stated_threshold(checks[index].expected)
        if threshold is not None:
            thresholds[fact_key] = threshold
    score = int(shape.score)
    if profile is None:
        reasons = _disagreements(shape.verdict, score, outcome.verdict, outcome.score)
    else:
        reasons = integrity_of(Report._from_dict(to_builtins(shape)), profile).reasons
    network = shape.facts.get("network")
    values = (network.values or {}) if network is not None else {}
    figures = {}
    for spec in KEY_FIGURE_FIELDS:
        number = _finite_number(values.get(spec.fact.key))
        if number is not None:
            figures[spec.fact.key] = number
    row = ReportRow(
        path=path, applicant=shape.applicant or None, created_at=shape.created_at,
        profile_id=shape.profile.id, profile_version=shape.profile.version,
        verdict=shape.verdict, score=score, integrity_reasons=reasons,
        failed=outcome.failed, unknown=outcome.unknown, failed_ids=outcome.failed_ids, unknown_ids=outcome.unknown_ids,
        figures=figures, skipped=outcome.skipped, skipped_ids=outcome.skipped_ids,
    )
    return row, outcome, thresholds


_TALLY_INDEX = {"fail": 1, "unknown": 2, "warn": 3, "pass": 4, "skipped": 5}  # positions in a tally list after the title


class SummaryParts:
    """Reports absorbed so far, mergeable: each worker process fills one, the parent merges them."""

    def __init__(self) -> None:
        self.rows: list[ReportRow] = []
        # How many intact reports had each set of checks (ChecksOutcome.tally_key): few sets, many reports.
        self.check_sets: dict[tuple[tuple[str, ...], ...], int] = {}
        self.measured: dict[str, list[float]] = {spec.fact.key: [] for spec in KEY_FIGURE_FIELDS}
        self.stated: dict[str, set[float]] = {spec.fact.key: set() for spec in KEY_FIGURE_FIELDS}

    def add(self, row: ReportRow, outcome: ChecksOutcome, thresholds: Mapping[str, float]) -> None:
        self.rows.append(row)
        if not row.intact:  # an edited report's checks and figures answer nothing
            return
        self.check_sets[outcome.tally_key] = self.check_sets.get(outcome.tally_key, 0) + 1
        for fact, value in row.figures.items():
            self.measured[fact].append(value)
        for fact, value in thresholds.items():
            self.stated[fact].add(value)

    def merge(self, other: SummaryParts) -> None:
        self.rows.extend(other.rows)
        for tally_key, count in other.check_sets.items():
            self.check_sets[tally_key] = self.check_sets.get(tally_key, 0) + count
        for fact, measured in other.measured.items():
            self.measured[fact].extend(measured)
        for fact, stated in other.stated.items():
            self.stated[fact].update(stated)

    def tallies(self) -> dict[str, list[Any]]:
        """check id -> [title, failed, unknown, warned, passed, skipped, reasons] over the intact reports.

        The title is the first one seen for the id, in the order reports were read. `reasons`: how often each
        code (what the check said, whatever the language the applicant read it in) stood behind a check that
        failed, had no result or warned: grouped by code, never by sentence."""
        tallies: dict[str, list[Any]] = {}
        for (ids, titles, statuses, codes), count in self.check_sets.items():
            for check_id, title, status, code in zip(ids, titles, statuses, codes):
                tally = tallies.get(check_id)
                if tally is None:
                    tally = tallies[check_id] = [title, 0, 0, 0, 0, 0, {}]
                tally[_TALLY_INDEX[status]] += count
                if code and status in ("fail", "unknown", "warn"):
                    tally[6][code] = tally[6].get(code, 0) + count
        return tallies


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
    reasons: tuple[tuple[str, int], ...] = ()  # (code, reports) behind failures, no results and warnings; most first

    @property
    def reports(self) -> int:
        """The intact reports that hold this requirement: the statuses add up to it."""
        return self.failed + self.unknown + self.warned + self.passed + self.skipped


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
    rows: tuple[ReportRow, ...]  # by category, then applicant reference
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

    def bin_of(value: float) -> int:
        return min(int((value - low) / width), HISTOGRAM_BINS - 1)

    # `ordered` is sorted and bin_of never decreases along it: each bin's first value is found by bisection.
    starts = [bisect.bisect_left(ordered, index, key=bin_of) for index in range(HISTOGRAM_BINS)] + [len(ordered)]
    counts = tuple(starts[index + 1] - starts[index] for index in range(HISTOGRAM_BINS))
    return tuple(low + width * index for index in range(HISTOGRAM_BINS + 1)), counts


def row_order(row: ReportRow) -> tuple[int, int, str, str]:
    """By verdict, then reference (reports without one after those with one), then file."""
    reference = row.applicant or ""
    return CATEGORY_ORDER[row.category], not reference, reference.casefold(), row.path


def summarize(parts: SummaryParts, unreadable: Iterable[Unreadable] = (), profile: Profile | None = None) -> Summary:
    """The summary of the absorbed reports. Requirements and figures count intact reports only."""
    rows = sorted(parts.rows, key=row_order)
    categories = {category: 0 for category in SUMMARY_CATEGORIES}
    for row in rows:
        categories[row.category] += 1
    requirements = tuple(sorted(
        (RequirementTally(check_id, t[0], t[1], t[2], t[3], t[4], t[5],
                          tuple(sorted(t[6].items(), key=lambda reason: (-reason[1], reason[0]))))
         for check_id, t in parts.tallies().items()),
        key=lambda t: (-t.failed, -t.unknown, -t.warned, t.title)))
    figures, sources = [], {}
    for spec in KEY_FIGURE_FIELDS:
        threshold, source = None, "varies"
        if profile is not None:
            requirement = profile.requirement(spec.section, spec.key)
            threshold, source = (float(requirement.value), "profile") if requirement else (None, "profile")
        elif len(parts.stated[spec.fact.key]) == 1:
            threshold, source = next(iter(parts.stated[spec.fact.key])), "reports"
        sources[spec.fact.key] = source
        values = sorted(parts.measured[spec.fact.key])
        if threshold is None:
            beyond = 0
        elif spec.comparison == "at_least":
            beyond = bisect.bisect_left(values, threshold)
        else:
            beyond = len(values) - bisect.bisect_right(values, threshold)
        edges, counts = _histogram(values, threshold)
        figures.append(FigureStats(spec.fact.key, spec.title, spec.unit, spec.comparison, threshold, len(values),
                                   percentile(values, 0.1), percentile(values, 0.5), percentile(values, 0.9),
                                   beyond, edges, counts))
    intact = sum(1 for row in rows if row.intact)
    return Summary(total=len(rows), intact=intact, categories=categories, requirements=requirements,
                   figures=tuple(figures), rows=tuple(rows), unreadable=tuple(unreadable),
                   profile=f"{profile.id} {profile.version}".strip() if profile else "", thresholds_from=sources)

"""Records passed between the pipeline stages: probes -> snapshot -> score() -> report -> renderers.

All are frozen dataclasses. `values` mappings hold JSON-compatible data only (str, int, float, bool,
None, lists and dicts of those) so that a report round-trips through JSON unchanged; treat them as
read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, Mapping


class ProbeStatus(StrEnum):
    """How a probe ended. A StrEnum: reports carry the same strings as before ("ok", ...)."""

    OK = "ok"
    UNSUPPORTED = "unsupported"  # the platform cannot tell; not a failure
    ERROR = "error"  # the probe broke, or the user stopped it (then ProbeResult.cancelled)
    TIMEOUT = "timeout"


CheckStatus = Literal["pass", "warn", "fail", "unknown", "skipped"]
Verdict = Literal["ready", "ready_with_warnings", "not_ready", "incomplete"]
Level = Literal["required", "recommended"]

CHECK_STATUSES: tuple[CheckStatus, ...] = ("pass", "warn", "fail", "unknown", "skipped")
VERDICTS: tuple[Verdict, ...] = ("ready", "ready_with_warnings", "not_ready", "incomplete")

REPORT_SCHEMA = "rigcheck.report/1"
MAX_APPLICANT_CHARS = 120  # a name, an e-mail address or an applicant id; nothing longer belongs there


MAX_NESTING_DEPTH = 64  # far deeper than any real report or profile; bounds every recursive walk of them


def path_beyond_depth(value: Any, limit: int = MAX_NESTING_DEPTH) -> tuple[str | int, ...] | None:
    """The key path of the first item nested deeper than `limit` lists or mappings, else None.

    Iterative, so it is safe on input nested a million levels deep (untrusted JSON, TOML). A first pass
    counts depths only (plain dicts and lists by exact type, ~10x faster on a report); the path is
    worked out only for input that is too deep.
    """
    depths: list[tuple[Any, int]] = [(value, 0)]
    while depths:
        item, depth = depths.pop()
        kind = type(item)
        if kind is dict:
            children: Any = item.values()
        elif kind is list or kind is tuple:
            children = item
        elif kind in _SCALAR_TYPES:
            continue
        elif isinstance(item, Mapping):
            children = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        if children and depth + 1 > limit:
            return _path_beyond_depth(value, limit)
        depth += 1
        for child in children:
            if type(child) not in _SCALAR_TYPES:
                depths.append((child, depth))
    return None


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _path_beyond_depth(value: Any, limit: int) -> tuple[str | int, ...] | None:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(item, Mapping):
            stack.extend((child, (*path, key)) for key, child in item.items())
        elif isinstance(item, (list, tuple)):
            stack.extend((child, (*path, index)) for index, child in enumerate(item))
    return None


@dataclass(frozen=True)
class ProbeResult:
    """What one probe collected, and how it ended.

    `error` explains any status other than ok, and an ok result that is `partial`. `partial`: `values`
    hold only what was measured before the probe failed, stopped or could not find out the rest.
    `cancelled`: the user stopped the run (status error). `notes`: what else the probe noticed, in words.
    """

    probe: str
    status: ProbeStatus
    duration_s: float
    error: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    partial: bool = False
    cancelled: bool = False
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Callers may pass the plain string ("ok"); the record always holds the enum.
        if type(self.status) is not ProbeStatus:
            object.__setattr__(self, "status", ProbeStatus(self.status))
        if type(self.notes) is not tuple:
            object.__setattr__(self, "notes", tuple(self.notes))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "status": self.status.value,
            "duration_s": round(self.duration_s, 3),
            "error": self.error,
            "values": dict(self.values),
        }
        # Written only when set (absent means false / none): reports without them read as before.
        if self.partial:
            data["partial"] = True
        if self.cancelled:
            data["cancelled"] = True
        if self.notes:
            data["notes"] = list(self.notes)
        return data

    @classmethod
    def from_dict(cls, probe: str, data: Mapping[str, Any]) -> ProbeResult:
        """Read a fact object of a report; older reports carried partial and notes inside `values`."""
        values = dict(data.get("values") or {})
        partial = bool(data.get("partial", False))
        notes = list(data.get("notes") or ())
        if type(values.get(_LEGACY_PARTIAL)) is bool:
            partial = values.pop(_LEGACY_PARTIAL) or partial
        legacy_notes = values.get(_LEGACY_NOTES)
        if type(legacy_notes) is list and all(type(note) is str for note in legacy_notes):
            notes = [*values.pop(_LEGACY_NOTES), *notes]
        return cls(
            probe=probe,
            status=ProbeStatus(data.get("status", ProbeStatus.ERROR)),
            duration_s=float(data.get("duration_s") or 0.0),
            error=data.get("error"),
            values=values,
            partial=partial,
            cancelled=bool(data.get("cancelled", False)),
            notes=tuple(notes),
        )


# Reports written before ProbeResult had these fields kept them among the network probe's values.
_LEGACY_PARTIAL = "partial"
_LEGACY_NOTES = "notes"


@dataclass(frozen=True)
class Snapshot:
    """Every probe result of one run, keyed by probe id. `skipped` holds probes the user left out."""

    results: Mapping[str, ProbeResult]
    skipped: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Requirement:
    """One threshold of a profile, e.g. network.min_download_mbps = 25 (required)."""

    section: str
    key: str
    value: Any
    level: Level = "required"
    hint: str | None = None

    @property
    def required(self) -> bool:
        return self.level == "required"


@dataclass(frozen=True)
class Question:
    """Something no probe can see, asked of the applicant. Answer `fail_if` fails the check."""

    id: str
    text: str
    fail_if: str = "yes"
    level: Level = "required"
    hint: str | None = None


@dataclass(frozen=True)
class Profile:
    """An employer's spec, validated. Thresholds are in `requirements`; nothing here is code."""

    id: str
    name: str
    version: str = ""
    publisher: str = ""
    contact: str = ""
    description: str = ""
    sha256: str = ""
    source: str = ""  # where it was loaded from: "bundled:<id>", a path or a URL
    requirements: tuple[Requirement, ...] = ()
    questions: tuple[Question, ...] = ()
    network_server: str | None = None  # LibreSpeed backend URL
    stun_servers: tuple[str, ...] = ()
    headset_evidence: str | None = None  # audio.headset_evidence: "measured" refuses the applicant's word
    notice: str = ""  # a sentence for the user about how it was loaded (e.g. an offline copy of a URL profile)

    def requirement(self, section: str, key: str) -> Requirement | None:
        for requirement in self.requirements:
            if requirement.section == section and requirement.key == key:
                return requirement
        return None


@dataclass(frozen=True)
class ProfileRef:
    """How a report names the profile it was scored against."""

    id: str
    name: str
    version: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: str
    probe: str  # probe id, or "question"
    status: CheckStatus
    required: bool
    observed: Any
    expected: Any
    unit: str
    message: str
    hint: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "probe": self.probe,
            "status": self.status,
            "required": self.required,
            "observed": self.observed,
            "expected": self.expected,
            "unit": self.unit,
            "message": self.message,
            "hint": self.hint,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        """A check of a report that passed Report.check_dict."""
        return cls(
            id=data["id"],
            title=data.get("title", data["id"]),
            probe=data.get("probe", ""),
            status=data["status"],
            required=bool(data.get("required", True)),
            observed=data.get("observed"),
            expected=data.get("expected"),
            unit=data.get("unit", ""),
            message=data.get("message", ""),
            hint=data.get("hint"),
        )


@dataclass(frozen=True)
class ProbeProblem:
    """Why a probe could not measure all it should, said once for every check it leaves unknown.

    `cause` is a code (for the network probe: its `diagnosis`); `title`, `message` and `hint` are
    plain words for the applicant: what happened and what to do.
    """

    probe: str
    cause: str
    title: str
    message: str
    hint: str

    def to_dict(self) -> dict[str, str]:
        return {"probe": self.probe, "cause": self.cause, "title": self.title, "message": self.message, "hint": self.hint}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProbeProblem:
        """A problem of a report that passed Report.check_dict."""
        return cls(**{key: data.get(key, "") for key in ("probe", "cause", "title", "message", "hint")})


@dataclass(frozen=True)
class Report:
    """The scored outcome. Renderers and the TUI read this and nothing else."""

    rigcheck_version: str
    created_at: str  # ISO 8601, UTC
    profile: ProfileRef
    verdict: Verdict
    score: int
    checks: tuple[CheckResult, ...]
    facts: Mapping[str, ProbeResult]
    answers: Mapping[str, str]
    schema: str = REPORT_SCHEMA
    problems: tuple[ProbeProblem, ...] = ()  # one explanation per probe that could not measure
    applicant: str | None = None  # the reference the employer asked for (opt-in); None in older reports

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "applicant": self.applicant,
            "rigcheck_version": self.rigcheck_version,
            "created_at": self.created_at,
            "profile": self.profile.to_dict(),
            "verdict": self.verdict,
            "score": self.score,
            "checks": [check.to_dict() for check in self.checks],
            "facts": {probe: result.to_dict() for probe, result in self.facts.items()},
            "answers": dict(self.answers),
            "problems": [problem.to_dict() for problem in self.problems],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Rebuild a report from its JSON form (untrusted: reports come from applicants).

        Raises ValueError naming the first field that is missing or malformed.
        """
        cls.check_dict(data)
        return cls._from_dict(data)

    @staticmethod
    def check_dict(data: Any) -> None:
        """Every check from_dict makes, without building the report: raises ValueError, or the report loads.

        What a report must hold is declared once, in rigcheck.report_shape (which reads this module's constants).
        """
        from rigcheck.report_shape import check_report

        check_report(data)

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> Report:
        profile = data["profile"]
        return cls(
            schema=data["schema"],
            rigcheck_version=data.get("rigcheck_version", ""),
            created_at=data.get("created_at", ""),
            profile=ProfileRef(
                id=profile.get("id", ""),
                name=profile.get("name", ""),
                version=profile.get("version", ""),
                sha256=profile.get("sha256", ""),
            ),
            verdict=data["verdict"],
            score=int(data["score"]),
            checks=tuple(CheckResult.from_dict(check) for check in data["checks"]),
            facts={probe: ProbeResult.from_dict(probe, fact) for probe, fact in data.get("facts", {}).items()},
            answers=dict(data.get("answers") or {}),
            problems=tuple(ProbeProblem.from_dict(problem) for problem in data.get("problems") or ()),
            applicant=data.get("applicant") or None,
        )

    def counts(self) -> dict[CheckStatus, int]:
        """How many checks ended in each status."""
        tally: dict[CheckStatus, int] = {status: 0 for status in CHECK_STATUSES}
        for check in self.checks:
            tally[check.status] += 1
        return tally


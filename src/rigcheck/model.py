"""Records passed between the pipeline stages: probes -> snapshot -> score() -> report -> renderers.

All are frozen dataclasses. `values` mappings hold JSON-compatible data only (str, int, float, bool,
None, lists and dicts of those) so that a report round-trips through JSON unchanged; treat them as
read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

ProbeStatus = Literal["ok", "unsupported", "error", "timeout"]
CheckStatus = Literal["pass", "warn", "fail", "unknown", "skipped"]
Verdict = Literal["ready", "ready_with_warnings", "not_ready", "incomplete"]
Level = Literal["required", "recommended"]

PROBE_STATUSES: tuple[ProbeStatus, ...] = ("ok", "unsupported", "error", "timeout")
CHECK_STATUSES: tuple[CheckStatus, ...] = ("pass", "warn", "fail", "unknown", "skipped")
VERDICTS: tuple[Verdict, ...] = ("ready", "ready_with_warnings", "not_ready", "incomplete")

REPORT_SCHEMA = "rigcheck.report/1"
MAX_APPLICANT_CHARS = 120  # a name, an e-mail address or an applicant id; nothing longer belongs there


MAX_NESTING_DEPTH = 64  # far deeper than any real report or profile; bounds every recursive walk of them


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def _list_of(value: Any, name: str) -> list[Any]:
    """An optional list field of an untrusted report (absent in reports older than the field)."""
    if value is None:
        return []
    _require(isinstance(value, list), f"{name} is not a list")
    return value


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
_SINGLE_VALUE = _SCALAR_TYPES  # what a check's observed and expected may be
_OPTIONAL_TEXT = frozenset({str, type(None)})


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
class FactSpec:
    """Declares one fact a probe produces: its key, unit and meaning (for humans and docs)."""

    key: str
    unit: str  # "" for unit-less facts (names, booleans, lists)
    description: str


@dataclass(frozen=True)
class ProbeResult:
    """What one probe collected. `error` explains any status other than ok (and partial ok results)."""

    probe: str
    status: ProbeStatus
    duration_s: float
    error: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "duration_s": round(self.duration_s, 3),
            "error": self.error,
            "values": dict(self.values),
        }

    @classmethod
    def from_dict(cls, probe: str, data: Mapping[str, Any]) -> ProbeResult:
        return cls(
            probe=probe,
            status=data.get("status", "error"),
            duration_s=float(data.get("duration_s") or 0.0),
            error=data.get("error"),
            values=dict(data.get("values") or {}),
        )


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

    @staticmethod
    def check_dict(data: Mapping[str, Any]) -> None:
        """Untrusted (a received report): every field a renderer prints must have the type it expects.

        Messages are built only on failure: Report.check_dict runs this on every check of 100,000 reports.
        """
        get = data.get
        if (type(get("id", "")) is str and type(get("title", "")) is str and type(get("probe", "")) is str
                and type(get("unit", "")) is str and type(get("message", "")) is str and type(get("hint")) in _OPTIONAL_TEXT
                and type(get("required", True)) is bool and type(get("observed")) in _SINGLE_VALUE
                and type(get("expected")) in _SINGLE_VALUE):
            return  # JSON's exact types: settled in one expression; anything else is looked at key by key
        for key in ("id", "title", "probe", "unit", "message"):
            if not isinstance(data.get(key, ""), str):
                raise ValueError(f"check {data.get('id')!r}: {key} is not text")
        hint = data.get("hint")
        if hint is not None and not isinstance(hint, str):
            raise ValueError(f"check {data.get('id')!r}: hint is not text")
        if not isinstance(data.get("required", True), bool):
            raise ValueError(f"check {data.get('id')!r}: required is not true or false")
        for key in ("observed", "expected"):
            value = data.get(key)
            if value is not None and not isinstance(value, (str, int, float, bool)):
                raise ValueError(f"check {data.get('id')!r}: {key} is not a single value")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        cls.check_dict(data)
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
        _require(isinstance(data, Mapping), "a problem is not an object")
        texts = {key: data.get(key, "") for key in ("probe", "cause", "title", "message", "hint")}
        _require(all(isinstance(value, str) for value in texts.values()), "a problem's fields are not text")
        return cls(**texts)


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

        Summaries of 100,000 reports use it to read what they need straight from the JSON.
        """
        _require(path_beyond_depth(data) is None, f"malformed report: nested more than {MAX_NESTING_DEPTH} levels deep")
        try:
            _check_report_dict(data)
        except (KeyError, TypeError, AttributeError, OverflowError) as exc:
            raise ValueError(f"malformed report: {type(exc).__name__}: {exc}") from None

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
            problems=tuple(ProbeProblem.from_dict(problem) for problem in _list_of(data.get("problems"), "problems")),
            applicant=data.get("applicant") or None,
        )

    def counts(self) -> dict[CheckStatus, int]:
        """How many checks ended in each status."""
        tally: dict[CheckStatus, int] = {status: 0 for status in CHECK_STATUSES}
        for check in self.checks:
            tally[check.status] += 1
        return tally


def _check_report_dict(data: Any) -> None:
    """The validation of Report.from_dict; what passes here builds without error."""
    if not isinstance(data, Mapping) or data.get("schema") != REPORT_SCHEMA:
        found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
        raise ValueError(f"not a rigcheck report (schema is {found!r}, expected {REPORT_SCHEMA!r})")
    _require(data.get("verdict") in VERDICTS, f"verdict {data.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
    _require(isinstance(data.get("score"), (int, float)) and not isinstance(data["score"], bool)
             and 0 <= data["score"] <= 100, f"score {data.get('score')!r} is not a number from 0 to 100")
    _require(isinstance(data.get("checks"), list), "checks is not a list")
    profile = data["profile"]
    _require(isinstance(profile, Mapping), "profile is not an object")
    for key in ("id", "name", "version", "sha256"):
        _require(isinstance(profile.get(key, ""), str), f"profile.{key} is not text")
    _require(isinstance(data.get("created_at", ""), str), "created_at is not text")
    applicant = data.get("applicant")
    _require(applicant is None or (isinstance(applicant, str) and len(applicant) <= MAX_APPLICANT_CHARS),
             f"applicant is not text of at most {MAX_APPLICANT_CHARS} characters")
    for index, check in enumerate(data["checks"]):  # messages built only on failure: reports hold many checks
        if not ((type(check) is dict or isinstance(check, Mapping)) and isinstance(check.get("id"), str)):
            raise ValueError(f"checks[{index}] has no id")
        if check.get("status") not in CHECK_STATUSES:
            raise ValueError(f"checks[{index}].status {check.get('status')!r} is not one of {', '.join(CHECK_STATUSES)}")
        CheckResult.check_dict(check)
    for fact in data.get("facts", {}).values():  # as ProbeResult.from_dict reads them
        float(fact.get("duration_s") or 0.0)
        dict(fact.get("values") or {})
    dict(data.get("answers") or {})
    for problem in _list_of(data.get("problems"), "problems"):
        ProbeProblem.from_dict(problem)

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
    fix: Phrase | None = None  # the hint written in several languages (profile words), else None

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
    # A question scoring derives from the facts is coded, not worded (words: rigcheck.render.words.question_text).
    asks: Phrase | None = None
    fix: Phrase | None = None


@dataclass(frozen=True)
class Profile:
    """An employer's spec, validated. Thresholds are in `requirements`; nothing here is code."""

    id: str
    name: str
    version: str = ""
    publisher: str = ""
    contact: str = ""
    description: str = ""
    description_as: Phrase | None = None  # the description written in several languages (profile words)
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


VERBATIM = "text"  # the code of words given as they are (a profile's own hint, an older report's English)
# An employer's own words written in several languages (a profile's `text.fil = "..."`): params
# {"texts": {"en": ..., "fil": ...}, "default": "en"}; shown in the reader's language, else the default.
IN_LANGUAGES = "text.languages"


@dataclass(frozen=True)
class Phrase:
    """Something to tell a person, as a code and its parameters: the words are made only when it is shown,
    by rigcheck.render.words, in the reader's language (`{"code": "threshold.at_least", "params": {...}}`).

    `fallback`: the words a received report stored beside the code, shown when this rigcheck has none for
    the code (a report written by a later rigcheck, or by one from before codes).
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    fallback: str | None = field(default=None, compare=False)  # how it was worded, not what it says

    @classmethod
    def verbatim(cls, text: str) -> Phrase:
        """Words shown as they are, in whatever language they were written."""
        return cls(VERBATIM, {"text": text})

    @classmethod
    def in_languages(cls, texts: Mapping[str, str], default: str) -> Phrase:
        """An employer's words in several languages; `default` is shown where the reader's is missing."""
        return cls(IN_LANGUAGES, {"texts": dict(texts), "default": default})

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def read(cls, coded: Any, stored: Any) -> Phrase | None:
        """The phrase of a received report: its code object if any, with the stored words as the fallback."""
        words = stored if isinstance(stored, str) else None
        if isinstance(coded, Mapping) and isinstance(coded.get("code"), str):
            params = coded.get("params")
            return cls(coded["code"], dict(params) if isinstance(params, Mapping) else {}, words)
        return cls.verbatim(words) if words is not None else None


def _phrase(value: Phrase | str) -> Phrase:
    return value if isinstance(value, Phrase) else Phrase.verbatim(value)


@dataclass(frozen=True)
class CheckResult:
    """One requirement or question, judged. What it says is coded (`says`, `fix`, `expects`, `observed_as`,
    `title_as`): rigcheck.render.words makes the words (check_message, check_fix, check_expected, ...).

    Plain strings given for the phrases are words to show as they are (Phrase.verbatim). `title` is the
    English title (a requirement's, or the profile's question): words translate it where they can.
    """

    id: str
    title: str
    probe: str  # probe id, or "question"
    status: CheckStatus
    required: bool
    observed: Any
    expects: Phrase
    unit: str
    says: Phrase
    fix: Phrase | None
    observed_as: Phrase | None = None  # the observed value in words, where it is not a measured value ("your answer")
    title_as: Phrase | None = None  # the title coded, where scoring made it (a question derived from the facts)

    def __post_init__(self) -> None:
        for name in ("expects", "says"):
            object.__setattr__(self, name, _phrase(getattr(self, name)))
        for name in ("fix", "observed_as", "title_as"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _phrase(getattr(self, name)))

    def to_dict(self) -> dict[str, Any]:
        """The check's data and codes. The JSON a report is saved as adds each phrase's English beside its code
        (rigcheck.render.json_format), for readers of rigcheck.report/1."""
        codes: dict[str, Any] = {"message": self.says.to_dict(), "hint": self.fix.to_dict() if self.fix else None,
                                 "expected": self.expects.to_dict()}
        if self.observed_as is not None:
            codes["observed"] = self.observed_as.to_dict()
        if self.title_as is not None:
            codes["title"] = self.title_as.to_dict()
        return {"id": self.id, "title": self.title, "probe": self.probe, "status": self.status, "required": self.required,
                "observed": self.observed, "unit": self.unit, "codes": codes}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        """A check of a report that passed Report.check_dict (with codes, or an older one's English alone)."""
        codes: Mapping[str, Any] = data["codes"] if isinstance(data.get("codes"), Mapping) else {}
        expected = data.get("expected")
        return cls(
            id=data["id"],
            title=data.get("title", data["id"]),
            probe=data.get("probe", ""),
            status=data["status"],
            required=bool(data.get("required", True)),
            observed=data.get("observed"),
            expects=Phrase.read(codes.get("expected"), "" if expected is None else str(expected)) or Phrase.verbatim(""),
            unit=data.get("unit", ""),
            says=Phrase.read(codes.get("message"), data.get("message", "")) or Phrase.verbatim(""),
            fix=Phrase.read(codes.get("hint"), data.get("hint")),
            observed_as=Phrase.read(codes.get("observed"), None) if codes.get("observed") else None,
            title_as=Phrase.read(codes.get("title"), data.get("title")) if codes.get("title") else None,
        )


@dataclass(frozen=True)
class ProbeProblem:
    """Why a probe could not measure all it should, said once for every check it leaves unknown.

    `cause` is the code (for the network probe: its `diagnosis`); rigcheck.render.words makes its words
    (problem_title, problem_message, problem_fix). `stored`: the English a received report holds, shown for a
    cause this rigcheck has no words for.
    """

    probe: str
    cause: str
    stored: Mapping[str, str] = field(default_factory=dict, compare=False)  # how it was worded, not what it says

    def to_dict(self) -> dict[str, str]:
        """The problem's code; the JSON a report is saved as adds its English (rigcheck.render.json_format)."""
        return {"probe": self.probe, "cause": self.cause}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProbeProblem:
        """A problem of a report that passed Report.check_dict."""
        stored = {key: str(data.get(key) or "") for key in ("title", "message", "hint")}
        return cls(str(data.get("probe") or ""), str(data.get("cause") or ""), stored)


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
    language: str = "en"  # what the applicant read it in; older reports were all English

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "applicant": self.applicant,
            "language": self.language,
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
            language=data.get("language") or "en",
        )

    def counts(self) -> dict[CheckStatus, int]:
        """How many checks ended in each status."""
        tally: dict[CheckStatus, int] = {status: 0 for status in CHECK_STATUSES}
        for check in self.checks:
            tally[check.status] += 1
        return tally


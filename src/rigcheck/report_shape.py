"""What a received report must hold to be read: the one declaration of it, checked by msgspec.

Reports come from applicants, so nothing in one is trusted. `ReportShape` declares every field the reader
uses and the type it must have; msgspec checks a report against it in C (from JSON bytes: `decode_report`;
from a mapping already read: `check_report`), which is what lets `report summarize` read 100,000 reports in
seconds. Fields a reader does not use are ignored, as are fields added by a later rigcheck. Where a field may be
left out, the default is what `Report.from_dict` assumes (`msgspec.UNSET`: "absent", e.g. a check's title,
which then is its id).

The JSON Schema rigcheck publishes (`rigcheck report schema`, rigcheck.report_schema) is generated from these
structs: what a report may hold is declared here, once. It says what rigcheck reads, so a report from an older
rigcheck (no applicant, problems, codes, language...) validates as well as a new one.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Mapping

import msgspec

from rigcheck.model import CHECK_STATUSES, MAX_APPLICANT_CHARS, MAX_NESTING_DEPTH, REPORT_SCHEMA, VERDICTS, ProbeStatus, path_beyond_depth

SingleValue = str | int | float | bool | None  # what a check's observed and expected may be
_UTF8_BOM = b"\xef\xbb\xbf"  # Windows editors add one
_PROBE_STATUSES = tuple(status.value for status in ProbeStatus)


class PhraseShape(msgspec.Struct):
    """What a report says, coded (model.Phrase): words are made from it by whoever reads the report."""

    code: str
    # Flat: figures, names, lists of names; an employer's words per language ({"fil": "..."}, model.IN_LANGUAGES).
    params: dict[str, SingleValue | list[SingleValue] | dict[str, str]] = {}


class CodesShape(msgspec.Struct):
    """A check's phrases, beside the English a rigcheck.report/1 reader shows (absent in older reports)."""

    message: PhraseShape | None = None
    hint: PhraseShape | None = None
    expected: PhraseShape | None = None
    observed: PhraseShape | None = None
    title: PhraseShape | None = None


class CheckShape(msgspec.Struct):
    id: str
    status: Literal[CHECK_STATUSES]  # type: ignore[valid-type]  # a Literal of the model's own tuple
    title: str | msgspec.UnsetType = msgspec.UNSET  # absent: the id
    probe: str = ""
    required: bool = True
    observed: SingleValue = None
    expected: SingleValue = None
    unit: str = ""
    message: str = ""
    hint: str | None = None
    codes: CodesShape | None = None


class FactShape(msgspec.Struct):
    """One probe's result, as ProbeResult.from_dict reads it (older reports: partial and notes in values)."""

    status: Literal[_PROBE_STATUSES] = "error"  # type: ignore[valid-type]  # a Literal of the enum's values
    duration_s: Annotated[float, msgspec.Meta(ge=0)] | None = None
    error: str | None = None
    values: dict[str, Any] | None = None  # free-form: checked for depth only
    partial: bool = False
    cancelled: bool = False
    notes: list[str] | None = None


class ProfileRefShape(msgspec.Struct):
    id: str = ""
    name: str = ""
    version: str = ""
    sha256: str = ""


class ProblemShape(msgspec.Struct):
    probe: str = ""
    cause: str = ""
    title: str = ""
    message: str = ""
    hint: str = ""


class ReportShape(msgspec.Struct):
    """A rigcheck report: a profile's checks judged on one computer, with the facts they were judged on."""

    schema: Literal[REPORT_SCHEMA]  # type: ignore[valid-type]  # the model's own constant
    verdict: Literal[VERDICTS]  # type: ignore[valid-type]  # a Literal of the model's own tuple
    score: Annotated[float, msgspec.Meta(ge=0, le=100)]  # an integer in JSON is a float here
    checks: list[CheckShape]
    profile: ProfileRefShape
    applicant: Annotated[str, msgspec.Meta(max_length=MAX_APPLICANT_CHARS)] | None = None
    language: str = "en"  # the language the applicant read the report in (older reports: English)
    rigcheck_version: str = ""
    created_at: str = ""
    facts: dict[str, FactShape] = {}
    answers: dict[str, Any] | None = None  # free-form: checked for depth only
    problems: list[ProblemShape] | None = None


_DECODER = msgspec.json.Decoder(ReportShape)


def _other_schema(schema: object) -> ValueError:
    # Said inside "not a rigcheck JSON report (…)" by the file reader: the reason alone, in plain words.
    if schema is None:
        return ValueError(f'it has no "schema" field; a rigcheck report has "schema": "{REPORT_SCHEMA}"')
    return ValueError(f'its schema is {json.dumps(schema)[:60]}, not "{REPORT_SCHEMA}"')


def _refuse_deep(part: Any, depth_in_report: int) -> None:
    """Refuse a report nested deeper than MAX_NESTING_DEPTH. Only fact values and answers, the free-form
    JSON of a report, can nest; `part` sits `depth_in_report` levels below the report itself."""
    if path_beyond_depth(part, MAX_NESTING_DEPTH - depth_in_report) is not None:
        raise ValueError(f"malformed report: nested more than {MAX_NESTING_DEPTH} levels deep")


def _checked_depth(shape: ReportShape) -> ReportShape:
    # report > facts > probe > values: a mapping of the probes' values stands where the fact objects do.
    _refuse_deep({probe: fact.values for probe, fact in shape.facts.items()}, 2)
    _refuse_deep(shape.answers, 1)
    return shape


def check_report(data: Any) -> ReportShape:
    """`data` (a report's JSON, already read) checked against ReportShape; ValueError with one sentence."""
    if isinstance(data, Mapping) and type(data) is not dict:
        data = dict(data)
    if not isinstance(data, dict):
        raise ValueError(f"it holds a JSON {type(data).__name__}; a report is a JSON object")
    if data.get("schema") != REPORT_SCHEMA:
        raise _other_schema(data.get("schema"))
    _refuse_deep(data.get("facts"), 1)  # before msgspec, which would recurse into them
    _refuse_deep(data.get("answers"), 1)
    try:
        return msgspec.convert(data, ReportShape)
    except msgspec.ValidationError as exc:
        raise ValueError(f"malformed report: {_named(exc, data)}") from None


def _named(exc: msgspec.ValidationError, data: dict[str, Any]) -> str:
    """msgspec's words, with the probe named where it says `$.facts[...]` (it names no mapping keys)."""
    words = str(exc)
    facts = data.get("facts")
    if "`$.facts[...]" not in words or not isinstance(facts, dict):
        return words
    for probe, fact in facts.items():
        try:
            msgspec.convert(fact, FactShape)
        except msgspec.ValidationError as in_fact:
            return str(in_fact).replace("`$", f"`$.facts.{probe}", 1)
    return words


def decode_report(raw: bytes) -> ReportShape:
    """The report in the JSON bytes `raw`, checked; ValueError with one sentence.

    msgspec reads well-formed JSON. What it refuses (NaN, numbers beyond a double, lone surrogates: JSON that
    Python's json module reads, and rigcheck's own json output may hold) and every report it finds wrong is
    read again by json and checked by check_report, which words the reason: what counts as a report does not
    depend on the reader.
    """
    body = raw[len(_UTF8_BOM):] if raw.startswith(_UTF8_BOM) else raw
    try:
        shape = _DECODER.decode(body)
        if shape.schema == REPORT_SCHEMA:
            return _checked_depth(shape)
    except (msgspec.DecodeError, RecursionError):  # ValidationError included
        pass
    try:
        data = json.loads(body.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply to read") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ValueError(str(exc)) from None
    return check_report(data)

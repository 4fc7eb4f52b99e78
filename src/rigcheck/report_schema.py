"""The JSON Schema (draft 2020-12) of a report, `rigcheck.report/1`, built from the model's own constants.

`rigcheck report schema` prints it; the tests validate real reports (every format's golden report, a
headless run's) against it. Fields added after the first reports (applicant, problems; a fact's partial,
cancelled and notes) are optional. Reports written before a fact had partial and notes kept them in the
network probe's `values`; Report.from_dict still reads them from there.
"""

from __future__ import annotations

from typing import Any

from rigcheck.model import CHECK_STATUSES, MAX_APPLICANT_CHARS, REPORT_SCHEMA, VERDICTS, ProbeStatus

_TEXT = {"type": "string"}
_ANY: dict[str, Any] = {}  # observed and expected values and facts are whatever the probe or check measured


def report_json_schema() -> dict[str, Any]:
    check = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "title", "probe", "status", "required", "observed", "expected", "unit", "message", "hint"],
        "properties": {
            "id": {**_TEXT, "description": "section.key of the profile requirement, or question.<id>"},
            "title": {**_TEXT, "description": "what a person reads"},
            "probe": {**_TEXT, "description": "the probe whose facts decided it, or \"question\""},
            "status": {"enum": list(CHECK_STATUSES)},
            "required": {"type": "boolean", "description": "false: a recommendation (a failure is a warning)"},
            "observed": {**_ANY, "description": "what was measured (null when nothing was)"},
            "expected": {**_ANY, "description": "what the profile asks for, in words"},
            "unit": _TEXT,
            "message": _TEXT,
            "hint": {"type": ["string", "null"], "description": "what to do about it, in plain words"},
        },
    }
    fact = {
        "type": "object",
        "required": ["status", "duration_s", "error", "values"],
        "properties": {
            "status": {"enum": [status.value for status in ProbeStatus]},
            "duration_s": {"type": "number", "minimum": 0},
            "error": {"type": ["string", "null"]},
            "values": {"type": "object", "description": "the facts the probe declares, by key"},
            "partial": {"type": "boolean", "default": False,
                        "description": "values hold only what was measured before the probe failed or stopped; absent: false"},
            "cancelled": {"type": "boolean", "default": False,
                          "description": "the user stopped the run (status error); absent: false"},
            "notes": {"type": "array", "items": _TEXT,
                      "description": "what else the probe noticed, in plain words; absent: none"},
        },
    }
    problem = {
        "type": "object",
        "additionalProperties": False,
        "required": ["probe", "cause", "title", "message", "hint"],
        "properties": {key: _TEXT for key in ("probe", "cause", "title", "message", "hint")},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rigcheck.invalid/schema/report-1.json",
        "title": "rigcheck report",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "rigcheck_version", "created_at", "profile", "verdict", "score", "checks", "facts", "answers"],
        "properties": {
            "schema": {"const": REPORT_SCHEMA},
            "applicant": {"type": ["string", "null"], "maxLength": MAX_APPLICANT_CHARS,
                          "description": "the reference the employer asked for (name, e-mail or applicant id); null when not given"},
            "rigcheck_version": _TEXT,
            "created_at": {**_TEXT, "description": "ISO 8601, UTC"},
            "profile": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "name", "version", "sha256"],
                "properties": {"id": _TEXT, "name": _TEXT, "version": _TEXT,
                               "sha256": {**_TEXT, "description": "SHA-256 of the profile file the report was scored against"}},
            },
            "verdict": {"enum": list(VERDICTS)},
            "score": {"type": "integer", "minimum": 0, "maximum": 100},
            "checks": {"type": "array", "items": check},
            "facts": {"type": "object", "additionalProperties": fact, "description": "per probe id"},
            "answers": {"type": "object", "additionalProperties": _TEXT, "description": "question id -> the applicant's answer"},
            "problems": {"type": "array", "items": problem,
                         "description": "one plain explanation per probe that could not measure"},
        },
    }

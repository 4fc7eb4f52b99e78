"""`rigcheck report schema` is the JSON Schema of rigcheck.report/1, generated from the report's one declaration
(rigcheck.report_shape), committed in schemas/ and current; real reports validate against it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from rigcheck.render import render
from rigcheck.report_schema import report_json_schema

from ._reports import report

GOLDEN = Path(__file__).parents[1] / "core" / "golden" / "report.json"
ROOT = Path(__file__).parents[2]


def test_the_committed_schema_is_the_one_rigcheck_prints():
    printed = subprocess.run([sys.executable, "-m", "rigcheck", "report", "schema"], capture_output=True, text=True,
                             timeout=60, check=True).stdout
    committed = (ROOT / "schemas" / "report-1.schema.json").read_text(encoding="utf-8")
    assert printed == committed, "schemas/report-1.schema.json is stale: run python scripts/write_report_schema.py"


def test_the_schema_is_generated_from_the_shape_every_reader_checks():
    import msgspec

    from rigcheck.report_shape import ReportShape

    schema = report_json_schema()
    assert {key: value for key, value in schema.items() if key.startswith("$") and key not in ("$schema", "$id")} \
        == msgspec.json.schema(ReportShape)
    check = schema["$defs"]["CheckShape"]["properties"]
    assert "codes" in check and "language" in schema["$defs"]["ReportShape"]["properties"]


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(subprocess.run([sys.executable, "-m", "rigcheck", "report", "schema"], capture_output=True,
                                       text=True, timeout=60, check=True).stdout)
    assert schema == report_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_golden_report_validates(validator):
    validator.validate(json.loads(GOLDEN.read_text()))


def test_a_headless_run_validates(validator, tmp_path):
    target = tmp_path / "r.json"
    subprocess.run([sys.executable, "-m", "rigcheck", "check", "--only", "system,cpu,memory,disk", "--applicant", "Ana",
                    "--format", "json", "--output", str(target)], capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    validator.validate(json.loads(target.read_text()))


def test_a_report_with_a_network_problem_validates(validator):
    from core.snapshots import result

    data = json.loads(render(report(network=result("network", status="error", error="no server answered")), "json"))
    validator.validate(data)


def test_a_report_from_before_the_applicant_and_problems_fields_validates(validator):
    data = json.loads(render(report(), "json"))
    del data["applicant"], data["problems"]
    validator.validate(data)


@pytest.mark.parametrize(("field", "value"), [("verdict", "maybe"), ("score", 101), ("schema", "rigcheck.report/2"),
                                              ("applicant", "x" * 500), ("checks", [{"id": "a"}])])
def test_a_malformed_report_does_not_validate(validator, field, value):
    data = json.loads(render(report(), "json"))
    data[field] = value
    assert not validator.is_valid(data)

"""A fact object's partial, cancelled and notes are fields of the report (written only when set); reports
saved before the fields existed, with partial and notes among the network probe's values, still read the same."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import jsonschema
import pytest

from rigcheck.model import ProbeStatus, Report
from rigcheck.received import read_report
from rigcheck.render import render
from rigcheck.report_schema import report_json_schema

from ._reports import report

from core.snapshots import result

NOTE = "STUN server stun.example:3478: no answer over UDP within 1 s"
FAILED_NETWORK = replace(result("network", {"latency_ms": 20.0, "diagnosis": ["stalled"]}, status="error",
                                error="download test failed (librespeed: stalled)"), partial=True, notes=(NOTE,))


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(report_json_schema())


def new_report_data() -> dict:
    return json.loads(render(report(network=FAILED_NETWORK), "json"))


def old_report_data() -> dict:
    """The same report as rigcheck wrote it before the fields: partial and notes among the values."""
    data = new_report_data()
    network = data["facts"]["network"]
    network["values"].update(partial=network.pop("partial"), notes=network.pop("notes"))
    return data


def test_a_new_report_carries_partial_and_notes_as_fields_of_the_fact(validator):
    data = new_report_data()
    network = data["facts"]["network"]
    assert (network["partial"], network["notes"]) == (True, [NOTE])
    assert "partial" not in network["values"] and "notes" not in network["values"]
    assert "cancelled" not in network and "partial" not in data["facts"]["cpu"]  # written only when set
    validator.validate(data)


def test_an_old_report_with_partial_and_notes_among_the_values_still_loads(validator, tmp_path):
    data = old_report_data()
    validator.validate(data)  # it was valid then and stays valid
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for loaded in (Report.from_dict(data), read_report(str(path))):
        network = loaded.facts["network"]
        assert (network.partial, network.notes, network.status) == (True, (NOTE,), ProbeStatus.ERROR)
        assert dict(network.values) == {"latency_ms": 20.0, "diagnosis": ["stalled"]}
        assert loaded.checks == Report.from_dict(new_report_data()).checks
    # Saved again, it is a report of today's form.
    assert Report.from_dict(data).to_dict()["facts"]["network"] == new_report_data()["facts"]["network"]


def test_a_cancelled_probe_reads_back_cancelled():
    stopped = result("cpu", status="error", error="cancelled by the user")
    data = json.loads(render(report(cpu=replace(stopped, cancelled=True)), "json"))
    assert data["facts"]["cpu"]["cancelled"] is True
    assert Report.from_dict(data).facts["cpu"].cancelled is True
    # Only the field says so: the same words in an error are not a cancel.
    assert Report.from_dict(json.loads(render(report(cpu=stopped), "json"))).facts["cpu"].cancelled is False


@pytest.mark.parametrize(("field", "value", "words"), [
    ("partial", "yes", "Expected `bool`, got `str` - at `$.facts.network.partial`"),
    ("cancelled", 1, "Expected `bool`, got `int` - at `$.facts.network.cancelled`"),
    ("notes", "one note", "Expected `array | null`, got `str` - at `$.facts.network.notes`"),
    ("notes", [1, 2], "Expected `str`, got `int` - at `$.facts.network.notes[0]`"),
    ("status", "cancelled", "Invalid enum value 'cancelled' - at `$.facts.network.status`"),
])
def test_a_malformed_fact_field_is_refused_by_name(validator, field, value, words):
    data = new_report_data()
    data["facts"]["network"][field] = value
    with pytest.raises(ValueError, match=re.escape(words)):
        Report.from_dict(data)
    assert not validator.is_valid(data)

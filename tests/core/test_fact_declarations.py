"""The fact declarations (rigcheck.facts) hold the structure together: each test fails when a consumer
points at a fact no probe declares, when units disagree, or when a probe returns what it never declared."""

from __future__ import annotations

import ast
import dataclasses
import json
from pathlib import Path

import pytest

import rigcheck
from rigcheck import facts as facts_package
from rigcheck.facts import ABSENT, PROBES, Fact, ProbeFacts, good_facts, probe_facts
from rigcheck.probes import OPTIONAL_PROBE_IDS, PROBE_IDS, PROBE_TITLES, load_probe
from rigcheck.probes.base import run_probe
from rigcheck.profile.fields import REQUIREMENT_FIELDS

SRC = Path(rigcheck.__file__).parent
JSON_TYPES = (str, int, float, bool, list, dict)  # what a fact's value can be in a JSON report
ALL_FACTS = [fact for probe in PROBES for fact in probe.facts]


def test_probe_ids_and_titles_come_from_the_one_registry():
    assert PROBE_IDS + OPTIONAL_PROBE_IDS == tuple(probe.id for probe in PROBES if not probe.optional) + tuple(
        probe.id for probe in PROBES if probe.optional)
    assert len({probe.id for probe in PROBES}) == len(PROBES)
    assert PROBE_TITLES == {probe.id: probe.title for probe in PROBES}
    assert all(probe.title.strip() for probe in PROBES)


@pytest.mark.parametrize("declaration", PROBES, ids=lambda probe: probe.id)
def test_each_registered_probe_module_refers_to_its_declaration(declaration):
    spec = load_probe(declaration.id)
    assert spec.collect.__module__ != "rigcheck.probes", f"{declaration.module_name} did not load"
    assert (spec.id, spec.title, spec.facts) == (declaration.id, declaration.title, declaration.facts)


def test_every_declared_fact_is_typed_titled_and_has_a_json_example():
    for fact in ALL_FACTS:
        types = fact.type if isinstance(fact.type, tuple) else (fact.type,)
        assert types and all(kind in JSON_TYPES for kind in types), fact
        assert fact.title and fact.description, fact
        if fact.example is not ABSENT:
            assert fact.accepts(fact.example), f"{fact}: example {fact.example!r} is not a {fact.type}"
            assert json.loads(json.dumps(fact.example)) == fact.example, fact


def test_a_bool_is_not_accepted_as_a_number_nor_a_number_as_text():
    count = Fact("x", "count", int, "", "Count", "a count")
    assert count.accepts(3) and count.accepts(None)
    assert not count.accepts(True) and not count.accepts("3")


def test_a_fact_declared_twice_is_refused():
    probe = ProbeFacts("x", "X")
    probe.declare("a", int, "", "A", "a")
    with pytest.raises(ValueError, match="declared twice"):
        probe.declare("a", str, "", "A again", "a")


@pytest.mark.parametrize("field", REQUIREMENT_FIELDS, ids=lambda field: field.id)
def test_every_requirement_reads_a_fact_its_probe_declares(field):
    declaration = probe_facts(field.probe)  # KeyError: a probe the registry does not hold
    assert field.fact in declaration.facts, f"{field.id} reads {field.fact}, which {field.probe} does not declare"


@pytest.mark.parametrize("field", [f for f in REQUIREMENT_FIELDS if f.comparison in ("at_least", "at_most")], ids=lambda f: f.id)
def test_a_threshold_and_its_fact_declare_the_same_unit(field):
    assert field.unit == field.fact.unit, f"{field.id} says {field.unit!r}, {field.fact} is measured in {field.fact.unit!r}"


def test_memory_and_disk_requirements_say_gib_like_the_probes():
    by_id = {field.id: field for field in REQUIREMENT_FIELDS}
    for check_id in ("computer.min_ram_gb", "computer.min_disk_free_gb"):
        field = by_id[check_id]
        assert field.unit == field.fact.unit == "GiB"
        assert "GiB" in field.description and " GB" not in field.title


def test_every_requirement_has_a_default_fix_in_words():
    from rigcheck.model import Phrase
    from rigcheck.render.words import say

    for field in REQUIREMENT_FIELDS:
        assert field.hint.strip()
        assert say(Phrase(f"fix.{field.id}")) == field.hint  # the fix a failed check carries, worded


def test_good_facts_are_the_declared_examples_of_every_default_probe():
    good = good_facts()
    assert list(good) == list(PROBE_IDS)
    for probe_id, values in good.items():
        declared = probe_facts(probe_id)
        assert set(values) == {fact.key for fact in declared.facts if fact.example is not ABSENT}
        assert all(declared.fact(key).accepts(value) for key, value in values.items())
    good["display"]["monitors"][0]["width"] = 1  # each call is a fresh copy: a test's change never leaks into another
    assert good_facts()["display"]["monitors"] == probe_facts("display").fact("monitors").example
    assert probe_facts("display").fact("monitors").example[0]["width"] == 1920


def test_a_registered_probe_whose_module_fails_to_import_is_an_isolated_error(monkeypatch):
    broken = ProbeFacts("broken", "A probe that cannot load", module="rigcheck.probes._no_such_module")
    broken.declare("value", int, "", "Value", "a value")
    monkeypatch.setitem(facts_package._BY_ID, broken.id, broken)
    spec = load_probe("broken")
    assert spec.title == "A probe that cannot load" and spec.facts == broken.facts
    result = run_probe(spec)
    assert result.status == "error" and "could not be loaded" in result.error and "ModuleNotFoundError" in result.error


def test_an_id_the_registry_does_not_hold_is_a_key_error():
    with pytest.raises(KeyError):
        load_probe("no-such-probe")


def test_the_mic_measurement_reports_exactly_the_declared_mic_facts():
    from rigcheck.probes.audio.mictest import MicMeasurement

    from rigcheck.facts.mic import ROOM_NOISE

    fields = {field.name for field in dataclasses.fields(MicMeasurement)} - {"note"}  # note becomes the result's error
    assert fields | {ROOM_NOISE.key} == probe_facts("mic").keys  # the probe reads the noise floor plainly (room_noise)


def _keys_written(path: Path) -> set[str]:
    """String keys assigned as `<something>values[...] = ...` in a module (how the network test fills its facts)."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if (isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant)
                        and isinstance(target.value, (ast.Name, ast.Attribute))
                        and (getattr(target.value, "id", None) or getattr(target.value, "attr", None)) == "values"):
                    keys.add(target.slice.value)
    return keys


def test_every_fact_the_network_test_writes_is_declared():
    written = _keys_written(SRC / "netmeasure" / "run.py")
    assert written, "the check found no facts: the way run.py writes them changed"
    assert written <= probe_facts("network").keys, f"undeclared network facts: {sorted(written - probe_facts('network').keys)}"


def test_the_network_tests_progress_carries_the_keys_the_tui_reads():
    from rigcheck.facts.network import PROGRESS_LATENCY_MS, PROGRESS_MBPS

    named = set()
    for node in ast.walk(ast.parse((SRC / "netmeasure" / "run.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "report":
            named |= {keyword.arg for keyword in node.keywords if keyword.arg}
    assert named == {PROGRESS_MBPS, PROGRESS_LATENCY_MS}

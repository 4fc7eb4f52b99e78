"""One golden file per output format. Regenerate after a deliberate change with
RIGCHECK_UPDATE_GOLDEN=1 python -m pytest tests/core/test_render_golden.py  (then review the diff)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rigcheck.render import FILE_EXTENSIONS, FORMATS, render
from rigcheck.scoring import score
from rigcheck.profile import load_profile

from .snapshots import result, snapshot

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def mixed_report():
    """Every status at once: a fail, a warning, an unknown, a skipped probe, passes."""
    facts = snapshot(
        {"connection": {"kind": "wifi"}, "network": {"loaded_latency_increase_ms": 180.0}},
        skipped=frozenset({"display"}),
        audio=result("audio", status="unsupported", error="PortAudio library not found (apt-get install libportaudio2)"),
    )
    # A copy of generic-voice kept beside the goldens, so editing the bundled profile cannot change them.
    return score(facts, load_profile(str(GOLDEN / "profile.toml")), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z",
                 applicant="Ana <Lima> & Co, applicant 4711")  # markup in it: every format must keep it as text


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_matches_golden_file(mixed_report, fmt):
    rendered = render(mixed_report, fmt)
    path = GOLDEN / f"report{FILE_EXTENSIONS[fmt]}"
    if os.environ.get("RIGCHECK_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert rendered == expected


def test_every_status_appears_in_the_golden_report(mixed_report):
    assert {c.status for c in mixed_report.checks} == {"pass", "warn", "fail", "unknown", "skipped"}


def test_json_is_the_report_contract(mixed_report):
    data = json.loads(render(mixed_report, "json"))
    assert data["schema"] == "rigcheck.report/1"
    assert set(data) == {"schema", "rigcheck_version", "created_at", "profile", "verdict", "score", "checks", "facts", "answers",
                         "problems", "applicant", "language"}
    assert data["language"] == "en"
    assert set(data["profile"]) == {"id", "name", "version", "sha256"}
    assert set(data["checks"][0]) == {"id", "title", "probe", "status", "required", "observed", "expected", "unit", "message", "hint",
                                      "codes"}
    # The codes each reader words in their language, beside the English that readers of rigcheck.report/1 show.
    download = next(check for check in data["checks"] if check["id"] == "network.min_download_mbps")
    assert download["codes"]["message"] == {"code": "threshold.at_least", "params": {"observed": 212.5, "limit": 25, "unit": "Mbit/s"}}
    assert download["expected"] == ">= 25"  # as /1 readers parse it
    assert set(data["facts"]["audio"]) == {"status", "duration_s", "error", "values"}


def test_junit_keeps_failure_error_and_skipped_distinct(mixed_report):
    suite = ET.fromstring(render(mixed_report, "junit"))
    counts = mixed_report.counts()
    assert len(suite.findall("testcase")) == len(mixed_report.checks)
    assert len(suite.findall("testcase/failure")) == counts["fail"] == int(suite.get("failures"))
    assert len(suite.findall("testcase/error")) == counts["unknown"] == int(suite.get("errors"))
    assert len(suite.findall("testcase/skipped")) == counts["skipped"] == int(suite.get("skipped"))
    wifi = suite.find("testcase[@name='Wired internet connection']/failure")
    assert "LAN (Ethernet) cable" in wifi.text


def test_junit_test_names_are_the_check_titles_and_keep_the_id(mixed_report):
    suite = ET.fromstring(render(mixed_report, "junit"))
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [check.title for check in mixed_report.checks]
    assert [case.get("classname") for case in cases] == [f"rigcheck.{check.id}" for check in mixed_report.checks]


def test_the_recommended_legend_appears_only_when_something_is_recommended(mixed_report):
    import dataclasses

    assert "(rec.) = recommended" in render(mixed_report, "text")
    required_only = dataclasses.replace(
        mixed_report, checks=tuple(check for check in mixed_report.checks if check.required)
    )
    text = render(required_only, "text")
    assert "(rec.)" not in text


def test_text_and_markdown_show_status_in_words_and_give_fixes(mixed_report):
    for fmt in ("text", "markdown"):
        out = render(mixed_report, fmt)
        assert "NOT READY" in out and "FAILED" in out and "NO RESULT" in out and "SKIPPED" in out
        assert "UNKNOWN" not in out
        assert "Connect the computer to the router with a LAN (Ethernet) cable" in out
        assert "\x1b[" not in out


def test_html_is_well_formed_and_self_contained(mixed_report):
    page = render(mixed_report, "html")

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.external = []

        def handle_starttag(self, tag, attrs):
            attributes = dict(attrs)
            if tag == "script" or (tag in ("link", "img") and (attributes.get("href") or attributes.get("src"))):
                self.external.append(tag)

    collector = Collector()
    collector.feed(page)
    assert collector.external == []
    assert "NOT READY" in page and "&lt;" not in mixed_report.profile.name

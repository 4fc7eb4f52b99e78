"""The one registry of output formats, the one number formatter and the one status order.

Each front end offers exactly the registered formats, a figure reads the same in every place it is
shown, and every list of checks is ordered the same way.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
from pathlib import Path

import pytest

from rigcheck.render.words import check_message
from rigcheck import cli
from rigcheck.model import CheckResult, ProbeResult
from rigcheck.profile import load_profile
from rigcheck.render import (
    FACTS_FORMATS,
    FILE_EXTENSIONS,
    FORMATS,
    RECEIVED_FORMATS,
    REPORT_FORMATS,
    SAVE_FORMATS,
    SUMMARY_FORMATS,
    names,
    render,
    render_facts,
    render_received,
)
from rigcheck.render.common import STATUS_SEVERITY, checks_by_severity
from rigcheck.render.numbers import number_text, value_text
from rigcheck.scoring import score

from .snapshots import snapshot


def _format_option(*command: str) -> argparse.Action:
    parser = cli.build_parser()
    for name in command:
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subparsers.choices[name]
    return next(a for a in parser._actions if "--format" in a.option_strings)


def _format_choices(*command: str) -> tuple[str, ...]:
    return tuple(_format_option(*command).choices)


def test_every_command_offers_the_registered_formats_in_registry_order():
    assert _format_choices("check") == FORMATS == names(REPORT_FORMATS)
    assert _format_choices("report", "show") == RECEIVED_FORMATS
    assert _format_choices("report", "summarize") == names(SUMMARY_FORMATS)
    assert _format_choices("probe") == names(FACTS_FORMATS)


def test_summarize_help_describes_each_registered_format():
    option = _format_option("report", "summarize")
    for output_format in SUMMARY_FORMATS:
        assert output_format.name in option.help
        if output_format.description:
            assert f"{output_format.name} ({output_format.description})" in option.help


@pytest.mark.parametrize("output_format", REPORT_FORMATS + SUMMARY_FORMATS + FACTS_FORMATS, ids=lambda f: f"{f.module}")
def test_every_registered_module_has_a_render_function(output_format):
    module = importlib.import_module(output_format.module)
    parameters = inspect.signature(module.render).parameters
    assert len([p for p in parameters.values() if p.default is inspect.Parameter.empty]) == 1
    assert ("ascii_only" in parameters) == output_format.ascii_variant


def test_the_front_ends_reach_formats_only_through_the_registry():
    """No import chain from the CLI or the TUI to a registered format module: they go through rigcheck.render.

    (An import-linter contract would have to list every format module, a second list to keep up.)
    """
    import grimp

    graph = grimp.build_graph("rigcheck", cache_dir=None)
    modules = [f.module for f in REPORT_FORMATS + SUMMARY_FORMATS + FACTS_FORMATS]
    assert all(module in graph.modules for module in modules)
    for front_end in ("rigcheck.cli", "rigcheck.tui"):
        for module in modules:
            assert not graph.chain_exists(importer=front_end, imported=module, as_packages=True), (front_end, module)


def test_report_formats_have_distinct_extensions_and_names():
    assert len(set(FORMATS)) == len(FORMATS)
    assert len(set(FILE_EXTENSIONS.values())) == len(FORMATS)
    assert all(extension.startswith(".") for extension in FILE_EXTENSIONS.values())


def test_the_tui_save_step_offers_the_formats_the_registry_labels():
    from rigcheck.tui.screens.save import available_formats, report_paths

    assert available_formats() == [f.name for f in SAVE_FORMATS]
    assert {"json", "html"} <= set(available_formats())  # what the employer's systems and a browser read
    paths = report_paths(Path("/tmp/report.html"), available_formats())  # a typed extension is dropped
    assert {path.name for path in paths.values()} == {f"report{f.extension}" for f in SAVE_FORMATS}


def test_an_unknown_format_names_the_registered_ones():
    report = score(snapshot(), load_profile("generic-voice"), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z")
    with pytest.raises(ValueError, match="choose from text, json, html, markdown, junit"):
        render(report, "pdf")


def test_the_text_table_falls_back_to_ascii_for_a_console_that_lacks_the_glyphs():
    report = score(snapshot(), load_profile("generic-voice"), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z")
    assert "✔" in render(report, "text", encoding="utf-8")
    ascii_text = render(report, "text", encoding="ascii")
    assert ascii_text.isascii() and "+ PASS" in ascii_text
    assert render(report, "html", encoding="ascii") == render(report, "html")  # no ASCII variant: unchanged


def test_a_received_report_is_shown_without_control_characters():
    report = score(snapshot(), load_profile("generic-voice"), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z",
                   applicant="Ana\x1b[31m Lima")
    shown = render_received(report, "text")
    assert "\x1b" not in shown and "Ana?[31m Lima" in shown


@pytest.mark.parametrize(
    ("value", "text"),
    [(212.5, "212"), (1234.5, "1234"), (94.32, "94.3"), (22.1, "22.1"), (4.375, "4.38"), (2.0, "2"), (0.25, "0.25"),
     (0.004, "0"), (0, "0"), (16, "16"), (-3.5, "-3.5"), (None, "—"), (True, "yes"),
     # A received report's JSON may hold an integer no float can (it raised OverflowError in report show).
     (10**400, "1.00e+400"), (-(10**20), "-1.00e+20")],
)
def test_numbers_read_with_three_significant_digits_at_most_two_decimals(value, text):
    assert number_text(value) == text


def test_units_follow_the_number_and_agree_with_it():
    assert value_text(1, "monitors") == "1 monitor" and value_text(2, "monitors") == "2 monitors"
    assert value_text(0.5, "%") == "0.5 %"
    assert value_text(1920, "pixels") == "1920"
    assert value_text([], "ms") == "—"


def test_one_figure_reads_the_same_in_the_message_the_report_the_tui_and_the_summary():
    from rigcheck.tui.present import summarize_result

    facts = snapshot({"network": {"download_mbps": 94.3217}})
    report = score(facts, load_profile("generic-voice"), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z")
    download = next(check for check in report.checks if check.id == "network.min_download_mbps")
    assert check_message(download).startswith("94.3 Mbit/s ")
    assert "| 94.3 Mbit/s |" in render(report, "markdown")
    assert "94.3 Mbit/s" in render(report, "text")
    assert "↓ 94.3 Mbit/s" in summarize_result(facts.results["network"])


def test_every_list_of_checks_uses_the_one_status_order():
    from rigcheck.tui.present import probe_outcome

    def check(status: str, probe: str = "display") -> CheckResult:
        return CheckResult(f"x.{status}", status, probe, status, True, None, None, "", "", None)

    checks = [check(status) for status in ("pass", "warn", "skipped", "unknown", "fail")]
    report = score(snapshot(), load_profile("generic-voice"), {"cordless-phone": "no"}, created_at="2026-11-27T09:00:00Z")
    ordered = checks_by_severity(dataclasses.replace(report, checks=tuple(checks)))
    assert tuple(c.status for c in ordered) == STATUS_SEVERITY
    # A skipped required check leaves the verdict incomplete: more serious than a warning, everywhere.
    assert STATUS_SEVERITY.index("skipped") < STATUS_SEVERITY.index("warn")
    assert probe_outcome([check("warn"), check("skipped")], "display") == "skipped"


def test_raw_facts_carry_the_units_their_declarations_give():
    results = {"cpu": ProbeResult("cpu", "ok", 0.5, values={"max_ghz": 4.2, "model": "Core i5", "undeclared_key": 3})}
    text = render_facts(results, "text")
    assert text.splitlines()[0] == "cpu: done in 0.50 s"
    assert "  max_ghz                      4.2 GHz" in text.splitlines()
    assert "  undeclared_key               3" in text.splitlines()
    assert '"max_ghz": 4.2' in render_facts(results, "json")

"""`report summarize`: folders, verdict counts, requirements by title, network figures, one row per applicant."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from rigcheck import received
from rigcheck.received import absorb_files, expand_paths
from rigcheck.summary import percentile, summarize

from ._reports import report, write


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rigcheck", *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture()
def pile(tmp_path):
    """Five reports in nested folders: 2 ready, 2 not ready (one on Wi-Fi and slow, one slow), 1 edited; junk."""
    downloads = {"ana": 212.5, "ben": 50.0, "cho": 12.0, "dee": 8.0, "eve": 30.0}
    write(tmp_path / "a" / "ana.json", report({"network": {"download_mbps": downloads["ana"]}}, applicant="Ana"))
    write(tmp_path / "a" / "b" / "ben.json", report({"network": {"download_mbps": downloads["ben"]}}, applicant="ben"))
    write(tmp_path / "cho.json", report({"network": {"download_mbps": downloads["cho"]}, "connection": {"kind": "wifi"}}, applicant="Cho"))
    write(tmp_path / "a" / "dee.json", report({"network": {"download_mbps": downloads["dee"]}}))
    write(tmp_path / "eve.json", report({"network": {"download_mbps": downloads["eve"]}, "connection": {"kind": "wifi"}},
                                        applicant="Eve"), verdict="ready")
    (tmp_path / "a" / "junk.json").write_text("{not json")
    (tmp_path / "notes.txt").write_text("not a report, not *.json: not read")
    return tmp_path, downloads


def test_a_folder_is_read_recursively_and_bad_files_are_named_and_skipped(pile):
    folder, _ = pile
    out = run("report", "summarize", str(folder))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rigcheck: {folder / 'a' / 'junk.json'}: not a rigcheck JSON report (")
    assert "5 reports read, 1 could not be read" in out.stdout


def test_counts_by_verdict_and_requirements_most_failed_first_by_title(pile):
    folder, _ = pile
    data = json.loads(run("report", "summarize", str(folder), "--format", "json").stdout)
    assert data["categories"] == {"ready": 2, "ready_with_warnings": 0, "not_ready": 2, "incomplete": 0, "edited_or_damaged": 1}
    first, second = data["requirements"][:2]
    assert (first["title"], first["failed"], first["passed"]) == ("Download speed", 2, 2)  # the edited one is left out
    assert (second["title"], second["failed"]) == ("Wired internet connection", 1)
    assert data["unreadable"][0]["file"].endswith("junk.json")


def test_the_network_figures_are_percentiles_against_the_profile_threshold(pile):
    folder, downloads = pile
    data = json.loads(run("report", "summarize", str(folder), "--format", "json", "--profile", "generic-voice").stdout)
    download = next(f for f in data["figures"] if f["fact"] == "download_mbps")
    intact = sorted(v for k, v in downloads.items() if k != "eve")
    assert download["count"] == 4 and download["threshold"] == 25 and download["threshold_from"] == "profile"
    assert download["median"] == pytest.approx((12.0 + 50.0) / 2)
    assert download["p10"] == pytest.approx(percentile(intact, 0.1)) and download["p90"] == pytest.approx(percentile(intact, 0.9))
    assert download["beyond_threshold"] == 2  # 12 and 8 Mbit/s are below 25
    assert sum(download["histogram"]["counts"]) == 4
    assert data["profile"] == "generic-voice 2026.11"


def test_percentile_interpolates_between_ranks():
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([0.0, 10.0], 0.1) == pytest.approx(1.0)
    assert percentile([], 0.5) is None


def test_one_row_per_applicant_by_verdict_then_reference(pile):
    folder, _ = pile
    rows = json.loads(run("report", "summarize", str(folder), "--format", "json").stdout)["rows"]
    assert [(r["category"], r["applicant"]) for r in rows] == [
        ("ready", "Ana"), ("ready", "ben"), ("not_ready", "Cho"), ("not_ready", None), ("edited_or_damaged", "Eve")]
    text = run("report", "summarize", str(folder)).stdout
    table = text[text.index("APPLICANTS"):]
    assert table.index("Ana") < table.index("ben") < table.index("Cho") < table.index("(not given)") < table.index("Eve")
    assert "failed: Wired internet connection, Download speed" in table


def test_csv_has_one_row_per_report_with_titled_columns(pile):
    folder, _ = pile
    rows = list(csv.DictReader(io.StringIO(run("report", "summarize", str(folder), "--format", "csv").stdout)))
    assert len(rows) == 5
    assert {"File", "Applicant", "Verdict", "Integrity", "Score", "Failed", "Unknown", "Download speed (Mbit/s)"} <= set(rows[0])
    cho = next(r for r in rows if r["Applicant"] == "Cho")
    assert cho["Failed"] == "Wired internet connection; Download speed" and cho["Download speed (Mbit/s)"] == "12.0"
    assert next(r for r in rows if r["Applicant"] == "Eve")["Integrity"].startswith("edited or damaged: states ready")


def test_a_formula_in_a_reference_is_not_run_by_a_spreadsheet(tmp_path):
    write(tmp_path / "r.json", report(applicant="=HYPERLINK(\"http://x\")"))
    rows = list(csv.DictReader(io.StringIO(run("report", "summarize", str(tmp_path), "--format", "csv").stdout)))
    assert rows[0]["Applicant"].startswith("'=")


def test_control_characters_from_a_report_do_not_reach_the_terminal(tmp_path):
    write(tmp_path / "r.json", report(), applicant="Ana", checks=[
        {**json.loads(json.dumps(report().checks[0].to_dict())), "title": "Evil\x1b[2J title", "status": "fail"}],
        verdict="not_ready", score=0)
    out = run("report", "summarize", str(tmp_path))
    assert "\x1b" not in out.stdout and "Evil?[2J title" in out.stdout


def test_a_file_named_twice_counts_once_and_an_empty_folder_is_named(tmp_path):
    path = write(tmp_path / "r" / "ana.json", report(applicant="Ana"))
    (tmp_path / "empty").mkdir()
    files, problems = expand_paths([str(path), str(tmp_path / "r"), str(tmp_path / "empty"), str(tmp_path / "missing")])
    assert files == [str(path)]
    assert [(p.path, p.reason) for p in problems] == [(str(tmp_path / "empty"), "the folder holds no *.json report"),
                                                      (str(tmp_path / "missing"), "no such file or folder")]


def test_worker_processes_give_the_same_summary_as_one(pile, monkeypatch):
    folder, _ = pile
    files, _ = expand_paths([str(folder)])
    monkeypatch.setattr(received, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(received, "CHUNK_FILES", 1)
    parallel_parts, parallel_bad = absorb_files(files, workers=2)
    single_parts, single_bad = absorb_files(files, workers=1)
    assert summarize(parallel_parts, parallel_bad) == summarize(single_parts, single_bad)


def test_html_dashboard_is_self_contained(pile):
    folder, _ = pile
    page = run("report", "summarize", str(folder), "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    for forbidden in ("<script", "http://", "https://", "<link", "<img", "@import", "url("):
        assert forbidden not in page, forbidden


def test_summarize_and_show_refuse_the_same_malformed_check(tmp_path):
    # What Report.from_dict refuses (show), the summary refuses too: one rule for what is a report.
    path = write(tmp_path / "r.json", report(), checks=[{**report().checks[0].to_dict(), "title": 5}])
    shown = run("report", "show", str(path))
    summary = run("report", "summarize", str(path))
    assert shown.returncode == summary.returncode == 2
    said = "Expected `str`, got `int` - at `$.checks[0].title`"
    assert said in shown.stderr and said in summary.stderr


def test_a_figure_too_large_for_a_float_is_left_out_not_a_traceback(tmp_path):
    # JSON integers have no limit; float() of a 400-digit one overflows (it did, inside the summary).
    data = json.loads(write(tmp_path / "r.json", report()).read_text())
    data["facts"]["network"]["values"]["download_mbps"] = 10**400
    (tmp_path / "r.json").write_text(json.dumps(data))
    out = run("report", "summarize", str(tmp_path), "--format", "json")
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    download = next(f for f in json.loads(out.stdout)["figures"] if f["fact"] == "download_mbps")
    assert download["count"] == 0


@pytest.mark.parametrize("fmt", ["text", "html", "markdown", "junit"])
def test_report_show_renders_an_observed_integer_too_large_for_a_float(tmp_path, fmt):
    data = json.loads(write(tmp_path / "r.json", report()).read_text())
    data["checks"][1]["observed"] = 10**400
    (tmp_path / "r.json").write_text(json.dumps(data))
    out = run("report", "show", str(tmp_path / "r.json"), "--format", fmt)
    assert out.returncode != 1 and "Traceback" not in out.stderr, out.stderr
    if fmt != "junit":  # JUnit words only the failed checks, and this one passed
        assert "1.00e+400" in out.stdout

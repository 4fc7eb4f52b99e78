"""Input nested thousands of levels deep: one message and exit 2, never a RecursionError traceback."""

from __future__ import annotations

import json

import pytest

from rigcheck.model import MAX_NESTING_DEPTH, Report, path_beyond_depth
from rigcheck.profile import ProfileError, load_profile

from ._harness import QUICK, assert_no_traceback, assert_usage_error, local_profile, run_cli
from ._servers import FaultHTTPServer

LEVELS = 2000
HEAD = 'schema = 1\nid = "deep"\nname = "Deep"\n'
DEEP_PROFILES = {
    "table header": HEAD + "[" + ".".join(["a"] * LEVELS) + "]\nx = 1\n",
    "inline tables": HEAD + "network = " + "{ a = " * LEVELS + "1" + " }" * LEVELS + "\n",
    "arrays": HEAD + "[computer]\nos = " + "[" * LEVELS + "]" * LEVELS + "\n",
    "requirement table": HEAD + "[network.min_download_mbps" + ".v" * LEVELS + "]\n",
}


@pytest.mark.parametrize("shape", list(DEEP_PROFILES))
def test_a_deeply_nested_profile_file_is_one_problem(tmp_path, shape):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP_PROFILES[shape])
    with pytest.raises(ProfileError, match="nested more than") as caught:
        load_profile(str(path))
    assert len(caught.value.problems) == 1
    out = run_cli("check", "--profile", str(path), *QUICK)
    assert_usage_error(out, "nested more than")


def test_a_deep_table_header_names_its_line(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP_PROFILES["table header"])
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert caught.value.problems[0].line == 4


def test_profiles_validate_reports_a_deep_profile_and_goes_on(tmp_path):
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP_PROFILES["inline tables"])
    out = run_cli("profiles", "validate", str(deep), local_profile(tmp_path))
    assert out.returncode == 2 and "nested more than" in out.stderr and ": ok (" in out.stdout
    assert_no_traceback(out)


@pytest.mark.parametrize("shape", ["table header", "inline tables"])
def test_a_deeply_nested_profile_by_url_is_one_problem(shape):
    with FaultHTTPServer() as server:
        server.bodies["deep.toml"] = DEEP_PROFILES[shape].encode()
        out = run_cli("check", "--profile", f"{server.url}/deep.toml", *QUICK)
    assert_usage_error(out, "nested more than")


@pytest.mark.parametrize(("name", "text"), [
    ("objects.json", '{"a": ' * 5000 + "1" + "}" * 5000),
    ("lists.json", '{"a": ' + "[" * 5000 + "]" * 5000 + "}"),
    ("tables.toml", "[" + ".".join(["a"] * LEVELS) + "]\nb = 1\n"),
    ("inline.toml", "a = " + "{ a = " * LEVELS + "1" + " }" * LEVELS + "\n"),
])
def test_a_deeply_nested_answers_file_is_one_message(tmp_path, name, text):
    answers = tmp_path / name
    answers.write_text(text)
    out = run_cli("check", "--profile", local_profile(tmp_path), *QUICK, "--answers", str(answers))
    assert_usage_error(out, f"answers file {answers}")


@pytest.mark.parametrize("levels", [100, 5000])  # inside and beyond what json.loads itself can parse
def test_a_deeply_nested_report_is_not_a_report(tmp_path, levels):
    report = tmp_path / "deep.json"
    facts = "[" * levels + "]" * levels
    report.write_text('{"schema": "rigcheck.report/1", "verdict": "ready", "score": 100, "checks": [], "profile": {}, '
                      f'"facts": {{"cpu": {{"values": {{"x": {facts}}}}}}}}}')
    out = run_cli("report", "summarize", str(report))
    assert out.returncode == 2 and "not a rigcheck JSON report" in out.stderr and "nested" in out.stderr, out
    assert_no_traceback(out)


def test_report_from_dict_refuses_deep_structures_with_value_error():
    value: object = 1
    for _ in range(100_000):  # far past the recursion limit: the guard itself must not recurse
        value = [value]
    data = {"schema": "rigcheck.report/1", "verdict": "ready", "score": 1, "checks": [], "profile": {},
            "facts": {"cpu": {"values": {"deep": value}}}}
    with pytest.raises(ValueError, match=f"nested more than {MAX_NESTING_DEPTH} levels"):
        Report.from_dict(data)
    assert path_beyond_depth(data)[:4] == ("facts", "cpu", "values", "deep")


def test_a_real_report_is_well_within_the_depth_limit(tmp_path):
    out = run_cli("check", "--profile", local_profile(tmp_path), *QUICK, "--format", "json")
    assert path_beyond_depth(json.loads(out.stdout), 10) is None


@pytest.mark.parametrize("extra", [0, 1])
def test_a_report_at_the_depth_limit_is_read_alike_from_a_file_and_from_a_mapping(tmp_path, extra):
    # The report is level 0, facts 1, cpu 2, values 3: n lists put the innermost at level 3 + n.
    from rigcheck.received import read_report_shape

    lists = MAX_NESTING_DEPTH - 3 + extra
    data = {"schema": "rigcheck.report/1", "verdict": "ready", "score": 1, "checks": [], "profile": {},
            "facts": {"cpu": {"values": {"x": json.loads("[" * lists + "]" * lists)}}}}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data))
    outcomes = []
    for read in (lambda: Report.from_dict(data), lambda: read_report_shape(str(path))):
        try:
            read()
            outcomes.append("read")
        except ValueError as exc:
            assert "nested more than" in str(exc)
            outcomes.append("refused")
    assert outcomes == (["read", "read"] if extra == 0 else ["refused", "refused"])

"""Property-based fuzzing of the readers of untrusted input: profiles, answers files, saved reports.

Each reader may refuse what it is given, but only in its own words: ProfileError for profiles,
UsageError for answers, ValueError for reports. Any other exception is a traceback for the user.
Examples are derandomized (the same every run, so CI cannot flake) and few (CI has 2 cores).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigcheck import cli
from rigcheck.model import Report
from rigcheck.profile import REQUIREMENT_FIELDS, ProfileError, load_profile, parse_profile_text
from rigcheck.profile.validate import decode_profile_bytes

GOLDEN = Path(__file__).resolve().parents[1] / "core" / "golden"
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# --- building blocks ----------------------------------------------------------------------------

SECTIONS = sorted({field.section for field in REQUIREMENT_FIELDS})
KEYS = sorted({field.key for field in REQUIREMENT_FIELDS}) + ["schema", "id", "name", "version", "server", "stun",
                                                              "value", "level", "hint", "text", "fail_if", "question"]
names = st.one_of(st.sampled_from(KEYS), st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=20), st.sampled_from(["yes", "no", "required", "recommended", "wired", "windows >= 10",
                                                           "1920x1080", "US", "https://speed.example.com/", "host:3478"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(names, inner, max_size=4)), max_leaves=20)


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    return json.dumps(str(value))  # a JSON string is a TOML basic string (None becomes "None")


def _toml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)} = {_toml_value(item)}" for key, item in value.items()) + "}"
    return _toml_scalar(value)


def _nested_toml(key: str, depth: int, inline: bool) -> str:
    if inline:
        return f"{key} = " + "{ a = " * depth + "1" + " }" * depth
    return "[" + ".".join([key] * depth) + "]"


def _nested_json(depth: int, as_list: bool) -> str:
    return "[" * depth + "]" * depth if as_list else '{"a": ' * depth + "1" + "}" * depth


# Depths around and far past Python's recursion limit (1000): parsers and walks must not recurse into them.
depths = st.integers(min_value=60, max_value=3000)
toml_lines = st.one_of(
    st.builds(_nested_toml, st.sampled_from(SECTIONS), depths, st.booleans()),
    st.builds(lambda key, value: f"{key} = {_toml_value(value)}", names, json_values),
    st.builds(lambda section: f"[{section}]", st.one_of(st.sampled_from(SECTIONS), names)),
    st.builds(lambda section: f"[[{section}]]", st.sampled_from(["question", *SECTIONS])),
    st.text(max_size=30),  # anything at all
)
HEAD = 'schema = 1\nid = "fuzz"\nname = "Fuzz"\n'
profile_texts = st.builds(lambda head, lines: (HEAD if head else "") + "\n".join(lines), st.booleans(), st.lists(toml_lines, max_size=12))


# --- profiles -----------------------------------------------------------------------------------

@FUZZ
@given(profile_texts)
def test_profile_text_is_a_profile_or_a_profile_error(text):
    try:
        profile = parse_profile_text(text, "fuzz.toml")
    except ProfileError as exc:
        assert exc.problems and all(problem.file == "fuzz.toml" and problem.line >= 1 for problem in exc.problems)
    else:
        assert profile.id == "fuzz"


@FUZZ
@given(st.binary(max_size=300))
def test_profile_bytes_are_a_profile_or_a_profile_error(raw):
    try:
        parse_profile_text(decode_profile_bytes(raw, "fuzz.toml"), "fuzz.toml")
    except ProfileError:
        pass


@settings(FUZZ, max_examples=40)
@given(profile_texts)
def test_profile_files_load_or_fail_with_a_profile_error(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_profile(str(path))
        except ProfileError:
            pass


# --- answers ------------------------------------------------------------------------------------

answers_texts = st.one_of(
    st.builds(_nested_json, depths, st.booleans()),
    st.builds(json.dumps, json_values),
    st.builds(lambda data: json.dumps(data), st.dictionaries(names, json_values, max_size=4)),
    st.builds(lambda lines: "\n".join(lines), st.lists(toml_lines, max_size=6)),
    st.text(max_size=60),
)


@FUZZ
@given(st.one_of(answers_texts.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_answers_file_is_answers_or_one_usage_error(raw):
    profile = load_profile("generic-voice")
    descriptor, name = tempfile.mkstemp(suffix=".json")
    try:
        os.write(descriptor, raw)
        os.close(descriptor)
        try:
            answers = cli.collect_answers(profile, None, name)
        except cli.UsageError as exc:
            assert str(exc) and "\n" not in str(exc)
        else:
            assert set(answers) <= {question.id for question in profile.questions}
    finally:
        os.unlink(name)


# --- reports ------------------------------------------------------------------------------------

REPORT = json.loads((GOLDEN / "report.json").read_text(encoding="utf-8"))


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


REPORT_PATHS = _paths(REPORT)[1:]


@st.composite
def damaged_reports(draw) -> Any:
    """The golden report with a few of its values (at any depth) replaced by anything, or removed."""
    data = copy.deepcopy(REPORT)
    for path in draw(st.lists(st.sampled_from(REPORT_PATHS), min_size=1, max_size=3)):
        parent = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()):
                parent[path[-1]] = draw(json_values)
            elif isinstance(parent, dict):
                del parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    return data


def _deepen(report: Any, depth: int) -> Any:
    nested: Any = 1
    for _ in range(depth):
        nested = [nested]
    if isinstance(report, dict) and isinstance(report.get("facts"), dict):
        report["facts"]["deep"] = {"status": "ok", "values": {"nested": nested}}
    return report


reports = st.one_of(damaged_reports(), json_values, st.dictionaries(st.sampled_from(list(REPORT)), json_values),
                    st.builds(_deepen, damaged_reports(), depths))


@FUZZ
@given(reports)
def test_report_from_dict_is_a_report_or_a_value_error(data):
    try:
        report = Report.from_dict(data)
    except ValueError:
        return
    assert sum(report.counts().values()) == len(report.checks)


def _json_text(value: Any) -> str:
    """json.dumps without recursion: the deepened reports nest past what json.dumps can write."""
    parts: list[str] = []
    todo: list[Any] = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, _Text):
            parts.append(item)
        elif isinstance(item, dict):
            inner = [part for key, child in item.items() for part in (_Text(", "), _Text(json.dumps(str(key)) + ": "), child)][1:]
            todo.extend([_Text("}"), *reversed(inner), _Text("{")])
        elif isinstance(item, list):
            inner = [part for child in item for part in (_Text(", "), child)][1:]
            todo.extend([_Text("]"), *reversed(inner), _Text("[")])
        else:
            parts.append(json.dumps(item))
    return "".join(parts)


class _Text(str):
    """Text _json_text writes as it is (punctuation and keys), not as a JSON string."""


@settings(FUZZ, max_examples=60)
@given(reports, st.sampled_from(["text", "csv", "json"]))
def test_report_summarize_of_any_file_is_a_summary_or_exit_2(data, fmt):
    descriptor, name = tempfile.mkstemp(suffix=".json")
    try:
        os.write(descriptor, _json_text(data).encode())
        os.close(descriptor)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["report", "summarize", "--format", fmt, name])
        assert code in (0, 2)
        assert code == 2 or name in printed.getvalue()
    finally:
        os.unlink(name)


def test_the_golden_report_itself_is_accepted():
    assert Report.from_dict(REPORT).verdict == REPORT["verdict"]

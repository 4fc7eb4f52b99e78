"""Damaged reports through the whole summary: every format renders or the file is one 'not read' line,
and any report that loads can be shown in every format (derandomized, as tests/faults/test_fuzz.py)."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rigcheck import cli
from rigcheck.render import RECEIVED_FORMATS, SUMMARY_FORMATS, names

from faults.test_fuzz import damaged_reports

FUZZ = settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(damaged_reports(), min_size=1, max_size=3), st.sampled_from(names(SUMMARY_FORMATS)))
def test_summarize_any_pile_is_a_summary_or_exit_2(pile, fmt):
    with tempfile.TemporaryDirectory() as folder:
        for index, data in enumerate(pile):
            (Path(folder) / f"r{index}.json").write_text(json.dumps(data))
        printed, errors = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(errors):
            code = cli.main(["report", "summarize", "--format", fmt, folder])
        assert code in (0, 2), errors.getvalue()
        assert "Traceback" not in errors.getvalue()
        assert code == 2 or all(f"r{index}.json" in printed.getvalue() for index in range(len(pile)))


@FUZZ
@given(damaged_reports(), st.sampled_from(RECEIVED_FORMATS))
def test_report_show_of_any_damaged_report_renders_or_exits_2(data, fmt):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.json"
        path.write_text(json.dumps(data))
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["report", "show", "--format", fmt, str(path)])
        assert code in (0, 1, 2)

"""The fault matrix for the command line: hostile profiles, answers, outputs, saved reports and environments.

Every case asserts what rigcheck promises: no traceback, a bounded time, the documented exit code, an
existing good report left untouched, and no temp file left behind. `--skip network` (a local-only
selection) keeps all traffic on this machine.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from core.test_cli import QUESTION
from rigcheck.exit_codes import exit_code_for_verdict

from ._harness import (
    GOOD_REPORT,
    LOCAL_PROFILE,
    QUICK,
    assert_no_temp_files,
    assert_no_traceback,
    linux_only,
    posix_only,
    run_cli,
)

CASE_BOUND_S = 15.0
HEAD = 'schema = 1\nid = "x"\nname = "X"\n'


@dataclass
class Case:
    """One fault: what to put in the folder, the arguments, and the documented outcome."""

    files: dict[str, bytes | str]  # written into the case folder first
    args: list[str]  # "{dir}" is replaced by the case folder
    code: int
    words: str = ""  # expected (case-insensitively) on stderr
    env: dict[str, str | None] = field(default_factory=dict)  # None removes the variable
    endless: str | None = None  # a FIFO of this name fed with zeros for ever (a device that never ends)


def _profile(**extra: str) -> dict[str, str]:
    return {"p.toml": LOCAL_PROFILE.format(ram=0.5) + QUESTION, **extra}


CHECK = ["check", "--profile", "{dir}/p.toml", *QUICK, "--answer", "cordless-phone=no", "--format", "json",
         "--output", "{dir}/good.json"]


def _check_with_profile(name: str) -> list[str]:
    return ["check", "--profile", f"{{dir}}/{name}", *QUICK, "--output", "{dir}/good.json"]


def _check_with_answers(name: str) -> list[str]:
    return ["check", "--profile", "{dir}/p.toml", *QUICK, "--answers", f"{{dir}}/{name}", "--format", "json",
            "--output", "{dir}/good.json"]


NESTED = "[" + ".".join(["a"] * 2000) + "]\n"
CASES: dict[str, Case] = {
    # --- profiles ---
    "profile empty": Case({"bad.toml": ""}, _check_with_profile("bad.toml"), 2, "empty"),
    "profile blank lines": Case({"bad.toml": "\n\n   \n"}, _check_with_profile("bad.toml"), 2, "empty"),
    "profile binary": Case({"bad.toml": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256))}, _check_with_profile("bad.toml"), 2, "binary"),
    "profile UTF-16": Case({"bad.toml": (LOCAL_PROFILE.format(ram=1)).encode("utf-16")}, _check_with_profile("bad.toml"), 2, "UTF-16"),
    "profile latin-1": Case({"bad.toml": (HEAD + 'description = "Caf\xe9"\n').encode("latin-1")}, _check_with_profile("bad.toml"), 2, "not UTF-8"),
    "profile huge": Case({"bad.toml": HEAD + "#" * (2 << 20)}, _check_with_profile("bad.toml"), 2, "at most 1024 KiB"),
    "profile endless": Case({}, _check_with_profile("endless.toml"), 2, "larger than", endless="endless.toml"),
    "profile nested": Case({"bad.toml": HEAD + NESTED}, _check_with_profile("bad.toml"), 2, "nested more than"),
    "profile NaN": Case({"bad.toml": HEAD + "[network]\nmin_download_mbps = nan\n"}, _check_with_profile("bad.toml"), 2, "not nan"),
    "profile infinity": Case({"bad.toml": HEAD + "[network]\nmin_download_mbps = inf\n"}, _check_with_profile("bad.toml"), 2, "at most"),
    "profile not TOML": Case({"bad.toml": "schema = = 1\n"}, _check_with_profile("bad.toml"), 2, "not valid TOML"),
    "profile missing": Case({}, _check_with_profile("missing.toml"), 2, "no such file"),
    "profile folder": Case({"folder.toml/x": ""}, _check_with_profile("folder.toml"), 2, "folder"),
    "profile wrong schema": Case({"bad.toml": 'schema = 2\nid = "x"\nname = "X"\n'}, _check_with_profile("bad.toml"), 2, "unsupported profile schema"),
    # --- answers ---
    "answers missing": Case(_profile(), _check_with_answers("missing.json"), 2, "cannot read answers file"),
    "answers empty": Case(_profile(**{"a.json": ""}), [*_check_with_answers("a.json")[:-1], "{dir}/new.json"], 3),  # unanswered
    "answers binary": Case(_profile(**{"a.json": bytes(range(256))}), _check_with_answers("a.json"), 2, "neither a JSON object nor TOML"),
    "answers UTF-16": Case(_profile(**{"a.json": '{"cordless-phone": "no"}'.encode("utf-16")}), _check_with_answers("a.json"), 2, "UTF-16"),
    "answers a list": Case(_profile(**{"a.json": '["cordless-phone"]'}), _check_with_answers("a.json"), 2, "must map question ids"),
    "answers not JSON": Case(_profile(**{"a.json": '{"cordless-phone": no}'}), _check_with_answers("a.json"), 2, "neither a JSON object nor TOML"),
    "answers nested": Case(_profile(**{"a.json": '{"a": ' * 5000 + "1" + "}" * 5000}), _check_with_answers("a.json"), 2, "nested too deeply"),
    "answers wrong value": Case(_profile(**{"a.json": '{"cordless-phone": "maybe"}'}), _check_with_answers("a.json"), 2, "must be yes or no"),
    "answers value a table": Case(_profile(**{"a.json": '{"cordless-phone": {"x": 1}}'}), _check_with_answers("a.json"), 2, "must be yes or no"),
    "answers unknown question": Case(_profile(**{"a.toml": 'cordles-phone = "no"\n'}), _check_with_answers("a.toml"), 2, 'did you mean "cordless-phone"'),
    "answers huge": Case(_profile(**{"a.json": '{"cordless-phone": "no", "x": "' + "y" * (17 << 20) + '"}'}), _check_with_answers("a.json"), 2, "larger than"),
    "answers endless": Case(_profile(), _check_with_answers("endless.json"), 2, "larger than", endless="endless.json"),
    # --- outputs ---
    "output a folder": Case(_profile(**{"out/x": ""}), [*CHECK[:-1], "{dir}/out"], 2, "is a folder"),
    "output in a missing folder": Case(_profile(), [*CHECK[:-1], "{dir}/missing/report.json"], 2, "does not exist"),
    "output on a read-only file system": Case(_profile(), [*CHECK[:-1], "/sys/rigcheck-report.json"], 2, "cannot write"),
    # --- saved reports ---
    "report empty": Case({"r.json": ""}, ["report", "summarize", "{dir}/r.json"], 2, "not a rigcheck JSON report"),
    "report binary": Case({"r.json": bytes(range(256))}, ["report", "summarize", "{dir}/r.json"], 2, "not a rigcheck JSON report"),
    "report UTF-16": Case({"r.json": '{"schema": "rigcheck.report/1"}'.encode("utf-16")}, ["report", "summarize", "{dir}/r.json"], 2, "not a rigcheck JSON report"),
    "report nested": Case({"r.json": "[" * 5000 + "]" * 5000}, ["report", "summarize", "{dir}/r.json"], 2, "nested"),
    "report other schema": Case({"r.json": '{"schema": "other/1"}'}, ["report", "summarize", "{dir}/r.json"], 2, "not a rigcheck JSON report (its schema is"),
    "report endless": Case({}, ["report", "summarize", "{dir}/endless.json"], 2, "not a regular file", endless="endless.json"),  # never opened
    # --- environments: the check still works ---
    "LANG=C": Case(_profile(), [*CHECK[:-1], "{dir}/new.json"], 0, env={"LANG": "C", "LC_ALL": "C"}),
    "no HOME": Case(_profile(), [*CHECK[:-1], "{dir}/new.json"], 0, env={"HOME": None}),
    "TERM unset": Case(_profile(), [*CHECK[:-1], "{dir}/new.json"], 0, env={"TERM": None}),
    "TERM=dumb": Case(_profile(), [*CHECK[:-1], "{dir}/new.json"], 0, env={"TERM": "dumb"}),
    "bare environment": Case(_profile(), [*CHECK[:-1], "{dir}/new.json"], 0, env={"HOME": None, "TERM": None, "LANG": None, "PATH": "/usr/bin:/bin"}),
}


def _feed_zeros_for_ever(fifo: Path, stop: threading.Event) -> None:
    try:
        with fifo.open("wb") as stream:
            while not stop.is_set():
                stream.write(bytes(1 << 16))
    except OSError:  # the reader closed it: that is the end we wanted
        pass


def _prepare(case: Case, folder: Path) -> Callable[[], None]:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith("/x"):
            continue
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (folder / "good.json").write_text(GOOD_REPORT)
    if case.endless is None:
        return lambda: None
    fifo = folder / case.endless
    os.mkfifo(fifo)
    stop = threading.Event()
    feeder = threading.Thread(target=_feed_zeros_for_ever, args=(fifo, stop), daemon=True)
    feeder.start()

    def finish() -> None:
        stop.set()
        try:  # unblock a feeder still waiting for a reader
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        except OSError:
            pass
        feeder.join(5)

    return finish


def _platform_marks(case: Case) -> list[pytest.MarkDecorator]:
    marks = [posix_only] if case.endless else []
    return marks + ([linux_only] if any(arg.startswith("/sys/") for arg in case.args) else [])


@pytest.mark.parametrize("name", [pytest.param(name, marks=_platform_marks(case)) for name, case in CASES.items()])
def test_fault_matrix(tmp_path, name):
    case = CASES[name]
    finish = _prepare(case, tmp_path)
    env = dict(os.environ)
    for key, value in case.env.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    try:
        out = run_cli(*[arg.replace("{dir}", str(tmp_path)) for arg in case.args], env=env, timeout_s=CASE_BOUND_S + 15)
    finally:
        finish()
    assert_no_traceback(out)
    assert out.seconds < CASE_BOUND_S, out
    assert out.returncode == case.code, out
    assert case.words.lower() in out.stderr.lower(), out.stderr
    if case.code == 2:
        assert "\n" not in out.stderr.strip() or "not usable" in out.stderr, out.stderr  # one message
    assert (tmp_path / "good.json").read_text() == GOOD_REPORT, "an existing good report was changed"
    assert_no_temp_files(tmp_path)
    if "{dir}/new.json" in case.args:
        assert exit_code_for_verdict(json.loads((tmp_path / "new.json").read_text())["verdict"]) == case.code

"""The employer's side on odd folders: FIFOs, folders that cannot be read, names and texts UTF-8 cannot hold.

`report summarize` never opens what is not a regular file and never skips anything silently; a name or
a text it cannot encode is shown escaped in every format, to stdout and to --output, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rigcheck.render import RECEIVED_FORMATS, SUMMARY_FORMATS, names

from ._harness import QUICK, assert_no_traceback, cli_command, local_profile, posix_only, run_cli

SUMMARY_FORMAT_NAMES = names(SUMMARY_FORMATS)
LATIN1_NAME = b"caf\xe9-report.json"  # 'café' as a Windows zip or shared drive writes it: not UTF-8


@pytest.fixture(scope="module")
def real_report(tmp_path_factory) -> bytes:
    """A report written by rigcheck itself (local probes only)."""
    folder = tmp_path_factory.mktemp("real-report")
    target = folder / "report.json"
    out = run_cli("check", "--profile", local_profile(folder), *QUICK, "--format", "json", "--output", str(target))
    assert out.returncode == 0, out
    return target.read_bytes()


def with_lone_surrogate(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["applicant"] = "Ana \ud800 Cruz"  # json.dumps writes it as the escape \ud800, as a damaged file holds it
    return json.dumps(data).encode()


@posix_only
def test_a_fifo_named_like_a_report_is_named_and_never_opened(tmp_path, real_report):
    (tmp_path / "ana.json").write_bytes(real_report)
    os.mkfifo(tmp_path / "ben.json")  # no writer: opening it would wait for ever
    os.mkfifo(tmp_path / "given.json")
    out = run_cli("report", "summarize", str(tmp_path), str(tmp_path / "given.json"), "--format", "json", timeout_s=20)
    assert out.returncode == 2, out
    assert_no_traceback(out)
    for name in ("ben.json", "given.json"):
        assert f"{name}: not a regular file" in out.stderr, out.stderr
    assert json.loads(out.stdout)["reports"] == 1  # the real report still counted


def _run_without_root_powers(args: list[str]) -> subprocess.CompletedProcess:
    """rigcheck as the folder's permissions apply: root drops the capabilities that read past them."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root reads any folder; needs util-linux setpriv to drop that power")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
    return subprocess.run([*prefix, *cli_command(), *args], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


@posix_only
def test_a_subfolder_that_cannot_be_read_is_named_and_the_exit_code_is_2(tmp_path, real_report):
    (tmp_path / "ana.json").write_bytes(real_report)
    locked = tmp_path / "week-2"
    locked.mkdir()
    (locked / "ben.json").write_bytes(real_report)
    locked.chmod(0)
    try:
        done = _run_without_root_powers(["report", "summarize", str(tmp_path), "--format", "json"])
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{locked}: cannot read this folder: permission denied" in done.stderr, done.stderr
    assert json.loads(done.stdout)["reports"] == 1


@pytest.mark.skipif(sys.platform != "linux", reason="file names as raw bytes: Linux file systems")
@pytest.mark.parametrize("fmt", SUMMARY_FORMAT_NAMES)
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(tmp_path, real_report, fmt):
    folder = tmp_path / "reports"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), LATIN1_NAME), "wb") as handle:
        handle.write(real_report)
    target = tmp_path / f"summary.{fmt}"
    to_stdout = run_cli("report", "summarize", str(folder), "--format", fmt)
    to_file = run_cli("report", "summarize", str(folder), "--format", fmt, "--output", str(target))
    for out in (to_stdout, to_file):
        assert out.returncode == 0, out
        assert_no_traceback(out)
    escaped = "caf\\\\xe9" if fmt == "json" else "caf\\xe9"  # JSON escapes the backslash itself
    assert escaped in to_stdout.stdout and escaped in target.read_text(encoding="utf-8"), to_stdout.stdout


@pytest.mark.parametrize("fmt", SUMMARY_FORMAT_NAMES)
def test_a_report_holding_a_lone_surrogate_summarizes_in_every_format(tmp_path, real_report, fmt):
    (tmp_path / "ana.json").write_bytes(with_lone_surrogate(real_report))
    target = tmp_path / f"summary.{fmt}"
    for out in (run_cli("report", "summarize", str(tmp_path / "ana.json"), "--format", fmt),
                run_cli("report", "summarize", str(tmp_path / "ana.json"), "--format", fmt, "--output", str(target))):
        assert out.returncode == 0, out
        assert_no_traceback(out)
    target.read_text(encoding="utf-8")  # valid UTF-8


@pytest.mark.parametrize("fmt", RECEIVED_FORMATS)
def test_a_report_holding_a_lone_surrogate_shows_in_every_format(tmp_path, real_report, fmt):
    source = tmp_path / "ana.json"
    source.write_bytes(with_lone_surrogate(real_report))
    target = tmp_path / f"shown.{fmt}"
    for out in (run_cli("report", "show", str(source), "--format", fmt),
                run_cli("report", "show", str(source), "--format", fmt, "--output", str(target))):
        assert out.returncode in (0, 1), out  # 1: shown, but its applicant text changed since it was scored
        assert_no_traceback(out)
    assert "Ana" in Path(target).read_text(encoding="utf-8")

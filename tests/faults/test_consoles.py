"""Consoles that cannot show the report's glyphs (ASCII, cp437, cp1252) and terminals that cannot erase a line."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys

import pytest

from ._harness import QUICK, assert_no_traceback, local_profile, posix_only, run_cli

ASCII_CONSOLE = "ascii (LC_ALL=C, no UTF-8 mode)"  # a POSIX locale; Windows consoles are simulated by code page
LEGACY_CONSOLES = {
    ASCII_CONSOLE: ({"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}, "ascii"),
    "windows cp1252": ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
    "windows cp437": ({"PYTHONIOENCODING": "cp437"}, "cp437"),
}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    env.update(extra)
    return env


@pytest.mark.parametrize("console", [pytest.param(name, marks=posix_only if name == ASCII_CONSOLE else ())
                                     for name in LEGACY_CONSOLES])
def test_text_report_on_a_legacy_console_falls_back_to_ascii_glyphs(tmp_path, console):
    settings, encoding = LEGACY_CONSOLES[console]
    done = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--profile", local_profile(tmp_path), *QUICK],
                          capture_output=True, timeout=60, env=_env(**settings), stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    text = done.stdout.decode(encoding)  # every byte is in the console's own encoding
    assert "PASS" in text and "Traceback" not in done.stderr.decode(errors="replace")
    lines = text.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("STATUS"))
    column = lines[header].index("NEEDED")
    rows = [line for line in lines[header + 1:] if re.match(r"^\S (PASSED|WARNING|FAILED|NO RESULT|SKIPPED)  ", line)]
    assert rows
    for row in rows:  # every row's last cell starts under its heading
        assert row[column - 2:column] == "  " and row[column] != " ", row


@posix_only
@pytest.mark.parametrize("command", [["probe", "cpu"], ["profiles", "show", "strict-voice"], ["profiles", "list"]])
def test_other_text_output_on_an_ascii_console_does_not_crash(command):
    settings, _ = LEGACY_CONSOLES[ASCII_CONSOLE]
    out = run_cli(*command, env=_env(**settings))
    assert out.returncode == 0, out
    assert_no_traceback(out)


def _stderr_on_a_terminal(tmp_path, term: str | None) -> bytes:
    """Run a check with stderr on a pseudo-terminal; what the terminal received."""
    import pty  # POSIX only

    leader, follower = pty.openpty()
    env = _env()
    env.pop("TERM", None)
    if term is not None:
        env["TERM"] = term
    process = subprocess.Popen([sys.executable, "-m", "rigcheck", "check", "--profile", local_profile(tmp_path), *QUICK],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    received = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        received += chunk
    process.wait(30)
    os.close(leader)
    assert process.returncode == 0
    return received


@posix_only
def test_a_terminal_shows_progress_but_term_dumb_gets_no_escape_codes(tmp_path):
    assert b"\x1b[2K" in _stderr_on_a_terminal(tmp_path, "xterm")
    dumb = _stderr_on_a_terminal(tmp_path, "dumb")
    assert b"\x1b[" not in dumb and b"\r" not in dumb.replace(b"\r\n", b"")

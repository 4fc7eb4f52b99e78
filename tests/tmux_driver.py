"""Drive a program in a real terminal: one private tmux server per test (tests/tui, tests/standalone).

Importable as `tmux_driver` from any test folder (tests/ is on sys.path through its conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

from rigcheck.i18n import LANGUAGES, speaking
from rigcheck.tui.present import VERDICT_SYMBOLS as _VERDICT_KEYS
from rigcheck.tui.present import verdict_label


def _every_verdict_label() -> tuple[str, ...]:
    labels: list[str] = []
    for language in LANGUAGES:
        with speaking(language):
            labels += [verdict_label(verdict) for verdict in _VERDICT_KEYS]
    return tuple(labels)


# What the results screen's verdict line says, whatever the verdict and the language.
VERDICT_WORDS = _every_verdict_label()


def rigcheck_command() -> list[str]:
    """The installed `rigcheck` of this environment (the console script), else `python -m rigcheck`."""
    script = Path(sys.executable).with_name("rigcheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rigcheck"]


class Tmux:
    """One private tmux server (its own socket), so a test never touches anyone else's sessions."""

    def __init__(self, session: str = "rigcheck") -> None:
        self.socket = f"rigcheck-test-{uuid.uuid4().hex[:8]}"
        self.session = session

    def run(self, *args: str) -> str:
        completed = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10, check=False)
        return completed.stdout

    def start(self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        """Run `command` in a detached terminal of `size` (columns, rows); its screen stays after it exits."""
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]),
             "-s", self.session, *env_args, *command],
            check=True, timeout=10,
        )
        self.run("set-option", "-t", self.session, "remain-on-exit", "on")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, predicate: Callable[[str], bool], timeout_s: float = 30.0) -> str:
        """The first screen `predicate` accepts; AssertionError with the last screen after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"screen never matched; last screen:\n{self.screen()}")

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10, check=False)

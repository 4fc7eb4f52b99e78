"""Helpers shared by the standalone-build fixtures and tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def environment_without_python(path: str, home: Path) -> dict[str, str]:
    """This process's environment with PATH replaced and nothing that points at a Python installation."""
    env = {key: value for key, value in os.environ.items()
           if not key.upper().startswith(("PYTHON", "VIRTUAL_ENV", "CONDA", "PYTEST", "RIGCHECK_"))}
    env["PATH"] = path
    if sys.platform != "win32":
        env["HOME"] = str(home)  # reports and settings land in the test's own folder
    env.setdefault("TERM", "xterm-256color")
    return env

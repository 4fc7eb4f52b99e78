"""Textual stays inside rigcheck.tui, and even `import rigcheck.tui` does not load it until run()."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import rigcheck

PACKAGE = Path(rigcheck.__file__).parent


def test_no_module_outside_tui_imports_textual():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "textual" or name.startswith("textual.") for name in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_importing_the_cli_and_the_tui_package_does_not_load_textual():
    code = "import sys, rigcheck.cli, rigcheck.tui; print('textual' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert completed.stdout.strip() == "False"

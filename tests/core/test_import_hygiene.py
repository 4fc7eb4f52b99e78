"""Only rigcheck.tui may import Textual: the headless engine must run where Textual cannot."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import rigcheck

PACKAGE_DIR = Path(rigcheck.__file__).parent


def headless_modules() -> list[str]:
    names = []
    for module in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="rigcheck."):
        if module.name.startswith("rigcheck.tui") or module.name == "rigcheck.__main__":
            continue
        names.append(module.name)
    return names


def test_no_source_file_outside_tui_imports_textual():
    offenders = []
    for path in PACKAGE_DIR.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE_DIR).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name == "textual" or name.startswith("textual.") for name in names):
                offenders.append(str(path))
    assert offenders == []


def test_importing_every_headless_module_leaves_textual_unloaded():
    modules = headless_modules()
    assert "rigcheck.cli" in modules and "rigcheck.scoring" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    try:\n        importlib.import_module(name)\n"
        "    except ImportError:\n        pass\n"  # an optional platform module may not import here
        "print('textual' in sys.modules or any(m.startswith('textual.') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_headless_check_runs_without_textual_installed(tmp_path):
    """Hide textual entirely: `rigcheck check` still works."""
    blocker = tmp_path / "textual"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('textual hidden by the test')\n")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--profile", "generic-voice", "--only", "system,cpu",
                          "--format", "json"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode in (0, 1, 3), out.stderr
    assert '"schema": "rigcheck.report/1"' in out.stdout

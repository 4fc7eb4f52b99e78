"""The single-file executable, run the way an applicant runs it: no Python on PATH, no virtualenv.

Built once per session (conftest.py); every data file a frozen build can lose is exercised: the bundled
profiles (`profiles list`, the default profile of `check`), the audio catalog (the audio probe), the
renderers loaded by name (every format), the TUI's stylesheet and Textual's widgets (the TUI in tmux).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from tmux_driver import VERDICT_WORDS, Tmux

from rigcheck import __version__
from rigcheck.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES
from rigcheck.model import Report
from rigcheck.profile import bundled_profile_ids

from ._frozen import environment_without_python

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 120


def run_frozen(binary: Path, args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary), *args], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)


def test_version_without_python(frozen_rigcheck, frozen_env, tmp_path):
    completed = run_frozen(frozen_rigcheck, ["--version"], frozen_env, tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"rigcheck {__version__}"


def test_bundled_profiles_are_inside_the_executable(frozen_rigcheck, frozen_env, tmp_path):
    completed = run_frozen(frozen_rigcheck, ["profiles", "list"], frozen_env, tmp_path)
    assert completed.returncode == 0, completed.stderr
    listed = sorted(line.split()[0] for line in completed.stdout.splitlines() if line.strip())
    assert listed == sorted(bundled_profile_ids())
    shown = run_frozen(frozen_rigcheck, ["profiles", "show", "strict-voice"], frozen_env, tmp_path)
    assert shown.returncode == 0 and "[network]" in shown.stdout, shown.stderr


@pytest.fixture(scope="module")
def json_report(frozen_rigcheck, path_without_python, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("frozen-check")
    env = environment_without_python(path_without_python, folder)
    completed = run_frozen(frozen_rigcheck, ["check", "--skip", "network", "--format", "json"], env, folder)
    assert completed.returncode in (0, 1, 3), completed.stderr
    assert "Traceback" not in completed.stderr
    return json.loads(completed.stdout)


def test_check_json_is_a_report_that_keeps_the_facts_contract(json_report, tmp_path):
    assert json_report["schema"] == "rigcheck.report/1"
    assert json_report["rigcheck_version"] == __version__
    report = Report.from_dict(json_report)
    assert report.profile.id == "generic-voice" and report.checks
    report_file = tmp_path / "report.json"
    report_file.write_text(json.dumps(json_report), encoding="utf-8")
    checked = subprocess.run([sys.executable, str(ROOT / "scripts" / "check-facts.py"), str(report_file)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "network" not in json_report["facts"]


def test_every_module_and_data_file_is_inside_the_executable(frozen_rigcheck):
    # rigcheck imports probes, renderers and screens by name, Textual its widgets, Rich its Unicode
    # tables: none of them is found by following import statements, so each is checked by name here.
    readers = pytest.importorskip("PyInstaller.archive.readers", reason="PyInstaller reads the archive")
    archive = readers.CArchiveReader(str(frozen_rigcheck))
    modules = set(archive.open_embedded_archive("PYZ.pyz").toc)
    package = ROOT / "src" / "rigcheck"
    expected_modules = {
        ".".join(("rigcheck", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
        for path in package.rglob("*.py")
    }
    import rich
    import textual.widgets

    for library in (textual.widgets, rich):
        folder = Path(library.__file__).parent
        expected_modules |= {f"{library.__name__}.{path.stem}" for path in folder.glob("_*.py") if path.stem != "__init__"}
    unicode_tables = Path(rich.__file__).parent / "_unicode_data"  # loaded by Unicode version name
    expected_modules |= {f"rich._unicode_data.{path.stem}" for path in unicode_tables.glob("*.py") if path.stem != "__init__"}
    expected_modules |= {"speedtest", "sounddevice", "psutil", "jsonschema", "platformdirs"}
    assert expected_modules - modules == set()
    assert {name for name in modules if name.split(".")[0] == "babel"} == set()  # the spec leaves Babel out
    # The message catalogs ship compiled (.mo, made from the .po by the spec), never their sources (.po, .pot).
    catalog_sources = (".po", ".pot", ".mo")
    data_files = {
        "/".join(("rigcheck", *path.relative_to(package).parts))
        for path in package.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc", *catalog_sources) and "__pycache__" not in path.parts
    }
    data_files |= {f"rigcheck/_profiles/{path.name}" for path in (ROOT / "profiles").glob("*.toml")}
    data_files |= {f"rigcheck/locale/{language}/LC_MESSAGES/{DOMAIN}.mo" for language in LANGUAGES if language != DEFAULT_LANGUAGE}
    carried = set(archive.toc)
    assert data_files and data_files - carried == set()
    assert {name for name in carried if name.endswith((".po", ".pot"))} == set()


def test_frozen_and_installed_rigcheck_report_the_same_facts(json_report, tmp_path):
    # The same machine seen by the installed package: same probes, same statuses, same fact names.
    completed = subprocess.run([sys.executable, "-m", "rigcheck", "check", "--skip", "network", "--format", "json"],
                               cwd=tmp_path, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)
    installed = json.loads(completed.stdout)
    frozen_facts, installed_facts = json_report["facts"], installed["facts"]
    assert list(frozen_facts) == list(installed_facts)
    for probe in frozen_facts:
        assert frozen_facts[probe]["status"] == installed_facts[probe]["status"], probe
        assert set(frozen_facts[probe]["values"]) == set(installed_facts[probe]["values"]), probe
    assert [check["id"] for check in json_report["checks"]] == [check["id"] for check in installed["checks"]]


@pytest.mark.parametrize("fmt", ["text", "junit", "markdown", "html"])
def test_check_renders_every_format(frozen_rigcheck, frozen_env, tmp_path, fmt):
    output = tmp_path / f"report.{fmt}"
    completed = run_frozen(frozen_rigcheck, ["check", "--skip", "network", "--format", fmt, "--output", str(output)],
                           frozen_env, tmp_path)
    assert completed.returncode in (0, 1, 3), completed.stderr
    assert "Traceback" not in completed.stderr
    text = output.read_text(encoding="utf-8")
    if fmt == "junit":
        root = ElementTree.fromstring(text)
        assert root.tag in ("testsuites", "testsuite") and root.iter("testcase")
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html") and "</html>" in text
    elif fmt == "markdown":
        assert text.startswith("#")
    else:
        assert "generic-voice" in text or "Generic voice" in text


def test_usage_errors_are_one_message_and_exit_2(frozen_rigcheck, frozen_env, tmp_path):
    completed = run_frozen(frozen_rigcheck, ["check", "--profile", "no-such-profile"], frozen_env, tmp_path)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr and "no-such-profile" in completed.stderr


def test_the_executable_speaks_filipino_without_babel(frozen_rigcheck, frozen_env, tmp_path):
    # The spec compiles the catalogs at build time and leaves Babel out: the .mo alone must carry the words,
    # the same ones the installed package shows.
    args = ["--lang", "fil", "check", "--profile", "no-such-profile"]
    frozen = run_frozen(frozen_rigcheck, args, frozen_env, tmp_path)
    installed = subprocess.run([sys.executable, "-m", "rigcheck", *args], cwd=tmp_path, capture_output=True, text=True,
                               timeout=RUN_TIMEOUT_S, check=False)
    english = run_frozen(frozen_rigcheck, args[2:], frozen_env, tmp_path)
    assert frozen.returncode == installed.returncode == english.returncode == 2
    assert frozen.stderr == installed.stderr != english.stderr
    assert "no-such-profile" in frozen.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closes the standard streams with a POSIX shell")
def test_without_any_console_streams_nothing_crashes(frozen_rigcheck, frozen_env, tmp_path):
    # stdin, stdout and stderr closed: Python starts with sys.stdout None, as in a windowed build.
    report = tmp_path / "report.json"
    # Data for a closed stdout goes nowhere: exit 2, so no pipeline believes it was delivered (README's promise).
    for args, expected in (([], {2}), (["profiles", "list"], {2}),
                           (["check", "--skip", "network", "--format", "json", "--output", str(report)], {0, 1, 3})):
        completed = subprocess.run(["/bin/sh", "-c", '"$@" <&- >&- 2>&-', "sh", str(frozen_rigcheck), *args],
                                   env=frozen_env, cwd=tmp_path, capture_output=True, timeout=RUN_TIMEOUT_S, check=False)
        assert completed.returncode in expected, (args, completed.returncode)
    assert json.loads(report.read_text(encoding="utf-8"))["schema"] == "rigcheck.report/1"


# --- the TUI in a real terminal -----------------------------------------------------------------

LOCAL_PROFILE = """\
schema = 1
id = "frozen-desk"
name = "Frozen build desk (terminal test)"
version = "1"

[computer]
min_cpu_cores = 1
min_ram_gb = 1
"""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tui_in_a_real_terminal_reaches_the_verdict_saves_to_documents_and_quits(frozen_rigcheck, frozen_env, tmp_path):
    profile = tmp_path / "desk.toml"
    profile.write_text(LOCAL_PROFILE, encoding="utf-8")
    documents = tmp_path / "Documents"  # HOME is tmp_path: the XDG Documents folder
    documents.mkdir()
    program_folder = tmp_path / "Downloads"  # where an applicant starts the downloaded file
    program_folder.mkdir()
    exit_file = tmp_path / "exit-code"
    env = {**frozen_env, "RIGCHECK_TUI_PROBES": "system,cpu,memory,disk"}
    # The shell records the exit code: no Python anywhere in the terminal session.
    script = 'cd "$3" && "$0" --profile "$1"; echo $? > "$2"'
    server = Tmux()
    try:
        server.start(["/bin/sh", "-c", script, str(frozen_rigcheck), str(profile), str(exit_file), str(program_folder)], env)
        server.wait_for(lambda text: "Checking your computer" in text, timeout_s=30)
        server.wait_for(lambda text: "All checks done" in text, timeout_s=30)
        server.keys("Enter")
        # The verdict is drawn before the table under it: wait for both.
        server.wait_for(lambda text: any(word in text for word in VERDICT_WORDS) and "Processor cores" in text,
                        timeout_s=15)
        server.keys("s")
        server.wait_for(lambda text: "Save to" in text, timeout_s=15)
        server.keys("Enter")
        # The message is drawn first, then its box scrolls it into view whole (on a loaded machine, a
        # moment later): wait for its last line before reading the folder named above it.
        saved_screen = server.wait_for(lambda text: "Saved in" in text and "Send these files" in text, timeout_s=15)
        assert "Documents" in saved_screen  # the screen says where the report went
        saved = sorted(path.name for path in documents.iterdir())
        assert any(name.endswith(".json") for name in saved), saved
        assert list(program_folder.iterdir()) == []  # nothing in the program's folder
        server.keys("Escape")
        server.wait_for(lambda text: any(word in text for word in VERDICT_WORDS), timeout_s=15)
        server.keys("q")
        deadline = time.monotonic() + 15
        while not exit_file.exists() and time.monotonic() < deadline:
            if "not saved yet" in server.screen():  # the report was saved: no question expected, but answer it
                server.keys("y")
            time.sleep(0.2)
        assert exit_file.exists(), f"rigcheck did not exit after q; screen:\n{server.screen()}"
        assert exit_file.read_text().strip() == "0"
        assert "Traceback" not in server.screen()
    finally:
        server.kill()

"""rigcheck.launch: the decisions behind a double-clicked window, missing console streams and the reports
folder, fed the platform facts of Windows and macOS machines (these are logic tests; the frozen build
itself is run in test_frozen_build.py)."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

from rigcheck import launch


# --- a console window of its own -----------------------------------------------------------------


def test_alone_in_its_console_when_explorer_made_the_window():
    assert launch.alone_in_console([4242], own_pid=4242)


def test_started_from_a_terminal_shares_the_console_with_the_shell():
    assert not launch.alone_in_console([1000, 4242], own_pid=4242)  # cmd.exe or PowerShell + rigcheck


def test_the_one_file_launcher_does_not_count_as_a_terminal():
    # Double-clicked one-file build: the PyInstaller launcher (parent) and rigcheck share the new window.
    assert launch.alone_in_console([4000, 4242], own_pid=4242, launcher_pid=4000)
    # The same build started from cmd.exe: cmd, launcher, rigcheck.
    assert not launch.alone_in_console([1000, 4000, 4242], own_pid=4242, launcher_pid=4000)


def test_pips_rigcheck_exe_is_a_launcher_not_a_terminal():
    # pip/pipx install a rigcheck.exe that starts python.exe; double-clicked, both share the new window.
    assert launch.is_rigcheck_launcher("rigcheck.exe") and launch.is_rigcheck_launcher("RIGCHECK.EXE")
    for shell in ("cmd.exe", "powershell.exe", "pwsh.exe", "WindowsTerminal.exe", "explorer.exe", None):
        assert not launch.is_rigcheck_launcher(shell)


def test_no_console_at_all_is_not_a_window_to_hold():
    assert not launch.alone_in_console([], own_pid=4242)


def test_one_file_build_is_told_by_its_bundle_outside_the_program_folder(tmp_path):
    program = tmp_path / "Downloads" / "rigcheck.exe"
    assert launch.is_onefile_child(True, str(tmp_path / "Temp" / "_MEI12345"), str(program))
    # One-folder build: the bundle is the program's own _internal folder.
    assert not launch.is_onefile_child(True, str(program.parent / "_internal"), str(program))
    assert not launch.is_onefile_child(False, None, sys.executable)


def test_owns_no_window_outside_windows():
    if sys.platform == "win32":
        pytest.skip("on Windows the answer depends on how the test runner was started")
    assert launch.owns_console_window() is False


def test_waiting_for_a_key_says_so_and_reads_one_key():
    out = io.StringIO()
    keys = []
    launch.wait_for_key(stream=out, read_key=lambda: keys.append("x"))
    assert launch.PRESS_ANY_KEY in out.getvalue() and keys == ["x"]


def test_waiting_without_a_keyboard_returns_instead_of_raising():
    def no_keyboard():
        raise EOFError

    launch.wait_for_key(stream=io.StringIO(), read_key=no_keyboard)


def test_prepare_on_windows_holds_a_double_clicked_window(monkeypatch):
    registered = []
    monkeypatch.setattr(launch, "_prepared", False)
    monkeypatch.setattr(launch.sys, "platform", "win32")
    monkeypatch.setattr(launch, "owns_console_window", lambda: True)
    monkeypatch.setattr(launch, "_stdin_is_console", lambda: True)
    monkeypatch.setattr(launch.atexit, "register", registered.append)
    launch.prepare()
    launch.prepare()  # idempotent: the CLI may be entered twice in one process (tests)
    assert registered == [launch.wait_for_key]


def test_prepare_never_waits_without_a_keyboard(monkeypatch):
    # CI and services: a console of its own, but stdin is not it; waiting would hang forever.
    registered = []
    monkeypatch.setattr(launch, "_prepared", False)
    monkeypatch.setattr(launch.sys, "platform", "win32")
    monkeypatch.setattr(launch, "owns_console_window", lambda: True)
    monkeypatch.setattr(launch, "_stdin_is_console", lambda: False)
    monkeypatch.setattr(launch.atexit, "register", registered.append)
    launch.prepare()
    assert registered == []


def test_prepare_from_a_terminal_does_not_wait(monkeypatch):
    registered = []
    monkeypatch.setattr(launch, "_prepared", False)
    monkeypatch.setattr(launch.sys, "platform", "win32")
    monkeypatch.setattr(launch, "owns_console_window", lambda: False)
    monkeypatch.setattr(launch, "_stdin_is_console", lambda: True)
    monkeypatch.setattr(launch.atexit, "register", registered.append)
    launch.prepare()
    assert registered == []


# --- console streams -------------------------------------------------------------------------------


def test_missing_streams_are_pointed_at_the_null_device():
    streams = types.SimpleNamespace(stdin=None, stdout=None, stderr=io.StringIO())
    assert launch.fill_missing_streams(streams) == ["stdin", "stdout"]
    print("no crash", file=streams.stdout)
    assert streams.stdin.read() == ""


def test_a_character_device_that_is_no_console_is_no_terminal(monkeypatch):
    # PyInstaller's one-file launcher started without a console hands its child NUL (or dead handles) for
    # every stream, and isatty() is true for NUL on Windows: such a stream must not open the TUI, and a
    # write must not fail (a failed flush at exit makes the exit code 120).
    class CharacterDevice(io.TextIOWrapper):
        def isatty(self):
            return True

    original = CharacterDevice(io.BytesIO(), encoding="utf-8")
    streams = types.SimpleNamespace(stdin=CharacterDevice(io.BytesIO(b"")), stdout=original, stderr=io.StringIO())
    monkeypatch.setattr(launch, "is_console", lambda stream: False)
    assert launch.untty_non_consoles(streams) == ["stdin", "stdout"]
    assert not streams.stdin.isatty() and not streams.stdout.isatty() and streams.stdin.read() == ""
    streams.stdout.write("✔ goes to the null device\n")
    streams.stdout.flush()
    assert not original.closed and original.write("still usable") == 12  # neither closed nor detached


@pytest.mark.skipif(sys.platform != "win32", reason="the NUL device and consoles are Windows' (runs in the Windows tier under Wine)")
def test_nul_is_a_tty_to_windows_but_no_console():
    with open("NUL", "w") as nul:
        assert nul.isatty()  # the C runtime's answer, the cause of the hang
        assert not launch.is_console(nul)


def test_a_windowed_build_without_console_streams_runs_the_cli_without_crashing():
    # pythonw / a windowed PyInstaller build: sys.stdin, sys.stdout and sys.stderr are None.
    code = (
        "import sys; sys.stdin = sys.stdout = sys.stderr = None\n"
        "from rigcheck.cli import main\n"
        "codes = [main([]), main(['profiles', 'list']), main(['check', '--only', 'cpu', '--format', 'json'])]\n"
        "open(sys.argv[1], 'w').write(repr(codes))\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        result_file = Path(folder) / "codes"
        completed = subprocess.run([sys.executable, "-c", code, str(result_file)], capture_output=True, text=True, timeout=120, check=False)
        assert completed.returncode == 0, completed.stderr
        # TUI without a terminal: usage (2); listing: 0; a check of one probe: a verdict code, not a crash.
        codes = eval(result_file.read_text())  # noqa: S307 - our own repr of three ints
    assert codes[0] == 2 and codes[1] == 0 and codes[2] in (0, 1, 3)


def test_redirected_output_is_switched_to_utf8():
    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    assert launch.use_utf8_when_redirected(redirected)
    redirected.write("✔ Jabra EVOLVE 20 — Mikrofon (Гарнитура)\n")
    redirected.flush()
    assert "Гарнитура".encode() in redirected.buffer.getvalue()


def test_prepare_switches_redirected_windows_output_to_utf8_unless_an_encoding_was_asked_for(monkeypatch):
    for asked, expected in ((None, "utf-8"), ("cp1252", "cp1252")):
        redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
        monkeypatch.setattr(launch, "_prepared", False)
        monkeypatch.setattr(launch.sys, "platform", "win32")
        monkeypatch.setattr(launch.sys, "stdout", redirected)
        monkeypatch.setattr(launch, "owns_console_window", lambda: False)
        if asked:
            monkeypatch.setenv("PYTHONIOENCODING", asked)
        else:
            monkeypatch.delenv("PYTHONIOENCODING", raising=False)
        launch.prepare()
        assert redirected.encoding == expected


def test_a_terminal_keeps_its_encoding():
    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    terminal = Terminal(io.BytesIO(), encoding="cp1252")
    assert not launch.use_utf8_when_redirected(terminal)
    assert terminal.encoding == "cp1252"


# --- where reports go ------------------------------------------------------------------------------


def test_reports_go_to_documents(tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    chosen = launch.choose_reports_dir([documents, tmp_path], forbidden=[tmp_path / "Downloads"])
    assert chosen == documents


def test_never_the_programs_own_folder(tmp_path):
    # rigcheck.exe double-clicked in Documents\Tools: Documents holds the program, so the home folder.
    documents = tmp_path / "Documents"
    (documents / "Tools").mkdir(parents=True)
    chosen = launch.choose_reports_dir([documents / "Tools", tmp_path], forbidden=[documents / "Tools"])
    assert chosen == tmp_path


def test_never_inside_the_windows_folder(tmp_path):
    # The SYSTEM account's Documents lives under C:\Windows\System32\config\systemprofile.
    windows = tmp_path / "Windows"
    system_documents = windows / "System32" / "config" / "systemprofile" / "Documents"
    system_documents.mkdir(parents=True)
    users_temp = tmp_path / "Temp"
    users_temp.mkdir()
    chosen = launch.choose_reports_dir([system_documents, system_documents.parent, users_temp], forbidden=[windows])
    assert chosen == users_temp


def test_a_missing_documents_folder_falls_back_to_home(tmp_path):
    chosen = launch.choose_reports_dir([tmp_path / "Documents", tmp_path], forbidden=[])
    assert chosen == tmp_path


def test_windows_paths_compare_without_case(monkeypatch, tmp_path):
    # normcase folds case on Windows only; the comparison must go through it.
    monkeypatch.setattr(launch.os.path, "normcase", lambda text: text.lower())
    folder = tmp_path / "Users" / "Ana" / "Documents"
    folder.mkdir(parents=True)
    chosen = launch.choose_reports_dir([folder, tmp_path], forbidden=[tmp_path / "USERS"])
    assert chosen == tmp_path


def test_reports_dir_uses_the_platform_documents_folder(monkeypatch, tmp_path):
    documents = tmp_path / "OneDrive" / "Documents"  # Windows with OneDrive redirecting Documents
    documents.mkdir(parents=True)
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    assert launch.reports_dir() == documents


def test_reports_dir_refuses_the_windows_folder(monkeypatch, tmp_path):
    windows = tmp_path / "Windows"
    system_documents = windows / "System32" / "config" / "systemprofile" / "Documents"
    system_documents.mkdir(parents=True)
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(system_documents))
    monkeypatch.setattr(launch.sys, "platform", "win32")
    monkeypatch.setenv("SystemRoot", str(windows))
    monkeypatch.setattr(launch.Path, "home", classmethod(lambda cls: tmp_path))
    assert launch.reports_dir() == tmp_path


def test_the_guided_check_offers_the_reports_folder(monkeypatch, tmp_path):
    from rigcheck.tui.app import make_app

    monkeypatch.setattr(launch, "reports_dir", lambda: tmp_path / "Documents")
    app = make_app(profile=None, probe_specs=[])
    assert app.default_report_base().parent == tmp_path / "Documents"

"""How rigcheck starts on an applicant's own computer: console streams, a double-clicked window, and
the folder reports are saved to.

- A windowed build (or `pythonw`) has no console streams: `sys.stdout` is None and the first print
  would crash. `prepare()` points missing streams at the null device.
- Output redirected to a file on Windows is written in the ANSI code page, which cannot hold ✔ or a
  device name in another script: redirected streams are switched to UTF-8.
- Double-clicked in Explorer, a console program gets a console window of its own, which closes the
  moment the program ends: the verdict (or an error) would flash past. When rigcheck is alone in its
  console it waits for a key before exiting.
- Reports go to the user's Documents folder, never to the program's own folder (the Downloads folder
  it was double-clicked in) or System32 (the working folder of programs started "as administrator").

Decisions are pure functions of the platform facts they are given, so tests can feed them any.
"""

from __future__ import annotations

import atexit
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Sequence, TextIO

PRESS_ANY_KEY = "Press any key to close this window."

_prepared = False


# --- console streams ---------------------------------------------------------------------------


class NotATerminal(io.TextIOWrapper):
    """A text stream that says it is no terminal: the null device filled in for a missing stream, or a
    Windows character device that is not a console.

    Windows' C runtime calls the NUL device a tty (it is a character device), and a windowed start (or
    PyInstaller's one-file launcher without a console) hands rigcheck NUL for its streams: it would open
    the TUI with no console to draw on and wait for ever."""

    def isatty(self) -> bool:
        return False


def fill_missing_streams(streams: object = sys) -> list[str]:
    """Point stdin/stdout/stderr that are None (no console at all) at the null device; returns their names."""
    filled = []
    for name, mode in (("stdin", "rb"), ("stdout", "wb"), ("stderr", "wb")):
        if getattr(streams, name, None) is None:
            setattr(streams, name, NotATerminal(open(os.devnull, mode), encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
            filled.append(name)
    return filled


_REPLACED_STREAMS: list[object] = []


def untty_non_consoles(streams: object = sys) -> list[str]:
    """Windows: streams that isatty() calls a terminal but that are no console become NotATerminal over
    the null device; returns their names.

    Such a stream is NUL (what a windowed start, or PyInstaller's one-file launcher without a console,
    hands its child), or a handle that no longer works, where a write fails and the exit code turns 120
    when Python flushes it at exit. The original stays referenced (sys.__stdout__), never detached."""
    changed = []
    for name, mode in (("stdin", "rb"), ("stdout", "wb"), ("stderr", "wb")):
        stream = getattr(streams, name, None)
        try:
            if stream is None or not stream.isatty() or is_console(stream):
                continue
        except (AttributeError, OSError, ValueError):
            continue
        _REPLACED_STREAMS.append(stream)  # kept alive: its end would close a handle Python flushes at exit
        setattr(streams, name, NotATerminal(open(os.devnull, mode), encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
        changed.append(name)
    return changed


def is_console(stream: object) -> bool:
    """True when `stream` is a terminal. On Windows a console only: GetConsoleMode succeeds on a console
    handle alone, while isatty() is also true for NUL and for serial ports."""
    try:
        if not stream.isatty():  # type: ignore[attr-defined]  # any object with isatty and fileno
            return False
        if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
            return True
        import ctypes
        import msvcrt

        handle = msvcrt.get_osfhandle(getattr(stream, "fileno")())
        mode = ctypes.c_uint32()
        return bool(ctypes.windll.kernel32.GetConsoleMode(ctypes.c_void_p(handle), ctypes.byref(mode)))
    except (AttributeError, OSError, ValueError):
        return False


def use_utf8_when_redirected(stream: TextIO) -> bool:
    """Switch a stream that is not a terminal (a file, a pipe) to UTF-8; True when it was switched.

    A terminal keeps its encoding (Windows writes to the console in UTF-16 whatever the code page).
    """
    try:
        if stream.isatty() or (stream.encoding or "").replace("-", "").lower() == "utf8":
            return False
        stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]  # TextIO lacks it; TextIOWrapper has it (else AttributeError, below)
    except (AttributeError, OSError, ValueError):
        return False
    return True


# --- a console window of its own (Windows) -----------------------------------------------------


def is_onefile_child(frozen: bool, bundle_dir: str | None, executable: str) -> bool:
    """True in a PyInstaller one-file build, where a launcher process unpacks the bundle to a temporary
    folder and runs rigcheck as its child, in the same console."""
    if not frozen or not bundle_dir:
        return False
    bundle = Path(bundle_dir).resolve()
    return Path(executable).resolve().parent not in (bundle, *bundle.parents)


def alone_in_console(console_pids: Sequence[int], own_pid: int, launcher_pid: int | None = None) -> bool:
    """True when no other program shares this console: no shell started rigcheck, Explorer made the
    window for it. An empty list means there is no console at all (a windowed build): nothing to hold."""
    if not console_pids:
        return False
    others = set(console_pids) - {own_pid}
    if launcher_pid is not None:
        others.discard(launcher_pid)
    return not others


def _windows_console_pids() -> list[int]:
    """GetConsoleProcessList: the processes attached to this console (empty without a console)."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return []
    import ctypes

    size = 16
    while True:
        buffer = (ctypes.c_uint32 * size)()
        count = int(ctypes.windll.kernel32.GetConsoleProcessList(buffer, size))
        if count <= size:
            return list(buffer[:count])
        size = count


def owns_console_window() -> bool:
    """True on Windows when rigcheck was started outside a terminal (double-clicked) in a console of its own."""
    if sys.platform != "win32":
        return False
    try:
        pids = _windows_console_pids()
    except (AttributeError, OSError):
        return False
    return alone_in_console(pids, os.getpid(), _launcher_pid())


def is_rigcheck_launcher(parent_name: str | None) -> bool:
    """True for the small rigcheck.exe that pip and pipx install, which starts python.exe as its child."""
    return parent_name is not None and Path(parent_name).stem.lower() == "rigcheck"


def _launcher_pid() -> int | None:
    """The parent process when it only launched rigcheck (PyInstaller's one-file launcher, pip's
    rigcheck.exe): it shares the console without being a terminal."""
    parent = os.getppid()
    if is_onefile_child(bool(getattr(sys, "frozen", False)), getattr(sys, "_MEIPASS", None), sys.executable):
        return parent
    try:
        import psutil

        return parent if is_rigcheck_launcher(psutil.Process(parent).name()) else None
    except Exception:  # noqa: BLE001 - unknown parent: count it, so a terminal is never mistaken for none
        return None


def wait_for_key(prompt: str = PRESS_ANY_KEY, stream: TextIO | None = None, read_key: Callable[[], object] | None = None) -> None:
    """Say `prompt` and wait for one key press (msvcrt on Windows), so the window stays readable."""
    stream = stream or sys.stdout
    try:
        stream.write(f"\n{prompt}\n")
        stream.flush()
        if read_key is None:
            if sys.platform != "win32":
                return  # msvcrt is Windows only: nothing to wait with
            import msvcrt

            read_key = msvcrt.getwch
        read_key()
    except (ImportError, OSError, ValueError, EOFError, KeyboardInterrupt):
        pass  # nothing to wait with: closing is all that is left


def _stdin_is_console() -> bool:
    try:
        return bool(sys.stdin) and is_console(sys.stdin)
    except (AttributeError, OSError, ValueError):
        return False


def prepare() -> None:
    """Called first by the command line: fill missing streams, UTF-8 for redirected output, and when
    double-clicked on Windows, wait for a key at exit (after the TUI, an error, or a traceback)."""
    global _prepared
    if _prepared:
        return
    _prepared = True
    fill_missing_streams()
    if sys.platform == "win32":
        untty_non_consoles()
        if not os.environ.get("PYTHONIOENCODING"):  # an encoding asked for explicitly is kept
            for stream in (sys.stdout, sys.stderr):
                use_utf8_when_redirected(stream)
        # Only with a keyboard to press: never in CI or a service, where stdin is not the console.
        if _stdin_is_console() and owns_console_window():
            atexit.register(wait_for_key)


# --- where reports go --------------------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def choose_reports_dir(
    candidates: Iterable[str | os.PathLike | None],
    forbidden: Iterable[str | os.PathLike | None],
    is_dir: Callable[[Path], bool] = Path.is_dir,
) -> Path:
    """The first candidate folder that exists and is not inside a forbidden one (the program's folder,
    the Windows folder); the last candidate when none fits."""
    refused = [Path(os.path.normcase(os.path.abspath(folder))) for folder in forbidden if folder]
    last = None
    for candidate in candidates:
        if not candidate:
            continue
        path = Path(os.path.abspath(candidate))
        last = path
        normalised = Path(os.path.normcase(str(path)))
        if any(_inside(normalised, folder) for folder in refused):
            continue
        if is_dir(path):
            return path
    return last if last is not None else Path(tempfile.gettempdir())


def reports_dir() -> Path:
    """Where the guided check saves reports: the user's Documents folder (platformdirs knows where
    Windows, macOS and the XDG desktop keep it, OneDrive redirection included), else the home folder."""
    try:
        import platformdirs

        documents: str | None = platformdirs.user_documents_dir()
    except Exception:  # noqa: BLE001 - no Documents folder to be found: the home folder still works
        documents = None
    forbidden: list[str | os.PathLike[str]] = [Path(sys.executable).parent]
    if sys.platform == "win32":
        forbidden.append(os.environ.get("SystemRoot") or os.environ.get("windir") or r"C:\Windows")
    return choose_reports_dir([documents, Path.home(), tempfile.gettempdir()], forbidden)

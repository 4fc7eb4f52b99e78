"""Reading the reports applicants send: files and folders (recursively, *.json), each read on its own.

A file that cannot be read or is not a report becomes an `Unreadable` with one plain reason; it never stops
the others. Each is read and checked by rigcheck.report_shape (msgspec); large piles by a few worker processes.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Sequence

from msgspec import to_builtins

from rigcheck.i18n import N_, _
from rigcheck.model import Profile, Report
from rigcheck.report_shape import ReportShape, decode_report
from rigcheck.summary import SummaryParts, Unreadable, digest_of
from rigcheck.writing import reason_words

MAX_REPORT_BYTES = 16 * 1024 * 1024  # far more than a real report holds (a few kB)
PARALLEL_FROM_FILES = 2000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 500


def display_name(path: str) -> str:
    """`path` as text any output can hold: bytes of a name that are not UTF-8 (Latin-1 names from a Windows
    zip or a shared drive) are shown escaped ('caf\\xe9.json'), never an encoding error later."""
    try:
        raw = os.fsencode(path)
    except UnicodeError:  # a str no file-system encoding made (lone surrogates from elsewhere)
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


NOT_REGULAR = N_("not a regular file (a pipe, a device or a socket): skipped without opening it")


def _regular(path: str) -> bool:
    """A regular file (through a symlink); a FIFO is never opened, since opening one with no writer waits for ever."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let the read say why it cannot (a dangling link, no permission)


def _json_files_in(folder: str) -> tuple[list[str], list[Unreadable]]:
    """*.json files under `folder`, sorted, and the subfolders that could not be read (never skipped silently).

    Symlinked folders are not followed (no loops); what is not a regular file is named, not opened.
    """
    found: list[str] = []
    problems: list[Unreadable] = []

    def unreadable_folder(exc: OSError) -> None:
        where = exc.filename if isinstance(exc.filename, str) else folder
        problems.append(Unreadable(display_name(where), _("cannot read this folder: %(reason)s") % {"reason": reason_words(exc)}))

    for directory, subfolders, names in os.walk(folder, onerror=unreadable_folder):
        subfolders.sort()
        for name in sorted(names):
            if not name.endswith(".json"):
                continue
            path = os.path.join(directory, name)
            if _regular(path):
                found.append(path)
            else:
                problems.append(Unreadable(display_name(path), _(NOT_REGULAR)))
    return found, problems


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[Unreadable]]:
    """Files as given, folders walked for *.json (each file once); what is missing, not a regular file or in
    a folder that cannot be read is an Unreadable (named on stderr, exit 2)."""
    files: list[str] = []
    problems: list[Unreadable] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            found, folder_problems = _json_files_in(given)
            problems.extend(folder_problems)
            if not found and not folder_problems:
                problems.append(Unreadable(display_name(given), "the folder holds no *.json report"))
        elif os.path.lexists(given):
            found = [given] if _regular(given) else []
            if not found:
                problems.append(Unreadable(display_name(given), _(NOT_REGULAR)))
        else:
            problems.append(Unreadable(display_name(given), "no such file or folder"))
            found = []
        for name in found:
            key = os.path.abspath(name)  # a file named twice (as itself and inside its folder) counts once
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files, problems


def _read_capped(path: str, *, regular_only: bool = False) -> bytes:
    """The file's bytes, at most MAX_REPORT_BYTES + 1 of them: a device or pipe has no size and may never end.

    One read of the size the file states (a buffered read of the cap would allocate 16 MiB per report),
    then more only from something that stated no size or grew. `regular_only`: opened without waiting
    (a FIFO that appeared since the folder was read) and refused unless it is a regular file.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
    fd = os.open(path, flags)
    try:
        found = os.fstat(fd)
        if regular_only and not stat.S_ISREG(found.st_mode):
            raise _NotRegular()
        stated = found.st_size
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_REPORT_BYTES:
            chunk = os.read(fd, min(stated, MAX_REPORT_BYTES) + 1 if not chunks else 1024 * 1024)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total == stated and stated:
                break  # all of a regular file that states its size
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(Exception):
    pass


# A JSON escape of a UTF-16 surrogate: '\\ud800' decodes to a str UTF-8 cannot encode unless paired.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _without_lone_surrogates(raw: bytes) -> bytes:
    """The JSON text with each lone surrogate written as visible text ('\\ud800'), pairs kept as the character.

    A report holding a lone surrogate crashed every output that encodes to UTF-8. Rare: only when such an
    escape appears at all is the text read twice.
    """
    if _SURROGATE_ESCAPE.search(raw) is None:
        return raw
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return raw  # not JSON, or nested too deeply: decode_report says which

    def mend(value: Any) -> Any:
        if isinstance(value, str):
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        if isinstance(value, list):
            return [mend(item) for item in value]
        if isinstance(value, dict):
            return {mend(key): mend(item) for key, item in value.items()}
        return value

    try:
        return json.dumps(mend(data), ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):
        return raw


def read_report_shape(path: str, *, regular_only: bool = False) -> ReportShape:
    """The report in `path`, read and checked as rigcheck.report_shape declares.

    Raises ValueError with one plain sentence (a file that cannot be read included). `regular_only`:
    what is not a regular file is refused without waiting on it (summaries).
    """
    try:
        raw = _read_capped(path, regular_only=regular_only)
    except _NotRegular:
        raise ValueError(_(NOT_REGULAR)) from None
    except IsADirectoryError:
        raise ValueError("cannot read: is a folder") from None
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ValueError(f"not a rigcheck JSON report (larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB)")
    try:
        return decode_report(_without_lone_surrogates(raw))
    except ValueError as exc:
        raise ValueError(f"not a rigcheck JSON report ({exc})") from None


def read_report(path: str) -> Report:
    """The report in `path`. Raises ValueError with one plain sentence."""
    return Report._from_dict(to_builtins(read_report_shape(path)))


def _absorb_files(paths: list[str], profile: Profile | None) -> tuple[SummaryParts, list[Unreadable]]:
    parts, unreadable = SummaryParts(), []
    for path in paths:
        try:
            shape = read_report_shape(path, regular_only=True)
        except ValueError as exc:
            unreadable.append(Unreadable(display_name(path), str(exc)))
            continue
        parts.add(*digest_of(display_name(path), shape, profile))
    return parts, unreadable


def absorb_files(paths: Sequence[str], profile: Profile | None = None, *, workers: int | None = None
                 ) -> tuple[SummaryParts, list[Unreadable]]:
    """Every file read into one SummaryParts (and the files that could not be), in the order given.

    Large piles are split among worker processes (one per CPU, at most 4), each returning its own parts.
    """
    count = workers if workers is not None else min(4, os.cpu_count() or 1)
    if getattr(sys, "frozen", False):  # a frozen executable cannot start itself as a worker safely
        count = 1
    if count <= 1 or len(paths) < PARALLEL_FROM_FILES:
        return _absorb_files(list(paths), profile)
    size = max(CHUNK_FILES, len(paths) // (count * 4) + 1)
    chunks = [list(paths[start:start + size]) for start in range(0, len(paths), size)]
    parts, unreadable = SummaryParts(), []
    try:
        with ProcessPoolExecutor(max_workers=count) as pool:
            for chunk_parts, chunk_unreadable in pool.map(_absorb_files, chunks, [profile] * len(chunks)):
                parts.merge(chunk_parts)
                unreadable.extend(chunk_unreadable)
    except (OSError, RuntimeError):  # no process support here (a sandbox): one by one
        return _absorb_files(list(paths), profile)
    return parts, unreadable

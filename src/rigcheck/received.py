"""Reading the reports applicants send: files and folders (recursively, *.json), each read on its own.

A file that cannot be read or is not a report becomes an `Unreadable` with one plain reason; it never stops
the others. Each is read and checked by rigcheck.report_shape (msgspec); large piles by a few worker processes.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Sequence

from msgspec import to_builtins

from rigcheck.model import Profile, Report
from rigcheck.report_shape import ReportShape, decode_report
from rigcheck.summary import SummaryParts, Unreadable, digest_of

MAX_REPORT_BYTES = 16 * 1024 * 1024  # far more than a real report holds (a few kB)
PARALLEL_FROM_FILES = 2000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 500


def _json_files_in(folder: str) -> list[str]:
    """*.json files under `folder`, sorted; symlinked folders are not followed (no loops)."""
    found: list[str] = []
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        found.extend(os.path.join(directory, name) for name in sorted(names) if name.endswith(".json"))
    return found


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[Unreadable]]:
    """Files as given, folders walked for *.json (each file once); missing paths are Unreadable."""
    files: list[str] = []
    problems: list[Unreadable] = []
    seen: set[str] = set()
    for given in paths:
        if os.path.isdir(given):
            found = _json_files_in(given)
            if not found:
                problems.append(Unreadable(given, "the folder holds no *.json report"))
        elif os.path.lexists(given):
            found = [given]
        else:
            problems.append(Unreadable(given, "no such file or folder"))
            found = []
        for name in found:
            key = os.path.abspath(name)  # a file named twice (as itself and inside its folder) counts once
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files, problems


def _read_capped(path: str) -> bytes:
    """The file's bytes, at most MAX_REPORT_BYTES + 1 of them: a device or pipe has no size and may never end.

    One read of the size the file states (a buffered read of the cap would allocate 16 MiB per report),
    then more only from something that stated no size or grew.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stated = os.fstat(fd).st_size
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


def read_report_shape(path: str) -> ReportShape:
    """The report in `path`, read and checked as rigcheck.report_shape declares.

    Raises ValueError with one plain sentence (a file that cannot be read included).
    """
    try:
        raw = _read_capped(path)
    except IsADirectoryError:
        raise ValueError("cannot read: is a folder") from None
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ValueError(f"not a rigcheck JSON report (larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB)")
    try:
        return decode_report(raw)
    except ValueError as exc:
        raise ValueError(f"not a rigcheck JSON report ({exc})") from None


def read_report(path: str) -> Report:
    """The report in `path`. Raises ValueError with one plain sentence."""
    return Report._from_dict(to_builtins(read_report_shape(path)))


def _absorb_files(paths: list[str], profile: Profile | None) -> tuple[SummaryParts, list[Unreadable]]:
    parts, unreadable = SummaryParts(), []
    for path in paths:
        try:
            shape = read_report_shape(path)
        except ValueError as exc:
            unreadable.append(Unreadable(path, str(exc)))
            continue
        parts.add(*digest_of(path, shape, profile))
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

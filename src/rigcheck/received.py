"""Reading the reports applicants send: files and folders (recursively, *.json), each read on its own.

A file that cannot be read or is not a report becomes an `Unreadable` with one plain reason; it never stops
the others. Large piles are read by a few worker processes (JSON parsing is the cost).
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Sequence

from rigcheck.model import Profile, Report
from rigcheck.summary import ReportDigest, Unreadable, digest_of

MAX_REPORT_BYTES = 16 * 1024 * 1024  # far more than a real report holds (a few kB)
PARALLEL_FROM_FILES = 2000  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 500


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[Unreadable]]:
    """Files as given, folders walked for *.json (sorted, each file once); missing paths are Unreadable."""
    files: list[str] = []
    problems: list[Unreadable] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*.json") if not p.is_dir())
            if not found:
                problems.append(Unreadable(given, "the folder holds no *.json report"))
        elif path.exists() or path.is_symlink():
            found = [given]
        else:
            problems.append(Unreadable(given, "no such file or folder"))
            found = []
        for name in found:
            key = os.path.realpath(name)
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files, problems


def read_report_data(path: str) -> dict:
    """The JSON of the report in `path`, checked as Report.from_dict checks it.

    Raises ValueError with one plain sentence (a file that cannot be read included).
    """
    try:
        with open(path, "rb") as stream:  # capped: a device or pipe has no size and may never end
            raw = stream.read(MAX_REPORT_BYTES + 1)
    except IsADirectoryError:
        raise ValueError("cannot read: is a folder") from None
    except OSError as exc:
        raise ValueError(f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_REPORT_BYTES:
        raise ValueError(f"not a rigcheck JSON report (larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB)")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
        Report.check_dict(data)
    except RecursionError:  # json.loads recurses into nested lists and objects
        raise ValueError("not a rigcheck JSON report (nested too deeply to read)") from None
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise ValueError(f"not a rigcheck JSON report ({exc})") from None
    return data


def read_report(path: str) -> Report:
    """The report in `path`. Raises ValueError with one plain sentence."""
    return Report._from_dict(read_report_data(path))


def digest_file(path: str, profile: Profile | None) -> ReportDigest | Unreadable:
    try:
        data = read_report_data(path)
    except ValueError as exc:
        return Unreadable(path, str(exc))
    return digest_of(path, data, profile)


def _digest_chunk(paths: list[str], profile: Profile | None) -> list[ReportDigest | Unreadable]:
    return [digest_file(path, profile) for path in paths]


def digest_files(paths: Sequence[str], profile: Profile | None = None, *, workers: int | None = None) -> Iterable[ReportDigest | Unreadable]:
    """Digest every file, in the order given. Worker processes for large piles (one per CPU, at most 4)."""
    count = workers if workers is not None else min(4, os.cpu_count() or 1)
    if getattr(sys, "frozen", False):  # a frozen executable cannot start itself as a worker safely
        count = 1
    if count <= 1 or len(paths) < PARALLEL_FROM_FILES:
        return _digest_chunk(list(paths), profile)
    chunks = [list(paths[start:start + CHUNK_FILES]) for start in range(0, len(paths), CHUNK_FILES)]
    results: list[ReportDigest | Unreadable] = []
    try:
        with ProcessPoolExecutor(max_workers=count) as pool:
            for chunk in pool.map(_digest_chunk, chunks, [profile] * len(chunks)):
                results.extend(chunk)
    except (OSError, RuntimeError):  # no process support here (a sandbox, a frozen build): one by one
        return _digest_chunk(list(paths), profile)
    return results

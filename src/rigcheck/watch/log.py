"""The watch's append-only JSON Lines log: one record per line, flushed and fsynced as it is written.

A crash, a closed laptop or a power cut loses at most the record being written; a torn last line (the
write cut short) is left out when the log is read back, never an error.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from rigcheck.i18n import _

LOG_SCHEMA = "rigcheck.watch-log/1"
MAX_LINE_BYTES = 1 << 20  # a record is small; a longer line is not one of ours


class WatchLogError(Exception):
    """The file is not a watch log this rigcheck can continue."""


class WatchLog:
    """Appends records to `path` (created if absent); each `write` reaches the disk before it returns."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - held open for the whole watch
        if self._file.tell() > 0:
            self._end_torn_line()

    def _end_torn_line(self) -> None:
        """A record cut short by a crash must not swallow the next one: start on a fresh line."""
        with open(self.path, "rb") as reader:
            reader.seek(-1, os.SEEK_END)
            if reader.read(1) != b"\n":
                self._file.write("\n")
                self._sync()

    def write(self, record: dict[str, Any]) -> None:
        """Append one record and make it durable (flush + fsync)."""
        self._file.write(json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n")
        self._sync()

    def _sync(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "WatchLog":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def read_log(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every whole record of a watch log, in order (torn or foreign lines left out).

    Raises WatchLogError when the file cannot be read or does not begin with a watch's start record.
    """
    records: list[dict[str, Any]] = []
    try:
        with open(path, "rb") as reader:
            for raw in reader:
                if len(raw) > MAX_LINE_BYTES or not raw.endswith(b"\n"):
                    continue  # torn by a crash mid-write, or not ours
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(record, dict) and isinstance(record.get("type"), str):
                    records.append(record)
    except OSError as exc:
        raise WatchLogError(_("cannot read the watch log %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}) from exc
    if not records or records[0].get("type") != "start" or records[0].get("schema") != LOG_SCHEMA:
        raise WatchLogError(_("%(path)s is not a rigcheck watch log") % {"path": path})
    return records

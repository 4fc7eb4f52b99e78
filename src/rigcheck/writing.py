"""The one way rigcheck saves a file: `--output`, the guided app's Save step, the profile cache, starter profiles.

A regular file (or a new one) is written to a temporary file in the same folder, flushed to the disk
and renamed over the target, so a reader sees the old file or the new one, never half of either, and a
failed save (a full disk, a signal) leaves the earlier file whole and no temporary file behind. The
temporary name is short and does not repeat the target's (a name near the 255-byte limit still has
room). A device or a FIFO is written in place, never replaced (a rename would turn /dev/null into a
file). A symlink keeps pointing where it did: its target is replaced.

Text is UTF-8; characters UTF-8 cannot hold (lone surrogates from a damaged report, undecodable bytes of
a file name) are written escaped (`\\udce9`), never an encoding error.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat

from rigcheck.i18n import N_, _

TEMP_SUFFIX = ".rigcheck-tmp"  # every temporary file rigcheck makes ends so (and is gone after the save)
_TEMP_ATTEMPTS = 20

# Plain words for what went wrong, by errno; anything else keeps the system's own words.
_REASONS: dict[int, str] = {
    errno.ENOSPC: N_("no space left on the disk"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EIO: N_("the disk reported an error"),
    errno.EFBIG: N_("the file is too large for this disk"),
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = N_("your disk quota is used up")


def reason_words(exc: OSError) -> str:
    """Why an operating-system call failed, in plain words ("no space left on the disk")."""
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return _(reason)
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


class SaveError(Exception):
    """A file could not be saved: `path` (as given) and `reason` (plain words). The earlier file is whole."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(_("cannot write %(path)s: %(reason)s") % {"path": path, "reason": reason})
        self.path = path
        self.reason = reason


def as_bytes(data: str | bytes) -> bytes:
    """UTF-8, with what UTF-8 cannot hold (lone surrogates) written as backslash escapes."""
    return data if isinstance(data, bytes) else data.encode("utf-8", "backslashreplace")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _new_temporary(folder: str) -> tuple[int, str]:
    """A new, empty file in `folder` with a short random name (created here: never someone else's file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(_TEMP_ATTEMPTS):
        path = os.path.join(folder, f".{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(path, flags, 0o666), path  # the umask applies, as for any new file
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", folder)


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder for this and needs no help."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _replace_atomically(target: str, data: bytes, mode: int | None) -> None:
    from rigcheck import entry

    folder = os.path.dirname(target) or "."
    fd, temporary = _new_temporary(folder)
    try:
        try:
            _write_all(fd, data)
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(fd, mode)  # replacing a file keeps its permissions
            os.fsync(fd)
        finally:
            os.close(fd)
        entry.raise_if_stopped()  # Ctrl+C or SIGTERM came (even one whose exception was lost): nothing replaced
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass  # already gone, or the folder went away: nothing left to clean
        raise
    _sync_folder(folder)


def _write_in_place(path: str, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


def write_file(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Save `data` at `path` as described above. Raises SaveError (plain words), or KeyboardInterrupt."""
    given = os.fspath(path)
    payload = as_bytes(data)
    try:
        try:
            found = os.stat(given)  # through a symlink
        except FileNotFoundError:
            found = None
        if found is not None and not stat.S_ISREG(found.st_mode):
            _write_in_place(given, payload)
            return
        target = os.path.realpath(given) if os.path.islink(given) else given
        _replace_atomically(target, payload, stat.S_IMODE(found.st_mode) if found is not None else None)
    except OSError as exc:
        raise SaveError(given, reason_words(exc)) from None


"""The last good copy of each profile fetched by URL, for when the employer's server cannot be reached.

Kept in the user's cache folder (platformdirs: ~/.cache/rigcheck/profiles on Linux, ~/Library/Caches on
macOS, %LOCALAPPDATA% on Windows). Only a copy that downloaded, matched its pin and validated is kept.
Nothing here may stop a profile from loading: a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

CACHE_ENV = "RIGCHECK_CACHE_DIR"  # overrides the folder (tests, locked-down machines)


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override) / "profiles"
    import platformdirs

    return Path(platformdirs.user_cache_dir("rigcheck", appauthor=False)) / "profiles"


def _paths(url: str) -> tuple[Path, Path]:
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
    folder = cache_dir()
    return folder / f"{key}.toml", folder / f"{key}.json"


def remember(url: str, raw: bytes, *, now: float | None = None) -> None:
    """Keep `raw` as the last good copy of `url` (written whole by rigcheck.writing: never half a profile)."""
    from rigcheck.writing import SaveError, write_file

    body, meta = _paths(url)
    info = {"url": url, "saved_at": now or time.time(), "sha256": hashlib.sha256(raw).hexdigest()}
    try:
        body.parent.mkdir(parents=True, exist_ok=True)
        write_file(body, raw)
        write_file(meta, json.dumps(info).encode())
    except (OSError, SaveError):
        pass  # no cache this time (a full disk leaves no temporary file); the profile itself loaded


class DamagedCopy(Exception):
    """The saved copy exists but cannot be trusted (edited, cut short, impossible dates): not used."""


def last_good(url: str, *, now: float | None = None) -> tuple[bytes, float] | None:
    """(bytes, age in seconds) of the last good copy of `url`, or None when there is none.

    Raises DamagedCopy when there is one that cannot be trusted: a body that is not what was saved,
    metadata that is not JSON, or a time of saving that is not a finite moment in the past.
    """
    body, meta = _paths(url)
    if not body.exists() and not meta.exists():
        return None
    try:
        raw = body.read_bytes()
        info = json.loads(meta.read_text(encoding="utf-8"))
        if not isinstance(info, dict) or info.get("url") != url or info.get("sha256") != hashlib.sha256(raw).hexdigest():
            raise DamagedCopy(url)
        saved_at = info.get("saved_at")
        current = now or time.time()
        if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) or not 0 <= saved_at <= current + 86400:
            raise DamagedCopy(url)  # -1e400 reads as -inf: an age of "inf days" is no age at all
        return raw, max(0.0, current - float(saved_at))
    except (OSError, ValueError, RecursionError):  # unreadable, or not JSON (UnicodeDecodeError is a ValueError)
        raise DamagedCopy(url) from None


def age_words(seconds: float) -> str:
    """"3 days", "5 hours", "12 minutes", "less than a minute"."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"

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
    """Keep `raw` as the last good copy of `url` (written whole: a reader never sees half a profile)."""
    body, meta = _paths(url)
    try:
        body.parent.mkdir(parents=True, exist_ok=True)
        for path, data in ((body, raw), (meta, json.dumps({"url": url, "saved_at": now or time.time(),
                                                           "sha256": hashlib.sha256(raw).hexdigest()}).encode())):
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)
    except OSError:
        pass  # no cache this time; the profile itself loaded


def last_good(url: str, *, now: float | None = None) -> tuple[bytes, float] | None:
    """(bytes, age in seconds) of the last good copy of `url`, or None when there is none (or it is damaged)."""
    body, meta = _paths(url)
    try:
        raw = body.read_bytes()
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("url") != url or info.get("sha256") != hashlib.sha256(raw).hexdigest():
            return None
        return raw, max(0.0, (now or time.time()) - float(info["saved_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def age_words(seconds: float) -> str:
    """"3 days", "5 hours", "12 minutes", "less than a minute"."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"

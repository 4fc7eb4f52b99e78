"""Reports for the employer-side tests: scored by rigcheck itself from the core tests' snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rigcheck.render import render
from rigcheck.scoring import score
from rigcheck.profile import load_profile

from core.snapshots import snapshot

CREATED_AT = "2026-11-27T09:00:00Z"
ANSWERS = {"cordless-phone": "no", "quiet-room": "yes"}


def profile():
    return load_profile("generic-voice")


def report(overrides: dict[str, Any] | None = None, *, applicant: str | None = None, answers=None, **replace):
    return score(snapshot(overrides, **replace), profile(), ANSWERS if answers is None else answers,
                 created_at=CREATED_AT, applicant=applicant)


def write(path: Path, the_report, **edits: Any) -> Path:
    """The report as JSON at `path`; `edits` overwrite top-level fields (an applicant editing the file)."""
    data = json.loads(render(the_report, "json"))
    data.update(edits)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path

"""Access to tests/fixtures/audio (see its SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def audio_listings() -> list[dict[str, Any]]:
    """The labelled real device listings, one dict per listing."""
    return [json.loads(line) for line in fixture_text("audio-listings.jsonl").splitlines() if line.strip()]


def labelled_devices() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(listing, label) for every labelled device."""
    return [(listing, label) for listing in audio_listings() for label in listing["labels"]]

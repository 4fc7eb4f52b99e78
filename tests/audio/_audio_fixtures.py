"""Access to tests/fixtures/audio (see its SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "audio"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


IN_SAMPLE_FILES = ("audio-listings.jsonl", "audio-listings-more.jsonl")
HELD_OUT_FILE = "audio-listings-heldout.jsonl"  # kept apart from rule writing: only bench/audio_classify.py scores it


def _read_listings(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in fixture_text(name).splitlines() if line.strip()]


def audio_listings() -> list[dict[str, Any]]:
    """The labelled real device listings the rules were written against (in-sample), one dict per listing."""
    return [listing for name in IN_SAMPLE_FILES for listing in _read_listings(name)]


def held_out_listings() -> list[dict[str, Any]]:
    """The held-out listings: tests only check that the readers find their devices, never the accuracy."""
    return _read_listings(HELD_OUT_FILE)


def labelled_devices() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(listing, label) for every labelled in-sample device."""
    return [(listing, label) for listing in audio_listings() for label in listing["labels"]]

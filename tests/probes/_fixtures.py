"""Access to the recorded OS outputs in tests/fixtures/os (see its SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from os_captures import decode_capture

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "os"


def fixture_text(relative: str) -> str:
    """A fixture's text; UTF-16 wmic captures are decoded and CRLF normalised."""
    return decode_capture((FIXTURES / relative).read_bytes())


def network_listings() -> list[dict[str, Any]]:
    """The labelled real interface listings (network-listings.jsonl)."""
    lines = (FIXTURES / "network-listings.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def listing(listing_id: str) -> dict[str, Any]:
    return next(item for item in network_listings() if item["id"] == listing_id)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create a fake sysfs-like tree: {"relative/path": "content"}; a value of None makes a directory."""
    for relative, content in files.items():
        path = root / relative
        if content is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    return root

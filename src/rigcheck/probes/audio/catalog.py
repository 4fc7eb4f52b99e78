"""The headset catalog: USB ids and name rules read from catalog.toml (data, every row sourced)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

KINDS: tuple[str, ...] = (
    "usb_headset",
    "analog_headset",
    "bluetooth",
    "wireless",
    "builtin",
    "virtual",
    "display_audio",
    "other_usb",
    "unknown",
)


@dataclass(frozen=True)
class UsbEntry:
    vid: str
    pid: str
    product: str
    kind: str
    headset: bool
    source: str


@dataclass(frozen=True)
class NameRule:
    pattern: re.Pattern[str]
    kind: str
    headset: bool | None  # None: the name decides
    source: str
    note: str


@dataclass(frozen=True)
class Catalog:
    usb: dict[str, UsbEntry]  # "vvvv:pppp" -> entry
    names: tuple[NameRule, ...]
    sources: dict[str, str]

    def lookup_usb(self, usb_id: str | None) -> UsbEntry | None:
        key = normalize_usb_id(usb_id)
        return self.usb.get(key) if key else None

    def match_name(self, text: str) -> tuple[NameRule, re.Match[str]] | None:
        for rule in self.names:
            match = rule.pattern.search(text)
            if match:
                return rule, match
        return None

    def describe_source(self, source: str) -> str:
        return "; ".join(self.sources.get(code.strip(), code.strip()) for code in source.split(","))


_USB_ID = re.compile(r"^(?:0x)?([0-9a-fA-F]{1,4})[:/&_ ]+(?:pid_|0x)?([0-9a-fA-F]{1,4})$")


def normalize_usb_id(usb_id: str | None) -> str | None:
    """'0B0E:245E', '0x0b0e:0x245e', 'VID_0B0E&PID_245E' -> '0b0e:245e'; None when not an id."""
    if not usb_id:
        return None
    text = usb_id.strip().lower().replace("vid_", "")
    match = _USB_ID.match(text)
    if not match:
        return None
    return f"{int(match.group(1), 16):04x}:{int(match.group(2), 16):04x}"


def _expand_pids(pids: list[str]) -> list[str]:
    expanded: list[str] = []
    for item in pids:
        if "-" in item:
            low, high = (int(part, 16) for part in item.split("-", 1))
            expanded.extend(f"{value:04x}" for value in range(low, high + 1))
        else:
            expanded.append(f"{int(item, 16):04x}")
    return expanded


def parse_catalog(data: dict[str, Any]) -> Catalog:
    """Build a Catalog from the parsed TOML; raises ValueError on a malformed row."""
    sources = dict(data.get("sources", {}))
    usb: dict[str, UsbEntry] = {}
    for row in data.get("usb", []):
        kind = row["kind"]
        if kind not in KINDS:
            raise ValueError(f"catalog: unknown kind {kind!r} for {row.get('product')}")
        _check_sources(row["source"], sources)
        vid = f"{int(row['vid'], 16):04x}"
        for pid in _expand_pids(row["pids"]):
            key = f"{vid}:{pid}"
            if key in usb and usb[key].kind != kind:
                raise ValueError(f"catalog: {key} is listed as {usb[key].kind} and as {kind}")
            usb[key] = UsbEntry(vid, pid, row["product"], kind, bool(row["headset"]), row["source"])
    names = []
    for row in data.get("name", []):
        if row["kind"] not in KINDS:
            raise ValueError(f"catalog: unknown kind {row['kind']!r} in name rule {row['pattern']!r}")
        _check_sources(row["source"], sources)
        names.append(
            NameRule(re.compile(row["pattern"], re.IGNORECASE), row["kind"], row.get("headset"), row["source"], row.get("note", ""))
        )
    return Catalog(usb=usb, names=tuple(names), sources=sources)


def _check_sources(source: str, sources: dict[str, str]) -> None:
    for code in source.split(","):
        if code.strip() not in sources:
            raise ValueError(f"catalog: source {code.strip()!r} is not listed in [sources]")


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog shipped inside the package (cached)."""
    text = resources.files("rigcheck.probes.audio").joinpath("catalog.toml").read_text(encoding="utf-8")
    return parse_catalog(tomllib.loads(text))

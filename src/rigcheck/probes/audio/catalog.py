"""The headset catalog: USB ids and name rules read from catalog.toml (data, every row sourced)."""

from __future__ import annotations

import functools
import json
import re
import tomllib
from dataclasses import dataclass, field
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
class ModelName:
    """A product name that says what the product is, with or without its USB id beside it."""

    name: str
    kind: str
    headset: bool
    source: str
    product: str  # the catalog row it comes from, for the evidence


# A cut name must keep this much of the model name ("Poly BT7", "Savi 822") before it is read as one:
# a bare brand ("Jabra") names no model.
MIN_CUT_PREFIX = 8

# How each decision was reached, from the firmest to the weakest (the report shows it per device).
EVIDENCE_BASES: tuple[str, ...] = ("catalog_id", "os_transport", "name_rule", "name_only")


@dataclass(frozen=True)
class Catalog:
    usb: dict[str, UsbEntry]  # "vvvv:pppp" -> entry
    names: tuple[NameRule, ...]
    sources: dict[str, str]
    models: tuple[ModelName, ...] = ()
    localized: dict[str, re.Pattern[str]] = field(default_factory=dict)  # kind -> localized descriptions

    def match_models(self, text: str, *, cut: bool = False) -> list[ModelName]:
        """Models named in `text`; for a cut name also the models `text` is the start of.

        Longest names first, so "Jabra Evolve2 65 Flex" wins over "Jabra Evolve2 65".
        """
        folded = _fold(text)
        found = [model for model in self.models if _contains_word(folded, _fold(model.name))]
        # "Arctis Nova Pro" inside "Arctis Nova Pro Wireless" is not a second reading.
        found = [m for m in found if not any(o is not m and len(o.name) > len(m.name) and _contains_word(_fold(o.name), _fold(m.name)) for o in found)]
        if cut:
            start = _last_words(folded.rstrip())
            if len(start) >= MIN_CUT_PREFIX:
                found += [model for model in self.models if _fold(model.name).startswith(start) and model not in found]
        return sorted(found, key=lambda model: -len(model.name))

    def match_localized(self, text: str) -> tuple[str, str] | None:
        """(kind, matched words) when `text` holds a sound system's localized device description."""
        for kind, pattern in self.localized.items():
            match = pattern.search(text)
            if match:
                return kind, match.group(0)
        return None

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


def _fold(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.casefold()).strip()


def _contains_word(haystack: str, needle: str) -> bool:
    index = haystack.find(needle)
    while index >= 0:
        before = haystack[index - 1] if index else " "
        after = haystack[index + len(needle)] if index + len(needle) < len(haystack) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        index = haystack.find(needle, index + 1)
    return False


def _last_words(text: str) -> str:
    """The part of a cut name that can start a model name: from the brand on ("2- Jabra Evolve2 6" -> "jabra evolve2 6")."""
    return re.sub(r"^.*?\(\s*(\d+\s*-\s*)?", "", text) if "(" in text else re.sub(r"^\d+\s*-\s*", "", text)


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


def parse_catalog(data: dict[str, Any], localized: dict[str, re.Pattern[str]] | None = None) -> Catalog:
    """Build a Catalog from the parsed TOML; raises ValueError on a malformed row."""
    sources = dict(data.get("sources", {}))
    return Catalog(
        usb=_usb_entries(data, sources),
        names=_name_rules(data, sources),
        sources=sources,
        models=_model_names(data, sources),
        localized=dict(localized or {}),
    )


def _usb_entries(data: dict[str, Any], sources: dict[str, str]) -> dict[str, UsbEntry]:
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
    return usb


def _name_rules(data: dict[str, Any], sources: dict[str, str]) -> tuple[NameRule, ...]:
    names = []
    for row in data.get("name", []):
        if row["kind"] not in KINDS:
            raise ValueError(f"catalog: unknown kind {row['kind']!r} in name rule {row['pattern']!r}")
        _check_sources(row["source"], sources)
        names.append(
            NameRule(re.compile(row["pattern"], re.IGNORECASE), row["kind"], row.get("headset"), row["source"], row.get("note", ""))
        )
    return tuple(names)


def _model_names(data: dict[str, Any], sources: dict[str, str]) -> tuple[ModelName, ...]:
    """Model names of the USB rows (already checked there), then the [[model]] rows."""
    models = []
    for row in data.get("usb", []):
        for name in row.get("names", []):
            models.append(ModelName(name, row["kind"], bool(row["headset"]), row["source"], row["product"]))
    for row in data.get("model", []):
        if row["kind"] not in KINDS:
            raise ValueError(f"catalog: unknown kind {row['kind']!r} for model {row.get('product')}")
        _check_sources(row["source"], sources)
        for name in row["names"]:
            models.append(ModelName(name, row["kind"], bool(row["headset"]), row["source"], row["product"]))
    return tuple(models)


def _check_sources(source: str, sources: dict[str, str]) -> None:
    for code in source.split(","):
        if code.strip() not in sources:
            raise ValueError(f"catalog: source {code.strip()!r} is not listed in [sources]")


def localized_patterns(data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    """One pattern per kind from localized_names.json ("Monitor of %s" matches any name after it)."""
    patterns = {}
    for kind, names in data.get("names", {}).items():
        if kind not in KINDS:
            raise ValueError(f"localized names: unknown kind {kind!r}")
        alternatives = sorted((re.escape(name).replace("%s", ".+") for name in names if name.strip()), key=len, reverse=True)
        patterns[kind] = re.compile("|".join(alternatives), re.IGNORECASE)
    return patterns


@functools.lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog shipped inside the package (cached), with the localized device descriptions."""
    package = resources.files("rigcheck.probes.audio")
    text = package.joinpath("catalog.toml").read_text(encoding="utf-8")
    localized = json.loads(package.joinpath("localized_names.json").read_text(encoding="utf-8"))
    return parse_catalog(tomllib.loads(text), localized_patterns(localized))

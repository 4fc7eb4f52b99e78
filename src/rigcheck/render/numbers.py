"""The one way rigcheck writes a number and its unit, in reports, summaries, check messages and the TUI.

rigcheck.render.words fills the figures of a check's message with these too, so a figure reads the same in
the message, the Measured column, the summary and on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rigcheck.i18n import _, ngettext

NOTHING = "—"  # where there is no value to show
# Pixels go unsaid: "1920x1080" already says what it is. Symbols (Mbit/s, ms, %, GiB, GHz) read the same in
# every language rigcheck speaks; counted words are translated (_COUNTED_UNITS).
UNIT_WORDS: dict[str, str] = {"pixels": ""}


def _count_of(count: object) -> int:
    """The count gettext chooses a plural form by: 1 for exactly one, else the whole number (2 for none given)."""
    if isinstance(count, bool) or not isinstance(count, (int, float)):
        return 2
    return 1 if count == 1 else max(int(abs(count)), 2) if count != 0 else 0


_COUNTED_UNITS = {
    "monitors": lambda n: ngettext("monitor", "monitors", n),
    "cores": lambda n: ngettext("core", "cores", n),
    "threads": lambda n: ngettext("thread", "threads", n),
    "packets": lambda n: ngettext("packet", "packets", n),
    "requests": lambda n: ngettext("request", "requests", n),
    "outages": lambda n: ngettext("outage", "outages", n),
    "bytes": lambda n: ngettext("byte", "bytes", n),
}


def unit_words(unit: str, count: object = None) -> str:
    """A unit as it reads after `count`, in the current language: 'monitor' after 1, 'monitors' after 2."""
    if unit in UNIT_WORDS:
        return UNIT_WORDS[unit]
    if unit in _COUNTED_UNITS:
        return _COUNTED_UNITS[unit](_count_of(count))
    return unit


def number_text(value: float | None) -> str:
    """A figure as people read it: 3 significant digits (never fewer than the whole number), no
    trailing zeros, never scientific: 212.5 -> '212', 94.32 -> '94.3', 4.375 -> '4.38', 0.25 -> '0.25'."""
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int) and abs(value) >= 10**15:  # JSON integers have no limit; no float holds this one
        return format(Decimal(value), ".3g")
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def unit_text(unit: str, count: object = None) -> str:
    """The words after a number: ' Mbit/s', ' monitor' after 1, '' for none."""
    words = unit_words(unit, count)
    return f" {words}" if words else ""


def value_text(value: Any, unit: str = "") -> str:
    """A fact or threshold as a person reads it, with its unit; '—' when there is none."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return number_text(value) + unit_text(unit, value)
    if isinstance(value, (list, tuple)):
        text = ", ".join(value_text(item) for item in value)
    elif isinstance(value, Mapping):
        text = str(value["name"]) if "name" in value else ", ".join(f"{key} {value_text(item)}" for key, item in value.items())
    else:
        text = str(value)
    return text + unit_text(unit)

"""The one way rigcheck writes a number and its unit, in reports, summaries, check messages and the TUI.

Scoring words its check messages with these too, so a figure reads the same in the message, the
Measured column, the summary and on screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from rigcheck.profile.fields import unit_for_count

NOTHING = "—"  # where there is no value to show
# How a unit reads after a number, where that is not the unit as declared ("25 Mbit/s", "4 cores").
# Pixels go unsaid: "1920x1080" already says what it is.
UNIT_WORDS: dict[str, str] = {"pixels": ""}


def number_text(value: float | None) -> str:
    """A figure as people read it: 3 significant digits (never fewer than the whole number), no
    trailing zeros, never scientific: 212.5 -> '212', 94.32 -> '94.3', 4.375 -> '4.38', 0.25 -> '0.25'."""
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and abs(value) >= 10**15:  # JSON integers have no limit; no float holds this one
        return format(Decimal(value), ".3g")
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def unit_text(unit: str, count: object = None) -> str:
    """The words after a number: ' Mbit/s', ' monitor' after 1, '' for none."""
    words = UNIT_WORDS.get(unit, unit_for_count(unit, count))
    return f" {words}" if words else ""


def value_text(value: Any, unit: str = "") -> str:
    """A fact or threshold as a person reads it, with its unit; '—' when there is none."""
    if value is None or value == "" or value == [] or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number_text(value) + unit_text(unit, value)
    if isinstance(value, (list, tuple)):
        text = ", ".join(value_text(item) for item in value)
    elif isinstance(value, Mapping):
        text = str(value["name"]) if "name" in value else ", ".join(f"{key} {value_text(item)}" for key, item in value.items())
    else:
        text = str(value)
    return text + unit_text(unit)

"""The `antivirus` probe: does an antivirus protect this computer now, with current definitions? Facts only.

One collector per OS, chosen once (`rigcheck.probes._platform`):
- Windows: Security Center's own API (wscapi.dll, through ctypes): its registered antivirus products, each
  one's state (real-time protection on or not) and signature status; without a product list, its overall
  antivirus health (`windows.py` says what that can tell).
- Linux: ClamAV, the common one: real-time when its on-access scanner (clamonacc) runs, definitions
  current when its daily database is recent; without ClamAV, unsupported (Linux keeps no list of products).
- macOS: XProtect, built into the system and always on; its definition age is not read (None).
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from rigcheck.facts.antivirus import ANTIVIRUS, DEFINITIONS_CURRENT, PRODUCTS, PROTECTED, TOOL
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeSpec


def product(name: str, real_time: bool | None, definitions_current: bool | None) -> dict[str, Any]:
    """One product's entry in the facts."""
    return {"name": name, "real_time": real_time, "definitions_current": definitions_current}


def antivirus_facts(products: Iterable[Mapping[str, Any]], tool: str) -> dict[str, Any]:
    """protected: some product scans in real time; definitions_current: one of those (else of any product) is current."""
    listed = [dict(entry) for entry in products]
    protecting = [entry for entry in listed if entry.get("real_time") is True]
    judged = protecting or listed
    states = [entry.get("definitions_current") for entry in judged]
    current = True if True in states else (False if False in states else None)
    protected: bool | None = bool(protecting) if protecting or all(e.get("real_time") is False for e in listed) else None
    return {PROTECTED.key: protected, DEFINITIONS_CURRENT.key: current, PRODUCTS.key: listed, TOOL.key: tool}


collect = os_collector(__name__, "the antivirus")

PROBE = ProbeSpec.declared(ANTIVIRUS, collect, timeout_s=20.0)

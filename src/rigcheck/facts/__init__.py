"""Every probe and every fact it reports, declared once: the registry of probes.

One module per probe (`facts/memory.py` ...) declares the probe's id, title and facts (key, type,
unit, title, description, a good example). The probe's code (`rigcheck.probes.<id>`), the profile
table (`profile/fields.py`), scoring, the renderers, the TUI and the tests all refer to these
objects, never to string copies. This package imports nothing from the rest of rigcheck, so scoring
and renderers may use it without importing probes. Adding a probe: see CONTRIBUTING.md.
"""

from __future__ import annotations

from rigcheck.facts import (antivirus, audio, backup, browser, connection, cpu, disk, display, firewall, memory, mic, network, power,
                            shift, system, webcam)
from rigcheck.facts._declare import ABSENT, Fact, ProbeFacts

# THE registry. Order is the order of reports and of the TUI's probe list; optional probes run only when named.
PROBES: tuple[ProbeFacts, ...] = (
    system.SYSTEM,
    cpu.CPU,
    memory.MEMORY,
    disk.DISK,
    power.POWER,
    connection.CONNECTION,
    backup.BACKUP,
    network.NETWORK,
    audio.AUDIO,
    webcam.WEBCAM,
    display.DISPLAY,
    firewall.FIREWALL,
    browser.BROWSER,
    antivirus.ANTIVIRUS,
    mic.MIC,
    shift.SHIFT,
)

_BY_ID = {probe.id: probe for probe in PROBES}


def probe_facts(probe_id: str) -> ProbeFacts:
    """The declaration of a registered probe; KeyError for an id the registry does not hold."""
    return _BY_ID[probe_id]


def declared_fact(probe_id: str, key: str) -> Fact | None:
    """The declared fact `key` of `probe_id`, or None (an unknown probe or key, e.g. in a received report)."""
    probe = _BY_ID.get(probe_id)
    return next((fact for fact in probe.facts if fact.key == key), None) if probe else None


def good_facts(*, optional: bool = False) -> dict[str, dict[str, object]]:
    """Every probe's values on a good desk, from the declared examples: the tests' one fixture.

    Probes of a default check only, unless `optional` (the opt-in mic test) is asked for too.
    """
    return {probe.id: probe.example_values() for probe in PROBES if optional or not probe.optional}


__all__ = ["ABSENT", "PROBES", "Fact", "ProbeFacts", "declared_fact", "good_facts", "probe_facts"]

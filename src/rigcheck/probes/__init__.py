"""Probe loader. The registry of probes is `rigcheck.facts.PROBES` (ids, titles, facts); each registered
probe's code lives in its module (`rigcheck.probes.<id>` by default) exposing `PROBE: ProbeSpec`.

Modules are imported lazily, one at a time, so a probe whose module fails to import (a missing
library, a syntax slip) disables only itself: it becomes an error result, never a crash.
"""

from __future__ import annotations

import importlib

from rigcheck.facts import PROBES, probe_facts
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported

# Order is the order of reports and of the TUI's probe list (the registry's order).
PROBE_IDS: tuple[str, ...] = tuple(probe.id for probe in PROBES if not probe.optional)

# Opt-in probes: run only when named (`rigcheck probe mic`), never part of a default check.
OPTIONAL_PROBE_IDS: tuple[str, ...] = tuple(probe.id for probe in PROBES if probe.optional)

PROBE_TITLES: dict[str, str] = {probe.id: probe.title for probe in PROBES}


def load_probe(probe_id: str) -> ProbeSpec:
    """The probe's spec; if its module cannot be imported, a spec whose collect reports why."""
    declaration = probe_facts(probe_id)  # KeyError for an id the registry does not hold
    try:
        module = importlib.import_module(declaration.module_name)
        spec = module.PROBE
        if not isinstance(spec, ProbeSpec) or spec.id != probe_id:
            raise TypeError(f"{declaration.module_name}.PROBE is not the ProbeSpec of {probe_id!r}")
        return spec
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a broken probe must not break the run
        reason = f"probe could not be loaded: {type(exc).__name__}: {exc}"

        def collect(ctx: ProbeContext) -> dict:
            raise ProbeError(reason)

        return ProbeSpec(probe_id, declaration.title, collect, facts=declaration.facts)


def load_probes(probe_ids: list[str] | tuple[str, ...] | None = None) -> list[ProbeSpec]:
    return [load_probe(probe_id) for probe_id in (probe_ids or PROBE_IDS)]


__all__ = ["OPTIONAL_PROBE_IDS", "PROBE_IDS", "PROBE_TITLES", "ProbeContext", "ProbeError", "ProbeSpec", "ProbeUnsupported", "load_probe", "load_probes"]

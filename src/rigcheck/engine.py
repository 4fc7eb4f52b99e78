"""One engine for every front end: the headless CLI and the TUI both call these.

    profile = load_profile("generic-voice")            # rigcheck.profile
    snapshot = collect(["system", "cpu"], probe_options(profile))
    report = score(snapshot, profile, answers)          # pure, rigcheck.scoring
"""

from __future__ import annotations

import threading
from typing import Any, Iterable, Mapping

from rigcheck import entry
from rigcheck.model import Profile, Snapshot
from rigcheck.probes import OPTIONAL_PROBE_IDS, PROBE_IDS, load_probes
from rigcheck.probes.base import EventCallback, ProbeSpec, run_probes


def probe_options(profile: Profile | None, *, server: str | None = None, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Options handed to probes: the LibreSpeed server and STUN servers (CLI overrides profile)."""
    options: dict[str, Any] = {
        "server": server or (profile.network_server if profile else None),
        "stun_servers": list(profile.stun_servers) if profile else [],
    }
    # The network probe listens to the voice path until loss and jitter settle against these.
    for option, key in (("loss_limit_percent", "max_packet_loss_percent"), ("jitter_limit_ms", "max_jitter_ms")):
        requirement = profile.requirement("network", key) if profile else None
        if requirement is not None:
            options[option] = float(requirement.value)
    options.update(extra or {})
    return options


def select_probes(only: Iterable[str] | None = None, skip: Iterable[str] | None = None,
                  wanted_optional: Iterable[str] = ()) -> tuple[list[str], frozenset[str]]:
    """(probes to run, probes skipped) in registry order. Names must already be valid ids.

    `wanted_optional`: opt-in probes to run too (those a profile's requirements read), unless left out
    by --only or --skip; then they count as skipped, so their checks say so instead of "not run". An
    opt-in probe named in `only` runs as well.
    """
    only_set = set(only or ())
    skip_set = set(skip or ())
    wanted = set(wanted_optional) | only_set
    candidates = [*PROBE_IDS, *(p for p in OPTIONAL_PROBE_IDS if p in wanted)]
    selected = [p for p in candidates if (not only_set or p in only_set) and p not in skip_set]
    return selected, frozenset(p for p in candidates if p not in selected)


def optional_probes_needed(profile: Profile) -> list[str]:
    """The opt-in probes a check runs because the profile's requirements read them (the mic, for a room-noise
    limit). The watch's own probe (shift) is never one: only `rigcheck watch` makes its facts."""
    from rigcheck.facts import shift
    from rigcheck.profile.fields import field_for

    read = {field.fact.probe for requirement in profile.requirements
            if (field := field_for(requirement.section, requirement.key)) is not None}
    return [probe for probe in OPTIONAL_PROBE_IDS if probe in read and probe != shift.SHIFT.id]


def collect(
    probe_ids: Iterable[str] | None = None,
    options: Mapping[str, Any] | None = None,
    *,
    specs: Iterable[ProbeSpec] | None = None,
    skipped: frozenset[str] = frozenset(),
    on_event: EventCallback | None = None,
    cancel_event: threading.Event | None = None,
) -> Snapshot:
    """Run probes (the real ones by id, or `specs` given by a test or the TUI) into a snapshot.

    The one way probes are run: `rigcheck check` and `probe` call it with their stderr progress, the TUI's
    run worker with a callback that posts messages and its stop signal (set: every probe ends cancelled).
    """
    probe_specs = list(specs) if specs is not None else load_probes(list(probe_ids) if probe_ids else None)
    results = run_probes(probe_specs, options, on_event=on_event, cancel_event=_StopOnSignal(cancel_event))
    entry.raise_if_stopped()  # a Ctrl+C or SIGTERM whose exception was lost on the way still ends the run here
    return Snapshot(results=results, skipped=skipped)


class _StopOnSignal(threading.Event):
    """The run's stop signal, also set by a SIGINT or SIGTERM that rigcheck.entry's handler received.

    The handler's exception stops the main thread; should it be lost (raised inside a finalizer, which
    Python prints and drops), the probes, which poll this, still stop within a moment.
    """

    def __init__(self, given: threading.Event | None) -> None:
        super().__init__()
        self._given = given

    def is_set(self) -> bool:
        return super().is_set() or entry.stop_signal() is not None or (self._given is not None and self._given.is_set())


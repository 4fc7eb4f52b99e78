"""The `shift` probe: the facts of a watch, read from its log (option "log"). `rigcheck watch` runs it."""

from __future__ import annotations

from typing import Any

from rigcheck.facts.shift import SHIFT
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec, ProbeUnsupported
from rigcheck.watch.log import WatchLogError, read_log
from rigcheck.watch.summary import shift_facts


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """The shift facts of the watch log named by the "log" option."""
    path = ctx.option("log")
    if not path:
        raise ProbeUnsupported("the connection over a shift is measured by `rigcheck watch`")
    try:
        records = read_log(path)
    except WatchLogError as exc:
        raise ProbeError(str(exc)) from exc
    return shift_facts(records)


PROBE = ProbeSpec(id=SHIFT.id, title=SHIFT.title, collect=collect, timeout_s=60.0, facts=SHIFT.facts)

"""`rigcheck probe` as text: each probe's state, then every fact as it was collected, with its unit.

Values are shown as the probe returned them (no rounding): this is the raw view, before any judgement.
Units come from each fact's declaration in rigcheck.facts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from rigcheck.facts import declared_fact
from rigcheck.model import ProbeResult

MAX_STRUCTURE_CHARS = 200  # a list or table of facts (devices, monitors) is cut here, on one line


def render(results: Mapping[str, ProbeResult]) -> str:
    lines = []
    for probe_id, result in results.items():
        head = f"{probe_id}: {result.status} in {result.duration_s:.2f} s"
        lines.append(head + (f" — {result.error}" if result.error else ""))
        for key, value in result.values.items():
            if isinstance(value, (list, dict)):
                value = json.dumps(value, ensure_ascii=False)
                value = value if len(value) <= MAX_STRUCTURE_CHARS else value[: MAX_STRUCTURE_CHARS - 3] + "..."
            fact = declared_fact(probe_id, key)
            unit = fact.unit if fact is not None else ""
            lines.append(f"  {key:<28} {value}{' ' + unit if unit and value is not None else ''}")
        # How it ended and what else it noticed: fields of the result, shown where they were facts before.
        if result.partial:
            lines.append(f"  {'(partial)':<28} only what was measured before it stopped")
        if result.cancelled:
            lines.append(f"  {'(cancelled)':<28} stopped by the user")
        lines.extend(f"  {'(note)':<28} {note}" for note in result.notes)
    return "\n".join(lines) + "\n"

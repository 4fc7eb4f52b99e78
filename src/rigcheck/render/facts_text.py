"""`rigcheck probe` as text: each probe's state, then every fact as it was collected, with its unit.

Values are shown as the probe returned them (no rounding): this is the raw view, before any judgement.
Units come from each fact's declaration in rigcheck.facts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from rigcheck.facts import declared_fact
from rigcheck.i18n import N_, _
from rigcheck.model import ProbeResult

MAX_STRUCTURE_CHARS = 200  # a list or table of facts (devices, monitors) is cut here, on one line
# How a probe ended, in words (the status code stays in the JSON form).
ENDINGS = {"ok": N_("done"), "unsupported": N_("this computer does not tell"), "error": N_("could not finish"),
           "timeout": N_("took too long and was stopped")}


def render(results: Mapping[str, ProbeResult]) -> str:
    lines = []
    for probe_id, result in results.items():
        ending = _(ENDINGS[result.status]) if result.status in ENDINGS else str(result.status)
        head = _("%(probe)s: %(ending)s in %(seconds)s s") % {"probe": probe_id, "ending": ending,
                                                             "seconds": f"{result.duration_s:.2f}"}
        # The probe's own error stays as it said it: a technical detail for whoever reads raw facts.
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
            label, said = "(" + _("partial") + ")", _("only what was measured before it stopped")
            lines.append(f"  {label:<28} {said}")
        if result.cancelled:
            label, said = "(" + _("cancelled") + ")", _("stopped by the user")
            lines.append(f"  {label:<28} {said}")
        note_label = "(" + _("note") + ")"
        lines.extend(f"  {note_label:<28} {note}" for note in result.notes)
    return "\n".join(lines) + "\n"

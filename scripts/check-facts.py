#!/usr/bin/env python3
"""Check a rigcheck JSON report against the facts contract of the local probes.

    python scripts/check-facts.py report.json      (or - for stdin)

Every local probe (all but `network`, which needs the internet) must be in the report's facts with
status `ok` or `unsupported` - never `error` or `timeout` - and an `ok` probe must carry exactly the
facts it declares (`ProbeSpec.facts`, the one place the contract is written down). CI runs this after
`rigcheck check --skip network --format json` on Linux, Windows and macOS. Exit 0 when the report
keeps the contract, 1 with one line per breach, 2 when the file is not a rigcheck report.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Mapping

NEEDS_INTERNET = ("network",)


def contract_breaches(report: Mapping[str, Any]) -> list[str]:
    """One message per breach of the facts contract; empty when the report keeps it."""
    from rigcheck.probes import PROBE_IDS, load_probe

    facts = report.get("facts")
    if not isinstance(facts, Mapping):
        return ["the report has no facts object"]
    breaches = []
    for probe_id in PROBE_IDS:
        if probe_id in NEEDS_INTERNET:
            continue
        result = facts.get(probe_id)
        if not isinstance(result, Mapping):
            breaches.append(f"{probe_id}: missing from the report's facts")
            continue
        status, error = result.get("status"), result.get("error")
        if status not in ("ok", "unsupported"):
            breaches.append(f"{probe_id}: status {status} ({error or 'no reason given'})")
            continue
        if status == "ok":
            declared = {fact.key for fact in load_probe(probe_id).facts}
            values = set(result.get("values") or {})
            if values != declared:
                missing, extra = sorted(declared - values), sorted(values - declared)
                breaches.append(f"{probe_id}: facts differ from the declared ones (missing {missing}, undeclared {extra})")
    return breaches


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        if argv[0] == "-":
            text = sys.stdin.read()
        else:
            with open(argv[0], encoding="utf-8-sig") as handle:
                text = handle.read()
        report = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"check-facts: {argv[0]} is not a readable JSON report: {exc}", file=sys.stderr)
        return 2
    if not isinstance(report, dict) or report.get("schema") != "rigcheck.report/1":
        print(f"check-facts: {argv[0]} is not a rigcheck.report/1 report", file=sys.stderr)
        return 2
    breaches = contract_breaches(report)
    for breach in breaches:
        print(f"check-facts: {breach}", file=sys.stderr)
    if not breaches:
        statuses = ", ".join(f"{probe} {result['status']}" for probe, result in report["facts"].items())
        print(f"check-facts: facts contract kept ({statuses})")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

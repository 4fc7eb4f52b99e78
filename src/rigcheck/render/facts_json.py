"""`rigcheck probe --format json`: the `facts` object of a report, {probe: {status, duration_s, error, values}}."""

from __future__ import annotations

import json
from collections.abc import Mapping

from rigcheck.model import ProbeResult


def render(results: Mapping[str, ProbeResult]) -> str:
    return json.dumps({probe: result.to_dict() for probe, result in results.items()}, indent=2, ensure_ascii=False) + "\n"

"""`report summarize --format json`: the aggregates and one row per report (schema rigcheck.summary/1)."""

from __future__ import annotations

import json

from rigcheck.render.summary_common import summary_dict
from rigcheck.summary import Summary


def render(summary: Summary) -> str:
    return json.dumps(summary_dict(summary), indent=2, ensure_ascii=False) + "\n"

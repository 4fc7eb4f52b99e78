"""`report summarize --format json`: the aggregates and one row per report (schema rigcheck.summary/1)."""

from __future__ import annotations

import json

from rigcheck.render.summary_common import summary_dict
from rigcheck.summary import Summary

try:
    from orjson import OPT_INDENT_2
    from orjson import dumps as _orjson_dumps
except ImportError:  # the json module writes the same data, slower on 100,000 rows
    _orjson_dumps = None


def render(summary: Summary) -> str:
    data = summary_dict(summary)
    if _orjson_dumps is not None:
        return _orjson_dumps(data, option=OPT_INDENT_2).decode("utf-8") + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

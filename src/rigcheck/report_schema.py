"""The JSON Schema (draft 2020-12) of a report, `rigcheck.report/1`, generated from its one declaration.

What a report holds is declared once, as the msgspec structs of rigcheck.report_shape that every reader checks a
received report against; `msgspec.json.schema` turns them into the JSON Schema `rigcheck report schema` prints
and `schemas/report-1.schema.json` holds (scripts/write_report_schema.py writes it; a test checks it is current).
"""

from __future__ import annotations

from typing import Any

import msgspec

from rigcheck.report_shape import ReportShape

SCHEMA_ID = "https://rigcheck.invalid/schema/report-1.json"


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of a report, from rigcheck.report_shape.ReportShape."""
    generated = msgspec.json.schema(ReportShape)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, "title": "rigcheck report",
            **generated}

"""Write schemas/report-1.schema.json from the report's one declaration (rigcheck.report_shape).

Run after changing rigcheck/report_shape.py: `python scripts/write_report_schema.py`. The test
tests/employer/test_report_schema.py fails while the committed file differs from what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from rigcheck.report_schema import report_json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "report-1.schema.json"


def schema_text() -> str:
    """The schema file's content: what `rigcheck report schema` prints."""
    return json.dumps(report_json_schema(), indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")

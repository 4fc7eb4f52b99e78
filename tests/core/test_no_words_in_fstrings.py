"""No message is marked inside an f-string: Babel's extractor does not look inside them, so such a message
never reaches the catalog and an applicant reads it in English whatever their language."""

from __future__ import annotations

import ast
from pathlib import Path

import rigcheck

SOURCE = Path(rigcheck.__file__).parent
MARKERS = {"_", "N_", "ngettext"}


def calls_inside_fstrings(source: str) -> list[tuple[int, str]]:
    """(line, call) of each `_()`, `N_()` or `ngettext()` call inside an f-string of `source`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in MARKERS:
                    found.append((sub.lineno, ast.get_source_segment(source, sub) or sub.func.id))
    return found


def test_the_check_finds_a_marked_call_inside_an_fstring() -> None:
    assert calls_inside_fstrings('x = f"{_(\'Status\')} |"\n') == [(1, "_('Status')")]
    assert calls_inside_fstrings('x = f"a {ngettext(\'a\', \'b\', n)}"\n')
    assert calls_inside_fstrings('label = _("Status")\nx = f"{label} |"\n') == []


def test_no_message_is_marked_inside_an_fstring() -> None:
    offenders = [f"{path.relative_to(SOURCE.parent)}:{line}: {call}"
                 for path in sorted(SOURCE.rglob("*.py"))
                 for line, call in calls_inside_fstrings(path.read_text(encoding="utf-8"))]
    assert offenders == [], "move these out of their f-strings (Babel never extracts them):\n" + "\n".join(offenders)

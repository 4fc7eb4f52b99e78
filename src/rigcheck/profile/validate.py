"""Strict profile validation that reports every problem as `file:line: key: message`.

Parsing is tomllib; structure, types and ranges are checked by jsonschema against the schema in
fields.py; this module turns jsonschema's errors into plain sentences with "did you mean", and finds
the line of each key with a small scan of the TOML text (tomllib keeps no positions).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from typing import Any, Iterable

import jsonschema

from rigcheck.i18n import _
from rigcheck.model import MAX_NESTING_DEPTH, Profile, Question, Requirement, path_beyond_depth
from rigcheck.profile.fields import (
    OS_FAMILIES,
    REQUIREMENT_FIELDS,
    SECTIONS,
    SETTING_SCHEMAS,
    TOP_LEVEL_SCHEMAS,
    QUESTION_SCHEMA,
    fields_of,
    profile_json_schema,
)

MAX_PROFILE_BYTES = 1024 * 1024

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    key: str  # dotted path, e.g. "network.min_download_mbps" or "question[2].text"; "" for the file
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key or '(file)'}: {self.message}"


class ProfileError(Exception):
    """A profile could not be loaded or is invalid. `problems` lists each one with its line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def format_key(path: Path) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"  # humans count questions from 1
        else:
            text += f".{part}" if text else str(part)
    return text


# ---------------------------------------------------------------------------------------------
# Where is each key? A line scanner good enough for the TOML people write by hand.

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY_LINE = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_INLINE_KEY = re.compile(r"""([A-Za-z0-9_-]+)\s*=""")


def _split_dotted(key: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", key)
    return [part.strip("\"'") for part in parts]


def _header_table(header: re.Match[str], array_counts: dict[tuple[str, ...], int], lines: dict[Path, int], number: int) -> Path:
    """The table a `[table]` or `[[array]]` header opens (an array's entries are counted); its lines recorded."""
    names = tuple(_split_dotted(header.group(2)))
    table: Path = names
    if header.group(1) == "[[":
        index = array_counts.get(names, 0)
        array_counts[names] = index + 1
        lines.setdefault(names, number)
        table = (*names, index)
    lines.setdefault(table, number)
    return table


def key_lines(text: str) -> dict[Path, int]:
    """Map each key path (and table header) to the 1-based line that defines it."""
    lines: dict[Path, int] = {}
    table: Path = ()
    array_counts: dict[tuple[str, ...], int] = {}
    in_multiline: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        header = _HEADER.match(line)
        if header:
            table = _header_table(header, array_counts, lines, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            path = (*table, *_split_dotted(key.group(1)))
            lines.setdefault(path, number)
            rest = line[key.end():]
            if rest.lstrip().startswith("{"):
                for inline in _INLINE_KEY.finditer(rest):
                    lines.setdefault((*path, inline.group(1)), number)
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of `path`, or of its nearest ancestor that has one; 1 when nothing matches."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


# ---------------------------------------------------------------------------------------------
# Messages

def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


_TYPE_WORDS = {"number": "a number", "integer": "a whole number", "string": "text (in quotes)",
               "boolean": "true or false", "array": "a list", "object": "a table"}


def _allowed_keys(path: Path) -> list[str]:
    if not path:
        return [*TOP_LEVEL_SCHEMAS, *SECTIONS, "question"]
    if path[0] == "question":
        return list(QUESTION_SCHEMA["properties"])
    if len(path) == 1 and path[0] in SECTIONS:
        return [field.key for field in fields_of(path[0])] + list(SETTING_SCHEMAS.get(path[0], {}))
    return ["value", "level", "hint"]


def _unknown_key_message(path: Path, key: str) -> str:
    allowed = _allowed_keys(path)
    suggestion = _did_you_mean(key, allowed)
    if len(path) == 1 and path[0] in SECTIONS:
        for field in REQUIREMENT_FIELDS:
            if field.key == key and field.section != path[0]:
                return f'unknown key "{key}" in [{path[0]}]; "{key}" belongs in [{field.section}]'
    where = (f"[{format_key(path)}]" if isinstance(path[-1], str) else format_key(path)) if path else "the top level"
    if not path:
        what = "section" if key not in TOP_LEVEL_SCHEMAS else "key"
        return f'unknown {what} "{key}"{suggestion}; allowed here: {", ".join(allowed)}'
    return f'unknown key "{key}" in {where}{suggestion}; allowed: {", ".join(allowed)}'


_BOUND_WORDS = {"minimum": "at least", "exclusiveMinimum": "more than", "maximum": "at most", "exclusiveMaximum": "less than"}
_FIXED_MESSAGES = {"minLength": "must not be empty", "minItems": "must list at least one entry"}


def _describe(error: jsonschema.ValidationError) -> list[tuple[Path, str]]:
    """Plain-language (path, message) pairs for one jsonschema error."""
    path: Path = tuple(error.absolute_path)
    value = error.instance
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties":
        return _unknown_keys(path, value, schema)
    if validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return [(path, f'missing required key "{name}"') for name in missing] or [(path, error.message)]
    if validator == "anyOf":
        return _describe_any_of(error, path, value, schema)
    if validator == "type":
        return [(path, f"must be {_type_words(schema.get('type'))}, not {_json_type(value)} ({_short(value)})")]
    if validator in _BOUND_WORDS:
        return [(path, f"must be {_BOUND_WORDS[str(validator)]} {schema[validator]:g}, not {_short(value)}")]
    if validator == "enum":
        options = schema["enum"]
        hint = _did_you_mean(str(value), [str(option) for option in options])
        return [(path, f"must be one of {', '.join(_short(o) for o in options)}, not {_short(value)}{hint}")]
    if validator == "const":
        return [(path, _const_message(path, value, schema["const"]))]
    if validator == "pattern":
        return [(path, _pattern_message(path, value))]
    return [(path, _FIXED_MESSAGES.get(str(validator), error.message))]


def _unknown_keys(path: Path, value: Any, schema: dict[str, Any]) -> list[tuple[Path, str]]:
    allowed = set(schema.get("properties", {}))
    extras = [key for key in value if key not in allowed]
    return [((*path, key), _unknown_key_message(path, key)) for key in extras]


def _describe_any_of(
    error: jsonschema.ValidationError, path: Path, value: Any, schema: dict[str, Any]
) -> list[tuple[Path, str]]:
    # e.g. requirement = bare value | { value, level, hint }: explain against the branch the user meant.
    branch = _branch_for(value, schema["anyOf"])
    if branch is not None:
        branch_errors = [e for e in error.context if e.relative_schema_path[0] == branch]
        if branch_errors:
            return [item for sub in branch_errors for item in _describe(sub)]
    return [(path, f"has the wrong form ({_json_type(value)} {_short(value)})")]


def _type_words(wanted: Any) -> str:
    return _TYPE_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else str(wanted)


def _const_message(path: Path, value: Any, const: Any) -> str:
    if path == ("schema",):
        return f"unsupported profile schema {_short(value)}; this rigcheck reads schema {const}"
    return f"must be {_short(const)}"


def _branch_kinds(branch: dict[str, Any]) -> set[str]:
    """Which kinds of value ("table", "list", "scalar") a schema branch is written for."""
    if "anyOf" in branch:
        return set().union(*(_branch_kinds(sub) for sub in branch["anyOf"]))
    if "properties" in branch or branch.get("type") == "object":
        return {"table"}
    if "items" in branch or branch.get("type") == "array":
        return {"list"}
    return {"scalar"}


def _branch_for(value: Any, branches: list[dict[str, Any]]) -> int | None:
    """Which anyOf branch a value was meant for: tables go to the table form, lists to the list form."""
    kind = "table" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"
    for index, branch in enumerate(branches):
        if kind in _branch_kinds(branch):
            return index
    return None


def _short(value: Any) -> str:
    if isinstance(value, (list, dict)):
        return "[…]" if isinstance(value, list) else "{…}"
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 40 else f'"{value[:37]}..."'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _pattern_message(path: Path, value: Any) -> str:
    key = next((part for part in reversed(path) if isinstance(part, str) and part != "value"), "")
    if key == "os":
        return f'{_short(value)} is not an OS rule; write e.g. "windows >= 10" (names: {", ".join(OS_FAMILIES)})'
    if key == "min_resolution":
        return f'{_short(value)} is not a resolution; write "WIDTHxHEIGHT", e.g. "1920x1080"'
    if key == "allowed_countries":
        return f'{_short(value)} is not an ISO 3166 country code; write two capital letters, e.g. "US"'
    if key == "stun":
        return f'{_short(value)} is not "host:port"'
    if key == "server":
        return f'{_short(value)} is not a URL; write "https://speed.example.com/backend/"'
    if key == "id":
        return f"{_short(value)} is not a valid id; use lowercase letters, digits, '-', '_' or '.'"
    return f"{_short(value)} has the wrong format"


def _semantic_problems(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """Checks a schema cannot express: NaN, OS names, duplicate question ids."""
    return [*_nan_problems(data, ()), *_os_family_problems(data.get("computer")),
            *_duplicate_question_problems(data.get("question"))]


def _nan_problems(value: Any, path: Path) -> list[tuple[Path, str]]:
    if isinstance(value, float) and value != value:
        return [(path, "must be a number, not nan")]
    if isinstance(value, dict):
        return [problem for key, item in value.items() for problem in _nan_problems(item, (*path, key))]
    if isinstance(value, list):
        return [problem for index, item in enumerate(value) for problem in _nan_problems(item, (*path, index))]
    return []


def _os_family_problems(computer: Any) -> list[tuple[Path, str]]:
    """Each `computer.os` rule whose OS name rigcheck does not know."""
    if not isinstance(computer, dict) or "os" not in computer:
        return []
    raw = computer["os"]
    base: Path = ("computer", "os")
    if isinstance(raw, dict):
        raw, base = raw.get("value"), (*base, "value")
    entries = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    problems: list[tuple[Path, str]] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        match = re.match(r"^\s*([A-Za-z]+)", entry)
        family = match.group(1).lower() if match else ""
        if family and family not in OS_FAMILIES:
            path = base if isinstance(computer["os"], str) else (*base, index)
            problems.append((path, f'unknown operating system "{family}"{_did_you_mean(family, OS_FAMILIES)}; '
                                   f'known: {", ".join(OS_FAMILIES)}'))
    return problems


def _duplicate_question_problems(questions: Any) -> list[tuple[Path, str]]:
    if not isinstance(questions, list):
        return []
    problems: list[tuple[Path, str]] = []
    seen: dict[str, int] = {}
    for index, question in enumerate(questions):
        if isinstance(question, dict) and isinstance(question.get("id"), str):
            if question["id"] in seen:
                problems.append(((("question", index, "id")),
                                 f'duplicate question id "{question["id"]}" (also question[{seen[question["id"]] + 1}])'))
            seen.setdefault(question["id"], index)
    return problems


_TOO_DEEP = f"tables or lists are nested more than {MAX_NESTING_DEPTH} levels deep (a profile needs three)"

_VALIDATOR = jsonschema.Draft202012Validator(profile_json_schema())


def decode_profile_bytes(raw: bytes, filename: str) -> str:
    """The profile's text, or ProfileError for oversized, empty or binary content."""
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError([Problem(filename, 1, "", f"file is larger than {MAX_PROFILE_BYTES // 1024} KiB; a profile is a small text file")])
    if not raw.strip():
        raise ProfileError([Problem(filename, 1, "", "file is empty; a profile needs at least schema, id and name")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode"
        raise ProfileError([Problem(filename, 1, "", "file is UTF-16 text; save it as UTF-8")])
    if b"\x00" in raw:
        raise ProfileError([Problem(filename, 1, "", "file is binary, not a TOML text profile")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError([Problem(filename, line, "", "file is not UTF-8 text (is it a TOML profile?)")]) from exc


def parse_profile_text(text: str, filename: str, *, source: str = "", sha256: str = "") -> Profile:
    """Validate a profile's TOML text and build the Profile; ProfileError lists every problem."""
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses into inline tables and arrays
        raise ProfileError([Problem(filename, 1, "", f"{_TOO_DEEP}; rigcheck cannot read it")]) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else 1
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        where = f" (column {found.group(2)})" if found else ""
        raise ProfileError([Problem(filename, line, "", f"not valid TOML: {detail}{where}")]) from None
    except ValueError:  # an integer of thousands of digits: past the limit of Python's int() (not a TOMLDecodeError)
        found_digits = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, found_digits.start()) + 1 if found_digits else 1
        raise ProfileError([Problem(filename, line, "", _("a number here has more digits than any setting can mean"))]) from None
    lines = key_lines(text)
    too_deep = path_beyond_depth(data)
    if too_deep is not None:  # before any recursive walk (jsonschema, find_nan) meets it
        line = min((number for path, number in lines.items() if path[: len(too_deep)] == too_deep), default=line_of(lines, too_deep))
        raise ProfileError([Problem(filename, line, format_key(too_deep[:1]), _TOO_DEEP)])
    found_problems: list[tuple[Path, str]] = []
    for error in sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        found_problems.extend(_describe(error))
    found_problems.extend(_semantic_problems(data))
    if found_problems:
        problems = [Problem(filename, line_of(lines, path), format_key(path), message) for path, message in found_problems]
        unique = list(dict.fromkeys(problems))
        raise ProfileError(sorted(unique, key=lambda p: (p.line, p.key)))
    return build_profile(data, source=source or filename, sha256=sha256)


def build_profile(data: dict[str, Any], *, source: str, sha256: str) -> Profile:
    """Turn validated TOML data into the immutable Profile."""
    requirements: list[Requirement] = []
    for field in REQUIREMENT_FIELDS:
        section = data.get(field.section) or {}
        if field.key not in section:
            continue
        raw = section[field.key]
        if isinstance(raw, dict):
            value, level, hint = raw["value"], raw.get("level", "required"), raw.get("hint")
        else:
            value, level, hint = raw, "required", None
        if field.key == "os" and isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            value = tuple(value)
        requirements.append(Requirement(field.section, field.key, value, level, hint))
    questions = tuple(
        Question(id=q["id"], text=q["text"], fail_if=q["fail_if"], level=q.get("level", "required"), hint=q.get("hint"))
        for q in data.get("question", [])
    )
    network = data.get("network") or {}
    return Profile(
        id=data["id"],
        name=data["name"],
        version=str(data.get("version", "")),
        publisher=data.get("publisher", ""),
        contact=data.get("contact", ""),
        description=data.get("description", ""),
        sha256=sha256,
        source=source,
        requirements=tuple(requirements),
        questions=questions,
        network_server=network.get("server"),
        stun_servers=tuple(network.get("stun", ())),
        headset_evidence=(data.get("audio") or {}).get("headset_evidence"),
    )

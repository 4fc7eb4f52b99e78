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
from typing import Any, Iterable, Mapping

import jsonschema

from rigcheck.i18n import DEFAULT_LANGUAGE, N_, _
from rigcheck.model import MAX_NESTING_DEPTH, Phrase, Profile, Question, Requirement, path_beyond_depth
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
    line: int  # 1-based; 0 when the problem is the reference itself (no such bundled id, no file)
    key: str  # dotted path, e.g. "network.min_download_mbps" or "question[2].text"; "" for the file
    message: str
    warning: bool = False  # the profile is usable; this is worth fixing before it is published

    def __str__(self) -> str:
        if not self.line:
            return f"{self.file}: {self.message}"
        what = _("warning: %(message)s") % {"message": self.message} if self.warning else self.message
        return f"{self.file}:{self.line}: {self.key or _('(file)')}: {what}"


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
    return _(' (did you mean "%(suggestion)s"?)') % {"suggestion": matches[0]} if matches else ""


def _json_type(value: Any) -> str:
    """What a value is, in the words of _TYPE_WORDS (2.5 is "a number with a fraction" beside "a whole number")."""
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, float):
        return _("a whole number") if value.is_integer() else _("a number with a fraction")
    if isinstance(value, int):
        return _("a whole number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return type(value).__name__


_TYPE_WORDS = {"number": N_("a number"), "integer": N_("a whole number"), "string": N_("text (in quotes)"),
               "boolean": N_("true or false"), "array": N_("a list"), "object": N_("a table")}


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
                return (_('unknown key "%(key)s" in [%(section)s]; "%(key)s" belongs in [%(right)s]')
                        % {"key": key, "section": path[0], "right": field.section})
    words = {"key": key, "suggestion": suggestion, "allowed": ", ".join(allowed)}
    if not path:
        if key in TOP_LEVEL_SCHEMAS:
            return _('unknown key "%(key)s"%(suggestion)s; allowed here: %(allowed)s') % words
        return _('unknown section "%(key)s"%(suggestion)s; allowed here: %(allowed)s') % words
    where = f"[{format_key(path)}]" if isinstance(path[-1], str) else format_key(path)
    return _('unknown key "%(key)s" in %(where)s%(suggestion)s; allowed: %(allowed)s') % {**words, "where": where}


_BOUND_WORDS = {"minimum": N_("must be at least %(bound)s, not %(value)s"),
                "exclusiveMinimum": N_("must be more than %(bound)s, not %(value)s"),
                "maximum": N_("must be at most %(bound)s, not %(value)s"),
                "exclusiveMaximum": N_("must be less than %(bound)s, not %(value)s")}
_FIXED_MESSAGES = {"minLength": N_("must not be empty"), "minItems": N_("must list at least one entry")}


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
        return [(path, _('missing required key "%(key)s"') % {"key": name}) for name in missing] or [(path, error.message)]
    if validator == "anyOf":
        return _describe_any_of(error, path, value, schema)
    if validator == "type":
        return [(path, _("must be %(wanted)s, not %(found)s (%(value)s)")
                 % {"wanted": _type_words(schema.get("type")), "found": _json_type(value), "value": _short(value)})]
    if validator in _BOUND_WORDS:
        return [(path, _(_BOUND_WORDS[str(validator)]) % {"bound": f"{schema[validator]:g}", "value": _short(value)})]
    if validator == "enum":
        options = schema["enum"]
        hint = _did_you_mean(str(value), [str(option) for option in options])
        return [(path, _("must be one of %(options)s, not %(value)s%(hint)s")
                 % {"options": ", ".join(_short(o) for o in options), "value": _short(value), "hint": hint})]
    if validator == "const":
        return [(path, _const_message(path, value, schema["const"]))]
    if validator == "pattern":
        return [(path, _pattern_message(path, value))]
    fixed = _FIXED_MESSAGES.get(str(validator))
    return [(path, _(fixed) if fixed else error.message)]


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
    return [(path, _("has the wrong form (%(kind)s %(value)s)") % {"kind": _json_type(value), "value": _short(value)})]


def _type_words(wanted: Any) -> str:
    if isinstance(wanted, str) and wanted in _TYPE_WORDS:
        return _(_TYPE_WORDS[wanted])
    return str(wanted)


def _const_message(path: Path, value: Any, const: Any) -> str:
    if path == ("schema",):
        return _("unsupported profile schema %(value)s; this rigcheck reads schema %(schema)s") % {"value": _short(value), "schema": const}
    return _("must be %(value)s") % {"value": _short(const)}


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
    words = {"value": _short(value)}
    if key == "os":
        return _('%(value)s is not an OS rule; write e.g. "windows >= 10" (names: %(names)s)') % {**words, "names": ", ".join(OS_FAMILIES)}
    if key == "min_resolution":
        return _('%(value)s is not a resolution; write "WIDTHxHEIGHT", e.g. "1920x1080"') % words
    if key == "allowed_countries":
        return _('%(value)s is not an ISO 3166 country code; write two capital letters, e.g. "US"') % words
    if key == "stun":
        return _('%(value)s is not "host:port"') % words
    if key == "server":
        return _('%(value)s is not a URL; write "https://speed.example.com/backend/"') % words
    if key == "id":
        return _("%(value)s is not a valid id; use lowercase letters, digits, '-', '_' or '.'") % words
    return _("%(value)s has the wrong format") % words


def _semantic_problems(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """Checks a schema cannot express: NaN, OS names, duplicate or built-in question ids."""
    return [*_nan_problems(data, ()), *_os_family_problems(data.get("computer")),
            *_duplicate_question_problems(data.get("question")), *_builtin_question_problems(data.get("question"))]


def _nan_problems(value: Any, path: Path) -> list[tuple[Path, str]]:
    if isinstance(value, float) and value != value:
        return [(path, _("must be a number, not nan"))]
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
            problems.append((path, _('unknown operating system "%(name)s"%(suggestion)s; known: %(known)s')
                             % {"name": family, "suggestion": _did_you_mean(family, OS_FAMILIES), "known": ", ".join(OS_FAMILIES)}))
    return problems


def _duplicate_question_problems(questions: Any) -> list[tuple[Path, str]]:
    if not isinstance(questions, list):
        return []
    problems: list[tuple[Path, str]] = []
    seen: dict[str, int] = {}
    for index, question in enumerate(questions):
        if isinstance(question, dict) and isinstance(question.get("id"), str):
            if question["id"] in seen:
                problems.append(((("question", index, "id")), _('duplicate question id "%(id)s" (also question[%(other)d])')
                                 % {"id": question["id"], "other": seen[question["id"]] + 1}))
            seen.setdefault(question["id"], index)
    return problems


def _builtin_question_problems(questions: Any) -> list[tuple[Path, str]]:
    """A profile question may not take the id of a question rigcheck asks itself: one answer would settle both."""
    from rigcheck.scoring import DERIVED_QUESTION_IDS  # here: scoring imports the profile package

    if not isinstance(questions, list):
        return []
    return [(("question", index, "id"),
             _('"%(id)s" is the id of a question rigcheck asks itself (one answer would settle both); '
               "choose another id (reserved: %(reserved)s)") % {"id": question["id"], "reserved": ", ".join(DERIVED_QUESTION_IDS)})
            for index, question in enumerate(questions)
            if isinstance(question, dict) and question.get("id") in DERIVED_QUESTION_IDS]


_TOO_DEEP = N_("tables or lists are nested more than %(depth)d levels deep (a profile needs three)")

_VALIDATOR = jsonschema.Draft202012Validator(profile_json_schema())


def _too_deep() -> str:
    return _(_TOO_DEEP) % {"depth": MAX_NESTING_DEPTH}


def decode_profile_bytes(raw: bytes, filename: str) -> str:
    """The profile's text, or ProfileError for oversized, empty or binary content."""
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError([Problem(filename, 1, "", _("file is larger than %(kib)d KiB; a profile is a small text file")
                                    % {"kib": MAX_PROFILE_BYTES // 1024})])
    if not raw.strip():
        raise ProfileError([Problem(filename, 1, "", _("file is empty; a profile needs at least schema, id and name"))])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode"
        raise ProfileError([Problem(filename, 1, "", _("file is UTF-16 text; save it as UTF-8"))])
    if b"\x00" in raw:
        raise ProfileError([Problem(filename, 1, "", _("file is binary, not a TOML text profile"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ProfileError([Problem(filename, line, "", _("file is not UTF-8 text (is it a TOML profile?)"))]) from exc


def parse_profile_text(text: str, filename: str, *, source: str = "", sha256: str = "") -> Profile:
    """Validate a profile's TOML text and build the Profile; ProfileError lists every problem."""
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses into inline tables and arrays
        raise ProfileError([Problem(filename, 1, "", _("%(problem)s; rigcheck cannot read it") % {"problem": _too_deep()})]) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(found.group(1)) if found else 1
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        where = _(" (column %(column)s)") % {"column": found.group(2)} if found else ""
        raise ProfileError([Problem(filename, line, "", _("not valid TOML: %(detail)s%(where)s") % {"detail": detail, "where": where})]) from None
    except ValueError:  # an integer of thousands of digits: past the limit of Python's int() (not a TOMLDecodeError)
        found_digits = re.search(r"\d{4000,}", text)
        line = text.count("\n", 0, found_digits.start()) + 1 if found_digits else 1
        raise ProfileError([Problem(filename, line, "", _("a number here has more digits than any setting can mean"))]) from None
    lines = key_lines(text)
    too_deep = path_beyond_depth(data)
    if too_deep is not None:  # before any recursive walk (jsonschema, find_nan) meets it
        line = min((number for path, number in lines.items() if path[: len(too_deep)] == too_deep), default=line_of(lines, too_deep))
        raise ProfileError([Problem(filename, line, format_key(too_deep[:1]), _too_deep())])
    found_problems: list[tuple[Path, str]] = []
    for error in sorted(_VALIDATOR.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        found_problems.extend(_describe(error))
    found_problems.extend(_semantic_problems(data))
    if found_problems:
        problems = [Problem(filename, line_of(lines, path), format_key(path), message) for path, message in found_problems]
        unique = list(dict.fromkeys(problems))
        raise ProfileError(sorted(unique, key=lambda p: (p.line, p.key)))
    return build_profile(data, source=source or filename, sha256=sha256)


# Names reserved for examples (RFC 2606, RFC 6761): an address there reaches nobody.
_EXAMPLE_DOMAIN = re.compile(r"(?:^|[@./])(?:example\.(?:com|net|org)|[a-z0-9-]+\.example)(?:$|[:/])", re.IGNORECASE)


def placeholder_warnings(profile: Profile, text: str | None = None) -> list[Problem]:
    """What `profiles new` wrote as a placeholder and is still there ("My company", an example.com address).

    The profile is usable; these are warnings to fix before it is published. `text`, the profile's TOML,
    gives the lines (without it, each warning is on line 1).
    """
    from rigcheck.profile.starter import STARTER_IDENTITY

    lines = key_lines(text) if text is not None else {}
    found: list[tuple[Path, str]] = []
    for key in ("id", "name", "publisher", "contact", "description"):
        value = getattr(profile, key)
        if value and (value == STARTER_IDENTITY[key] or "My company" in value):
            found.append(((key,), _('still the starter\'s placeholder "%(value)s": put your own') % {"value": value}))
    addresses: list[tuple[Path, str]] = [(("contact",), profile.contact), (("network", "server"), profile.network_server or "")]
    addresses += [(("network", "stun", index), server) for index, server in enumerate(profile.stun_servers)]
    for path, address in addresses:
        if _EXAMPLE_DOMAIN.search(address) and not any(p == path for p, _m in found):
            found.append((path, _('"%(value)s" is an example address that reaches nobody: put your own') % {"value": address}))
    return [Problem(profile.source, line_of(lines, path), format_key(path), message, warning=True) for path, message in found]


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
        requirements.append(Requirement(field.section, field.key, value, level, default_words(hint) or None,
                                        words_in_languages(hint)))
    questions = tuple(_question(q) for q in data.get("question", []))
    network = data.get("network") or {}
    return Profile(
        id=data["id"],
        name=data["name"],
        version=str(data.get("version", "")),
        publisher=data.get("publisher", ""),
        contact=data.get("contact", ""),
        description=default_words(data.get("description", "")),
        description_as=words_in_languages(data.get("description")),
        sha256=sha256,
        source=source,
        requirements=tuple(requirements),
        questions=questions,
        network_server=network.get("server"),
        stun_servers=tuple(network.get("stun", ())),
        headset_evidence=(data.get("audio") or {}).get("headset_evidence"),
    )


def default_words(value: str | Mapping[str, str] | None) -> str:
    """An employer's words as written, or of several languages the default one (English, else the first)."""
    if value is None or isinstance(value, str):
        return value or ""
    return value.get(DEFAULT_LANGUAGE) or next(iter(value.values()), "")


def words_in_languages(value: str | Mapping[str, str] | None) -> Phrase | None:
    """Words written in several languages (`text.fil = "..."`) as a phrase shown in the reader's language."""
    if not isinstance(value, Mapping):
        return None
    default = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in value else next(iter(value))
    return Phrase.in_languages(value, default)


def _question(q: Mapping[str, Any]) -> Question:
    hint = q.get("hint")
    return Question(id=q["id"], text=default_words(q["text"]), fail_if=q["fail_if"], level=q.get("level", "required"),
                    hint=default_words(hint) or None, asks=words_in_languages(q["text"]), fix=words_in_languages(hint))

"""`rigcheck profiles new`: a commented starter profile for an employer to edit.

Every key the format has, with its meaning and unit (from profile/fields.py, the table validation and the
JSON Schema use), and the values of the bundled default profile; keys it leaves out are commented examples.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from rigcheck.i18n import _
from rigcheck.model import IN_LANGUAGES, Phrase, Profile, Requirement
from rigcheck.profile.fields import REQUIREMENT_FIELDS, SECTIONS, SETTING_SCHEMAS, TOP_LEVEL_SCHEMAS, fields_of

# Example values for the settings (shown commented out); a requirement's example is in its row of fields.py.
_EXAMPLES: dict[tuple[str, str], Any] = {
    ("network", "server"): "https://speed.example.com/backend/",
    ("network", "stun"): ["stun.example.com:3478"],
    ("audio", "headset_evidence"): "applicant",
}
# The starter's placeholders: `profiles validate` warns while any is left in (validate.placeholder_warnings).
STARTER_IDENTITY = {"id": "my-company-voice", "name": "My company: voice agent, work at home", "version": "1",
             "publisher": "My company", "contact": "it-help@example.com",
             "description": "What a work-at-home voice agent needs at My company."}


def toml_value(value: Any) -> str:
    """A TOML value for the kinds profiles hold: booleans, numbers, strings, lists and { value, level, hint }."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _requirement_value(requirement: Requirement) -> Any:
    value: Any = list(requirement.value) if isinstance(requirement.value, tuple) else requirement.value
    if requirement.level == "required" and not requirement.hint:
        return value
    table: dict[str, Any] = {"value": value}
    if requirement.level != "required":
        table["level"] = requirement.level
    if requirement.hint:
        table["hint"] = _written(requirement.fix) or requirement.hint
    return table


def _written(phrase: Phrase | None) -> dict[str, str] | None:
    """An employer's words written per language, as the profile wrote them ({"en": ..., "fil": ...})."""
    if phrase is None or phrase.code != IN_LANGUAGES or not isinstance(phrase.params.get("texts"), Mapping):
        return None
    return dict(phrase.params["texts"])


def _text_lines(key: str, text: str, phrase: Phrase | None) -> list[str]:
    """`key = "..."`, or one `key.<language> = "..."` line per language the words were written in."""
    written = _written(phrase)
    if written is None:
        return [f"{key} = {toml_value(text)}"]
    return [f"{key}.{language} = {toml_value(words)}" for language, words in written.items()]


def _comment(text: str, *, wrap: bool = False) -> list[str]:
    """Comment lines; with `wrap`, long ones wrapped at about 110 columns (an indented line keeps its indent)."""
    import textwrap

    if not wrap:
        return [f"# {line}" for line in text.splitlines()]
    lines = []
    for line in text.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        lines += [f"# {part}" for part in textwrap.wrap(line, 108, subsequent_indent=indent, break_on_hyphens=False) or [""]]
    return lines


def starter_profile_text(base: Profile | None = None) -> str:
    """The starter profile as TOML text; `base` gives the values (default: the bundled default profile)."""
    if base is None:
        from rigcheck.profile.loader import DEFAULT_PROFILE_ID, load_profile

        base = load_profile(DEFAULT_PROFILE_ID)
    from rigcheck.scoring import DERIVED_QUESTION_IDS  # here: scoring imports the profile package
    header = _("A rigcheck profile: what your work-at-home agents' setup must meet. Put your company's name and "
               "contact in place of the placeholders (validate warns while any is left), then check it with\n"
               "    rigcheck profiles validate THIS-FILE\n"
               "and give applicants its path, or publish it and give the address that `rigcheck profiles pin THIS-FILE "
               "--url https://...` prints (pinned with #sha256=, so a changed file is refused).\n"
               "Values are those of the bundled profile \"%(id)s\" %(version)s; commented lines are optional keys.\n"
               "A requirement is a bare value (required) or { value = ..., level = \"recommended\", hint = \"...\" }:\n"
               "a failed recommendation is a warning, and the hint is the fix the applicant reads.\n"
               "Words applicants read (a question's text and hint, a hint, the description) may be written once per "
               "language, text.en = \"...\" and text.fil = \"...\": each applicant reads their own language, else "
               "the English.") % {"id": base.id, "version": base.version}
    lines = [*_comment(header, wrap=True), "", f"schema = 1  # {TOP_LEVEL_SCHEMAS['schema']['description']}"]
    for key in ("id", "name", "version", "publisher", "contact", "description"):
        lines.append(f"{key} = {toml_value(STARTER_IDENTITY[key])}  # {TOP_LEVEL_SCHEMAS[key]['description']}")
    for section in SECTIONS:
        lines += ["", f"[{section}]"]
        for field in fields_of(section):
            unit = " " + _("Unit: %(unit)s.") % {"unit": field.unit} if field.unit else ""
            lines += _comment(f"{field.title}: {field.description}{unit}")
            requirement = base.requirement(section, field.key)
            if requirement is not None:
                lines.append(f"{field.key} = {toml_value(_requirement_value(requirement))}")
            else:
                lines.append(f"# {field.key} = {toml_value(field.example)}")
        for key, schema in SETTING_SCHEMAS.get(section, {}).items():
            lines += _comment(schema["description"])
            lines.append(f"# {key} = {toml_value(_EXAMPLES[(section, key)])}")
    lines += ["", *_comment(_("Questions no probe can answer. fail_if is the answer that fails; level and hint as above. "
                              "Each id is what applicants answer with (rigcheck check --answer ID=yes|no); %(reserved)s are "
                              "rigcheck's own questions, not yours to use.") % {"reserved": ", ".join(DERIVED_QUESTION_IDS)})]
    for question in base.questions:
        lines += ["", "[[question]]", f"id = {toml_value(question.id)}", *_text_lines("text", question.text, question.asks),
                  f"fail_if = {toml_value(question.fail_if)}"]
        if question.level != "required":
            lines.append(f"level = {toml_value(question.level)}")
        if question.hint:
            lines += _text_lines("hint", question.hint, question.fix)
    assert len(REQUIREMENT_FIELDS) == sum(len(fields_of(s)) for s in SECTIONS)  # every key belongs to a section
    return "\n".join(lines) + "\n"

"""What a profile asks for, as text: `rigcheck profiles list|show|validate` and the TUI's profile step.

Every requirement is worded by render.words.requirement_wording, so a profile is described in the very
words its report will use.
"""

from __future__ import annotations

from collections.abc import Iterable

from rigcheck.model import Profile
from rigcheck.render.words import requirement_wording


def counted(count: int, noun: str) -> str:
    """'1 question', '2 questions', '0 questions'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def requirement_lines(profile: Profile) -> list[str]:
    """Each requirement worded as the report words it ('Download speed: >= 25 Mbit/s')."""
    lines = []
    for requirement in profile.requirements:
        title, expected = requirement_wording(profile, requirement)
        lines.append(f"{title}: {expected}" + ("" if requirement.required else " (recommended)"))
    return lines


def profile_text(profile: Profile) -> str:
    """`rigcheck profiles show`: who publishes the profile, then each requirement under its [section]."""
    lines = [f"{profile.name}", f"id {profile.id} · version {profile.version or '-'} · sha256 {profile.sha256[:16]}…"]
    if profile.publisher:
        lines.append(f"published by {profile.publisher}" + (f" · contact {profile.contact}" if profile.contact else ""))
    if profile.description:
        lines.append(profile.description)
    section = None
    for requirement in profile.requirements:
        if requirement.section != section:
            section = requirement.section
            lines += ["", f"[{section}]"]
        title, expected = requirement_wording(profile, requirement)
        level = "" if requirement.required else "  (recommended)"
        lines.append(f"  {title:<34} {expected}{level}")
    if profile.network_server or profile.stun_servers:
        lines += ["", "[measurement]"]
        if profile.network_server:
            lines.append(f"  speed-test server  {profile.network_server}")
        if profile.stun_servers:
            lines.append(f"  STUN servers       {', '.join(profile.stun_servers)}")
    if profile.questions:
        lines += ["", "[questions]"]
        for question in profile.questions:
            level = "" if question.level == "required" else "  (recommended)"
            lines.append(f"  {question.id}: {question.text}  (fails if {question.fail_if}){level}")
    return "\n".join(lines) + "\n"


def profile_lines(profile: Profile) -> list[str]:
    """The TUI's profile step: who published it, its version, then what it asks for as a bulleted list."""
    lines = [profile.name or profile.id]
    meta = []
    if profile.publisher:
        meta.append(f"published by {profile.publisher}")
    if profile.version:
        meta.append(f"version {profile.version}")
    if meta:
        lines.append(", ".join(meta))
    if profile.contact:
        lines.append(f"contact: {profile.contact}")
    if profile.description:
        lines.append(profile.description.strip())
    if profile.sha256:
        lines.append(f"sha256 {profile.sha256[:16]}…")
    lines.append("")
    lines.append(f"It asks for ({counted(len(profile.requirements), 'requirement')}, {counted(len(profile.questions), 'question')}):")
    lines.extend(f"  • {line}" for line in requirement_lines(profile))
    lines.extend(f"  • question: {question.text}" for question in profile.questions)
    return lines


def profile_list_text(profiles: Iterable[Profile]) -> str:
    """`rigcheck profiles list`: id, version and name, one profile a line, in columns."""
    profiles = list(profiles)
    width = max(len(p.id) for p in profiles)
    return "\n".join(f"{p.id:<{width}}  {p.version:<8}  {p.name}" for p in profiles) + "\n"


def validated_text(path: str, profile: Profile) -> str:
    """`rigcheck profiles validate`: the line for a file that is a usable profile."""
    version = f" {profile.version}" if profile.version else ""
    return f"{path}: ok ({profile.id}{version}, {len(profile.requirements)} requirements, {len(profile.questions)} questions)\n"

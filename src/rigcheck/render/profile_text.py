"""What a profile asks for, as text: `rigcheck profiles list|show|validate|pin` and the TUI's profile step.

Every requirement is worded by render.words.requirement_wording, so a profile is described in the very
words its report will use.
"""

from __future__ import annotations

from collections.abc import Iterable

from rigcheck.i18n import N_, _, ngettext
from rigcheck.model import Profile
from rigcheck.render.words import profile_description, requirement_wording
from rigcheck.scoring import HEADSET_CABLE_QUESTION, MONITORS_QUESTION, UPS_QUESTION

PIN_MARK = "#sha256="  # how a published profile's address is pinned (profile/loader.py reads it)

# The questions rigcheck asks itself, when a profile's requirement needs them and the facts cannot tell:
# (id, the requirement that raises it, when it is asked).
BUILTIN_QUESTIONS: tuple[tuple[str, tuple[str, str], str], ...] = (
    (HEADSET_CABLE_QUESTION, ("audio", "headset"),
     N_("Is the headset plugged into the computer with a cable? Asked when a USB headset is known only by a "
        "generic name (a wireless one looks the same); fails if no.")),
    (MONITORS_QUESTION, ("display", "min_monitors"),
     N_("Are enough monitors connected? Asked when this computer cannot see its monitors; fails if no.")),
    (UPS_QUESTION, ("power", "require_backup"),
     N_("Are this computer and your modem or router plugged into a UPS? Asked when no UPS can be seen (one "
        "without a data cable); fails if no.")),
)


def pinned_url(url: str, sha256: str) -> str:
    """The address to publish: `url` pinned to the file whose hash is `sha256` (any pin it had replaced)."""
    return f"{url.partition('#')[0]}{PIN_MARK}{sha256}"


def _recommended() -> str:
    return _("(recommended)")


def requirement_lines(profile: Profile) -> list[str]:
    """Each requirement worded as the report words it ('Download speed: >= 25 Mbit/s')."""
    lines = []
    for requirement in profile.requirements:
        title, expected = requirement_wording(profile, requirement)
        lines.append(f"{title}: {expected}" + ("" if requirement.required else f" {_recommended()}"))
    return lines


def builtin_questions(profile: Profile) -> list[tuple[str, str]]:
    """(id, what it asks) of each question rigcheck may ask itself under this profile."""
    asked = []
    for question_id, (section, key), words in BUILTIN_QUESTIONS:
        requirement = profile.requirement(section, key)
        if requirement is None or (question_id == HEADSET_CABLE_QUESTION
                                   and (requirement.value == "any" or profile.headset_evidence == "measured")):
            continue
        asked.append((question_id, _(words)))
    return asked


def _heading(profile: Profile) -> list[str]:
    """Name, id and version, the full sha256 and how to publish or give the profile, publisher, description."""
    lines = [f"{profile.name}", _("id %(id)s · version %(version)s") % {"id": profile.id, "version": profile.version or "-"},
             f"sha256 {profile.sha256}"]
    if profile.source.startswith(("https://", "http://")):
        lines.append(_("link to give applicants: %(link)s") % {"link": pinned_url(profile.source, profile.sha256)})
    elif not profile.source.startswith("bundled:"):
        lines.append(_("to publish it: put the file online, then `rigcheck profiles pin %(path)s --url https://...` "
                       "prints the pinned link") % {"path": profile.source})
    if profile.publisher:
        publisher = _("published by %(publisher)s") % {"publisher": profile.publisher}
        lines.append(publisher + (" · " + _("contact %(contact)s") % {"contact": profile.contact} if profile.contact else ""))
    if profile.description:
        lines.append(profile_description(profile))
    return lines


def _question_lines(profile: Profile) -> list[str]:
    """The profile's questions, then rigcheck's own, each with the id it is answered by."""
    lines = ["", _("[questions] answered with --answer ID=yes|no")]
    for question in profile.questions:
        level = "" if question.level == "required" else f"  {_recommended()}"
        lines.append(f"  {question.id}: {question.text}  " + _("(fails if %(answer)s)") % {"answer": question.fail_if} + level)
    if not profile.questions:
        lines.append("  " + _("(this profile asks none of its own)"))
    for question_id, words in builtin_questions(profile):
        lines.append(f"  {question_id}: " + _("rigcheck's own: %(question)s") % {"question": words})
    return lines


def profile_text(profile: Profile) -> str:
    """`rigcheck profiles show`: who publishes the profile, then each requirement under its [section]."""
    lines = _heading(profile)
    section = None
    for requirement in profile.requirements:
        if requirement.section != section:
            section = requirement.section
            lines += ["", f"[{section}]"]
        title, expected = requirement_wording(profile, requirement)
        level = "" if requirement.required else f"  {_recommended()}"
        lines.append(f"  {title:<34} {expected}{level}")
    if profile.network_server or profile.stun_servers:
        lines += ["", "[measurement]"]
        if profile.network_server:
            label = _("speed-test server")
            lines.append(f"  {label:<18} {profile.network_server}")
        if profile.stun_servers:
            label = _("STUN servers")
            lines.append(f"  {label:<18} {', '.join(profile.stun_servers)}")
    return "\n".join(lines + _question_lines(profile)) + "\n"


def profile_lines(profile: Profile) -> list[str]:
    """The TUI's profile step: who published it, its version, then what it asks for as a bulleted list."""
    lines = [profile.name or profile.id]
    meta = []
    if profile.publisher:
        meta.append(_("published by %(publisher)s") % {"publisher": profile.publisher})
    if profile.version:
        meta.append(_("version %(version)s") % {"version": profile.version})
    if meta:
        lines.append(", ".join(meta))
    if profile.contact:
        lines.append(_("contact: %(contact)s") % {"contact": profile.contact})
    if profile.description:
        lines.append(profile_description(profile).strip())
    if profile.sha256:
        lines.append(f"sha256 {profile.sha256[:16]}…")
    lines.append("")
    requirements = ngettext("%(count)d requirement", "%(count)d requirements", len(profile.requirements)) % {"count": len(profile.requirements)}
    questions = ngettext("%(count)d question", "%(count)d questions", len(profile.questions)) % {"count": len(profile.questions)}
    lines.append(_("It asks for (%(requirements)s, %(questions)s):") % {"requirements": requirements, "questions": questions})
    lines.extend(f"  • {line}" for line in requirement_lines(profile))
    lines.extend("  • " + _("question: %(text)s") % {"text": question.text} for question in profile.questions)
    return lines


def profile_list_text(profiles: Iterable[Profile]) -> str:
    """`rigcheck profiles list`: id, version and name, one profile a line, in columns."""
    profiles = list(profiles)
    width = max(len(p.id) for p in profiles)
    return "\n".join(f"{p.id:<{width}}  {p.version:<8}  {p.name}" for p in profiles) + "\n"


def validated_text(path: str, profile: Profile) -> str:
    """`rigcheck profiles validate`: the line for a file that is a usable profile."""
    requirements = ngettext("%(count)d requirement", "%(count)d requirements", len(profile.requirements)) % {"count": len(profile.requirements)}
    questions = ngettext("%(count)d question", "%(count)d questions", len(profile.questions)) % {"count": len(profile.questions)}
    return _("%(path)s: ok (%(id)s, %(requirements)s, %(questions)s)") % {
        "path": path, "id": f"{profile.id} {profile.version}".strip(), "requirements": requirements, "questions": questions} + "\n"

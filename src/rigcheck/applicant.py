"""The applicant reference: the one personal item a report may carry, and only when the applicant gives it.

The employer asks for it (a name, an e-mail address or an applicant id); rigcheck adds nothing else personal.
"""

from __future__ import annotations

import re
import unicodedata

from rigcheck.model import MAX_APPLICANT_CHARS

MAX_FILE_PART_CHARS = 40  # keeps a report's file name readable and well under every file system's limit
_UNSAFE_IN_FILE_NAMES = re.compile(r"[^\w@.+-]+")  # \w keeps letters of every script; the rest becomes "-"


def normalise_applicant(text: str | None) -> str | None:
    """The reference as it goes into a report: trimmed, inner spaces collapsed; None when empty.

    Raises ValueError (one sentence) for control characters or more than MAX_APPLICANT_CHARS characters.
    """
    if text is None:
        return None
    if any(unicodedata.category(character) in ("Cc", "Cf") for character in text if character not in " \t"):
        raise ValueError("the applicant reference contains control characters; type a name, e-mail address or id")
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_APPLICANT_CHARS:
        raise ValueError(f"the applicant reference is {len(cleaned)} characters long; at most {MAX_APPLICANT_CHARS} fit")
    return cleaned or None


def applicant_file_part(reference: str | None) -> str:
    """The reference as a safe piece of a file name on Windows, macOS and Linux ("" when there is none).

    Separators, quotes, wildcards and control characters become "-"; no leading dot (a hidden file), no ".." .
    """
    if not reference:
        return ""
    part = _UNSAFE_IN_FILE_NAMES.sub("-", unicodedata.normalize("NFC", reference))
    part = re.sub(r"\.{2,}", ".", part)
    part = re.sub(r"-{2,}", "-", part)[:MAX_FILE_PART_CHARS]
    return part.strip("-._")

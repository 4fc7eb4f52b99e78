"""The one catalog: every word a person reads comes through here, in English or Filipino.

gettext, managed with Babel: messages are marked in the code with `_()` (shown now), `N_()` (a
module-level constant, translated with `_()` where it is shown) and `ngettext()` (counts); `pybabel
extract` collects them into `locale/rigcheck.pot`, each language's `.po` lives in the repository and its
`.mo` is compiled at build time and shipped with the package.

Which language: `--lang` on the command line, else the environment (`LANGUAGE`, `LC_ALL`,
`LC_MESSAGES`, `LANG`, the order gettext reads them), else the system's own setting (Windows' UI
language, macOS `AppleLanguages`), else English. Filipino is the catalog `fil`; `tl`, `tl_PH`, `fil_PH`
and `tgl` all reach it (Python's locale aliases send `tl_PH` to an ISO-8859-1 Tagalog locale and never try
`fil`, so the tags are read here, not through `locale`).
"""

from __future__ import annotations

import gettext
import io
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

DOMAIN = "rigcheck"
LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LANGUAGE = "en"
# The languages rigcheck speaks, in the order a chooser lists them; each is a folder of LOCALE_DIR but English.
LANGUAGES: tuple[str, ...] = ("en", "fil")
# Every tag that means one of LANGUAGES (lower case, "-" read as "_", no encoding or modifier).
_TAG_LANGUAGE: dict[str, str] = {
    "en": "en", "fil": "fil", "fil_ph": "fil", "tl": "fil", "tl_ph": "fil", "tgl": "fil", "tagalog": "fil",
    "filipino": "fil",
}
_ENVIRONMENT_KEYS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_SYSTEM_QUERY_TIMEOUT_S = 2.0


def language_of_tag(tag: str | None) -> str | None:
    """The language of LANGUAGES a locale tag asks for ('tl_PH.UTF-8' -> 'fil'), else None.

    None for an empty tag, 'C' or 'POSIX' (no preference) and for a language rigcheck does not speak.
    """
    if not tag:
        return None
    base = re.split(r"[.@]", tag.strip(), maxsplit=1)[0].replace("-", "_").lower()
    if base in ("", "c", "posix"):
        return None
    if base in _TAG_LANGUAGE:
        return _TAG_LANGUAGE[base]
    return _TAG_LANGUAGE.get(base.split("_", 1)[0])


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The first language the environment names that rigcheck speaks, as gettext reads the variables.

    Like gettext, the first variable that is set decides; LANGUAGE may list several ('fil:en').
    """
    environ = os.environ if environ is None else environ
    for key in _ENVIRONMENT_KEYS:
        value = environ.get(key)
        if not value:
            continue
        for tag in value.split(":"):
            found = language_of_tag(tag)
            if found:
                return found
        if key != "LANGUAGE":  # LANGUAGE is a preference list; the others are the locale itself
            return None
    return None


def language_from_system() -> str | None:
    """The user interface language the operating system was set to, where it tells; else None."""
    if sys.platform == "win32":
        return _windows_ui_language()
    if sys.platform == "darwin":
        return _macos_apple_language()
    return None


def _windows_ui_language() -> str | None:
    if sys.platform != "win32":  # the guard also tells the type checker ctypes.windll exists
        return None
    import ctypes
    import locale

    try:
        language_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (AttributeError, OSError):
        return None
    return language_of_tag(locale.windows_locale.get(language_id))


def _macos_apple_language() -> str | None:
    # `defaults read -g AppleLanguages` prints a plist array: ("fil-PH", "en-US"); the first is preferred.
    try:
        output = subprocess.run(["defaults", "read", "-g", "AppleLanguages"], capture_output=True, text=True,
                                timeout=_SYSTEM_QUERY_TIMEOUT_S, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for tag in re.findall(r'"?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)"?', output):
        found = language_of_tag(tag)
        if found:
            return found
        return None  # the first listed language is the user's; rigcheck does not speak it
    return None


def resolve_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: `requested` (--lang), else the environment, else the system, else English.

    A `requested` tag rigcheck does not speak raises ValueError (a usage error: the caller says so).
    """
    if requested:
        found = language_of_tag(requested)
        if found is None:
            raise ValueError(requested)
        return found
    return language_from_environment(environ) or language_from_system() or DEFAULT_LANGUAGE


def catalog_paths(language: str) -> tuple[Path, Path]:
    """(the .po a translator edits, the .mo gettext reads) of `language`."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _load(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language`; its .po compiled now when the .mo is missing or older than it.

    A wheel and the standalone executable always carry the .mo (compiled at build time, hatch_build.py and
    the PyInstaller spec); so does an editable install (the build hook writes it into the source tree). The
    .po is read only in a source tree: run without installing, or with fil.po edited since (a translator
    sees their words at once). That needs Babel, a development dependency; without it, the .mo or English.
    """
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    po_path, mo_path = catalog_paths(language)
    if po_path.exists() and (not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime):
        try:
            return gettext.GNUTranslations(io.BytesIO(compile_po(po_path)))
        except ImportError:
            pass  # no Babel: what was compiled, else English
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def compile_po(po_path: Path) -> bytes:
    """The .mo of the catalog `po_path`, compiled by Babel (ImportError without it). Fuzzy entries are left
    out, as `pybabel compile` does: a guess is never shown."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    return compiled.getvalue()


_current_language = DEFAULT_LANGUAGE
_current = gettext.NullTranslations()


def set_language(language: str) -> None:
    """Speak `language` (one of LANGUAGES) from now on, in every thread."""
    global _current_language, _current
    if language not in LANGUAGES:
        raise ValueError(language)
    _current = _load(language)
    _current_language = language


def current_language() -> str:
    return _current_language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render in `language` for the length of a block (an employer reads a Filipino report in English)."""
    before = _current_language
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def _(message: str) -> str:
    """`message` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for `count`, in the current language."""
    return _current.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, told apart from the same English words used elsewhere."""
    return _current.pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name, which pybabel extracts
    """Mark a constant for extraction without translating it yet: translate it with `_()` where it is shown."""
    return message


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "N_", "_", "catalog_paths", "compile_po", "current_language", "language_from_environment",
           "language_from_system", "language_of_tag", "ngettext", "pgettext", "resolve_language", "set_language",
           "speaking"]

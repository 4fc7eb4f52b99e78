"""Command line: `rigcheck` (TUI), `rigcheck check` (headless), `probe`, `profiles`, `report`.

stdout carries data only; progress and diagnostics go to stderr (progress only when stderr is a
terminal). Every expected error ends in a one-line message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import threading
import time
import tomllib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, NoReturn, Sequence

from rigcheck import __version__
from rigcheck.entry import Terminated  # SIGTERM's exception, raised by the handler rigcheck.entry installs
from rigcheck.entry import install as install_signal_handlers
from rigcheck.exit_codes import CHECK_EXIT_CODES, PROBE_EXIT_CODES, ExitCode, exit_code_for_verdict, exit_codes_text
from rigcheck.i18n import N_, _, ngettext
from rigcheck.model import Profile
from rigcheck.probes import OPTIONAL_PROBE_IDS, PROBE_IDS
from rigcheck.render import (
    FACTS_FORMATS,
    FORMATS,
    RECEIVED_FORMATS,
    SUMMARY_FORMATS,
    described,
    names,
    render,
    render_facts,
    render_received,
    render_summary,
)


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


# ---------------------------------------------------------------------------------------------
# Argument parsing
#
# argparse's own words (usage, option titles, its error templates) go through rigcheck's catalog: while
# rigcheck parses, argparse's gettext is rigcheck's, and ARGPARSE_WORDS gives its English templates
# rigcheck's plainer wording (each marked for extraction). Every usage error is then one line, the same
# form as any other error: `rigcheck: <what>` with "did you mean" where a close name exists.

ARGPARSE_WORDS: dict[str, str] = {
    "usage: ": N_("usage: "),
    "positional arguments": N_("arguments"),
    "options": N_("options"),
    "show this help message and exit": N_("show this help and exit"),
    "show program's version number and exit": N_("show rigcheck's version and exit"),
    "argument %(argument_name)s: %(message)s": N_("%(argument_name)s: %(message)s"),
    "the following arguments are required: %s": N_("missing %s"),
    "unrecognized arguments: %s": N_("not an option here: %s"),
    "expected one argument": N_("needs a value"),
    "expected at least one argument": N_("needs at least one value"),
    "ambiguous option: %(option)s could match %(matches)s": N_("%(option)s could be any of %(matches)s"),
    "invalid %(type)s value: %(value)r": N_("%(value)r is not valid here"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("%(value)r is not one of %(choices)s"),
}


def _argparse_gettext(message: str) -> str:
    return _(ARGPARSE_WORDS.get(message, message))


def _argparse_ngettext(singular: str, plural: str, count: int) -> str:
    return ngettext(ARGPARSE_WORDS.get(singular, singular), ARGPARSE_WORDS.get(plural, plural), count)


@contextmanager
def _argparse_speaking_rigcheck() -> Iterator[None]:
    """argparse's words through rigcheck's catalog for the length of a parse (restored after)."""
    before = argparse._, argparse.ngettext  # type: ignore[attr-defined]  # argparse's module-level gettext names
    argparse._, argparse.ngettext = _argparse_gettext, _argparse_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = before  # type: ignore[attr-defined]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean "network"?)' when a choice is close to `word`, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return _(' (did you mean "%(suggestion)s"?)') % {"suggestion": close[0]} if close else ""


def unknown_name_message(unknown: Sequence[str], valid: Sequence[str], kind: str) -> str:
    """'unknown probe "netwrok" (did you mean "network"?); valid probes: …' for probes, formats, commands."""
    words = {
        "probe": (ngettext('unknown test %(names)s', 'unknown tests %(names)s', len(unknown)), _("tests you can name: %(valid)s")),
        "format": (_('unknown format %(names)s'), _("formats: %(valid)s")),
        "command": (_('unknown command %(names)s'), _("commands: %(valid)s")),
    }[kind]
    names = ", ".join(unknown)
    return (words[0] % {"names": names} + did_you_mean(unknown[0], valid) + "; "
            + words[1] % {"valid": ", ".join(valid)})


class RigcheckParser(argparse.ArgumentParser):
    """argparse with rigcheck's error style: one line on stderr, exit code 2, never five lines of usage."""

    def error(self, message: str) -> NoReturn:
        _err(_("%(message)s (see %(command)s --help)") % {"message": message, "command": self.prog})
        raise SystemExit(ExitCode.USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # A command or format name not among the choices: say which, with "did you mean".
        if action.choices is not None and value not in action.choices:
            valid = [str(choice) for choice in action.choices]
            if isinstance(action, argparse._SubParsersAction):  # no "COMMAND:" before it: the message says it
                raise argparse.ArgumentError(None, unknown_name_message([str(value)], valid, "command"))
            raise argparse.ArgumentError(action, unknown_name_message([str(value)], valid, "format"))

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with _argparse_speaking_rigcheck():
            parsed, extras = self.parse_known_args(args, namespace)
            if extras:
                self.error(_unrecognized_message(self, parsed, extras))
        return parsed


def _chosen_parsers(parser: argparse.ArgumentParser, namespace: argparse.Namespace) -> list[argparse.ArgumentParser]:
    """The parser and the subcommand parsers the command line chose (`rigcheck profiles show`: three)."""
    chain = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(namespace, action.dest or "", None)
            if chosen in action.choices:
                chain += _chosen_parsers(action.choices[chosen], namespace)
    return chain


def _unrecognized_message(parser: argparse.ArgumentParser, namespace: argparse.Namespace, extras: list[str]) -> str:
    options = [option for chosen in _chosen_parsers(parser, namespace) for action in chosen._actions
               for option in action.option_strings]
    first_option = next((extra.partition("=")[0] for extra in extras if extra.startswith("-")), None)
    hint = did_you_mean(first_option, options) if first_option else ""
    return _("not an option here: %(arguments)s%(hint)s") % {"arguments": " ".join(extras), "hint": hint}


def _format_name(text: str) -> str:
    """--format values in any case: JSON, Json and json are the same format."""
    return text.strip().lower()


def _probe_list(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError(_("names no test; tests you can name: %(valid)s") % {"valid": ", ".join(PROBE_IDS)})
    valid = PROBE_IDS + OPTIONAL_PROBE_IDS  # the mic too: run when a profile reads it, left out with --skip mic
    unknown = [name for name in names if name not in valid]
    if unknown:
        raise argparse.ArgumentTypeError(unknown_name_message(unknown, valid, "probe"))
    return names


def _server_url(text: str) -> str:
    """A LibreSpeed server URL: http(s), a host, a numeric port if any (a scheme-less host means https)."""
    import urllib.parse

    parts = urllib.parse.urlsplit(text.strip() if "://" in text else f"https://{text.strip()}")
    if parts.scheme not in ("http", "https"):
        raise argparse.ArgumentTypeError(_('"%(url)s" is not an http:// or https:// URL') % {"url": text})
    try:
        port_ok = parts.port != 0
    except ValueError:
        port_ok = False
    if not port_ok:
        raise argparse.ArgumentTypeError(_('"%(url)s" has a port that is not a number from 1 to 65535') % {"url": text})
    if not parts.hostname:
        raise argparse.ArgumentTypeError(_('"%(url)s" names no server; write e.g. https://speed.example.com/backend/') % {"url": text})
    return text.strip()


def _stun_server(text: str) -> str:
    """HOST:PORT as a profile's [network] stun entries are written, with a port from 1 to 65535."""
    from rigcheck.profile.fields import HOST_PORT_PATTERN

    value = text.strip()
    port = value.rpartition(":")[2] if re.search(r":\d+$", value) else None
    if not re.match(HOST_PORT_PATTERN, value) or (port is not None and not 1 <= int(port) <= 65535):
        raise argparse.ArgumentTypeError(
            _('"%(server)s" is not HOST:PORT with a port from 1 to 65535 (e.g. stun.example.com:3478)') % {"server": text})
    return value


def _interface_name(text: str) -> str:
    """A network interface's name as the system shows it (eth1, wwan0, ppp0, "Wi-Fi 2"); no control characters."""
    value = text.strip()
    if not value or len(value) > 256 or any(not character.isprintable() for character in value):
        raise argparse.ArgumentTypeError(
            _('"%(name)s" is not the name of a network connection (e.g. wwan0, ppp0 or "Cellular")') % {"name": text})
    return value


def _duration(text: str) -> float:
    from rigcheck.watch.command import MIN_EVERY_S, parse_duration

    try:
        seconds = parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration (20s, 5m, 1h)") from None
    if seconds < MIN_EVERY_S:
        raise argparse.ArgumentTypeError(f"{text!r} is shorter than {MIN_EVERY_S:g} s")
    return seconds


def _hours(text: str) -> float:
    try:
        hours = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 7:
        raise argparse.ArgumentTypeError(f"{text!r}: hours must be above 0 and at most a week")
    return hours


def _answer(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(_('"%(text)s" is not ID=VALUE (e.g. cordless-phone=no)') % {"text": text})
    key, _sep, value = text.partition("=")
    return key.strip(), value.strip()


def _https_url(text: str) -> str:
    if not text.strip().startswith("https://"):
        raise argparse.ArgumentTypeError(_('"%(url)s" does not start with https://; employers publish profiles over https') % {"url": text})
    return text.strip().partition("#")[0]


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs wrapped to the terminal, line by line (an exit-code list keeps its lines)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        def hanging(line: str) -> str:  # "  130  interrupted…" continues under "interrupted"
            return indent + " " * re.match(r"\s*(?:\d+\s+)?", line).end()  # type: ignore[union-attr]  # matches any line

        return "\n".join(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=hanging(line)) if line.strip() else ""
                         for line in text.splitlines())


def _add_subcommand(commands: Any, name: str, summary: str, description: str | None = None, epilog: str | None = None) -> RigcheckParser:
    """A subcommand whose --help says what it does (`summary` in the list, `description` on its own page)."""
    parser: RigcheckParser = commands.add_parser(name, help=summary, description=description or summary, epilog=epilog,
                                                 formatter_class=_HelpFormatter)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The command line; every word through the catalog, so build it after the language is chosen."""
    with _argparse_speaking_rigcheck():  # argparse words its -h and its sections while the parsers are built
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    parser = RigcheckParser(
        prog="rigcheck",
        description=_("Is this home office ready to take calls? Without a command, opens the guided check."),
        epilog=exit_codes_text(CHECK_EXIT_CODES),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rigcheck {__version__}",
                        help=_("show rigcheck's version and exit"))  # Python 3.11 leaves argparse's own words untranslated here
    parser.add_argument("--profile", metavar="REF", help=_("bundled profile id, path to a .toml file, or https:// address (#sha256=... pins it)"))
    parser.add_argument("--server", type=_server_url, metavar="URL", help=_("LibreSpeed server for the speed test (overrides the profile)"))
    backup_interface_help = _("your backup internet connection's name as the system shows it (e.g. wwan0, ppp0, "
                              "\"Cellular\"), when rigcheck does not find it by itself")
    parser.add_argument("--backup-interface", type=_interface_name, metavar="NAME", help=backup_interface_help)
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"), parser_class=RigcheckParser)
    all_probes = ", ".join(PROBE_IDS + OPTIONAL_PROBE_IDS)

    check = _add_subcommand(commands, "check", _("run every test without the app and judge the results against a profile"),
                            _("Run the tests, judge what they found against a profile and print the report."),
                            exit_codes_text(CHECK_EXIT_CODES))
    check.add_argument("--profile", dest="check_profile", metavar="REF", help=_("profile (default: generic-voice)"))
    check.add_argument("--format", type=_format_name, choices=FORMATS, default="text",
                       help=_("output format, in any case (default: text)"))
    check.add_argument("--output", metavar="PATH", help=_("write the report here instead of stdout"))
    check.add_argument("--only", type=_probe_list, metavar="TEST[,TEST]", help=_("run only these tests (%(probes)s)") % {"probes": ", ".join(PROBE_IDS + OPTIONAL_PROBE_IDS)})
    check.add_argument("--skip", type=_probe_list, metavar="TEST[,TEST]", help=_("leave these tests out (the mic test runs when the profile sets a room-noise limit; --skip mic leaves it out)"))
    check.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help=_("LibreSpeed server, overrides the profile"))
    check.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help=_("server that answers the call-quality test (a STUN server; repeatable)"))
    check.add_argument("--backup-interface", dest="check_backup_interface", type=_interface_name, metavar="NAME", help=backup_interface_help)
    check.add_argument("--answer", action="append", type=_answer, metavar="ID=VALUE",
                       help=_("answer a question by its id, e.g. cordless-phone=no (repeatable; `profiles show` lists the ids)"))
    check.add_argument("--answers", metavar="PATH", help=_("answers file (TOML or JSON: question id = yes/no)"))
    check.add_argument("--applicant", metavar="TEXT", help=_("the reference the employer asked for (name, e-mail or applicant id); "
                                                             "put at the top of the report, nothing else personal is added"))

    probe = _add_subcommand(commands, "probe", _("print raw facts, no scoring"),
                            _("Run tests and print what they found, without judging it."), exit_codes_text(PROBE_EXIT_CODES))
    probe.add_argument("probes", nargs="*", metavar="TEST", help=_("tests to run (default: all but mic): %(probes)s") % {"probes": all_probes})
    probe.add_argument("--format", type=_format_name, choices=names(FACTS_FORMATS), default="text", help=_("output format (default: text)"))
    probe.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help=_("speed-test server (LibreSpeed) for the internet test"))
    probe.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help=_("server that answers the call-quality test (a STUN server; repeatable)"))
    probe.add_argument("--backup-interface", dest="check_backup_interface", type=_interface_name, metavar="NAME", help=backup_interface_help)

    profiles = _add_subcommand(commands, "profiles", _("list, show, validate, pin profiles; write a starter; print the JSON Schema"))
    profile_commands = profiles.add_subparsers(dest="profiles_command", metavar=_("ACTION"), title=_("actions"), required=True,
                                               parser_class=RigcheckParser)
    _add_subcommand(profile_commands, "list", _("list the bundled profiles: id, version and name, one a line"))
    show = _add_subcommand(profile_commands, "show", _("what a profile asks for"),
                           _("Print what a profile asks for, in the words its reports use: every requirement, the "
                             "measurement servers, the profile's questions and the ones rigcheck may ask, with the id "
                             "each is answered by (--answer ID=yes|no), and the profile's full sha256."))
    show.add_argument("ref", metavar="REF", help=_("bundled profile id, path to a .toml file, or https:// address"))
    validate = _add_subcommand(profile_commands, "validate", _("check profile files: every problem with file:line"),
                               _("Check profile files: every problem in every file as file:line: key: message, with "
                                 "\"did you mean\" for a misspelt key; warnings for starter placeholders left in. "
                                 "Exit code 0 when every file is usable, 2 when one is not."))
    validate.add_argument("paths", nargs="+", metavar="PATH", help=_("profile files (.toml) or https:// addresses"))
    _add_subcommand(profile_commands, "schema", _("print the JSON Schema of the profile format, for editors"),
                    _("Print the JSON Schema (draft 2020-12) of the profile format on stdout: save it and point your "
                      "editor's TOML support at it for completion and checking as you type."))
    new = _add_subcommand(profile_commands, "new", _("write a commented starter profile (every key explained)"))
    new.add_argument("path", nargs="?", metavar="PATH", help=_("file to create (default: standard output); never replaced"))
    pin = _add_subcommand(profile_commands, "pin", _("print the link to publish: the address with the profile's #sha256= pin"),
                          _("Validate a profile file and print the address to give applicants, pinned to this exact file "
                            "(ADDRESS#sha256=HEX): rigcheck refuses the profile if what it downloads differs. Publish "
                            "the file at that address first."))
    pin.add_argument("path", metavar="PATH", help=_("the profile file you publish"))
    pin.add_argument("--url", required=True, type=_https_url, metavar="https://...", help=_("where the file is published"))

    report = _add_subcommand(commands, "report", _("work with saved reports"))
    report_commands = report.add_subparsers(dest="report_command", metavar=_("ACTION"), title=_("actions"), required=True,
                                            parser_class=RigcheckParser)
    summarize = _add_subcommand(
        report_commands, "summarize", _("what a pile of reports says: verdicts, what fails most, network figures, one row per applicant"),
        _("Summarise saved JSON reports: files, and folders searched for *.json. Each report's verdict and score "
          "are recomputed from its checks (with --profile, from its facts): one that disagrees is 'edited or damaged'."),
        _("Exit codes: 0 every file read, 2 a file could not be read (it is named and skipped) or bad usage."))
    summarize.add_argument("paths", nargs="+", metavar="PATH", help=_("report files or folders"))
    summarize.add_argument("--format", type=_format_name, choices=names(SUMMARY_FORMATS), default="text", help=described(SUMMARY_FORMATS))
    summarize.add_argument("--profile", dest="report_profile", metavar="REF", help=_("re-score every report's facts against this profile"))
    summarize.add_argument("--output", metavar="PATH", help=_("write here instead of stdout"))
    show_report = _add_subcommand(
        report_commands, "show", _("render a received JSON report in another format"),
        _("Render a saved JSON report as text, HTML, Markdown or JUnit, after checking it was not edited."),
        _("Exit codes: 0 shown, 1 shown but edited or damaged (said on stderr), 2 not readable or bad usage."))
    show_report.add_argument("file", metavar="FILE", help=_("a report saved as JSON"))
    show_report.add_argument("--format", type=_format_name, choices=RECEIVED_FORMATS, default="text", help=_("output format (default: text)"))
    show_report.add_argument("--profile", dest="report_profile", metavar="REF", help=_("also re-score the facts against this profile"))
    show_report.add_argument("--output", metavar="PATH", help=_("write here instead of stdout"))
    _add_subcommand(report_commands, "schema", _("print the JSON Schema of the report format (rigcheck.report/1)"))

    watch = _add_subcommand(commands, "watch", _("watch the connection over a shift (outages, call quality by the hour)"),
                            _("Watch the connection for hours: a tiny check every second counts outages, a call test "
                              "every interval, a small speed test now and then; the log it writes as it goes lets "
                              "--resume continue after a crash. The report judges the profile's [shift] section."),
                            exit_codes_text(CHECK_EXIT_CODES))
    watch.add_argument("--profile", dest="watch_profile", metavar="REF", help=_("profile (default: generic-voice)"))
    watch.add_argument("--hours", type=_hours, default=8.0, metavar="H", help=_("how long to watch, in hours (fractions allowed; default 8)"))
    watch.add_argument("--every", type=_duration, default=300.0, metavar="DUR", help=_("call test interval: 20s, 5m, 1h (default 5m)"))
    watch.add_argument("--speed-every", type=_duration, default=1800.0, metavar="DUR",
                       help=_("small speed test interval, when a LibreSpeed server is known (default 30m)"))
    watch.add_argument("--resume", metavar="LOG", help=_("continue the watch whose log this is"))
    watch.add_argument("--log", metavar="PATH", help=_("where the watch log goes (default: rigcheck-watch-<time>.jsonl here)"))
    watch.add_argument("--format", type=_format_name, choices=FORMATS, default="text", help=_("output format, in any case (default: text)"))
    watch.add_argument("--output", metavar="PATH", help=_("write the report here instead of stdout"))
    watch.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help=_("LibreSpeed server, overrides the profile"))
    watch.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help=_("STUN server (the first is used)"))
    _add_language_option(parser, top=True)
    return parser


def _add_language_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    """--lang on the program and on every command and action (it is read once, by main, before parsing)."""
    from rigcheck.i18n import LANGUAGES, _

    parser.add_argument("--lang", metavar="LANG", default=None if top else argparse.SUPPRESS,
                        help=_("language of everything rigcheck says: %(languages)s (default: the system's language, "
                               "else English)") % {"languages": ", ".join(LANGUAGES)})
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            for subparser in dict.fromkeys(action.choices.values()):
                _add_language_option(subparser)


def _requested_language(argv: Sequence[str]) -> str | None:
    """The value of --lang wherever it stands in `argv` (read before the parser is built, so --help speaks it)."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(argv)
    return known.lang


# ---------------------------------------------------------------------------------------------
# Helpers

def _diagnostic(text: str) -> None:
    """A line for the user on stderr; when stderr is gone it is dropped, never sent to stdout (data only)."""
    if sys.stderr is None:  # print(file=None) would write to stdout
        return
    try:
        print(text, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # stderr closed or its reader gone: nobody left to tell


def _err(message: str) -> None:
    _diagnostic(f"rigcheck: {message}")


def _load_profile(ref: str) -> Profile:
    from rigcheck.profile import ProfileError, load_profile

    try:
        profile = load_profile(ref)
    except ProfileError as exc:
        if len(exc.problems) == 1 and not exc.problems[0].line:  # about the reference itself: one line says it
            raise UsageError(exc.problems[0].message) from None
        raise UsageError(_("profile %(ref)s is not usable:\n%(problems)s") % {"ref": ref, "problems": exc}) from None
    if profile.notice:  # e.g. the last good copy of a URL profile, used offline
        _err(profile.notice)
    return profile


def _applicant(text: str | None) -> str | None:
    from rigcheck.applicant import normalise_applicant

    try:
        return normalise_applicant(text)
    except ValueError as exc:
        raise UsageError(f"--applicant: {exc}") from None


MAX_INPUT_FILE_BYTES = 16 * 1024 * 1024  # answers and saved reports: far more than a real one holds


def _read_capped(path: str) -> bytes:
    """A file's bytes, at most MAX_INPUT_FILE_BYTES (a device or pipe has no size and may never end)."""
    with open(path, "rb") as stream:
        raw = stream.read(MAX_INPUT_FILE_BYTES + 1)
    if len(raw) > MAX_INPUT_FILE_BYTES:
        raise ValueError(_("larger than %(mib)d MiB") % {"mib": MAX_INPUT_FILE_BYTES // (1024 * 1024)})
    return raw


def _json_or_toml(text: str) -> Any:
    """JSON when it looks like JSON ("[1]" is also a TOML table header, so a JSON list wins), else TOML."""
    start = text.lstrip()[:1]
    if start == "{":
        return json.loads(text)
    if start == "[":
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            pass
    return tomllib.loads(text)


def _parse_answers(text: str, path: str) -> Any:
    try:
        return _json_or_toml(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(_("answers file %(path)s is neither a JSON object nor TOML: %(problem)s") % {"path": path, "problem": exc}) from None
    except ValueError:  # an integer of thousands of digits (Python's int() limit), in either format
        raise UsageError(_("answers file %(path)s holds a number with more digits than any answer can mean; "
                           "it maps question ids to yes/no") % {"path": path}) from None
    except RecursionError:  # both parsers recurse into nested lists and tables
        raise UsageError(_("answers file %(path)s is nested too deeply; it maps question ids to yes/no") % {"path": path}) from None


def _read_answers_file(path: str) -> dict[str, str]:
    where = {"path": path}
    try:
        raw = _read_capped(path)
    except OSError as exc:
        raise UsageError(_("cannot read answers file %(path)s: %(reason)s") % {**where, "reason": exc.strerror or exc}) from None
    except ValueError as exc:
        raise UsageError(_("answers file %(path)s is %(problem)s; it maps question ids to yes/no") % {**where, "problem": exc}) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(_("answers file %(path)s is UTF-16 text; save it as UTF-8") % where)
    data = _parse_answers(raw.decode("utf-8-sig", errors="replace"), path)  # Windows editors add a BOM
    if not isinstance(data, dict):
        raise UsageError(_("answers file %(path)s must map question ids to yes/no") % where)
    answers = {}
    for key, value in data.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if not isinstance(value, (str, int)):
            raise UsageError(_("answers file %(path)s: %(key)s must be yes or no, not %(kind)s")
                             % {**where, "key": key, "kind": type(value).__name__})
        answers[str(key)] = str(value)
    return answers


def collect_answers(profile: Profile, pairs: list[tuple[str, str]] | None, answers_path: str | None) -> dict[str, str]:
    """Answers from --answers then --answer (which wins), checked against the profile's questions."""
    from rigcheck.scoring import DERIVED_QUESTION_IDS, normalise_answer

    answers = _read_answers_file(answers_path) if answers_path else {}
    answers.update(dict(pairs or []))
    known = [question.id for question in profile.questions] + list(DERIVED_QUESTION_IDS)  # derived: asked when the facts raise them
    for key, value in answers.items():
        if key not in known:
            raise UsageError(_('profile %(profile)s has no question "%(key)s"%(hint)s; its questions: %(known)s')
                             % {"profile": profile.id, "key": key, "hint": did_you_mean(key, known), "known": ", ".join(known)})
        if normalise_answer(value) is None:
            raise UsageError(_('answer to "%(key)s" must be yes or no, not "%(value)s"') % {"key": key, "value": value})
    return answers


STDOUT_PATH = "-"  # --output - writes to standard output


def _check_output_path(path: str) -> None:
    """Refuse an unwritable --output before spending a minute on probes."""
    if path == STDOUT_PATH:
        return
    try:
        _check_output_folder(path)
    except OSError as exc:  # e.g. a name longer than the system allows
        raise _write_error(path, exc) from None


def _check_output_folder(path: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise UsageError(_("--output %(path)s is a folder; give a file name") % {"path": path})
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(_("--output %(path)s: folder %(folder)s does not exist") % {"path": path, "folder": parent})
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(_("--output %(path)s: permission denied") % {"path": path})


def _write_error(path: str, exc: OSError) -> UsageError:
    from rigcheck.writing import SaveError, reason_words

    return UsageError(str(SaveError(path, reason_words(exc))))


def _write_atomically(text: str, path: str) -> None:
    """A file written whole by rigcheck.writing (the one writer), or a usage error in plain words."""
    from rigcheck.writing import SaveError, write_file

    try:
        write_file(path, text)
    except SaveError as exc:
        raise UsageError(str(exc)) from None


def _discard_stdout() -> None:
    """After a failed write, point stdout at the null device so the exit-time flush cannot fail too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _write_stdout(text: str, *, report: bool = False) -> None:
    """Data to stdout. BrokenPipeError goes up (the reader left); any other failure is a usage error."""
    from rigcheck.render.common import fit_to_encoding

    if sys.__stdout__ is None:  # closed when rigcheck started (`>&-`): launch.prepare points it at the null device
        raise UsageError(_("the report could not be written: standard output is closed (use --output FILE)") if report
                         else _("nothing could be written: standard output is closed"))
    try:
        sys.stdout.write(fit_to_encoding(text, sys.stdout.encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        raise
    except OSError as exc:
        _discard_stdout()
        raise _write_error(_("the report to standard output"), exc) from None


def _write_output(text: str, path: str | None, *, report: bool = False) -> None:
    """The report to stdout (None or "-"), in place to a device or FIFO, atomically to a regular file."""
    if path is None or path == STDOUT_PATH:
        _write_stdout(text, report=report)
        return
    _write_atomically(text, path)  # in place to a device or FIFO, atomically to a regular file
    _err(_("report written to %(path)s") % {"path": path})


class StderrProgress:
    """One self-replacing status line on stderr, only when stderr is a terminal that understands it."""

    def __init__(self, total: int) -> None:
        # TERM=dumb (Emacs shells, some CI consoles) cannot erase a line: no progress there.
        self.enabled = sys.stderr is not None and sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"
        self.total = total
        self.done = 0
        self.running: dict[str, str] = {}
        self.lock = threading.Lock()
        self.last_draw = 0.0

    def __call__(self, event: Any) -> None:
        if not self.enabled:
            return
        from rigcheck.probes.base import ProbeFinished, ProbeProgress, ProbeStarted
        from rigcheck.render.numbers import value_text

        with self.lock:
            if isinstance(event, ProbeStarted):
                self.running[event.probe] = ""
            elif isinstance(event, ProbeProgress):
                mbps = event.detail.get("mbps")
                is_rate = isinstance(mbps, (int, float)) and not isinstance(mbps, bool)
                self.running[event.probe] = event.phase + (f" {value_text(mbps, 'Mbit/s')}" if is_rate else "")
                if time.monotonic() - self.last_draw < 0.1:
                    return
            elif isinstance(event, ProbeFinished):
                self.running.pop(event.result.probe, None)
                self.done += 1
            self.last_draw = time.monotonic()
            busy = ", ".join(f"{probe} {detail}".strip() for probe, detail in self.running.items())
            busy = busy or _("scoring")
            line = f"[{self.done}/{self.total}] {busy}"
            self._draw(line[:120])

    def _draw(self, line: str) -> None:
        try:
            sys.stderr.write("\r\033[2K" + line)
            sys.stderr.flush()
        except (OSError, ValueError):
            self.enabled = False  # the terminal went away; the run goes on

    def close(self) -> None:
        if self.enabled:
            self._draw("")


def _network_options(args: argparse.Namespace, profile: Profile | None) -> dict[str, Any]:
    from rigcheck.engine import probe_options

    extra: dict[str, Any] = {"stun_servers": args.stun} if getattr(args, "stun", None) else {}
    backup_interface = getattr(args, "check_backup_interface", None) or getattr(args, "backup_interface", None)
    if backup_interface:
        extra["backup_interface"] = backup_interface
    return probe_options(profile, server=getattr(args, "check_server", None) or getattr(args, "server", None), extra=extra)


# ---------------------------------------------------------------------------------------------
# Commands

def cmd_check(args: argparse.Namespace) -> int:
    from rigcheck.engine import collect, optional_probes_needed, select_probes
    from rigcheck.scoring import score
    from rigcheck.profile import DEFAULT_PROFILE_ID

    profile = _load_profile(args.check_profile or args.profile or DEFAULT_PROFILE_ID)
    answers = collect_answers(profile, args.answer, args.answers)
    applicant = _applicant(args.applicant)
    if args.output:
        _check_output_path(args.output)
    # An opt-in probe runs when the profile reads its facts (the mic for a room-noise limit): the employer asked.
    selected, skipped = select_probes(args.only, args.skip, wanted_optional=optional_probes_needed(profile))
    if not selected:
        raise UsageError(_("--only and --skip leave no test to run"))
    progress = StderrProgress(len(selected))
    try:
        snapshot = collect(selected, _network_options(args, profile), skipped=skipped, on_event=progress)
    finally:
        progress.close()
    report = score(snapshot, profile, answers, applicant=applicant)
    try:
        text = render(report, args.format, encoding=_console_encoding(args.output), width=_terminal_width(args.output))
        _write_output(text, args.output, report=True)
    except BrokenPipeError:
        pass  # the reader left (`| head`, `| true`): the verdict still decides the exit code (pipefail)
    return exit_code_for_verdict(report.verdict)


def _console_encoding(output: str | None) -> str | None:
    """The encoding of the console a report goes to; None when it goes to a file (always UTF-8)."""
    to_stdout = output is None or output == STDOUT_PATH
    return sys.stdout.encoding if to_stdout and sys.stdout is not None else None


def _terminal_width(output: str | None) -> int | None:
    """The width of the terminal a report goes to; None for a file or a pipe (never cut what is kept)."""
    import shutil

    to_stdout = output is None or output == STDOUT_PATH
    try:
        on_terminal = to_stdout and sys.stdout is not None and sys.stdout.isatty()
    except (OSError, ValueError):
        return None
    return shutil.get_terminal_size().columns if on_terminal else None


def cmd_probe(args: argparse.Namespace) -> int:
    from rigcheck.engine import collect
    from rigcheck.model import ProbeStatus

    valid = PROBE_IDS + OPTIONAL_PROBE_IDS
    unknown = [name for name in args.probes if name not in valid]
    if unknown:
        raise UsageError(unknown_name_message(unknown, valid, "probe"))
    selected = list(dict.fromkeys(args.probes)) or list(PROBE_IDS)
    progress = StderrProgress(len(selected))
    try:
        profile = _load_profile(args.profile) if args.profile else None
        snapshot = collect(selected, _network_options(args, profile), on_event=progress)
    finally:
        progress.close()
    _write_output(render_facts(snapshot.results, args.format), None)
    # Unsupported (what this computer cannot tell) is an answer; an error or a timeout is a probe that failed.
    failed = [r for r in snapshot.results.values() if r.status in (ProbeStatus.ERROR, ProbeStatus.TIMEOUT)]
    return ExitCode.INCOMPLETE if failed else ExitCode.READY


def cmd_profiles(args: argparse.Namespace) -> int:
    from rigcheck.profile import ProfileError, bundled_profiles, profile_json_schema
    from rigcheck.render.profile_text import profile_list_text, profile_text

    if args.profiles_command == "schema":
        _write_output(json.dumps(profile_json_schema(), indent=2) + "\n", None)
        return ExitCode.READY
    if args.profiles_command == "new":
        return _new_profile(args.path)
    if args.profiles_command == "list":
        try:
            profiles = bundled_profiles()
        except ProfileError as exc:
            raise UsageError(_("a bundled profile is broken:\n%(problems)s") % {"problems": exc}) from None
        _write_output(profile_list_text(profiles), None)
        return ExitCode.READY
    if args.profiles_command == "show":
        _write_output(profile_text(_load_profile(args.ref)), None)
        return ExitCode.READY
    if args.profiles_command == "pin":
        return _pin_profile(args.path, args.url)
    return _validate_profiles(args.paths)


def _profile_file_ref(path: str) -> str:
    """A path as load_profile reads a file (a bare name such as `acme` is a file here, not a bundled id)."""
    return path if path.startswith(("https://", "http://")) or path.endswith(".toml") or "/" in path else f"./{path}"


def _validate_profiles(paths: list[str]) -> int:
    """`profiles validate`: every file, every problem; warnings for the starter's placeholders left in."""
    from rigcheck.profile import ProfileError, load_profile
    from rigcheck.profile.validate import placeholder_warnings
    from rigcheck.render.profile_text import validated_text

    failed = 0
    for path in paths:
        try:
            profile = load_profile(_profile_file_ref(path))
        except ProfileError as exc:
            failed += 1
            _diagnostic(str(exc))
            continue
        _write_output(validated_text(path, profile), None)
        for warning in placeholder_warnings(profile, _local_text(path)):
            _diagnostic(str(warning))
    return ExitCode.USAGE if failed else ExitCode.READY


def _local_text(path: str) -> str | None:
    """A local profile's text, for the line numbers of its warnings (None for a URL)."""
    if path.startswith(("https://", "http://")):
        return None
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _pin_profile(path: str, url: str) -> int:
    """`profiles pin PATH --url https://…`: the address to publish, pinned to this exact file."""
    from rigcheck.profile import ProfileError, load_profile
    from rigcheck.profile.validate import placeholder_warnings
    from rigcheck.render.profile_text import pinned_url

    try:
        profile = load_profile(_profile_file_ref(path))
    except ProfileError as exc:
        raise UsageError(_("profile %(ref)s is not usable:\n%(problems)s") % {"ref": path, "problems": exc}) from None
    for warning in placeholder_warnings(profile, _local_text(path)):
        _diagnostic(str(warning))
    _write_output(pinned_url(url, profile.sha256) + "\n", None)
    return ExitCode.READY


def _new_profile(path: str | None) -> int:
    from rigcheck.profile.starter import starter_profile_text

    text = starter_profile_text()
    if path is None:
        _write_output(text, None)
        return ExitCode.READY
    if os.path.lexists(path):
        raise UsageError(_("%(path)s already exists; give a new file name (a profile is never replaced)") % {"path": path})
    _check_output_path(path)
    _write_atomically(text, path)
    _err(_("starter profile written to %(path)s; check it with: rigcheck profiles validate %(path)s") % {"path": path})
    return ExitCode.READY


def _write_report_output(text: str, path: str | None) -> None:
    """Summaries and rendered reports: stdout, or a file written whole (never half a page)."""
    if path is not None and path != STDOUT_PATH:
        _check_output_path(path)
    try:
        _write_output(text, path, report=True)
    except BrokenPipeError:
        pass  # the reader left (`| head`); the exit code still says what happened


def cmd_report(args: argparse.Namespace) -> int:
    if args.report_command == "schema":
        from rigcheck.report_schema import report_json_schema

        _write_output(json.dumps(report_json_schema(), indent=2) + "\n", None)
        return ExitCode.READY
    profile = _load_profile(args.report_profile) if args.report_profile else None
    if args.report_command == "show":
        return _show_report(args, profile)
    return _summarize_reports(args, profile)


def _show_report(args: argparse.Namespace, profile: Profile | None) -> int:
    from rigcheck.received import read_report
    from rigcheck.summary import integrity_of

    try:
        report = read_report(args.file)
    except ValueError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    integrity = integrity_of(report, profile)
    # A received report is someone else's text: no control characters reach the terminal or the file.
    _write_report_output(render_received(report, args.format, encoding=_console_encoding(args.output)), args.output)
    if not integrity.intact:
        _err(_("%(file)s: edited or damaged, do not rely on its verdict: %(reasons)s")
             % {"file": args.file, "reasons": "; ".join(integrity.reasons)})
        return ExitCode.NOT_READY
    return ExitCode.READY


def _summarize_reports(args: argparse.Namespace, profile: Profile | None) -> int:
    from rigcheck.received import absorb_files, expand_paths
    from rigcheck.summary import summarize

    files, unreadable = expand_paths(args.paths)
    parts, unread_files = absorb_files(files, profile)
    unreadable += unread_files
    for item in unreadable:
        _err(f"{item.path}: {item.reason}")
    summary = summarize(parts, unreadable, profile)
    links = _report_links([row.path for row in summary.rows], args.output)
    _write_report_output(render_summary(summary, args.format, links=links), args.output)
    return ExitCode.USAGE if unreadable else ExitCode.READY


def _watched_profile(log_path: str | None) -> str | None:
    """The profile a resumed watch was started with (its reference, as the log's start record keeps it)."""
    from rigcheck.watch.log import WatchLogError, read_log

    if not log_path:
        return None
    try:
        source = read_log(log_path)[0].get("profile", {}).get("source")
    except WatchLogError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(source, str) or not source:
        return None
    return source.split(":", 1)[1] if source.startswith("bundled:") else source


def cmd_watch(args: argparse.Namespace) -> int:
    from rigcheck.probes.network import DEFAULT_STUN_SERVERS
    from rigcheck.profile import DEFAULT_PROFILE_ID
    from rigcheck.watch.command import WatchRequest, default_log_path, describe_plan, prepare, say_on_stderr, shift_report, watch
    from rigcheck.watch.log import WatchLogError

    if args.output:
        _check_output_path(args.output)
    profile = _load_profile(args.watch_profile or args.profile or _watched_profile(args.resume) or DEFAULT_PROFILE_ID)
    request = WatchRequest(
        profile=profile, hours=args.hours, every_s=args.every,
        stun=(args.stun or list(profile.stun_servers) or list(DEFAULT_STUN_SERVERS))[0],
        speed_server=args.check_server or args.server or profile.network_server, speed_every_s=args.speed_every,
        log_path=args.resume or args.log or default_log_path(), resume=bool(args.resume),
    )
    try:
        plan, log, end_wall = prepare(request)
    except (WatchLogError, OSError) as exc:
        raise UsageError(str(exc)) from None
    _diagnostic(describe_plan(plan, request.log_path))
    interrupted: KeyboardInterrupt | None = None
    try:
        watch(plan, log, end_wall, say=say_on_stderr)
    except KeyboardInterrupt as exc:  # the log holds every finished sample: report what was watched
        interrupted = exc
    report = shift_report(request.log_path, profile)
    try:
        _write_output(render(report, args.format, encoding=_console_encoding(args.output)), args.output)
    except BrokenPipeError:
        pass
    if interrupted is not None:
        raise interrupted
    return exit_code_for_verdict(report.verdict)


def _report_links(paths: list[str], output: str | None) -> dict[str, str]:
    """Each report file in or below the folder a summary is saved to -> its address from there.

    The rendered report (the same name ending in .html, as `report show --format html` or the applicant
    saved it) when there is one, else the JSON file itself. None for a summary on stdout (no place to link from).
    """
    if output is None or output == STDOUT_PATH:
        return {}
    home = Path(output).resolve().parent
    links = {}
    for path in paths:
        report = Path(path).resolve()
        if not report.is_relative_to(home):
            continue  # not beside the dashboard: a link would break when the folder is sent on
        rendered = report.with_suffix(".html")
        target = rendered if rendered.is_file() else report
        links[path] = target.relative_to(home).as_posix()
    return links


def cmd_tui(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _err(_("the guided check needs an interactive terminal.\n"
               "For scripts and CI run:  rigcheck check --profile generic-voice --format json\n"
               "(see `rigcheck check --help`)."))
        return ExitCode.USAGE
    # A bad --profile is a usage error before the screen opens; a URL is fetched once.
    profile = _load_profile(args.profile) if args.profile else None
    try:
        from rigcheck.tui import run
    except ImportError as exc:
        raise UsageError(_("the guided check is not available (%(reason)s); use `rigcheck check`") % {"reason": exc}) from None
    return run(profile, args.server, args.backup_interface)


def main(argv: Sequence[str] | None = None) -> int:
    from rigcheck.launch import prepare

    prepare()  # no console streams, redirected output on Windows, a double-clicked window: rigcheck.launch
    install_signal_handlers()  # already in place when started as `rigcheck` (rigcheck.entry); for callers of main()
    from rigcheck.i18n import LANGUAGES, _, resolve_language, set_language

    argv = list(sys.argv[1:] if argv is None else argv)
    requested = _requested_language(argv)
    try:
        language: str | None = resolve_language(requested)
    except ValueError:
        language = None
    set_language(language or "en")
    parser = build_parser()
    if language is None:
        parser.error(_('--lang: rigcheck does not speak "%(language)s"; choose from %(languages)s')
                     % {"language": requested, "languages": ", ".join(LANGUAGES)})
    args = parser.parse_args(argv)
    handlers = {"check": cmd_check, "probe": cmd_probe, "profiles": cmd_profiles, "report": cmd_report, "watch": cmd_watch,
                None: cmd_tui}
    try:
        return int(handlers[args.command](args))
    except UsageError as exc:
        _err(str(exc))
        return ExitCode.USAGE
    except Terminated:
        _err(_("terminated"))
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        _err(_("interrupted"))
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader left before the output was delivered: no traceback, and not "success" either.
        _discard_stdout()
        return ExitCode.USAGE

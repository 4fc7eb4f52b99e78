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
from pathlib import Path
from typing import Any, Sequence

from rigcheck import __version__
from rigcheck.entry import Terminated  # SIGTERM's exception, raised by the handler rigcheck.entry installs
from rigcheck.entry import install as install_signal_handlers
from rigcheck.i18n import _
from rigcheck.exit_codes import ExitCode, exit_code_for_verdict
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

def _probe_list(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"names no probe; valid probes: {', '.join(PROBE_IDS)}")
    unknown = [name for name in names if name not in PROBE_IDS]
    if unknown:
        suggestions = "".join(
            f' (did you mean "{close[0]}"?)' for name in unknown[:1] if (close := difflib.get_close_matches(name, PROBE_IDS, n=1))
        )
        raise argparse.ArgumentTypeError(f"unknown probe {', '.join(unknown)}{suggestions}; valid probes: {', '.join(PROBE_IDS)}")
    return names


def _server_url(text: str) -> str:
    """A LibreSpeed server URL: http(s), a host, a numeric port if any (a scheme-less host means https)."""
    import urllib.parse

    parts = urllib.parse.urlsplit(text.strip() if "://" in text else f"https://{text.strip()}")
    if parts.scheme not in ("http", "https"):
        raise argparse.ArgumentTypeError(f'"{text}" is not an http:// or https:// URL')
    try:
        port_ok = parts.port != 0
    except ValueError:
        port_ok = False
    if not port_ok:
        raise argparse.ArgumentTypeError(f'"{text}" has a port that is not a number from 1 to 65535')
    if not parts.hostname:
        raise argparse.ArgumentTypeError(f'"{text}" names no server; write e.g. https://speed.example.com/backend/')
    return text.strip()


def _stun_server(text: str) -> str:
    """HOST:PORT as a profile's [network] stun entries are written, with a port from 1 to 65535."""
    from rigcheck.profile.fields import HOST_PORT_PATTERN

    value = text.strip()
    port = value.rpartition(":")[2] if re.search(r":\d+$", value) else None
    if not re.match(HOST_PORT_PATTERN, value) or (port is not None and not 1 <= int(port) <= 65535):
        raise argparse.ArgumentTypeError(f'"{text}" is not HOST:PORT with a port from 1 to 65535 (e.g. stun.example.com:3478)')
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
        raise argparse.ArgumentTypeError(f'"{text}" is not ID=VALUE (e.g. cordless-phone=no)')
    key, _sep, value = text.partition("=")
    return key.strip(), value.strip()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rigcheck",
        description="Is this home office ready to take calls? Without a command, opens the guided check (TUI).",
        epilog="Exit codes: 0 ready, 1 not ready, 2 usage/profile/input error, 3 incomplete, 130 interrupted, 143 terminated.",
    )
    parser.add_argument("--version", action="version", version=f"rigcheck {__version__}")
    parser.add_argument("--profile", metavar="REF", help="bundled profile id, path to a .toml file, or https:// URL (#sha256=... pins it)")
    parser.add_argument("--server", type=_server_url, metavar="URL", help="LibreSpeed server for the speed test (overrides the profile)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="run every probe headless and score against a profile",
                                description="Run the probes, score them against a profile and print the report.")
    check.add_argument("--profile", dest="check_profile", metavar="REF", help="profile (default: generic-voice)")
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output", metavar="PATH", help="write the report here instead of stdout")
    check.add_argument("--only", type=_probe_list, metavar="PROBE[,PROBE]", help=f"run only these probes ({', '.join(PROBE_IDS)})")
    check.add_argument("--skip", type=_probe_list, metavar="PROBE[,PROBE]", help="leave these probes out")
    check.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help="LibreSpeed server, overrides the profile")
    check.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help="STUN server for the voice-path test (repeatable)")
    check.add_argument("--answer", action="append", type=_answer, metavar="ID=VALUE", help="answer a profile question (repeatable)")
    check.add_argument("--answers", metavar="PATH", help="answers file (TOML or JSON: question id = yes/no)")
    check.add_argument("--applicant", metavar="TEXT", help="the reference the employer asked for (name, e-mail or applicant id); "
                       "put at the top of the report, nothing else personal is added")

    probe = commands.add_parser("probe", help="print raw facts, no scoring",
                                description="Run probes and print what they found, without judging it.")
    probe.add_argument("probes", nargs="*", metavar="PROBE", help=f"probes to run (default: all): {', '.join(PROBE_IDS + OPTIONAL_PROBE_IDS)}")
    probe.add_argument("--format", choices=names(FACTS_FORMATS), default="text")
    probe.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help="LibreSpeed server for the network probe")
    probe.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help="STUN server for the network probe (repeatable)")

    profiles = commands.add_parser("profiles", help="list, show, validate profiles; print the JSON Schema")
    profile_commands = profiles.add_subparsers(dest="profiles_command", metavar="ACTION", required=True)
    profile_commands.add_parser("list", help="bundled profiles")
    show = profile_commands.add_parser("show", help="what a profile asks for")
    show.add_argument("ref", metavar="REF")
    validate = profile_commands.add_parser("validate", help="check profile files; every problem with file:line")
    validate.add_argument("paths", nargs="+", metavar="PATH")
    profile_commands.add_parser("schema", help="JSON Schema of the profile format, for editors")
    new = profile_commands.add_parser("new", help="write a commented starter profile (every key explained)")
    new.add_argument("path", nargs="?", metavar="PATH", help="file to create (default: standard output); never replaced")

    report = commands.add_parser("report", help="work with saved reports")
    report_commands = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    summarize = report_commands.add_parser(
        "summarize", help="what a pile of reports says: verdicts, what fails most, network figures, one row per applicant",
        description="Summarise saved JSON reports: files, and folders searched for *.json. Each report's verdict and score "
                    "are recomputed from its checks (with --profile, from its facts): one that disagrees is 'edited or damaged'.",
        epilog="Exit codes: 0 every file read, 2 a file could not be read (it is named and skipped) or bad usage.")
    summarize.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    summarize.add_argument("--format", choices=names(SUMMARY_FORMATS), default="text", help=described(SUMMARY_FORMATS))
    summarize.add_argument("--profile", dest="report_profile", metavar="REF", help="re-score every report's facts against this profile")
    summarize.add_argument("--output", metavar="PATH", help="write here instead of stdout")
    show = report_commands.add_parser(
        "show", help="render a received JSON report in another format",
        description="Render a saved JSON report as text, HTML, Markdown or JUnit, after checking it was not edited.",
        epilog="Exit codes: 0 shown, 1 shown but edited or damaged (said on stderr), 2 not readable or bad usage.")
    show.add_argument("file", metavar="FILE")
    show.add_argument("--format", choices=RECEIVED_FORMATS, default="text")
    show.add_argument("--profile", dest="report_profile", metavar="REF", help="also re-score the facts against this profile")
    show.add_argument("--output", metavar="PATH", help="write here instead of stdout")
    report_commands.add_parser("schema", help="JSON Schema of the report format (rigcheck.report/1)")

    watch = commands.add_parser("watch", help="watch the connection over a shift (outages, call quality by the hour)",
                                description="Watch the connection for hours: a STUN request every second counts outages, a "
                                            "call-path sample every interval, a small speed sample now and then; an append-only "
                                            "log lets --resume continue after a crash. The report scores the profile's [shift] section.")
    watch.add_argument("--profile", dest="watch_profile", metavar="REF", help="profile (default: generic-voice)")
    watch.add_argument("--hours", type=_hours, default=8.0, metavar="H", help="how long to watch, in hours (fractions allowed; default 8)")
    watch.add_argument("--every", type=_duration, default=300.0, metavar="DUR", help="call-path sample interval: 20s, 5m, 1h (default 5m)")
    watch.add_argument("--speed-every", type=_duration, default=1800.0, metavar="DUR",
                       help="small speed sample interval, when a LibreSpeed server is known (default 30m)")
    watch.add_argument("--resume", metavar="LOG", help="continue the watch whose log this is")
    watch.add_argument("--log", metavar="PATH", help="where the watch log goes (default: rigcheck-watch-<time>.jsonl here)")
    watch.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    watch.add_argument("--output", metavar="PATH", help="write the report here instead of stdout")
    watch.add_argument("--server", dest="check_server", type=_server_url, metavar="URL", help="LibreSpeed server, overrides the profile")
    watch.add_argument("--stun", action="append", type=_stun_server, metavar="HOST:PORT", help="STUN server (the first is used)")
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
        raise UsageError(f"profile {ref} is not usable:\n{exc}") from None
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
        raise ValueError(f"larger than {MAX_INPUT_FILE_BYTES // (1024 * 1024)} MiB")
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
        raise UsageError(f"answers file {path} is neither a JSON object nor TOML: {exc}") from None
    except ValueError:  # an integer of thousands of digits (Python's int() limit), in either format
        raise UsageError(_("answers file %(path)s holds a number with more digits than any answer can mean; "
                           "it maps question ids to yes/no") % {"path": path}) from None
    except RecursionError:  # both parsers recurse into nested lists and tables
        raise UsageError(f"answers file {path} is nested too deeply; it maps question ids to yes/no") from None


def _read_answers_file(path: str) -> dict[str, str]:
    try:
        raw = _read_capped(path)
    except OSError as exc:
        raise UsageError(f"cannot read answers file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"answers file {path} is {exc}; it maps question ids to yes/no") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(f"answers file {path} is UTF-16 text; save it as UTF-8")
    data = _parse_answers(raw.decode("utf-8-sig", errors="replace"), path)  # Windows editors add a BOM
    if not isinstance(data, dict):
        raise UsageError(f"answers file {path} must map question ids to yes/no")
    answers = {}
    for key, value in data.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        if not isinstance(value, (str, int)):
            raise UsageError(f"answers file {path}: {key} must be yes or no, not {type(value).__name__}")
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
            close = difflib.get_close_matches(key, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise UsageError(f'profile {profile.id} has no question "{key}"{hint}; its questions: {", ".join(known) or "none"}')
        if normalise_answer(value) is None:
            raise UsageError(f'answer to "{key}" must be yes or no, not "{value}"')
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
        raise UsageError(f"--output {path} is a folder; give a file name")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"--output {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise UsageError(f"--output {path}: permission denied")


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


def _write_stdout(text: str) -> None:
    """Data to stdout. BrokenPipeError goes up (the reader left); any other failure is a usage error."""
    from rigcheck.render.common import fit_to_encoding

    if sys.__stdout__ is None:  # closed when rigcheck started (`>&-`): launch.prepare points it at the null device
        raise UsageError(_("the report could not be written: standard output is closed (use --output FILE)"))
    try:
        sys.stdout.write(fit_to_encoding(text, sys.stdout.encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        raise
    except OSError as exc:
        _discard_stdout()
        raise _write_error("the report to standard output", exc) from None


def _write_output(text: str, path: str | None) -> None:
    """The report to stdout (None or "-"), in place to a device or FIFO, atomically to a regular file."""
    if path is None or path == STDOUT_PATH:
        _write_stdout(text)
        return
    _write_atomically(text, path)  # in place to a device or FIFO, atomically to a regular file
    _err(f"report written to {path}")


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
            line = f"[{self.done}/{self.total}] {busy or 'scoring'}"
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

    extra = {"stun_servers": args.stun} if getattr(args, "stun", None) else None
    return probe_options(profile, server=getattr(args, "check_server", None) or getattr(args, "server", None), extra=extra)


# ---------------------------------------------------------------------------------------------
# Commands

def cmd_check(args: argparse.Namespace) -> int:
    from rigcheck.engine import collect, select_probes
    from rigcheck.scoring import score
    from rigcheck.profile import DEFAULT_PROFILE_ID

    profile = _load_profile(args.check_profile or args.profile or DEFAULT_PROFILE_ID)
    answers = collect_answers(profile, args.answer, args.answers)
    applicant = _applicant(args.applicant)
    if args.output:
        _check_output_path(args.output)
    selected, skipped = select_probes(args.only, args.skip)
    if not selected:
        raise UsageError("--only and --skip leave no probe to run")
    progress = StderrProgress(len(selected))
    try:
        snapshot = collect(selected, _network_options(args, profile), skipped=skipped, on_event=progress)
    finally:
        progress.close()
    report = score(snapshot, profile, answers, applicant=applicant)
    try:
        _write_output(render(report, args.format, encoding=_console_encoding(args.output)), args.output)
    except BrokenPipeError:
        pass  # the reader left (`| head`, `| true`): the verdict still decides the exit code (pipefail)
    return exit_code_for_verdict(report.verdict)


def _console_encoding(output: str | None) -> str | None:
    """The encoding of the console a report goes to; None when it goes to a file (always UTF-8)."""
    to_stdout = output is None or output == STDOUT_PATH
    return sys.stdout.encoding if to_stdout and sys.stdout is not None else None


def cmd_probe(args: argparse.Namespace) -> int:
    from rigcheck.engine import collect

    valid = PROBE_IDS + OPTIONAL_PROBE_IDS
    unknown = [name for name in args.probes if name not in valid]
    if unknown:
        raise UsageError(f"unknown probe {', '.join(unknown)}; valid probes: {', '.join(valid)}")
    selected = list(dict.fromkeys(args.probes)) or list(PROBE_IDS)
    progress = StderrProgress(len(selected))
    try:
        profile = _load_profile(args.profile) if args.profile else None
        snapshot = collect(selected, _network_options(args, profile), on_event=progress)
    finally:
        progress.close()
    _write_output(render_facts(snapshot.results, args.format), None)
    return ExitCode.READY


def cmd_profiles(args: argparse.Namespace) -> int:
    from rigcheck.profile import ProfileError, bundled_profiles, load_profile, profile_json_schema
    from rigcheck.render.profile_text import profile_list_text, profile_text, validated_text

    if args.profiles_command == "schema":
        _write_output(json.dumps(profile_json_schema(), indent=2) + "\n", None)
        return ExitCode.READY
    if args.profiles_command == "new":
        return _new_profile(args.path)
    if args.profiles_command == "list":
        try:
            profiles = bundled_profiles()
        except ProfileError as exc:
            raise UsageError(f"a bundled profile is broken:\n{exc}") from None
        _write_output(profile_list_text(profiles), None)
        return ExitCode.READY
    if args.profiles_command == "show":
        _write_output(profile_text(_load_profile(args.ref)), None)
        return ExitCode.READY
    # validate: every file, every problem
    failed = 0
    for path in args.paths:
        try:
            profile = load_profile(path if path.startswith(("https://", "http://")) or path.endswith(".toml") or "/" in path else f"./{path}")
        except ProfileError as exc:
            failed += 1
            _diagnostic(str(exc))
        else:
            _write_output(validated_text(path, profile), None)
    return ExitCode.USAGE if failed else ExitCode.READY


def _new_profile(path: str | None) -> int:
    from rigcheck.profile.starter import starter_profile_text

    text = starter_profile_text()
    if path is None:
        _write_output(text, None)
        return ExitCode.READY
    if os.path.lexists(path):
        raise UsageError(f"{path} already exists; give a new file name (a profile is never replaced)")
    _check_output_path(path)
    _write_atomically(text, path)
    _err(f"starter profile written to {path}; check it with: rigcheck profiles validate {path}")
    return ExitCode.READY


def _write_report_output(text: str, path: str | None) -> None:
    """Summaries and rendered reports: stdout, or a file written whole (never half a page)."""
    if path is not None and path != STDOUT_PATH:
        _check_output_path(path)
    try:
        _write_output(text, path)
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
        _err(f"{args.file}: edited or damaged, do not rely on its verdict: {'; '.join(integrity.reasons)}")
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
    _write_report_output(render_summary(summary, args.format), args.output)
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


def cmd_tui(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        _err("the guided check needs an interactive terminal.\n"
             "For scripts and CI run:  rigcheck check --profile generic-voice --format json\n"
             "(see `rigcheck check --help`).")
        return ExitCode.USAGE
    # A bad --profile is a usage error before the screen opens; a URL is fetched once.
    profile = _load_profile(args.profile) if args.profile else None
    try:
        from rigcheck.tui import run
    except ImportError as exc:
        raise UsageError(f"the TUI is not available ({exc}); use `rigcheck check`") from None
    return run(profile, args.server)


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
        _err("terminated")
        return ExitCode.TERMINATED
    except KeyboardInterrupt:
        _err("interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader left before the output was delivered: no traceback, and not "success" either.
        _discard_stdout()
        return ExitCode.USAGE

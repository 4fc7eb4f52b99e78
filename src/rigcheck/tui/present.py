"""Words, symbols and number formatting the TUI shows. Pure functions: no Textual, no I/O.

Status is always spelled out and given a symbol, so nothing depends on colour alone
(colour-blind users, monochrome terminals, screen readers reading the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rigcheck.facts import Fact, audio, connection, cpu, disk, display, memory, network, power, probe_facts, system
from rigcheck.i18n import N_, _, ngettext
from rigcheck.model import CheckResult, ProbeProblem, ProbeResult
# Re-exported from render: the TUI words values, numbers and profiles exactly as the reports do.
from rigcheck.render import words
from rigcheck.render.common import STATUS_SEVERITY, status_text
from rigcheck.render.numbers import number_text as format_number
from rigcheck.render.numbers import value_text as format_value
from rigcheck.render.profile_text import requirement_lines  # noqa: F401 - re-exported for the screens
from rigcheck.render.profile_text import profile_lines as describe_profile  # noqa: F401 - re-exported for the screens

# The verdicts' symbols; their words are the reports' own (render.words), so the applicant and the
# employer read the same.
VERDICT_SYMBOLS = {"ready": "✔", "ready_with_warnings": "!", "not_ready": "✘", "incomplete": "?"}

# Where a probe is on the checks screen while it runs: (symbol, word). Once it has finished, the screen
# shows the outcome (a check status) instead: whether what it found meets the profile.
PROBE_STATE_LABELS: dict[str, tuple[str, str]] = {
    "waiting": ("·", N_("waiting")),
    "running": ("▶", N_("checking")),
    "ok": ("■", N_("done")),
    "error": ("✘", N_("could not check")),
    "timeout": ("⏱", N_("took too long")),
    "unsupported": ("-", N_("cannot tell here")),
    "cancelled": ("■", N_("stopped")),
}
# A finished probe the profile sets no rule for: measured for the report, nothing to pass or fail.
NO_RULE_LABEL = N_("· for the report")

# The connection probe's `kind`, as a person says it.
CONNECTION_WORDS: dict[str, str] = {
    "ethernet": N_("LAN cable"),
    "wifi": N_("Wi-Fi"),
    "cellular": N_("mobile data"),
    "vpn": N_("VPN"),
    "virtual": N_("virtual network adapter"),
    "unknown": N_("kind not known"),
}


def check_status_label(status: str) -> str:
    """'✘ FAILED': the reports' symbol and word for a check status, in the current language."""
    return status_text(status) if status in STATUS_SEVERITY else f"? {status}"


def verdict_label(verdict: str) -> str:
    """'✘ NOT READY': the verdict's symbol and headline."""
    return f"{VERDICT_SYMBOLS.get(verdict, '?')} {words.verdict_text(verdict)[0]}"


def verdict_explanation(verdict: str) -> str:
    """What the verdict means, in a sentence."""
    return words.verdict_text(verdict)[1]


def probe_state_label(state: str) -> str:
    symbol, word = PROBE_STATE_LABELS.get(state, ("?", state))
    return symbol + " " + _(word)


def first_mbps(detail: Mapping[str, Any]) -> float | None:
    """The current throughput in a network progress event (the one key the network test names it by)."""
    value = detail.get(network.PROGRESS_MBPS)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _join(parts: list[str]) -> str:
    return ", ".join(part for part in parts if part)


def summarize_result(result: ProbeResult) -> str:
    """One line saying what a probe saw (facts only, no judgement), or why it saw nothing.

    How it ended is said in the applicant's words ("took too long"); the probe's own error text, English
    and technical, stays in the saved report for IT."""
    values = result.values or {}
    trouble = _(PROBE_STATE_LABELS.get("cancelled" if result.cancelled else result.status, PROBE_STATE_LABELS["error"])[1])
    if result.status != "ok" and not values:
        return trouble
    summary = _summarize_values(result.probe, values)
    if result.status != "ok" or result.partial:  # some facts measured, the rest not: say both
        why = trouble if result.status != "ok" else _("some details unknown")
        summary = _join([_("partly: %(found)s") % {"found": summary} if summary else "", why])
    return summary


def _summarize_values(probe: str, values: Mapping[str, Any]) -> str:
    summarize = _SUMMARIES.get(probe)
    if summarize is not None:
        return summarize(lambda fact: values.get(fact.key))
    return _declared_summary(probe, values)


def _declared_summary(probe: str, values: Mapping[str, Any], count: int = 3) -> str:
    """A probe without a summary of its own (a new one, a test's fake): its first declared facts, titled."""
    try:
        facts = probe_facts(probe).facts
    except KeyError:  # not a registered probe: the first few values as they are
        return _join([f"{key} {format_value(value)}" for key, value in list(values.items())[:count]])
    shown = [fact for fact in facts if values.get(fact.key) is not None][:count]
    return _join([_(fact.title) + ": " + format_value(values[fact.key], fact.unit) for fact in shown])


# `get(fact)` is the probe's value of a declared fact (None when it did not report it).
Get = Callable[[Fact], Any]


def _system_summary(get: Get) -> str:
    extra = []
    if get(system.VIRTUAL_MACHINE):
        extra.append(_("virtual machine"))
    if get(system.REMOTE_SESSION):
        extra.append(_("remote session (%(kind)s)") % {"kind": get(system.REMOTE_SESSION_KIND) or _("kind not known")})
    return _join([str(get(system.OS_NAME) or get(system.OS_FAMILY) or ""), str(get(system.ARCHITECTURE) or ""), *extra])


def _cpu_summary(get: Get) -> str:
    cores, logical, ghz = get(cpu.PHYSICAL_CORES), get(cpu.LOGICAL_CORES), get(cpu.MAX_GHZ)
    return _join(
        [
            format_value(cores, cpu.PHYSICAL_CORES.unit) if cores is not None else "",
            format_value(logical, cpu.LOGICAL_CORES.unit) if logical is not None else "",
            format_value(ghz, cpu.MAX_GHZ.unit) if ghz is not None else "",
            str(get(cpu.MODEL) or ""),
        ]
    )


def _memory_summary(get: Get) -> str:
    installed, total = get(memory.INSTALLED_GB), get(memory.TOTAL_GB)
    if installed is not None:
        return _("%(size)s installed") % {"size": format_value(installed, memory.INSTALLED_GB.unit)}
    return _("%(size)s usable") % {"size": format_value(total, memory.TOTAL_GB.unit)} if total is not None else ""


def _disk_summary(get: Get) -> str:
    free = get(disk.FREE_GB)
    if free is None:
        return ""
    return _("%(free)s free of %(total)s") % {"free": format_value(free, disk.FREE_GB.unit),
                                              "total": format_value(get(disk.TOTAL_GB), disk.TOTAL_GB.unit)}


def _power_summary(get: Get) -> str:
    if get(power.BATTERY_PRESENT) is False:
        return _("no battery (plugged into the wall)")
    parts = [_("battery")]
    if get(power.BATTERY_PERCENT) is not None:
        parts.append(format_value(get(power.BATTERY_PERCENT), "%"))
    if get(power.ON_AC_POWER) is not None:
        parts.append(_("plugged in") if get(power.ON_AC_POWER) else _("on battery power"))
    return _join(parts)


def _connection_summary(get: Get) -> str:
    if get(connection.ONLINE) is False:
        return _("not connected to any network")
    kind = _connection_word(str(get(connection.KIND) or "unknown"))
    if get(connection.VPN_ACTIVE) and get(connection.UNDERLAY_KIND):
        kind = _("VPN over %(link)s") % {"link": _connection_word(str(get(connection.UNDERLAY_KIND)))}
    speed = get(connection.LINK_SPEED_MBPS)
    return _join([kind, format_value(speed, connection.LINK_SPEED_MBPS.unit) if speed else ""])


def _connection_word(kind: str) -> str:
    word = CONNECTION_WORDS.get(kind)
    return _(word) if word else kind


def _network_summary(get: Get) -> str:
    def shown(fact: Fact, template: str) -> str:
        value = get(fact)
        return template % {"value": format_value(value, fact.unit)} if value is not None else ""

    return _join(
        [
            shown(network.DOWNLOAD_MBPS, "↓ %(value)s"),
            shown(network.UPLOAD_MBPS, "↑ %(value)s"),
            shown(network.LATENCY_MS, _("delay %(value)s")),
            shown(network.JITTER_MS, _("jitter %(value)s")),
            shown(network.PACKET_LOSS_PERCENT, _("lost %(value)s")),
            _("call quality %(mos)s of 5") % {"mos": format_number(get(network.MOS))} if get(network.MOS) is not None else "",
        ]
    )


def _audio_summary(get: Get) -> str:
    microphone = get(audio.DEFAULT_INPUT)
    headset = []
    if get(audio.USB_HEADSET_PRESENT):
        headset.append(_("USB headset"))
    if get(audio.ANALOG_HEADSET_PRESENT):
        headset.append(_("headset with a plug"))
    return _join(
        [
            _(" and ").join(headset) if headset else _("no headset with a cable found"),
            _("mic: %(name)s") % {"name": format_value(microphone)} if microphone else "",
        ]
    )


def _display_summary(get: Get) -> str:
    count = get(display.MONITOR_COUNT)
    monitors = get(display.MONITORS) or []
    sizes = [f"{m.get('width')}×{m.get('height')}" for m in monitors if isinstance(m, Mapping) and m.get("width")]
    if count is None:
        return ""
    return _join([ngettext("%(count)d screen", "%(count)d screens", count) % {"count": count}, " + ".join(sizes)])


# One-line summaries written for a probe; any other probe gets _declared_summary.
_SUMMARIES: dict[str, Callable[[Get], str]] = {
    system.SYSTEM.id: _system_summary,
    cpu.CPU.id: _cpu_summary,
    memory.MEMORY.id: _memory_summary,
    disk.DISK.id: _disk_summary,
    power.POWER.id: _power_summary,
    connection.CONNECTION.id: _connection_summary,
    network.NETWORK.id: _network_summary,
    audio.AUDIO.id: _audio_summary,
    display.DISPLAY.id: _display_summary,
}


# -- a check's and a problem's words ------------------------------------------------------------------
# The report carries each check's words; these are the one place the screens read them from, so the
# catalog's words for a code replace them here alone.
check_title = words.check_title
check_message = words.check_message
check_fix = words.check_fix
check_expected = words.check_expected
check_observed = words.check_observed
problem_title = words.problem_title
problem_message = words.problem_message
problem_fix = words.problem_fix
problem_of_check = words.problem_of_check


# An unanswered question: the report's fix names the command line's `--answer`; in the app the applicant
# goes back to the questions with `a` (the results screen's key) instead.
_TO_THE_QUESTIONS = N_("Answer the question: press a to go back to the questions.")
ANSWER_FIXES = {
    "fix.answer": _TO_THE_QUESTIONS,
    "fix.answer.derived": _TO_THE_QUESTIONS,
    "fix.answer.headset": N_("Answer the question about %(device)s (press a to go back to the questions), or plug "
                             "in a headset that has a cable."),
}


def fix_for(check: CheckResult) -> str | None:
    """What to do about a check: the report's fix (an unanswered question: the app's key instead of --answer)."""
    if check.fix is not None and check.fix.code in ANSWER_FIXES:
        return _(ANSWER_FIXES[check.fix.code]) % {"device": check.fix.params.get("device", "")}
    return check_fix(check)


def titled(check: CheckResult) -> str:
    """The check's title, marked when the profile only recommends it."""
    return check_title(check) if check.required else _("%(title)s (advice)") % {"title": check_title(check)}


def check_detail_lines(check: CheckResult, problem: ProbeProblem | None = None) -> list[str]:
    """Everything the report says about one check, for the details view.

    A check that `problem` left unmeasured says so itself: the report's pointer to its note would
    send the applicant to a part of the report this screen does not show.
    """
    lines = [
        f"{check_status_label(check.status)}  {titled(check)}",
        _("Found: %(observed)s") % {"observed": check_observed(check)},
        _("Needed: %(expected)s") % {"expected": check_expected(check)},
    ]
    if problem is not None and check.status == "unknown":
        lines.append(_("Not measured: %(reason)s.") % {"reason": problem_title(problem)})
    elif check_message(check):
        lines.append(check_message(check))
    fix = fix_for(check)
    if fix and check.status in ("fail", "warn", "unknown"):
        lines.append(_("What to do: %(fix)s") % {"fix": fix})
    return lines


def probe_outcome(checks: Iterable[CheckResult], probe: str) -> str | None:
    """The worst status among the checks that read `probe`'s facts; None when the profile checks none."""
    statuses = {check.status for check in checks if check.probe == probe}
    return next((status for status in STATUS_SEVERITY if status in statuses), None)


def outcome_label(outcome: str | None) -> str:
    return _(NO_RULE_LABEL) if outcome is None else check_status_label(outcome)


def column_widths(available: int, natural: Sequence[int], minimum: Sequence[int]) -> list[int]:
    """Widths that fit `available`: each column at its natural width, the widest shrunk first (never
    below its minimum). Room left over stays unused: a column wider than its longest cell helps no one."""
    widths = [max(n, m) for n, m in zip(natural, minimum)]
    while sum(widths) > available:
        shrinkable = [i for i, width in enumerate(widths) if width > minimum[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# What the network library says (after "[Errno N]"), as a person would say it.
_DOWNLOAD_REASONS = (
    ("connection refused", N_("the server refused the connection")),
    ("name or service not known", N_("the server name could not be found")),
    ("temporary failure in name resolution", N_("the server name could not be found")),
    ("nodename nor servname", N_("the server name could not be found")),
    ("getaddrinfo failed", N_("the server name could not be found")),
    ("timed out", N_("the server did not answer in time")),
    ("certificate", N_("the server's security certificate could not be verified")),
    ("network is unreachable", N_("this computer is not connected to the internet")),
    ("no route to host", N_("the server cannot be reached from this network")),
)


def unsupported_link(ref: str) -> str | None:
    """A sentence when `ref` is a link rigcheck cannot open (ftp://, file://…); None otherwise."""
    match = _SCHEME.match(ref.strip())
    if match is None or match.group(1).lower() in ("http", "https"):
        return None
    return _("rigcheck can only download a profile from an https:// link, and \"%(ref)s\" is not one. "
             "Ask your employer for the https:// link, or save the file and choose it with Ctrl+O.") % {"ref": ref.strip()}


def profile_error_lines(error: BaseException, ref: str) -> list[str]:
    """Why a profile could not be used, in sentences for the applicant (not `file:line: key:` lint)."""
    problems = getattr(error, "problems", None)
    if not problems:
        text = str(error) or type(error).__name__
        return [_sentence(re.sub(r"\[Errno -?\d+\]\s*", "", text))]
    file_level = [problem for problem in problems if not problem.key]
    keyed = [problem for problem in problems if problem.key]
    # Line 0: the reference itself is neither a bundled id nor a file or link (profile/loader.py).
    lines = [_file_problem(problem.message, ref) if problem.line else _not_a_profile(ref) for problem in file_level]
    if keyed:
        lines.append(_("The profile has mistakes, so rigcheck cannot use it. Please tell your employer:"))
        lines.extend("  • " + _("line %(line)s, setting \"%(key)s\": %(problem)s")
                     % {"line": problem.line, "key": problem.key, "problem": problem.message} for problem in keyed)
    return lines


def _file_problem(message: str, ref: str) -> str:
    where = ref.strip()
    if message == "no such file":
        return _("There is no file at %(where)s. Check the path, or press Ctrl+O to look for the file.") % {"where": where}
    if message == "permission denied":
        return _("rigcheck is not allowed to read %(where)s. Copy the file somewhere you can open it "
                 "(your Downloads folder) and try again.") % {"where": where}
    if message.startswith("could not download the profile"):
        detail = message.partition(":")[2].strip().lower()
        reason = next((said for known, said in _DOWNLOAD_REASONS if known in detail), N_("the download did not work"))
        return _("The profile could not be downloaded from %(where)s: %(reason)s. Check the link and your internet "
                 "connection, then try again.") % {"where": where, "reason": _(reason)}
    if message.startswith("no bundled profile"):
        return _("\"%(where)s\" is not one of the profiles that come with rigcheck, nor a file or link. "
                 "Paste the https:// link or the file path your employer gave you.") % {"where": where}
    return _("This profile could not be used: %(reason)s") % {"reason": _sentence(message)}


def _not_a_profile(ref: str) -> str:
    return _("\"%(where)s\" is not one of the profiles that come with rigcheck, nor a file or link. "
             "Paste the https:// link or the file path your employer gave you.") % {"where": ref.strip()}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

"""Words, symbols and number formatting the TUI shows. Pure functions: no Textual, no I/O.

Status is always spelled out and given a symbol, so nothing depends on colour alone
(colour-blind users, monochrome terminals, screen readers reading the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from rigcheck.facts import Fact, audio, connection, cpu, disk, display, memory, network, power, probe_facts, system
from rigcheck.model import CheckResult, ProbeResult
# Re-exported from render: the TUI words values, numbers and profiles exactly as the reports do.
from rigcheck.render import words
from rigcheck.render.common import STATUS_SEVERITY, STATUS_SYMBOL, expected_text, observed_text, status_text
from rigcheck.render.numbers import number_text as format_number
from rigcheck.render.numbers import value_text as format_value
from rigcheck.render.profile_text import counted, requirement_lines  # noqa: F401 - re-exported for the screens
from rigcheck.render.profile_text import profile_lines as describe_profile  # noqa: F401 - re-exported for the screens

# The same symbol and word as the text, Markdown and HTML reports.

VERDICT_LABELS: dict[str, str] = {
    "ready": "✔ READY",
    "ready_with_warnings": "! READY WITH WARNINGS",
    "not_ready": "✘ NOT READY",
    "incomplete": "? INCOMPLETE",
}

VERDICT_EXPLANATIONS: dict[str, str] = {
    "ready": "Every required check passed.",
    "ready_with_warnings": "Every required check passed; some recommendations are not met (listed below).",
    "not_ready": "At least one required check failed. The fixes are listed below.",
    "incomplete": "A required check could not be measured, so rigcheck cannot say you are ready. See below.",
}

# Probe states on the run screen: (symbol, word). A finished probe is "done", never a tick: whether
# what it found meets the profile is the outcome (a check status), shown apart from the state.
PROBE_STATE_LABELS: dict[str, tuple[str, str]] = {
    "waiting": ("·", "waiting"),
    "running": ("▶", "running"),
    "ok": ("■", "done"),
    "error": ("✘", "failed"),
    "timeout": ("⏱", "timed out"),
    "unsupported": ("-", "can't see"),
    "cancelled": ("■", "stopped"),
}
NO_RULE_LABEL = "· no rule"

# The connection probe's `kind`, as a person says it.
CONNECTION_WORDS: dict[str, str] = {
    "ethernet": "Ethernet cable",
    "wifi": "Wi-Fi",
    "cellular": "mobile (cellular)",
    "vpn": "VPN",
    "virtual": "virtual network adapter",
    "unknown": "kind not known",
}

def check_status_label(status: str) -> str:
    return status_text(status) if status in STATUS_SYMBOL else f"? {status.upper()}"


def verdict_label(verdict: str) -> str:
    return VERDICT_LABELS.get(verdict, verdict.upper())


def probe_state_label(state: str) -> str:
    symbol, word = PROBE_STATE_LABELS.get(state, ("?", state))
    return f"{symbol} {word}"


def first_mbps(detail: Mapping[str, Any]) -> float | None:
    """The current throughput in a network progress event (the one key the network test names it by)."""
    value = detail.get(network.PROGRESS_MBPS)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _join(parts: list[str]) -> str:
    return ", ".join(part for part in parts if part)


def summarize_result(result: ProbeResult) -> str:
    """One line saying what a probe saw (facts only, no judgement), or why it saw nothing."""
    values = result.values or {}
    if result.status != "ok" and not values:
        return result.error or result.status
    summary = _summarize_values(result.probe, values)
    if result.status != "ok" or result.partial:  # some facts measured, the rest not: say both
        summary = _join([f"partial: {summary}" if summary else "", result.error or result.status])
    return summary or (result.error or "")


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
    return _join([f"{fact.title}: {format_value(values[fact.key], fact.unit)}" for fact in shown])


# `get(fact)` is the probe's value of a declared fact (None when it did not report it).
Get = Callable[[Fact], Any]


def _system_summary(get: Get) -> str:
    extra = []
    if get(system.VIRTUAL_MACHINE):
        extra.append("virtual machine")
    if get(system.REMOTE_SESSION):
        extra.append(f"remote session ({get(system.REMOTE_SESSION_KIND) or 'unknown kind'})")
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
        return f"{format_value(installed, memory.INSTALLED_GB.unit)} installed"
    return f"{format_value(total, memory.TOTAL_GB.unit)} usable" if total is not None else ""


def _disk_summary(get: Get) -> str:
    free = get(disk.FREE_GB)
    if free is None:
        return ""
    return f"{format_value(free, disk.FREE_GB.unit)} free of {format_value(get(disk.TOTAL_GB), disk.TOTAL_GB.unit)}"


def _power_summary(get: Get) -> str:
    if get(power.BATTERY_PRESENT) is False:
        return "no battery (mains power)"
    parts = ["battery"]
    if get(power.BATTERY_PERCENT) is not None:
        parts.append(format_value(get(power.BATTERY_PERCENT), "%"))
    if get(power.ON_AC_POWER) is not None:
        parts.append("plugged in" if get(power.ON_AC_POWER) else "on battery power")
    return _join(parts)


def _connection_summary(get: Get) -> str:
    if get(connection.ONLINE) is False:
        return "offline: no default route"
    kind = CONNECTION_WORDS.get(str(get(connection.KIND) or "unknown"), str(get(connection.KIND)))
    if get(connection.VPN_ACTIVE) and get(connection.UNDERLAY_KIND):
        underlay = str(get(connection.UNDERLAY_KIND))
        kind = f"VPN over {CONNECTION_WORDS.get(underlay, underlay)}"
    speed = get(connection.LINK_SPEED_MBPS)
    return _join([kind, format_value(speed, connection.LINK_SPEED_MBPS.unit) if speed else ""])


def _network_summary(get: Get) -> str:
    def shown(fact: Fact, template: str) -> str:
        value = get(fact)
        return template.format(format_value(value, fact.unit)) if value is not None else ""

    return _join(
        [
            shown(network.DOWNLOAD_MBPS, "↓ {}"),
            shown(network.UPLOAD_MBPS, "↑ {}"),
            shown(network.LATENCY_MS, "{} latency"),
            shown(network.JITTER_MS, "jitter {}"),
            shown(network.PACKET_LOSS_PERCENT, "loss {}"),
            f"MOS {format_number(get(network.MOS))}" if get(network.MOS) is not None else "",
        ]
    )


def _audio_summary(get: Get) -> str:
    microphone = get(audio.DEFAULT_INPUT)
    headset = []
    if get(audio.USB_HEADSET_PRESENT):
        headset.append("USB headset")
    if get(audio.ANALOG_HEADSET_PRESENT):
        headset.append("analog headset")
    return _join(
        [
            " and ".join(headset) if headset else "no wired headset seen",
            f"mic: {format_value(microphone)}" if microphone else "",
        ]
    )


def _display_summary(get: Get) -> str:
    count = get(display.MONITOR_COUNT)
    monitors = get(display.MONITORS) or []
    sizes = [f"{m.get('width')}×{m.get('height')}" for m in monitors if isinstance(m, Mapping) and m.get("width")]
    if count is None:
        return ""
    return _join([f"{count} monitor{'s' if count != 1 else ''}", " + ".join(sizes)])


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


def check_detail_lines(check: CheckResult) -> list[str]:
    """Everything the report says about one check, for the details view."""
    lines = [
        f"{check_status_label(check.status)}  {words.check_title(check)}" + ("" if check.required else "  (recommended)"),
        f"Observed: {observed_text(check)}",
        f"Required: {expected_text(check)}",
    ]
    message, fix = words.check_message(check), words.check_fix(check)
    if message:
        lines.append(message)
    if fix and check.status in ("fail", "warn", "unknown"):
        lines.append(f"How to fix: {fix}")
    return lines


def probe_outcome(checks: Iterable[CheckResult], probe: str) -> str | None:
    """The worst status among the checks that read `probe`'s facts; None when the profile checks none."""
    statuses = {check.status for check in checks if check.probe == probe}
    return next((status for status in STATUS_SEVERITY if status in statuses), None)


def outcome_label(outcome: str | None) -> str:
    return NO_RULE_LABEL if outcome is None else check_status_label(outcome)


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
    ("connection refused", "the server refused the connection"),
    ("name or service not known", "the server name could not be found"),
    ("temporary failure in name resolution", "the server name could not be found"),
    ("nodename nor servname", "the server name could not be found"),
    ("getaddrinfo failed", "the server name could not be found"),
    ("timed out", "the server did not answer in time"),
    ("certificate", "the server's security certificate could not be verified"),
    ("network is unreachable", "this computer is not connected to the internet"),
    ("no route to host", "the server cannot be reached from this network"),
)


def unsupported_link(ref: str) -> str | None:
    """A sentence when `ref` is a link rigcheck cannot open (ftp://, file://…); None otherwise."""
    match = _SCHEME.match(ref.strip())
    if match is None or match.group(1).lower() in ("http", "https"):
        return None
    return (f"rigcheck can only download a profile from an https:// link, and \"{ref.strip()}\" is not one. "
            "Ask your employer for the https:// link, or save the file and choose it with Ctrl+O.")


def profile_error_lines(error: BaseException, ref: str) -> list[str]:
    """Why a profile could not be used, in sentences for the applicant (not `file:line: key:` lint)."""
    problems = getattr(error, "problems", None)
    if not problems:
        text = str(error) or type(error).__name__
        return [_sentence(re.sub(r"\[Errno -?\d+\]\s*", "", text))]
    file_level = [problem for problem in problems if not problem.key]
    keyed = [problem for problem in problems if problem.key]
    lines = [_file_problem(problem.message, ref) for problem in file_level]
    if keyed:
        lines.append("The profile has mistakes, so rigcheck cannot use it. Please tell your employer:")
        lines.extend(f"  • line {problem.line}, setting \"{problem.key}\": {problem.message}" for problem in keyed)
    return lines


def _file_problem(message: str, ref: str) -> str:
    where = ref.strip()
    if message == "no such file":
        return f"There is no file at {where}. Check the path, or press Ctrl+O to look for the file."
    if message == "permission denied":
        return f"rigcheck is not allowed to read {where}. Copy the file somewhere you can open it (your Downloads folder) and try again."
    if message.startswith("could not download the profile"):
        detail = message.partition(":")[2].strip().lower()
        reason = next((said for known, said in _DOWNLOAD_REASONS if known in detail), "the download did not work")
        return f"The profile could not be downloaded from {where}: {reason}. Check the link and your internet connection, then try again."
    if message.startswith("no bundled profile"):
        return (f"\"{where}\" is not one of the profiles that come with rigcheck, nor a file or link. "
                "Paste the https:// link or the file path your employer gave you.")
    return f"This profile could not be used: {_sentence(message)}"


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

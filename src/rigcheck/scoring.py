"""score(snapshot, profile, answers) -> Report. Pure: no I/O, no clock unless created_at is omitted.

Each profile requirement becomes one check: pass | warn | fail | unknown | skipped.
- A failed `recommended` requirement is a warning.
- A requirement whose facts are missing is `unknown` (never a guessed pass); `skipped` when the user
  left its probe out.
- Verdict: any required fail -> not_ready; else any required unknown/skipped -> incomplete;
  else any warning or unmeasured recommendation -> ready_with_warnings; else ready.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Callable, Mapping, Protocol, Sequence

from rigcheck import __version__
from rigcheck.explain import not_measured_message, problem_for, problems_of
from rigcheck.model import CheckResult, CheckStatus, Profile, ProfileRef, Question, Report, Requirement, Snapshot, Verdict
from rigcheck.facts import Fact, audio, connection, display, memory, network, shift, system
from rigcheck.profile.fields import REQUIREMENT_FIELDS, RequirementField, field_for, unit_for_count
from rigcheck.render.numbers import unit_text, value_text

# Weights for the 0-100 score: a required check counts three times a recommended one.
REQUIRED_WEIGHT = 3
RECOMMENDED_WEIGHT = 1
STATUS_CREDIT = {"pass": 1.0, "warn": 0.5, "fail": 0.0, "unknown": 0.0}

YES_WORDS = {"yes", "y", "true", "1", "oui", "si", "sí", "ja"}
NO_WORDS = {"no", "n", "false", "0", "non", "nein"}

# Plain-language fixes, used when the profile gives no hint of its own (declared with each profile key).
DEFAULT_HINTS: dict[str, str] = {field.id: field.hint for field in REQUIREMENT_FIELDS}


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def score(
    snapshot: Snapshot,
    profile: Profile,
    answers: Mapping[str, str] | None = None,
    *,
    created_at: str | None = None,
    applicant: str | None = None,
) -> Report:
    """Score facts against a profile. Pass `created_at` for a fully deterministic report.

    `applicant` is the reference the employer asked for (opt-in); it is carried, never scored.
    """
    answers = dict(answers or {})
    watch_only = _is_watch(snapshot)
    checks = [_score_requirement(snapshot, profile, requirement) for requirement in profile.requirements
              if _in_scope(requirement, snapshot, watch_only)]
    checks = [_settle_headset_by_answer(check, snapshot, profile, answers) for check in checks]
    checks = [_settle_monitors_by_answer(check, snapshot, profile, answers) for check in checks]
    checks += [_score_question(question, answers) for question in profile.questions if not watch_only]
    return Report(
        rigcheck_version=__version__,
        created_at=created_at or _now_iso(),
        profile=ProfileRef(profile.id, profile.name, profile.version, profile.sha256),
        verdict=verdict_of(checks),
        score=score_of(checks),
        checks=tuple(checks),
        facts=dict(snapshot.results),
        answers={question.id: answers[question.id] for question in questions_for(snapshot, profile) if question.id in answers},
        problems=problems_of(snapshot.results),
        applicant=applicant,
    )


def _is_watch(snapshot: Snapshot) -> bool:
    """A `rigcheck watch` report: the shift probe's result alone."""
    return set(snapshot.results) == {shift.SHIFT.id}


def _in_scope(requirement: Requirement, snapshot: Snapshot, watch_only: bool) -> bool:
    """[shift] requirements are judged by a watch only; a watch's report judges nothing else."""
    if watch_only:
        return requirement.section == shift.SHIFT.id
    return requirement.section != shift.SHIFT.id or shift.SHIFT.id in snapshot.results


class Judged(Protocol):
    """What the verdict and score read of a check: a CheckResult, or a check of a received report."""

    @property
    def status(self) -> str: ...

    @property
    def required(self) -> bool: ...


def verdict_of(checks: Sequence[Judged]) -> Verdict:
    if any(check.required and check.status == "fail" for check in checks):
        return "not_ready"
    if any(check.required and check.status in ("unknown", "skipped") for check in checks):
        return "incomplete"
    if any(check.status != "pass" for check in checks):
        return "ready_with_warnings"
    return "ready"


def score_of(checks: Sequence[Judged]) -> int:
    """0-100: weighted share of credit over the checks that were not skipped."""
    earned = total = 0.0
    for check in checks:
        if check.status == "skipped":
            continue
        weight = REQUIRED_WEIGHT if check.required else RECOMMENDED_WEIGHT
        total += weight
        earned += weight * STATUS_CREDIT[check.status]
    return round(100 * earned / total) if total else 0


# ---------------------------------------------------------------------------------------------
# Requirements

class _Missing(Exception):
    """A fact needed by a check is not there; carries the status (unknown/skipped) and why."""

    def __init__(self, status: CheckStatus, reason: str, hint: str | None = None, *, measured: bool = False):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.hint = hint
        self.measured = measured  # measured, but not conclusive: not a fact the probe failed to get


def _facts(snapshot: Snapshot, probe: str) -> Mapping[str, Any]:
    if probe in snapshot.skipped and probe not in snapshot.results:
        raise _Missing("skipped", f"the {probe} check was not run")
    result = snapshot.results.get(probe)
    if result is None:
        raise _Missing("unknown", f"the {probe} check was not run")
    if not result.values:
        # Plain words for the applicant: no "probe", no fact keys (the error itself follows the colon).
        why = {"unsupported": "this computer does not tell", "timeout": "the check timed out",
               "error": "the check failed"}.get(result.status, result.status)
        detail = f": {result.error}" if result.error else ""
        raise _Missing("unknown", f"this could not be measured ({why}{detail})")
    return result.values


def _fact(snapshot: Snapshot, fact: Fact, *fallbacks: Fact) -> Any:
    """The value of `fact` (else of the first fallback the probe reported); _Missing when there is none."""
    values = _facts(snapshot, fact.probe)
    for candidate in (fact, *fallbacks):
        if values.get(candidate.key) is not None:
            return values[candidate.key]
    result = snapshot.results[fact.probe]
    detail = f" ({result.error})" if result.error else ""
    # Said as a person would: the check's title already names what is missing, no fact keys here.
    raise _Missing("unknown", f"not measured: this computer does not report it{detail}")


def _score_requirement(snapshot: Snapshot, profile: Profile, requirement: Requirement) -> CheckResult:
    field = field_for(requirement.section, requirement.key)
    assert field is not None, f"profile holds an unknown requirement {requirement.section}.{requirement.key}"
    check_id = f"{requirement.section}.{requirement.key}"
    hint = requirement.hint or DEFAULT_HINTS.get(check_id)
    expected = _expected_text(field, requirement, profile)
    try:
        status, observed, message = _COMPARE[field.comparison](snapshot, field, requirement, profile)
    except _Missing as missing:
        problem = None if missing.measured else problem_for(snapshot.results, field.probe)
        if problem is not None and missing.status == "unknown":
            # The probe's one explanation (shown once) says why; the check points to it.
            return CheckResult(check_id, field.title, field.probe, "unknown", requirement.required, None, expected,
                               field.unit, not_measured_message(problem), None)
        if missing.hint:
            return CheckResult(check_id, field.title, field.probe, missing.status, requirement.required, None, expected,
                               field.unit, _capitalise(missing.reason) + ".", missing.hint)
        return CheckResult(check_id, field.title, field.probe, missing.status, requirement.required, None, expected,
                           field.unit, _capitalise(missing.reason) + ".",
                           None if missing.status == "skipped" else "Run the check again; if it stays unknown, send the report as it is: it records what went wrong.")
    if status == "fail" and not requirement.required:
        status = "warn"
    return CheckResult(check_id, field.title, field.probe, status, requirement.required, observed, expected,
                       field.unit, message, hint if status in ("fail", "warn") else None)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _expected_text(field: RequirementField, requirement: Requirement, profile: Profile) -> str:
    value = requirement.value
    if field.comparison in ("at_least", "shift_share"):
        return f">= {value_text(value)}"
    if field.comparison == "at_most":
        return f"<= {value_text(value)}"
    if field.comparison == "allow":
        return "allowed" if value else "not allowed"
    if field.comparison == "require":
        return "required" if value else "not required"
    if field.comparison == "os":
        return " or ".join(value)
    if field.comparison == "countries":
        return " or ".join(value)
    if field.comparison == "resolution":
        needed = _monitors_needed(profile)
        return f">= {value} on {needed} {unit_for_count('monitors', needed)}"
    if field.comparison == "connection":
        return "wired (Ethernet)" if value == "wired" else "any"
    if field.comparison == "headset":
        return {"usb": "corded USB headset", "wired": "corded headset (USB or analog)", "any": "any headset"}[value]
    return str(value)


def requirement_wording(profile: Profile, requirement: Requirement) -> tuple[str, str]:
    """(title, expected with unit) as checks word a requirement, e.g. ("Download speed", ">= 25 Mbit/s").

    `rigcheck profiles show` and the TUI's profile step use this, so they describe a requirement in
    the very words the report will use.
    """
    field = field_for(requirement.section, requirement.key)
    assert field is not None, f"profile holds an unknown requirement {requirement.section}.{requirement.key}"
    expected = _expected_text(field, requirement, profile)
    if field.unit and field.comparison in ("at_least", "at_most"):
        expected += unit_text(field.unit, requirement.value)
    return field.title, expected


def _compare_threshold(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    if field.fact in (network.PACKET_LOSS_PERCENT, network.MOS) and _facts(snapshot, network.NETWORK.id).get(network.VOICE_PATH.key) == "tcp":
        raise _Missing("unknown", "voice traffic (UDP) was blocked, so packet loss and call quality could not be measured")
    fallbacks = (memory.TOTAL_GB,) if field.fact == memory.INSTALLED_GB else ()
    observed = _fact(snapshot, field.fact, *fallbacks)
    if isinstance(observed, bool) or not isinstance(observed, (int, float)):
        raise _Missing("unknown", f"this computer reported {observed!r} here, which is not a number")
    limit = requirement.value
    ok = observed >= limit if field.comparison == "at_least" else observed <= limit
    words = "at least" if field.comparison == "at_least" else "at most"
    message = f"{value_text(observed, field.unit)} ({words} {value_text(limit, field.unit)} {'needed' if field.comparison == 'at_least' else 'allowed'})"
    interval = _voice_interval(snapshot, field, observed, limit)
    if interval:
        message += f"; {interval}"
    return ("pass" if ok else "fail"), observed, message


# The voice figures that carry a 95 % interval (network facts), and what the sample is counted in.
_INTERVAL_FACTS = {network.PACKET_LOSS_PERCENT: network.PACKET_LOSS_CI95_PERCENT, network.JITTER_MS: network.JITTER_CI95_MS}


def _voice_interval(snapshot: Snapshot, field: RequirementField, observed: float, limit: float) -> str:
    """The interval and packet count behind a loss or jitter figure; raises _Missing when it spans the limit."""
    interval_fact = _INTERVAL_FACTS.get(field.fact)
    if interval_fact is None:
        return ""
    values = _facts(snapshot, network.NETWORK.id)
    interval = values.get(interval_fact.key)
    if not (isinstance(interval, list) and len(interval) == 2 and all(isinstance(b, (int, float)) for b in interval)):
        return ""
    low, high = interval
    packets = values.get(network.VOICE_PACKETS_SENT.key)
    over = f" over {packets} voice packets" if isinstance(packets, int) else ""
    text = f"95 % interval {value_text(low)}-{value_text(high, field.unit)}{over}"
    if low <= limit < high:
        raise _Missing(
            "unknown",
            f"not settled: {value_text(observed, field.unit)} measured, but the {text} spans the limit of "
            f"{value_text(limit, field.unit)}, so rigcheck cannot tell which side it is on{_why_unsettled(field, values, observed)}",
            "Run the check again with other use of the connection stopped: a quieter or longer test settles it, "
            "and `rigcheck watch` follows the line over hours.",
            measured=True,
        )
    return text


# Why a loss interval stayed wide (a code for the report's words; the cause is kept apart from the sentence
# so the catalog can word it): every packet arrived but too few to rule out a burst, or the losses came in bursts.
UNSETTLED_NO_LOSS_YET = "no_loss_short_test"
UNSETTLED_BURSTS = "loss_in_bursts"
_UNSETTLED_WORDS = {
    UNSETTLED_NO_LOSS_YET: ("; no call packet was lost, but losses on home lines often come in bursts, "
                            "and this short test cannot yet rule out a burst now and then"),
    UNSETTLED_BURSTS: "; losses came in bursts, and a longer test or `rigcheck watch` can tell",
}


def unsettled_cause(field: RequirementField, values: Mapping[str, Any], observed: float) -> str | None:
    """Why a loss interval spans the limit: UNSETTLED_NO_LOSS_YET, UNSETTLED_BURSTS, or None (no burst cause)."""
    if field.fact != network.PACKET_LOSS_PERCENT:
        return None
    if observed == 0:
        return UNSETTLED_NO_LOSS_YET
    runs = values.get(network.MEAN_LOSS_RUN_PACKETS.key)
    if isinstance(runs, (int, float)) and not isinstance(runs, bool) and runs >= 1.5:
        return UNSETTLED_BURSTS
    return None


def _why_unsettled(field: RequirementField, values: Mapping[str, Any], observed: float) -> str:
    cause = unsettled_cause(field, values, observed)
    return _UNSETTLED_WORDS[cause] if cause else ""


def _compare_allow(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    if field.probe == audio.AUDIO.id:
        return _compare_audio_allow(snapshot, field, requirement)
    observed = _fact(snapshot, field.fact)
    what = {connection.VPN_ACTIVE: "a VPN or tunnel", system.VIRTUAL_MACHINE: "a virtual machine", system.REMOTE_SESSION: "a remote session"}[field.fact]
    if observed:
        # The fact that says which one, when the probe could tell.
        detail = {system.VIRTUAL_MACHINE: system.HYPERVISOR, system.REMOTE_SESSION: system.REMOTE_SESSION_KIND}.get(field.fact)
        which = _facts(snapshot, detail.probe).get(detail.key) if detail else None
        extra = f" ({which})" if which else ""
        verb = {connection.VPN_ACTIVE: "Traffic goes through", system.VIRTUAL_MACHINE: "Running inside", system.REMOTE_SESSION: "Running over"}[field.fact]
        message = f"{verb} {what}{extra}" + ("." if requirement.value else ", which this employer does not allow.")
        return ("pass" if requirement.value else "fail"), observed, message
    return "pass", observed, f"No {what.split(' ', 1)[1]} detected."


def _compare_require(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """A flag the profile may demand (true needs the fact true); false sets no rule, so nothing is read."""
    if not requirement.value:
        return "pass", None, "Not required by this employer."
    observed = _fact(snapshot, field.fact)
    if not isinstance(observed, bool):
        raise _Missing("unknown", f"this computer reported {observed!r} here, which is not yes or no")
    if observed:
        return "pass", True, f"{field.title}: yes."
    return "fail", False, f"{field.title}: no, and this employer requires it."


def _compare_audio_allow(snapshot: Snapshot, field: RequirementField, requirement: Requirement):
    kind = "bluetooth" if field.fact == audio.BLUETOOTH_AUDIO_PRESENT else "wireless"
    label = "Bluetooth" if kind == "bluetooth" else "DECT/RF wireless"
    present = _fact(snapshot, field.fact)
    default_input = _facts(snapshot, audio.AUDIO.id).get(audio.DEFAULT_INPUT.key) or {}
    if requirement.value:
        return "pass", present, f"{label} audio is allowed."
    if default_input.get("kind") == kind:
        return "fail", True, f"The default microphone is a {label} device ({default_input.get('name', 'unnamed')})."
    if present:
        return "warn", True, f"A {label} audio device is connected (not the default microphone)."
    return "pass", False, f"No {label} audio device found."


def _compare_connection(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    values = _facts(snapshot, connection.CONNECTION.id)
    kind = values.get(connection.KIND.key)
    if requirement.value == "any":
        return "pass", kind, f"Connected over {kind or 'an unknown link'}; any connection type is allowed."
    if values.get(connection.ONLINE.key) is False:
        return "fail", "offline", "No internet connection was found (no default route)."
    if kind == "vpn":
        underlay = values.get(connection.UNDERLAY_KIND.key)
        if underlay is None:
            raise _Missing("unknown", "the traffic goes through a VPN and the link underneath it could not be identified")
        kind_text: str | None = f"{underlay} (under a VPN)"
        kind = underlay
    else:
        kind_text = kind
    if kind == "ethernet":
        return "pass", kind_text, "Connected by Ethernet cable."
    if kind in ("wifi", "cellular"):
        word = "Wi-Fi" if kind == "wifi" else "a cellular (mobile) connection"
        return "fail", kind_text, f"Connected over {word}, not a cable."
    raise _Missing("unknown", _CONNECTION_UNKNOWN.get(kind_text or "unknown", _CONNECTION_UNKNOWN["unknown"]))


# Why a connection kind leaves the wired rule unknown, in plain words (keyed by the probe's `kind`).
_CONNECTION_UNKNOWN = {
    "virtual": "the internet connection goes through a virtual network adapter (a virtual machine, container or "
               "software bridge), so rigcheck cannot see whether the computer uses a cable",
    "unknown": "rigcheck could not tell whether the internet connection uses a cable or Wi-Fi",
}


_OS_RULE = re.compile(r"^\s*([A-Za-z]+)\s*(?:(>=|<=|==|>|<)\s*([0-9]+(?:\.[0-9]+)*))?\s*$")


def _version_tuple(text: str) -> tuple[int, ...] | None:
    numbers = re.findall(r"\d+", str(text))
    return tuple(int(n) for n in numbers) if numbers else None


def os_rule_matches(rule: str, family: str, version: str | None) -> bool | None:
    """True/False, or None when the version is needed but unknown."""
    match = _OS_RULE.match(rule)
    if not match or match.group(1).lower() != family:
        return False
    operator, wanted = match.group(2), match.group(3)
    if not operator:
        return True
    have = _version_tuple(version) if version else None
    if have is None:
        return None
    want = _version_tuple(wanted) or ()
    width = max(len(have), len(want))
    have, want = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
    return {">=": have >= want, "<=": have <= want, "==": have == want, ">": have > want, "<": have < want}[operator]


def _compare_os(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    family = _fact(snapshot, system.OS_FAMILY)
    values = _facts(snapshot, system.SYSTEM.id)
    version = values.get(system.OS_VERSION.key)
    name = values.get(system.OS_NAME.key) or family
    observed = f"{name}" if not version or str(version) in str(name) else f"{name} ({version})"
    results = [os_rule_matches(rule, family, version) for rule in requirement.value]
    if any(results):
        return "pass", observed, f"{observed} is supported."
    if None in results:
        raise _Missing("unknown", f"the {family} version could not be read")
    return "fail", observed, f"{observed} is not one of the supported systems ({' or '.join(requirement.value)})."


def _monitors_needed(profile: Profile) -> int:
    requirement = profile.requirement("display", "min_monitors")
    return max(1, int(requirement.value)) if requirement else 1


def _compare_resolution(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    monitors = _fact(snapshot, display.MONITORS)
    width, height = (int(n) for n in requirement.value.split("x"))
    needed = _monitors_needed(profile)
    sizes = [(m.get("width"), m.get("height")) for m in monitors if m.get("width") and m.get("height")]
    # A monitor turned to portrait still has the pixels: compare the long and short sides.
    good = [s for s in sizes if max(s) >= max(width, height) and min(s) >= min(width, height)]
    observed = ", ".join(f"{w}x{h}" for w, h in sizes) or "no monitor"
    if len(good) >= needed:
        return "pass", observed, f"{len(good)} monitor(s) at {requirement.value} or more."
    return "fail", observed, f"{len(good)} of the {needed} monitor(s) needed reach {requirement.value} ({observed})."


def _compare_countries(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    country = str(_fact(snapshot, network.COUNTRY)).upper()
    if country in requirement.value:
        return "pass", country, f"Connecting from {country}."
    return "fail", country, f"The connection appears to come from {country}, not {' or '.join(requirement.value)}."


HEADSET_LABELS = {"usb": "corded USB headset", "wired": "corded headset", "any": "headset"}
# The audio fact that shows the headset a profile's audio.headset asks for ("any" looks at every device).
_HEADSET_PRESENT = {"usb": audio.USB_HEADSET_PRESENT, "wired": audio.WIRED_HEADSET_PRESENT}
# Questions scoring derives from the facts (not from the profile); their ids are reserved.
HEADSET_CABLE_QUESTION = "headset-cable"
MONITORS_QUESTION = "monitors-connected"
DERIVED_QUESTION_IDS = (HEADSET_CABLE_QUESTION, MONITORS_QUESTION)


def _compare_headset(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    values = _facts(snapshot, audio.AUDIO.id)
    wanted = requirement.value
    fact = _HEADSET_PRESENT.get(wanted)
    if fact is None:  # "any": any headset, wireless ones included
        present = any(device.get("is_headset") for device in values.get(audio.DEVICES.key) or [])
    else:
        present = _fact(snapshot, fact)
    label = HEADSET_LABELS[wanted]
    if not present:
        unconfirmed = values.get(audio.HEADSET_TO_CONFIRM.key)
        if unconfirmed:
            # A headset by name only: never a pass on the name; the applicant's answer may settle it.
            if _measured_only(profile):
                return "unknown", None, (f"{unconfirmed} calls itself a headset, but nothing measured shows that it is corded, "
                                         "and this employer accepts only measured facts for the headset.")
            return "unknown", None, f"{unconfirmed} calls itself a headset, but rigcheck cannot tell whether it is corded or wireless."
        return "fail", False, f"No {label} was found."
    default_input = values.get(audio.DEFAULT_INPUT.key) or {}
    if default_input and not _default_mic_is_the_headset(default_input, wanted):
        return "warn", True, f"A {label} is connected, but the default microphone is {default_input.get('name', 'another device')}."
    return "pass", True, f"A {label} is connected."


def _default_mic_is_the_headset(default_input: Mapping[str, Any], wanted: str, *, confirmed_by_answer: bool = False) -> bool:
    if not default_input.get("is_headset"):
        return False
    if confirmed_by_answer and default_input.get("needs_confirmation"):
        return True
    kind = default_input.get("kind")
    return wanted == "any" or kind == "usb_headset" or (wanted == "wired" and kind == "analog_headset")


def _measured_only(profile: Profile) -> bool:
    return profile.headset_evidence == "measured"


def derived_questions(snapshot: Snapshot, profile: Profile) -> tuple[Question, ...]:
    """Questions the facts raise: a headset known by name only is asked about ("is it corded?").

    Not asked when the profile refuses the applicant's word (`audio.headset_evidence = "measured"`),
    when a measured corded headset is already there, or when any headset will do.
    """
    requirement = profile.requirement("audio", "headset")
    result = snapshot.results.get(audio.AUDIO.id)
    if requirement is None or requirement.value == "any" or _measured_only(profile) or result is None or not result.values:
        return ()
    values = result.values
    unconfirmed = values.get(audio.HEADSET_TO_CONFIRM.key)
    if not unconfirmed or values.get(_HEADSET_PRESENT[requirement.value].key):
        return ()
    return (Question(
        id=HEADSET_CABLE_QUESTION,
        text=f"Is {unconfirmed} plugged into the computer with a cable?",
        fail_if="no",
        level=requirement.level,
        hint="A wireless, Bluetooth or DECT headset connects through a small USB dongle or base; a corded one has a cable all the way to the computer.",
    ),)


def _monitors_question(snapshot: Snapshot, profile: Profile) -> Question | None:
    """Asked when the platform cannot see the displays (no display server, no driver information)."""
    requirement = profile.requirement("display", "min_monitors")
    result = snapshot.results.get(display.DISPLAY.id)
    if requirement is None or result is None or result.status != "unsupported" or result.values.get(display.MONITOR_COUNT.key) is not None:
        return None
    needed = _monitors_needed(profile)
    text = ("Is a monitor connected to this computer and turned on?" if needed == 1 else
            f"Are {needed} or more monitors connected to this computer and turned on?")
    return Question(id=MONITORS_QUESTION, text=text, fail_if="no", level=requirement.level,
                    hint=DEFAULT_HINTS["display.min_monitors"])


def questions_for(snapshot: Snapshot, profile: Profile) -> tuple[Question, ...]:
    """Every question to put to the applicant: the profile's own, then those derived from the facts."""
    monitors = _monitors_question(snapshot, profile)
    return tuple(profile.questions) + derived_questions(snapshot, profile) + ((monitors,) if monitors else ())


def _settle_monitors_by_answer(check: CheckResult, snapshot: Snapshot, profile: Profile, answers: Mapping[str, str]) -> CheckResult:
    """The monitor count the platform could not see, settled by the applicant's answer (recorded as theirs)."""
    if check.id != "display.min_monitors" or check.status != "unknown" or _monitors_question(snapshot, profile) is None:
        return check
    answer = normalise_answer(answers.get(MONITORS_QUESTION))
    needed = _monitors_needed(profile)
    if answer is None:
        return replace(check, message="This computer cannot tell how many monitors are connected: answer the question about them.",
                       hint=f"Answer the question (rigcheck check --answer {MONITORS_QUESTION}=yes|no).")
    if answer == "no":
        return replace(check, status="fail" if check.required else "warn", observed=f"fewer than {needed} (your answer)",
                       message="You answered that fewer monitors are connected than this employer asks for (your answer, not a measurement).",
                       hint=DEFAULT_HINTS["display.min_monitors"])
    return replace(check, status="pass", observed=f"{needed} or more (your answer)",
                   message="You answered that enough monitors are connected: recorded as your answer, not a measurement.", hint=None)


def _settle_headset_by_answer(check: CheckResult, snapshot: Snapshot, profile: Profile, answers: Mapping[str, str]) -> CheckResult:
    """The headset check left `unknown` for a headset known by name only, settled by the applicant's answer."""
    requirement = profile.requirement("audio", "headset")
    if check.id != "audio.headset" or check.status != "unknown" or requirement is None or not derived_questions(snapshot, profile):
        return check
    values = snapshot.results[audio.AUDIO.id].values
    device = values[audio.HEADSET_TO_CONFIRM.key]
    wanted = requirement.value
    label = HEADSET_LABELS[wanted]
    answer = normalise_answer(answers.get(HEADSET_CABLE_QUESTION))
    if answer is None:
        return replace(check, message=check.message + " Answer the question: is it plugged into the computer with a cable?",
                       hint=f"Answer the question about {device} (rigcheck check --answer {HEADSET_CABLE_QUESTION}=yes|no), or plug in a corded headset.")
    if answer == "no":
        status: CheckStatus = "fail" if check.required else "warn"
        return replace(check, status=status, observed=False,
                       message=f"You answered that {device} is not plugged in with a cable (your answer, not a measurement): no {label} was found.",
                       hint=DEFAULT_HINTS["audio.headset"])
    default_input = values.get(audio.DEFAULT_INPUT.key) or {}
    observed = "corded (your answer)"  # shown where measured values go: it must say it is not one
    if default_input and not _default_mic_is_the_headset(default_input, wanted, confirmed_by_answer=True):
        return replace(check, status="warn", observed=observed,
                       message=(f"You answered that {device} is plugged in with a cable (your answer, not a measurement), "
                                f"but the default microphone is {default_input.get('name', 'another device')}."),
                       hint=DEFAULT_HINTS["audio.headset"])
    return replace(check, status="pass", observed=observed,
                   message=f"You answered that {device} is plugged in with a cable: recorded as your answer, not a measurement.", hint=None)


# The [network] limits a watch's call-path sample must meet to count as within limits: sample column, comparison.
_SAMPLE_LIMITS = (("max_latency_ms", 1, "at_most"), ("max_jitter_ms", 2, "at_most"),
                  ("max_packet_loss_percent", 3, "at_most"), ("min_mos", 4, "at_least"))


def _compare_shift_share(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """Share of a watch's call-path samples within every [network] call limit the profile sets."""
    samples = _fact(snapshot, field.fact)
    limits = [(column, kind, found.value) for key, column, kind in _SAMPLE_LIMITS
              if (found := profile.requirement("network", key)) is not None]
    if not limits:
        raise _Missing("unknown", "this profile sets no call-quality limit (latency, jitter, loss, MOS) to compare the samples with")
    rows = [row for row in samples if isinstance(row, list) and len(row) >= 5] if isinstance(samples, list) else []
    if not rows:
        raise _Missing("unknown", "no call-path sample was taken during the watch")

    def within(row: list) -> bool:
        for column, kind, limit in limits:
            value = row[column]
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return False  # a sample without the figure (every packet lost) is not within limits
            if (value > limit) if kind == "at_most" else (value < limit):
                return False
        return True

    share = round(100.0 * sum(1 for row in rows if within(row)) / len(rows), 1)
    ok = share >= requirement.value
    message = (f"{value_text(share, '%')} of {len(rows)} call-path samples within the call limits "
               f"(at least {value_text(requirement.value, '%')} needed)")
    return ("pass" if ok else "fail"), share, message


_COMPARE: dict[str, Callable[..., tuple[CheckStatus, Any, str]]] = {
    "at_least": _compare_threshold,
    "at_most": _compare_threshold,
    "allow": _compare_allow,
    "require": _compare_require,
    "connection": _compare_connection,
    "os": _compare_os,
    "resolution": _compare_resolution,
    "countries": _compare_countries,
    "headset": _compare_headset,
    "shift_share": _compare_shift_share,
}


# ---------------------------------------------------------------------------------------------
# Questions

def normalise_answer(answer: str | None) -> str | None:
    """"yes" / "no" from the common spellings, None for anything else."""
    if answer is None:
        return None
    word = str(answer).strip().lower()
    if word in YES_WORDS:
        return "yes"
    if word in NO_WORDS:
        return "no"
    return None


def _score_question(question: Question, answers: Mapping[str, str]) -> CheckResult:
    check_id = f"question.{question.id}"
    answer = normalise_answer(answers.get(question.id))
    required = question.level == "required"
    expected = f"answer: {'no' if question.fail_if == 'yes' else 'yes'}"
    if answer is None:
        given = answers.get(question.id)
        message = "Not answered." if given is None else f'"{given}" is not yes or no.'
        return CheckResult(check_id, question.text, "question", "unknown", required, given, expected, "", message,
                           "Answer the question (yes or no).")
    if answer == question.fail_if:
        status: CheckStatus = "fail" if required else "warn"
        return CheckResult(check_id, question.text, "question", status, required, answer, expected, "",
                           f"Answered {answer}.", question.hint or "This answer does not meet the employer's rules.")
    return CheckResult(check_id, question.text, "question", "pass", required, answer, expected, "", f"Answered {answer}.", None)

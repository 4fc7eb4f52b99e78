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
from rigcheck.i18n import current_language
from rigcheck.explain import not_measured_phrase, problem_for, problems_of
from rigcheck.model import CheckResult, CheckStatus, Phrase, Profile, ProfileRef, Question, Report, Requirement, Snapshot, Verdict
from rigcheck.facts import Fact, audio, browser, connection, display, memory, network, power, shift, system
from rigcheck.profile.fields import RequirementField, field_for

# Weights for the 0-100 score: a required check counts three times a recommended one.
REQUIRED_WEIGHT = 3
RECOMMENDED_WEIGHT = 1
STATUS_CREDIT = {"pass": 1.0, "warn": 0.5, "fail": 0.0, "unknown": 0.0}

YES_WORDS = {"yes", "y", "true", "1", "oui", "si", "sí", "ja"}
NO_WORDS = {"no", "n", "false", "0", "non", "nein"}


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def score(
    snapshot: Snapshot,
    profile: Profile,
    answers: Mapping[str, str] | None = None,
    *,
    created_at: str | None = None,
    applicant: str | None = None,
    language: str | None = None,
) -> Report:
    """Score facts against a profile. Pass `created_at` and `language` for a fully deterministic report.

    `applicant` is the reference the employer asked for (opt-in); it is carried, never scored. `language`:
    the one the applicant reads the report in (recorded; omitted: the language rigcheck speaks now).
    """
    answers = dict(answers or {})
    watch_only = _is_watch(snapshot)
    checks = [_score_requirement(snapshot, profile, requirement) for requirement in profile.requirements
              if _in_scope(requirement, snapshot, watch_only)]
    checks = [_settle_headset_by_answer(check, snapshot, profile, answers) for check in checks]
    checks = [_settle_monitors_by_answer(check, snapshot, profile, answers) for check in checks]
    checks = [_settle_backup_power_by_answer(check, snapshot, profile, answers) for check in checks]
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
        language=language or current_language(),
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
#
# Every check says what it found as a code with parameters (model.Phrase); rigcheck.render.words turns
# codes into words in the reader's language. No sentence is made here.

def _p(code: str, **params: Any) -> Phrase:
    return Phrase(code, params)


FIX_RUN_AGAIN = "fix.unknown"  # the fix of a check left unknown; render.words words it per check where a rerun cannot help


class _Missing(Exception):
    """A fact needed by a check is not there; carries the status (unknown/skipped), why (a phrase) and the fix."""

    def __init__(self, status: CheckStatus, reason: Phrase, fix: Phrase | None = None, *, measured: bool = False):
        super().__init__(reason.code)
        self.status = status
        self.reason = reason
        self.fix = fix
        self.measured = measured  # measured, but not conclusive: not a fact the probe failed to get


def _facts(snapshot: Snapshot, probe: str) -> Mapping[str, Any]:
    if probe in snapshot.skipped and probe not in snapshot.results:
        raise _Missing("skipped", _p("check.skipped", probe=probe))
    result = snapshot.results.get(probe)
    if result is None:
        raise _Missing("unknown", _p("check.not_run", probe=probe))
    if not result.values:
        # The probe's own error (technical, English) stays in the report's facts; the check says what it means.
        raise _Missing("unknown", _p(f"check.cannot_tell.{result.status}", why=str(result.status), probe=probe))
    return result.values


def _fact(snapshot: Snapshot, fact: Fact, *fallbacks: Fact) -> Any:
    """The value of `fact` (else of the first fallback the probe reported); _Missing when there is none."""
    values = _facts(snapshot, fact.probe)
    for candidate in (fact, *fallbacks):
        if values.get(candidate.key) is not None:
            return values[candidate.key]
    raise _Missing("unknown", _p("check.not_reported", probe=fact.probe, fact=fact.key))


def _score_requirement(snapshot: Snapshot, profile: Profile, requirement: Requirement) -> CheckResult:
    field = field_for(requirement.section, requirement.key)
    assert field is not None, f"profile holds an unknown requirement {requirement.section}.{requirement.key}"
    check_id = f"{requirement.section}.{requirement.key}"
    # The profile's own hint is its words, shown as they are; else the fix declared with the profile key.
    fix = requirement.fix or (Phrase.verbatim(requirement.hint) if requirement.hint else _p("fix." + check_id))
    expects = requirement_expectation(profile, requirement)
    observed_as: Phrase | None = None
    try:
        status, observed, says, *rest = _COMPARE[field.comparison](snapshot, field, requirement, profile)
        observed_as = rest[0] if rest else None
    except _Missing as missing:
        problem = None if missing.measured else problem_for(snapshot.results, field.probe)
        if problem is not None and missing.status == "unknown":
            # The probe's one explanation (shown once) says why; the check points to it.
            return CheckResult(check_id, field.title, field.probe, "unknown", requirement.required, None, expects,
                               field.unit, not_measured_phrase(problem), None)
        if missing.status == "skipped":
            return CheckResult(check_id, field.title, field.probe, "skipped", requirement.required, None, expects,
                               field.unit, missing.reason, None)
        return CheckResult(check_id, field.title, field.probe, missing.status, requirement.required, None, expects,
                           field.unit, missing.reason,
                           missing.fix or _p(FIX_RUN_AGAIN, check=check_id, why=missing.reason.params.get("why")))
    if status == "fail" and not requirement.required:
        status = "warn"
    return CheckResult(check_id, field.title, field.probe, status, requirement.required, observed, expects,
                       field.unit, says, fix if status in ("fail", "warn") else None, observed_as)


def requirement_expectation(profile: Profile, requirement: Requirement) -> Phrase:
    """What a requirement asks for, coded ("expected.at_least", limit 25, unit Mbit/s): a check's `expects`,
    and how `profiles show` and the TUI describe the requirement (render.words.requirement_wording)."""
    field = field_for(requirement.section, requirement.key)
    assert field is not None, f"profile holds an unknown requirement {requirement.section}.{requirement.key}"
    value = requirement.value
    comparison = field.comparison
    if comparison in ("at_least", "at_most", "shift_share"):  # a share of the watch's samples is an "at least"
        return _p(f"expected.{'at_least' if comparison == 'shift_share' else comparison}", limit=value, unit=field.unit)
    if comparison == "allow":
        return _p("expected.allowed" if value else "expected.not_allowed")
    if comparison == "require":
        return _p("expected.required" if value else "expected.not_required")
    if comparison == "os":
        return _p("expected.systems", systems=list(value))
    if comparison in ("countries", "browsers"):
        return _p("expected.one_of", items=list(value))
    if comparison == "backup_power":
        return _p(f"expected.backup_power.{value}")
    if comparison == "resolution":
        return _p("expected.resolution", resolution=value, count=_monitors_needed(profile))
    if comparison == "connection":
        return _p("expected.wired" if value == "wired" else "expected.any_connection")
    if comparison == "headset":
        return _p("expected.headset", wanted=value)
    return Phrase.verbatim(str(value))


def _compare_threshold(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    if field.fact in (network.PACKET_LOSS_PERCENT, network.MOS) and _facts(snapshot, network.NETWORK.id).get(network.VOICE_PATH.key) == "tcp":
        raise _Missing("unknown", _p("network.voice_blocked"))
    fallbacks = _THRESHOLD_FALLBACKS.get(field.fact, ())
    observed = _fact(snapshot, field.fact, *fallbacks)
    if isinstance(observed, bool) or not isinstance(observed, (int, float)):
        raise _Missing("unknown", _p("check.not_a_number", value=repr(observed)))
    limit = requirement.value
    ok = observed >= limit if field.comparison == "at_least" else observed <= limit
    params: dict[str, Any] = {"observed": observed, "limit": limit, "unit": field.unit}
    interval = _voice_interval(snapshot, field, observed, limit)
    code = f"threshold.{field.comparison}"
    if interval:
        params.update(interval)
        code += ".interval"
    return ("pass" if ok else "fail"), observed, Phrase(code, params)


# A figure read in place of one the computer does not report: usable memory for installed memory, the
# laptop battery's runtime where no UPS reports its own.
_THRESHOLD_FALLBACKS: dict[Fact, tuple[Fact, ...]] = {memory.INSTALLED_GB: (memory.TOTAL_GB,),
                                                      power.UPS_RUNTIME_MINUTES: (power.BATTERY_RUNTIME_MINUTES,)}


# The voice figures that carry a 95 % interval (network facts), and what the sample is counted in.
_INTERVAL_FACTS = {network.PACKET_LOSS_PERCENT: network.PACKET_LOSS_CI95_PERCENT, network.JITTER_MS: network.JITTER_CI95_MS}


def _voice_interval(snapshot: Snapshot, field: RequirementField, observed: float, limit: float) -> dict[str, Any]:
    """The interval and packet count behind a loss or jitter figure; raises _Missing when it spans the limit."""
    interval_fact = _INTERVAL_FACTS.get(field.fact)
    if interval_fact is None:
        return {}
    values = _facts(snapshot, network.NETWORK.id)
    interval = values.get(interval_fact.key)
    if not (isinstance(interval, list) and len(interval) == 2 and all(isinstance(b, (int, float)) for b in interval)):
        return {}
    low, high = interval
    packets = values.get(network.VOICE_PACKETS_SENT.key)
    found = {"low": low, "high": high, "packets": packets if isinstance(packets, int) else None}
    if low <= limit < high:
        cause = unsettled_cause(field, values, observed)
        raise _Missing("unknown", _p("threshold.unsettled" + (f".{cause}" if cause else ""), observed=observed, limit=limit,
                                     unit=field.unit, **found),
                       _p("fix.unsettled.watch" if cause else "fix.unsettled"), measured=True)
    return found


# What the allow rules look for, by the fact they read: the name of the thing in codes.
_ALLOW_THINGS = {connection.VPN_ACTIVE: "vpn", system.VIRTUAL_MACHINE: "virtual_machine", system.REMOTE_SESSION: "remote_session"}
# The fact that says which one was found, where the probe can tell (kept as a parameter: the employer reads it).
_ALLOW_DETAIL = {system.VIRTUAL_MACHINE: system.HYPERVISOR, system.REMOTE_SESSION: system.REMOTE_SESSION_KIND}


# Why a loss interval stayed wide (the code's last part; render.words words it): every packet arrived but too
# few to rule out a burst, or the losses came in bursts.
UNSETTLED_NO_LOSS_YET = "no_loss_short_test"
UNSETTLED_BURSTS = "loss_in_bursts"


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


def _compare_allow(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    if field.probe == audio.AUDIO.id:
        return _compare_audio_allow(snapshot, field, requirement)
    observed = _fact(snapshot, field.fact)
    thing = _ALLOW_THINGS[field.fact]
    if not observed:
        return "pass", observed, _p(f"{thing}.none")
    detail = _ALLOW_DETAIL.get(field.fact)
    which = _facts(snapshot, detail.probe).get(detail.key) if detail else None
    if requirement.value:
        return "pass", observed, _p(f"{thing}.found", which=which)
    return "fail", observed, _p(f"{thing}.found.refused", which=which)


def _compare_require(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """A flag the profile may demand (true needs the fact true); false sets no rule, so nothing is read."""
    if not requirement.value:
        return "pass", None, _p("require.not_required", check=field.id)
    observed = _fact(snapshot, field.fact)
    if not isinstance(observed, bool):
        raise _Missing("unknown", _p("check.not_yes_no", value=repr(observed)))
    if observed:
        return "pass", True, _p(f"{field.id}.yes")
    return "fail", False, _p(f"{field.id}.no")


def _compare_audio_allow(snapshot: Snapshot, field: RequirementField, requirement: Requirement):
    kind = "bluetooth" if field.fact == audio.BLUETOOTH_AUDIO_PRESENT else "wireless"
    present = _fact(snapshot, field.fact)
    default_input = _facts(snapshot, audio.AUDIO.id).get(audio.DEFAULT_INPUT.key) or {}
    if requirement.value:
        return "pass", present, _p(f"audio.{kind}.allowed")
    if default_input.get("kind") == kind:
        return "fail", True, _p(f"audio.{kind}.default_mic", device=default_input.get("name"))
    if present:
        return "warn", True, _p(f"audio.{kind}.connected")
    return "pass", False, _p(f"audio.{kind}.none")


def _compare_connection(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    values = _facts(snapshot, connection.CONNECTION.id)
    kind = values.get(connection.KIND.key)
    if requirement.value == "any":
        return "pass", kind, _p("connection.any", kind=kind)
    if values.get(connection.ONLINE.key) is False:
        return "fail", "offline", _p("connection.offline")
    observed_as = None
    if kind == "vpn":
        underlay = values.get(connection.UNDERLAY_KIND.key)
        if underlay is None:
            raise _Missing("unknown", _p("connection.vpn_underlay_unknown"), _p(FIX_RUN_AGAIN, check=field.id, kind="vpn"))
        observed_as = _p("observed.under_vpn", kind=underlay)
        kind = underlay
    if kind == "ethernet":
        return "pass", kind, _p("connection.ethernet"), observed_as
    if kind in ("wifi", "cellular"):
        return "fail", kind, _p(f"connection.{kind}"), observed_as
    reason = "connection.virtual" if kind == "virtual" else "connection.unknown"
    raise _Missing("unknown", _p(reason), _p(FIX_RUN_AGAIN, check=field.id, kind=kind))


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
    observed = f"{name}" if not version or str(version) in str(name) else f"{name} ({version})"  # names, not words
    results = [os_rule_matches(rule, family, version) for rule in requirement.value]
    if any(results):
        return "pass", observed, _p("os.supported", system=observed)
    if None in results:
        raise _Missing("unknown", _p("os.version_unknown", family=family))
    return "fail", observed, _p("os.unsupported", system=observed, systems=list(requirement.value))


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
    observed = ", ".join(f"{w}x{h}" for w, h in sizes)
    observed_as = None if observed else _p("observed.no_monitor")
    if len(good) >= needed:
        return "pass", observed or None, _p("resolution.met", count=len(good), resolution=requirement.value), observed_as
    return ("fail", observed or None,
            _p("resolution.short", count=len(good), needed=needed, resolution=requirement.value, found=observed), observed_as)


def _compare_countries(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    country = str(_fact(snapshot, network.COUNTRY)).upper()
    if country in requirement.value:
        return "pass", country, _p("country.allowed", country=country)
    return "fail", country, _p("country.other", country=country, items=list(requirement.value))


# The audio fact that shows the headset a profile's audio.headset asks for ("any" looks at every device).
_HEADSET_PRESENT = {"usb": audio.USB_HEADSET_PRESENT, "wired": audio.WIRED_HEADSET_PRESENT}
# Questions scoring derives from the facts (not from the profile); their ids are reserved.
HEADSET_CABLE_QUESTION = "headset-cable"
MONITORS_QUESTION = "monitors-connected"
UPS_QUESTION = "ups-plugged-in"
DERIVED_QUESTION_IDS = (HEADSET_CABLE_QUESTION, MONITORS_QUESTION, UPS_QUESTION)


def _compare_headset(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    values = _facts(snapshot, audio.AUDIO.id)
    wanted = requirement.value
    fact = _HEADSET_PRESENT.get(wanted)
    if fact is None:  # "any": any headset, wireless ones included
        present = any(device.get("is_headset") for device in values.get(audio.DEVICES.key) or [])
    else:
        present = _fact(snapshot, fact)
    if not present:
        unconfirmed = values.get(audio.HEADSET_TO_CONFIRM.key)
        if unconfirmed:
            # A headset by name only: never a pass on the name; the applicant's answer may settle it.
            code = "headset.unconfirmed.measured_only" if _measured_only(profile) else "headset.unconfirmed.ask"
            return "unknown", None, _p(code, device=unconfirmed)
        return "fail", False, _p("headset.none", wanted=wanted)
    default_input = values.get(audio.DEFAULT_INPUT.key) or {}
    if default_input and not _default_mic_is_the_headset(default_input, wanted):
        return "warn", True, _p("headset.not_default", wanted=wanted, default=default_input.get("name"))
    return "pass", True, _p("headset.connected", wanted=wanted)


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
    return (Question(id=HEADSET_CABLE_QUESTION, text="", fail_if="no", level=requirement.level,
                     asks=_p("question.headset_cable", device=unconfirmed), fix=_p("fix.question.headset_cable")),)


def _monitors_question(snapshot: Snapshot, profile: Profile) -> Question | None:
    """Asked when the platform cannot see the displays (no display server, no driver information)."""
    requirement = profile.requirement("display", "min_monitors")
    result = snapshot.results.get(display.DISPLAY.id)
    if requirement is None or result is None or result.status != "unsupported" or result.values.get(display.MONITOR_COUNT.key) is not None:
        return None
    return Question(id=MONITORS_QUESTION, text="", fail_if="no", level=requirement.level,
                    asks=_p("question.monitors_connected", count=_monitors_needed(profile)), fix=_p("fix.display.min_monitors"))


def questions_for(snapshot: Snapshot, profile: Profile) -> tuple[Question, ...]:
    """Every question to put to the applicant: the profile's own, then those derived from the facts."""
    asked = (_monitors_question(snapshot, profile), _ups_question(snapshot, profile))
    return tuple(profile.questions) + derived_questions(snapshot, profile) + tuple(q for q in asked if q)


def _settle_monitors_by_answer(check: CheckResult, snapshot: Snapshot, profile: Profile, answers: Mapping[str, str]) -> CheckResult:
    """The monitor count the platform could not see, settled by the applicant's answer (recorded as theirs)."""
    if check.id != "display.min_monitors" or check.status != "unknown" or _monitors_question(snapshot, profile) is None:
        return check
    answer = normalise_answer(answers.get(MONITORS_QUESTION))
    needed = _monitors_needed(profile)
    if answer is None:
        return replace(check, says=_p("monitors.ask"), fix=_p("fix.answer.derived", question=MONITORS_QUESTION))
    if answer == "no":
        return replace(check, status="fail" if check.required else "warn", observed=None,
                       observed_as=_p("observed.answer.fewer_monitors", count=needed),
                       says=_p("monitors.answered_fewer"), fix=_p("fix.display.min_monitors"))
    return replace(check, status="pass", observed=None, observed_as=_p("observed.answer.enough_monitors", count=needed),
                   says=_p("monitors.answered_enough"), fix=None)


def _settle_headset_by_answer(check: CheckResult, snapshot: Snapshot, profile: Profile, answers: Mapping[str, str]) -> CheckResult:
    """The headset check left `unknown` for a headset known by name only, settled by the applicant's answer."""
    requirement = profile.requirement("audio", "headset")
    if check.id != "audio.headset" or check.status != "unknown" or requirement is None or not derived_questions(snapshot, profile):
        return check
    values = snapshot.results[audio.AUDIO.id].values
    device = values[audio.HEADSET_TO_CONFIRM.key]
    wanted = requirement.value
    answer = normalise_answer(answers.get(HEADSET_CABLE_QUESTION))
    if answer is None:
        return replace(check, says=_p("headset.unconfirmed.ask", device=device),
                       fix=_p("fix.answer.headset", device=device, question=HEADSET_CABLE_QUESTION))
    if answer == "no":
        status: CheckStatus = "fail" if check.required else "warn"
        return replace(check, status=status, observed=False, says=_p("headset.answered_wireless", device=device, wanted=wanted),
                       fix=_p("fix.audio.headset"))
    default_input = values.get(audio.DEFAULT_INPUT.key) or {}
    # Shown where measured values go: it must say it is the applicant's word, not a measurement.
    corded = _p("observed.answer.corded")
    if default_input and not _default_mic_is_the_headset(default_input, wanted, confirmed_by_answer=True):
        return replace(check, status="warn", observed=True, observed_as=corded,
                       says=_p("headset.answered_corded.not_default", device=device, default=default_input.get("name")),
                       fix=_p("fix.audio.headset"))
    return replace(check, status="pass", observed=True, observed_as=corded, says=_p("headset.answered_corded", device=device), fix=None)


# The [network] limits a watch's call-path sample must meet to count as within limits: sample column, comparison.
_SAMPLE_LIMITS = (("max_latency_ms", 1, "at_most"), ("max_jitter_ms", 2, "at_most"),
                  ("max_packet_loss_percent", 3, "at_most"), ("min_mos", 4, "at_least"))


def _compare_shift_share(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """Share of a watch's call-path samples within every [network] call limit the profile sets."""
    samples = _fact(snapshot, field.fact)
    limits = [(column, kind, found.value) for key, column, kind in _SAMPLE_LIMITS
              if (found := profile.requirement("network", key)) is not None]
    if not limits:
        raise _Missing("unknown", _p("shift.no_call_limits"))
    rows = [row for row in samples if isinstance(row, list) and len(row) >= 5] if isinstance(samples, list) else []
    if not rows:
        raise _Missing("unknown", _p("shift.no_call_samples"))

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
    return ("pass" if ok else "fail"), share, _p("shift.share", observed=share, samples=len(rows), limit=requirement.value, unit="%")


def _compare_browsers(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """Passes when one installed browser meets one of the profile's rules ("chrome >= 120")."""
    installed = [entry for entry in _fact(snapshot, browser.BROWSERS) if isinstance(entry, Mapping) and entry.get("name")]
    observed = ", ".join(f"{entry['name']} {entry.get('version') or '?'}" for entry in installed)  # names, not words
    observed_as = None if observed else _p("observed.no_browser")
    results = [os_rule_matches(rule, str(entry["name"]), entry.get("version")) for rule in requirement.value for entry in installed]
    if any(results):
        return "pass", observed, _p("browsers.met", found=observed), observed_as
    if None in results:
        raise _Missing("unknown", _p("browsers.version_unknown"))
    return "fail", observed or None, _p("browsers.short", found=observed or "-", items=list(requirement.value)), observed_as


def _compare_backup_power(snapshot: Snapshot, field: RequirementField, requirement: Requirement, profile: Profile):
    """A UPS seen over its data cable passes; so does a laptop battery where the profile accepts one. A UPS
    without a data cable cannot be seen: the check stays unknown and the applicant is asked."""
    values = _facts(snapshot, power.POWER.id)
    if values.get(power.UPS_PRESENT.key):
        name = values.get(power.UPS_NAME.key)
        return "pass", name or "UPS", _p("backup_power.ups", name=name or "UPS")
    if requirement.value == "ups_or_battery" and values.get(power.BATTERY_PRESENT.key):
        return "pass", None, _p("backup_power.battery"), _p("observed.laptop_battery")
    raise _Missing("unknown", _p("backup_power.ask"), measured=True)  # the question about it settles it


def _ups_question(snapshot: Snapshot, profile: Profile) -> Question | None:
    """Asked when the profile wants backup power and none can be seen (a UPS without a data cable, the common case)."""
    requirement = profile.requirement("power", "require_backup")
    result = snapshot.results.get(power.POWER.id)
    if requirement is None or result is None:
        return None
    values = result.values
    if values.get(power.UPS_PRESENT.key) or (requirement.value == "ups_or_battery" and values.get(power.BATTERY_PRESENT.key)):
        return None
    return Question(id=UPS_QUESTION, text="", fail_if="no", level=requirement.level,
                    asks=_p("question.ups_plugged_in"), fix=_p("fix.power.require_backup"))


def _settle_backup_power_by_answer(check: CheckResult, snapshot: Snapshot, profile: Profile, answers: Mapping[str, str]) -> CheckResult:
    """Backup power no probe could see, settled by the applicant's answer (recorded as theirs)."""
    if check.id != "power.require_backup" or check.status != "unknown" or _ups_question(snapshot, profile) is None:
        return check
    answer = normalise_answer(answers.get(UPS_QUESTION))
    if answer is None:
        return replace(check, says=_p("backup_power.ask"), fix=_p("fix.answer.derived", question=UPS_QUESTION))
    if answer == "no":
        return replace(check, status="fail" if check.required else "warn", observed=None,
                       observed_as=_p("observed.answer.no_ups"), says=_p("backup_power.answered_no"),
                       fix=_p("fix.power.require_backup"))
    return replace(check, status="pass", observed=None, observed_as=_p("observed.answer.ups"),
                   says=_p("backup_power.answered_yes"), fix=None)


_COMPARE: dict[str, Callable[..., tuple[Any, ...]]] = {
    "at_least": _compare_threshold,
    "at_most": _compare_threshold,
    "allow": _compare_allow,
    "require": _compare_require,
    "connection": _compare_connection,
    "os": _compare_os,
    "resolution": _compare_resolution,
    "countries": _compare_countries,
    "headset": _compare_headset,
    "browsers": _compare_browsers,
    "backup_power": _compare_backup_power,
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
    expects = _p("expected.answer", answer="no" if question.fail_if == "yes" else "yes")

    def check(status: CheckStatus, observed: Any, says: Phrase, fix: Phrase | None) -> CheckResult:
        return CheckResult(check_id, question.text, "question", status, required, observed, expects, "", says, fix,
                           title_as=question.asks)

    if answer is None:
        given = answers.get(question.id)
        says = _p("question.unanswered") if given is None else _p("question.not_yes_no", given=given)
        return check("unknown", given, says, _p("fix.answer", question=question.id))
    if answer == question.fail_if:
        fix = question.fix or (Phrase.verbatim(question.hint) if question.hint else _p("fix.question.refused"))
        return check("fail" if required else "warn", answer, _p("question.answered", answer=answer), fix)
    return check("pass", answer, _p("question.answered", answer=answer), None)

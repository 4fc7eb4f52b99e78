"""Codes into words: the one place where what a report says becomes sentences, through the catalog.

A report carries codes and parameters (model.Phrase: a check's `says`, `fix`, `expects`, `observed_as`;
a problem's probe and cause). Every renderer and every screen words them with the functions here, in the
language rigcheck speaks at the time (rigcheck.i18n; `speaking("en")` for the English a report keeps).
The English is written for an applicant who is not technical: what happened, what it means for their
calls, what they can do; no internal names, no jargon a person would have to look up.

API (stable; the TUI and every renderer call these): say, check_title, check_message, check_fix,
check_expected, observed_words, check_observed, problem_title, problem_message, problem_fix,
verdict_text, status_word, status_label, question_text, question_fix, requirement_wording, yes_no,
count_phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rigcheck.facts import mic
from rigcheck.i18n import N_, _, current_language, ngettext
from rigcheck.model import IN_LANGUAGES, VERBATIM, CheckResult, Phrase, ProbeProblem, Question
from rigcheck.render.numbers import NOTHING, number_text, value_text

if TYPE_CHECKING:
    from rigcheck.model import Profile, Requirement

# Parameters that hold a figure in the phrase's `unit`: written with render.numbers ("25 Mbit/s").
_FIGURES = ("observed", "limit", "low", "high")

_PROBLEM_POINTER = "check.not_measured.problem"  # a check that points to the problem said once (explain.py)

# Words for the values parameters carry as codes.
_CONNECTION_KINDS = {"ethernet": N_("a LAN cable"), "wifi": N_("Wi-Fi"), "cellular": N_("mobile data"),
                     "vpn": N_("a VPN"), "virtual": N_("a virtual network adapter"), "satellite": N_("satellite")}
_HEADSETS = {"usb": N_("corded USB headset"), "wired": N_("corded headset"), "any": N_("headset")}
_HEADSET_EXPECTED = {"usb": N_("a corded USB headset"), "wired": N_("corded headset, USB or jack"),
                     "any": N_("any headset")}
_ANSWERS = {"yes": N_("yes"), "no": N_("no")}


def yes_no(value: object) -> str:
    """'yes' or 'no' in the current language, for a boolean or the answers "yes"/"no"."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return _(_ANSWERS[value]) if value in _ANSWERS else str(value)


def _either(items: Sequence[Any]) -> str:
    """'Windows 10, macOS 13 or Linux': the choices a requirement allows."""
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    return _("%(some)s or %(last)s") % {"some": ", ".join(names[:-1]), "last": names[-1]}


_SYSTEM_NAMES = {"windows": "Windows", "macos": "macOS", "linux": "Linux", "chromeos": "ChromeOS"}
_SYSTEM_RULE = re.compile(r"^\s*([A-Za-z]+)\s*(?:(>=|<=|==|>|<)\s*([0-9][0-9.]*))?\s*$")


def system_rule_words(rule: str) -> str:
    """A profile's operating-system rule as job ads say it: "windows >= 10" -> "Windows 10+"."""
    match = _SYSTEM_RULE.match(rule)
    if not match:
        return rule
    family, operator, version = match.groups()
    name = _SYSTEM_NAMES.get(family.lower(), family)
    if not operator:
        return name
    words = {">=": N_("%(system)s %(version)s+"), "<=": N_("%(system)s %(version)s or earlier"),
             "==": N_("%(system)s %(version)s"), ">": N_("a %(system)s newer than %(version)s"),
             "<": N_("a %(system)s older than %(version)s")}[operator]
    return _(words) % {"system": name, "version": version}


def _param_words(params: Mapping[str, Any]) -> dict[str, str]:
    """Each parameter as the words that stand in its placeholder."""
    unit = str(params.get("unit") or "")
    words: dict[str, str] = {}
    for key, value in params.items():
        if key in _FIGURES:
            words[key] = value_text(value, unit)
        elif key == "kind":
            words[key] = _(_CONNECTION_KINDS[value]) if value in _CONNECTION_KINDS else (str(value) if value else _("an unknown link"))
        elif key == "wanted":
            words[key] = _(_HEADSETS.get(value, _HEADSETS["any"]))
        elif key == "answer":
            words[key] = yes_no(value)
        elif key == "items":
            words[key] = _either(value if isinstance(value, (list, tuple)) else [value])
        elif key == "systems":
            words[key] = _either([system_rule_words(str(rule)) for rule in (value if isinstance(value, (list, tuple)) else [value])])
        elif key in ("device", "default"):
            words[key] = str(value) if value else _("another device")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            words[key] = number_text(value)
        else:
            words[key] = NOTHING if value is None else str(value)
    return words


# ---------------------------------------------------------------------------------------------
# The phrases: each code's words. Placeholders are named (%(observed)s); a translator may reorder them.

PHRASES: dict[str, str] = {
    # A check that could not be decided
    "check.skipped": N_("Left out of this run."),
    "check.not_run": N_("This was not checked in this run."),
    "check.cannot_tell.unsupported": N_("This computer does not tell rigcheck this."),
    "check.cannot_tell.timeout": N_("The check took too long and was stopped, so this has no result."),
    "check.cannot_tell.error": N_("The check could not finish, so this has no result."),
    "check.not_reported": N_("This computer does not report this."),
    "check.not_a_number": N_("This computer gave an answer that is not a number (%(value)s)."),
    "check.not_yes_no": N_("This computer gave an answer that is not yes or no (%(value)s)."),
    "check.not_measured.problem": N_("Not measured, because of the problem above: %(problem)s."),
    # Thresholds
    "threshold.at_least": N_("%(observed)s measured; at least %(limit)s is needed."),
    "threshold.at_most": N_("%(observed)s measured; at most %(limit)s is allowed."),
    "threshold.at_most.interval": N_("%(observed)s measured; at most %(limit)s is allowed. The true figure is very "
                                     "likely between %(low)s and %(high)s."),
    "threshold.unsettled": N_("%(observed)s measured, but the true figure could be anywhere from %(low)s to %(high)s, "
                              "on either side of the limit of %(limit)s: the test was too short or too disturbed to tell."),
    "threshold.unsettled.no_loss_short_test": N_("No call packet was lost, but losses on home lines often come in "
                                                 "bursts, and this short test cannot yet rule out a burst now and then: "
                                                 "the true figure could be up to %(high)s, above the limit of %(limit)s."),
    "threshold.unsettled.loss_in_bursts": N_("%(observed)s measured, but the losses came in bursts, so the true figure "
                                             "could be anywhere from %(low)s to %(high)s, on either side of the limit "
                                             "of %(limit)s: a longer test or rigcheck watch can tell."),
    "network.voice_blocked": N_("Call traffic could not get through this connection, so packet loss and call quality "
                                "could not be measured."),
    # A watched shift
    "shift.share": N_("%(observed)s of %(samples)s call tests were within the call limits; at least %(limit)s is needed."),
    "shift.no_call_limits": N_("This profile sets no call-quality limit (latency, jitter, loss or call quality) to "
                               "compare the call tests with."),
    "shift.no_call_samples": N_("No call test was taken during the watch."),
    # Things a profile allows or not
    "vpn.none": N_("No VPN is in use."),
    "vpn.found": N_("Your internet traffic goes through a VPN."),
    "vpn.found.refused": N_("Your internet traffic goes through a VPN, which this employer does not allow."),
    "virtual_machine.none": N_("rigcheck is running directly on this computer."),
    "virtual_machine.found": N_("rigcheck is running inside a virtual machine (a computer simulated by software)."),
    "virtual_machine.found.refused": N_("rigcheck is running inside a virtual machine (a computer simulated by "
                                        "software), which this employer does not allow."),
    "remote_session.none": N_("You are using this computer directly, not from another one."),
    "remote_session.found": N_("This computer is being used from another one (remote desktop or remote login)."),
    "remote_session.found.refused": N_("This computer is being used from another one (remote desktop or remote "
                                       "login), which this employer does not allow."),
    "require.not_required": N_("This employer does not ask for this."),
    "computer.require_firewall.yes": N_("The firewall is on."),
    "computer.require_firewall.no": N_("The firewall is off, and this employer requires it on."),
    "audio.bluetooth.allowed": N_("This employer allows Bluetooth headsets."),
    "audio.bluetooth.default_mic": N_("The microphone the computer uses is a Bluetooth device (%(device)s)."),
    "audio.bluetooth.connected": N_("A Bluetooth audio device is connected, but it is not the microphone the computer uses."),
    "audio.bluetooth.none": N_("No Bluetooth audio device was found."),
    "audio.wireless.allowed": N_("This employer allows wireless (DECT or USB dongle) headsets."),
    "audio.wireless.default_mic": N_("The microphone the computer uses is a wireless headset (%(device)s)."),
    "audio.wireless.connected": N_("A wireless headset is connected, but it is not the microphone the computer uses."),
    "audio.wireless.none": N_("No wireless headset was found."),
    # The connection
    "connection.any": N_("Connected through %(kind)s; this employer accepts any connection."),
    "connection.offline": N_("This computer is not connected to the internet."),
    "connection.ethernet": N_("Connected to the router with a LAN cable."),
    "connection.wifi": N_("Connected over Wi-Fi, not with a LAN cable."),
    "connection.cellular": N_("Connected over mobile data (a pocket WiFi or phone), not with a LAN cable."),
    "connection.vpn_underlay_unknown": N_("Your traffic goes through a VPN, and rigcheck could not tell whether the "
                                          "connection under it uses a cable."),
    "connection.virtual": N_("The internet connection goes through a virtual network adapter (a virtual machine or "
                             "similar software), so rigcheck cannot tell whether a cable is used."),
    "connection.unknown": N_("rigcheck could not tell whether the internet connection uses a cable or Wi-Fi."),
    # The computer
    "os.supported": N_("%(system)s is supported."),
    "os.unsupported": N_("%(system)s is not supported; this employer asks for %(systems)s."),
    "os.version_unknown": N_("rigcheck could not read which version of the operating system this is."),
    "country.allowed": N_("Connecting from %(country)s."),
    "country.other": N_("The connection appears to come from %(country)s; this employer hires in %(items)s."),
    # The headset
    "headset.unconfirmed.measured_only": N_("%(device)s may be a headset, but nothing rigcheck measured shows that it "
                                            "has a cable, and this employer accepts only what is measured."),
    "headset.unconfirmed.ask": N_("%(device)s may be a headset, but rigcheck cannot tell whether it has a cable. "
                                  "Answer the question about it."),
    "headset.none": N_("No %(wanted)s was found."),
    "headset.not_default": N_("A %(wanted)s is connected, but the computer uses another microphone (%(default)s)."),
    "headset.connected": N_("A %(wanted)s is connected."),
    "headset.answered_wireless": N_("You answered that %(device)s is not plugged in with a cable: no %(wanted)s was found."),
    "headset.answered_corded": N_("You answered that %(device)s is plugged in with a cable (your answer, not a measurement)."),
    "headset.answered_corded.not_default": N_("You answered that %(device)s is plugged in with a cable (your answer, not "
                                              "a measurement), but the computer uses another microphone (%(default)s)."),
    # Monitors the computer could not count
    "monitors.ask": N_("This computer does not tell how many monitors are connected: answer the question about them."),
    "monitors.answered_fewer": N_("You answered that fewer monitors are connected than this employer asks for "
                                  "(your answer, not a measurement)."),
    "monitors.answered_enough": N_("You answered that enough monitors are connected (your answer, not a measurement)."),
    # The home office Philippine employers ask for: webcam, antivirus, browsers, backup power and connection
    "computer.require_webcam.yes": N_("A webcam is connected and works."),
    "computer.require_webcam.no": N_("No working webcam was found, and this employer requires one."),
    "computer.require_antivirus.yes": N_("An antivirus is protecting this computer."),
    "computer.require_antivirus.no": N_("No antivirus is protecting this computer (its real-time protection is off), "
                                        "and this employer requires one."),
    "backup.require_connection.yes": N_("A backup internet connection is connected beside your main line."),
    "backup.require_connection.no": N_("No backup internet connection was found beside your main line, and this "
                                       "employer requires one."),
    "browsers.met": N_("Installed: %(found)s."),
    "browsers.short": N_("Installed: %(found)s; this employer asks for %(items)s."),
    "browsers.version_unknown": N_("rigcheck could not read the version of an installed browser."),
    "backup_power.ups": N_("A UPS is connected to the computer (%(name)s)."),
    "backup_power.battery": N_("The laptop's battery keeps the computer running in a brownout (the modem/router needs "
                               "power too)."),
    "backup_power.ask": N_("rigcheck cannot see a UPS without a data cable: answer the question about it."),
    "backup_power.answered_no": N_("You answered that the computer and modem/router are not on a UPS (your answer, "
                                   "not a measurement)."),
    "backup_power.answered_yes": N_("You answered that the computer and modem/router are plugged into a UPS (your "
                                    "answer, not a measurement)."),
    "question.ups_plugged_in": N_("Is this computer and your modem/router plugged into a UPS?"),
    "expected.backup_power.ups": N_("a UPS"),
    "expected.backup_power.ups_or_battery": N_("a UPS or a laptop battery"),
    "observed.no_browser": N_("no browser found"),
    "observed.laptop_battery": N_("laptop battery"),
    "observed.answer.ups": N_("a UPS (your answer)"),
    "observed.answer.no_ups": N_("no UPS (your answer)"),
    # Questions
    "question.unanswered": N_("You have not answered this question yet."),
    "question.not_yes_no": N_("\"%(given)s\" is not yes or no."),
    "question.answered": N_("You answered %(answer)s."),
    "question.headset_cable": N_("Is %(device)s plugged into the computer with a cable?"),
    # Fixes
    "fix.unsettled": N_("Run the check again while nobody else uses the internet (no streaming, downloads or video "
                        "calls): a quieter test settles it."),
    "fix.unsettled.watch": N_("Run the check again while nobody else uses the internet, or let rigcheck watch the "
                              "line for an hour or more (rigcheck watch, or Watch my connection in the app): a longer "
                              "look settles it."),
    "fix.answer": N_("Answer the question (rigcheck check --answer %(question)s=yes or no)."),  # the id headless needs
    "fix.answer.headset": N_("Answer the question about %(device)s (rigcheck check --answer %(question)s=yes or no), or "
                             "plug in a headset that has a cable."),
    "fix.answer.derived": N_("Answer the question (rigcheck check --answer %(question)s=yes or no)."),
    "fix.question.refused": N_("This answer does not meet the employer's rules."),
    "fix.question.headset_cable": N_("A wireless or Bluetooth headset connects through a small USB dongle or a base; a "
                                     "corded one has a cable all the way to the computer."),
    "fix.unknown": N_("Run the check again. If it still has no result, save the report and send it as it is: it "
                      "records what went wrong."),
    # What a requirement asks for
    "expected.at_least": N_("at least %(limit)s"),
    "expected.at_most": N_("at most %(limit)s"),
    "expected.allowed": N_("allowed"),
    "expected.not_allowed": N_("not allowed"),
    "expected.required": N_("required"),
    "expected.not_required": N_("not required"),
    "expected.one_of": N_("%(items)s"),
    "expected.systems": N_("%(systems)s"),
    "expected.wired": N_("a LAN cable"),
    "expected.any_connection": N_("any connection"),
    "expected.answer": N_("answer: %(answer)s"),
    # The observed value where it is not a measurement
    "observed.under_vpn": N_("%(kind)s, under a VPN"),
    "observed.no_monitor": N_("no monitor found"),
    "observed.answer.corded": N_("with a cable (your answer)"),
}

# Where a rerun cannot change the result, the fix says what the applicant can do instead (by check id).
_UNKNOWN_FIXES: dict[str, str] = {
    "computer.min_cpu_ghz": N_("This computer does not report its processor speed, and running the check again will "
                               "not change that. Tell your employer the processor's name: on Windows it is under "
                               "Settings > System > About."),
    "computer.min_cpu_cores": N_("This computer does not report its processor, and running the check again will not "
                                 "change that. Tell your employer the processor's name: on Windows it is under "
                                 "Settings > System > About."),
    "display.min_resolution": N_("This computer does not report its screens, and running the check again will not "
                                 "change that (over a remote connection, run rigcheck on the computer itself). Tell "
                                 "your employer your screen size and resolution: on Windows it is under Settings > "
                                 "System > Display."),
    "display.min_monitors": N_("This computer does not report its screens, and running the check again will not "
                               "change that (over a remote connection, run rigcheck on the computer itself). Tell "
                               "your employer how many screens you use."),
    "network.connection": N_("Connect the computer to the router with a LAN cable and turn off any VPN, then run the "
                             "check again. If you run rigcheck inside a virtual machine, run it on the computer itself."),
}

# A computer that cannot tell will not tell on a second run either.
_UNSUPPORTED_FIX = N_("Running the check again will not change this. Save the report and send it as it is: your "
                      "employer can ask you about it.")

# Phrases whose words depend on a count: (singular, plural) chosen by ngettext on the named parameter.
_COUNTED: dict[str, tuple[str, Callable[[int], str]]] = {
    "resolution.met": ("count", lambda n: ngettext("%(count)s monitor at %(resolution)s or more.",
                                                   "%(count)s monitors at %(resolution)s or more.", n)),
    "resolution.short": ("needed", lambda n: ngettext(
        "The monitor needs at least %(resolution)s; found: %(found)s.",
        "%(count)s of the %(needed)s monitors needed reach %(resolution)s; found: %(found)s.", n)),
    "expected.resolution": ("count", lambda n: ngettext("%(resolution)s or more", "%(resolution)s or more on %(count)s monitors", n)),
    "question.monitors_connected": ("count", lambda n: ngettext(
        "Is a monitor connected to this computer and turned on?",
        "Are %(count)s or more monitors connected to this computer and turned on?", n)),
    "observed.answer.fewer_monitors": ("count", lambda n: ngettext("no monitor (your answer)", "fewer than %(count)s (your answer)", n)),
    "observed.answer.enough_monitors": ("count", lambda n: ngettext("a monitor (your answer)", "%(count)s or more (your answer)", n)),
}


def known_codes() -> frozenset[str]:
    """Every code this module has words for (fixes of profile keys, "fix.<check id>", are read from the fields)."""
    from rigcheck.profile.fields import REQUIREMENT_FIELDS

    return frozenset(PHRASES) | frozenset(_COUNTED) | {"expected.headset", VERBATIM, IN_LANGUAGES} | {
        f"fix.{field.id}" for field in REQUIREMENT_FIELDS}


def say(phrase: Phrase | None) -> str:
    """A phrase in words, in the current language ('' for None).

    A code this rigcheck has no words for (a report from a later version) shows the words the report stored
    beside it, else the code itself: never nothing.
    """
    if phrase is None:
        return ""
    params = phrase.params
    if phrase.code == VERBATIM:
        return str(params.get("text", ""))
    if phrase.code == IN_LANGUAGES:
        return _in_reader_language(params, phrase.fallback)
    template = _template(phrase)
    if template is None:
        return phrase.fallback if phrase.fallback is not None else phrase.code
    words = _param_words(params)
    if phrase.code == _PROBLEM_POINTER:
        words["problem"] = problem_title(ProbeProblem(str(params.get("probe", "")), str(params.get("cause", ""))))
    try:
        return template % words
    except (KeyError, ValueError, TypeError):  # a received report's parameters that do not fit the words
        return phrase.fallback if phrase.fallback is not None else phrase.code


def _in_reader_language(params: Mapping[str, Any], fallback: str | None) -> str:
    """An employer's words in the reader's language, else in the profile's default one."""
    texts = params.get("texts")
    if isinstance(texts, Mapping):
        for language in (current_language(), params.get("default")):
            if isinstance(texts.get(language), str):
                return texts[language]
        return next((text for text in texts.values() if isinstance(text, str)), fallback or "")
    return fallback or ""


def _template(phrase: Phrase) -> str | None:
    code = phrase.code
    if code == "fix.unknown":  # by check, where a rerun cannot help; else by why there is no result
        general = _UNSUPPORTED_FIX if phrase.params.get("why") == "unsupported" else PHRASES["fix.unknown"]
        return _(_UNKNOWN_FIXES.get(str(phrase.params.get("check")), general))
    if code in PHRASES:
        return _(PHRASES[code])
    if code in _COUNTED:
        name, words = _COUNTED[code]
        count = phrase.params.get(name)
        return words(int(count) if isinstance(count, (int, float)) and not isinstance(count, bool) else 2)
    if code == "expected.headset":
        return _(_HEADSET_EXPECTED.get(str(phrase.params.get("wanted")), _HEADSET_EXPECTED["any"]))
    if code.startswith("fix."):
        from rigcheck.profile.fields import field_for

        section, _dot, key = code[len("fix."):].partition(".")
        field = field_for(section, key)
        return _(field.hint).replace("%", "%%") if field is not None else None
    return None


# ---------------------------------------------------------------------------------------------
# Checks

def check_title(check: CheckResult) -> str:
    """What the check is about: a requirement's title in the current language, or the question asked."""
    if check.title_as is not None:
        return say(check.title_as)
    if check.probe == "question":
        return check.title  # the profile's own words
    return _(check.title) if check.title else check.id


def check_message(check: CheckResult) -> str:
    """What the check found, in a sentence."""
    return say(check.says)


def check_fix(check: CheckResult) -> str | None:
    """What the applicant can do about it; None when there is nothing to do."""
    return say(check.fix) or None if check.fix is not None else None


def check_expected(check: CheckResult) -> str:
    """What the requirement asks for, with its unit ("at least 25 Mbit/s"); '—' when nothing."""
    return say(check.expects) or NOTHING


def stated_expected(check: CheckResult) -> str:
    """`expected` as a rigcheck.report/1 report states it in English: ">= 25" for a threshold (the form readers
    of /1 reports parse, unit in `unit`), else the words."""
    if check.expects.code in ("expected.at_least", "expected.at_most"):
        limit = check.expects.params.get("limit")
        sign = ">=" if check.expects.code == "expected.at_least" else "<="
        return f"{sign} {number_text(limit)}" if isinstance(limit, (int, float)) else say(check.expects)
    return say(check.expects)


def observed_words(check: CheckResult) -> str:
    """The observed value where it is words (an answer), else the value with its unit."""
    if check.observed_as is not None:
        return say(check.observed_as)
    return check_observed(check)


def check_observed(check: CheckResult) -> str:
    """What was measured, with its unit ("212 Mbit/s", "yes", "—")."""
    if check.observed_as is not None:
        return say(check.observed_as)
    value: Any = check.observed
    if value is None:
        return NOTHING
    if isinstance(value, bool) or value in _ANSWERS:
        return yes_no(value)
    if check.id == "network.connection" and value in _CONNECTION_KINDS:
        return _(_CONNECTION_KINDS[value])
    return value_text(value, check.unit)


# ---------------------------------------------------------------------------------------------
# Problems: why a probe could not measure, said once

PROBLEM_WORDS: dict[str, tuple[str, str, str]] = {
    # cause: (title, what happened, what to do)
    "no_internet": (
        N_("No internet connection"),
        N_("This computer could not reach the internet, so the speed and call quality of your connection could not "
           "be tested."),
        N_("Check that the LAN cable is plugged in at both ends and that the internet light on the router is on; "
           "restart the router, then run the check again."),
    ),
    "dns": (
        N_("The internet connection is not working fully"),
        N_("This computer is connected, but it could not find the test servers on the internet, so the speed and call "
           "quality of your connection could not be tested."),
        N_("Restart the router, then run the check again. If it keeps happening, call your internet provider and say "
           "that websites do not open."),
    ),
    "refused": (
        N_("The test server refused the test"),
        N_("The server that measures the connection refused the test or answered with an error."),
        N_("Run the check again in a few minutes. If it keeps happening, tell your employer: their test server may be "
           "down, or a security program on this computer may be blocking it."),
    ),
    "stalled": (
        N_("The test server stopped answering"),
        N_("The connection to the test server stopped before the test could finish."),
        N_("Check the cable and the router, stop other use of the internet (streaming, downloads), and run the check "
           "again. If it keeps stopping, report it to your internet provider."),
    ),
    "cut_short": (
        N_("The test server cut the test short"),
        N_("The test server stopped sending before the test was done, so no speed could be measured."),
        N_("Run the check again. If it keeps happening, tell your employer: their test server is not working right."),
    ),
    "portal": (
        N_("A sign-in page is in the way"),
        N_("A web page came back instead of the test: a sign-in page of a hotel, shop or internet provider, or a wrong "
           "test server address from the employer."),
        N_("Open a web browser and finish any sign-in page, then run the check again. If no page appears, tell your "
           "employer that the test server address may be wrong."),
    ),
    "tls": (
        N_("A secure connection could not be made"),
        N_("The secure connection to the test server could not be set up."),
        N_("Check that the computer's date and time are right; a security program that checks web traffic can cause "
           "this too. Then run the check again."),
    ),
    "udp_blocked": (
        N_("Call traffic is blocked"),
        N_("Calls need a kind of traffic that this connection blocks. Speed and delay were measured, but packet loss "
           "and call quality could not be."),
        N_("Turn off any VPN and run the check again. If it stays blocked, ask whoever runs your router or network to "
           "let internet calls through (tell them: calls use UDP)."),
    ),
    "fallback": (
        N_("The employer's test server could not be used"),
        N_("The employer's own test server did not work, so the public speedtest.net measured instead. The figures are "
           "real, but they describe the way to speedtest.net, not to your employer."),
        N_("Tell your employer that their test server did not answer; the report says why."),
    ),
    "broken": (
        N_("The network test did not finish"),
        N_("The network test could not finish."),
        N_("Run the check again. If it keeps failing, save the report and send it to your employer."),
    ),
}


def _problem_words(problem: ProbeProblem, part: int, stored_key: str) -> str:
    words = PROBLEM_WORDS.get(problem.cause) if problem.probe == "network" else None
    if words is None:
        stored = problem.stored.get(stored_key)
        if stored:
            return stored
        words = PROBLEM_WORDS["broken"]
    return _(words[part])


def problem_title(problem: ProbeProblem) -> str:
    """The problem in a few words (a heading)."""
    return _problem_words(problem, 0, "title")


def problem_message(problem: ProbeProblem) -> str:
    """What happened, for the applicant."""
    return _problem_words(problem, 1, "message")


def problem_fix(problem: ProbeProblem) -> str:
    """What to do about it."""
    return _problem_words(problem, 2, "hint")


# A microphone level in plain words (dBFS: 0 is the loudest a recording can hold). Speech on a call is
# usually aimed at about -26 dBFS (ITU-T P.56's active speech level for telephony, -26 dBov); the bands
# around it are rigcheck's own. The figure stays beside the word, second.
VOICE_LEVEL_BANDS_DBFS: tuple[tuple[float, str], ...] = (
    (-55.0, N_("silent")), (-45.0, N_("very quiet")), (-35.0, N_("a bit quiet")), (-12.0, N_("good")))
_LOUD = N_("loud")  # above the last band


def voice_level_words(level_dbfs: float) -> str:
    """'quiet', 'good', 'loud' ... for a microphone level in dBFS, in the current language."""
    return _(next((words for top, words in VOICE_LEVEL_BANDS_DBFS if level_dbfs <= top), _LOUD))


def room_noise_words(reading: str) -> str:
    """A plain room-noise reading (facts.mic.ROOM_NOISE: quiet, some_noise, noisy) in the current language."""
    return _(mic.ROOM_NOISE_WORDS[reading]) if reading in mic.ROOM_NOISE_WORDS else reading


# How a check's measurement ended when no problem explains it: the probe's own error text is a technical
# detail in English (the report keeps it for the employer), so the applicant reads one of these instead.
_PROBE_ENDINGS = {
    "unsupported": N_("rigcheck cannot measure this on this computer."),
    "error": N_("The check could not finish."),
    "timeout": N_("The check took too long and was stopped."),
}


def probe_trouble(status: str, cancelled: bool = False) -> str:
    """What went wrong with a measurement, in plain words, by how it ended (ProbeStatus)."""
    if cancelled:
        return _("You stopped the check before it finished.")
    return _(_PROBE_ENDINGS.get(status, N_("The check could not finish.")))


def problem_of_check(check: CheckResult, problems: Sequence[ProbeProblem]) -> ProbeProblem | None:
    """The problem a check left unknown points to, if any."""
    if check.says.code != _PROBLEM_POINTER:
        return None
    cause = check.says.params.get("cause")
    return next((p for p in problems if p.probe == check.says.params.get("probe") and p.cause == cause), None)


# ---------------------------------------------------------------------------------------------
# Verdicts and statuses

VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "ready": (N_("READY"), N_("This setup meets every requirement.")),
    "ready_with_warnings": (N_("READY, WITH WARNINGS"), N_("Every required check passed; see the warnings below.")),
    "not_ready": (N_("NOT READY"), N_("Fix the failed checks below, then run the check again.")),
    "incomplete": (N_("NOT FINISHED"), N_("Some required checks have no result yet; see below what to do.")),
}


def verdict_text(verdict: str) -> tuple[str, str]:
    """(headline, what it means): ("NOT READY", "Fix the failed checks below, then run the check again.")."""
    headline, meaning = VERDICT_WORDS.get(verdict, (verdict, ""))
    return _(headline), _(meaning) if meaning else ""


STATUS_WORDS: dict[str, str] = {"pass": N_("PASSED"), "warn": N_("WARNING"), "fail": N_("FAILED"),
                                "unknown": N_("NO RESULT"), "skipped": N_("SKIPPED")}
STATUS_LABELS: dict[str, str] = {"pass": N_("passed"), "warn": N_("warning"), "fail": N_("failed"),
                                 "unknown": N_("no result"), "skipped": N_("skipped")}


def status_word(status: str) -> str:
    """The status as a table shows it, in capitals ("FAILED", "NO RESULT")."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def status_label(status: str) -> str:
    """The status in running text ("failed", "no result")."""
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


def count_phrase(status: str, count: int) -> str:
    """'2 failed', '1 with no result': a count of checks in one status."""
    words = {
        "pass": lambda n: ngettext("%(count)s passed", "%(count)s passed", n),
        "warn": lambda n: ngettext("%(count)s warning", "%(count)s warnings", n),
        "fail": lambda n: ngettext("%(count)s failed", "%(count)s failed", n),
        "unknown": lambda n: ngettext("%(count)s with no result", "%(count)s with no result", n),
        "skipped": lambda n: ngettext("%(count)s skipped", "%(count)s skipped", n),
    }[status]
    return words(count) % {"count": count}


# ---------------------------------------------------------------------------------------------
# Questions and requirements, as the screens and `profiles show` describe them

def question_text(question: Question) -> str:
    """The question as put to the applicant: the profile's words, or a derived question's in the current language."""
    return say(question.asks) if question.asks is not None else question.text


def profile_description(profile: Profile) -> str:
    """The profile's description in the reader's language where the employer wrote one, else as written."""
    return say(profile.description_as) if profile.description_as is not None else profile.description


def question_fix(question: Question) -> str | None:
    """The help beside a question (the profile's words, or a derived question's)."""
    if question.fix is not None:
        return say(question.fix)
    return question.hint


def requirement_wording(profile: Profile, requirement: Requirement) -> tuple[str, str]:
    """(title, expected) as checks word a requirement, e.g. ("Download speed", "at least 25 Mbit/s").

    `rigcheck profiles show` and the TUI's profile step use this, so they describe a requirement in
    the very words the report will use.
    """
    from rigcheck.profile.fields import field_for
    from rigcheck.scoring import requirement_expectation

    field = field_for(requirement.section, requirement.key)
    title = _(field.title) if field is not None else f"{requirement.section}.{requirement.key}"
    return title, say(requirement_expectation(profile, requirement))


__all__ = [
    "PHRASES", "PROBLEM_WORDS", "STATUS_WORDS", "VERDICT_WORDS", "check_expected", "check_fix", "check_message",
    "check_observed", "check_title", "count_phrase", "known_codes", "observed_words", "problem_fix", "problem_message",
    "problem_of_check", "problem_title", "question_fix", "question_text", "requirement_wording", "say", "stated_expected",
    "status_label",
    "status_word", "verdict_text", "yes_no",
]

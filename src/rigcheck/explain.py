"""What a report says when a probe could not measure: one plain explanation per cause.

The network probe names, in its `diagnosis` fact, what kept it from a full measurement (the codes
of `rigcheck.netmeasure.backend.Cause`; a test checks every code has words here). Scoring turns the
first code into one `ProbeProblem` shown once at the top of the report, and every network check the
cause leaves unknown points to it instead of repeating the error. Pure data and pure functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from rigcheck.facts import network
from rigcheck.model import ProbeProblem, ProbeResult


@dataclass(frozen=True)
class Explanation:
    title: str  # short, names the cause: shown as a heading and in each affected check
    message: str  # what happened, in the applicant's words
    hint: str  # what to do about it


NETWORK_EXPLANATIONS: dict[str, Explanation] = {
    "no_internet": Explanation(
        "No internet connection",
        "This computer could not reach the internet: no test server answered and no name could be looked up.",
        "Check that the Ethernet cable is plugged in at both ends and that the router shows an internet light; "
        "restart the router, then run the check again.",
    ),
    "dns": Explanation(
        "Name lookup failed",
        "The connection is up, but this computer could not look up the test servers' names (DNS).",
        "Restart the router and run the check again; if it keeps failing, ask your internet provider, "
        "or set the computer to use the router's or your provider's DNS servers.",
    ),
    "refused": Explanation(
        "The test server refused the test",
        "The speed-test server refused the connection or answered with an error.",
        "Run the check again in a few minutes. If it keeps failing, tell your employer's IT contact: their "
        "test server may be down, or a firewall or security program on this computer may be blocking it.",
    ),
    "stalled": Explanation(
        "The test server stopped answering",
        "The connection to the speed-test server stalled: data stopped arriving before the test could finish.",
        "Check the cable and the router, stop other heavy use of the connection, and run the check again; "
        "if it keeps stalling, report it to your internet provider.",
    ),
    "cut_short": Explanation(
        "The test server cut the test short",
        "The speed-test server ended its answers before sending the data asked for, so no speed could be measured.",
        "Run the check again; if it keeps happening, tell your employer's IT contact (their test server is misbehaving).",
    ),
    "portal": Explanation(
        "A sign-in page is in the way",
        "A web page came back instead of test data: a hotel, guest or provider sign-in page (a captive portal), "
        "or a wrong test-server address in the profile.",
        "Open a web browser and complete any sign-in page, then run the check again. If no page appears, "
        "tell your employer's IT contact that the profile's test server address may be wrong.",
    ),
    "tls": Explanation(
        "Secure connection failed",
        "The secure (TLS) connection to the test server could not be set up.",
        "Check that the computer's date and time are right; a security program or proxy that inspects "
        "connections can cause this too. Then run the check again.",
    ),
    "udp_blocked": Explanation(
        "Voice traffic (UDP) is blocked",
        "Calls travel over UDP, and no answer came back over UDP. Latency and jitter were measured over TCP "
        "instead; packet loss and call quality (MOS) could not be measured.",
        "Allow outgoing UDP in the router's and the computer's firewall, or turn off the VPN, then run the "
        "check again: softphones need UDP.",
    ),
    "fallback": Explanation(
        "The employer's test server could not be used",
        "The employer's own speed-test server did not work, so the public speedtest.net measured instead. "
        "The figures are real, but they describe the way to speedtest.net, not to your employer.",
        "Tell your employer's IT contact that their test server did not answer; the report says why.",
    ),
    "broken": Explanation(
        "The network test failed",
        "The network test could not finish.",
        "Run the check again; if it keeps failing, send the report to your employer's IT contact.",
    ),
}


def network_problem(result: ProbeResult | None) -> ProbeProblem | None:
    """The one explanation for the network probe's result, or None when it measured everything."""
    if result is None:
        return None
    diagnosis = result.values.get(network.DIAGNOSIS.key) if isinstance(result.values, Mapping) else None
    if not isinstance(diagnosis, list) or not diagnosis:
        return None
    cause = str(diagnosis[0])
    explanation = NETWORK_EXPLANATIONS.get(cause, NETWORK_EXPLANATIONS["broken"])
    return ProbeProblem(network.NETWORK.id, cause, explanation.title, explanation.message, explanation.hint)


def problem_for(results: Mapping[str, ProbeResult], probe: str) -> ProbeProblem | None:
    """The explanation for `probe`'s unmeasured checks, if it has one."""
    return network_problem(results.get(network.NETWORK.id)) if probe == network.NETWORK.id else None


def problems_of(results: Mapping[str, ProbeResult]) -> tuple[ProbeProblem, ...]:
    """Every probe problem a report shows, in probe order."""
    problem = network_problem(results.get(network.NETWORK.id))
    return (problem,) if problem else ()


def not_measured_message(problem: ProbeProblem) -> str:
    """What a check left unknown by `problem` says: a pointer to the one explanation."""
    return f"Not measured: {problem.title[:1].lower()}{problem.title[1:]} (see the note at the top of the report)."

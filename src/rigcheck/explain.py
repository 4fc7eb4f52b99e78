"""What a report says when a probe could not measure: one problem per cause, as a code.

The network probe names, in its `diagnosis` fact, what kept it from a full measurement (the codes
of `rigcheck.netmeasure.backend.Cause`). Scoring turns the first code into one `ProbeProblem` shown once
at the top of the report, and every network check the cause leaves unknown points to it instead of
repeating the error. The words for each cause are rigcheck.render.words' (PROBLEM_WORDS). Pure.
"""

from __future__ import annotations

from typing import Mapping

from rigcheck.facts import network
from rigcheck.model import Phrase, ProbeProblem, ProbeResult


# The causes the network probe can name (rigcheck.netmeasure.backend.Cause; a test checks they match and that
# rigcheck.render.words has words for each). A cause a later probe names and this list lacks reads as "broken".
NETWORK_CAUSES: tuple[str, ...] = ("no_internet", "dns", "refused", "stalled", "cut_short", "portal", "tls",
                                   "udp_blocked", "fallback", "broken")


def network_problem(result: ProbeResult | None) -> ProbeProblem | None:
    """The one explanation for the network probe's result, or None when it measured everything."""
    if result is None:
        return None
    diagnosis = result.values.get(network.DIAGNOSIS.key) if isinstance(result.values, Mapping) else None
    if not isinstance(diagnosis, list) or not diagnosis:
        return None
    cause = str(diagnosis[0])
    return ProbeProblem(network.NETWORK.id, cause if cause in NETWORK_CAUSES else "broken")


def problem_for(results: Mapping[str, ProbeResult], probe: str) -> ProbeProblem | None:
    """The explanation for `probe`'s unmeasured checks, if it has one."""
    return network_problem(results.get(network.NETWORK.id)) if probe == network.NETWORK.id else None


def problems_of(results: Mapping[str, ProbeResult]) -> tuple[ProbeProblem, ...]:
    """Every probe problem a report shows, in probe order."""
    problem = network_problem(results.get(network.NETWORK.id))
    return (problem,) if problem else ()


def not_measured_phrase(problem: ProbeProblem) -> Phrase:
    """What a check left unknown by `problem` says: a pointer to the one explanation."""
    return Phrase("check.not_measured.problem", {"probe": problem.probe, "cause": problem.cause})

"""The process exit codes (a contract: CI pipelines branch on them)."""

from __future__ import annotations

from enum import IntEnum

from rigcheck.model import Verdict


class ExitCode(IntEnum):
    READY = 0  # every required check passed (warnings allowed)
    NOT_READY = 1  # a required check failed
    USAGE = 2  # usage, profile or input error
    INCOMPLETE = 3  # a required check could not be measured
    INTERRUPTED = 130  # Ctrl+C (SIGINT)
    TERMINATED = 143  # SIGTERM (128 + 15, as a shell reports a process the signal ended)


def exit_code_for_verdict(verdict: Verdict) -> ExitCode:
    return {
        "ready": ExitCode.READY,
        "ready_with_warnings": ExitCode.READY,
        "not_ready": ExitCode.NOT_READY,
        "incomplete": ExitCode.INCOMPLETE,
    }[verdict]

"""The process exit codes (a contract: CI pipelines branch on them), and what each means, said once.

`check --help`, `probe --help` and the top-level help list them from here; README's table says the same.
"""

from __future__ import annotations

from enum import IntEnum

from rigcheck.i18n import N_, _
from rigcheck.model import Verdict


class ExitCode(IntEnum):
    READY = 0  # every required check passed (warnings allowed); `probe`: every probe ran
    NOT_READY = 1  # a required check failed
    USAGE = 2  # usage, profile or input error
    INCOMPLETE = 3  # a required check could not be measured; `probe`: a probe failed or timed out
    INTERRUPTED = 130  # Ctrl+C (SIGINT)
    TERMINATED = 143  # SIGTERM (128 + 15, as a shell reports a process the signal ended)


_STOPPED: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.USAGE, N_("usage, profile or input error (one line on stderr says what)")),
    (ExitCode.INTERRUPTED, N_("interrupted (Ctrl+C)")),
    (ExitCode.TERMINATED, N_("terminated (SIGTERM)")),
)
# `rigcheck check` (and the guided check): the verdict decides.
CHECK_EXIT_CODES: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.READY, N_("ready: every required check passed (warnings allowed)")),
    (ExitCode.NOT_READY, N_("not ready: a required check failed")),
    (ExitCode.INCOMPLETE, N_("incomplete: a required check could not be measured (or its test was left out)")),
    *_STOPPED,
)
# `rigcheck probe`: nothing is judged, so only whether every probe could run.
PROBE_EXIT_CODES: tuple[tuple[ExitCode, str], ...] = (
    (ExitCode.READY, N_("every test ran (what this computer cannot tell, such as a missing microphone, is not a failure)")),
    (ExitCode.INCOMPLETE, N_("a test failed or ran out of time: its facts are missing or partial (its line says why)")),
    *_STOPPED,
)


def exit_codes_text(codes: tuple[tuple[ExitCode, str], ...]) -> str:
    """The 'Exit codes:' block of a command's --help, one code a line."""
    lines = [_("Exit codes:")]
    for code, meaning in sorted(codes):
        said = _(meaning)
        lines.append(f"  {int(code):>3}  {said}")
    return "\n".join(lines)


def exit_code_for_verdict(verdict: Verdict) -> ExitCode:
    return {
        "ready": ExitCode.READY,
        "ready_with_warnings": ExitCode.READY,
        "not_ready": ExitCode.NOT_READY,
        "incomplete": ExitCode.INCOMPLETE,
    }[verdict]

"""The first code the `rigcheck` command runs: Ctrl+C and SIGTERM are caught before anything heavy loads.

Importing the command line, the probes and Textual takes a good part of a second (several on a busy
machine). A signal in that time used to end in a KeyboardInterrupt traceback; here the handlers are in
place before any of it is imported, and the process exits 128 + the signal's number (130, 143), as a
shell reports a program a signal ended.

A handler also remembers the signal. Python runs it in the main thread wherever that thread is, and an
exception raised inside a finalizer (`__del__`, a weakref callback run by the garbage collector) is
printed and dropped: the KeyboardInterrupt can be lost while the run carries on. What was remembered is
checked again where it matters (the engine stops the probes, a file is not put in place, the exit code),
so a signal is never lost whatever the run is doing. The TUI asks for signals to be handed to it
(`deliver_to`) instead of an exception raised somewhere inside its event loop.

This module imports nothing of rigcheck and nothing slow.
"""

from __future__ import annotations

import signal
import sys
from typing import Callable, Sequence

_received: list[int] = []  # the signals received, first first (list.append is safe in a handler)
_deliver: list[Callable[[int], None]] = []  # at most one receiver (the TUI) instead of an exception


class Terminated(KeyboardInterrupt):
    """SIGTERM: stops the run like Ctrl+C (probes are asked to stop, no half-written report), exit 143."""


def exit_code_for(signum: int) -> int:
    """128 + the signal's number: 130 for SIGINT, 143 for SIGTERM (rigcheck.exit_codes says so too)."""
    return 128 + int(signum)


def _exception_for(signum: int) -> KeyboardInterrupt:
    return Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _handler(signum: int, _frame: object) -> None:
    _received.append(signum)
    if _deliver:
        _deliver[-1](signum)  # the receiver only schedules work: nothing is raised inside its loop
        return
    raise _exception_for(signum)


def install() -> None:
    """Catch SIGINT and SIGTERM (idempotent; outside the main thread an embedding program keeps its own)."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            if signal.getsignal(signum) is not _handler:
                signal.signal(signum, _handler)
        except (ValueError, OSError):
            pass  # not the main thread, or a platform without this signal


def deliver_to(receiver: Callable[[int], None] | None) -> None:
    """Hand signals to `receiver` (called inside the handler, in the main thread) instead of raising; None undoes it."""
    _deliver.clear()
    if receiver is not None:
        _deliver.append(receiver)


def stop_signal() -> int | None:
    """The first SIGINT or SIGTERM received, or None."""
    return _received[0] if _received else None


def raise_if_stopped() -> None:
    """Raise KeyboardInterrupt (Terminated for SIGTERM) when a signal came, even one whose exception was lost."""
    signum = stop_signal()
    if signum is not None:
        raise _exception_for(signum)


def _say(word: str) -> None:
    stream = sys.stderr
    if stream is None:
        return
    try:
        print(f"rigcheck: {word}", file=stream, flush=True)
    except (OSError, ValueError):
        pass  # stderr closed: nobody to tell


def main(argv: Sequence[str] | None = None) -> int:
    """The `rigcheck` command: handlers first, then the command line (rigcheck.cli.main)."""
    install()
    try:
        from rigcheck.cli import main as cli_main

        code = cli_main(argv)
    except KeyboardInterrupt as exc:  # in the imports, before the command line catches it itself
        signum = stop_signal() or (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT)
        _say("terminated" if signum == signal.SIGTERM else "interrupted")
        return exit_code_for(signum)
    received = stop_signal()
    if received is not None and code != exit_code_for(received):
        # The exception was lost on its way (see above) and the command finished: it did not deliver what it
        # would have, and a script must not read a verdict.
        _say("terminated" if received == signal.SIGTERM else "interrupted")
        return exit_code_for(received)
    return code

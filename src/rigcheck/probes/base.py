"""Probe contract and the isolated runner.

A probe is a `ProbeSpec`: an id, a title, a default timeout and a `collect(ctx)` function returning a
dict of facts. Probes collect facts and judge nothing. The runner turns whatever happens inside
`collect` into a `ProbeResult`:

- returns a dict             -> status "ok" (`partial` with `error` saying why, if it called ctx.incomplete)
- raises ProbeUnsupported     -> status "unsupported" (the platform cannot tell)
- raises ProbeError           -> status "error", keeping any values it carries (then `partial`)
- raises anything else        -> status "error" with the exception text
- runs past its timeout       -> status "timeout" (the probe is asked to stop via ctx.cancelled)
- stopped by the user         -> status "error" with `cancelled` set
- missing module / ImportError / OSError at import -> status "error" or "unsupported"

What a probe noticed beside its facts (ctx.note) becomes the result's `notes`, whatever the status.

Only KeyboardInterrupt escapes (a library calling sys.exit() inside a probe is an error result).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from rigcheck.facts import Fact, ProbeFacts
from rigcheck.model import ProbeResult, ProbeStatus

CANCELLED_MESSAGE = "cancelled by the user"


class ProbeUnsupported(Exception):
    """The platform cannot provide this fact (not a failure of rigcheck or of the machine)."""


class ProbeError(Exception):
    """The probe broke. `values` keeps what was measured before it did (then the result is partial)."""

    def __init__(self, message: str, values: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.values = dict(values or {})


class ProbeCancelled(Exception):
    """Raised inside a probe that noticed ctx.cancelled; the runner reports timeout or cancel."""


@dataclass(frozen=True)
class ProbeProgress:
    """Live progress of a long probe, e.g. the network test's current phase and Mbit/s."""

    probe: str
    phase: str
    fraction: float | None = None  # 0..1 when known
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProbeStarted:
    probe: str


@dataclass(frozen=True)
class ProbeFinished:
    result: ProbeResult


ProbeEvent = ProbeStarted | ProbeProgress | ProbeFinished
EventCallback = Callable[[ProbeEvent], None]


@dataclass
class ProbeContext:
    """What a running probe may use: options, a cancel flag, a progress reporter and a notebook."""

    probe: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)
    cancel_event: threading.Event = field(default_factory=threading.Event)
    on_event: EventCallback | None = None
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # why some facts could not be found out

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        """Call in loops: raises ProbeCancelled once the run is cancelled or timed out."""
        if self.cancel_event.is_set():
            raise ProbeCancelled(f"{self.probe} probe was stopped")

    def progress(self, phase: str, fraction: float | None = None, **detail: Any) -> None:
        if self.on_event is not None:
            self.on_event(ProbeProgress(self.probe, phase, fraction, detail))

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    def note(self, text: str) -> None:
        """Something worth telling beside the facts (a STUN server that did not answer): the result's notes."""
        self.notes.append(text)

    def incomplete(self, reason: str) -> None:
        """Some facts could not be found out (left None); the others stand: an ok result, partial, `error` = reason."""
        self.missing.append(reason)


@dataclass(frozen=True)
class ProbeSpec:
    id: str
    title: str
    collect: Callable[[ProbeContext], dict[str, Any]]
    timeout_s: float = 10.0
    facts: tuple[Fact, ...] = ()  # the probe's declaration in rigcheck.facts

    @classmethod
    def declared(cls, declaration: ProbeFacts, collect: Callable[[ProbeContext], dict[str, Any]], *,
                 timeout_s: float = 10.0) -> "ProbeSpec":
        """The spec of a declared probe: its id, title and facts come from the declaration, never retyped."""
        return cls(declaration.id, declaration.title, collect, timeout_s, declaration.facts)


def run_probe(
    spec: ProbeSpec,
    options: Mapping[str, Any] | None = None,
    *,
    timeout_s: float | None = None,
    cancel_event: threading.Event | None = None,
    on_event: EventCallback | None = None,
) -> ProbeResult:
    """Run one probe isolated in a daemon thread; never raises except KeyboardInterrupt/SystemExit."""
    timeout_s = spec.timeout_s if timeout_s is None else timeout_s
    own_cancel = threading.Event()
    ctx = ProbeContext(probe=spec.id, options=dict(options or {}), cancel_event=own_cancel, on_event=on_event)
    outcome: dict[str, ProbeResult] = {}
    done = threading.Event()
    started = time.monotonic()

    escaped: list[BaseException] = []

    def target() -> None:
        try:
            outcome["result"] = _call_collect(spec, ctx, started)
        except BaseException as exc:  # noqa: BLE001 - only interrupts get here; re-raised in the caller
            escaped.append(exc)
        finally:
            done.set()

    if on_event is not None:
        on_event(ProbeStarted(spec.id))
    # A daemon thread: a probe stuck in a system call cannot keep the process alive after a timeout.
    worker = threading.Thread(target=target, name=f"probe-{spec.id}", daemon=True)
    worker.start()
    try:
        _wait_for(done, started + timeout_s, cancel_event)
    except BaseException:
        own_cancel.set()
        raise
    if escaped:
        raise escaped[0]
    if done.is_set():
        result = outcome["result"]
    else:
        own_cancel.set()
        # Give a cooperative probe a moment to return what it has.
        done.wait(0.25)
        user_stopped = cancel_event is not None and cancel_event.is_set()
        result = _stopped_result(spec, ctx, time.monotonic() - started, outcome.get("result"), timeout_s, user_stopped)
    if on_event is not None:
        on_event(ProbeFinished(result))
    return result


def _wait_for(done: threading.Event, deadline: float, cancel_event: threading.Event | None) -> None:
    """Until the probe is done, its deadline passes or the run is cancelled."""
    while not done.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0 or (cancel_event is not None and cancel_event.is_set()):
            return
        # Short waits keep the main thread responsive to Ctrl+C.
        done.wait(min(remaining, 0.05))


def _stopped_result(spec: ProbeSpec, ctx: ProbeContext, elapsed_s: float, late: ProbeResult | None,
                    timeout_s: float, user_stopped: bool) -> ProbeResult:
    """A probe stopped by the user (cancelled) or by its timeout, with whatever it returned when told to stop."""
    values = dict(late.values) if late else {}
    if user_stopped:
        return ProbeResult(spec.id, ProbeStatus.ERROR, elapsed_s, CANCELLED_MESSAGE, values,
                           partial=bool(values), cancelled=True, notes=tuple(ctx.notes))
    return ProbeResult(spec.id, ProbeStatus.TIMEOUT, elapsed_s, f"no answer within {timeout_s:g} s", values,
                       partial=bool(values), notes=tuple(ctx.notes))


def _call_collect(spec: ProbeSpec, ctx: ProbeContext, started: float) -> ProbeResult:
    def ended(status: ProbeStatus, error: str | None, values: Mapping[str, Any] | None = None,
              partial: bool = False) -> ProbeResult:
        return ProbeResult(spec.id, status, time.monotonic() - started, error, dict(values or {}),
                           partial=partial, notes=tuple(ctx.notes))

    try:
        values = spec.collect(ctx)
        if not isinstance(values, dict):
            raise TypeError(f"probe returned {type(values).__name__}, expected dict")
        missing = " | ".join(ctx.missing) or None
        return ended(ProbeStatus.OK, missing, values, partial=missing is not None)
    except ProbeUnsupported as exc:
        return ended(ProbeStatus.UNSUPPORTED, str(exc) or "not supported here")
    except ProbeCancelled as exc:
        return ended(ProbeStatus.ERROR, str(exc))  # the runner replaces it by the timeout or the cancel
    except ProbeError as exc:
        return ended(ProbeStatus.ERROR, str(exc), exc.values, partial=bool(exc.values))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - isolation is the point (SystemExit from a library too)
        return ended(ProbeStatus.ERROR, f"{type(exc).__name__}: {exc}")


def run_probes(
    specs: Iterable[ProbeSpec],
    options: Mapping[str, Any] | None = None,
    *,
    cancel_event: threading.Event | None = None,
    on_event: EventCallback | None = None,
    timeouts_s: Mapping[str, float] | None = None,
) -> dict[str, ProbeResult]:
    """Run probes in parallel, each isolated with its own timeout. Returns results in input order.

    A probe that fails never stops the others. On KeyboardInterrupt every probe is asked to stop
    and the interrupt propagates.
    """
    specs = list(specs)
    results: dict[str, ProbeResult] = {}
    lock = threading.Lock()
    stop_all = cancel_event or threading.Event()
    timeouts_s = timeouts_s or {}

    interrupts: list[BaseException] = []

    def one(spec: ProbeSpec) -> None:
        started = time.monotonic()
        try:
            result = run_probe(
                spec, options, timeout_s=timeouts_s.get(spec.id), cancel_event=stop_all, on_event=on_event
            )
        except KeyboardInterrupt as exc:
            interrupts.append(exc)
            stop_all.set()
            result = ProbeResult(spec.id, ProbeStatus.ERROR, time.monotonic() - started, "interrupted", cancelled=True)
        except BaseException as exc:  # noqa: BLE001 - e.g. an on_event callback that raised
            result = ProbeResult(spec.id, ProbeStatus.ERROR, time.monotonic() - started, f"{type(exc).__name__}: {exc}")
        with lock:
            results[spec.id] = result

    threads = [threading.Thread(target=one, args=(spec,), name=f"runner-{spec.id}", daemon=True) for spec in specs]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():
                thread.join(0.05)
    except BaseException:
        stop_all.set()
        raise
    if interrupts:
        raise interrupts[0]
    return {spec.id: results[spec.id] for spec in specs}

"""Public speedtest.net through speedtest-cli's library, isolated behind the backend interface.

speedtest-cli is archived: its plain-HTTP configuration URL has been refused since 2022, so it runs
with secure=True, and every one of its exceptions becomes a BackendError here. Its own server
selection (closest servers, then lowest latency) is kept. `speedtest_factory` lets tests hand in a
subclass whose configuration and server list are injected (its constructor always fetches the
configuration from speedtest.net otherwise).
"""

from __future__ import annotations

import importlib
import io
import posixpath
import sys
import threading
import time
from types import ModuleType
from typing import Any, Callable

from rigcheck.netmeasure.backend import (
    BackendError,
    BackendInfo,
    Cause,
    HttpPinger,
    MeasurementCancelled,
    TransferControl,
    TransferResult,
)


class _StopFlag:
    """speedtest-cli polls `shutdown_event.isSet()`; this answers from rigcheck's stop condition."""

    def __init__(self) -> None:
        self.should_stop: Callable[[], bool] = lambda: False
        self._set = False

    def isSet(self) -> bool:  # noqa: N802 - speedtest-cli's spelling
        return self._set or self.should_stop()

    is_set = isSet

    def set(self) -> None:
        self._set = True


class _DiscardingStream(io.TextIOBase):
    """A text stream without a file descriptor that drops what is written to it."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def _has_usable_fd(stream: Any) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        return False


_IMPORT_LOCK = threading.Lock()


def load_speedtest() -> ModuleType:
    """Import speedtest-cli's module safely wherever rigcheck runs.

    At import time speedtest-cli wraps sys.stdout and sys.stderr in `FileIO(stream.fileno())` and
    only catches OSError. Under Textual (whose replaced stdout answers fileno() with -1) that raises
    ValueError, and in a windowed executable (sys.stdout is None) AttributeError. For the import
    alone, such a stream is swapped for one whose fileno() raises io.UnsupportedOperation (an
    OSError), so speedtest-cli falls back to plain writes into a sink; rigcheck never lets it print.
    """
    with _IMPORT_LOCK:
        if "speedtest" in sys.modules:
            return sys.modules["speedtest"]
        swapped = {name: getattr(sys, name) for name in ("stdout", "stderr") if not _has_usable_fd(getattr(sys, name))}
        sinks = {name: _DiscardingStream() for name in swapped}
        for name, sink in sinks.items():
            setattr(sys, name, sink)
        try:
            return importlib.import_module("speedtest")
        finally:
            for name, original in swapped.items():
                if getattr(sys, name) is sinks[name]:  # unless someone replaced it meanwhile
                    setattr(sys, name, original)


def _default_factory(**kwargs: Any):
    return load_speedtest().Speedtest(**kwargs)


class SpeedtestNetBackend:
    """speedtest-cli's measurement (secure mode) against speedtest.net's closest, fastest server."""

    name = "speedtest.net"

    def __init__(self, speedtest_factory: Callable[..., Any] | None = None):
        self._factory = speedtest_factory or _default_factory
        self._stop = _StopFlag()
        self._st: Any = None
        self._pinger: HttpPinger | None = None

    def prepare(self, timeout_s: float) -> BackendInfo:
        try:
            self._st = self._factory(secure=True, timeout=timeout_s, shutdown_event=self._stop)
            self._st.get_servers()
            best = self._st.get_best_server()
        except ImportError as exc:
            raise BackendError("speedtest-cli is not installed") from exc
        except Exception as exc:  # an archived library: any failure is "backend failed"
            raise BackendError(_describe(exc), _cause(exc)) from exc
        client = self._st.config.get("client", {}) if isinstance(self._st.config, dict) else {}
        country = str(client.get("country") or "").upper() or None
        isp = str(client.get("isp") or "") or None
        self._pinger = HttpPinger(posixpath.dirname(best["url"]) + "/latency.txt", expect_prefix=b"test=test")
        return BackendInfo(country=country, isp=isp)

    def ping_ms(self, timeout_s: float) -> tuple[float, float]:
        if self._pinger is None:
            raise BackendError("speedtest.net: no server selected")
        return self._pinger.ping(timeout_s)

    def _run(self, direction: str, control: TransferControl) -> TransferResult:
        if self._st is None:
            raise BackendError("speedtest.net: no server selected")
        self._stop.should_stop = control.should_stop
        self._st.config["length"][direction] = max(1, int(round(control.max_s)))
        started = time.perf_counter()
        done = [0]

        def callback(i: int, total: int, start: bool = False, end: bool = False) -> None:
            if end:
                done[0] += 1
            if control.on_progress is not None:
                control.on_progress(min((time.perf_counter() - started) / control.max_s, 1.0), None)

        try:
            bps = self._st.download(callback=callback) if direction == "download" else self._st.upload(callback=callback)
        except Exception as exc:
            raise BackendError(f"{direction}: {_describe(exc)}", _cause(exc)) from exc
        if control.should_stop():
            raise MeasurementCancelled(f"{direction} stopped")
        moved = self._st.results.bytes_received if direction == "download" else self._st.results.bytes_sent
        if not moved:
            raise BackendError(f"speedtest.net {direction}: no data was transferred", Cause.STALLED)
        return TransferResult(mbps=bps / 1e6, bytes=int(moved), duration_s=time.perf_counter() - started, stable=False)

    def download(self, control: TransferControl) -> TransferResult:
        return self._run("download", control)

    def upload(self, control: TransferControl) -> TransferResult:
        return self._run("upload", control)

    def close(self) -> None:
        self._stop.set()
        if self._pinger is not None:
            self._pinger.close()


_DNS_WORDS = ("Name or service not known", "Temporary failure in name resolution", "getaddrinfo", "nodename")
_OFFLINE_WORDS = ("Network is unreachable", "No route to host", "Network is down")


def _describe(exc: BaseException) -> str:
    """speedtest-cli's error in plain words (its exception class names mean nothing to a person)."""
    text = str(exc).strip()
    if "403" in text:
        return "speedtest.net refused the request (HTTP 403)"
    if any(words in text for words in _DNS_WORDS):
        return "speedtest.net could not be looked up (DNS failure)"
    if any(words in text for words in _OFFLINE_WORDS):
        return "no route to the internet"
    if "refused" in text.lower():
        return "speedtest.net refused the connection"
    if "timed out" in text.lower():
        return "speedtest.net did not answer in time"
    return "speedtest.net could not be used" + (f" ({text})" if text and len(text) < 120 else "")


def _cause(exc: BaseException) -> Cause:
    text = str(exc)
    if any(words in text for words in _DNS_WORDS):
        return Cause.DNS
    if any(words in text for words in _OFFLINE_WORDS):
        return Cause.NO_INTERNET
    if "403" in text or "refused" in text.lower():
        return Cause.REFUSED
    if "timed out" in text.lower():
        return Cause.STALLED
    return Cause.BROKEN

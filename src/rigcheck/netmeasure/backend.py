"""The throughput backend interface, its errors, and an HTTP round-trip pinger shared by backends."""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Protocol


class BackendError(Exception):
    """A backend could not measure. The message says why in plain words."""


class MeasurementCancelled(Exception):
    """The caller asked to stop (Ctrl-C, probe timeout)."""


ProgressCallback = Callable[[float | None, float | None], None]  # (fraction, mbps)


@dataclass(frozen=True)
class TransferResult:
    """One direction: rate, bytes actually moved, time spent, and how the estimate ended."""

    mbps: float
    bytes: int
    duration_s: float
    stable: bool  # stopped early because the estimate settled
    ramp_end_s: float | None = None  # perf_counter time the ramp-up ended, if detected


@dataclass
class BackendInfo:
    """What a backend learned while preparing: who serves, and what it tells about the client."""

    server_name: str = ""
    country: str | None = None
    isp: str | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class TransferControl:
    """Limits and callbacks for one transfer direction."""

    max_s: float
    should_stop: Callable[[], bool]
    on_progress: ProgressCallback | None = None
    streams: int = 4
    request_timeout_s: float = 4.0
    stall_s: float = 3.0


class ThroughputBackend(Protocol):
    """A server to measure against. Methods raise BackendError or MeasurementCancelled."""

    name: str

    def prepare(self, timeout_s: float) -> BackendInfo: ...

    def ping_ms(self, timeout_s: float) -> tuple[float, float]:
        """One small request: (send time, receive time) on time.perf_counter()'s clock."""
        ...

    def download(self, control: TransferControl) -> TransferResult: ...

    def upload(self, control: TransferControl) -> TransferResult: ...

    def close(self) -> None: ...


def describe_network_error(exc: BaseException, what: str) -> str:
    """A plain-words reason for a network exception."""
    if isinstance(exc, socket.gaierror):
        return f"{what}: the server name could not be resolved (DNS failure: {exc.strerror or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return f"{what}: connection refused (server down or wrong port)"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"{what}: no answer in time (server stalled or unreachable)"
    if isinstance(exc, ssl.SSLError):
        return f"{what}: TLS failed ({exc.reason or exc})"
    if isinstance(exc, http.client.HTTPException):
        return f"{what}: broken HTTP answer ({type(exc).__name__})"
    if isinstance(exc, OSError):
        return f"{what}: {exc.strerror or exc}"
    return f"{what}: {type(exc).__name__}: {exc}"


def make_connection(url: str, timeout_s: float) -> http.client.HTTPConnection:
    """An HTTP(S) connection to the URL's host (not connected yet)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout_s)
    if parts.scheme == "http":
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    raise BackendError(f"unsupported URL scheme {parts.scheme!r} (use http or https)")


class HttpPinger:
    """Round trips of a small GET over one kept-alive connection (TCP latency when UDP is blocked)."""

    def __init__(self, url: str, expect_prefix: bytes = b""):
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self._path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self._expect_prefix = expect_prefix
        self._conn: http.client.HTTPConnection | None = None

    def ping(self, timeout_s: float) -> tuple[float, float]:
        """(sent, received) perf_counter times of one request; reconnects once if the connection dropped."""
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = make_connection(self.url, timeout_s)
                try:
                    self._conn.connect()
                except OSError as exc:
                    self.close()
                    raise BackendError(describe_network_error(exc, "latency request")) from exc
            self._conn.timeout = timeout_s
            if self._conn.sock is not None:
                self._conn.sock.settimeout(timeout_s)
            separator = "&" if "?" in self._path else "?"
            try:
                sent = time.perf_counter()
                self._conn.request("GET", f"{self._path}{separator}r={time.monotonic_ns()}", headers={"Cache-Control": "no-cache"})
                response = self._conn.getresponse()
                body = response.read(4096)
                received = time.perf_counter()
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                if attempt == 0 and not isinstance(exc, (socket.timeout, TimeoutError, socket.gaierror, ConnectionRefusedError)):
                    continue
                raise BackendError(describe_network_error(exc, "latency request")) from exc
            if response.status != 200:
                self.close()
                raise BackendError(f"latency request: the server answered HTTP {response.status}")
            if body.lstrip()[:14].lower() in (b"<!doctype html", b"<html>") or "html" in (response.getheader("Content-Type") or ""):
                self.close()
                raise BackendError(
                    "latency request: the server sent an HTML page instead of a test answer (wrong URL or a captive portal)"
                )
            if self._expect_prefix and not body.startswith(self._expect_prefix):
                self.close()
                raise BackendError("latency request: unexpected answer from the server")
            if response.will_close:
                self.close()
            return sent, received
        raise BackendError("latency request failed")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

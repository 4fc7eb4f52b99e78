"""The throughput backend interface, its errors, and an HTTP round-trip pinger shared by backends."""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable, Protocol

from rigcheck.netmeasure.bind import bound_create_connection


class Cause(StrEnum):
    """Why a measurement could not be made: the codes the network facts carry (`diagnosis`)."""

    NO_INTERNET = "no_internet"  # no route out of this machine
    DNS = "dns"  # names could not be looked up
    REFUSED = "refused"  # the server refused the connection or answered with an error status
    STALLED = "stalled"  # the server stopped answering, or answered too slowly to finish in time
    CUT_SHORT = "cut_short"  # the server ended answers before sending what was asked for
    PORTAL = "portal"  # an HTML page came back instead of test data (a captive portal or wrong URL)
    TLS = "tls"  # the secure connection failed
    UDP_BLOCKED = "udp_blocked"  # no STUN answer over UDP: voice path measured over TCP only
    FALLBACK = "fallback"  # the employer's server failed and the public one served instead
    BROKEN = "broken"  # anything else


class BackendError(Exception):
    """A backend could not measure. The message says why in plain words; `cause` classifies it."""

    def __init__(self, message: str, cause: Cause = Cause.BROKEN):
        super().__init__(message)
        self.cause = cause


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
    """What a backend learned while preparing: what the server tells about the client."""

    country: str | None = None
    isp: str | None = None


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


def cause_of_network_error(exc: BaseException) -> Cause:
    """Classify a socket-level exception."""
    if isinstance(exc, socket.gaierror):
        return Cause.DNS
    if isinstance(exc, (ConnectionRefusedError, ConnectionResetError)):
        return Cause.REFUSED
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return Cause.STALLED
    if isinstance(exc, ssl.SSLError):
        return Cause.TLS
    if isinstance(exc, OSError) and exc.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN):
        return Cause.NO_INTERNET
    return Cause.BROKEN


def describe_network_error(exc: BaseException, what: str) -> str:
    """A plain-words reason for a network exception (no exception class names)."""
    if isinstance(exc, socket.gaierror):
        return f"{what}: the server name could not be looked up (DNS failure)"
    if isinstance(exc, ConnectionRefusedError):
        return f"{what}: connection refused (server down or wrong port)"
    if isinstance(exc, ConnectionResetError):
        return f"{what}: the server reset the connection"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"{what}: no answer in time (server stalled or unreachable)"
    if isinstance(exc, ssl.SSLError):
        return f"{what}: the secure connection failed ({exc.reason or 'TLS error'})"
    if isinstance(exc, http.client.HTTPException):
        return f"{what}: the server sent a broken or incomplete HTTP answer"
    if isinstance(exc, OSError):
        return f"{what}: {exc.strerror or 'network error'}"
    return f"{what}: unexpected error"


def network_error(exc: BaseException, what: str) -> BackendError:
    """The BackendError for a socket-level or HTTP exception: plain words and a cause."""
    return BackendError(describe_network_error(exc, what), cause_of_network_error(exc))


class RequestDeadline:
    """One deadline for a whole request: connect, headers and body.

    A socket timeout bounds each read only, so a server trickling a byte at a time could hold a
    request for ever; when the deadline passes this shuts the connection's socket down, which
    makes the blocked read return at once.
    """

    def __init__(self, conn: http.client.HTTPConnection, timeout_s: float):
        self._conn = conn
        self._sock: socket.socket | None = None
        self.expired = False
        self._timer = threading.Timer(timeout_s, self._expire)
        self._timer.daemon = True

    def track(self) -> None:
        """Remember the connected socket: http.client lets go of it (conn.sock = None) once an
        answer says it will close the connection, while its body is still being read."""
        self._sock = self._conn.sock

    def _expire(self) -> None:
        self.expired = True
        sock = self._conn.sock or self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> RequestDeadline:
        self._timer.start()
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self._timer.cancel()


def looks_like_html(content_type: str | None, first_bytes: bytes) -> bool:
    """True for an HTML page (a captive portal, a web server's error page) instead of test data.

    Only a body can be a page: LibreSpeed's own empty.php answers an empty body labelled
    `text/html`, so an empty answer is never taken for a portal whatever its header says.
    """
    head = first_bytes[:64].lstrip().lower()
    if not head:
        return False
    if head.startswith(b"<!doctype html") or head.startswith(b"<html"):
        return True
    return content_type is not None and "html" in content_type.lower() and head.startswith(b"<")


def make_connection(url: str, timeout_s: float, interface: str | None = None) -> http.client.HTTPConnection:
    """An HTTP(S) connection to the URL's host (not connected yet); through `interface` when given (the backup link)."""
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        raise BackendError(f"no host name in the URL {url!r}", Cause.REFUSED)
    if parts.scheme not in ("http", "https"):
        raise BackendError(f"unsupported URL scheme {parts.scheme!r} (use http or https)", Cause.REFUSED)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname, parts.port, timeout=timeout_s)
    if interface is not None:
        conn._create_connection = bound_create_connection(interface)  # type: ignore[attr-defined]  # http.client's own hook for making the socket
    return conn


class HttpPinger:
    """Round trips of a small GET over one kept-alive connection (TCP latency when UDP is blocked)."""

    def __init__(self, url: str, expect_prefix: bytes = b"", interface: str | None = None):
        self.url = url
        self.interface = interface  # send through this interface (the backup link), else as routed
        parts = urllib.parse.urlsplit(url)
        self._path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self._expect_prefix = expect_prefix
        self._conn: http.client.HTTPConnection | None = None
        self.server_closes_connections = False  # the last answer said "Connection: close"

    def ping(self, timeout_s: float) -> tuple[float, float]:
        """(sent, received) perf_counter times of one request; reconnects once if the connection dropped.

        `timeout_s` bounds the whole request, connecting included.
        """
        for attempt in (0, 1):
            conn = self._ready_connection(timeout_s)
            separator = "&" if "?" in self._path else "?"
            with RequestDeadline(conn, timeout_s) as deadline:
                try:
                    if conn.sock is None:
                        conn.connect()
                    deadline.track()
                    sent = time.perf_counter()
                    conn.request("GET", f"{self._path}{separator}r={time.monotonic_ns()}", headers={"Cache-Control": "no-cache"})
                    response = conn.getresponse()
                    body = response.read(4096)
                    received = time.perf_counter()
                    if deadline.expired:  # the shut-down socket ended the read: a cut answer, not a reply
                        raise TimeoutError("request deadline passed")
                except (OSError, http.client.HTTPException) as exc:
                    self.close()
                    if deadline.expired:
                        raise BackendError(
                            f"latency request: no complete answer within {timeout_s:g} s (server stalled)", Cause.STALLED
                        ) from exc
                    retryable = not isinstance(exc, (socket.timeout, TimeoutError, socket.gaierror, ConnectionRefusedError))
                    if attempt == 0 and retryable:
                        continue
                    raise network_error(exc, "latency request") from exc
            self._check_answer(response, body)
            self.server_closes_connections = response.will_close
            if response.will_close:
                self.close()
            return sent, received
        raise BackendError("latency request failed", Cause.BROKEN)

    def _ready_connection(self, timeout_s: float) -> http.client.HTTPConnection:
        """The kept-alive connection (made when there is none), its timeouts set to `timeout_s`."""
        if self._conn is None:
            self._conn = make_connection(self.url, timeout_s, self.interface)
        conn = self._conn
        conn.timeout = timeout_s
        if conn.sock is not None:
            conn.sock.settimeout(timeout_s)
        return conn

    def _check_answer(self, response: http.client.HTTPResponse, body: bytes) -> None:
        """Close the connection and raise when the answer is not a latency reply."""
        problem = None
        if response.status != 200:
            problem = BackendError(f"latency request: the server answered HTTP {response.status}", Cause.REFUSED)
        elif looks_like_html(response.getheader("Content-Type"), body):
            problem = BackendError(
                "latency request: the server sent a web page instead of a test answer (wrong address or a captive portal)",
                Cause.PORTAL,
            )
        elif self._expect_prefix and not body.startswith(self._expect_prefix):
            problem = BackendError("latency request: unexpected answer from the server", Cause.BROKEN)
        if problem is not None:
            self.close()
            raise problem

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

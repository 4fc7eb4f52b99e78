"""rigcheck's multi-stream HTTP throughput engine.

Several parallel streams (threads, each one kept-alive connection) repeat requests until told to
stop. A controller samples the bytes actually transferred every 50 ms, feeds them to the stability
estimator (ramp-up discarded, early stop once stable), enforces the time box, notices stalls, and on
stop or cancel shuts every socket down so blocked reads return at once.

Bytes "actually transferred": downloads count what the application read. Uploads count what was
written minus what the kernel still holds unacknowledged (TIOCOUTQ on Linux, SO_NWRITE on macOS),
so a full send buffer is not mistaken for delivered data.
"""

from __future__ import annotations

import http.client
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
from typing import Callable

from rigcheck.netmeasure.backend import (
    BackendError,
    Cause,
    MeasurementCancelled,
    TransferControl,
    TransferResult,
    looks_like_html,
    make_connection,
    network_error,
)
from rigcheck.netmeasure.stability import ThroughputEstimator

SAMPLE_INTERVAL_S = 0.05
READ_BUFFER_BYTES = 1 << 18
_RANDOM_CHUNK = os.urandom(1 << 20)  # incompressible, generated once

if sys.platform != "win32":  # pragma: no cover - platform specific (neither module exists on Windows)
    import fcntl
    import termios

    _TIOCOUTQ: int | None = getattr(termios, "TIOCOUTQ", None)
    _FIONREAD: int | None = getattr(termios, "FIONREAD", None)

    def _ioctl_count(sock: socket.socket, request: int) -> int:
        raw = fcntl.ioctl(sock.fileno(), request, struct.pack("i", 0))
        return struct.unpack("i", raw)[0]
else:  # pragma: no cover - Windows: no ioctl, so both counts read 0
    _TIOCOUTQ = _FIONREAD = None

    def _ioctl_count(sock: socket.socket, request: int) -> int:
        raise OSError("no ioctl on Windows")
_SO_NWRITE = 0x1024  # macOS: bytes in the send buffer not yet acknowledged


def unacked_bytes(sock: socket.socket | None) -> int:
    """Bytes written to `sock` that the peer has not acknowledged yet (0 where the OS cannot tell)."""
    if sock is None:
        return 0
    try:
        if sys.platform.startswith("linux") and _TIOCOUTQ is not None:
            return _ioctl_count(sock, _TIOCOUTQ)
        if sys.platform == "darwin":
            return sock.getsockopt(socket.SOL_SOCKET, _SO_NWRITE)
    except OSError:
        return 0
    return 0


def queued_bytes(sock: socket.socket | None) -> int:
    """Bytes that arrived on `sock` but were not read yet (FIONREAD; 0 where the OS cannot tell)."""
    if sock is None or _FIONREAD is None:
        return 0
    try:
        return max(_ioctl_count(sock, _FIONREAD), 0)
    except OSError:
        return 0


class FatalTransferError(BackendError):
    """The server answered in a way that retrying cannot fix (HTTP error status, HTML)."""


class ShortAnswerError(BackendError):
    """The server ended an answer before sending what was asked for: a transfer error, not a rate."""

    def __init__(self, message: str):
        super().__init__(message, Cause.CUT_SHORT)


class _Stream(threading.Thread):
    """One connection repeating requests. Subclasses implement one request in `_one_request`."""

    def __init__(self, url: str, timeout_s: float, stop: threading.Event):
        super().__init__(daemon=True, name="rigcheck-transfer")
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self.path = (parts.path or "/") + ("?" + parts.query if parts.query else "")
        self.timeout_s = timeout_s
        self.stop_event = stop
        self.done_bytes = 0  # finished requests plus bytes counted in the current one
        self.error: BackendError | None = None
        self.fatal = False
        self._conn: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        self.interface: str | None = None  # send through this interface (the backup link), else as routed

    def transferred(self) -> int:
        return self.done_bytes

    def abort(self) -> None:
        """Unblock any read or write in progress."""
        with self._lock:
            conn = self._conn
        if conn is not None and conn.sock is not None:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _connect(self) -> http.client.HTTPConnection:
        conn = make_connection(self.url, self.timeout_s, self.interface)
        with self._lock:
            self._conn = conn
        conn.connect()
        return conn

    def _drop(self) -> None:
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def run(self) -> None:
        failures = 0
        while not self.stop_event.is_set():
            try:
                conn = self._conn or self._connect()
                self._one_request(conn)
                failures = 0
            except ShortAnswerError as exc:
                self._drop()
                self.error = exc
                failures += 1
                if failures > 1:
                    break
            except BackendError as exc:
                self.error, self.fatal = exc, True
                break
            except (OSError, http.client.HTTPException) as exc:
                self._drop()
                if self.stop_event.is_set():
                    break
                self.error = network_error(exc, "transfer")
                failures += 1
                # Reconnect once: a reset stream is normal, a server that keeps failing is not.
                if failures > 1 or isinstance(exc, (socket.gaierror, ConnectionRefusedError)):
                    self.fatal = isinstance(exc, (socket.gaierror, ConnectionRefusedError))
                    break
        self._drop()

    def _one_request(self, conn: http.client.HTTPConnection) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class DownloadStream(_Stream):
    """GETs `url` again and again, counting body bytes read plus bytes already arrived in the kernel.

    Counting arrivals (not reads) keeps a thread that was briefly not scheduled from shifting bytes
    into a later sample, which would inflate short measurement windows.
    """

    def __init__(self, url: str, timeout_s: float, stop: threading.Event, expected_bytes: int | None = None):
        super().__init__(url, timeout_s, stop)
        self.expected_bytes = expected_bytes  # what each answer promises (None: whatever it sends)
        self._high_water = 0

    def transferred(self) -> int:
        with self._lock:
            sock = self._conn.sock if self._conn is not None else None
            count = self.done_bytes + queued_bytes(sock)
            self._high_water = max(self._high_water, count)
            return self._high_water

    def _one_request(self, conn: http.client.HTTPConnection) -> None:
        separator = "&" if "?" in self.path else "?"
        conn.request("GET", f"{self.path}{separator}r={time.monotonic_ns()}", headers={"Cache-Control": "no-cache"})
        response = conn.getresponse()
        if response.status != 200:
            raise FatalTransferError(
                f"download: the server answered HTTP {response.status} {response.reason}".rstrip(), Cause.REFUSED
            )
        first = True
        received = 0
        while not self.stop_event.is_set():
            # read1: whatever one socket read returns, so counts follow the wire, not a buffer size.
            data = response.read1(READ_BUFFER_BYTES)
            if not data:
                break
            if first:
                first = False
                if looks_like_html(response.getheader("Content-Type"), data[:64]):
                    raise FatalTransferError(
                        "download: the server sent a web page instead of test data (wrong address or a captive portal)",
                        Cause.PORTAL,
                    )
            received += len(data)
            self.done_bytes += len(data)
        if response.will_close or not response.isclosed():
            self._drop()
        if self.expected_bytes and received < self.expected_bytes and not self.stop_event.is_set():
            raise ShortAnswerError(
                f"download: the server ended an answer after {received:,} of the {self.expected_bytes:,} bytes asked for"
            )


class UploadStream(_Stream):
    """POSTs `blob_bytes` of random data again and again, counting acknowledged bytes."""

    def __init__(self, url: str, timeout_s: float, stop: threading.Event, blob_bytes: int = 8 << 20):
        super().__init__(url, timeout_s, stop)
        self.blob_bytes = blob_bytes
        self._finished = 0
        self._written = 0
        self._high_water = 0

    def transferred(self) -> int:
        with self._lock:
            sock = self._conn.sock if self._conn is not None else None
            in_flight = self._written - unacked_bytes(sock) if self._written else 0
            count = self._finished + max(in_flight, 0)
            # Never report less than before: the kernel's counter and ours are read at different instants.
            self._high_water = max(self._high_water, count)
            return self._high_water

    def _one_request(self, conn: http.client.HTTPConnection) -> None:
        separator = "&" if "?" in self.path else "?"
        conn.putrequest("POST", f"{self.path}{separator}r={time.monotonic_ns()}", skip_accept_encoding=True)
        conn.putheader("Content-Type", "application/octet-stream")
        conn.putheader("Content-Length", str(self.blob_bytes))
        conn.endheaders()
        sock = conn.sock
        remaining = self.blob_bytes
        chunk = memoryview(_RANDOM_CHUNK)
        while remaining > 0 and not self.stop_event.is_set():
            piece = chunk[: min(len(chunk), remaining, READ_BUFFER_BYTES)]
            # send, not sendall: count each byte the moment the kernel takes it, so the count
            # minus the unacknowledged queue stays smooth.
            sent = sock.send(piece)
            remaining -= sent
            with self._lock:
                self._written += sent
        if remaining > 0:
            return
        response = conn.getresponse()
        body = response.read(4096)
        if response.status != 200:
            raise FatalTransferError(
                f"upload: the server answered HTTP {response.status} {response.reason}".rstrip(), Cause.REFUSED
            )
        if looks_like_html(response.getheader("Content-Type"), body):
            raise FatalTransferError("upload: the server sent a web page instead of accepting data", Cause.PORTAL)
        with self._lock:
            self._finished += self.blob_bytes
            self._written = 0
        self.done_bytes = self._finished
        if response.will_close:
            self._drop()


def run_transfer(make_stream: Callable[[threading.Event], _Stream], control: TransferControl, what: str) -> TransferResult:
    """Run `control.streams` parallel streams until stable, timed out, stalled, failed or cancelled."""
    stop = threading.Event()
    streams = [make_stream(stop) for _ in range(control.streams)]
    estimator = ThroughputEstimator()
    started = time.perf_counter()
    for stream in streams:
        stream.start()
    last_total = 0
    last_growth = started
    stable = False
    try:
        while True:
            time.sleep(SAMPLE_INTERVAL_S)
            if control.should_stop():
                raise MeasurementCancelled(f"{what} stopped")
            total = sum(stream.transferred() for stream in streams)
            # Stamped after counting: a stamp taken first would date bytes that arrive while a busy
            # process gets round to counting them too early, and inflate the rate.
            now = time.perf_counter()
            estimator.add(now, total)
            if total > last_total:
                last_total, last_growth = total, now
            if control.on_progress is not None:
                control.on_progress(min((now - started) / control.max_s, 1.0), _mbps(estimator.current_bps()))
            _raise_if_failed(streams, what)
            if now - last_growth > control.stall_s:
                raise BackendError(f"{what} stalled: no data for {control.stall_s:g} s", Cause.STALLED)
            if estimator.is_stable():
                stable = True
                break
            if now - started >= control.max_s:
                break
    finally:
        moved = max(last_total, _stop_streams(stop, streams))
    bps = estimator.estimate_bps() or estimator.fallback_bps() or 0.0
    elapsed = time.perf_counter() - started
    return TransferResult(
        mbps=bps / 1e6, bytes=moved, duration_s=elapsed, stable=stable, ramp_end_s=estimator.ramp_end_s
    )


def _stop_streams(stop: threading.Event, streams: list[_Stream]) -> int:
    """Stop every stream and wait a little for each; the bytes they moved, counted before the abort."""
    stop.set()
    moved = sum(stream.transferred() for stream in streams)
    for stream in streams:
        stream.abort()
    for stream in streams:
        stream.join(1.0)
    return moved


def _raise_if_failed(streams: list[_Stream], what: str) -> None:
    """Raise a stream's fatal error, or why the streams ended when none is left running."""
    fatal = next((s.error for s in streams if s.fatal and s.error), None)
    if fatal:
        raise fatal
    if all(not s.is_alive() for s in streams):
        reason = next((s.error for s in streams if s.error), None)
        raise reason or BackendError(f"{what}: every stream ended early")


def _mbps(bps: float | None) -> float | None:
    return None if bps is None else bps / 1e6

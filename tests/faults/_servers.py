"""Loopback fault servers: an HTTP server that misbehaves on purpose, and STUN responders.

HTTP: the first path segment picks the behaviour, so one server serves every fault at once, e.g.
`http://127.0.0.1:PORT/stall/empty.php` (a LibreSpeed base URL is `.../stall/`). Everything binds
127.0.0.1: no test traffic leaves the machine.
"""

from __future__ import annotations

import http.server
import os
import socket
import struct
import sys
import threading
from typing import Callable, Iterator

from rigcheck.netmeasure.stun import BINDING_SUCCESS, HEADER, MAGIC_COOKIE

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Sign in to the hotel Wi-Fi</title></head><body>Sign in</body></html>"


class _FaultHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "FaultHTTPServer"

    def do_GET(self) -> None:
        fault = self.path.lstrip("/").split("/", 1)[0]
        behaviour = getattr(self, f"fault_{fault.replace('-', '_')}", None)
        if behaviour is None:
            self._answer(200, self.server.bodies.get(fault, b"ok"), "application/octet-stream")
        else:
            behaviour()

    def do_POST(self) -> None:
        self.do_GET()

    def _answer(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first: that is what the test wanted

    def _until_stopped(self, every_s: float) -> Iterator[None]:
        while not self.server.stopping.wait(every_s):
            yield None

    def fault_stall(self) -> None:
        """Accept, read the request, answer nothing."""
        self.server.stopping.wait(60)
        self.close_connection = True

    def fault_reset(self) -> None:
        """Reset the connection (RST) instead of answering."""
        linger = struct.pack("HH" if sys.platform == "win32" else "ii", 1, 0)  # on, 0 s: close sends RST
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.connection.close()
        self.close_connection = True

    def fault_trickle(self) -> None:
        """Headers at once, then one byte of body every 0.2 s: each read is quick, the whole is not."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            for _ in self._until_stopped(0.2):
                self.wfile.write(b"#")
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def fault_slow_headers(self) -> None:
        """The status line and headers at one byte every 0.5 s."""
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X-Padding: " + b"a" * 400 + b"\r\n\r\n"
        try:
            for byte, _ in zip(head, self._until_stopped(0.5)):
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def fault_short(self) -> None:
        """garbage.php's headers (no Content-Length, as the real one), then 100 bytes and a clean close."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(bytes(100))
        except OSError:
            pass
        self.close_connection = True

    def fault_redirect(self) -> None:
        """A redirect back to itself: a loop."""
        self._answer(302, b"", "text/plain", {"Location": self.path})

    def fault_error500(self) -> None:
        self._answer(500, b"Internal Server Error", "text/plain")

    def fault_html(self) -> None:
        """A captive portal: 200 with a login page instead of test data."""
        self._answer(200, HTML_PAGE, "text/html; charset=utf-8")

    def fault_huge_length(self) -> None:
        """A Content-Length of 5,000 digits (more than Python's int() reads from text), then a short body."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "9" * 5000)
            self.end_headers()
            self.wfile.write(b"schema = 1\n")
        except OSError:
            pass
        self.close_connection = True

    def fault_odd_length(self) -> None:
        """A Content-Length in digits that are not ASCII ('١٢' reads as a number to str.isdigit)."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "²³")
            self.end_headers()
            self.wfile.write(b"schema = 1\n")
        except (OSError, UnicodeError):
            pass
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


class FaultHTTPServer(http.server.ThreadingHTTPServer):
    """Serves every fault; `bodies[name]` is served with 200 at /name (a profile, say)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FaultHandler)
        self.bodies: dict[str, bytes] = {}
        self.stopping = threading.Event()
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        self._thread = threading.Thread(target=self.serve_forever, daemon=True, name="fault-http")

    def __enter__(self) -> "FaultHTTPServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


# --- STUN -----------------------------------------------------------------------------------

def binding_success(transaction_id: bytes) -> bytes:
    """A minimal Binding success response (no attributes) for a transaction id."""
    return HEADER.pack(BINDING_SUCCESS, 0, MAGIC_COOKIE, transaction_id)


STUN_ANSWERS: dict[str, Callable[[bytes, int], bytes | None]] = {
    "good": lambda request, n: binding_success(request[8:20]),
    "silent": lambda request, n: None,
    "garbage": lambda request, n: os.urandom(48),
    "wrong-transaction-id": lambda request, n: binding_success(os.urandom(12)),
    "truncated": lambda request, n: binding_success(request[8:20])[:12],
    "every-other": lambda request, n: binding_success(request[8:20]) if n % 2 else None,
}


class StunResponder:
    """A UDP responder on 127.0.0.1 answering each Binding request the way `mode` says."""

    def __init__(self, mode: str) -> None:
        self.answer = STUN_ANSWERS[mode]
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.address = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True, name=f"fault-stun-{mode}")

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                request, peer = self.sock.recvfrom(2048)
            except (TimeoutError, OSError):
                continue
            self.requests += 1
            reply = self.answer(request, self.requests)
            if reply is not None:
                self.sock.sendto(reply, peer)

    def __enter__(self) -> "StunResponder":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


"""STUN (RFC 5389) Binding requests at a voice packet rate: the UDP voice path.

`encode_binding_request` / `decode_binding_response` are pure. `StunStream` sends one request every
20 ms (50 per second, the packet rate of a 20 ms-frame voice call) from one UDP socket and matches
answers by transaction id. Each request carries the label of the phase it was sent in ("idle",
"download", ...), so one stream measures idle latency and latency under load.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
from dataclasses import dataclass

from rigcheck.netmeasure.bind import bind_to_interface
from rigcheck.netmeasure.voice_stats import VoiceSample

MAGIC_COOKIE = 0x2112A442
BINDING_REQUEST = 0x0001
BINDING_SUCCESS = 0x0101
BINDING_ERROR = 0x0111
HEADER = struct.Struct("!HHI12s")
DEFAULT_STUN_PORT = 3478
VOICE_PACKETS_PER_S = 50


class StunError(Exception):
    """The STUN server could not be reached or resolved."""


def encode_binding_request(transaction_id: bytes) -> bytes:
    """A 20-byte Binding request with no attributes (RFC 5389 section 6)."""
    if len(transaction_id) != 12:
        raise ValueError("a STUN transaction id is 12 bytes")
    return HEADER.pack(BINDING_REQUEST, 0, MAGIC_COOKIE, transaction_id)


def decode_binding_response(datagram: bytes) -> bytes | None:
    """The transaction id of a Binding success or error response, or None if it is not one.

    Checks what RFC 5389 section 7.3 asks of a client: the two top bits zero, the magic cookie, a
    length that is a multiple of 4 and fits the datagram.
    """
    if len(datagram) < HEADER.size:
        return None
    message_type, length, cookie, transaction_id = HEADER.unpack_from(datagram)
    if message_type & 0xC000 or cookie != MAGIC_COOKIE:
        return None
    if length % 4 or HEADER.size + length > len(datagram):
        return None
    if message_type not in (BINDING_SUCCESS, BINDING_ERROR):
        return None
    return transaction_id


def parse_host_port(text: str, default_port: int = DEFAULT_STUN_PORT) -> tuple[str, int]:
    """'host:port', '[v6]:port', 'host' or 'stun:host:port' to (host, port)."""
    text = text.strip()
    if text.lower().startswith("stun:"):
        text = text[5:]
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":")
        return host, int(port) if port else default_port
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, int(port)
    return text, default_port


@dataclass
class _Pending:
    seq: int
    phase: str
    sent_s: float
    received_s: float | None = None


class StunStream:
    """Binding requests every 1/rate seconds to one server until stopped.

    Times come from time.perf_counter(). `samples(phase, late_after_s)` returns what was sent in
    a phase; an answer later than `late_after_s` counts as lost, as a jitter buffer would drop it.
    """

    def __init__(self, address: tuple, family: int = socket.AF_INET, rate_pps: float = VOICE_PACKETS_PER_S,
                 interface: str | None = None):
        self.address = address
        self.interval_s = 1.0 / rate_pps
        self._sock = socket.socket(family, socket.SOCK_DGRAM)
        if interface is not None:  # the backup link, measured while the main one carries the default route
            bind_to_interface(self._sock, interface, family)
        self._sock.settimeout(0.05)
        self._sock.connect(address)
        self._phase = "idle"
        self._by_id: dict[bytes, _Pending] = {}
        self._sent: list[_Pending] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @classmethod
    def open(cls, server: str, rate_pps: float = VOICE_PACKETS_PER_S, interface: str | None = None) -> "StunStream":
        """Resolve 'host:port' and open a stream to it (raises StunError on DNS failure)."""
        host, port = parse_host_port(server)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)
        except socket.gaierror as exc:
            raise StunError(f"cannot resolve STUN server {host}: {exc.strerror or exc}") from exc
        family, _, _, _, address = infos[0]
        try:
            return cls(address, family, rate_pps, interface)
        except OSError as exc:
            raise StunError(f"cannot open a UDP socket to {host}:{port}: {exc}") from exc

    def set_phase(self, phase: str) -> None:
        """Label the requests sent from now on."""
        self._phase = phase

    def start(self) -> None:
        for target, name in ((self._send_loop, "stun-send"), (self._receive_loop, "stun-recv")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(1.0)
        self._sock.close()

    def __enter__(self) -> "StunStream":
        self.start()
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.stop()

    def _send_loop(self) -> None:
        next_due = time.perf_counter()
        seq = 0
        while not self._stop.is_set():
            transaction_id = os.urandom(12)
            pending = _Pending(seq, self._phase, time.perf_counter())
            with self._lock:
                self._by_id[transaction_id] = pending
                self._sent.append(pending)
            try:
                self._sock.send(encode_binding_request(transaction_id))
            except OSError:
                pass  # ICMP unreachable or no route: the request is simply lost
            seq += 1
            # A fixed schedule, not sleep(interval): send-time drift would read as jitter.
            next_due += self.interval_s
            delay = next_due - time.perf_counter()
            if delay > 0:
                self._stop.wait(delay)
            elif delay < -1.0:
                next_due = time.perf_counter()

    def _receive_loop(self) -> None:
        buffer = bytearray(1500)
        while not self._stop.is_set():
            try:
                size = self._sock.recv_into(buffer)
            except socket.timeout:
                continue
            except OSError:
                # Connection refused (ICMP port unreachable) arrives here; keep listening.
                if self._stop.wait(0.01):
                    return
                continue
            received = time.perf_counter()
            transaction_id = decode_binding_response(bytes(buffer[:size]))
            if transaction_id is None:
                continue
            with self._lock:
                pending = self._by_id.get(transaction_id)
                if pending is not None and pending.received_s is None:
                    pending.received_s = received

    def answered(self) -> int:
        with self._lock:
            return sum(1 for p in self._sent if p.received_s is not None)

    def sent_count(self, phase: str | None = None) -> int:
        with self._lock:
            return sum(1 for p in self._sent if phase is None or p.phase == phase)

    def samples(self, phase: str, late_after_s: float = 1.0, since_s: float | None = None) -> list[VoiceSample]:
        """Requests of `phase` (optionally only those sent after `since_s`) with their answers.

        Requests younger than `late_after_s` are left out, answered or not: an unanswered one is still
        undecided, and keeping only the answered ones of that last stretch would understate the loss.
        """
        now = time.perf_counter()
        with self._lock:
            chosen = [
                p
                for p in self._sent
                if p.phase == phase
                and (since_s is None or p.sent_s >= since_s)
                and now - p.sent_s > late_after_s
            ]
            return [
                VoiceSample(
                    p.seq,
                    p.sent_s,
                    p.received_s if p.received_s is not None and p.received_s - p.sent_s <= late_after_s else None,
                )
                for p in chosen
            ]

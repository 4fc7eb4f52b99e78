"""The heartbeat: one STUN Binding request a second; outages of the line, and gaps of the computer.

An outage is a run of unanswered heartbeats lasting OUTAGE_MIN_S or more: it starts at the first
unanswered request and ends at the next answered one. A gap is time rigcheck itself did not run (the
computer slept, the process was stopped): either clock jumped between two ticks (wall-clock time goes
on during sleep while the monotonic clock does not; a stopped process sees both jump). Heartbeats
around a gap are not judged, so a sleeping laptop never reads as an outage of the line.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable

from rigcheck.netmeasure.stun import StunError, decode_binding_response, encode_binding_request, parse_host_port

BEAT_INTERVAL_S = 1.0
ANSWER_WITHIN_S = 1.0  # an answer later than this does not count: the line was not usable then
OUTAGE_MIN_S = 2.0
GAP_AFTER_S = 3.0  # a tick this late (either clock) means rigcheck was not running
# On the wire (Ethernet 14 + IPv4 20 + UDP 8 bytes of headers): a 20-byte Binding request, and coturn's
# answer with its four address attributes (68 bytes). bench/network.py --watch-overhead counted 171 bytes
# per request and answer on the lab's link.
STUN_REQUEST_BYTES = 42 + 20
STUN_ANSWER_BYTES = 42 + 68


@dataclass(frozen=True)
class Outage:
    start_wall: float
    seconds: float


@dataclass(frozen=True)
class Gap:
    start_wall: float
    seconds: float


@dataclass
class _Beat:
    sent_mono: float
    sent_wall: float
    answered: bool = False


class Heartbeat:
    """Runs in a thread of its own; calls `on_outage` and `on_gap` as each one ends."""

    def __init__(self, server: str, on_outage: Callable[[Outage], None], on_gap: Callable[[Gap], None],
                 interval_s: float = BEAT_INTERVAL_S):
        host, port = parse_host_port(server)
        try:
            family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
        except socket.gaierror as exc:
            raise StunError(f"cannot resolve STUN server {host}: {exc.strerror or exc}") from exc
        self._sock = socket.socket(family, socket.SOCK_DGRAM)
        self._sock.settimeout(0.1)
        self._sock.connect(address)
        self.interval_s = interval_s
        self.on_outage = on_outage
        self.on_gap = on_gap
        self.sent = 0
        self.answered = 0
        self._beats: dict[bytes, _Beat] = {}
        self._order: list[tuple[bytes, _Beat]] = []
        self._missed_since: _Beat | None = None  # first unanswered beat of the current run
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.gaps: list[tuple[float, float]] = []  # (start, end) monotonic, for the voice samples to avoid

    def start(self) -> None:
        for target, name in ((self._beat_loop, "watch-heartbeat"), (self._answer_loop, "watch-heartbeat-recv")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(2.0)
        self._sock.close()

    def bytes_used(self) -> int:
        return self.sent * STUN_REQUEST_BYTES + self.answered * STUN_ANSWER_BYTES

    def _beat_loop(self) -> None:
        last_mono, last_wall = time.monotonic(), time.time()
        next_due = last_mono
        while not self._stop.is_set():
            now_mono, now_wall = time.monotonic(), time.time()
            elapsed_mono, elapsed_wall = now_mono - last_mono, now_wall - last_wall
            if max(elapsed_mono, elapsed_wall) > GAP_AFTER_S:
                self._gap(last_mono, last_wall, now_mono, max(elapsed_mono, elapsed_wall))
                next_due = now_mono
            last_mono, last_wall = now_mono, now_wall
            if now_mono >= next_due:
                self._send(now_mono, now_wall)
                next_due += self.interval_s
            self._judge(now_mono)
            self._stop.wait(min(0.2, max(0.0, next_due - time.monotonic())))

    def _send(self, now_mono: float, now_wall: float) -> None:
        transaction_id = os.urandom(12)
        beat = _Beat(now_mono, now_wall)
        with self._lock:
            self._beats[transaction_id] = beat
            self._order.append((transaction_id, beat))
        self.sent += 1
        try:
            self._sock.send(encode_binding_request(transaction_id))
        except OSError:
            pass  # no route, unreachable: that beat is simply unanswered

    def _answer_loop(self) -> None:
        buffer = bytearray(1500)
        while not self._stop.is_set():
            try:
                size = self._sock.recv_into(buffer)
            except socket.timeout:
                continue
            except OSError:
                if self._stop.wait(0.05):
                    return
                continue
            received = time.monotonic()
            transaction_id = decode_binding_response(bytes(buffer[:size]))
            with self._lock:
                beat = self._beats.get(transaction_id) if transaction_id else None
                if beat is not None and not beat.answered and received - beat.sent_mono <= ANSWER_WITHIN_S:
                    beat.answered = True
                    self.answered += 1

    def _judge(self, now_mono: float) -> None:
        """Decide the beats whose answer time is over, in order: outages start and end here."""
        with self._lock:
            decided = []
            while self._order and now_mono - self._order[0][1].sent_mono > ANSWER_WITHIN_S:
                transaction_id, beat = self._order.pop(0)
                self._beats.pop(transaction_id, None)
                decided.append(beat)
        for beat in decided:
            if not beat.answered:
                if self._missed_since is None:
                    self._missed_since = beat
            elif self._missed_since is not None:
                self._end_outage(beat.sent_mono, beat.sent_wall)

    def _end_outage(self, end_mono: float, end_wall: float) -> None:
        first = self._missed_since
        self._missed_since = None
        if first is None:
            return
        seconds = end_mono - first.sent_mono
        if seconds >= OUTAGE_MIN_S:
            self.on_outage(Outage(first.sent_wall, round(seconds, 1)))

    def _gap(self, last_mono: float, last_wall: float, now_mono: float, seconds: float) -> None:
        """rigcheck was not running: the beats in flight cannot be judged; an outage before it ends at it."""
        with self._lock:
            self._order.clear()
            self._beats.clear()
        self._end_outage(last_mono, last_wall)
        self.gaps.append((last_mono, now_mono))
        self.on_gap(Gap(last_wall, round(seconds, 1)))

    def gap_between(self, start_mono: float, end_mono: float) -> bool:
        """True when rigcheck stopped running at some time between the two (monotonic) instants."""
        return any(gap_start < end_mono and gap_end > start_mono for gap_start, gap_end in self.gaps)

    def finish(self) -> None:
        """The watch ends: an outage still running is counted up to now."""
        now_mono, now_wall = time.monotonic(), time.time()
        self._judge(now_mono)
        self._end_outage(now_mono, now_wall)

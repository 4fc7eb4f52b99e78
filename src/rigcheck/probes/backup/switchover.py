"""The guided switch-over: where the backup was not measured through its own interface (it was switched
off when the checks ran, as a pocket Wi-Fi often is, or the measurement through it failed), the applicant
cuts the main link ("unplug the LAN cable, or switch off the router"), switching the backup on first if
needed, and the computer falls back to the backup. This times the fall-back (from the moment the main link
stopped carrying the traffic to the first answer from the internet over the backup), measures the backup
while it carries the default route, then checks the main link is back once it is plugged in again.

No Textual here: the app's switch-over screen (rigcheck.tui.screens.backup) drives it from a worker.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any, Callable, Sequence

from rigcheck.facts.backup import INTERFACE, KIND, MAIN_RESTORED, MEASURED_BY, PRESENT, SWITCHOVER_S
from rigcheck.facts.connection import KIND as CONNECTION_KIND
from rigcheck.netmeasure.stun import decode_binding_response, encode_binding_request, parse_host_port
from rigcheck.probes.backup.measure import measure_link

POLL_S = 0.2
STUN_TIMEOUT_S = 0.5


def active_interface() -> str | None:
    """The interface that carries internet traffic now (the connection probe's answer)."""
    import psutil

    from rigcheck.probes.connection import find_active_interface

    return find_active_interface(psutil.net_if_addrs())


def active_link_kind() -> str | None:
    """The kind of the link carrying the traffic now (ethernet, wifi, cellular...), as the connection probe tells it."""
    from rigcheck.probes import load_probe
    from rigcheck.probes.base import run_probe

    result = run_probe(load_probe("connection"), {})
    kind = result.values.get(CONNECTION_KIND.key) if result.status == "ok" else None
    return str(kind) if kind else None


def stun_answers(servers: Sequence[str], timeout_s: float = STUN_TIMEOUT_S) -> bool:
    """True when one STUN server answers a binding request over the default route now."""
    for server in servers:
        try:
            host, port = parse_host_port(server)
            family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(timeout_s)
                transaction = os.urandom(12)
                sock.sendto(encode_binding_request(transaction), address)
                if decode_binding_response(sock.recv(1500)) == transaction:
                    return True
        except (OSError, ValueError):
            continue
    return False


class SwitchOver:
    """One guided switch-over. Call `watch_for_backup` as soon as the applicant is told to cut the main link."""

    def __init__(self, main_interface: str | None, *, server: str | None, stun_servers: Sequence[str],
                 find_active: Callable[[], str | None] = active_interface,
                 find_kind: Callable[[], str | None] = active_link_kind,
                 reachable: Callable[[Sequence[str]], bool] = stun_answers,
                 clock: Callable[[], float] = time.monotonic, speedtest_factory: Callable[..., Any] | None = None) -> None:
        self.main_interface = main_interface
        self.server = server
        self.speedtest_factory = speedtest_factory  # tests hand in a lab speedtest.net
        self.stun_servers = list(stun_servers)
        self._find_active = find_active
        self._find_kind = find_kind
        self._reachable = reachable
        self._clock = clock
        self.main_lost_at: float | None = None
        self.backup_at: float | None = None
        # The link that took over and its kind: the backup, even when the checks saw it switched off.
        self.backup_interface: str | None = None
        self.backup_kind: str | None = None
        self.notes: list[str] = []

    def watch_for_backup(self, timeout_s: float, should_stop: Callable[[], bool]) -> float | None:
        """Seconds from the main link's loss to the first answer over another link; None on timeout or stop."""
        deadline = self._clock() + timeout_s
        while self._clock() < deadline and not should_stop():
            active = self._find_active()
            if active != self.main_interface:
                if self.main_lost_at is None:
                    self.main_lost_at = self._clock()
                if active is not None and self._reachable(self.stun_servers):
                    self.backup_at = self._clock()
                    self.backup_interface, self.backup_kind = active, self._find_kind()
                    return round(self.backup_at - self.main_lost_at, 1)
            time.sleep(POLL_S)
        return None

    def measure(self, should_stop: Callable[[], bool]) -> dict[str, Any]:
        """The backup's figures while it carries the default route."""
        return measure_link(None, server=self.server, stun_servers=self.stun_servers, should_stop=should_stop,
                            speedtest_factory=self.speedtest_factory,
                            notes=self.notes)

    def wait_for_main(self, timeout_s: float, should_stop: Callable[[], bool]) -> bool:
        """True once the main link carries the traffic again (within `timeout_s`)."""
        deadline = self._clock() + timeout_s
        while self._clock() < deadline and not should_stop():
            if self._find_active() == self.main_interface and self._reachable(self.stun_servers):
                return True
            time.sleep(POLL_S)
        return False

    def facts(self, switchover_s: float | None, figures: dict[str, Any], main_restored: bool | None) -> dict[str, Any]:
        """The backup facts this switch-over adds (merged over the probe's own); a link that took over is the backup."""
        added = {**figures, MEASURED_BY.key: "switch-over" if figures else None, SWITCHOVER_S.key: switchover_s,
                 MAIN_RESTORED.key: main_restored}
        if switchover_s is not None and self.backup_interface is not None:
            from rigcheck.probes.connection import public_interface_name

            added |= {PRESENT.key: True, INTERFACE.key: public_interface_name(self.backup_interface)}
            if self.backup_kind is not None:
                added[KIND.key] = self.backup_kind
        return added

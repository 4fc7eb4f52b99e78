"""coturn on loopback for the time-compressed watches (no root needed); skips with a reason without it."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time

import pytest

from rigcheck.netmeasure.stun import decode_binding_response, encode_binding_request


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(port: int, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.2)
        while time.monotonic() < deadline:
            tid = secrets.token_bytes(12)
            try:
                sock.sendto(encode_binding_request(tid), ("127.0.0.1", port))
                if decode_binding_response(sock.recv(1500)) == tid:
                    return True
            except OSError:
                time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def loopback_coturn(tmp_path_factory):
    """'127.0.0.1:port' of a coturn STUN server of this test session."""
    if shutil.which("turnserver") is None:
        pytest.skip("the watch tests need coturn (apt-get install coturn)")
    port = _free_udp_port()
    folder = tmp_path_factory.mktemp("shift-coturn")
    process = subprocess.Popen(
        ["turnserver", "-n", "--stun-only", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp", "--listening-ip", "127.0.0.1",
         "--listening-port", str(port), "--log-file", "stdout", "--no-software-attribute",
         "--pidfile", str(folder / f"turnserver-{os.getpid()}.pid")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        if not _answers(port, 10.0):
            pytest.skip("coturn did not answer on loopback")
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


# The network lab's fixtures (namespaces with coturn and LibreSpeed's own server), for the lab watch test.
from tests.network.conftest import lab, lab_servers  # noqa: E402,F401

"""The fault matrix for the network engine: hostile LibreSpeed servers and STUN responders on loopback.

No throughput server here can be measured, so every case must end in NetworkTestFailed (never another
exception, never a download figure) within the time limit, keeping what the voice path really showed.
"""

from __future__ import annotations

import time

import pytest

from rigcheck.netmeasure.backend import BackendError, Cause
from rigcheck.netmeasure.librespeed import LibreSpeedBackend
from rigcheck.netmeasure.run import NetworkPlan, NetworkTestFailed, run_network_test

from ._servers import FaultHTTPServer, StunResponder

TIME_LIMIT_S = 6.0
GRACE_S = 2.0


@pytest.fixture(scope="module")
def http_faults():
    with FaultHTTPServer() as server:
        yield server


def _measure(server_url: str, stun_address: str, voice_idle_s: float = 1.0, notes: list[str] | None = None
             ) -> tuple[dict, float]:
    plan = NetworkPlan(backends=[LibreSpeedBackend(server_url)], stun_servers=[stun_address], time_limit_s=TIME_LIMIT_S,
                       voice_idle_s=voice_idle_s, udp_wait_s=0.5)
    started = time.monotonic()
    with pytest.raises(NetworkTestFailed) as caught:
        run_network_test(plan, note=(notes if notes is not None else []).append)
    return caught.value.values, time.monotonic() - started


@pytest.mark.parametrize("fault", ["stall", "reset", "trickle", "slow-headers", "short", "redirect", "error500", "html"])
def test_a_hostile_speed_server_is_a_failed_measurement_not_a_figure(http_faults, fault):
    with StunResponder("good") as stun:
        values, seconds = _measure(f"{http_faults.url}/{fault}/", stun.address)
    assert seconds < TIME_LIMIT_S + GRACE_S
    assert "download_mbps" not in values and "upload_mbps" not in values
    assert values.get("voice_path") == "udp" and values.get("packet_loss_percent") == 0.0  # the voice path was fine


@pytest.mark.parametrize("mode", ["silent", "garbage", "wrong-transaction-id", "truncated"])
def test_a_stun_server_that_never_answers_properly_gives_no_voice_figures(http_faults, mode):
    with StunResponder(mode) as stun:
        notes: list[str] = []
        values, seconds = _measure(f"{http_faults.url}/error500/", stun.address, notes=notes)
        assert stun.requests > 0  # it was asked
    assert seconds < TIME_LIMIT_S + GRACE_S
    assert values.get("voice_path") != "udp"
    assert "latency_ms" not in values and "packet_loss_percent" not in values
    assert any("no answer" in note for note in notes)


def test_a_stun_server_answering_every_other_request_shows_the_loss(http_faults):
    with StunResponder("every-other") as stun:
        # Long enough that the last second's undecided requests do not dominate the window.
        values, seconds = _measure(f"{http_faults.url}/error500/", stun.address, voice_idle_s=2.5)
    assert seconds < TIME_LIMIT_S + GRACE_S
    assert values["voice_path"] == "udp"
    assert 25.0 <= values["packet_loss_percent"] <= 75.0  # half unanswered, whatever the window's edges


def test_a_server_cutting_every_download_short_is_a_transfer_error_not_slow_internet(http_faults):
    # It promises ckSize MiB (garbage.php's request) and closes cleanly after 100 bytes.
    with StunResponder("good") as stun:
        values, _ = _measure(f"{http_faults.url}/short/", stun.address)
    assert "download_mbps" not in values
    assert values["diagnosis"] == ["cut_short"]
    assert "ended an answer after 100 of" in values["backend_failures"][0]["reason"]


@pytest.mark.parametrize("fault", ["trickle", "slow-headers"])
def test_one_deadline_bounds_a_whole_latency_request(http_faults, fault):
    # Each byte comes quickly enough for a socket timeout; only a deadline on the whole request ends it.
    backend = LibreSpeedBackend(f"{http_faults.url}/{fault}/")
    started = time.monotonic()
    try:
        with pytest.raises(BackendError) as caught:
            backend.ping_ms(1.0)
    finally:
        backend.close()
    assert time.monotonic() - started < 1.8
    assert caught.value.cause is Cause.STALLED

"""LibreSpeed's own backend (../shared/servers/librespeed, unchanged) in the shaped lab.

The suite's stand-in server is for faults; these tests hold rigcheck to the server employers
really deploy, under PHP's built-in server (a connection per answer) and under Apache with mod_php
(kept-alive connections, chunked downloads). They skip with a reason without root or without the
shared folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rigcheck.netmeasure.backend import BackendError
from rigcheck.netmeasure.librespeed import LibreSpeedBackend

from .lab import CLIENT_IP, LIBRESPEED_PHP_PORT
from .test_net_lab import librespeed_plan, measure

# Measurements on a shared VM: the host's CPU steal can skew one run of tbf, iperf3 or the delayer;
# a real regression fails every rerun.
pytestmark = [pytest.mark.root, pytest.mark.slow, pytest.mark.flaky(reruns=2, reruns_delay=1)]


def test_download_and_upload_read_the_shaped_link(lab, real_librespeed):
    lab.set_rate("server", 40)
    lab.set_rate("client", 20)
    capacity_down = lab.iperf_capacity_mbps(reverse=True, seconds=3)
    capacity_up = lab.iperf_capacity_mbps(reverse=False, seconds=3)
    plan = librespeed_plan(lab)
    plan.backends = [LibreSpeedBackend(real_librespeed)]

    values, error, seconds = measure(lab, plan)

    assert error is None, error
    assert values["backend"] == "librespeed"
    assert values["download_mbps"] == pytest.approx(capacity_down, rel=0.1)
    assert values["upload_mbps"] == pytest.approx(capacity_up, rel=0.1)
    assert "backend_failures" not in values and "diagnosis" not in values
    assert seconds < 20


def test_latency_requests_accept_the_real_empty_text_html_answer(lab, real_librespeed):
    backend = LibreSpeedBackend(real_librespeed)

    def ping_five():
        backend.prepare(4.0)
        return [backend.ping_ms(4.0) for _ in range(5)]

    try:
        pings = lab.in_client(ping_five)
    finally:
        backend.close()
    assert len(pings) == 5
    assert all(0 < received - sent < 0.5 for sent, received in pings)


def test_without_udp_the_tcp_voice_path_uses_the_real_empty_php(lab, real_librespeed):
    lab.set_rate("server", 50)
    lab.set_rate("client", 50)
    lab.block_udp()
    plan = librespeed_plan(lab, max_direction_s=3)
    plan.backends = [LibreSpeedBackend(real_librespeed)]

    values, error, _ = measure(lab, plan)

    assert error is None, error
    assert values["voice_path"] == "tcp" and values["latency_ms"] > 0
    assert values["diagnosis"] == ["udp_blocked"]


def test_get_ip_without_its_isp_database_still_measures(lab, real_librespeed):
    # Shipped without its offline ISP database, getIP.php?isp=true answers HTTP 500: ISP and country
    # are extras, so they are simply absent and nothing about the client is kept.
    backend = LibreSpeedBackend(real_librespeed)
    try:
        info = lab.in_client(lambda: backend.prepare(4.0))
    except BackendError as exc:  # pragma: no cover - the assertion below explains
        pytest.fail(f"prepare failed against the real server: {exc}")
    finally:
        backend.close()
    assert info.isp is None and info.country is None
    assert CLIENT_IP not in json.dumps(vars(info))


# ------------------------------------------------------------------ the CLI, end to end, no fakes

LAB_PROFILE = """\
schema = 1
id = "lab-voice"
name = "Network lab voice profile"
version = "1"

[network]
min_download_mbps = {min_download}
min_upload_mbps = {min_upload}
max_latency_ms = 100
max_jitter_ms = 30
max_packet_loss_percent = 3
max_loaded_latency_increase_ms = {{ value = 150, level = "recommended" }}
min_mos = 3.8
server = "{server}"
stun = ["{stun}"]
"""

NETWORK_CHECKS = ("download", "upload", "latency", "jitter", "packet_loss", "mos")


def write_lab_profile(tmp_path: Path, lab, server: str, min_download: float = 20, min_upload: float = 10) -> Path:
    profile = tmp_path / "lab-voice.toml"
    text = LAB_PROFILE.format(min_download=min_download, min_upload=min_upload, server=server, stun=lab.stun_address)
    if not server:  # no LibreSpeed server: the public backend (speedtest.net) serves
        text = "\n".join(line for line in text.splitlines() if not line.startswith("server =")) + "\n"
    profile.write_text(text)
    return profile


def run_check(lab, profile: Path, tmp_path: Path) -> tuple[int, dict]:
    report_path = tmp_path / "report.json"
    completed = subprocess.run(
        ["ip", "netns", "exec", lab.client_ns, sys.executable, "-m", "rigcheck", "check",
         "--profile", str(profile), "--only", "network", "--format", "json", "--output", str(report_path)],
        capture_output=True, text=True, timeout=90,
    )
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.returncode, json.loads(report_path.read_text())


def network_checks(report: dict) -> dict[str, dict]:
    return {check["id"]: check for check in report["checks"] if check["probe"] == "network"}


def test_cli_check_scores_every_network_figure_against_the_real_server(lab, real_librespeed, tmp_path):
    lab.set_rate("server", 60)
    lab.set_rate("client", 30)
    profile = write_lab_profile(tmp_path, lab, real_librespeed)

    code, report = run_check(lab, profile, tmp_path)

    checks = network_checks(report)
    for word in NETWORK_CHECKS:
        matching = [check for check_id, check in checks.items() if word in check_id]
        assert matching and all(check["status"] == "pass" for check in matching), (word, checks)
    assert report["verdict"] == "ready" and code == 0, checks
    network = report["facts"]["network"]
    assert network["status"] == "ok" and network["values"]["backend"] == "librespeed"
    # Enough to tell 0 % loss from 3 % with bursts of 3 packets plausible (the burst-aware interval).
    assert network["values"]["voice_packets_sent"] >= 600


def test_cli_check_fails_a_link_below_the_profile_minimum_with_the_observed_figure(lab, real_librespeed, tmp_path):
    lab.set_rate("server", 10)
    lab.set_rate("client", 10)
    profile = write_lab_profile(tmp_path, lab, real_librespeed, min_download=25, min_upload=5)

    code, report = run_check(lab, profile, tmp_path)

    download = network_checks(report)["network.min_download_mbps"]
    assert download["status"] == "fail"
    assert 8 < download["observed"] < 10.5
    assert network_checks(report)["network.min_upload_mbps"]["status"] == "pass"
    assert report["verdict"] == "not_ready" and code == 1


def test_uploads_use_more_streams_when_the_server_closes_every_connection(lab, real_librespeed):
    # PHP's built-in server answers "Connection: close"; Apache keeps connections alive.
    from rigcheck.netmeasure.backend import TransferControl

    backend = LibreSpeedBackend(real_librespeed)
    seen = {}

    def upload_once():
        backend.prepare(4.0)
        control = TransferControl(max_s=1.0, should_stop=lambda: False)
        backend.upload(control)
        seen["streams"] = control.streams

    try:
        lab.in_client(upload_once)
    finally:
        backend.close()
    closes = f":{LIBRESPEED_PHP_PORT}/" in real_librespeed  # PHP's built-in server
    assert seen["streams"] == (8 if closes else 4)

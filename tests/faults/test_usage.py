"""Malformed --server, --stun and probe selections: one message and exit 2 before anything runs."""

from __future__ import annotations

import pytest

from rigcheck.probes import PROBE_IDS

from ._harness import assert_usage_error, run_cli

# A run that got past the arguments would spend seconds on probes (30 s on the network test).
BEFORE_ANYTHING_RUNS_S = 5.0


@pytest.mark.parametrize(("args", "words"), [
    (["--server", "ftp://speed.example.com/backend/"], "not an http:// or https:// URL"),
    (["--server", "https://speed.example.com:http/backend/"], "port that is not a number"),
    (["--server", "https://speed.example.com:70000/"], "port that is not a number"),
    (["--server", "https://"], "names no server"),
    (["--stun", "stun.example.com:abc"], "not HOST:PORT"),
    (["--stun", "stun.example.com:0"], "not HOST:PORT"),
    (["--stun", "stun.example.com:99999"], "not HOST:PORT"),
    (["--stun", "stun example com"], "not HOST:PORT"),
    (["--only", "cpu", "--skip", "cpu"], "leave no test to run"),
    (["--skip", ",".join(PROBE_IDS)], "leave no test to run"),  # every registered probe
    (["--only", ""], "names no test"),
    (["--only", " , "], "names no test"),
    (["--skip", ""], "names no test"),
    (["--only", "cpu,gpu"], "unknown test gpu"),
])
def test_a_malformed_selection_or_server_is_a_usage_error_before_anything_runs(args, words):
    out = run_cli("check", *args)
    assert_usage_error(out, words)
    assert out.seconds < BEFORE_ANYTHING_RUNS_S


@pytest.mark.parametrize("args", [["--server", "ftp://speed.example.com/"], ["--stun", "host:port"]])
def test_probe_refuses_the_same_malformed_servers(args):
    out = run_cli("probe", "network", *args)
    assert_usage_error(out)
    assert out.seconds < BEFORE_ANYTHING_RUNS_S


def test_well_formed_servers_are_accepted():
    out = run_cli("check", "--only", "cpu", "--server", "speed.example.com/backend", "--stun", "[::1]:3478",
                  "--stun", "stun.example.com:3478", "--server", "http://127.0.0.1:8080/")
    assert out.returncode in (0, 1, 3), out

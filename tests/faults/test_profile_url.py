"""Profiles by URL from hostile servers: one deadline for the whole fetch, one message, exit 2."""

from __future__ import annotations

import time

import pytest

from rigcheck.profile import ProfileError, load_profile, loader

from ._harness import QUICK, assert_usage_error, run_cli
from ._servers import FaultHTTPServer

DOCUMENTED_DEADLINE_S = 10.0  # README: "fetched with a 10 s timeout"


@pytest.fixture()
def server():
    with FaultHTTPServer() as fault_server:
        yield fault_server


@pytest.mark.parametrize(("fault", "words"), [
    ("slow-headers", "took longer than 1 s"),
    ("trickle", "took longer than 1 s"),
    ("stall", "did not answer within 1 s"),
    ("reset", "could not download"),
    ("redirect", "HTTP 302"),
    ("error500", "HTTP 500"),
])
def test_a_hostile_profile_server_is_one_problem_within_the_deadline(server, monkeypatch, fault, words):
    monkeypatch.setattr(loader, "URL_TIMEOUT_S", 1.0)
    started = time.monotonic()
    with pytest.raises(ProfileError, match=words) as caught:
        load_profile(f"{server.url}/{fault}/profile.toml")
    assert time.monotonic() - started < 2.0
    assert len(caught.value.problems) == 1


def test_an_html_page_instead_of_a_profile_is_invalid_toml(server):
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(f"{server.url}/html/profile.toml")


def test_headers_at_a_byte_every_half_second_end_at_the_documented_deadline(server):
    out = run_cli("check", "--profile", f"{server.url}/slow-headers/profile.toml", *QUICK)
    assert_usage_error(out, "took longer than 10 s")
    assert DOCUMENTED_DEADLINE_S - 0.5 < out.seconds < DOCUMENTED_DEADLINE_S + 3.0

"""Profiles by URL from hostile servers: one deadline for the whole fetch, one message, exit 2."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from rigcheck.profile import ProfileError, load_profile, loader

from ._harness import QUICK, assert_usage_error, local_profile, run_cli
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


# --- links HTTP cannot carry, numbers no one can mean, a damaged saved copy ----------------------

@pytest.mark.parametrize(("url", "words"), [
    ("https://ex..ample/profile.toml", "not a valid internet name"),
    (f"https://{'a' * 70}.example/profile.toml", "not a valid internet name"),
    ("https://127.0.0.1:9/perfíl.toml", "outside plain ASCII"),
    ("https://127.0.0.1:9/profile.toml?team=café", "outside plain ASCII"),
])
def test_a_link_http_cannot_carry_is_one_profile_error(url, words):
    out = run_cli("check", "--profile", url, *QUICK)
    assert_usage_error(out, words)
    assert out.stderr.count("rigcheck:") == 1, out.stderr


@pytest.mark.parametrize(("fault", "words"), [
    ("huge-length", "more than 1024 KiB"),  # 5,000 digits: past Python's int() limit
    ("odd-length", "missing required key"),  # '²³' is no size: the body itself decides (and is no profile)
])
def test_a_content_length_no_one_can_mean_is_a_profile_error(server, fault, words):
    out = run_cli("check", "--profile", f"{server.url}/{fault}/profile.toml", *QUICK)
    assert_usage_error(out, words)


def test_a_damaged_saved_copy_is_ignored_with_a_note_when_the_server_is_down(tmp_path):
    env = {**os.environ, "RIGCHECK_CACHE_DIR": str(tmp_path / "cache")}
    with FaultHTTPServer() as employer:
        employer.bodies["desk"] = Path(local_profile(tmp_path)).read_bytes()
        url = f"{employer.url}/desk/profile.toml"
        assert run_cli("profiles", "show", url, env=env).returncode == 0  # downloaded, and a copy saved
    metas = list((tmp_path / "cache" / "profiles").glob("*.json"))
    assert len(metas) == 1
    info = json.loads(metas[0].read_text())
    metas[0].write_text(metas[0].read_text().replace(json.dumps(info["saved_at"]), "-1e400"))  # -inf to Python
    out = run_cli("check", "--profile", url, *QUICK, env=env)  # the server is gone now
    assert_usage_error(out, "could not download", "saved earlier is damaged and was not used")
    assert out.stderr.count("rigcheck:") == 1, out.stderr

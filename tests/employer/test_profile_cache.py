"""Profiles fetched by URL: the last good copy is kept and used offline, with a notice saying so and its age."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rigcheck.profile import ProfileError, cache, load_profile

STARTER = (Path(__file__).parents[2] / "profiles" / "generic-voice.toml").read_bytes()


class _ProfileServer(http.server.ThreadingHTTPServer):
    """Serves `body` at any path on loopback until stopped."""

    daemon_threads = True

    def __init__(self, body: bytes) -> None:
        body_ref = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/toml")
                self.send_header("Content-Length", str(len(body_ref.body)))
                self.end_headers()
                self.wfile.write(body_ref.body)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.body = body
        self.url = f"http://127.0.0.1:{self.server_address[1]}/profile.toml"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@pytest.fixture()
def server():
    started = _ProfileServer(STARTER)
    yield started
    try:
        started.stop()
    except OSError:
        pass


def test_a_downloaded_profile_is_used_offline_with_a_notice_and_its_age(server, monkeypatch):
    first = load_profile(server.url)
    assert first.notice == ""
    saved = cache.last_good(server.url)
    assert saved is not None and saved[0] == STARTER
    server.stop()  # the employer's server is gone: offline
    real_time = time.time
    monkeypatch.setattr(cache.time, "time", lambda: real_time() + 3 * 3600 + 60)
    offline = load_profile(server.url)
    assert offline.id == first.id and offline.sha256 == first.sha256
    assert "could not be downloaded" in offline.notice and "using the copy saved 3 hours ago" in offline.notice


def test_without_a_saved_copy_the_download_error_stands(server):
    url = server.url
    server.stop()
    with pytest.raises(ProfileError, match="could not download"):
        load_profile(url)


def test_a_pinned_url_refuses_a_saved_copy_that_does_not_match_its_pin(server):
    load_profile(server.url)
    server.stop()
    with pytest.raises(ProfileError, match="the pin asks for"):
        load_profile(f"{server.url}#sha256={'0' * 64}")


def test_an_invalid_profile_is_never_saved_as_the_last_good_copy(server):
    load_profile(server.url)
    server.body = b'schema = 1\nid = "broken"\n'  # the employer publishes a broken file
    with pytest.raises(ProfileError):
        load_profile(server.url)
    assert cache.last_good(server.url)[0] == STARTER


def test_a_damaged_cache_is_not_used(server):
    load_profile(server.url)
    body, _meta = cache._paths(server.url)
    body.write_bytes(b"tampered")
    with pytest.raises(cache.DamagedCopy):
        cache.last_good(server.url)
    server.stop()
    with pytest.raises(ProfileError, match="saved earlier is damaged and was not used"):
        load_profile(server.url)


def test_the_cli_says_on_stderr_that_it_uses_the_saved_copy(server, tmp_path):
    load_profile(server.url)
    server.stop()
    out = subprocess.run([sys.executable, "-m", "rigcheck", "profiles", "show", server.url], capture_output=True, text=True,
                         timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0 and "Generic voice agent" in out.stdout
    assert out.stderr.startswith("rigcheck: ") and "using the copy saved less than a minute ago" in out.stderr


@pytest.mark.parametrize(("seconds", "words"), [(30, "less than a minute"), (61, "1 minute"), (7200, "2 hours"), (86400 * 3, "3 days")])
def test_age_words(seconds, words):
    assert cache.age_words(seconds) == words


# --- the guided app says so too (the CLI's stderr line is invisible to a TUI user) ---------------

sys.path.insert(0, str(Path(__file__).parents[1] / "tui"))  # the TUI tests' fakes (a folder, not a package)
from tui_fakes import CREATED_AT, desk_profile, fixed_clock, good_specs, screen_text, wait_until  # noqa: E402


def _tui_app(tmp_path, profile=None):
    from rigcheck.tui.app import make_app

    return make_app(profile=profile, probe_specs=good_specs(), options={}, mic=None, clock=fixed_clock, created_at=CREATED_AT,
                    bundled_profiles=[desk_profile()], save_dir=tmp_path)


async def test_the_profile_screen_shows_that_a_link_is_the_saved_copy(server, tmp_path):
    from textual.widgets import Input

    load_profile(server.url)
    server.stop()  # the employer's server is down: the applicant pastes the link anyway
    app = _tui_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        field = app.screen.query_one("#profile-ref", Input)
        field.focus()
        field.value = server.url
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.chosen is not None, timeout_s=15)
        text = screen_text(app)
        assert "Generic voice agent" in text
        assert f"⚠ {server.url} could not be downloaded" in text and "using the copy saved less than a minute ago" in text


async def test_a_profile_given_on_the_command_line_as_a_saved_copy_is_announced(server, tmp_path):
    load_profile(server.url)
    server.stop()
    offline = load_profile(server.url)
    app = _tui_app(tmp_path, profile=offline)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = [notification.message for notification in app._notifications]
        assert offline.notice in shown


async def test_a_profile_that_downloaded_is_not_announced(server, tmp_path):
    app = _tui_app(tmp_path, profile=load_profile(server.url))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not [n for n in app._notifications if n.title == "Profile"]

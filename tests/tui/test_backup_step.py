"""The guided switch-over step: offered when the profile asks about a backup connection and the checks did
not measure one (none switched on, or found but not measured), never when there is nothing to add; its
words follow a language switch. The switch-over itself runs for real in tests/network (the backup lab)."""

from __future__ import annotations

import pytest
from tui_fakes import CREATED_AT, facts_probe, fixed_clock, screen_text, wait_until

from rigcheck.i18n import speaking
from rigcheck.model import Profile, Requirement
from rigcheck.probes.backup import backup_facts
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.backup import BackupScreen
from rigcheck.tui.screens.results import ResultsScreen

# Nothing may leave the machine: the step's watcher would ask these only once the link changed.
LOOPBACK_OPTIONS = {"stun_servers": ["127.0.0.1:9"], "server": None}


def backup_profile(*keys: str) -> Profile:
    values = {"require_connection": True, "min_download_mbps": 5}
    return Profile(id="test-backup", name="Backup", version="1", publisher="rigcheck tests", contact="", source="test",
                   requirements=tuple(Requirement("backup", key, values[key]) for key in keys), questions=())


def app_with(profile: Profile, values: dict):
    return make_app(profile=profile, probe_specs=[facts_probe("backup", values)], options=LOOPBACK_OPTIONS, mic=None,
                    clock=fixed_clock, created_at=CREATED_AT)


async def after_the_checks(pilot) -> None:
    await wait_until(pilot, lambda: not pilot.app.session.running)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, (BackupScreen, ResultsScreen)))


@pytest.mark.parametrize("keys", [("require_connection",), ("require_connection", "min_download_mbps")])
async def test_no_backup_switched_on_asks_to_switch_it_on_and_counts_the_wait(keys):
    app = app_with(backup_profile(*keys), backup_facts(None, "ethernet"))
    async with app.run_test(size=(80, 24)) as pilot:
        await after_the_checks(pilot)
        assert isinstance(app.screen, BackupScreen)
        text = screen_text(app)
        assert "found no backup connection switched on" in text and "pocket Wi-Fi" in text
        await wait_until(pilot, lambda: "Waiting for the computer to reach the internet" in screen_text(app), timeout_s=5)
        english = app.screen.query_one("#backup-instruction").content
        await pilot.press("l")  # Filipino: the instruction and the counting status are drawn again in it
        with speaking("fil"):
            filipino = app.screen._instruction()
            waiting = app.screen._waited().split(":")[0]
        assert filipino != english  # the catalog has it
        await wait_until(pilot, lambda: app.screen.query_one("#backup-instruction").content == filipino, timeout_s=5)
        assert filipino.split(".")[0] in " ".join(screen_text(app).split())
        assert waiting.startswith("Hinihintay") and waiting in " ".join(screen_text(app).split())
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        checks = {check.id: check.status for check in app.session.report.checks}
        assert checks["backup.require_connection"] == "fail"


async def test_a_backup_found_is_enough_when_the_profile_only_asks_that_one_exists():
    app = app_with(backup_profile("require_connection"), backup_facts(("wlan0", "wifi"), "ethernet"))
    async with app.run_test(size=(80, 24)) as pilot:
        await after_the_checks(pilot)
        assert isinstance(app.screen, ResultsScreen)


async def test_a_backup_found_but_not_measured_is_offered_for_its_figures():
    app = app_with(backup_profile("require_connection", "min_download_mbps"), backup_facts(("wlan0", "wifi"), "ethernet"))
    async with app.run_test(size=(80, 24)) as pilot:
        await after_the_checks(pilot)
        assert isinstance(app.screen, BackupScreen)
        assert "so that the computer uses your backup (wlan0)" in " ".join(screen_text(app).split())


@pytest.mark.parametrize(("measured", "offered"), [
    ({"latency_ms": 48.0, "jitter_ms": 3.0, "packet_loss_percent": 0.0}, True),  # no LibreSpeed server: no speed
    ({"latency_ms": 48.0, "download_mbps": 9.0, "upload_mbps": 3.0}, False),  # every figure the profile asks for
], ids=["speed-missing", "complete"])
async def test_a_backup_measured_beside_the_main_line_is_offered_again_only_for_a_missing_figure(measured, offered):
    values = backup_facts(("wlan0", "wifi"), "ethernet") | {"measured_by": "bound", **measured}
    app = app_with(backup_profile("require_connection", "min_download_mbps"), values)
    async with app.run_test(size=(80, 24)) as pilot:
        await after_the_checks(pilot)
        assert isinstance(app.screen, BackupScreen if offered else ResultsScreen)

"""The guided switch-over in the app, in the backup lab: the backup probe could not measure through the
backup's interface (detection only, as for Linux without root), so the app asks the applicant to unplug
the LAN cable; the test cuts the main link, the app times the fall-back, measures the backup over the
default route it now carries, and checks the main link is back once the test restores it. Needs root."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from rigcheck.engine import probe_options
from rigcheck.probes import load_probe
from rigcheck.profile.loader import load_profile
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.backup import BackupScreen
from rigcheck.tui.screens.results import ResultsScreen
from rigcheck.tui.screens.save import SaveScreen

from .test_backup_link import BACKUP_DELAY_MS, BACKUP_DOWN, backup_lab  # noqa: F401 - the module's lab fixture
from .test_network_through_the_tui import _text, wait_until

pytestmark = [pytest.mark.root, pytest.mark.slow]

PROFILE = """schema = 1
id = "lab-backup"
name = "Lab: a backup connection"

[network]
server = "{server}"
stun = ["{stun}"]

[backup]
require_connection = true
min_download_mbps = 5
max_latency_ms = 150
"""


async def drive(app, lab, save_dir: Path) -> dict:
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: not app.session.running, timeout_s=30)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BackupScreen), timeout_s=5)
        assert "Unplug the LAN cable" in _text(app)
        lab.set_link("main", False)  # the applicant unplugs the cable
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Plug the LAN cable back in" in _text(app), timeout_s=60)
        lab.set_link("main", True)  # and plugs it back in
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Your main connection is back" in _text(app), timeout_s=30)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout_s=5)
        results = _text(app)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SaveScreen), timeout_s=5)
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(save_dir.glob("*.json")), timeout_s=5)
        await pilot.press("escape")
    return {"report": json.loads(next(save_dir.glob("*.json")).read_text()), "results": results}


def test_the_app_guides_the_switch_over_and_scores_the_backups_figures(backup_lab, tmp_path):  # noqa: F811 - the fixture
    servers = backup_lab.main_servers
    profile_path = tmp_path / "lab-backup.toml"
    profile_path.write_text(PROFILE.format(server=servers["librespeed"], stun=servers["stun"]))
    profile = load_profile(str(profile_path))
    options = probe_options(profile) | {"backup_interface": backup_lab.backup_client_if, "measure_backup": False}
    save_dir = tmp_path / "reports"
    save_dir.mkdir()
    app = make_app(profile=profile, probe_specs=[load_probe("backup")], options=options, mic=None, save_dir=save_dir)

    try:
        outcome = backup_lab.in_client(lambda: asyncio.run(drive(app, backup_lab, save_dir)), timeout=150)
    finally:
        backup_lab.set_link("main", True)

    values = outcome["report"]["facts"]["backup"]["values"]
    assert values["measured_by"] == "switch-over" and values["main_restored"] is True, values
    assert 0.0 <= values["switchover_s"] < 10.0, values
    assert 0.6 * BACKUP_DOWN <= values["download_mbps"] <= 1.1 * BACKUP_DOWN, values
    assert values["latency_ms"] >= BACKUP_DELAY_MS - 5, values
    checks = {check["id"]: check["status"] for check in outcome["report"]["checks"]}
    assert checks["backup.min_download_mbps"] == "pass" and checks["backup.max_latency_ms"] == "pass", checks

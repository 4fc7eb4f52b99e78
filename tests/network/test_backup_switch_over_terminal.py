"""The guided switch-over as an applicant lives it, in a real terminal (tmux), in the backup lab: the
pocket Wi-Fi is off while the checks run, so rigcheck finds no backup; the app asks to switch it on and
unplug the LAN cable; the test does both, the app notices, times it and measures the backup through the
link that took over; the test plugs the cable back in, the app sees the main line return; the report,
saved from the app, scores the backup's own figures. Needs root (the lab's namespaces)."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from tmux_driver import VERDICT_WORDS, Tmux, rigcheck_command

from .test_backup_link import BACKUP_DELAY_MS, BACKUP_DOWN, backup_lab  # noqa: F401 - the module's lab fixture
from .test_backup_switch_over_tui import PROFILE  # the same lab profile: a backup with figures to meet

pytestmark = [pytest.mark.root, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


def flat(screen: str) -> str:
    """The screen's words on one line (the app wraps long instructions)."""
    return " ".join(screen.split())


def test_an_applicant_switches_the_backup_on_when_asked_and_the_report_has_its_figures(backup_lab, tmp_path):  # noqa: F811
    servers = backup_lab.main_servers
    profile = tmp_path / "lab-backup.toml"
    profile.write_text(PROFILE.format(server=servers["librespeed"], stun=servers["stun"]), encoding="utf-8")
    (tmp_path / "Documents").mkdir()  # HOME is tmp_path: the report goes to its Documents folder
    exit_file = tmp_path / "exit-code"
    script = '"$0" "$@"; echo $? > "$EXIT_FILE"'
    env = {"RIGCHECK_TUI_PROBES": "backup", "TERM": "xterm-256color", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "EXIT_FILE": str(exit_file)}
    tmux = Tmux()
    backup_lab.set_link("backup", False)  # the pocket Wi-Fi is off while the checks run
    try:
        tmux.start([*backup_lab.in_client_args(), "/bin/sh", "-c", script, *rigcheck_command(), "--profile", str(profile)],
                   env, (100, 30))
        tmux.wait_for(lambda text: "All checks done" in text, timeout_s=60)
        tmux.keys("Enter")
        tmux.wait_for(lambda text: "found no backup connection switched on" in flat(text), timeout_s=15)
        tmux.wait_for(lambda text: "Waiting for the computer to reach the internet" in flat(text), timeout_s=5)
        backup_lab.set_link("backup", True)  # the applicant switches the pocket Wi-Fi on,
        time.sleep(1.0)
        backup_lab.set_link("main", False)  # then unplugs the LAN cable
        measured = tmux.wait_for(lambda text: "Plug the LAN cable back in" in flat(text), timeout_s=120)
        assert "Your backup is measured" in flat(measured)
        backup_lab.set_link("main", True)  # and plugs it back in
        tmux.keys("Enter")
        tmux.wait_for(lambda text: "Your main connection is back" in flat(text), timeout_s=60)
        tmux.keys("Enter")
        results = tmux.wait_for(lambda text: any(word in text for word in VERDICT_WORDS) and "Backup" in text, timeout_s=15)
        tmux.keys("s")
        tmux.wait_for(lambda text: "Save to" in text, timeout_s=15)
        tmux.keys("Enter")
        tmux.wait_for(lambda text: "Saved in" in text and "Send these files" in text, timeout_s=15)
        tmux.keys("q")
        deadline = time.monotonic() + 15
        while not exit_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert exit_file.exists(), f"rigcheck did not exit after q; screen:\n{tmux.screen()}"
        assert exit_file.read_text().strip() == "0"
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.kill()
        backup_lab.set_link("main", True)
        backup_lab.set_link("backup", True)

    report = json.loads(next((tmp_path / "Documents").glob("*.json")).read_text(encoding="utf-8"))
    values = report["facts"]["backup"]["values"]
    assert values["present"] is True and values["interface"] == backup_lab.backup_client_if, values
    assert values["measured_by"] == "switch-over" and values["main_restored"] is True, values
    assert 0.0 <= values["switchover_s"] < 10.0, values
    assert 0.6 * BACKUP_DOWN <= values["download_mbps"] <= 1.1 * BACKUP_DOWN, values  # the backup's shaping, not the main's
    assert values["latency_ms"] >= BACKUP_DELAY_MS - 5, values
    checks = {check["id"]: check["status"] for check in report["checks"]}
    assert checks["backup.require_connection"] == "pass", (checks, results)
    assert checks["backup.min_download_mbps"] == "pass" and checks["backup.max_latency_ms"] == "pass", checks

"""The backup link measured for real: a second veth pair into a namespace of its own, with its own tbf
shaping, delay, LibreSpeed server and coturn, measured through SO_BINDTODEVICE while the main link keeps
the default route. The figures must match each link's shaping, not the other's. Needs root."""

from __future__ import annotations

import pytest

from rigcheck.probes import load_probe
from rigcheck.probes.backup.measure import measure_link
from rigcheck.probes.base import run_probe

from .backup_lab import BackupLab, missing_backup_lab_librespeed
from .lab import missing_requirements

MAIN_DOWN, MAIN_UP = 40.0, 20.0
BACKUP_DOWN, BACKUP_UP = 8.0, 3.0
BACKUP_DELAY_MS = 60.0

pytestmark = [pytest.mark.root, pytest.mark.slow]


@pytest.fixture(scope="module")
def backup_lab():
    reason = missing_requirements() or missing_backup_lab_librespeed()
    if reason:
        pytest.skip(reason)
    with BackupLab() as lab:
        lab.main_servers = lab.start_servers(lab.server_ns)
        lab.backup_servers = lab.start_servers(lab.backup_ns)
        lab.shape("main", MAIN_DOWN, MAIN_UP)
        lab.shape("backup", BACKUP_DOWN, BACKUP_UP)
        lab.delay_backup(BACKUP_DELAY_MS)
        yield lab


def _measure(lab: BackupLab, interface: str | None) -> tuple[dict, list[str]]:
    notes: list[str] = []
    servers = lab.main_servers  # the same address on both links: the link decides which server answers
    figures = lab.in_client(lambda: measure_link(interface, server=servers["librespeed"], stun_servers=[servers["stun"]],
                                                 should_stop=lambda: False, notes=notes), timeout=90)
    return figures, notes


def test_bound_to_the_backup_the_figures_are_the_backups(backup_lab):
    backup, notes = _measure(backup_lab, backup_lab.backup_client_if)
    assert backup.get("download_mbps") is not None, notes
    assert 0.6 * BACKUP_DOWN <= backup["download_mbps"] <= 1.1 * BACKUP_DOWN, backup
    assert 0.6 * BACKUP_UP <= backup["upload_mbps"] <= 1.1 * BACKUP_UP, backup
    assert BACKUP_DELAY_MS - 5 <= backup["latency_ms"] <= BACKUP_DELAY_MS + 40, backup
    # No loss is injected; the userspace delayer can still drop a packet or two when the machine is busy
    # (0.79 % seen once beside the Windows tier), which says nothing about which link was measured.
    assert backup["packet_loss_percent"] < 2.0, backup


def test_unbound_the_same_measurement_takes_the_main_link(backup_lab):
    main, notes = _measure(backup_lab, None)
    assert main.get("download_mbps") is not None, notes
    assert main["download_mbps"] >= 0.6 * MAIN_DOWN and main["download_mbps"] > 2 * BACKUP_DOWN, main
    assert main["upload_mbps"] > 2 * BACKUP_UP, main
    assert main["latency_ms"] < BACKUP_DELAY_MS / 2, main


def test_the_backup_probe_measures_the_named_interface(backup_lab):
    servers = backup_lab.main_servers
    options = {"server": servers["librespeed"], "stun_servers": [servers["stun"]],
               "backup_interface": backup_lab.backup_client_if}
    result = backup_lab.in_client(lambda: run_probe(load_probe("backup"), options), timeout=120)
    assert result.status == "ok", result.error
    values = result.values
    assert values["present"] is True and values["measured_by"] == "bound"
    assert values["interface"] == backup_lab.backup_client_if
    assert 0.6 * BACKUP_DOWN <= values["download_mbps"] <= 1.1 * BACKUP_DOWN, values
    assert values["latency_ms"] >= BACKUP_DELAY_MS - 5, values


def test_switch_over_when_the_test_cuts_the_main_link(backup_lab):
    from rigcheck.probes.backup.switchover import SwitchOver, active_interface

    servers = backup_lab.main_servers
    main = backup_lab.in_client(active_interface)
    assert main == backup_lab.client_if
    switch = SwitchOver(main, server=servers["librespeed"], stun_servers=[servers["stun"]])
    try:
        backup_lab.set_link("main", False)  # the applicant unplugs the LAN cable
        switchover_s = backup_lab.in_client(lambda: switch.watch_for_backup(20.0, lambda: False), timeout=30)
        figures = backup_lab.in_client(lambda: switch.measure(lambda: False), timeout=90)
    finally:
        backup_lab.set_link("main", True)  # and plugs it back in
    restored = backup_lab.in_client(lambda: switch.wait_for_main(20.0, lambda: False), timeout=30)
    assert switchover_s is not None and 0.0 <= switchover_s < 5.0, (switchover_s, switch.notes)
    assert 0.6 * BACKUP_DOWN <= figures["download_mbps"] <= 1.1 * BACKUP_DOWN, figures  # the backup's shaping
    assert figures["latency_ms"] >= BACKUP_DELAY_MS - 5, figures
    assert restored is True
    facts = switch.facts(switchover_s, figures, restored)
    assert facts["measured_by"] == "switch-over" and facts["main_restored"] is True


def test_the_command_line_names_the_backup_and_the_probe_measures_it(backup_lab):
    """`rigcheck probe backup --backup-interface NAME`, a whole process in the client's namespace."""
    import json
    import subprocess
    import sys

    servers = backup_lab.main_servers
    completed = subprocess.run(
        [*backup_lab.in_client_args(), sys.executable, "-m", "rigcheck", "probe", "backup", "--format", "json",
         "--backup-interface", backup_lab.backup_client_if, "--server", servers["librespeed"], "--stun", servers["stun"]],
        capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    values = json.loads(completed.stdout)["backup"]["values"]
    assert values["present"] is True and values["interface"] == backup_lab.backup_client_if, values
    assert values["measured_by"] == "bound", values
    assert 0.6 * BACKUP_DOWN <= values["download_mbps"] <= 1.1 * BACKUP_DOWN, values

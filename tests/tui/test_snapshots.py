"""Screenshots of every screen at 80×24 and 120×40, compared with reviewed SVGs in __snapshots__.

Update after reviewing the differences: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import dataclasses

import pytest
from tui_fakes import (
    CREATED_AT,
    GOOD_FACTS,
    FakeMic,
    GatedProbe,
    desk_profile,
    facts_probe,
    failing_probe,
    fixed_clock,
    settle,
    wait_until,
)

from rigcheck.i18n import _
from rigcheck.tui.app import make_app
from rigcheck.tui.screens.run import RunScreen

# English at both sizes, Filipino at the size an applicant's laptop terminal opens at.
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"),
         pytest.param((80, 24, "fil"), id="80x24-fil")]


@pytest.fixture(autouse=True)
def language_of(request):
    """Each screenshot in its language (the third item of its size); English again afterwards."""
    from rigcheck.i18n import set_language

    size = request.node.callspec.params.get("size", (80, 24)) if hasattr(request.node, "callspec") else (80, 24)
    set_language(size[2] if len(size) > 2 else "en")
    yield
    set_language("en")

AUDIO_FACTS = {
    "usb_headset_present": True,
    "analog_headset_present": False,
    "default_input": {"name": "Jabra Evolve 20", "kind": "usb_headset", "is_headset": True},
    "default_output": {"name": "Jabra Evolve 20", "kind": "usb_headset", "is_headset": True},
}


def mixed_specs():
    """A desk on Wi-Fi whose disk probe failed: failures, an unknown and passes on one screen."""
    return [
        facts_probe("system", GOOD_FACTS["system"]),
        facts_probe("cpu", GOOD_FACTS["cpu"]),
        facts_probe("memory", {**GOOD_FACTS["memory"], "installed_gb": 4.0, "total_gb": 3.8}),
        failing_probe("disk", "could not read the home drive: permission denied"),
        facts_probe("connection", {**GOOD_FACTS["connection"], "kind": "wifi", "link_speed_mbps": 300}),
        facts_probe("network", {**GOOD_FACTS["network"], "download_mbps": 18.4}),
    ]


def second_profile():
    return dataclasses.replace(desk_profile(), id="chat-desk", name="Chat agent desk", publisher="Example Chat Co")


def app_for(specs, *, profile=True, mic=None, dark=True):
    """The app on fake probes; `profile` True: the desk profile, False: none (the profile step), or a Profile."""
    return make_app(
        profile=desk_profile() if profile is True else (profile or None),
        probe_specs=specs,
        options={},
        bundled_profiles=[desk_profile(), second_profile()],
        mic=mic,
        clock=fixed_clock,
        created_at=CREATED_AT,
        save_dir="/home/agent/reports",
        dark=dark,
    )


def settled(run_before):
    """`run_before`, then a wait until the screen's tables have their final size."""
    async def run(pilot):
        from textual.widgets import Input

        await run_before(pilot)
        for field in pilot.app.screen.query(Input):  # a blinking cursor is on or off by chance at the screenshot
            field.cursor_blink = False
        await settle(pilot)

    return run


async def to_results(pilot, answers=("y", "n")):
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RunScreen) and not app.session.running)
    await pilot.press("enter", *answers)
    await pilot.pause()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_profile_screen(snap_compare, size):
    async def run_before(pilot):
        published = _("published by %(publisher)s").split("%")[0].strip()  # the words in the language on screen
        await wait_until(pilot, lambda: published in str(pilot.app.screen.query_one("#profile-details").content))

    assert snap_compare(app_for([], profile=False), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_run_screen_while_the_network_test_runs(snap_compare, size):
    network = GatedProbe(
        "network",
        GOOD_FACTS["network"],
        progress=[("download", 0.1 * step, {"mbps": mbps, "latency_ms": 21.0, "at_most_left_s": 60 - step})
                  for step, mbps in enumerate((12.0, 40.5, 61.0, 58.2, 75.9, 88.5), 1)],
    )
    specs = mixed_specs()[:5] + [network.spec, facts_probe("audio", AUDIO_FACTS, delay_s=30)]

    async def run_before(pilot):
        app = pilot.app
        await wait_until(pilot, lambda: network.reported.is_set() and app.session.states["network"].mbps == 88.5
                         and all(app.session.states[p].finished for p in ("system", "cpu", "memory", "disk", "connection")))

    assert snap_compare(app_for(specs), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_run_screen_after_stopping(snap_compare, size):
    network = GatedProbe("network", GOOD_FACTS["network"], progress=[("upload", 0.7, {"mbps": 19.0})])
    specs = mixed_specs()[:5] + [network.spec]

    async def run_before(pilot):
        app = pilot.app
        await wait_until(pilot, lambda: network.reported.is_set())
        await pilot.press("escape")
        await wait_until(pilot, lambda: not app.session.running)

    assert snap_compare(app_for(specs), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_questions_screen(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot, answers=("n",))  # stops at the second question

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_mic_screen_after_measuring(snap_compare, size):
    specs = mixed_specs() + [facts_probe("audio", AUDIO_FACTS)]

    async def run_before(pilot):
        app = pilot.app
        await to_results(pilot, answers=("n", "y"))
        await pilot.press("m")
        noise = _("Background noise: %(loudness)s (%(level)s dBFS)").split("%")[0].strip()
        await wait_until(pilot, lambda: app.screen.query("#mic-result") and noise in str(app.screen.query_one("#mic-result").content))

    assert snap_compare(app_for(specs, mic=FakeMic()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_backup_switch_over_step(snap_compare, size):
    """No backup switched on during the checks: the step asks to switch it on and unplug the LAN cable."""
    from dataclasses import replace

    from rigcheck.model import Requirement
    from rigcheck.probes.backup import backup_facts
    from rigcheck.tui.screens.backup import BackupScreen

    desk = desk_profile()
    profile = replace(desk, requirements=desk.requirements + (Requirement("backup", "require_connection", True),))
    app = app_for(mixed_specs() + [facts_probe("backup", backup_facts(None, "wifi"))], profile=profile)

    async def run_before(pilot):
        await to_results(pilot)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BackupScreen)
                         and "180" in str(pilot.app.screen.query_one("#backup-status").content))

    assert snap_compare(app, terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_results_not_ready(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_results_ready_light_theme(snap_compare, size):
    specs = [facts_probe(probe, values) for probe, values in GOOD_FACTS.items()]

    async def run_before(pilot):
        await to_results(pilot, answers=("n", "y"))

    assert snap_compare(app_for(specs, dark=False), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_check_details(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("down", "enter")

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_save_screen(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("s")

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.fixture
def fixed_report_dir():
    """A report folder with the same path on every run, so the saved-paths screen is reproducible."""
    import shutil
    from pathlib import Path

    # Not tempfile.gettempdir(): TMPDIR differs between machines and the path is on the screenshot.
    folder = Path("/tmp/rigcheck-tui-snapshot-reports")
    shutil.rmtree(folder, ignore_errors=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("size", SIZES)
def test_save_screen_after_saving(snap_compare, size, fixed_report_dir):
    app = app_for(mixed_specs())
    app.save_dir = fixed_report_dir

    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("s", "enter")
        await wait_until(pilot, lambda: (fixed_report_dir / "rigcheck-test-desk-20261127-0900.json").exists())

    assert snap_compare(app, terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_profile_screen_with_a_bad_profile(snap_compare, size, fixed_report_dir):
    from rigcheck.profile import load_profile

    fixed_report_dir.mkdir(parents=True)
    bad = fixed_report_dir / "employer.toml"
    bad.write_text('schema = 1\nid = "acme"\nname = "ACME"\n\n[network]\nmin_downlod_mbps = 25\n')
    app = app_for([], profile=False)
    app._profile_loader = load_profile

    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.profiles)
        field = pilot.app.screen.query_one("#profile-ref")
        field.value = str(bad)
        field.focus()
        await pilot.press("enter")
        refused = _("✘ This profile could not be used:")
        await wait_until(pilot, lambda: refused in str(pilot.app.screen.query_one("#profile-details").content))

    assert snap_compare(app, terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_open_file_dialog(snap_compare, size, fixed_report_dir, monkeypatch):
    (fixed_report_dir / "Downloads").mkdir(parents=True)
    (fixed_report_dir / "Downloads" / "acme-voice.toml").write_text("schema = 1\n")
    (fixed_report_dir / "Documents").mkdir()
    monkeypatch.setenv("HOME", str(fixed_report_dir))

    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.profiles)
        await pilot.press("ctrl+o")
        tree = pilot.app.screen.query_one("#open-tree")
        await wait_until(pilot, lambda: len(tree.root.children) == 2)
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: tree.root.children[1].children)

    assert snap_compare(app_for([], profile=False), terminal_size=size[:2], run_before=settled(run_before))


def offline_specs():
    """The desk with the internet down: the network probe diagnoses it (one problem, said once)."""
    from rigcheck.probes import PROBE_TITLES
    from rigcheck.probes.base import ProbeError, ProbeSpec

    def collect(ctx):
        raise ProbeError("no speed-test server could be used", {"diagnosis": ["no_internet"]})

    return mixed_specs()[:5] + [ProbeSpec("network", PROBE_TITLES["network"], collect)]


@pytest.mark.parametrize("size", SIZES)
def test_results_with_a_network_problem(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)

    assert snap_compare(app_for(offline_specs()), terminal_size=size[:2], run_before=settled(run_before))


@pytest.mark.parametrize("size", SIZES)
def test_quit_asks_about_an_unsaved_report(snap_compare, size):
    async def run_before(pilot):
        await to_results(pilot)
        await pilot.press("q")

    assert snap_compare(app_for(mixed_specs()), terminal_size=size[:2], run_before=settled(run_before))

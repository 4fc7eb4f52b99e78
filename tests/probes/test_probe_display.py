"""display probe: xrandr, DRM sysfs, system_profiler and Windows listings; headless is a fact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from rigcheck.probes import display
from rigcheck.probes.display import linux as display_linux
from rigcheck.probes.display import windows as display_windows
from os_captures import parse_wmic_list

from rigcheck.probes._local_util import current_os
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported, run_probe

from ._fixtures import fixture_text, write_tree


def sizes(monitors):
    return [(m["width"], m["height"], m["primary"], m["connector"]) for m in monitors]


# --- Linux ------------------------------------------------------------------------------------------


def test_xrandr_laptop_with_connected_but_unused_hdmi():
    monitors = display.parse_xrandr(
        fixture_text("linux/xrandr_laptop-eDP1-plus-HDMI1-connected-no-mode_jc-fixture.txt")
    )
    # HDMI1 is connected but has no mode: it shows nothing, so it is not a monitor in use.
    assert sizes(monitors) == [(1920, 1080, True, "eDP1")]


def test_xrandr_inactive_laptop_panel_and_primary_displayport():
    monitors = display.parse_xrandr(
        fixture_text("linux/xrandr_eDP-connected-inactive-plus-DisplayPort-primary_redshift-issue-752_EXCERPT.txt")
    )
    assert sizes(monitors) == [(1920, 1080, True, "DisplayPort-0")]


def test_xrandr_two_monitors_without_primary():
    monitors = display.parse_xrandr(
        fixture_text("linux/xrandr_two-monitors-DP1-HDMI2_classification-banner-pr-8_EXCERPT.txt")
    )
    assert sizes(monitors) == [(2560, 1600, False, "DP1"), (1600, 1200, False, "HDMI2")]
    assert display.display_facts(monitors)["monitor_count"] == 2


def test_drm_sysfs_tree_from_recorded_connector_status(tmp_path):
    """The recorded grep shows DP-2 and eDP-1 connected; the tree adds what a real card also has."""
    recorded = fixture_text("linux/sys-class-drm-status_grep_two-connected_bazzite-docs-pr-263.txt")
    files = {"card1/dev": "226:1\n", "card1-HDMI-A-1/status": "disconnected\n", "card1-HDMI-A-1/enabled": "disabled\n"}
    for line in recorded.splitlines():
        connector, _, status = line.partition("/status:")
        files[f"card1-{connector}/status"] = status + "\n"
        files[f"card1-{connector}/enabled"] = "enabled\n"
    files["card1-eDP-1/modes"] = "2560x1600\n1920x1200\n"
    files["card1-DP-2/modes"] = "3840x2160\n1920x1080\n"
    write_tree(tmp_path, files)
    monitors = display.read_drm_monitors(str(tmp_path))
    assert sizes(monitors) == [(3840, 2160, None, "DP-2"), (2560, 1600, None, "eDP-1")]


def test_drm_connected_but_disabled_connector_is_not_in_use(tmp_path):
    write_tree(
        tmp_path,
        {"card0-eDP-1/status": "connected\n", "card0-eDP-1/enabled": "disabled\n", "card0-eDP-1/modes": "1920x1080\n"},
    )
    assert display.read_drm_monitors(str(tmp_path)) == []


def test_drm_absent_means_no_drm_and_cards_without_connectors_are_unsupported(tmp_path):
    assert display.read_drm_monitors(str(tmp_path / "missing")) is None
    write_tree(tmp_path, {"card0/dev": "226:0\n", "renderD128/dev": "226:128\n"})
    with pytest.raises(ProbeUnsupported):
        display.read_drm_monitors(str(tmp_path))


def test_no_display_server_and_no_drm_is_unsupported_not_zero_monitors(monkeypatch):
    monkeypatch.setattr(display_linux, "read_drm_monitors", lambda drm_root="/sys/class/drm": None)
    with pytest.raises(ProbeUnsupported, match="no display server"):
        display_linux.collect(ProbeContext(), {})
    # DRM connectors that are all unplugged are a real answer: no monitor in use.
    monkeypatch.setattr(display_linux, "read_drm_monitors", lambda drm_root="/sys/class/drm": [])
    assert display_linux.collect(ProbeContext(), {})["monitor_count"] == 0


def test_headless_is_a_fact():
    assert display.display_facts([]) == {"monitor_count": 0, "monitors": [], "headless": True}


@pytest.mark.skipif(current_os() != "linux", reason="live Linux collector")
def test_live_display_probe():
    result = run_probe(display.PROBE)
    assert result.status in ("ok", "unsupported"), result.error
    if result.status == "ok":
        values = result.values
        assert set(values) == {"monitor_count", "monitors", "headless"}
        assert values["monitor_count"] == len(values["monitors"])
        assert values["headless"] is (values["monitor_count"] == 0)
        json.dumps(values)


# --- macOS ------------------------------------------------------------------------------------------


def test_system_profiler_json_builtin_retina_uses_panel_pixels():
    monitors = display.parse_system_profiler_displays(
        fixture_text("macos/system_profiler_SPDisplaysDataType_m1-builtin-only_pytorch-serve-REFORMATTED.json")
    )
    assert sizes(monitors) == [(2880, 1800, True, "internal")]


def test_system_profiler_truncated_json_is_an_error_not_a_crash():
    with pytest.raises(ProbeError):
        display.parse_system_profiler_displays(
            fixture_text(
                "macos/system_profiler_SPDisplaysDataType_json_M3Pro-internal-plus-2-external_system-bridge-pr-3408_TRUNCATED.txt"
            )
        )


def test_system_profiler_external_display_record_from_truncated_capture():
    """The first display record of the truncated capture is whole; close the JSON around it."""
    text = fixture_text(
        "macos/system_profiler_SPDisplaysDataType_json_M3Pro-internal-plus-2-external_system-bridge-pr-3408_TRUNCATED.txt"
    )
    closed = text.rstrip().rstrip(",") + "]}]}"
    assert sizes(display.parse_system_profiler_displays(closed)) == [(2560, 1440, True, None)]


def test_system_profiler_text_dual_monitor():
    monitors = display.parse_system_profiler_displays(
        fixture_text("macos/system_profiler_SPDisplaysDataType_TEXT_dual-monitor_10.6.5.txt")
    )
    # Two E2441 monitors; the empty "Display Connector" is not one.
    assert sizes(monitors) == [(1920, 1080, True, None), (1920, 1080, False, None)]


# --- Windows ----------------------------------------------------------------------------------------


def test_video_controllers_skip_the_rdp_display_adapter():
    records = parse_wmic_list(fixture_text("windows/Win32_VideoController_wmic-list_intel-plus-nvidia.wmi.txt"))
    assert len(records) == 3
    assert sizes(display.monitors_from_video_controllers(records)) == [
        (1920, 1200, None, None),
        (1920, 1200, None, None),
    ]


def test_windows_forms_screens_listing_wins_over_controllers():
    data = json.loads(fixture_text("windows/constructed_display-listing_Screen-AllScreens_two-monitors.json"))
    assert sizes(display.monitors_from_windows_listing(data)) == [
        (2560, 1440, True, "\\\\.\\DISPLAY1"),
        (1920, 1080, False, "\\\\.\\DISPLAY2"),
    ]
    # Without screens (no desktop in the session), the controllers are the fallback.
    assert sizes(display.monitors_from_windows_listing([{**data, "screens": []}])) == [(2560, 1440, None, None)]
    with pytest.raises(ProbeError):
        display.monitors_from_windows_listing([])


def test_enum_display_devices_entries():
    devices = [
        {"name": "DISPLAY1", "state_flags": 0x1 | 0x4, "width": 1920, "height": 1080},
        {"name": "DISPLAY2", "state_flags": 0x1, "width": 1280, "height": 1024},
        {"name": "DISPLAY3", "state_flags": 0x0, "width": None, "height": None},  # not attached
        {"name": "DISPLAYV1", "state_flags": 0x1 | 0x8, "width": 1920, "height": 1080},  # mirroring driver
    ]
    assert sizes(display.monitors_from_display_devices(devices)) == [
        (1920, 1080, True, "DISPLAY1"),
        (1280, 1024, False, "DISPLAY2"),
    ]


def test_win32_structures_have_the_windows_layout():
    """EnumDisplayDevicesW/EnumDisplaySettingsW read fields by offset: the layout must match Windows."""
    import ctypes

    assert ctypes.sizeof(display_windows.DISPLAY_DEVICEW) == 840
    assert display_windows.DISPLAY_DEVICEW.StateFlags.offset == 324
    assert ctypes.sizeof(display_windows.DEVMODEW) == 220
    assert display_windows.DEVMODEW.dmSize.offset == 68
    assert (display_windows.DEVMODEW.dmPelsWidth.offset, display_windows.DEVMODEW.dmPelsHeight.offset) == (172, 176)
    device = display_windows.DISPLAY_DEVICEW()
    for i, char in enumerate("\\\\.\\DISPLAY1"):
        device.DeviceName[i] = ord(char)
    assert display_windows.wide_text(device.DeviceName) == "\\\\.\\DISPLAY1"


@pytest.mark.skipif(
    current_os() != "linux" or not (shutil.which("Xvfb") and shutil.which("xrandr")),
    reason="needs Xvfb and xrandr (apt packages xvfb, x11-xserver-utils)",
)
def test_live_xrandr_path_against_a_virtual_x_server(monkeypatch):
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as reader:
            number = reader.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display number"
        monkeypatch.setenv("DISPLAY", f":{number}")  # xrandr reads the real environment
        facts = display_linux.collect(ProbeContext(), {"DISPLAY": f":{number}"})
        assert facts["monitor_count"] == 1 and facts["headless"] is False
        assert (facts["monitors"][0]["width"], facts["monitors"][0]["height"]) == (1600, 900)
    finally:
        server.terminate()
        server.wait(timeout=5)

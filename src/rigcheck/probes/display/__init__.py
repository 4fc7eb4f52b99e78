"""Displays: how many monitors are in use and their resolutions. No display at all is a fact (headless).

Resolutions are the monitors' pixel modes (a 2880x1800 Retina panel is 2880x1800 even when it "looks
like" 1440x900; Windows modes are read in physical pixels, unaffected by display scaling). One collector
per OS (`linux.py`, `macos.py`, `windows.py`, chosen once by `rigcheck.probes._platform`); the parsers
here take recorded outputs.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, Iterable, Iterator, Mapping

from rigcheck.facts.display import DISPLAY
from rigcheck.probes._exec import read_text
from rigcheck.probes._local_util import as_bool, as_int
from rigcheck.probes._platform import os_collector
from rigcheck.probes.base import ProbeError, ProbeSpec, ProbeUnsupported

_SIZE = re.compile(r"(\d+)\s*x\s*(\d+)")


def monitor(width: int | None, height: int | None, primary: bool | None, connector: str | None) -> dict[str, Any]:
    """One entry of the `monitors` fact."""
    return {"width": width, "height": height, "primary": primary, "connector": connector}


def display_facts(monitors: list[dict[str, Any]]) -> dict[str, Any]:
    """monitor_count, monitors and headless from a list of monitors in use."""
    return {"monitor_count": len(monitors), "monitors": monitors, "headless": not monitors}


def _size(text: str | None) -> tuple[int | None, int | None]:
    match = _SIZE.search(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


# --- Linux ------------------------------------------------------------------------------------------

_XRANDR_OUTPUT = re.compile(r"^(\S+) connected(?P<primary> primary)?(?: (?P<w>\d+)x(?P<h>\d+)\+\d+\+\d+)?")


def parse_xrandr(text: str) -> list[dict[str, Any]]:
    """Monitors in use from `xrandr --current` (the `--query` format, without re-probing outputs):
    connected outputs that have a mode set.

    A connected output without a mode (lid closed, or switched off in the settings) shows nothing, so it
    is not counted.
    """
    monitors = []
    for line in text.splitlines():
        match = _XRANDR_OUTPUT.match(line)
        if not match or match.group("w") is None:
            continue
        monitors.append(
            monitor(int(match.group("w")), int(match.group("h")), bool(match.group("primary")), match.group(1))
        )
    return monitors


def drm_connector_name(entry: str) -> str:
    """`card1-HDMI-A-1` -> `HDMI-A-1`."""
    return re.sub(r"^card\d+-", "", entry)


def read_drm_monitors(drm_root: str = "/sys/class/drm") -> list[dict[str, Any]] | None:
    """Connected, enabled connectors from DRM sysfs, sized by their first (preferred) mode.

    None when there is no DRM at all; raises ProbeUnsupported when there are graphics cards whose driver
    exposes no connectors (some proprietary drivers), because then no answer is honest.
    """
    try:
        entries = sorted(os.listdir(drm_root))
    except OSError:
        return None
    cards = [entry for entry in entries if re.fullmatch(r"card\d+", entry)]
    connectors = [entry for entry in entries if re.fullmatch(r"card\d+-.+", entry)]
    if cards and not connectors:
        raise ProbeUnsupported("the graphics driver does not list its monitor connectors")
    monitors = []
    for entry in connectors:
        base = os.path.join(drm_root, entry)
        if read_text(os.path.join(base, "status")) != "connected":
            continue
        if read_text(os.path.join(base, "enabled"), "enabled") == "disabled":
            continue
        modes = (read_text(os.path.join(base, "modes"), "") or "").splitlines()
        width, height = _size(modes[0] if modes else None)
        monitors.append(monitor(width, height, None, drm_connector_name(entry)))
    return monitors


# --- macOS ------------------------------------------------------------------------------------------


def parse_system_profiler_displays(text: str) -> list[dict[str, Any]]:
    """Monitors from `system_profiler SPDisplaysDataType -json` (or the plain-text form of old macOS)."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return parse_system_profiler_displays_text(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProbeError(f"system_profiler printed JSON that cannot be read: {exc}") from exc
    monitors = []
    for gpu in document.get("SPDisplaysDataType") or []:
        for screen in gpu.get("spdisplays_ndrvs") or []:
            if screen.get("spdisplays_online") == "spdisplays_no":
                continue
            width, height = _size(screen.get("_spdisplays_pixels") or screen.get("spdisplays_pixelresolution"))
            if width is None:
                width, height = _size(screen.get("_spdisplays_resolution") or screen.get("spdisplays_resolution"))
            if width is None and "spdisplays_main" not in screen:
                continue  # an empty connector entry
            internal = screen.get("spdisplays_connection_type") == "spdisplays_internal"
            monitors.append(
                monitor(
                    width, height, screen.get("spdisplays_main") == "spdisplays_yes", "internal" if internal else None
                )
            )
    return monitors


def parse_system_profiler_displays_text(text: str) -> list[dict[str, Any]]:
    """Monitors from plain-text `system_profiler SPDisplaysDataType` (macOS before -json existed)."""
    monitors: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for starts_monitor, key, value in _displays_section(text):
        if starts_monitor:
            current = monitor(None, None, False, None)
            current["_connected"] = True
            monitors.append(current)
        elif current is not None:
            _read_display_property(current, key, value)
    return [entry for entry in monitors if entry.pop("_connected") and entry["width"] is not None]


def _displays_section(text: str) -> Iterator[tuple[bool, str, str]]:
    """(starts a monitor, key, value) for each line under a "Displays:" heading.

    A monitor's name line sits one level under "Displays:"; its properties sit deeper (some, like
    "Display Serial Number:", can be empty too).
    """
    in_displays = False
    displays_indent = 0
    child_indent: int | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        key, _, value = line.strip().partition(":")
        value = value.strip()
        if key == "Displays" and not value:
            in_displays, displays_indent, child_indent = True, indent, None
            continue
        if in_displays and indent <= displays_indent:
            in_displays = False
        if not in_displays:
            continue
        if child_indent is None:
            child_indent = indent
        yield indent == child_indent and not value, key, value


def _read_display_property(current: dict[str, Any], key: str, value: str) -> None:
    if key == "Resolution":
        current["width"], current["height"] = _size(value)
    elif key == "Main Display":
        current["primary"] = value.lower() == "yes"
    elif key == "Status" and "no display" in value.lower():
        current["_connected"] = False
    elif key == "Online" and value.lower() == "no":
        current["_connected"] = False


# --- Windows ----------------------------------------------------------------------------------------

DISPLAY_DEVICE_ATTACHED_TO_DESKTOP = 0x1
DISPLAY_DEVICE_PRIMARY_DEVICE = 0x4
DISPLAY_DEVICE_MIRRORING_DRIVER = 0x8
ENUM_CURRENT_SETTINGS = -1  # (DWORD)-1: the mode in use, in physical pixels whatever the display scaling


def monitors_from_display_devices(devices: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Monitors from EnumDisplayDevices entries {name, state_flags, width, height}: attached, not mirrors."""
    monitors = []
    for device in devices:
        flags = int(device.get("state_flags") or 0)
        if not flags & DISPLAY_DEVICE_ATTACHED_TO_DESKTOP or flags & DISPLAY_DEVICE_MIRRORING_DRIVER:
            continue
        monitors.append(
            monitor(
                device.get("width"),
                device.get("height"),
                bool(flags & DISPLAY_DEVICE_PRIMARY_DEVICE),
                device.get("name"),
            )
        )
    return monitors


def monitors_from_screens(screens: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Monitors from System.Windows.Forms.Screen records {DeviceName, Primary, Width, Height}."""
    return [
        monitor(
            as_int(screen.get("Width")),
            as_int(screen.get("Height")),
            as_bool(screen.get("Primary")),
            screen.get("DeviceName"),
        )
        for screen in screens
    ]


def monitors_from_video_controllers(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A lower bound from Win32_VideoController: one monitor per controller with a current mode.

    The RDP indirect display adapter is skipped (it is the remote viewer's screen, not a monitor here).
    A controller driving two monitors reports one mode, so this can undercount; it is only a fallback.
    """
    monitors = []
    for record in records:
        if str(record.get("PNPDeviceID") or "").upper().startswith("SWD\\REMOTEDISPLAYENUM"):
            continue
        width = as_int(record.get("CurrentHorizontalResolution"))
        height = as_int(record.get("CurrentVerticalResolution"))
        if not width or not height:
            continue
        monitors.append(monitor(width, height, None, None))
    return monitors


# Win32 structures with fixed-size fields (WCHAR as uint16) so their layout is the same on every platform
# and can be checked by tests anywhere: sizeof(DISPLAY_DEVICEW) is 840, sizeof(DEVMODEW) is 220.
WINDOWS_SCRIPT = (
    "$s = @(); try { Add-Type -AssemblyName System.Windows.Forms; "
    "$s = @([System.Windows.Forms.Screen]::AllScreens | ForEach-Object { [pscustomobject]@{DeviceName = $_.DeviceName; "
    "Primary = $_.Primary; Width = $_.Bounds.Width; Height = $_.Bounds.Height} }) } catch { }; "
    "$v = @(Get-CimInstance Win32_VideoController | Select-Object Name,PNPDeviceID,CurrentHorizontalResolution,CurrentVerticalResolution); "
    "[pscustomobject]@{screens = $s; controllers = $v} | ConvertTo-Json -Depth 4 -Compress"
)


def monitors_from_windows_listing(data: Any) -> list[dict[str, Any]]:
    """Monitors from the WINDOWS_SCRIPT JSON: Forms screens when present, else video controllers."""
    document = data[0] if isinstance(data, list) and data else data
    if not isinstance(document, Mapping):
        raise ProbeError("PowerShell printed no display list")
    screens = document.get("screens") or []
    screens = screens if isinstance(screens, list) else [screens]
    if screens:
        return monitors_from_screens([s for s in screens if isinstance(s, Mapping)])
    controllers = document.get("controllers") or []
    controllers = controllers if isinstance(controllers, list) else [controllers]
    return monitors_from_video_controllers([c for c in controllers if isinstance(c, Mapping)])


collect = os_collector(__name__, "the displays")

PROBE = ProbeSpec(id=DISPLAY.id, title=DISPLAY.title, collect=collect, timeout_s=25.0, facts=DISPLAY.facts)

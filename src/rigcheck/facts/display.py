"""Facts of the `display` probe."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

DISPLAY = ProbeFacts("display", N_("Displays"))

MONITOR_COUNT = DISPLAY.declare("monitor_count", int, "monitors", N_("Monitors"), "Monitors in use", 2)
MONITORS = DISPLAY.declare("monitors", list, "", N_("Monitor sizes"), "Each monitor: width and height in pixels, primary, connector",
                           [{"width": 1920, "height": 1080, "primary": True, "connector": "DP-1"},
                            {"width": 1080, "height": 1920, "primary": False, "connector": "HDMI-1"}])
HEADLESS = DISPLAY.declare("headless", bool, "", N_("No monitor"), "True when no monitor is in use", False)

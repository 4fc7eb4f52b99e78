"""Facts of the `display` probe."""

from rigcheck.facts._declare import ProbeFacts

DISPLAY = ProbeFacts("display", "Displays")

MONITOR_COUNT = DISPLAY.declare("monitor_count", int, "monitors", "Monitors", "Monitors in use", 2)
MONITORS = DISPLAY.declare("monitors", list, "", "Monitor sizes", "Each monitor: width and height in pixels, primary, connector",
                           [{"width": 1920, "height": 1080, "primary": True, "connector": "DP-1"},
                            {"width": 1080, "height": 1920, "primary": False, "connector": "HDMI-1"}])
HEADLESS = DISPLAY.declare("headless", bool, "", "No monitor", "True when no monitor is in use", False)

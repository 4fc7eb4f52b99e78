"""Facts of the `power` probe."""

from rigcheck.facts._declare import ProbeFacts

POWER = ProbeFacts("power", "Power")

BATTERY_PRESENT = POWER.declare("battery_present", bool, "", "Battery", "True when the machine has a battery", True)
ON_AC_POWER = POWER.declare("on_ac_power", bool, "", "On mains power", "True on mains power; None when the OS does not say", True)
BATTERY_PERCENT = POWER.declare("battery_percent", (int, float), "%", "Battery charge", "Battery charge; None without a battery", 88.0)

"""Facts of the `power` probe."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

POWER = ProbeFacts("power", N_("Power"))

BATTERY_PRESENT = POWER.declare("battery_present", bool, "", N_("Battery"), "True when the machine has a battery", True)
ON_AC_POWER = POWER.declare("on_ac_power", bool, "", N_("On mains power"), "True on mains power; None when the OS does not say", True)
BATTERY_PERCENT = POWER.declare("battery_percent", (int, float), "%", N_("Battery charge"), "Battery charge; None without a battery", 88.0)
UPS_PRESENT = POWER.declare("ups_present", bool, "", N_("UPS connected"),
                            "a UPS is connected to this computer by a data cable (USB); None: none could be seen, "
                            "which a UPS without a data cable also gives", True)
UPS_NAME = POWER.declare("ups_name", str, "", N_("UPS"), "the UPS's maker and model, as it reports them", "APC Back-UPS ES 700G")
UPS_PERCENT = POWER.declare("ups_percent", (int, float), "%", N_("UPS charge"), "the UPS battery's charge", 100.0)
UPS_RUNTIME_MINUTES = POWER.declare("ups_runtime_minutes", (int, float), "min", N_("UPS runtime"),
                                    "how long the UPS says it can carry its present load", 35.0)
UPS_SOURCE = POWER.declare("ups_source", str, "", N_("UPS seen by"),
                           "what told: upower, nut, usb-id, windows-battery or pmset", "upower")
BATTERY_RUNTIME_MINUTES = POWER.declare("battery_runtime_minutes", (int, float), "min", N_("Battery runtime"),
                                        "how long the laptop battery would last at the present load (from its "
                                        "charge and draw; None while it charges and the OS gives no estimate)", 240.0)
BATTERY_HEALTH_PERCENT = POWER.declare("battery_health_percent", (int, float), "%", N_("Battery health"),
                                       "the full charge the battery holds now, as a share of what it held new", 92.0)

"""Facts of the `backup` probe: a second internet connection that could take over, and how good it is.

The link is found among the computer's interfaces (Wi-Fi to a pocket Wi-Fi, USB tethering, a mobile
broadband modem, a second Ethernet) beside the one carrying the default route; its figures are measured
through that interface while the main connection stays up (bound to it), or after the applicant switched
over to it.
"""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

BACKUP = ProbeFacts("backup", N_("Backup internet connection"))

PRESENT = BACKUP.declare("present", bool, "", N_("Backup connection"),
                         "a second link that could carry the traffic is up (has an address) beside the main one", True)
KIND = BACKUP.declare("kind", str, "", N_("Backup link"), "ethernet, wifi or cellular (a USB-tethered phone counts as cellular)",
                      "cellular")
INTERFACE = BACKUP.declare("interface", str, "", N_("Backup interface"), "the interface's name (eth1, wlan0, usb0, wwan0)", "usb0")
MAIN_KIND = BACKUP.declare("main_kind", str, "", N_("Main link"), "the link carrying the default route", "ethernet")
MEASURED_BY = BACKUP.declare("measured_by", str, "", N_("Measured by"),
                             "bound: through the backup interface with the main link up; switch-over: after the applicant "
                             "switched to it; None: not measured", "bound")
DOWNLOAD_MBPS = BACKUP.declare("download_mbps", (int, float), "Mbit/s", N_("Backup download"), "download throughput through the backup", 12.0)
UPLOAD_MBPS = BACKUP.declare("upload_mbps", (int, float), "Mbit/s", N_("Backup upload"), "upload throughput through the backup", 4.0)
LATENCY_MS = BACKUP.declare("latency_ms", (int, float), "ms", N_("Backup latency"), "voice-path round trip (median) through the backup", 60.0)
JITTER_MS = BACKUP.declare("jitter_ms", (int, float), "ms", N_("Backup jitter"), "RFC 3550 interarrival jitter through the backup", 8.0)
PACKET_LOSS_PERCENT = BACKUP.declare("packet_loss_percent", (int, float), "%", N_("Backup packet loss"),
                                     "voice-path packet loss through the backup", 0.0)
SWITCHOVER_S = BACKUP.declare("switchover_s", (int, float), "s", N_("Switch-over time"),
                              "how long the computer took to reach the internet over the backup once the main link was cut "
                              "(switch-over only)")
MAIN_RESTORED = BACKUP.declare("main_restored", bool, "", N_("Main link back"),
                               "the main link carried the traffic again after the switch-over test (switch-over only)")

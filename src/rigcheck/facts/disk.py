"""Facts of the `disk` probe. Sizes are in GiB (1024³ bytes), as the OS counts them (1 GiB = 1.074 GB)."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

DISK = ProbeFacts("disk", N_("Disk space"))

FREE_GB = DISK.declare("free_gb", (int, float), "GiB", N_("Free disk space"), "Free space on the drive holding the user's home folder, in GiB", 120.4)
TOTAL_GB = DISK.declare("total_gb", (int, float), "GiB", N_("Drive size"), "Size of that drive, in GiB", 476.3)

"""Facts of the `memory` probe. Every size is in GiB (1024³ bytes): what the OS counts and what RAM is sold in
(a computer sold with "8 GB" has 8 GiB installed)."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

MEMORY = ProbeFacts("memory", N_("Memory"))

TOTAL_GB = MEMORY.declare("total_gb", (int, float), "GiB", N_("Usable memory"), "Usable RAM the OS reports, in GiB", 15.7)
AVAILABLE_GB = MEMORY.declare("available_gb", (int, float), "GiB", N_("Available memory"), "RAM available for new programs now, in GiB", 9.1)
INSTALLED_GB = MEMORY.declare("installed_gb", (int, float), "GiB", N_("Installed memory"),
                              "Physically installed RAM in GiB, when the OS can tell", 16.0)

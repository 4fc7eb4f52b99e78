"""Facts of the `firewall` probe: whether a host firewall filters incoming connections, and what said so."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

FIREWALL = ProbeFacts("firewall", N_("Firewall"))

ACTIVE = FIREWALL.declare("active", bool, "", N_("Firewall on"),
                          "a host firewall filters incoming connections (Windows: every profile on; macOS: the application "
                          "firewall on; Linux: the input hook drops or rejects something)", True)
TOOL = FIREWALL.declare("tool", str, "", N_("Checked with"),
                        "what told: windows-firewall, macos-application-firewall, nftables, iptables, ufw or firewalld",
                        "windows-firewall")
PROFILES_OFF = FIREWALL.declare("profiles_off", list, "", N_("Profiles off"),
                                "Windows only: the firewall profiles that are off (Domain, Private, Public)", [])

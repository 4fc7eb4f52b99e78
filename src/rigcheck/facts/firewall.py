"""Facts of the `firewall` probe: whether a host firewall filters incoming connections, and what said so."""

from rigcheck.facts._declare import ProbeFacts

FIREWALL = ProbeFacts("firewall", "Firewall")

ACTIVE = FIREWALL.declare("active", bool, "", "Firewall on",
                          "a host firewall filters incoming connections (Windows: every profile on; macOS: the application "
                          "firewall on; Linux: the input hook drops or rejects something)", True)
TOOL = FIREWALL.declare("tool", str, "", "Checked with",
                        "what told: windows-firewall, macos-application-firewall, nftables, iptables, ufw or firewalld",
                        "windows-firewall")
PROFILES_OFF = FIREWALL.declare("profiles_off", list, "", "Profiles off",
                                "Windows only: the firewall profiles that are off (Domain, Private, Public)", [])

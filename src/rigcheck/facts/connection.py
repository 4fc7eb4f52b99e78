"""Facts of the `connection` probe: the interface carrying the default route."""

from rigcheck.facts._declare import ProbeFacts

CONNECTION = ProbeFacts("connection", "Network connection")

KIND = CONNECTION.declare("kind", str, "", "Connection kind", "ethernet, wifi, cellular, vpn, virtual or unknown", "ethernet")
INTERFACE = CONNECTION.declare("interface", str, "", "Interface", "Name of the interface that carries internet traffic", "Ethernet")
LINK_SPEED_MBPS = CONNECTION.declare("link_speed_mbps", (int, float), "Mbit/s", "Link speed",
                                     "Negotiated link speed; None when the OS does not tell", 1000)
VPN_ACTIVE = CONNECTION.declare("vpn_active", bool, "", "VPN", "True when internet traffic goes through a VPN or tunnel", False)
UNDERLAY_KIND = CONNECTION.declare("underlay_kind", str, "", "Link under the VPN", "Kind of the physical link under the VPN", None)
ONLINE = CONNECTION.declare("online", bool, "", "Online", "True when a default route exists", True)

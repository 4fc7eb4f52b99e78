"""Facts of the `connection` probe: the interface carrying the default route."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

CONNECTION = ProbeFacts("connection", N_("Network connection"))

KIND = CONNECTION.declare("kind", str, "", N_("Connection kind"), "ethernet, wifi, cellular, vpn, virtual or unknown", "ethernet")
INTERFACE = CONNECTION.declare("interface", str, "", N_("Interface"), "Name of the interface that carries internet traffic", "Ethernet")
LINK_SPEED_MBPS = CONNECTION.declare("link_speed_mbps", (int, float), "Mbit/s", N_("Link speed"),
                                     "Negotiated link speed; None when the OS does not tell", 1000)
VPN_ACTIVE = CONNECTION.declare("vpn_active", bool, "", N_("VPN"), "True when internet traffic goes through a VPN or tunnel", False)
UNDERLAY_KIND = CONNECTION.declare("underlay_kind", str, "", N_("Link under the VPN"), "Kind of the physical link under the VPN", None)
ONLINE = CONNECTION.declare("online", bool, "", N_("Online"), "True when a default route exists", True)

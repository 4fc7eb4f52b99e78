"""Facts of the `browser` probe: which web browsers are installed, and their versions."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

BROWSER = ProbeFacts("browser", N_("Web browsers"))

# Names: chrome, edge, firefox, safari, chromium (the words a profile's `browsers` rules use).
BROWSERS = BROWSER.declare("browsers", list, "", N_("Browsers"),
                           'installed browsers, each {"name": chrome | edge | firefox | safari | chromium, "version": "120.0.6099.109"}',
                           [{"name": "chrome", "version": "143.0.7499.110"}, {"name": "edge", "version": "143.0.3650.80"}])

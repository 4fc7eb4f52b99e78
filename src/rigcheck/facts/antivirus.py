"""Facts of the `antivirus` probe: is an antivirus protecting this computer now, with current definitions."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

ANTIVIRUS = ProbeFacts("antivirus", N_("Antivirus"))

PROTECTED = ANTIVIRUS.declare("protected", bool, "", N_("Antivirus on"),
                              "an antivirus scans files as they are used (real-time protection is on)", True)
DEFINITIONS_CURRENT = ANTIVIRUS.declare("definitions_current", bool, "", N_("Antivirus up to date"),
                                        "the protecting antivirus's virus definitions are current", True)
PRODUCTS = ANTIVIRUS.declare("products", list, "", N_("Antivirus products"),
                             'each {"name", "real_time": bool or null, "definitions_current": bool or null}',
                             [{"name": "Windows Defender", "real_time": True, "definitions_current": True}])
TOOL = ANTIVIRUS.declare("tool", str, "", N_("Checked with"), "what told: windows-security-center, clamav or xprotect",
                         "windows-security-center")

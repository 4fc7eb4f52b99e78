"""Facts of the `webcam` probe: is a camera connected, and can this user open it for video."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

WEBCAM = ProbeFacts("webcam", N_("Webcam"))

PRESENT = WEBCAM.declare("present", bool, "", N_("Webcam"), "a camera is connected (built in or USB)", True)
USABLE = WEBCAM.declare("usable", bool, "", N_("Webcam usable"),
                        "a camera can give video to this user (Linux: opens and captures video; Windows: the device "
                        "works; macOS: listed by the system)", True)
CAMERAS = WEBCAM.declare("cameras", list, "", N_("Cameras"), "the cameras' names", ["Integrated Camera"])

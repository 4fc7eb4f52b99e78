"""Facts of the `webcam` probe: is a camera connected, and can this user open it for video."""

from rigcheck.facts._declare import ProbeFacts

WEBCAM = ProbeFacts("webcam", "Webcam")

PRESENT = WEBCAM.declare("present", bool, "", "Webcam", "a camera is connected (built in or USB)", True)
USABLE = WEBCAM.declare("usable", bool, "", "Webcam usable",
                        "a camera can give video to this user (Linux: opens and captures video; Windows: the device "
                        "works; macOS: listed by the system)", True)
CAMERAS = WEBCAM.declare("cameras", list, "", "Cameras", "the cameras' names", ["Integrated Camera"])

"""Webcams on Linux: the video4linux nodes that capture video, asked through VIDIOC_QUERYCAP."""

from __future__ import annotations

import os
import struct
import sys
from typing import Any

from rigcheck.probes._exec import read_text
from rigcheck.probes.base import ProbeContext
from rigcheck.probes.webcam import webcam_facts

V4L_ROOT = "/sys/class/video4linux"
DEV_ROOT = "/dev"
# linux/videodev2.h: struct v4l2_capability is 104 bytes (driver[16], card[32], bus_info[32], version,
# capabilities, device_caps, reserved[3]); VIDIOC_QUERYCAP = _IOR('V', 0, struct v4l2_capability).
VIDIOC_QUERYCAP = 0x80685600
_CAPABILITY = struct.Struct("16s32s32sIII12x")
V4L2_CAP_VIDEO_CAPTURE = 0x00000001
V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000
V4L2_CAP_DEVICE_CAPS = 0x80000000


def captures_video(capability: bytes) -> bool:
    """Whether a v4l2_capability record describes a node that captures video (this node's caps when given)."""
    _driver, _card, _bus, _version, capabilities, device_caps = _CAPABILITY.unpack(capability[:_CAPABILITY.size])
    caps = device_caps if capabilities & V4L2_CAP_DEVICE_CAPS else capabilities
    return bool(caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE))


def query_capability(device_path: str) -> bytes | None:
    """The node's v4l2_capability, or None when this user cannot open it (or it is no v4l2 node)."""
    if sys.platform == "win32":  # Linux only; the guard also tells the type checker so
        return None
    import fcntl

    try:
        handle = os.open(device_path, os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        buffer = bytearray(_CAPABILITY.size)
        fcntl.ioctl(handle, VIDIOC_QUERYCAP, buffer)
        return bytes(buffer)
    except OSError:
        return None
    finally:
        os.close(handle)


def list_cameras(v4l_root: str = V4L_ROOT, dev_root: str = DEV_ROOT) -> list[tuple[str, bool | None]]:
    """(name, usable) of each camera node: usable True when it opened and captures video, None when it
    could not be opened (then a node of index 0, a webcam's video node, counts as a camera)."""
    try:
        nodes = sorted(name for name in os.listdir(v4l_root) if name.startswith("video"))
    except OSError:
        return []
    cameras: list[tuple[str, bool | None]] = []
    for node in nodes:
        name = read_text(os.path.join(v4l_root, node, "name")) or node
        capability = query_capability(os.path.join(dev_root, node))
        if capability is not None:
            if captures_video(capability):
                cameras.append((name, True))
        elif read_text(os.path.join(v4l_root, node, "index"), "0") == "0":
            cameras.append((name, None))
    return cameras


def collect(ctx: ProbeContext) -> dict[str, Any]:
    return webcam_facts(list_cameras())

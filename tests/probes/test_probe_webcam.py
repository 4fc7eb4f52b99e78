"""webcam probe: the v4l2 capability decoding, the per-OS parsers against recorded outputs, the real kernel's vivid driver."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys

import pytest

from probes._fixtures import fixture_text, write_tree
from rigcheck.probes.base import run_probe
from rigcheck.probes.webcam import PROBE, webcam_facts
from rigcheck.probes.webcam import linux as webcam_linux
from rigcheck.probes.webcam.macos import parse_cameras
from rigcheck.probes.webcam.windows import parse_pnp_cameras


def capability(capabilities: int, device_caps: int) -> bytes:
    """A struct v4l2_capability as the kernel fills it (linux/videodev2.h)."""
    return struct.pack("16s32s32sIII12x", b"uvcvideo", b"Integrated Camera", b"usb-0000:00:14.0-8", 0x60000, capabilities, device_caps)


def test_a_video_node_captures_and_a_metadata_node_does_not():
    # A UVC webcam's two nodes: both say the driver's capabilities; device_caps says what each node does.
    driver_caps = 0x84A00001 | 0x80000000
    assert webcam_linux.captures_video(capability(driver_caps, 0x04200001)) is True
    assert webcam_linux.captures_video(capability(driver_caps, 0x04A00000)) is False  # V4L2_CAP_META_CAPTURE only
    assert webcam_linux.captures_video(capability(0x00000001, 0)) is True  # an old driver without device_caps


def test_nodes_this_user_cannot_open_count_by_their_index(tmp_path):
    write_tree(tmp_path / "sys", {"video0/name": "Integrated Camera: Integrated C", "video0/index": "0",
                                  "video1/name": "Integrated Camera: Integrated C", "video1/index": "1"})
    cameras = webcam_linux.list_cameras(str(tmp_path / "sys"), str(tmp_path / "dev"))
    assert cameras == [("Integrated Camera: Integrated C", None)]
    assert webcam_facts(cameras) == {"present": True, "usable": None, "cameras": ["Integrated Camera: Integrated C"]}


def test_no_video4linux_means_no_webcam(tmp_path):
    assert webcam_linux.list_cameras(str(tmp_path / "none")) == []
    assert webcam_facts([]) == {"present": False, "usable": False, "cameras": []}


def test_windows_camera_class_and_image_class_webcams_not_scanners():
    records = json.loads(fixture_text("windows/constructed_Get-PnpDevice_Camera-Image_ConvertTo-Json.json"))
    cameras = parse_pnp_cameras(records)
    assert cameras == [("Integrated Camera", True), ("Logitech HD Webcam C270", False)]
    assert webcam_facts(cameras)["usable"] is True


def test_macos_cameras_from_system_profiler():
    cameras = parse_cameras(fixture_text("macos/constructed_system_profiler_SPCameraDataType_json_facetime.json"))
    assert webcam_facts(cameras) == {"present": True, "usable": True, "cameras": ["FaceTime HD Camera"]}
    assert parse_cameras('{"SPCameraDataType": []}') == []


def _vivid_loaded() -> bool:
    if os.path.isdir("/sys/module/vivid"):
        return True
    if os.geteuid() != 0:
        return False
    subprocess.run(["modprobe", "vivid", "n_devs=1", "node_types=0x1"], capture_output=True, timeout=20, check=False)
    return os.path.isdir("/sys/module/vivid")


@pytest.mark.root
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="vivid is a Linux kernel driver")
def test_the_kernels_virtual_webcam_is_found_and_usable():
    if not _vivid_loaded():
        pytest.skip("the kernel's vivid driver is not available here (modprobe vivid failed or not root)")
    result = run_probe(PROBE)
    assert result.status == "ok", result.error
    assert result.values["present"] is True and result.values["usable"] is True
    assert any("vivid" in name for name in result.values["cameras"])

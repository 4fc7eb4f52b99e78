"""Pure parsers for Windows PnP audio records: PowerShell Get-PnpDevice JSON and wmic /format:list.

The instance id tells the bus: USB\\VID_xxxx&PID_yyyy, BTHENUM / BTHHFENUM / BTHLE (Bluetooth),
HDAUDIO (onboard codec, or GPU audio by its vendor), SWD\\MMDEVAPI (an endpoint), ROOT (a software
driver such as a virtual cable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# HD Audio codec vendors that are GPUs (HDMI/DisplayPort audio), by PCI vendor id.
_DISPLAY_CODEC_VENDORS = {"10de": "NVIDIA", "1002": "AMD/ATI"}

# The PowerShell the collector runs (argument, not a shell string); ConvertTo-Json of a few fields.
PNP_SCRIPT = (
    "Get-PnpDevice -PresentOnly -Class AudioEndpoint,MEDIA -ErrorAction SilentlyContinue | "
    "Select-Object FriendlyName,InstanceId,Class,Status,Manufacturer | ConvertTo-Json -Depth 2"
)


@dataclass(frozen=True)
class PnpDevice:
    name: str
    instance_id: str
    device_class: str | None
    status: str | None

    @property
    def hints(self) -> dict[str, str | None]:
        return instance_hints(self.instance_id)


def instance_hints(instance_id: str) -> dict[str, str | None]:
    """bus ("usb", "bluetooth", "pci", "virtual", "display") and usb_id from a PnP instance id."""
    upper = instance_id.upper()
    usb = re.search(r"VID_([0-9A-F]{4})&PID_([0-9A-F]{4})", upper)
    if upper.startswith("USB\\") and usb:
        return {"bus": "usb", "usb_id": f"{usb.group(1).lower()}:{usb.group(2).lower()}"}
    if upper.startswith(("BTHENUM\\", "BTHHFENUM\\", "BTHLEDEVICE\\", "BTHLE\\", "BTHA2DP")):
        return {"bus": "bluetooth", "usb_id": None}
    if upper.startswith(("HDAUDIO\\", "INTELAUDIO\\")):
        vendor = re.search(r"VEN_([0-9A-F]{4})", upper)
        if vendor and vendor.group(1).lower() in _DISPLAY_CODEC_VENDORS:
            return {"bus": "display", "usb_id": None}
        if vendor and vendor.group(1).lower() == "8086" and re.search(r"DEV_28[0-9A-F]{2}", upper):
            return {"bus": "display", "usb_id": None}  # Intel HDMI/DP codecs are 0x28xx
        return {"bus": "pci", "usb_id": None}
    if upper.startswith("ROOT\\"):
        return {"bus": "virtual", "usb_id": None}
    return {"bus": None, "usb_id": None}


def pnp_from_records(records: list[Any]) -> list[PnpDevice]:
    """PnpDevice records from already-parsed PowerShell JSON objects."""
    return [_record(item) for item in records if isinstance(item, dict)]


def _record(item: dict[str, Any]) -> PnpDevice:
    return PnpDevice(
        name=str(item.get("FriendlyName") or item.get("Name") or item.get("Caption") or ""),
        instance_id=str(item.get("InstanceId") or item.get("PNPDeviceID") or item.get("DeviceID") or ""),
        device_class=item.get("Class") or item.get("CreationClassName"),
        status=item.get("Status"),
    )

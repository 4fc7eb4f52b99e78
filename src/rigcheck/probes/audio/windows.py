"""Windows PnP audio devices: SetupAPI (the MEDIA and AudioEndpoint device classes, through ctypes; no
PowerShell), and the parsers of recorded Get-PnpDevice JSON and wmic /format:list records.

The instance id (else a hardware id) tells the bus: USB\\VID_xxxx&PID_yyyy, BTHENUM / BTHHFENUM / BTHLE
(Bluetooth), HDAUDIO (onboard codec, or GPU audio by its vendor), SWD\\MMDEVAPI (an endpoint), ROOT (a
software driver such as a virtual cable).
"""

from __future__ import annotations

import re
import sys
import uuid
from dataclasses import dataclass
from typing import Any, Mapping

# HD Audio codec vendors that are GPUs (HDMI/DisplayPort audio), by PCI vendor id.
_DISPLAY_CODEC_VENDORS = {"10de": "NVIDIA", "1002": "AMD/ATI"}

# Device setup classes (devguid.h): sound, video and game controllers; audio endpoints (mmdeviceapi).
AUDIO_DEVICE_CLASSES: dict[str, str] = {
    "MEDIA": "4d36e96c-e325-11ce-bfc1-08002be10318",
    "AudioEndpoint": "c166523c-fe0c-4a94-a586-f1a80cfbbf3e",
}
DIGCF_PRESENT = 0x2
SPDRP_DEVICEDESC = 0x0
SPDRP_HARDWAREID = 0x1
SPDRP_FRIENDLYNAME = 0xC
DN_HAS_PROBLEM = 0x400  # cfg.h: the device has a problem (disabled, no driver, failed to start)


@dataclass(frozen=True)
class PnpDevice:
    name: str
    instance_id: str
    device_class: str | None
    status: str | None

    hardware_ids: tuple[str, ...] = ()

    @property
    def hints(self) -> dict[str, str | None]:
        return device_hints(self.instance_id, self.hardware_ids)


def device_hints(instance_id: str, hardware_ids: list[str] | tuple[str, ...] = ()) -> dict[str, str | None]:
    """instance_hints of the instance id, else of the first hardware id that names a bus."""
    hints = instance_hints(instance_id)
    for hardware_id in hardware_ids:
        if hints["bus"] is not None:
            break
        hints = instance_hints(hardware_id)
    return hints


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
        hardware_ids=tuple(str(h) for h in (item.get("HardwareIds") or []) if h),
    )


# --- SetupAPI --------------------------------------------------------------------------------------

def _dev_node_status(dev_inst: int) -> str | None:
    """ "OK", or "Error" for a device with a problem (disabled, no driver, failed to start); None when not known."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return None
    import ctypes
    from ctypes import wintypes

    flags, problem = wintypes.ULONG(), wintypes.ULONG()
    if ctypes.WinDLL("cfgmgr32").CM_Get_DevNode_Status(ctypes.byref(flags), ctypes.byref(problem), dev_inst, 0) != 0:
        return None  # not CR_SUCCESS
    return "Error" if flags.value & DN_HAS_PROBLEM else "OK"


def setupapi_records(classes: Mapping[str, str] = AUDIO_DEVICE_CLASSES) -> list[dict[str, Any]]:
    """The present devices of `classes` (name -> setup class GUID; default MEDIA and AudioEndpoint), as
    records like Get-PnpDevice's: FriendlyName (DEVPKEY_Device_FriendlyName, else the device description),
    InstanceId, Class, HardwareIds and Status ("OK", or "Error" for a device with a problem, a disabled one
    included: CM_Get_DevNode_Status)."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        return []
    import ctypes
    from ctypes import wintypes

    class SP_DEVINFO_DATA(ctypes.Structure):  # noqa: N801 - Win32 name
        _fields_ = [("cbSize", wintypes.DWORD), ("ClassGuid", ctypes.c_ubyte * 16), ("DevInst", wintypes.DWORD),
                    ("Reserved", ctypes.c_void_p)]

    setupapi = ctypes.WinDLL("setupapi")
    setupapi.SetupDiGetClassDevsW.restype = ctypes.c_void_p
    setupapi.SetupDiGetClassDevsW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p, ctypes.c_void_p, wintypes.DWORD]
    setupapi.SetupDiEnumDeviceInfo.argtypes = [ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p]
    setupapi.SetupDiGetDeviceInstanceIdW.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_wchar_p, wintypes.DWORD,
                                                     ctypes.c_void_p]
    setupapi.SetupDiGetDeviceRegistryPropertyW.argtypes = [ctypes.c_void_p, ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p,
                                                           ctypes.c_void_p, wintypes.DWORD, ctypes.c_void_p]
    setupapi.SetupDiDestroyDeviceInfoList.argtypes = [ctypes.c_void_p]
    invalid = ctypes.c_void_p(-1).value

    def registry_property(devices: Any, info: Any, prop: int) -> list[str]:
        buffer = ctypes.create_unicode_buffer(2048)
        if not setupapi.SetupDiGetDeviceRegistryPropertyW(devices, ctypes.byref(info), prop, None, buffer,
                                                          ctypes.sizeof(buffer), None):
            return []
        # REG_SZ or REG_MULTI_SZ: NUL-separated strings, ended by an empty one
        text = ctypes.wstring_at(ctypes.addressof(buffer), len(buffer))
        return [part for part in text.split("\0\0", 1)[0].split("\0") if part]

    records = []
    for class_name, class_guid in classes.items():
        guid = (ctypes.c_ubyte * 16).from_buffer_copy(uuid.UUID(class_guid).bytes_le)
        devices = setupapi.SetupDiGetClassDevsW(ctypes.byref(guid), None, None, DIGCF_PRESENT)
        if devices in (None, invalid):
            continue
        try:
            index = 0
            while index < 512:
                info = SP_DEVINFO_DATA()
                info.cbSize = ctypes.sizeof(info)
                if not setupapi.SetupDiEnumDeviceInfo(devices, index, ctypes.byref(info)):
                    break
                index += 1
                instance = ctypes.create_unicode_buffer(512)
                if not setupapi.SetupDiGetDeviceInstanceIdW(devices, ctypes.byref(info), instance, len(instance), None):
                    continue
                names = registry_property(devices, info, SPDRP_FRIENDLYNAME) or registry_property(devices, info, SPDRP_DEVICEDESC)
                records.append({"FriendlyName": names[0] if names else "", "InstanceId": instance.value, "Class": class_name,
                                "HardwareIds": registry_property(devices, info, SPDRP_HARDWAREID), "Status": _dev_node_status(info.DevInst)})
        finally:
            setupapi.SetupDiDestroyDeviceInfoList(devices)
    return records

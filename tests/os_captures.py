"""Readers of recorded OS command outputs that rigcheck itself never reads (test code, not installed).

wmic is deprecated and the probes ask the registry, PowerShell and sysfs instead, but support tickets
and the public captures in tests/fixtures hold wmic lists and udevadm records: these turn them into the
inputs the probes' pure functions take. Importable as `os_captures` from any test folder (tests/ is on
sys.path through its conftest.py; bench/ puts it there itself).
"""

from __future__ import annotations

import html
from typing import Any, Mapping

from rigcheck.probes.connection import ARPHRD_ETHER, LinuxLink
from rigcheck.probes.system import windows_os_facts
from rigcheck.probes._local_util import as_int


def decode_capture(data: bytes) -> str:
    """Text of a captured command output: UTF-16 with a BOM (wmic) or UTF-8, CRLF normalised."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        text = data.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_wmic_list(text: str) -> list[dict[str, str]]:
    """Records of `wmic ... /format:list` output: `Key=Value` lines, records split by blank lines.

    wmic escapes `&` as `&amp;` (and <, >); values are unescaped. Empty values stay "".
    """
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in text.replace("\r", "").split("\n"):
        if not line.strip():
            if current:
                records.append(current)
                current = {}
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        current[key.strip()] = html.unescape(value.strip())
    if current:
        records.append(current)
    return records


def link_from_udev(
    properties: Mapping[str, str], *, arphrd_type: int | None = ARPHRD_ETHER, has_device: bool = True
) -> LinuxLink:
    """A LinuxLink from the properties of a recorded `udevadm` record."""
    return LinuxLink(
        name=properties.get("INTERFACE", ""),
        devtype=properties.get("DEVTYPE") or None,
        arphrd_type=arphrd_type,
        has_device=has_device,
        udev_model=properties.get("ID_MODEL_FROM_DATABASE") or properties.get("ID_MODEL") or None,
    )


def windows_os_facts_from_wmi(record: Mapping[str, Any]) -> dict[str, Any]:
    """windows_os_facts from a Win32_OperatingSystem record (Caption, Version, BuildNumber)."""
    version = str(record.get("Version") or "")
    return windows_os_facts(str(record.get("Caption") or ""), version, as_int(record.get("BuildNumber")))

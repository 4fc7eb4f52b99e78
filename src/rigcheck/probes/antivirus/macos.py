"""Antivirus on macOS: XProtect, part of the system and always on (Apple Platform Security); other products are not read."""

from __future__ import annotations

import os
from typing import Any

from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

XPROTECT_BUNDLES = ("/Library/Apple/System/Library/CoreServices/XProtect.bundle",  # macOS 10.15 and later
                    "/System/Library/CoreServices/XProtect.bundle")


def collect(ctx: ProbeContext) -> dict[str, Any]:
    if not any(os.path.isdir(path) for path in XPROTECT_BUNDLES):
        raise ProbeUnsupported("this Mac has no XProtect, and rigcheck reads no other antivirus on macOS")
    return antivirus_facts([product("XProtect", True, None)], "xprotect")

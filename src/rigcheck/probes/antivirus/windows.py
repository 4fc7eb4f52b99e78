"""Antivirus on Windows: Windows Security Center's AntiVirusProduct instances and their productState.

productState, written as six hex digits, is three byte pairs: the product's kind, the scanner's state
("10" or "11": real-time protection on; "00" or "01": off or snoozed) and the definitions' state ("00":
up to date; "10": out of date). 397568 = 0x061100 is Microsoft Defender on and current.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from rigcheck.probes._exec import as_list, parse_json, powershell_command, run_process
from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported

# -InputObject: no product at all prints "[]", so silence (a PowerShell that ran nothing) is told apart.
SCRIPT = (
    "ConvertTo-Json -Compress -InputObject @(Get-CimInstance -Namespace root/SecurityCenter2 "
    "-ClassName AntiVirusProduct -ErrorAction Stop | Select-Object displayName, productState)"
)
_SCANNER_ON = {"10": True, "11": True, "00": False, "01": False}
_DEFINITIONS = {"00": True, "10": False}
POWERSHELL_TIMEOUT_S = 15.0


def decode_product_state(state: int) -> tuple[bool | None, bool | None]:
    """(real-time protection on, definitions current) from productState; None for a pair not documented."""
    digits = f"{int(state):06x}"[-6:]
    return _SCANNER_ON.get(digits[2:4]), _DEFINITIONS.get(digits[4:6])


def parse_products(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    products = []
    for record in records:
        if not isinstance(record, Mapping) or record.get("displayName") is None:
            continue
        state = record.get("productState")
        real_time, current = decode_product_state(int(state)) if isinstance(state, (int, str)) and str(state).isdigit() else (None, None)
        products.append(product(str(record["displayName"]), real_time, current))
    return products


def collect(ctx: ProbeContext) -> dict[str, Any]:
    try:
        output = run_process(powershell_command(SCRIPT), POWERSHELL_TIMEOUT_S)
    except ProbeError as exc:
        # Windows Server has no Security Center: nothing there can tell.
        raise ProbeUnsupported(f"Windows Security Center did not answer: {exc}") from exc
    return antivirus_facts(parse_products(security_center_records(output)), "windows-security-center")


def security_center_records(output: str) -> list[Any]:
    """The AntiVirusProduct records SCRIPT printed; ProbeUnsupported when it printed nothing at all (no
    Security Center answered: a PowerShell stand-in, as under Wine), never "no antivirus"."""
    if not output.strip():
        raise ProbeUnsupported("Windows Security Center gave no answer")
    return as_list(parse_json(output, "PowerShell"))

"""antivirus probe: Security Center's productState decoded, the per-OS facts, the real Linux collector."""

from __future__ import annotations

import json
import sys
import time

import pytest

from probes._fixtures import fixture_text
from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.antivirus import linux as antivirus_linux
from rigcheck.probes.antivirus.windows import decode_product_state, parse_products


# Rows of the productState table in Clinton-Citracom/Powershell-WIP Get-AntiVirus.ps1 (real-time, definitions).
@pytest.mark.parametrize("state, real_time, current", [
    (262144, False, True), (262160, False, False), (266240, True, True), (266256, True, False),
    (393216, False, True), (393232, False, False), (393488, False, False), (397312, True, True),
    (397328, True, False), (397584, True, False), (397568, True, True),
])
def test_product_state_pairs(state, real_time, current):
    assert decode_product_state(state) == (real_time, current)


def test_defender_on_beside_an_out_of_date_product():
    records = json.loads(fixture_text("windows/constructed_AntiVirusProduct_ConvertTo-Json_defender-on-plus-avast-out-of-date.json"))
    facts = antivirus_facts(parse_products(records), "windows-security-center")
    assert facts["protected"] is True and facts["definitions_current"] is True
    assert facts["products"] == [product("Windows Defender", True, True), product("Avast Antivirus", True, False)]


def test_defender_switched_off_is_not_protected():
    records = json.loads(fixture_text("windows/constructed_AntiVirusProduct_ConvertTo-Json_defender-off.json"))
    facts = antivirus_facts(parse_products(records), "windows-security-center")
    assert (facts["protected"], facts["definitions_current"]) == (False, True)


def test_no_product_registered_is_not_protected():
    assert antivirus_facts([], "windows-security-center")["protected"] is False


def test_clamav_on_access_and_its_database_age(tmp_path):
    (tmp_path / "daily.cld").write_bytes(b"")
    age = antivirus_linux.newest_database_age_s([str(tmp_path)], now=time.time() + 3600)
    assert 3590 < age < 3700
    facts = antivirus_linux.clamav_facts({"clamd", "clamonacc"}, age)
    assert (facts["protected"], facts["definitions_current"], facts["tool"]) == (True, True, "clamav")
    stale = antivirus_linux.clamav_facts({"clamd"}, 30 * 24 * 3600)
    assert (stale["protected"], stale["definitions_current"]) == (False, False)
    assert antivirus_linux.clamav_facts({"bash"}, None) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="runs the Linux collector for real")
def test_the_linux_collector_says_what_it_sees():
    from rigcheck.probes.antivirus import PROBE
    from rigcheck.probes.base import run_probe

    result = run_probe(PROBE)
    clamav = antivirus_linux.clamav_facts(antivirus_linux.running_programs(), antivirus_linux.newest_database_age_s())
    if clamav is None:
        assert result.status == "unsupported" and "ClamAV" in result.error
    else:
        assert result.status == "ok" and result.values["tool"] == "clamav"


def test_silence_is_not_no_antivirus():
    from rigcheck.probes.antivirus.windows import security_center_records
    from rigcheck.probes.base import ProbeUnsupported

    assert security_center_records("[]\r\n") == []  # Security Center answered: no product registered
    with pytest.raises(ProbeUnsupported):
        security_center_records("")  # nothing answered (Wine's PowerShell stand-in prints nothing)

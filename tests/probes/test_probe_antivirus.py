"""antivirus probe: Windows Security Center's answers mapped to facts (its enumerations as Microsoft's
iwscapi.h and wscapi.h pages document them), the real Security Center API where this runs on Windows (the
Windows tier runs this module under Wine), the per-OS facts, the real Linux collector."""

from __future__ import annotations

import sys
import time

import pytest

from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.antivirus import linux as antivirus_linux
from rigcheck.probes.antivirus import windows as antivirus_windows
from rigcheck.probes.antivirus.windows import SecurityCenterSilent, WscProduct, security_center_facts
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

ON, OFF, SNOOZED, EXPIRED = 0, 1, 2, 3  # WSC_SECURITY_PRODUCT_STATE
OUT_OF_DATE, UP_TO_DATE = 0, 1  # WSC_SECURITY_SIGNATURE_STATUS
GOOD, NOT_MONITORED, POOR, SNOOZE = 0, 1, 2, 3  # WSC_SECURITY_PROVIDER_HEALTH
NO_LIST = SecurityCenterSilent("its product list (CoCreateInstance of WSCProductList) returned 0x80040154 (class not registered)")


def never_asked() -> tuple[int, int]:
    raise AssertionError("the health is asked only when there is no product list")


@pytest.mark.parametrize("state, status, real_time, current", [
    (ON, UP_TO_DATE, True, True), (ON, OUT_OF_DATE, True, False), (OFF, UP_TO_DATE, False, True),
    (SNOOZED, UP_TO_DATE, False, True), (EXPIRED, OUT_OF_DATE, False, False),
    (7, 5, None, None),  # values no header defines: unknown, not guessed
    (None, None, None, None),  # the getters failed
])
def test_product_state_and_signature_status(state, status, real_time, current):
    entry = antivirus_windows.product_entry(WscProduct("Some Antivirus", state, status))
    assert entry == product("Some Antivirus", real_time, current)


def test_defender_on_beside_an_out_of_date_product():
    listed = [WscProduct("Windows Defender", ON, UP_TO_DATE), WscProduct("Avast Antivirus", ON, OUT_OF_DATE)]
    facts = security_center_facts(ProbeContext(), listed, never_asked)
    assert (facts["protected"], facts["definitions_current"], facts["tool"]) == (True, True, "windows-security-center")
    assert facts["products"] == [product("Windows Defender", True, True), product("Avast Antivirus", True, False)]


def test_defender_switched_off_or_snoozed_is_not_protected():
    for state in (OFF, SNOOZED, EXPIRED):
        facts = security_center_facts(ProbeContext(), [WscProduct("Microsoft Defender Antivirus", state, UP_TO_DATE)],
                                      never_asked)
        assert (facts["protected"], facts["definitions_current"]) == (False, True)


def test_an_empty_product_list_is_no_antivirus():
    ctx = ProbeContext()
    facts = security_center_facts(ctx, [], never_asked)
    assert (facts["protected"], facts["products"]) == (False, [])
    assert ctx.notes == [] and ctx.missing == []


@pytest.mark.parametrize("health, protected", [(GOOD, True), (SNOOZE, False), (POOR, None), (NOT_MONITORED, None)])
def test_the_overall_health_alone_tells_what_it_can(health, protected):
    ctx = ProbeContext()
    facts = security_center_facts(ctx, NO_LIST, lambda: (0, health))
    assert (facts["protected"], facts["definitions_current"], facts["products"]) == (protected, None, [])
    assert facts["tool"] == "windows-security-center"
    assert len(ctx.notes) == 1 and "overall antivirus health" in ctx.notes[0]
    assert any("definitions unknown" in reason for reason in ctx.missing)
    assert any("whether an antivirus protects is unknown" in reason for reason in ctx.missing) == (protected is None)


def test_no_answer_at_all_is_unsupported_with_both_reasons():
    missing_dll = SecurityCenterSilent("wscapi.dll is not there")
    with pytest.raises(ProbeUnsupported) as raised:
        security_center_facts(ProbeContext(), NO_LIST, lambda: missing_dll)
    assert "0x80040154 (class not registered)" in str(raised.value) and "wscapi.dll is not there" in str(raised.value)
    # S_FALSE: the Security Center service is not running; its "poor" then says nothing about this computer.
    with pytest.raises(ProbeUnsupported, match="service is not running"):
        security_center_facts(ProbeContext(), NO_LIST, lambda: (1, POOR))
    with pytest.raises(ProbeUnsupported, match=r"0x80004001 \(not implemented\)"):
        security_center_facts(ProbeContext(), NO_LIST, lambda: (0x80004001, -1))


def test_hresults_read_as_windows_prints_them():
    assert antivirus_windows.hresult_text(-2147221164) == "0x80040154 (class not registered)"  # a signed LONG
    assert antivirus_windows.hresult_text(0x8000FFFF) == "0x8000FFFF"


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


def running_under_wine() -> bool:
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


@pytest.mark.skipif(sys.platform != "win32", reason="calls COM (runs in the Windows tier under Wine)")
def test_the_com_helpers_on_a_real_com_object():
    # Scripting.Dictionary (scrrun.dll, on every Windows and in Wine's prefix) stands in for Security
    # Center's classes: a real in-process object whose IDispatch slots, Release and BSTRs go the same way.
    import ctypes

    with antivirus_windows.ComApartment() as com:
        hresult, dictionary = com.create("ee09b103-97e0-11cf-978f-00a02463e06f", "00020400-0000-0000-c000-000000000046")
        assert hresult == 0 and dictionary.value
        count = ctypes.c_uint(99)
        assert antivirus_windows.com_method(dictionary, 3, ctypes.c_void_p)(dictionary, ctypes.byref(count)) == 0
        assert count.value in (0, 1)  # IDispatch::GetTypeInfoCount
        assert antivirus_windows.com_release(dictionary) == 0  # ours was the only reference
        hresult, nothing = com.create("00000000-0000-0000-0000-0000000000ff", "00020400-0000-0000-c000-000000000046")
        assert antivirus_windows.hresult_text(hresult) == "0x80040154 (class not registered)" and not nothing.value
    oleaut32 = ctypes.WinDLL("oleaut32")
    oleaut32.SysAllocStringLen.restype = ctypes.c_void_p
    text = "Windows Defender\0x"
    bstr = ctypes.c_void_p(oleaut32.SysAllocStringLen((ctypes.c_wchar * len(text))(*text), len(text)))
    assert antivirus_windows.take_bstr(bstr) == text  # the BSTR's length, not its first NUL
    assert antivirus_windows.take_bstr(ctypes.c_void_p()) == ""


@pytest.mark.skipif(sys.platform != "win32", reason="calls Windows Security Center (runs in the Windows tier under Wine)")
def test_windows_security_center_for_real():
    from rigcheck.probes.antivirus import PROBE
    from rigcheck.probes.base import run_probe

    products = antivirus_windows.answer_of(antivirus_windows.wsc_products)
    health = antivirus_windows.answer_of(antivirus_windows.wsc_antivirus_health)
    result = run_probe(PROBE)
    if running_under_wine():
        # Wine 8.0 has no Security Center: no wscapi.dll, no WSCProductList class registered.
        assert str(products) == "its product list (CoCreateInstance of WSCProductList) returned 0x80040154 (class not registered)"
        assert str(health) == "wscapi.dll is not there"
        assert result.status == "unsupported"
        assert result.error == f"Windows Security Center did not answer: {products}; {health}"
    elif not isinstance(products, SecurityCenterSilent):
        assert result.status == "ok" and result.values["tool"] == "windows-security-center"
        assert [entry["name"] for entry in result.values["products"]] == [found.name for found in products]
    elif not isinstance(health, SecurityCenterSilent) and health[0] == 0:
        assert result.values["products"] == [] and "overall antivirus health" in result.notes[0]
    else:
        assert result.status == "unsupported" and result.error.startswith("Windows Security Center did not answer")

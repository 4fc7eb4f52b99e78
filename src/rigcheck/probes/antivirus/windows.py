"""Antivirus on Windows: Windows Security Center's own API (wscapi.dll) through ctypes; no PowerShell.

1. The product list, COM `IWSCProductList` (documented for Windows 8 and later desktops) initialised for
   WSC_SECURITY_PROVIDER_ANTIVIRUS: each registered antivirus's name, its WSC_SECURITY_PRODUCT_STATE
   (on: real-time protection; off, snoozed or expired: none) and WSC_SECURITY_SIGNATURE_STATUS (up to date
   or out of date). An empty list is an answer: no antivirus registered.
2. Without a product list (Windows 7, or Windows Server, where Microsoft documents neither call) the
   aggregate health, `WscGetSecurityProviderHealth(WSC_SECURITY_PROVIDER_ANTIVIRUS)`, where it answers
   S_OK. It tells `protected` only where it truly does: good means an antivirus protects (True), snooze
   means none protects now (False); poor (off, expired, out of date or none, not saying which) and not
   monitored leave it unknown. It never tells the definitions (None), lists no product, and a note says
   where the answer came from. S_FALSE is no answer: the Security Center service is not running (then the
   health is always poor, whatever is installed).
3. Neither answers (Wine 8.0 has no wscapi.dll and no WSCProductList class): unsupported, both reasons given.

The GUIDs, vtable order and enumeration values are those of the Windows SDK's iwscapi.h and wscapi.h as
Microsoft documents them (learn.microsoft.com/windows/win32/api/iwscapi/ and .../api/wscapi/).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Callable

from rigcheck.facts.antivirus import DEFINITIONS_CURRENT, PROTECTED
from rigcheck.probes.antivirus import antivirus_facts, product
from rigcheck.probes.base import ProbeContext, ProbeUnsupported

TOOL = "windows-security-center"
WSC_SECURITY_PROVIDER_ANTIVIRUS = 0x4
CLSID_WSC_PRODUCT_LIST = "17072f7b-9abe-4a74-a261-1eb76b55107a"
IID_IWSC_PRODUCT_LIST = "722a338c-6e8e-4e72-ac27-1417fb0c81c2"
# WSC_SECURITY_PRODUCT_STATE: ON 0, OFF 1, SNOOZED 2, EXPIRED 3; real-time protection only when on.
PRODUCT_STATE_REAL_TIME = {0: True, 1: False, 2: False, 3: False}
# WSC_SECURITY_SIGNATURE_STATUS: OUT_OF_DATE 0, UP_TO_DATE 1.
SIGNATURE_CURRENT = {0: False, 1: True}
# WSC_SECURITY_PROVIDER_HEALTH: GOOD 0, NOTMONITORED 1, POOR 2, SNOOZE 3.
HEALTH_NAMES = {0: "good", 1: "not monitored", 2: "poor", 3: "snoozed"}
HEALTH_PROTECTED = {0: True, 3: False}
S_OK, S_FALSE = 0, 1
WINDOWS_ONLY = "Windows Security Center exists on Windows alone"
CLSCTX_INPROC_SERVER = 0x1
RPC_E_CHANGED_MODE = 0x80010106  # COM already set up on this thread in the other apartment model: still usable
# HRESULTs (winerror.h) the reasons name, beside their number.
HRESULT_NAMES = {
    0x80040154: "class not registered",
    0x80004001: "not implemented",
    0x80004002: "no such interface",
    0x80070005: "access denied",
    0x800706BA: "RPC server unavailable",
    0x80070490: "element not found",
}


class SecurityCenterSilent(Exception):
    """One of Security Center's calls gave no answer; the message says which call and how."""


@dataclass(frozen=True)
class WscProduct:
    """What IWscProduct said of one antivirus; None where its getter failed."""

    name: str
    state: int | None
    signature_status: int | None


# --- pure parts (tested anywhere) ---------------------------------------------------------------

def hresult_text(hresult: int) -> str:
    """An HRESULT as Windows prints it (0x80040154), with its meaning where rigcheck knows it."""
    code = hresult & 0xFFFFFFFF
    name = HRESULT_NAMES.get(code)
    return f"0x{code:08X}" + (f" ({name})" if name else "")


def product_entry(found: WscProduct) -> dict[str, Any]:
    """The facts' entry for one product: real-time from its state, current from its signature status."""
    real_time = PRODUCT_STATE_REAL_TIME.get(found.state) if found.state is not None else None
    current = SIGNATURE_CURRENT.get(found.signature_status) if found.signature_status is not None else None
    return product(found.name, real_time, current)


def health_facts(ctx: ProbeContext, health: int) -> dict[str, Any]:
    """The facts from the aggregate antivirus health alone (S_OK answers only): see the module's 2."""
    name = HEALTH_NAMES.get(health, f"unknown value {health}")
    ctx.note(f"Windows Security Center gave no product list here, only its overall antivirus health: {name}")
    protected = HEALTH_PROTECTED.get(health)
    if protected is None:
        ctx.incomplete(f"whether an antivirus protects is unknown: Windows Security Center's antivirus health "
                       f"is {name}, which does not say")
    ctx.incomplete("virus definitions unknown: Windows Security Center's overall health does not tell them")
    facts = antivirus_facts([], TOOL)
    facts.update({PROTECTED.key: protected, DEFINITIONS_CURRENT.key: None})
    return facts


HealthAnswer = tuple[int, int] | SecurityCenterSilent  # (HRESULT, health), or why there was none


def security_center_facts(ctx: ProbeContext, products: list[WscProduct] | SecurityCenterSilent,
                          ask_health: Callable[[], HealthAnswer]) -> dict[str, Any]:
    """The facts from what the product list gave (its products, or why it gave none): the list first,
    else the health (asked only then) where it answered S_OK, else ProbeUnsupported with both reasons."""
    if not isinstance(products, SecurityCenterSilent):
        return antivirus_facts([product_entry(found) for found in products], TOOL)
    health = ask_health()
    if not isinstance(health, SecurityCenterSilent):
        hresult, value = health
        if hresult == S_OK:
            return health_facts(ctx, value)
        reason = ("the Security Center service is not running (S_FALSE)" if hresult == S_FALSE
                  else f"it returned {hresult_text(hresult)}")
        health = SecurityCenterSilent(f"WscGetSecurityProviderHealth gave no health: {reason}")
    raise ProbeUnsupported(f"Windows Security Center did not answer: {products}; {health}")


# --- COM through ctypes (Windows only) ------------------------------------------------------------

def com_method(pointer: Any, index: int, *argtypes: Any) -> Any:
    """The method in slot `index` of the vtable of the COM interface at `pointer`, called as
    f(pointer, *args); it returns the raw HRESULT (a long: ctypes' HRESULT type would raise instead)."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    vtable = ctypes.cast(pointer, ctypes.POINTER(ctypes.POINTER(ctypes.c_void_p))).contents
    return ctypes.WINFUNCTYPE(ctypes.c_long, ctypes.c_void_p, *argtypes)(vtable[index])


def com_release(pointer: Any) -> int:
    """IUnknown::Release (slot 2) of a non-null interface pointer: the references left."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    vtable = ctypes.cast(pointer, ctypes.POINTER(ctypes.POINTER(ctypes.c_void_p))).contents
    return int(ctypes.WINFUNCTYPE(ctypes.c_ulong, ctypes.c_void_p)(vtable[2])(pointer))


def take_bstr(bstr: Any) -> str:
    """The text of a BSTR a COM method handed over (a c_void_p, may be null), which is then freed."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    oleaut32 = ctypes.WinDLL("oleaut32")
    oleaut32.SysStringLen.restype = ctypes.c_uint
    oleaut32.SysStringLen.argtypes = [ctypes.c_void_p]
    oleaut32.SysFreeString.argtypes = [ctypes.c_void_p]
    if not bstr.value:
        return ""
    try:
        return ctypes.wstring_at(bstr.value, oleaut32.SysStringLen(bstr))  # a BSTR may hold NULs: its length counts
    finally:
        oleaut32.SysFreeString(bstr)


class ComApartment:
    """COM set up on this thread for the block (each probe runs in a thread of its own): CoInitializeEx
    (multithreaded), CoUninitialize after. COM already set up in the other model still serves
    (RPC_E_CHANGED_MODE, then nothing to undo)."""

    ole32: Any = None
    initialised = False

    def __enter__(self) -> Any:
        if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
            raise SecurityCenterSilent(WINDOWS_ONLY)
        import ctypes

        self.ole32 = ctypes.WinDLL("ole32")
        self.ole32.CoInitializeEx.restype = ctypes.c_long
        self.ole32.CoCreateInstance.restype = ctypes.c_long
        self.ole32.CoCreateInstance.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p,
                                                ctypes.c_void_p]
        hresult = self.ole32.CoInitializeEx(None, 0) & 0xFFFFFFFF  # COINIT_MULTITHREADED
        if hresult not in (S_OK, S_FALSE, RPC_E_CHANGED_MODE):
            raise SecurityCenterSilent(f"CoInitializeEx returned {hresult_text(hresult)}")
        self.initialised = hresult != RPC_E_CHANGED_MODE
        return self

    def __exit__(self, *_: object) -> None:
        if self.initialised:
            self.ole32.CoUninitialize()

    def create(self, clsid: str, iid: str) -> tuple[int, Any]:
        """CoCreateInstance (in-process) of class `clsid` for interface `iid`: (HRESULT, c_void_p pointer)."""
        if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
            raise SecurityCenterSilent(WINDOWS_ONLY)
        import ctypes
        import uuid

        def guid(text: str) -> Any:
            return (ctypes.c_ubyte * 16).from_buffer_copy(uuid.UUID(text).bytes_le)

        pointer = ctypes.c_void_p()
        hresult = self.ole32.CoCreateInstance(ctypes.byref(guid(clsid)), None, CLSCTX_INPROC_SERVER,
                                              ctypes.byref(guid(iid)), ctypes.byref(pointer))
        return hresult & 0xFFFFFFFF, pointer


# --- Security Center's API (Windows only) --------------------------------------------------------

def read_wsc_product(item: Any) -> WscProduct:
    """Name, state and signature status of one IWscProduct (after IDispatch's 7 slots: get_ProductName 7,
    get_ProductState 8, get_SignatureStatus 9); a failed getter leaves its value empty."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    bstr, state, status = ctypes.c_void_p(), ctypes.c_int(), ctypes.c_int()
    named = com_method(item, 7, ctypes.c_void_p)(item, ctypes.byref(bstr)) == S_OK
    name = take_bstr(bstr)  # freed even when the call failed but left one
    state_ok = com_method(item, 8, ctypes.c_void_p)(item, ctypes.byref(state)) == S_OK
    status_ok = com_method(item, 9, ctypes.c_void_p)(item, ctypes.byref(status)) == S_OK
    return WscProduct(name.strip() if named else "", state.value if state_ok else None,
                      status.value if status_ok else None)


def wsc_products() -> list[WscProduct]:
    """The antivirus products IWSCProductList lists; SecurityCenterSilent naming the call that failed."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    with ComApartment() as com:
        hresult, listing = com.create(CLSID_WSC_PRODUCT_LIST, IID_IWSC_PRODUCT_LIST)
        if hresult != S_OK or not listing.value:
            raise SecurityCenterSilent(f"its product list (CoCreateInstance of WSCProductList) returned {hresult_text(hresult)}")
        try:
            # IWSCProductList after IDispatch's 7 slots: Initialize 7, get_Count 8, get_Item 9.
            hresult = com_method(listing, 7, ctypes.c_ulong)(listing, WSC_SECURITY_PROVIDER_ANTIVIRUS)
            if hresult != S_OK:
                raise SecurityCenterSilent(f"its product list's Initialize(antivirus) returned {hresult_text(hresult)}")
            count = ctypes.c_long()
            hresult = com_method(listing, 8, ctypes.c_void_p)(listing, ctypes.byref(count))
            if hresult != S_OK:
                raise SecurityCenterSilent(f"its product list's get_Count returned {hresult_text(hresult)}")
            found = []
            for index in range(max(count.value, 0)):
                item = ctypes.c_void_p()
                if com_method(listing, 9, ctypes.c_ulong, ctypes.c_void_p)(listing, index, ctypes.byref(item)) != S_OK:
                    continue
                if item.value:
                    try:
                        found.append(read_wsc_product(item))
                    finally:
                        com_release(item)
            return [entry for entry in found if entry.name]
        finally:
            com_release(listing)


def wsc_antivirus_health() -> tuple[int, int]:
    """(HRESULT, WSC_SECURITY_PROVIDER_HEALTH) of WscGetSecurityProviderHealth for antivirus;
    SecurityCenterSilent when wscapi.dll or the function is not there."""
    if sys.platform != "win32":  # Windows only; the guard also tells the type checker so
        raise SecurityCenterSilent(WINDOWS_ONLY)
    import ctypes

    try:
        function = ctypes.WinDLL("wscapi").WscGetSecurityProviderHealth
    except FileNotFoundError as exc:
        raise SecurityCenterSilent("wscapi.dll is not there") from exc
    except OSError as exc:
        raise SecurityCenterSilent(f"wscapi.dll did not load ({exc.strerror or exc})") from exc
    except AttributeError as exc:
        raise SecurityCenterSilent("wscapi.dll has no WscGetSecurityProviderHealth") from exc
    function.restype = ctypes.c_long
    function.argtypes = [ctypes.c_ulong, ctypes.c_void_p]
    health = ctypes.c_int(-1)
    hresult = function(WSC_SECURITY_PROVIDER_ANTIVIRUS, ctypes.byref(health))
    return hresult & 0xFFFFFFFF, health.value


def answer_of(call: Callable[[], Any]) -> Any:
    """What `call()` returned, or the SecurityCenterSilent saying why it gave nothing."""
    try:
        return call()
    except SecurityCenterSilent as silent:
        return silent


def collect(ctx: ProbeContext) -> dict[str, Any]:
    """Security Center's antivirus products, else its aggregate antivirus health (the module's 1 to 3)."""
    return security_center_facts(ctx, answer_of(wsc_products), lambda: answer_of(wsc_antivirus_health))

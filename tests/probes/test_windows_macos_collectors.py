"""Windows and macOS collectors as they start commands: UTF-8 from PowerShell (left for what no Windows
API answers), the audio probe's SetupAPI records, system_profiler data types fetched once each in
parallel, every wait bounded. Commands are faked at the process boundary (run_process) and answer with
recorded or documented outputs, since macOS cannot run here (Windows runs in the Windows tier)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rigcheck.probes import _exec
from rigcheck.probes.display import macos as display_macos
from rigcheck.probes.audio import probe as audio_probe
from rigcheck.probes.audio import windows as audio_windows
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeUnsupported

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NET_ADAPTER_JSON = FIXTURES / "os/windows/constructed_Get-NetAdapter_ConvertTo-Json_wifi-plus-fortinet-vpn.json"
PNP_JSON = FIXTURES / "audio/constructed_get-pnpdevice-audioendpoint-media_convertto-json.json"
SP_DISPLAYS = FIXTURES / "os/macos/system_profiler_SPDisplaysDataType_m1-builtin-only_pytorch-serve-REFORMATTED.json"
SP_AUDIO = FIXTURES / "audio/system_profiler_SPAudioDataType_usb-headset-webcam-displayport.json"
SP_USB = FIXTURES / "audio/system_profiler_SPUSBDataType_palm-handheld_apple-silicon.json"


def decoded_script(args: list[str]) -> str:
    assert args[-2] == "-EncodedCommand"
    return base64.b64decode(args[-1]).decode("utf-16-le")


@pytest.fixture(autouse=True)
def fresh_shared_outputs(monkeypatch):
    """Each test gets shared-output caches of its own."""
    monkeypatch.setattr(_exec, "SYSTEM_PROFILER_OUTPUTS", _exec.SharedOutputs(
        lambda: _exec.SYSTEM_PROFILER_DATA_TYPES, _exec.fetch_system_profiler, fetch_timeout_s=15.0))


class FakeProcesses:
    """Stands in for run_process: answers by program (and data type), counts every start."""

    def __init__(self, answer):
        self.answer = answer
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()

    def __call__(self, args, timeout_s=5.0, *, check=True):
        with self.lock:
            self.calls.append(list(args))
        return self.answer(list(args))


# --- PowerShell: UTF-8; the audio probe without it ------------------------------------------------------------


def test_every_powershell_script_forces_utf8_output():
    script = decoded_script(_exec.powershell_command("Get-PnpDevice | ConvertTo-Json"))
    assert script.startswith("try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false }")
    assert script.endswith("; Get-PnpDevice | ConvertTo-Json")


def test_quotes_in_a_script_survive_the_command_line():
    # -EncodedCommand: the script is not re-parsed by the Windows command line, quotes and all.
    script = "Get-NetRoute -DestinationPrefix '0.0.0.0/0','::/0' | Select-Object \"InterfaceIndex\""
    assert decoded_script(_exec.powershell_command(script)).endswith(script)


def test_the_audio_probe_reads_setupapi_records(monkeypatch):
    # SetupAPI gives the fields Get-PnpDevice shows (FriendlyName, InstanceId, Class) plus the hardware
    # ids: the constructed Get-PnpDevice listing (tests/fixtures/audio/SOURCES.md) stands for them.
    records = json.loads(PNP_JSON.read_text(encoding="utf-8"))
    monkeypatch.setattr(audio_windows, "setupapi_records", lambda: records)
    monkeypatch.setattr(_exec, "run_process", FakeProcesses(lambda args: pytest.fail(f"started {args[0]}")))
    sources = audio_probe.collect_windows()
    assert sources.used == ["SetupAPI"] and sources.entries
    assert "Headset Microphone (Jabra Link 380)" in {entry.name for entry in sources.entries}
    assert any(hint.get("usb_id") for hint in sources.name_hints.values())


def test_a_hardware_id_names_the_bus_when_the_instance_id_does_not():
    # A software-enumerated instance id ({...}\...) of a Bluetooth hands-free device: its hardware ids
    # (BTHHFENUM\..., the form of Microsoft's Bluetooth HFP driver) say Bluetooth.
    device = audio_windows.PnpDevice("Headset (WH-1000XM4 Hands-Free)", "{0AAB...}\\HFP\\7&1B2C3D4E&0", "MEDIA", "OK",
                                     ("BTHHFENUM\\BthHFPAudio", "BTHHFENUM\\{0000111e-0000-1000-8000-00805f9b34fb}"))
    assert device.hints["bus"] == "bluetooth"
    usb = audio_windows.device_hints("SWD\\MMDEVAPI\\{0.0.1.00000000}", ["USB\\VID_0B0E&PID_2466&MI_00"])
    assert usb == {"bus": "usb", "usb_id": "0b0e:2466"}


def test_without_powershell_a_script_is_unsupported(monkeypatch):
    def missing(args, timeout_s=5.0, *, check=True):
        raise ProbeUnsupported("powershell is not available on this system")

    monkeypatch.setattr(_exec, "run_process", missing)
    with pytest.raises(ProbeUnsupported):
        _exec.run_powershell_json("Get-CimInstance Win32_VideoController | ConvertTo-Json", 20.0)


def test_other_scripts_run_in_a_process_of_their_own(monkeypatch):
    fake = FakeProcesses(lambda args: '{"Manufacturer": "LENOVO", "Model": "20XW"}')
    monkeypatch.setattr(_exec, "run_process", fake)
    records = _exec.run_powershell_json("Get-CimInstance Win32_ComputerSystem | ConvertTo-Json", 15.0)
    assert records == [{"Manufacturer": "LENOVO", "Model": "20XW"}] and len(fake.calls) == 1
    assert "Win32_ComputerSystem" in decoded_script(fake.calls[0])


def test_device_names_in_other_languages_survive_the_pipe(monkeypatch):
    # What PowerShell writes once its output is UTF-8: German, Russian and Japanese device names.
    names = ["Kopfhörer (Jabra EVOLVE 20 MS)", "Динамики (USB Audio Device)", "ヘッドセット マイク (Logitech)"]
    records = [{"FriendlyName": name, "InstanceId": f"SWD\\MMDEVAPI\\{index}", "Class": "AudioEndpoint", "Status": "OK"}
               for index, name in enumerate(names)]
    payload = json.dumps(records, ensure_ascii=False)
    printer = [sys.executable, "-c", "import sys; sys.stdout.buffer.write(sys.argv[1].encode('utf-8'))", payload]
    real_run_process = _exec.run_process
    monkeypatch.setattr(_exec, "run_process", lambda args, timeout_s=5.0, *, check=True: real_run_process(printer, timeout_s))
    devices = audio_windows.pnp_from_records(_exec.run_powershell_json("Get-PnpDevice | ConvertTo-Json", 20.0))
    assert sorted(device.name for device in devices) == sorted(names)


def test_output_with_a_byte_order_mark_is_read():
    assert _exec.parse_json("\ufeff[]", "PowerShell") == []


def test_an_old_output_is_never_handed_out():
    now = [100.0]
    fetches = []

    def fetch_all(names, timeout_s, deliver):
        fetches.append(list(names))
        return {name: f"{name} at {now[0]:.0f}" for name in names}

    shared = _exec.SharedOutputs(lambda: ["a", "b"], fetch_all, fetch_timeout_s=5.0, max_age_s=20.0, clock=lambda: now[0])
    assert shared.take("a", 5.0) == "a at 100"
    now[0] += 60  # "b" was fetched a minute ago and never asked for
    assert shared.take("b", 5.0) == "b at 160"
    assert len(fetches) == 2


def test_a_broken_fetch_releases_the_probes_waiting_for_it():
    def broken(names, timeout_s, deliver):
        raise SystemExit(3)  # not even an Exception: the waiting probe must still get an answer

    shared = _exec.SharedOutputs(lambda: ["a"], broken, fetch_timeout_s=5.0)
    started = time.monotonic()
    with pytest.raises(ProbeError, match="SystemExit: 3"):
        shared.take("a", 5.0)
    assert time.monotonic() - started < 2
    shared._fetch_all = lambda names, timeout_s, deliver: {"a": "fetched again"}
    assert shared.take("a", 1.0) == "fetched again"


def test_each_output_is_handed_over_as_soon_as_it_exists():
    usb_may_finish = threading.Event()

    def fetch_all(names, timeout_s, deliver):
        deliver("SPDisplaysDataType", "displays")
        usb_may_finish.wait(5)
        return {"SPDisplaysDataType": "displays", "SPUSBDataType": "usb"}

    shared = _exec.SharedOutputs(lambda: ["SPDisplaysDataType", "SPUSBDataType"], fetch_all, fetch_timeout_s=5.0)
    assert shared.take("SPDisplaysDataType", 2.0) == "displays"  # while USB is still being listed
    usb_may_finish.set()
    assert shared.take("SPUSBDataType", 2.0) == "usb"
    with pytest.raises(ProbeError):  # the delivered output is not handed out a second time
        shared._fetch_all = lambda names, timeout_s, deliver: {}
        shared.take("SPDisplaysDataType", 1.0)


# --- macOS: system_profiler -------------------------------------------------------------------------


def test_system_profiler_data_types_are_fetched_once_each_in_parallel(monkeypatch):
    outputs = {"SPDisplaysDataType": SP_DISPLAYS, "SPAudioDataType": SP_AUDIO, "SPUSBDataType": SP_USB}
    all_started = threading.Barrier(len(outputs), timeout=5)  # breaks unless every data type runs at once

    def answer(args):
        assert args[0].endswith("system_profiler") and args[2] == "-json"
        all_started.wait()
        return outputs[args[1]].read_text(encoding="utf-8")

    fake = FakeProcesses(answer)
    monkeypatch.setattr(_exec, "run_process", fake)
    # The display and audio probes, as they run: in parallel threads.
    found = {}
    threads = [threading.Thread(target=lambda: found.setdefault("display", display_macos.collect(ProbeContext()))),
               threading.Thread(target=lambda: found.setdefault("audio", audio_probe.collect_macos()))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(call[1] for call in fake.calls) == sorted(outputs)  # one process per data type
    assert found["display"]["monitor_count"] == 1
    assert found["display"]["monitors"][0]["connector"] == "internal"
    assert "system_profiler audio" in found["audio"].used and found["audio"].entries


def test_the_display_probe_does_not_wait_for_the_slower_usb_listing(monkeypatch):
    usb_may_finish = threading.Event()

    def answer(args):
        if args[1] == "SPUSBDataType":
            usb_may_finish.wait(10)  # a Mac with many USB devices: the slowest data type
        return SP_DISPLAYS.read_text(encoding="utf-8") if args[1] == "SPDisplaysDataType" else "{}"

    monkeypatch.setattr(_exec, "run_process", FakeProcesses(answer))
    try:
        started = time.monotonic()
        facts = display_macos.collect(ProbeContext())
        assert time.monotonic() - started < 5 and facts["monitor_count"] == 1
        assert not usb_may_finish.is_set()  # the USB listing was still running
    finally:
        usb_may_finish.set()


def test_a_slow_system_profiler_is_bounded(monkeypatch):
    def slow(args, timeout_s=5.0, *, check=True):
        if args[1] == "SPUSBDataType":
            raise ProbeError(f"system_profiler did not finish within {timeout_s:g} s")
        return "{}"

    monkeypatch.setattr(_exec, "run_process", slow)
    assert _exec.run_command(["system_profiler", "SPDisplaysDataType", "-json"], 15.0) == "{}"
    with pytest.raises(ProbeError, match="did not finish"):
        _exec.run_command(["system_profiler", "SPUSBDataType", "-json"], 15.0)


def test_fetch_system_profiler_kills_nothing_but_waits_no_longer_than_its_timeout(monkeypatch):
    def hang(args, timeout_s=5.0, *, check=True):
        time.sleep(3)
        return "{}"

    monkeypatch.setattr(_exec, "run_process", hang)
    started = time.monotonic()
    results = _exec.fetch_system_profiler(["SPDisplaysDataType"], timeout_s=0.2)
    assert time.monotonic() - started < 2.5
    assert isinstance(results["SPDisplaysDataType"], ProbeError)


def test_other_commands_are_not_shared(monkeypatch):
    fake = FakeProcesses(lambda args: "ok")
    monkeypatch.setattr(_exec, "run_process", fake)
    _exec.run_command(["/usr/sbin/system_profiler", "SPHardwareDataType", "-json"])
    _exec.run_command(["/usr/sbin/system_profiler", "SPHardwareDataType", "-json"])
    assert len(fake.calls) == 2


def test_run_process_is_bounded():
    with pytest.raises(ProbeError, match="did not finish within 0.2 s"):
        _exec.run_process([sys.executable, "-c", "import time; time.sleep(5)"], timeout_s=0.2)


def test_run_process_missing_program_is_unsupported():
    with pytest.raises(ProbeUnsupported):
        _exec.run_process(["rigcheck-no-such-program"], timeout_s=1)


def test_subprocess_arguments_never_go_through_a_shell(monkeypatch):
    seen = {}
    real_run = subprocess.run

    def spy(args, **kwargs):
        seen.update(kwargs, args=args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(_exec.subprocess, "run", spy)
    _exec.run_process([sys.executable, "-c", "print('x')"], timeout_s=10)
    assert isinstance(seen["args"], list) and not seen.get("shell") and seen["timeout"] == 10


# --- Windows system facts: the registry first, PowerShell last ---------------------------------------

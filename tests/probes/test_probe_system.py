"""system probe: VM detection, remote sessions, WSL/ChromeOS and OS names against recorded outputs."""

from __future__ import annotations

import re

import pytest

from rigcheck.facts.system import SYSTEM
from rigcheck.probes import _platform, system
from rigcheck.probes.system import macos as system_macos
from os_captures import parse_wmic_list, windows_os_facts_from_wmi

from rigcheck.probes._local_util import parse_colon_pairs
from rigcheck.probes.base import ProbeContext, ProbeError, run_probe

from ._fixtures import fixture_text

CONTRACT_KEYS = SYSTEM.keys  # the facts the system probe declares


def dmi_from_cat_listing(text: str) -> dict[str, str]:
    """`# cat /sys/class/dmi/id/{product_name,sys_vendor,board_vendor,bios_vendor}` output, in that order."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# cat /sys/class/dmi/id/{"))
    fields = re.search(r"\{(.*)\}", lines[start]).group(1).split(",")
    return dict(zip(fields, lines[start + 1 : start + 1 + len(fields)]))


def dmi_from_dmidecode(text: str) -> dict[str, str]:
    """The sysfs DMI fields from dmidecode's BIOS and System Information blocks."""
    dmi: dict[str, str] = {}
    section = ""
    for line in text.splitlines():
        if line and not line.startswith(("\t", " ")):
            section = line.strip()
            continue
        key, _, value = line.strip().partition(": ")
        if section == "BIOS Information" and key == "Vendor":
            dmi["bios_vendor"] = value
        elif section == "System Information" and key == "Manufacturer":
            dmi["sys_vendor"] = value
        elif section == "System Information" and key == "Product Name":
            dmi["product_name"] = value
    return dmi


# --- Linux DMI -------------------------------------------------------------------------------------


def test_virtualbox_guest_dmi_is_a_virtualbox_vm():
    dmi = dmi_from_cat_listing(fixture_text("linux/dmi-id_virtualbox-guest_systemd-issue-13429_marcosfrm.txt"))
    assert dmi["product_name"] == "VirtualBox"
    finding = system.classify_dmi(dmi)
    assert finding == system.VmFinding(True, "virtualbox", "DMI product_name is 'VirtualBox'")


def test_virtualbox_with_host_dmi_passthrough_is_caught_by_board_vendor():
    dmi = dmi_from_cat_listing(
        fixture_text("linux/dmi-id_virtualbox-guest-host-passthrough_systemd-issue-13429_janLo.txt")
    )
    assert dmi["sys_vendor"] == "LENOVO"
    finding = system.classify_dmi(dmi)
    assert finding is not None and finding.hypervisor == "virtualbox"
    assert "board_vendor" in finding.evidence


def test_hyperv_guest_dmi_needs_vendor_and_product():
    text = fixture_text("linux/dmi-id_hyperv-guest_systemd-issue-21816_EXCERPT.txt")
    dmi = {m.group(1): m.group(2) for m in re.finditer(r"/sys/class/dmi/id/(\w+): (.+)", text)}
    assert system.classify_dmi(dmi).hypervisor == "hyper-v"
    # A Surface shares the vendor but is hardware.
    assert system.classify_dmi({"sys_vendor": "Microsoft Corporation", "product_name": "Surface Pro 7"}) is None


@pytest.mark.parametrize(
    ("name", "hypervisor"),
    [
        ("linux/dmidecode_qemu-kvm-rhel7-guest_risu-issue-538_EXCERPT.txt", "qemu"),
        ("linux/dmidecode_vmware-virtual-platform_glpi-resource.txt", "vmware"),
    ],
)
def test_dmidecode_captures_of_vms(name, hypervisor):
    dmi = dmi_from_dmidecode(fixture_text(name))
    assert system.classify_dmi(dmi).hypervisor == hypervisor


def test_dmi_modalias_of_vms_and_of_a_thinkpad():
    records = fixture_text("linux/udevadm-export-db_VMs_EXCERPT_dmi-id_qemu-kvm_and_vmware.txt")
    modaliases = re.findall(r"MODALIAS=(\S+)", records)
    found = [system.classify_dmi(system.parse_dmi_modalias(alias)).hypervisor for alias in modaliases]
    assert found == ["bochs", "vmware"]
    thinkpad = re.search(r"MODALIAS=(\S+)", fixture_text("linux/udevadm-export-db_T430S_EXCERPT_dmi-id.txt")).group(1)
    fields = system.parse_dmi_modalias(thinkpad)
    assert fields["sys_vendor"] == "LENOVO" and fields["product_version"] == "ThinkPadT430s"
    assert system.classify_dmi(fields) is None


def test_linux_vm_detection_order_and_hosted_linux():
    hardware = {"sys_vendor": "LENOVO", "product_name": "20N2S00600"}
    assert system.detect_vm_linux(hardware, {"fpu", "sse2"}) == system.VmFinding(False)
    flagged = system.detect_vm_linux(hardware, {"fpu", "hypervisor"})
    assert flagged.virtual_machine and flagged.hypervisor is None and "hypervisor" in flagged.evidence
    assert system.detect_vm_linux(hardware, {"hypervisor"}, detect_virt_vm="kvm\n").hypervisor == "kvm"
    assert system.detect_vm_linux(hardware, {"hypervisor"}, detect_virt_vm="none").hypervisor is None
    # WSL and Crostini run Linux in the host's own utility VM: the CPUID bit alone does not count.
    assert not system.detect_vm_linux({}, {"hypervisor"}, hosted_linux=True).virtual_machine
    # DMI wins over everything, and names the hypervisor.
    assert system.detect_vm_linux({"sys_vendor": "QEMU"}, set(), detect_virt_vm="kvm").hypervisor == "qemu"
    # Xen: a guest has /proc/xen without control_d, dom0 (the host) has control_d.
    assert system.detect_vm_linux({}, set(), xen_capabilities="").hypervisor == "xen"
    assert not system.detect_vm_linux({}, set(), xen_capabilities="control_d").virtual_machine
    dom0 = system.detect_vm_linux({}, {"hypervisor"}, xen_capabilities="control_d\n", hypervisor_type="xen")
    assert not dom0.virtual_machine
    assert system.detect_vm_linux({}, set(), hypervisor_type="xen\n").hypervisor == "xen"


def test_cpuinfo_flags_parser_reads_first_processor():
    cpuinfo = "processor\t: 0\nflags\t\t: fpu vme hypervisor\n\nprocessor\t: 1\nflags\t\t: fpu\n"
    assert system.parse_cpuinfo_flags(cpuinfo) == {"fpu", "vme", "hypervisor"}
    assert system.parse_cpuinfo_flags("Features\t: half thumb fastmult vfp\n") == {"half", "thumb", "fastmult", "vfp"}
    assert system.parse_cpuinfo_flags("") == set()


# --- Windows and macOS -----------------------------------------------------------------------------


def test_windows_proxmox_vm_from_win32_computersystem():
    (record,) = parse_wmic_list(fixture_text("windows/Win32_ComputerSystem_wmic-list_proxmox-qemu-vm.wmi.txt"))
    assert record == {"Manufacturer": "BOCHS_", "Model": "BXPC____"}
    finding = system.detect_vm_windows(record)
    assert finding.virtual_machine and finding.hypervisor == "bochs"
    assert finding.evidence.startswith("Manufacturer")


def test_windows_physical_thinkpad_is_not_a_vm_even_with_hypervisor_present():
    (record,) = parse_wmic_list(fixture_text("windows/Win32_ComputerSystem_wmic-list_win11-lenovo-thinkpad.wmi.txt"))
    assert record["Manufacturer"] == "LENOVO" and record["HypervisorPresent"] == "FALSE"
    assert not system.detect_vm_windows(record).virtual_machine
    # A Hyper-V/WSL2/VBS host reports HypervisorPresent TRUE; it is still bare metal.
    assert not system.detect_vm_windows({**record, "HypervisorPresent": "TRUE"}).virtual_machine


@pytest.mark.parametrize(
    ("manufacturer", "model", "hypervisor"),
    [
        ("VMware, Inc.", "VMware20,1", "vmware"),
        ("Microsoft Corporation", "Virtual Machine", "hyper-v"),
        ("innotek GmbH", "VirtualBox", "virtualbox"),
        ("Parallels Software International Inc.", "Parallels Virtual Platform", "parallels"),
        ("QEMU", "Standard PC (Q35 + ICH9, 2009)", "qemu"),
        ("Dell Inc.", "Latitude 5420", None),
        ("Microsoft Corporation", "Surface Laptop 4", None),
    ],
)
def test_windows_manufacturer_model_table(manufacturer, model, hypervisor):
    finding = system.detect_vm_windows({"Manufacturer": manufacturer, "Model": model})
    assert finding.hypervisor == hypervisor
    assert finding.virtual_machine is (hypervisor is not None)


def test_macos_vm_detection():
    sysctl = parse_colon_pairs(fixture_text("macos/sysctl-a_osx-10.14.6_intel.txt"))
    assert "kern.hv_vmm_present" not in sysctl  # the OID does not exist on 10.14
    assert not system.detect_vm_macos(sysctl).virtual_machine
    assert system.detect_vm_macos({"kern.hv_vmm_present": "1", "hw.model": "VirtualMac2,1"}) == system.VmFinding(
        True, "apple", "kern.hv_vmm_present is 1"
    )
    assert not system.detect_vm_macos({"kern.hv_vmm_present": "0", "hw.model": "Mac14,2"}).virtual_machine
    assert system.detect_vm_macos({"hw.model": "VMware7,1"}).hypervisor == "vmware"


# --- remote sessions, WSL, ChromeOS -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "metric", "expected"),
    [
        ({}, None, (False, None)),
        ({"SESSIONNAME": "Console"}, False, (False, None)),
        ({"SESSIONNAME": "RDP-Tcp#3", "CLIENTNAME": "LAPTOP"}, None, (True, "rdp")),
        ({"SESSIONNAME": ""}, True, (True, "rdp")),
        ({"CLIENTNAME": "THINCLIENT"}, None, (True, "rdp")),
        ({"SESSIONNAME": "ICA-CGP#1"}, True, (True, "citrix")),
        ({"XRDP_SESSION": "1", "SSH_CONNECTION": "x"}, None, (True, "xrdp")),
        ({"CHROME_REMOTE_DESKTOP_SESSION": "1"}, None, (True, "chrome-remote-desktop")),
        ({"NX_TEMP": "/tmp/nx"}, None, (True, "nomachine")),
        ({"SSH_TTY": "/dev/pts/0"}, None, (True, "ssh")),
        ({"SSH_CLIENT": "a b c"}, None, (True, "ssh")),
    ],
)
def test_remote_session_detection(env, metric, expected):
    assert system.detect_remote_session(env, metric) == expected


@pytest.mark.parametrize(
    ("release", "env", "expected"),
    [
        ("5.15.153.1-microsoft-standard-WSL2", {}, True),
        ("4.4.0-19041-Microsoft", {}, True),
        ("6.1.0-18-amd64", {}, False),
        ("6.1.0-18-amd64", {"WSL_DISTRO_NAME": "Ubuntu"}, True),
        (None, {}, False),
    ],
)
def test_wsl_detection(release, env, expected):
    assert system.detect_wsl(release, env) is expected


def test_crostini_becomes_chromeos():
    assert system.detect_crostini(frozenset({"/dev/.cros_milestone"}), {})
    assert system.detect_crostini(frozenset(), {"SOMMELIER_VERSION": "0.20"})
    assert not system.detect_crostini(frozenset(), {})
    os_release = system.parse_os_release('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\n')
    facts = system.linux_os_facts(os_release, crostini=True, cros_milestone="120\n")
    assert facts == {
        "os_family": "chromeos",
        "os_name": "ChromeOS 120 (Linux: Debian GNU/Linux 12 (bookworm))",
        "os_version": "120",
        "os_build": None,
    }
    assert system.linux_os_facts(os_release)["os_family"] == "linux"


# --- OS names ---------------------------------------------------------------------------------------


def test_os_release_parser():
    parsed = system.parse_os_release(
        "# comment\nNAME='Arch Linux'\nID=arch\nBUILD_ID=rolling\nPRETTY_NAME=\"Arch Linux\"\n"
    )
    assert parsed == {"NAME": "Arch Linux", "ID": "arch", "BUILD_ID": "rolling", "PRETTY_NAME": "Arch Linux"}
    assert system.linux_os_facts(parsed) == {
        "os_family": "linux",
        "os_name": "Arch Linux",
        "os_version": None,
        "os_build": "rolling",
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "macos/sw_vers_macos14.0_23A344.txt",
            {"os_family": "macos", "os_name": "macOS 14.0", "os_version": "14.0", "os_build": "23A344"},
        ),
        (
            "macos/sw_vers_catalina-10.15.5_ruby-build-pr-1451.txt",
            {"os_family": "macos", "os_name": "Mac OS X 10.15.5", "os_version": "10.15.5", "os_build": "19F101"},
        ),
    ],
)
def test_macos_names_from_sw_vers(name, expected):
    assert system.macos_os_facts(parse_colon_pairs(fixture_text(name))) == expected


def test_macos_sw_vers_without_version_is_an_error():
    with pytest.raises(ProbeError):
        system.macos_os_facts({"ProductName": "macOS"})


def test_windows_names_follow_the_build():
    # Windows 11 keeps "Windows 10" in the registry's ProductName.
    assert system.windows_os_facts("Windows 10 Pro", "10.0", 22631, 3447) == {
        "os_family": "windows",
        "os_name": "Windows 11 Pro",
        "os_version": "11",
        "os_build": "22631.3447",
    }
    assert system.windows_os_facts("Windows 10 Enterprise", "10.0", 19045, 4291)["os_version"] == "10"
    assert system.windows_os_facts("Microsoft Windows 11 Home", "10.0.22000", 22000)["os_name"] == "Windows 11 Home"
    assert system.windows_marketing_version("10.0", None) is None


def test_windows_7_from_recorded_win32_operatingsystem():
    (record,) = parse_wmic_list(fixture_text("windows/Win32_OperatingSystem_wmic-list_win7-sp1.wmi.txt"))
    facts = windows_os_facts_from_wmi(record)
    assert facts == {
        "os_family": "windows",
        "os_name": "Windows 7 Professionnel",
        "os_version": "7",
        "os_build": "7600",
    }


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("AMD64", "x86_64"), ("x86_64", "x86_64"), ("aarch64", "arm64"), ("ARM64", "arm64"), ("", "unknown")],
)
def test_architecture_names(raw, normal):
    assert system.normalise_architecture(raw) == normal


# --- live -------------------------------------------------------------------------------------------


@pytest.mark.skipif(_platform.OS != "linux", reason="live Linux collector")
def test_live_linux_system_probe():
    result = run_probe(system.PROBE)
    assert result.status == "ok", result.error
    values = dict(result.values)
    assert set(values) == CONTRACT_KEYS
    assert values["os_family"] in ("linux", "chromeos")
    for key in ("virtual_machine", "remote_session", "chromeos", "wsl"):
        assert isinstance(values[key], bool)
    assert values["virtual_machine"] == (values["vm_evidence"] is not None)
    assert values["remote_session"] == (values["remote_session_kind"] is not None)
    assert values["architecture"] and values["kernel"]


def test_windows_registry_bios_key_names_work_like_wmi():
    registry = {
        "SystemManufacturer": "Microsoft Corporation",
        "SystemProductName": "Virtual Machine",
        "BIOSVendor": "Microsoft Corporation",
    }
    assert system.detect_vm_windows(registry).hypervisor == "hyper-v"
    assert system.detect_vm_windows(
        {"SystemManufacturer": "HP", "SystemProductName": "EliteBook 840 G8", "BIOSVendor": "HP"}
    ) == system.VmFinding(False)
    assert (
        system.detect_vm_windows(
            {"SystemManufacturer": "HP", "BIOSVendor": "SeaBIOS", "BaseBoardManufacturer": "QEMU"}
        ).hypervisor
        == "qemu"
    )


def test_macos_collector_records_and_without_sysctl(monkeypatch):
    outputs = {
        "/usr/bin/sw_vers": fixture_text("macos/sw_vers_macos14.0_23A344.txt"),
        "/usr/sbin/sysctl": "kern.hv_vmm_present: 1\nhw.model: VirtualMac2,1\n",
    }
    monkeypatch.setattr(system_macos, "run_command", lambda args, timeout_s=5.0, check=True: outputs[args[0]])
    facts = system_macos.collect(ProbeContext(), {"SSH_CONNECTION": "x"})
    assert set(facts) == CONTRACT_KEYS
    assert (facts["os_name"], facts["virtual_machine"], facts["hypervisor"], facts["remote_session_kind"]) == (
        "macOS 14.0",
        True,
        "apple",
        "ssh",
    )

    def no_sysctl(args, timeout_s=5.0, check=True):
        if args[0].endswith("sysctl"):
            raise system_macos.ProbeUnsupported("/usr/sbin/sysctl is not available on this system")
        return outputs[args[0]]

    monkeypatch.setattr(system_macos, "run_command", no_sysctl)
    ctx = ProbeContext()
    facts = system_macos.collect(ctx, {})
    # Not measured is None (scoring says "unknown"), never a made-up False; the result says why.
    assert facts["virtual_machine"] is None and "sysctl" in ctx.missing[0]

"""Facts of the `system` probe: the operating system, virtual machines and remote sessions."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

SYSTEM = ProbeFacts("system", N_("Operating system"))

OS_FAMILY = SYSTEM.declare("os_family", str, "", N_("Operating system family"), "windows, macos, linux or chromeos", "windows")
OS_NAME = SYSTEM.declare("os_name", str, "", N_("Operating system"), "Operating system name and version as people say it", "Windows 11 Pro")
OS_VERSION = SYSTEM.declare("os_version", str, "", N_("Version"), "Version employers compare: Windows 10/11, macOS 14.4.1, Linux VERSION_ID", "11")
OS_BUILD = SYSTEM.declare("os_build", str, "", N_("Build"), "Build number", "22631")
ARCHITECTURE = SYSTEM.declare("architecture", str, "", N_("Architecture"), "CPU architecture (x86_64, arm64)", "x86_64")
KERNEL = SYSTEM.declare("kernel", str, "", N_("Kernel"), "Kernel release or version", "10.0.22631")
VIRTUAL_MACHINE = SYSTEM.declare("virtual_machine", bool, "", N_("Virtual machine"), "True when the OS runs inside a virtual machine", False)
HYPERVISOR = SYSTEM.declare("hypervisor", str, "", N_("Hypervisor"), "Which hypervisor, when it can be told", None)
VM_EVIDENCE = SYSTEM.declare("vm_evidence", str, "", N_("Virtual machine evidence"), "What showed the virtual machine", None)
REMOTE_SESSION = SYSTEM.declare("remote_session", bool, "", N_("Remote session"), "True when used through a remote desktop or SSH", False)
REMOTE_SESSION_KIND = SYSTEM.declare("remote_session_kind", str, "", N_("Remote session kind"),
                                     "rdp, ssh, xrdp, chrome-remote-desktop, nomachine or citrix", None)
CHROMEOS = SYSTEM.declare("chromeos", bool, "", N_("ChromeOS"), "True inside ChromeOS's Linux container", False)
WSL = SYSTEM.declare("wsl", bool, "", N_("Windows Subsystem for Linux"), "True inside Windows Subsystem for Linux", False)

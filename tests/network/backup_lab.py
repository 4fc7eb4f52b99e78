"""The network lab with a backup link: a second veth pair from the client into a namespace of its own.

    client ns   198.18.0.1  <== main veth ==>    198.18.0.2  main server ns     (LibreSpeed, coturn)
                198.19.0.1  <== backup veth ==>  198.19.0.2  backup server ns   (LibreSpeed, coturn)

Both server namespaces answer at the same service address, SERVICE_IP (on their loopback), as one
internet server would; the client's default route goes over the main link (metric 100) and a second
default route over the backup (metric 600, as a pocket Wi-Fi's would), so which link a measurement used
shows in its figures: each link has its own tbf shaping, and the backup its own delay. Builds on
lab.Lab (its commands, servers and clean-up); every name carries the pid, nothing leaves the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from .lab import LIBRESPEED_DIR, LIBRESPEED_PHP_PORT, STUN_PORT, Lab, missing_librespeed

# LibreSpeed's backend sits beside the main checkout (lab.LIBRESPEED_DIR); a worktree elsewhere names it here.
LIBRESPEED_ENV = "RIGCHECK_LIBRESPEED_DIR"


def librespeed_dir() -> Path:
    """LibreSpeed's folder: $RIGCHECK_LIBRESPEED_DIR when set, else the one beside the checkout."""
    return Path(os.environ[LIBRESPEED_ENV]) if os.environ.get(LIBRESPEED_ENV) else LIBRESPEED_DIR


def missing_backup_lab_librespeed() -> str | None:
    """Why LibreSpeed's own backend cannot be served here, or None."""
    if not (librespeed_dir() / "backend" / "empty.php").is_file():
        return f"LibreSpeed's own server is not here ({librespeed_dir()} is absent; set {LIBRESPEED_ENV})"
    return missing_librespeed("php") if os.environ.get(LIBRESPEED_ENV) is None else None

SERVICE_IP = "198.18.100.1"
MAIN_CLIENT_IP, MAIN_SERVER_IP = "198.18.0.1", "198.18.0.2"
BACKUP_CLIENT_IP, BACKUP_SERVER_IP = "198.19.0.1", "198.19.0.2"


class BackupLab(Lab):
    """Three namespaces: the client, the main link's server, the backup link's server."""

    def __init__(self) -> None:
        super().__init__()
        tag = self.client_if[4:]
        self.backup_ns = self.server_ns.replace("rcq-s-", "rcq-b-")
        self.backup_client_if = f"rcqbc{tag}"[:15]
        self.backup_server_if = f"rcqbs{tag}"[:15]

    @staticmethod
    def remove_stale() -> None:
        """Lab.remove_stale, and the backup namespaces of killed runs (the pid is in their name)."""
        Lab.remove_stale()
        listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
        for name in (line.split()[0] for line in listing.splitlines() if line.split()):
            match = re.fullmatch(r"rcq-b-(\d+)-\w+", name)
            if match and not Path(f"/proc/{match.group(1)}").exists():
                for pid in subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True, timeout=10).stdout.split():
                    try:
                        os.kill(int(pid), 9)
                    except (ProcessLookupError, ValueError):
                        pass
                subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)

    def __enter__(self) -> "BackupLab":
        self.remove_stale()
        try:
            for ns in (self.client_ns, self.server_ns, self.backup_ns):
                self.sh(["ip", "netns", "add", ns])
                self.sh(["ip", "-n", ns, "link", "set", "lo", "up"])
            for client_if, server_if, server_ns, client_ip, server_ip, metric in (
                (self.client_if, self.server_if, self.server_ns, MAIN_CLIENT_IP, MAIN_SERVER_IP, "100"),
                (self.backup_client_if, self.backup_server_if, self.backup_ns, BACKUP_CLIENT_IP, BACKUP_SERVER_IP, "600"),
            ):
                self.sh(["ip", "link", "add", client_if, "type", "veth", "peer", "name", server_if])
                self.sh(["ip", "link", "set", client_if, "netns", self.client_ns])
                self.sh(["ip", "link", "set", server_if, "netns", server_ns])
                self.sh(["ip", "-n", self.client_ns, "addr", "add", f"{client_ip}/24", "dev", client_if])
                self.sh(["ip", "-n", server_ns, "addr", "add", f"{server_ip}/24", "dev", server_if])
                self.sh(["ip", "-n", self.client_ns, "link", "set", client_if, "up"])
                self.sh(["ip", "-n", server_ns, "link", "set", server_if, "up"])
                self.sh(["ip", "-n", server_ns, "addr", "add", f"{SERVICE_IP}/32", "dev", "lo"])
                self.sh(["ip", "-n", self.client_ns, "route", "add", "default", "via", server_ip, "dev", client_if,
                         "metric", metric])
            for ns in (self.client_ns, self.server_ns, self.backup_ns):
                subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.tcp_congestion_control=cubic"],
                               capture_output=True, timeout=10)
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        super().close()
        subprocess.run(["ip", "netns", "del", self.backup_ns], capture_output=True, timeout=10)

    # -- servers at the service address, in either server namespace ------------------------------
    def _librespeed_docroot(self) -> Path:
        """A world-readable copy of LibreSpeed's backend folder."""
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix=f"{self.backup_ns}-librespeed-"))
        self._scratch.append(root)
        shutil.copytree(librespeed_dir() / "backend", root / "backend")
        for path in (root, *root.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        return root

    def start_servers(self, ns: str) -> dict[str, str]:
        """LibreSpeed's own backend (php -S) and coturn at SERVICE_IP in `ns`: {"librespeed": url, "stun": host:port}."""
        docroot = self._librespeed_docroot()
        process = subprocess.Popen(
            ["ip", "netns", "exec", ns, "env", "PHP_CLI_SERVER_WORKERS=8",
             "php", "-S", f"{SERVICE_IP}:{LIBRESPEED_PHP_PORT}", "-t", str(docroot)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self._processes.append(process)
        pid_file = f"/tmp/{ns}-turnserver.pid"
        self.spawn(ns, ["turnserver", "-n", "--stun-only", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp",
                        "--listening-ip", SERVICE_IP, "--listening-port", str(STUN_PORT), "--log-file", "stdout",
                        "--no-software-attribute", "--pidfile", pid_file], ready=None)
        return {"librespeed": f"http://{SERVICE_IP}:{LIBRESPEED_PHP_PORT}/backend/", "stun": f"{SERVICE_IP}:{STUN_PORT}"}

    def shape(self, link: str, down_mbit: float, up_mbit: float) -> None:
        """tbf on both ends of `link` ("main" or "backup"): the server end shapes downloads, the client end uploads."""
        server_ns, server_if, client_if = ((self.server_ns, self.server_if, self.client_if) if link == "main"
                                           else (self.backup_ns, self.backup_server_if, self.backup_client_if))
        for ns, ifname, mbit in ((server_ns, server_if, down_mbit), (self.client_ns, client_if, up_mbit)):
            burst = max(15140, int(mbit * 1e6 / 8 / 1000))
            self.sh(["tc", "-n", ns, "qdisc", "replace", "dev", ifname, "root", "tbf",
                     "rate", f"{mbit}mbit", "burst", str(burst), "latency", "50ms"])

    def delay_backup(self, delay_ms: float) -> None:
        """Hold the backup server's UDP answers (the voice path) for `delay_ms` (the NFQUEUE delayer of lab.Lab;
        TCP is left to tbf alone: the Python delayer would cap the throughput it measures)."""
        self.delay(self.backup_ns, ["-o", self.backup_server_if, "-p", "udp"], delay_ms)

    def set_link(self, link: str, up: bool) -> None:
        """Cut or restore a link, as unplugging a cable would (the client end goes down)."""
        ifname = self.client_if if link == "main" else self.backup_client_if
        self.sh(["ip", "-n", self.client_ns, "link", "set", ifname, "up" if up else "down"])
        if up:  # the kernel drops a downed link's routes: put the default route back
            server_ip, metric = (MAIN_SERVER_IP, "100") if link == "main" else (BACKUP_SERVER_IP, "600")
            subprocess.run(["ip", "-n", self.client_ns, "route", "replace", "default", "via", server_ip, "dev", ifname,
                            "metric", metric], capture_output=True, timeout=10)

    def in_client_args(self) -> list[str]:
        """The command prefix that runs a program in the client namespace."""
        return ["ip", "netns", "exec", self.client_ns]


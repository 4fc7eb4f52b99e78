"""A real network lab: two network namespaces joined by a veth pair, shaped and impaired.

    client namespace  198.18.0.1  <== veth ==>  198.18.0.2  server namespace
                                                (LibreSpeed/Mini HTTP server, coturn, iperf3)

198.18.0.0/15 is the range RFC 2544 sets aside for benchmarking; the addresses exist only inside
the two namespaces this lab creates, so no test traffic can leave the machine. Rate: tc tbf on each
veth end (server end = download, client end = upload). Loss: iptables statistic, or an NFQUEUE
dropper process (random or Gilbert-Elliott bursts). Delay and jitter: an NFQUEUE delayer process. Code under test runs in the client namespace through `in_client`, a
thread that joins the namespace with setns(2); threads it starts inherit the namespace.
"""

from __future__ import annotations

import ctypes
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

CLIENT_IP = "198.18.0.1"
SERVER_IP = "198.18.0.2"
HTTP_PORT = 8080
STUN_PORT = 3478
IPERF_PORT = 5201
SERVERS_DIR = Path(__file__).parent / "servers"
# LibreSpeed's own backend (PHP), kept unchanged in the project's shared folder beside this repository.
# RIGCHECK_LIBRESPEED_DIR points elsewhere (a git worktree sits one folder deeper than the clone).
LIBRESPEED_DIR = Path(os.environ.get("RIGCHECK_LIBRESPEED_DIR") or Path(__file__).resolve().parents[3] / "shared" / "servers" / "librespeed")
LIBRESPEED_PHP_PORT = 8081
LIBRESPEED_APACHE_PORT = 8082
APACHE_MODULES = Path("/usr/lib/apache2/modules")
CLONE_NEWNET = 0x40000000
REQUIRED_TOOLS = ("ip", "tc", "iptables", "turnserver", "iperf3")


def missing_requirements() -> str | None:
    """Why the lab cannot run here, or None."""
    if not sys.platform.startswith("linux"):
        return "the network lab needs Linux network namespaces"
    if os.geteuid() != 0:
        return "the network lab needs root (network namespaces, tc, iptables)"
    missing = [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]
    if missing:
        return f"the network lab needs {', '.join(missing)} (apt-get install iproute2 iptables coturn iperf3)"
    try:
        import netfilterqueue  # noqa: F401
    except ImportError as exc:
        return f"the network lab needs the netfilterqueue package and libnetfilter-queue1 ({exc})"
    return None


def missing_librespeed(server: str) -> str | None:
    """Why LibreSpeed's own backend cannot be served here ("php" or "apache"), or None."""
    if not (LIBRESPEED_DIR / "backend" / "empty.php").is_file():
        return f"LibreSpeed's own server is not here ({LIBRESPEED_DIR} is absent: a clone outside the project)"
    if shutil.which("php") is None:
        return "LibreSpeed's server needs php-cli (apt-get install php-cli)"
    if server == "apache":
        if shutil.which("apache2") is None and not Path("/usr/sbin/apache2").exists():
            return "LibreSpeed under Apache needs apache2 and libapache2-mod-php"
        if not list(APACHE_MODULES.glob("libphp*.so")):
            return "LibreSpeed under Apache needs libapache2-mod-php"
    return None


def _setns(path: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns({path}) failed: {os.strerror(errno)}")
    finally:
        os.close(fd)


class Lab:
    """Creates the namespaces on enter and removes every trace on exit (processes, namespaces)."""

    def __init__(self) -> None:
        tag = f"{os.getpid() % 100000}{secrets.token_hex(2)}"
        self.client_ns = f"rcq-c-{os.getpid()}-{tag}"
        self.server_ns = f"rcq-s-{os.getpid()}-{tag}"
        self.client_if = f"rcqc{tag}"[:15]
        self.server_if = f"rcqs{tag}"[:15]
        self._processes: list[subprocess.Popen] = []
        self._queue_numbers = iter(range(100, 1000))
        self._delayers: list[subprocess.Popen] = []
        self._scratch: list[Path] = []

    # -- setup and teardown -------------------------------------------------------------------
    @staticmethod
    def remove_stale() -> None:
        """Remove labs left by a test run that was killed (its pid is in the namespace name)."""
        listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10).stdout
        for line in listing.splitlines():
            name = line.split()[0] if line.split() else ""
            match = re.fullmatch(r"rcq-[cs]-(\d+)-\w+", name)
            if not match or Path(f"/proc/{match.group(1)}").exists():
                continue
            # Only processes inside our own lab namespace: the servers that run left behind.
            pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True, timeout=10).stdout
            for pid in pids.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)

    def __enter__(self) -> "Lab":
        self.remove_stale()
        try:
            self.sh(["ip", "netns", "add", self.client_ns])
            self.sh(["ip", "netns", "add", self.server_ns])
            self.sh(["ip", "link", "add", self.client_if, "type", "veth", "peer", "name", self.server_if])
            self.sh(["ip", "link", "set", self.client_if, "netns", self.client_ns])
            self.sh(["ip", "link", "set", self.server_if, "netns", self.server_ns])
            for ns, ifname, address in (
                (self.client_ns, self.client_if, CLIENT_IP),
                (self.server_ns, self.server_if, SERVER_IP),
            ):
                self.sh(["ip", "-n", ns, "addr", "add", f"{address}/24", "dev", ifname])
                self.sh(["ip", "-n", ns, "link", "set", ifname, "up"])
                self.sh(["ip", "-n", ns, "link", "set", "lo", "up"])
                # CUBIC, as on Windows, macOS and most Linux clients. (This machine defaults to BBR,
                # whose min-RTT model is fooled by the lab's ACK-only delay and collapses uploads.)
                subprocess.run(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv4.tcp_congestion_control=cubic"],
                               capture_output=True, timeout=10)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        for process in reversed(self._processes):
            self._stop(process)
        self._processes.clear()
        for ns in (self.client_ns, self.server_ns):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=10)
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)
        self._scratch.clear()

    @staticmethod
    def _stop(process: subprocess.Popen) -> None:
        """SIGTERM, then SIGKILL; a server started in a session of its own is stopped with its workers."""
        try:
            own_group = os.getpgid(process.pid) == process.pid
        except ProcessLookupError:
            own_group = False

        def signal_it(signum: int) -> None:
            try:
                os.killpg(process.pid, signum) if own_group else process.send_signal(signum)
            except ProcessLookupError:
                pass

        if process.poll() is None:
            signal_it(signal.SIGTERM)
            try:
                process.wait(3)
            except subprocess.TimeoutExpired:
                signal_it(signal.SIGKILL)
                process.wait(3)
        elif own_group:
            signal_it(signal.SIGKILL)  # workers left behind by a leader that already exited

    # -- commands -----------------------------------------------------------------------------
    @staticmethod
    def sh(args: list[str], timeout: float = 15) -> str:
        completed = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
        if completed.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {completed.stderr.strip()}")
        return completed.stdout

    def ns_exec(self, ns: str, args: list[str], timeout: float = 30) -> str:
        return self.sh(["ip", "netns", "exec", ns, *args], timeout)

    def spawn(self, ns: str, args: list[str], ready: str | None = "READY", timeout: float = 10) -> subprocess.Popen:
        """Start a long-running process in `ns`; wait for its `ready` line on stdout."""
        process = subprocess.Popen(
            ["ip", "netns", "exec", ns, *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if ready else subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self._processes.append(process)
        if ready:
            result: list[str] = []
            reader = threading.Thread(target=lambda: result.append(process.stdout.readline()), daemon=True)
            reader.start()
            reader.join(timeout)
            if not result or ready not in result[0]:
                self._stop(process)
                raise RuntimeError(f"{args[0]} did not start in {ns}")
        return process

    def stop_process(self, process: subprocess.Popen) -> None:
        self._stop(process)
        if process in self._processes:
            self._processes.remove(process)

    # -- servers ------------------------------------------------------------------------------
    def start_http_server(self, port: int = HTTP_PORT) -> str:
        self.spawn(self.server_ns, [sys.executable, str(SERVERS_DIR / "speed_server.py"), SERVER_IP, str(port)])
        return f"http://{SERVER_IP}:{port}"

    def _librespeed_docroot(self) -> Path:
        """A world-readable copy of LibreSpeed's backend folder (Apache's workers run as www-data)."""
        import tempfile

        root = Path(tempfile.mkdtemp(prefix=f"{self.server_ns}-librespeed-"))
        self._scratch.append(root)
        shutil.copytree(LIBRESPEED_DIR / "backend", root / "backend")
        for path in (root, *root.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        return root

    def start_librespeed_php(self, port: int = LIBRESPEED_PHP_PORT) -> str:
        """LibreSpeed's backend under PHP's built-in server (closes the connection after each answer)."""
        docroot = self._librespeed_docroot()
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.server_ns, "env", "PHP_CLI_SERVER_WORKERS=8",
             "php", "-S", f"{SERVER_IP}:{port}", "-t", str(docroot)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # PHP's worker master signals its whole process group on exit: give it a group of its own.
            start_new_session=True,
        )
        self._processes.append(process)
        url = f"http://{SERVER_IP}:{port}/backend/"
        self._wait_http(url + "empty.php", "php -S")
        return url

    def start_librespeed_apache(self, port: int = LIBRESPEED_APACHE_PORT) -> str:
        """LibreSpeed's backend under Apache with mod_php (prefork), keeping connections alive."""
        docroot = self._librespeed_docroot()
        run_dir = docroot / "apache"
        run_dir.mkdir()
        php_module = sorted(APACHE_MODULES.glob("libphp*.so"))[-1]
        modules = {"mpm_prefork_module": "mod_mpm_prefork.so", "authz_core_module": "mod_authz_core.so",
                   "mime_module": "mod_mime.so", "dir_module": "mod_dir.so"}
        lines = [f"LoadModule {name} {APACHE_MODULES / file}" for name, file in modules.items()]
        lines += [
            f"LoadModule php_module {php_module}",
            f"Listen {SERVER_IP}:{port}",
            f"ServerName {SERVER_IP}",
            f"PidFile {run_dir}/apache.pid",
            f"DefaultRuntimeDir {run_dir}",
            f"Mutex file:{run_dir} default",
            f"ErrorLog {run_dir}/error.log",
            "User www-data", "Group www-data",
            "StartServers 8", "MinSpareServers 8", "MaxSpareServers 16", "MaxRequestWorkers 32",
            "KeepAlive On", "MaxKeepAliveRequests 0", "KeepAliveTimeout 15",
            "TypesConfig /etc/mime.types",
            f"DocumentRoot {docroot}",
            f"<Directory {docroot}>", "Require all granted", "</Directory>",
            '<FilesMatch "\\.php$">', "SetHandler application/x-httpd-php", "</FilesMatch>",
        ]
        config = run_dir / "apache2.conf"
        config.write_text("\n".join(lines) + "\n")
        apache = shutil.which("apache2") or "/usr/sbin/apache2"
        process = subprocess.Popen(
            ["ip", "netns", "exec", self.server_ns, apache, "-DFOREGROUND", "-f", str(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        self._processes.append(process)
        url = f"http://{SERVER_IP}:{port}/backend/"
        self._wait_http(url + "empty.php", "apache2", process)
        return url

    def _wait_http(self, url: str, what: str, process: subprocess.Popen | None = None, timeout: float = 15.0) -> None:
        import urllib.request

        def probe() -> bool:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if process is not None and process.poll() is not None:
                    return False
                try:
                    with urllib.request.urlopen(url, timeout=1) as answer:
                        if answer.status == 200:
                            return True
                except OSError:
                    time.sleep(0.1)
            return False

        if not self.in_client(probe):
            detail = process.stderr.read() if process is not None and process.poll() is not None and process.stderr else ""
            raise RuntimeError(f"{what} did not serve {url}: {detail.strip()}")

    def start_stun_server(self, port: int = STUN_PORT) -> str:
        """coturn as a bare STUN server, in the foreground, no CLI, no TURN, no log files."""
        pid_file = f"/tmp/{self.server_ns}-turnserver.pid"
        self.spawn(
            self.server_ns,
            [
                "turnserver", "-n", "--stun-only", "--no-cli", "--no-tls", "--no-dtls", "--no-tcp",
                "--listening-ip", SERVER_IP, "--listening-port", str(port),
                "--log-file", "stdout", "--no-software-attribute", "--pidfile", pid_file,
            ],
            ready=None,
        )
        address = f"{SERVER_IP}:{port}"
        self._wait_stun(address)
        return address

    def _wait_stun(self, address: str, timeout: float = 10.0) -> None:
        from rigcheck.netmeasure.stun import decode_binding_response, encode_binding_request, parse_host_port
        import socket

        def probe() -> bool:
            host, port = parse_host_port(address)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.settimeout(0.2)
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    tid = secrets.token_bytes(12)
                    try:
                        sock.sendto(encode_binding_request(tid), (host, port))
                        data = sock.recv(1500)
                        if decode_binding_response(data) == tid:
                            return True
                    except OSError:
                        time.sleep(0.1)
            return False

        if not self.in_client(probe):
            raise RuntimeError(f"coturn did not answer STUN at {address}")

    def start_iperf_server(self, port: int = IPERF_PORT) -> None:
        self.spawn(self.server_ns, ["iperf3", "-s", "-B", SERVER_IP, "-p", str(port)], ready=None)
        time.sleep(0.3)

    def iperf_capacity_mbps(self, reverse: bool, seconds: int = 4, port: int = IPERF_PORT) -> float:
        """iperf3 -P 4 goodput (first second omitted): the link's true TCP capacity."""
        import json

        args = ["iperf3", "-c", SERVER_IP, "-p", str(port), "-P", "4", "-t", str(seconds), "-O", "1", "-J"]
        if reverse:
            args.append("-R")
        report = json.loads(self.ns_exec(self.client_ns, args, timeout=seconds + 20))
        return report["end"]["sum_received"]["bits_per_second"] / 1e6

    # -- impairments --------------------------------------------------------------------------
    def set_rate(self, side: str, mbit: float, queue_ms: float = 50) -> None:
        """tbf on the egress of `side` ("server" shapes downloads, "client" uploads)."""
        ns, ifname = (self.server_ns, self.server_if) if side == "server" else (self.client_ns, self.client_if)
        # Burst: 1 ms of traffic, at least 10 full-size frames. A bigger bucket would add its own
        # queueing delay (64 KiB is 26 ms at 20 Mbit/s) and blur the loaded-latency test.
        burst = max(15140, int(mbit * 1e6 / 8 / 1000))
        if mbit >= 200:
            # Let 64 KiB GSO super-packets through whole (at 200+ Mbit/s that is <= 5 ms of burst):
            # segmenting them would multiply the ACK rate beyond what the Python delayer can hold.
            burst = max(burst, 131072)
        self.sh(["tc", "-n", ns, "qdisc", "replace", "dev", ifname, "root", "tbf",
                 "rate", f"{mbit}mbit", "burst", str(burst), "latency", f"{queue_ms}ms"])

    def clear_rate(self, side: str) -> None:
        ns, ifname = (self.server_ns, self.server_if) if side == "server" else (self.client_ns, self.client_if)
        subprocess.run(["tc", "-n", ns, "qdisc", "del", "dev", ifname, "root"], capture_output=True, timeout=10)

    def iptables(self, ns: str, args: list[str]) -> str:
        return self.ns_exec(ns, ["iptables", "-w", "5", *args])

    def add_udp_loss(self, probability: float, port: int = STUN_PORT) -> list[str]:
        """Drop STUN answers leaving the server at random; returns the rule (for its counters)."""
        rule = ["OUTPUT", "-p", "udp", "--sport", str(port), "-m", "statistic", "--mode", "random",
                "--probability", f"{probability}", "-j", "DROP"]
        self.iptables(self.server_ns, ["-A", *rule])
        return rule

    def block_udp(self, port: int = STUN_PORT) -> None:
        self.iptables(self.server_ns, ["-A", "INPUT", "-p", "udp", "--dport", str(port), "-j", "DROP"])

    def rule_packets(self, ns: str, chain: str, position: int) -> int:
        """Packet counter of rule number `position` (1-based) in `chain`."""
        lines = self.iptables(ns, ["-L", chain, "-n", "-v", "-x"]).splitlines()[2:]
        return int(lines[position - 1].split()[0])

    def delay(self, ns: str, match: list[str], delay_ms: float, jitter_ms: float = 0.0, seed: int | None = None) -> None:
        """Hold packets matching `match` in OUTPUT of `ns` for delay +- jitter (NFQUEUE delayer)."""
        queue = next(self._queue_numbers)
        args = [sys.executable, str(SERVERS_DIR / "nfq_delayer.py"), "--queue", str(queue),
                "--delay-ms", str(delay_ms), "--jitter-ms", str(jitter_ms)]
        if seed is not None:
            args += ["--seed", str(seed)]
        self._delayers.append(self.spawn(ns, args))
        self.iptables(ns, ["-A", "OUTPUT", *match, "-j", "NFQUEUE", "--queue-num", str(queue), "--queue-bypass"])

    def drop(self, ns: str, match: list[str], mode: str, loss: float, burst: float = 1.0,
             seed: int | None = None) -> subprocess.Popen:
        """Drop packets matching `match` in OUTPUT of `ns`: `mode` "bernoulli" (random) or "gilbert"
        (Gilbert-Elliott bursts of `burst` packets on average), stationary loss `loss` (0-1), one chain
        per destination port. Returns the dropper: stop it with stop_dropper() for its counts."""
        queue = next(self._queue_numbers)
        args = [sys.executable, str(SERVERS_DIR / "nfq_dropper.py"), "--queue", str(queue), "--mode", mode,
                "--loss", str(loss), "--burst", str(burst)]
        if seed is not None:
            args += ["--seed", str(seed)]
        dropper = self.spawn(ns, args)
        self._delayers.append(dropper)
        self.iptables(ns, ["-A", "OUTPUT", *match, "-j", "NFQUEUE", "--queue-num", str(queue), "--queue-bypass"])
        return dropper

    def stop_dropper(self, dropper: subprocess.Popen) -> dict[int, tuple[int, int]]:
        """Stop a dropper; its counts per destination port: (packets seen, packets dropped)."""
        import json

        dropper.send_signal(signal.SIGTERM)
        try:
            out, _ = dropper.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop_process(dropper)
            return {}
        if dropper in self._delayers:
            self._delayers.remove(dropper)
        if dropper in self._processes:
            self._processes.remove(dropper)
        lines = [line for line in (out or "").splitlines() if line.startswith("{")]
        return {int(port): (seen, dropped) for port, (seen, dropped) in json.loads(lines[-1]).items()} if lines else {}

    def reset_impairments(self) -> None:
        """Back to a clean link: no shaping, no iptables rules, no delayers."""
        for ns in (self.client_ns, self.server_ns):
            self.iptables(ns, ["-F"])
        for side in ("client", "server"):
            self.clear_rate(side)
        for process in self._delayers:
            self.stop_process(process)
        self._delayers.clear()

    # -- running code in the client namespace --------------------------------------------------
    def in_client(self, fn: Callable[[], Any], timeout: float = 120) -> Any:
        """Run fn() in a thread inside the client namespace; return its result or raise its error."""
        outcome: dict[str, Any] = {}

        def target() -> None:
            try:
                _setns(f"/var/run/netns/{self.client_ns}")
                outcome["value"] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the caller
                outcome["error"] = exc

        thread = threading.Thread(target=target, daemon=True, name="lab-client")
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            raise TimeoutError(f"client code still running after {timeout} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

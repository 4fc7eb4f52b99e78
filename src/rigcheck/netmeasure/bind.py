"""Sending through one network interface while another carries the default route (the backup link).

Each OS has its own socket option: Linux `SO_BINDTODEVICE` (any user since Linux 5.7, for a socket not
bound to a device yet; root or CAP_NET_RAW before), macOS `IP_BOUND_IF` /
`IPV6_BOUND_IF` (the interface index), Windows `IP_UNICAST_IF` (the index in network byte order) /
`IPV6_UNICAST_IF` (host order). A socket bound this way leaves through that interface whatever the
routing table says, so the backup is measured while the main link stays up.
"""

from __future__ import annotations

import socket
import struct
import sys
from typing import Callable

# Option numbers Python's socket module does not export everywhere (netinet/in.h on macOS, ws2ipdef.h on Windows).
IP_BOUND_IF = 25
IPV6_BOUND_IF = 125
IP_UNICAST_IF = 31
IPV6_UNICAST_IF = 31
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)


class BindError(OSError):
    """The socket could not be tied to the interface (no such interface, or not allowed: Linux before 5.7 needs root)."""


def _index(interface: str) -> int:
    """The interface index: `interface` itself when it is a number (Windows hands indexes), else looked up by name."""
    return int(interface) if interface.isdigit() else socket.if_nametoindex(interface)


def bind_to_interface(sock: socket.socket, interface: str, family: int = socket.AF_INET) -> None:
    """Make `sock` send through `interface` (a name, or an index on macOS and Windows) only; BindError when the OS refuses."""
    try:
        if sys.platform.startswith("linux"):
            sock.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, interface.encode() + b"\0")
        elif sys.platform == "darwin":
            index = _index(interface)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, IPV6_BOUND_IF, index)
            else:
                sock.setsockopt(socket.IPPROTO_IP, IP_BOUND_IF, index)
        elif sys.platform == "win32":
            index = _index(interface)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, IPV6_UNICAST_IF, index)
            else:
                sock.setsockopt(socket.IPPROTO_IP, IP_UNICAST_IF, struct.unpack("<I", struct.pack(">I", index))[0])
        else:
            raise BindError(f"rigcheck cannot send through one interface on {sys.platform}")
    except BindError:
        raise
    except OSError as exc:
        raise BindError(f"cannot send through {interface}: {exc.strerror or exc}") from exc


def bound_create_connection(interface: str) -> Callable[..., socket.socket]:
    """A drop-in for socket.create_connection (what http.client calls) whose sockets leave through `interface`."""

    def create_connection(address: tuple[str, int], timeout: float | None = None, source_address=None) -> socket.socket:
        host, port = address
        last: OSError | None = None
        for family, kind, proto, _name, target in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            sock = socket.socket(family, kind, proto)
            try:
                bind_to_interface(sock, interface, family)
                sock.settimeout(timeout)
                sock.connect(target)
                return sock
            except OSError as exc:
                sock.close()
                last = exc
                if isinstance(exc, BindError):
                    raise
        raise last or OSError(f"no address for {host}")

    return create_connection


def can_bind(interface: str) -> bool:
    """Whether this process may send through `interface` (Linux before 5.7: only root or CAP_NET_RAW)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            bind_to_interface(sock, interface)
        except BindError:
            return False
    return True

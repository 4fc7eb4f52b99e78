"""The live Linux connection collector in throw-away network namespaces (root only).

Each scenario builds real kernel interfaces (veth, bridge, tun) and routes inside a new network and
mount namespace, remounts sysfs so /sys/class/net shows that namespace, and runs the real probe.
The UDP-connect trick sends no packet; nothing leaves the namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

pytestmark = [
    pytest.mark.root,
    pytest.mark.skipif(
        sys.platform != "linux" or os.geteuid() != 0 or not (shutil.which("unshare") and shutil.which("ip")),
        reason="needs Linux, root, unshare and iproute2",
    ),
]

SCENARIOS = textwrap.dedent(
    """
    import json, subprocess, sys
    from rigcheck.probes import connection
    from rigcheck.probes.base import run_probe

    def ip(*args):
        subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)

    def facts():
        result = run_probe(connection.PROBE)
        return {"status": result.status, "error": result.error, **dict(result.values)}

    subprocess.run(["mount", "-t", "sysfs", "none", "/sys"], check=True, timeout=10)
    out = {}
    ip("link", "set", "lo", "up")
    out["offline"] = facts()

    ip("link", "add", "v7", "type", "veth", "peer", "name", "v8")
    ip("addr", "add", "10.77.1.2/24", "dev", "v7")
    ip("link", "set", "v7", "up")
    ip("link", "set", "v8", "up")
    ip("route", "add", "default", "via", "10.77.1.1", "dev", "v7")
    out["veth"] = facts()

    ip("route", "del", "default")
    ip("addr", "flush", "dev", "v7")
    ip("link", "add", "br7", "type", "bridge")
    ip("link", "set", "v7", "master", "br7")
    ip("addr", "add", "10.77.2.2/24", "dev", "br7")
    ip("link", "set", "br7", "up")
    ip("route", "add", "default", "via", "10.77.2.1", "dev", "br7", "metric", "100")
    out["bridge"] = facts()

    ip("tuntap", "add", "dev", "tun7", "mode", "tun")
    ip("addr", "add", "10.77.3.2/24", "dev", "tun7")
    ip("link", "set", "tun7", "up")
    ip("route", "add", "default", "dev", "tun7", "metric", "10")
    out["tunnel"] = facts()
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def scenarios():
    completed = subprocess.run(
        ["unshare", "--net", "--mount", "--", sys.executable, "-c", SCENARIOS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if completed.returncode != 0 and "Operation not permitted" in completed.stderr:
        pytest.skip("namespaces are not permitted here")
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_no_default_route_is_offline(scenarios):
    offline = scenarios["offline"]
    assert offline["status"] == "ok"
    assert (offline["online"], offline["kind"], offline["interface"], offline["vpn_active"]) == (
        False,
        "unknown",
        None,
        False,
    )


def test_veth_default_route_is_a_virtual_link(scenarios):
    veth = scenarios["veth"]
    assert (veth["status"], veth["online"], veth["interface"], veth["kind"]) == ("ok", True, "v7", "virtual")


def test_bridge_over_virtual_ports_is_virtual(scenarios):
    bridge = scenarios["bridge"]
    assert (bridge["interface"], bridge["kind"], bridge["vpn_active"]) == ("br7", "virtual", False)


def test_tunnel_default_route_is_a_vpn_with_its_underlay(scenarios):
    tunnel = scenarios["tunnel"]
    assert (tunnel["interface"], tunnel["kind"], tunnel["vpn_active"]) == ("tun7", "vpn", True)
    # The other default route (the bridge) is the link under the tunnel.
    assert tunnel["underlay_kind"] == "virtual"
    assert tunnel["link_speed_mbps"] is None

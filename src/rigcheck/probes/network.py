"""The `network` probe: throughput, latency, jitter, loss, latency under load and MOS.

Options: "server" (a LibreSpeed base URL, tried first), "stun_servers" (list of "host:port"),
"loss_limit_percent" and "jitter_limit_ms" (the profile's limits: the voice stream runs until its
figures settle against them, within the time limit).
Internal options for tests and tuning: "time_limit_s" (hard cap, default 30; a loss limit extends it
for the voice path up to 90 s, netmeasure.run.MAX_TIME_LIMIT_S), "voice_idle_s",
"speedtest_factory" (builds speedtest-cli's Speedtest with its configuration injected, for the lab).
Nothing is printed; progress goes through ctx.progress(phase, fraction, mbps=...), what else the test
noticed through ctx.note (the result's notes).
"""

from __future__ import annotations

from typing import Any

from rigcheck.facts.network import NETWORK
from rigcheck.netmeasure.librespeed import LibreSpeedBackend
from rigcheck.netmeasure.run import MAX_TIME_LIMIT_S, NetworkPlan, NetworkTestFailed, run_network_test
from rigcheck.netmeasure.speedtest_net import SpeedtestNetBackend
from rigcheck.probes.base import ProbeContext, ProbeError, ProbeSpec

DEFAULT_STUN_SERVERS = ("stun.l.google.com:19302", "stun.cloudflare.com:3478")


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    return [str(v).strip() for v in value if str(v).strip()]


def build_plan(options: dict[str, Any]) -> NetworkPlan:
    """The measurement plan from probe options: LibreSpeed first when a server is named, then speedtest.net."""
    backends: list[Any] = []
    server = options.get("server")
    if server:
        backends.append(LibreSpeedBackend(str(server)))
    backends.append(SpeedtestNetBackend(speedtest_factory=options.get("speedtest_factory")))
    stun_servers = _as_list(options.get("stun_servers")) or list(DEFAULT_STUN_SERVERS)
    plan = NetworkPlan(backends=backends, stun_servers=stun_servers)
    if options.get("time_limit_s"):
        plan.time_limit_s = float(options["time_limit_s"])
    if options.get("voice_idle_s"):
        plan.voice_idle_s = float(options["voice_idle_s"])
    for limit in ("loss_limit_percent", "jitter_limit_ms"):
        if options.get(limit) is not None:
            setattr(plan, limit, float(options[limit]))
    return plan


def collect(ctx: ProbeContext) -> dict[str, Any]:
    plan = build_plan(dict(ctx.options))
    try:
        return run_network_test(plan, is_cancelled=lambda: ctx.cancelled, progress=ctx.progress, note=ctx.note)
    except NetworkTestFailed as exc:
        raise ProbeError(str(exc), exc.values) from None  # values kept: the result is partial


PROBE = ProbeSpec(id=NETWORK.id, title=NETWORK.title, collect=collect, timeout_s=MAX_TIME_LIMIT_S + 2.0, facts=NETWORK.facts)

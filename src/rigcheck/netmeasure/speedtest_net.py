"""Public speedtest.net through speedtest-cli's library, isolated behind the backend interface.

speedtest-cli is archived: its plain-HTTP configuration URL has been refused since 2022, so it runs
with secure=True, and every one of its exceptions becomes a BackendError here. Its own server
selection (closest servers, then lowest latency) is kept. `speedtest_factory` lets tests hand in a
subclass whose configuration and server list are injected (its constructor always fetches the
configuration from speedtest.net otherwise).
"""

from __future__ import annotations

import posixpath
import time
from typing import Any, Callable

from rigcheck.netmeasure.backend import (
    BackendError,
    BackendInfo,
    HttpPinger,
    MeasurementCancelled,
    TransferControl,
    TransferResult,
)


class _StopFlag:
    """speedtest-cli polls `shutdown_event.isSet()`; this answers from rigcheck's stop condition."""

    def __init__(self) -> None:
        self.should_stop: Callable[[], bool] = lambda: False
        self._set = False

    def isSet(self) -> bool:  # noqa: N802 - speedtest-cli's spelling
        return self._set or self.should_stop()

    is_set = isSet

    def set(self) -> None:
        self._set = True


def _default_factory(**kwargs: Any):
    import speedtest  # imported late: only this backend needs it

    return speedtest.Speedtest(**kwargs)


class SpeedtestNetBackend:
    """speedtest-cli's measurement (secure mode) against speedtest.net's closest, fastest server."""

    name = "speedtest.net"

    def __init__(self, speedtest_factory: Callable[..., Any] | None = None):
        self._factory = speedtest_factory or _default_factory
        self._stop = _StopFlag()
        self._st: Any = None
        self._pinger: HttpPinger | None = None

    def prepare(self, timeout_s: float) -> BackendInfo:
        try:
            self._st = self._factory(secure=True, timeout=timeout_s, shutdown_event=self._stop)
            self._st.get_servers()
            best = self._st.get_best_server()
        except ImportError as exc:
            raise BackendError("speedtest-cli is not installed") from exc
        except Exception as exc:  # noqa: BLE001 - an archived library: any failure is "backend failed"
            raise BackendError(_describe(exc)) from exc
        client = self._st.config.get("client", {}) if isinstance(self._st.config, dict) else {}
        country = str(client.get("country") or "").upper() or None
        isp = str(client.get("isp") or "") or None
        self._pinger = HttpPinger(posixpath.dirname(best["url"]) + "/latency.txt", expect_prefix=b"test=test")
        name = " ".join(str(best.get(k) or "") for k in ("sponsor", "name")).strip()
        return BackendInfo(server_name=name, country=country, isp=isp)

    def ping_ms(self, timeout_s: float) -> tuple[float, float]:
        if self._pinger is None:
            raise BackendError("speedtest.net: no server selected")
        return self._pinger.ping(timeout_s)

    def _run(self, direction: str, control: TransferControl) -> TransferResult:
        if self._st is None:
            raise BackendError("speedtest.net: no server selected")
        self._stop.should_stop = control.should_stop
        self._st.config["length"][direction] = max(1, int(round(control.max_s)))
        started = time.perf_counter()
        done = [0]

        def callback(i: int, total: int, start: bool = False, end: bool = False) -> None:
            if end:
                done[0] += 1
            if control.on_progress is not None:
                control.on_progress(min((time.perf_counter() - started) / control.max_s, 1.0), None)

        try:
            bps = self._st.download(callback=callback) if direction == "download" else self._st.upload(callback=callback)
        except Exception as exc:  # noqa: BLE001
            raise BackendError(f"speedtest.net {direction}: {_describe(exc)}") from exc
        if control.should_stop():
            raise MeasurementCancelled(f"{direction} stopped")
        moved = self._st.results.bytes_received if direction == "download" else self._st.results.bytes_sent
        if not moved:
            raise BackendError(f"speedtest.net {direction}: no data was transferred")
        return TransferResult(mbps=bps / 1e6, bytes=int(moved), duration_s=time.perf_counter() - started, stable=False)

    def download(self, control: TransferControl) -> TransferResult:
        return self._run("download", control)

    def upload(self, control: TransferControl) -> TransferResult:
        return self._run("upload", control)

    def close(self) -> None:
        self._stop.set()
        if self._pinger is not None:
            self._pinger.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    name = type(exc).__name__
    if "403" in text:
        return f"{name}: speedtest.net refused the request (HTTP 403)"
    dns_words = ("Name or service not known", "Temporary failure in name resolution", "getaddrinfo", "nodename")
    if any(words in text for words in dns_words):
        return f"{name}: speedtest.net could not be resolved (DNS failure)"
    return f"{name}: {text}" if text else name

"""LibreSpeed backend: an employer's self-hosted server, measured by rigcheck's own engine.

Protocol (the LibreSpeed backend files): GET garbage.php?ckSize=N streams N MiB of random data,
POST empty.php swallows an upload, GET empty.php answers empty (a ping), GET getIP.php?isp=true
names the client's ISP. The client's IP address in that answer is never kept.
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from typing import TypeVar

from rigcheck.netmeasure.backend import (
    BackendError,
    BackendInfo,
    Cause,
    HttpPinger,
    RequestDeadline,
    TransferControl,
    TransferResult,
    looks_like_html,
    make_connection,
    network_error,
)
from rigcheck.netmeasure.transfer import DownloadStream, UploadStream, run_transfer

StreamT = TypeVar("StreamT", DownloadStream, UploadStream)

DOWNLOAD_CHUNKS_MIB = 100  # per request; streams repeat requests until the estimate is stable
UPLOAD_BLOB_BYTES = 8 << 20  # fits PHP's default post_max_size of 8M
# A server that closes the connection after each answer (PHP's built-in server) makes every 8 MiB
# upload start again in slow start; more streams in parallel keep the link full meanwhile.
UPLOAD_STREAMS_WITHOUT_KEEPALIVE = 8

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def normalize_base_url(url: str) -> str:
    """The backend folder URL ending in '/', accepting a URL that points at one of its files."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    if path.endswith(".php"):
        path = path.rsplit("/", 1)[0] + "/"
    if not path.endswith("/"):
        path += "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def parse_ip_info(body: bytes) -> tuple[str | None, str | None]:
    """(isp, country) from a getIP.php answer; the IP address it contains is dropped.

    Newer servers answer JSON {"processedString": "IP - ISP, CC (distance)", "rawIspInfo": {...}}
    where rawIspInfo is ipinfo.io's record ("org": "AS7922 Comcast", "country": "US"); old ones
    answer the plain processed string.
    """
    text = body.decode("utf-8", errors="replace").strip()
    processed = text
    isp = country = None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON; or nested too deeply, or a number of thousands of digits
        if text.startswith(("{", "[")):
            return None, None  # broken JSON is no description of anything
        data = None
    if isinstance(data, dict):
        processed = str(data.get("processedString") or "")
        raw = data.get("rawIspInfo")
        if isinstance(raw, dict):
            org = str(raw.get("org") or "").strip()
            isp = re.sub(r"^AS\d+\s+", "", org) or None
            code = str(raw.get("country") or "").strip().upper()
            country = code if _COUNTRY.match(code) else None
    if " - " in processed and (isp is None or country is None):
        described = processed.split(" - ", 1)[1]
        described = re.sub(r"\s*\([^)]*\)\s*$", "", described).strip()
        name, _, code = described.rpartition(",")
        code = code.strip().upper()
        if name and _COUNTRY.match(code):
            isp = isp or name.strip() or None
            country = country or code
        elif described and not described.lower().startswith("unknown"):
            isp = isp or described
    return isp, country


class LibreSpeedBackend:
    """rigcheck's engine against a LibreSpeed server at `base_url`."""

    name = "librespeed"

    def __init__(self, base_url: str, streams: int = 4, interface: str | None = None):
        self.base_url = normalize_base_url(base_url)
        self.streams = streams
        self.interface = interface  # measure through this interface (the backup link), else as routed
        self._pinger = HttpPinger(self._url("empty.php"), interface=interface)

    def _url(self, file: str) -> str:
        return urllib.parse.urljoin(self.base_url, file)

    def prepare(self, timeout_s: float) -> BackendInfo:
        """Check the server answers like LibreSpeed (a ping) and ask it for ISP and country."""
        self._pinger.ping(timeout_s)
        info = BackendInfo()
        try:
            body = self._get(self._url("getIP.php?isp=true"), timeout_s)
            info.isp, info.country = parse_ip_info(body)
        except BackendError:
            pass  # ISP and country are extras; a server without getIP.php still measures
        return info

    def _get(self, url: str, timeout_s: float) -> bytes:
        conn = make_connection(url, timeout_s, self.interface)
        parts = urllib.parse.urlsplit(url)
        with RequestDeadline(conn, timeout_s) as deadline:
            try:
                conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
                deadline.track()
                response = conn.getresponse()
                body = response.read(65536)
                if deadline.expired:  # the shut-down socket ended the read: a cut answer, not a reply
                    raise TimeoutError("request deadline passed")
            except (OSError, http.client.HTTPException) as exc:
                if deadline.expired:
                    raise BackendError("server information: no complete answer in time", Cause.STALLED) from exc
                raise network_error(exc, "server information") from exc
            finally:
                conn.close()
        if response.status != 200 or looks_like_html(response.getheader("Content-Type"), body):
            raise BackendError(f"server information: HTTP {response.status}", Cause.REFUSED)
        return body

    def ping_ms(self, timeout_s: float) -> tuple[float, float]:
        return self._pinger.ping(timeout_s)

    def download(self, control: TransferControl) -> TransferResult:
        url = self._url(f"garbage.php?ckSize={DOWNLOAD_CHUNKS_MIB}")
        promised = DOWNLOAD_CHUNKS_MIB << 20  # garbage.php sends ckSize MiB and no Content-Length
        return run_transfer(
            lambda stop: self._through(DownloadStream(url, control.request_timeout_s, stop, expected_bytes=promised)),
            self._with_streams(control),
            "download",
        )

    def upload(self, control: TransferControl) -> TransferResult:
        url = self._url("empty.php")
        streams = self.streams
        if self._pinger.server_closes_connections:
            streams = max(streams, UPLOAD_STREAMS_WITHOUT_KEEPALIVE)
        return run_transfer(
            lambda stop: self._through(UploadStream(url, control.request_timeout_s, stop, UPLOAD_BLOB_BYTES)),
            self._with_streams(control, streams),
            "upload",
        )

    def _through(self, stream: StreamT) -> StreamT:
        stream.interface = self.interface
        return stream

    def _with_streams(self, control: TransferControl, streams: int | None = None) -> TransferControl:
        control.streams = streams or self.streams
        return control

    def close(self) -> None:
        self._pinger.close()

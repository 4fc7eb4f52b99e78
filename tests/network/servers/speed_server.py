"""A LibreSpeed-compatible and Speedtest-Mini-style HTTP server for the network lab.

Written for the tests (no code from either project). Healthy LibreSpeed answers copy what the real
backend (../shared/servers/librespeed) sends under Apache with mod_php: empty.php is HTTP 200 with
`Content-Type: text/html; charset=UTF-8` and an empty body, garbage.php is `application/octet-stream`
in chunked encoding with no Content-Length. The real server is what the suite measures against; this
one is for the faults the real one cannot produce. The first path segment picks a behaviour:
  /ok/      garbage.php, empty.php (GET ping, POST sink), getIP.php  -- a healthy LibreSpeed server
  /stall/   garbage.php sends 1 MiB then stops sending (the connection stays open)
  /e500/    garbage.php and POST empty.php answer HTTP 500
  /html/    every file answers an HTML page (a captive portal)
  /short/   garbage.php promises ckSize MiB and ends cleanly (a complete chunked body) after 100 bytes
  /speedtest/  upload.php, latency.txt, random<N>x<N>.jpg  -- what speedtest-cli uses
Run: python3 speed_server.py HOST PORT  (prints READY once listening)
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = os.urandom(1 << 20)
HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Welcome to Hotel WiFi</body></html>"
RANDOM_JPG = re.compile(r"^/speedtest/random(\d+)x(\d+)\.jpg$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "labspeed/1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _empty_php(self) -> None:
        """What LibreSpeed's empty.php answers: 200, labelled HTML, no body."""
        self.send_response(200)
        self.send_header("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0, s-maxage=0")
        self.send_header("Pragma", "no-cache")
        self.send_header("Connection", "keep-alive")
        self.send_header("Content-Length", "0")
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.end_headers()

    def _garbage_php(self, total: int, stall_after: int | None = None, cut_after: int | None = None) -> None:
        """What LibreSpeed's garbage.php answers: random bytes, chunked, no Content-Length."""
        self.send_response(200)
        self.send_header("Content-Description", "File Transfer")
        self.send_header("Content-Disposition", "attachment; filename=random.dat")
        self.send_header("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0, s-maxage=0")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        view = memoryview(CHUNK)
        sent = 0
        limit = total if cut_after is None else min(total, cut_after)
        while sent < limit:
            if stall_after is not None and sent >= stall_after:
                time.sleep(60)  # hold the connection open, send nothing
                return
            piece = view[: min(len(view), limit - sent)]
            self.wfile.write(b"%x\r\n" % len(piece))
            self.wfile.write(piece)
            self.wfile.write(b"\r\n")
            sent += len(piece)
        self.wfile.write(b"0\r\n\r\n")

    def _stream(self, total: int) -> None:
        """A Speedtest-Mini file: `total` bytes with a Content-Length."""
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(total))
        self.end_headers()
        view = memoryview(CHUNK)
        sent = 0
        while sent < total:
            piece = view[: min(len(view), total - sent)]
            self.wfile.write(piece)
            sent += len(piece)

    def _drain(self) -> int:
        length = int(self.headers.get("Content-Length") or 0)
        buffer = bytearray(1 << 20)
        view = memoryview(buffer)
        remaining = length
        while remaining > 0:
            got = self.rfile.readinto(view[: min(len(buffer), remaining)])
            if not got:
                break
            remaining -= got
        return length - remaining

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        mode, _, file = path.lstrip("/").partition("/")
        if mode == "speedtest":
            match = RANDOM_JPG.match(path)
            if match:
                side = int(match.group(1))
                # The real files weigh about 1.98 bytes per pixel.
                return self._stream(int(side * side * 1.977))
            if file == "latency.txt":
                return self._send(200, b"test=test\n")
            if file == "upload.php":
                return self._send(200, b"size=0")
            return self._send(404, b"not found")
        if mode == "html":
            return self._send(200, HTML, "text/html; charset=utf-8")
        if file == "garbage.php":
            chunks = int(dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("ckSize", "4"))
            total = max(1, min(chunks, 1024)) << 20
            if mode == "e500":
                return self._send(500, b"Internal Server Error")
            return self._garbage_php(total, stall_after=(1 << 20) if mode == "stall" else None,
                                     cut_after=100 if mode == "short" else None)
        if file == "empty.php":
            return self._empty_php()
        if file == "getIP.php":
            info = {
                "processedString": f"{self.client_address[0]} - Lab Net Ltd, ZZ",
                "rawIspInfo": {"ip": self.client_address[0], "org": "AS64500 Lab Net Ltd", "country": "DE"},
            }
            return self._send(200, json.dumps(info).encode(), "application/json; charset=utf-8")
        return self._send(404, b"not found")

    def do_POST(self) -> None:
        path = self.path.partition("?")[0]
        mode, _, file = path.lstrip("/").partition("/")
        received = self._drain()
        if mode == "speedtest" and file == "upload.php":
            return self._send(200, f"size={received}".encode())
        if mode == "html":
            return self._send(200, HTML, "text/html; charset=utf-8")
        if mode == "e500":
            return self._send(500, b"Internal Server Error")
        if file == "empty.php":
            return self._empty_php()
        return self._send(404, b"not found")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def main() -> int:
    host, port = sys.argv[1], int(sys.argv[2])
    server = Server((host, port), Handler)
    print("READY", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""speedtest-cli pointed at the lab's Speedtest-Mini-style server, with its configuration injected.

speedtest.Speedtest's constructor always fetches www.speedtest.net's configuration and
get_servers() its server list; this subclass answers both from local values instead, so the rest of
speedtest-cli's code (latency-based server choice, threaded download and upload) runs unchanged
against the lab.

speedtest-cli's module is imported only when the factory is first called, through rigcheck's own
`load_speedtest()`: inside the TUI that is a probe's worker thread under Textual's replaced stdout,
exactly where the real backend imports it.
"""

from __future__ import annotations

import math

from rigcheck.netmeasure.speedtest_net import load_speedtest

# Values of speedtest.net's published configuration (speedtest-config.php) as of its last format.
UPLOAD_RATIO = 5
UPLOAD_MAX_CHUNKS = 50
UPLOAD_SIZES = [32768, 65536, 131072, 262144, 524288, 1048576, 7340032][UPLOAD_RATIO - 1 :]
LAB_CLIENT = {"ip": "198.18.0.1", "isp": "Lab ISP", "country": "DE", "lat": "52.5", "lon": "13.4"}


def lab_config() -> dict:
    upload_count = int(math.ceil(UPLOAD_MAX_CHUNKS / len(UPLOAD_SIZES)))
    return {
        "client": dict(LAB_CLIENT),
        "ignore_servers": [],
        "sizes": {"upload": UPLOAD_SIZES, "download": [350, 500, 750, 1000, 1500, 2000, 2500, 3000, 3500, 4000]},
        "counts": {"upload": upload_count, "download": 4},
        "threads": {"upload": 2, "download": 8},
        "length": {"upload": 10, "download": 10},
        "upload_max": upload_count * len(UPLOAD_SIZES),
    }


def lab_speedtest_factory(base_url: str):
    """A factory for SpeedtestNetBackend(speedtest_factory=...) serving from `base_url`/speedtest/."""

    def factory(**kwargs):
        speedtest = load_speedtest()

        class LabSpeedtest(speedtest.Speedtest):
            def get_config(self):
                self.config.update(lab_config())
                self.lat_lon = (float(LAB_CLIENT["lat"]), float(LAB_CLIENT["lon"]))
                return self.config

            def get_servers(self, servers=None, exclude=None):
                server = {
                    "url": f"{base_url}/speedtest/upload.php",
                    "lat": "52.5",
                    "lon": "13.4",
                    "name": "Lab",
                    "country": "Germany",
                    "cc": "DE",
                    "sponsor": "rigcheck lab",
                    "id": "1",
                    "host": base_url.split("://", 1)[1],
                    "d": 0.0,
                }
                self.servers = {0.0: [server]}
                return self.servers

        return LabSpeedtest(**kwargs)

    return factory

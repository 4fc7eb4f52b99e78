"""Network measurement for the `network` probe: throughput backends, STUN voice path, E-model.

- backend.py      backend interface, errors, HTTP round-trip pinger
- transfer.py     rigcheck's multi-stream HTTP throughput engine
- stability.py    ramp-up detection and early stop (pure)
- librespeed.py   LibreSpeed servers (an employer can self-host one)
- speedtest_net.py speedtest.net through speedtest-cli (secure mode), isolated
- stun.py         RFC 5389 Binding requests at 50 packets/s
- voice_stats.py  RFC 3550 jitter, loss, burst loss (pure)
- emodel.py       ITU-T G.107 E-model and MOS (pure)
- run.py          the whole test: timeline, fallbacks, hard cap
"""

"""Facts of the `network` probe: throughput, the voice path (latency, jitter, loss, MOS) and what went wrong."""

from rigcheck.facts._declare import ProbeFacts
from rigcheck.i18n import N_

NETWORK = ProbeFacts("network", N_("Internet speed and call quality"))

DOWNLOAD_MBPS = NETWORK.declare("download_mbps", (int, float), "Mbit/s", N_("Download speed"), "download throughput, TCP ramp-up discarded", 212.5)
UPLOAD_MBPS = NETWORK.declare("upload_mbps", (int, float), "Mbit/s", N_("Upload speed"), "upload throughput, TCP ramp-up discarded", 22.1)
LATENCY_MS = NETWORK.declare("latency_ms", (int, float), "ms", N_("Latency"), "median round trip of the voice path", 18.0)
JITTER_MS = NETWORK.declare("jitter_ms", (int, float), "ms", N_("Jitter"), "RFC 3550 interarrival jitter of the voice path", 2.1)
PACKET_LOSS_PERCENT = NETWORK.declare("packet_loss_percent", (int, float), "%", N_("Packet loss"), "voice packets lost (no answer within 1 s)", 0.0)
PACKET_LOSS_CI95_PERCENT = NETWORK.declare("packet_loss_ci95_percent", list, "%", N_("Packet loss interval"),
                                           "95 % interval [low, high] of the loss, widened for losses that come in bursts "
                                           "(netmeasure.voice_stats.burst_aware_interval_percent)", [0.0, 0.25])
LOSS_DESIGN_EFFECT = NETWORK.declare("loss_design_effect", (int, float), "", N_("How bunched the lost packets are"),
                                     "voice packets per independent observation of loss: 1 for random loss, about twice "
                                     "the mean burst for bursty loss (a prior of 3-packet bursts before any loss is seen)", 5.0)
BURST_DENSITY_PERCENT = NETWORK.declare("burst_density_percent", (int, float), "%", N_("Loss inside bursts"),
                                        "RFC 3611 burst density: share of packets lost inside loss bursts (Gmin 16)", 0.0)
GAP_DENSITY_PERCENT = NETWORK.declare("gap_density_percent", (int, float), "%", N_("Loss between bursts"),
                                      "RFC 3611 gap density: share of packets lost outside bursts (Gmin 16)", 0.0)
BURST_DURATION_MS = NETWORK.declare("burst_duration_ms", (int, float), "ms", N_("Loss burst duration"),
                                    "RFC 3611 mean burst duration (0 when there was no burst)", 0.0)
GAP_DURATION_MS = NETWORK.declare("gap_duration_ms", (int, float), "ms", N_("Time between loss bursts"),
                                  "RFC 3611 mean gap duration (the whole test when there was no burst)", 20000.0)
MEAN_LOSS_RUN_PACKETS = NETWORK.declare("mean_loss_run_packets", (int, float), "packets", N_("Packets lost in a row, on average"),
                                        "mean run of consecutive lost voice packets (the Gilbert-Elliott burst length)", 0.0)
VOICE_PACKETS_SENT = NETWORK.declare("voice_packets_sent", int, "packets", N_("Voice packets sent"),
                                     "idle voice packets the loss and jitter figures rest on", 1500)
JITTER_CI95_MS = NETWORK.declare("jitter_ci95_ms", list, "ms", N_("Jitter interval"), "95 % interval [low, high] of the jitter estimate", [1.9, 2.3])
BURST_LOSS_MAX = NETWORK.declare("burst_loss_max", int, "packets", N_("Longest loss burst"), "longest run of consecutive lost voice packets", 0)
LOADED_LATENCY_MS = NETWORK.declare("loaded_latency_ms", (int, float), "ms", N_("Latency under load"),
                                    "median round trip of the voice path during the download", 53.0)
LOADED_LATENCY_INCREASE_MS = NETWORK.declare("loaded_latency_increase_ms", (int, float), "ms", N_("Latency increase under load"),
                                             "median round trip during the download minus idle median", 35.0)
MOS = NETWORK.declare("mos", (int, float), "", N_("Call quality (MOS)"), "ITU-T G.107 E-model MOS estimate for a G.711 call", 4.38)
VOICE_PATH = NETWORK.declare("voice_path", str, "", N_("Voice path"), "udp (STUN) or tcp (HTTP round trips when UDP is blocked)", "udp")
BACKEND = NETWORK.declare("backend", str, "", N_("Speed-test server"), "which throughput server served: librespeed or speedtest.net", "librespeed")
BYTES_USED = NETWORK.declare("bytes_used", int, "bytes", N_("Test data"), "test data moved", 180_000_000)
COUNTRY = NETWORK.declare("country", str, "", N_("Country"), "ISO 3166 country of the connection, as the server sees it", "US")
ISP = NETWORK.declare("isp", str, "", N_("Internet provider"), "internet provider, as the server sees it", "Example Cable")
# Present only when something went wrong (a good run leaves them out).
DIAGNOSIS = NETWORK.declare("diagnosis", list, "", N_("Diagnosis"),
                            "what kept the test from a full measurement, most important first (netmeasure.backend.Cause)")
BACKEND_FAILURES = NETWORK.declare("backend_failures", list, "", N_("Servers that failed"),
                                   "each server that could not be used: backend, reason in plain words, cause")
# What else the test noticed and whether it stopped early are ProbeResult.notes and .partial, not facts.

# Not facts: what the network test's progress events carry beside phase and fraction
# (netmeasure/run.py: ctx.progress(phase, fraction, mbps=..., latency_ms=...)); the TUI shows them live.
PROGRESS_MBPS = "mbps"  # throughput of the running transfer, Mbit/s
PROGRESS_LATENCY_MS = "latency_ms"  # the voice path's latest round trip, ms
PROGRESS_AT_MOST_LEFT_S = "at_most_left_s"  # seconds until the test ends at the latest (it may end sooner)

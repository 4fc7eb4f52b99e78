"""NFQUEUE delayer for the network lab: holds each queued packet for delay +- jitter, then accepts it.

Run inside a lab namespace: python3 nfq_delayer.py --queue N --delay-ms D [--jitter-ms J].
Prints READY once bound. Jitter is uniform in [-J, +J] per packet (packets may reorder, as on a
real jittery path). Stops on SIGTERM.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import random
import select
import signal
import sys
import time

from netfilterqueue import NetfilterQueue


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queue", type=int, required=True)
    parser.add_argument("--delay-ms", type=float, required=True)
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    held: list = []
    order = itertools.count()
    delay_s, jitter_s = args.delay_ms / 1000.0, args.jitter_ms / 1000.0
    running = True

    def on_packet(packet) -> None:
        due = time.monotonic() + max(0.0, delay_s + rng.uniform(-jitter_s, jitter_s))
        heapq.heappush(held, (due, next(order), packet))

    def on_term(signum, frame) -> None:
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, on_term)
    queue = NetfilterQueue()
    queue.bind(args.queue, on_packet, max_len=20000)
    fd = queue.get_fd()
    print("READY", flush=True)
    try:
        while running:
            now = time.monotonic()
            while held and held[0][0] <= now:
                heapq.heappop(held)[2].accept()
            wait = min(held[0][0] - now, 0.05) if held else 0.05
            readable, _, _ = select.select([fd], [], [], max(wait, 0.0))
            if readable:
                queue.run(block=False)
    finally:
        for _, _, packet in held:
            packet.accept()
        queue.unbind()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""NFQUEUE dropper for the network lab: drops queued packets at random (Bernoulli) or in bursts
(Gilbert-Elliott), accepts the rest.

Run inside a lab namespace:
    python3 nfq_dropper.py --queue N --mode bernoulli|gilbert --loss 0.03 [--burst 3] [--seed S]
Prints READY once bound. Gilbert-Elliott here is the two-state chain of Gilbert (1960) with every
packet lost in the bad state and none in the good one: P(bad -> good) = 1 / burst, P(good -> bad) =
loss / (burst * (1 - loss)), so the stationary loss is `loss` and bad runs last `burst` packets on
average. Each flow (by UDP/TCP destination port) has a chain of its own, so concurrent streams see
independent lines. On SIGTERM it stops and prints one JSON line of counts per flow.
"""

from __future__ import annotations

import argparse
import json
import random
import select
import signal
import sys

from netfilterqueue import NetfilterQueue


def destination_port(payload: bytes) -> int:
    """The UDP/TCP destination port of an IPv4 packet (0 when it is not one)."""
    if len(payload) < 20 or payload[0] >> 4 != 4:
        return 0
    header = (payload[0] & 0x0F) * 4
    return int.from_bytes(payload[header + 2:header + 4], "big") if len(payload) >= header + 4 else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queue", type=int, required=True)
    parser.add_argument("--mode", choices=("bernoulli", "gilbert"), required=True)
    parser.add_argument("--loss", type=float, required=True, help="stationary loss probability, 0-1")
    parser.add_argument("--burst", type=float, default=1.0, help="mean burst length in packets (gilbert)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    leave_bad = 1.0 / args.burst
    enter_bad = args.loss * leave_bad / (1.0 - args.loss)
    bad: dict[int, bool] = {}
    counts: dict[int, list[int]] = {}  # port -> [seen, dropped]

    def on_packet(packet) -> None:
        port = destination_port(packet.get_payload())
        seen = counts.setdefault(port, [0, 0])
        seen[0] += 1
        if args.mode == "bernoulli":
            lost = rng.random() < args.loss
        else:
            state = bad.get(port)
            if state is None:
                state = rng.random() < args.loss  # start from the stationary distribution
            lost = state
            bad[port] = rng.random() >= leave_bad if state else rng.random() < enter_bad
        if lost:
            seen[1] += 1
            packet.drop()
        else:
            packet.accept()

    running = True

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
            readable, _, _ = select.select([fd], [], [], 0.1)
            if readable:
                queue.run(block=False)
    finally:
        queue.unbind()
        print(json.dumps({str(port): value for port, value in counts.items()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

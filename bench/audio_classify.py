#!/usr/bin/env python3
"""Headset classification accuracy on the labelled real device listings, in-sample and held out.

    python3 bench/audio_classify.py [--in-sample FILE ...] [--held-out FILE]

In-sample: tests/fixtures/audio/audio-listings.jsonl and audio-listings-more.jsonl (the rules were
written while reading them). Held out: audio-listings-heldout.jsonl, split off before any rule was
written for it and never used to tune one (tests/fixtures/audio/SOURCES.md). The two are reported
apart, never mixed. A device the classifier leaves to the applicant (a headset by name only, the
cable question) is counted apart as "asked", and is not counted right.

Prints a Markdown report: per listing, per label, the misses, and the safety count (wireless or
Bluetooth devices called a wired headset; the target is zero). Two modes:
- "probe": entries extracted from each listing with the hints the listing carries (bus, USB id,
  form factor, transport), classified and merged across the listing as the probe does;
- "name only": classify_device(name, hostapi) on each entry alone, no hints, no merging.
Labels marked "unclear" are left out of the accuracy; an `alt_label` counts as right too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the listing readers live in tests/

from rigcheck.probes.audio import classify_device
from tests.audio.listing_readers import (
    WIRED_HEADSET_KINDS,
    WIRELESS_LABELS,
    accepted_kinds,
    classify_listing,
    extract_devices,
    find_labelled,
)

ROOT = Path(__file__).resolve().parent.parent


def evaluate(listings: list[dict], mode: str) -> dict:
    per_listing, per_label, misses, unsafe, asked = [], defaultdict(lambda: [0, 0]), [], [], []
    unclear = 0
    for listing in listings:
        if mode == "probe":
            results = classify_listing(listing["block"], listing["format"])
        else:
            results = [(d, classify_device(d.name, d.hostapi)) for d in extract_devices(listing["block"], listing["format"])]
        scored = right = 0
        for label in listing["labels"]:
            found = find_labelled(results, label["device"])
            if found is None:
                misses.append((listing["id"], label["device"], "NOT FOUND", label["label"]))
                continue
            device, classification = found
            if (label["label"] in WIRELESS_LABELS or label.get("alt_label") in WIRELESS_LABELS) and classification.kind in WIRED_HEADSET_KINDS:
                unsafe.append((listing["id"], device.name, classification.kind, label["label"]))
            if label["label"] == "unclear":
                unclear += 1
                continue
            ok = classification.kind in (accepted_kinds(label["label"]) | accepted_kinds(label.get("alt_label", "")))
            scored += 1
            right += ok
            bucket = label["label"] if not label["label"].startswith("other:") else "other:*"
            per_label[bucket][0] += 1
            per_label[bucket][1] += ok
            if not ok and classification.needs_confirmation:
                asked.append((listing["id"], device.name, label["label"]))
            elif not ok:
                misses.append((listing["id"], device.name, classification.kind, label["label"]))
        per_listing.append((listing["id"], listing["os"], listing["format"][:48], scored, right))
    total = sum(row[3] for row in per_listing)
    correct = sum(row[4] for row in per_listing)
    return {"per_listing": per_listing, "per_label": per_label, "misses": misses, "unsafe": unsafe, "asked": asked,
            "total": total, "right": correct, "unclear": unclear}


def wireless_count(listings: list[dict]) -> int:
    return sum(1 for listing in listings for label in listing["labels"]
               if label["label"] in WIRELESS_LABELS or label.get("alt_label") in WIRELESS_LABELS)


def report_set(title: str, listings: list[dict]) -> list[str]:
    probe, name_only = evaluate(listings, "probe"), evaluate(listings, "name only")
    out = [
        f"### {title}",
        "",
        (
            f"{len(listings)} real listings, {sum(len(listing['labels']) for listing in listings)} labelled devices "
            f"({probe['unclear']} labelled `unclear`, left out); {wireless_count(listings)} of them wireless, Bluetooth or DECT."
        ),
        "",
        "| mode | right / scored | accuracy | asked the applicant | wireless/BT/DECT called wired headset |",
        "|---|---|---|---|---|",
    ]
    for name, result in (("probe (hints + merge)", probe), ("name only", name_only)):
        accuracy = 100 * result["right"] / result["total"] if result["total"] else 0.0
        out.append(f"| {name} | {result['right']} / {result['total']} | {accuracy:.1f} % | {len(result['asked'])} | {len(result['unsafe'])} |")
    out += ["", "Per label (probe mode):", "", "| label | right / scored |", "|---|---|"]
    for label, (scored, right) in sorted(probe["per_label"].items()):
        out.append(f"| {label} | {right} / {scored} |")
    out += ["", "Per listing (probe mode):", "", "| listing | os | format | right / scored |", "|---|---|---|---|"]
    for listing_id, os_name, fmt, scored, right in probe["per_listing"]:
        out.append(f"| {listing_id} | {os_name} | {fmt.replace('|', '/')} | {right} / {scored} |")
    for name, result in (("probe", probe), ("name only", name_only)):
        out += ["", f"Misses ({name}):", ""]
        out += [f"- {lid}: `{dev}` -> {kind} (label {label})" for lid, dev, kind, label in result["misses"]] or ["- none"]
        out += [f"- asked {lid}: `{dev}` (label {label})" for lid, dev, label in result["asked"]]
        out += [f"- UNSAFE {lid}: `{dev}` -> {kind} (label {label})" for lid, dev, kind, label in result["unsafe"]]
    counts = Counter(label["label"] for listing in listings for label in listing["labels"])
    out += ["", "Label counts: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), ""]
    return out


def report(in_sample: list[dict], held_out: list[dict]) -> str:
    out = report_set("In-sample (rules written while reading these)", in_sample)
    out += report_set("Held out (split off before the rules, never tuned on)", held_out)
    return "\n".join(out)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    fixtures = ROOT / "tests" / "fixtures" / "audio"
    parser.add_argument("--in-sample", type=Path, nargs="+", default=[fixtures / "audio-listings.jsonl", fixtures / "audio-listings-more.jsonl"])
    parser.add_argument("--held-out", type=Path, default=fixtures / "audio-listings-heldout.jsonl")
    args = parser.parse_args()
    in_sample = [listing for path in args.in_sample for listing in _read(path)]
    print(report(in_sample, _read(args.held_out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

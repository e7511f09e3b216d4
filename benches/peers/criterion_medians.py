#!/usr/bin/env python3
"""The medians of the last `cargo bench` of the peers crate, as a markdown table.

    python3 benches/peers/criterion_medians.py [CRITERION_DIR]

Reads `<group>/<impl>/<op>/new/estimates.json` under CRITERION_DIR (default: the peers
crate's `target/criterion`, or `$CARGO_TARGET_DIR/criterion`). Criterion keeps the results of
earlier runs, so an id that the last run did not measure may still be listed: the column
`measured` gives each result's time.
"""

import datetime
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = ["bsm-core", "bsm-partii", "spat", "map", "csae-bsm", "csae-spat", "csae-map", "csae-map-2020"]
IDS = [
    "cv2x/view", "cv2x/view-indexed", "cv2x/view-indexed-read-all", "cv2x/decode", "cv2x/decode-into", "cv2x/encode",
    "cv2x/view-validate", "cv2x/view-read-all", "cv2x/view-validate-read-all", "cv2x/skip",
    "rasn/decode", "rasn/encode",
    "asn1-codecs/decode", "asn1-codecs/encode",
]


def fmt_ns(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.1f} ns"


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
    else:
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(HERE, "target"))
        root = os.path.join(target, "criterion")
    print("| message | impl/op | median | [95% CI] | MiB/s at the median | measured |")
    print("|---|---|---:|---:|---:|---|")
    for g in GROUPS:
        for i in IDS:
            d = os.path.join(root, g, i, "new")
            try:
                with open(os.path.join(d, "estimates.json")) as f:
                    med = json.load(f)["median"]
                with open(os.path.join(d, "benchmark.json")) as f:
                    octets = (json.load(f).get("throughput") or {}).get("Bytes")
            except FileNotFoundError:
                print(f"| {g} | {i} | not measured | | | |")
                continue
            ns = med["point_estimate"]
            ci = med["confidence_interval"]
            mibs = f"{octets / (ns * 1e-9) / 2**20:.1f}" if octets else ""
            when = datetime.datetime.fromtimestamp(
                os.path.getmtime(os.path.join(d, "estimates.json"))
            ).strftime("%Y-%m-%d %H:%M")
            print(
                f"| {g} | {i} | {fmt_ns(ns)} | [{fmt_ns(ci['lower_bound'])}, "
                f"{fmt_ns(ci['upper_bound'])}] | {mibs} | {when} |"
            )


if __name__ == "__main__":
    main()

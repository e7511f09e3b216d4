#!/usr/bin/env python3
"""The nearest peer of `v2x bridge`'s decode -> JSON envelope we can run here: PyPI
asn1tools decoding each BSM (the frame, then the BasicSafetyMessage out of its open type)
plus json.dumps of an envelope per frame, on one core.

    python3 benches/bridge_peer.py FRAMES_HEX_FILE [--seconds S]

Reads one hex frame per line, compiles cv2x's ASN.1 (asn1/j2735/*.asn) with asn1tools
('uper'), then loops over the frames for about S seconds and prints one line:
`frames_per_s <float> frames <n> seconds <s> asn1tools <version>`.
Octet strings are written as hex and bytes values made JSON-able, as an envelope needs.
"""

import glob
import json
import os
import sys
import time

import asn1tools

HERE = os.path.dirname(os.path.abspath(__file__))
ASN1 = os.path.normpath(os.path.join(HERE, "..", "asn1", "j2735"))


def jsonable(v):
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    return v


def main():
    path = sys.argv[1]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--seconds" else 3.0
    frames = [bytes.fromhex(l.strip()) for l in open(path) if l.strip()]
    spec = asn1tools.compile_files(sorted(glob.glob(os.path.join(ASN1, "*.asn"))), "uper")
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for i, data in enumerate(frames):
            frame = spec.decode("MessageFrame", data)
            inner = spec.decode("BasicSafetyMessage", frame["value"])
            json.dumps({
                "rsuId": "rsu-1",
                "receivedAt": 1700000000000 + i,
                "profile": "j2735",
                "msgType": "BSM",
                "raw": data.hex(),
                "value": {"messageId": frame["messageId"], "value": jsonable(inner)},
            })
            n += 1
    took = time.perf_counter() - start
    print(f"frames_per_s {n / took:.1f} frames {n} seconds {took:.2f} asn1tools {asn1tools.__version__}")


if __name__ == "__main__":
    main()

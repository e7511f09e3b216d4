#!/usr/bin/env python3
"""asn1tools on the four benchmark MessageFrames: decode and encode of `MessageFrame`.

    python3 benches/peers/asn1tools_bench.py [--min-time SECONDS]

Compiles cv2x's own ASN.1 modules (`asn1/j2735/*.asn`) with
`asn1tools.compile_files(..., 'uper')`, checks on each message that decode succeeds and that
re-encoding gives the input octets back, then times decode and encode with `timeit` and
prints nanoseconds per operation (the best of 5 repeats, each of at least --min-time s).

asn1tools decodes the MessageFrame's open type (`value`) as octets: it does not resolve the
information object set, so "decode" here decodes the frame only, and `MessageFrame.value`
stays bytes. The script also decodes the inner message (`BasicSafetyMessage`, `SPAT`,
`MapData`) out of those octets, and a BSM's Part II values out of theirs, and times that as
`decode-deep`, with `encode-deep` the reverse: the match for what the Rust `decode` and
`encode` of the peers crate do.

Vectors: $CV2X_VECTORS if set, else tests/vectors of the cv2x checkout.
"""

import argparse
import glob
import os
import platform
import sys
import timeit

import asn1tools

HERE = os.path.dirname(os.path.abspath(__file__))
ASN1 = os.path.normpath(os.path.join(HERE, "..", "..", "asn1", "j2735"))

MESSAGES = [
    ("bsm-core", "bsm/j2735decoder__SampleHexPayloads_L3.hex"),
    ("bsm-partii", "bsm/asn1codec__InputData_Ieee1609Dot2Data_coer_Bsm_pack_L1.hex"),
    ("spat", "spat/j2735decoder__SampleHexPayloads_L8.hex"),
    ("map", "map/j2735decoder__SampleHexPayloads_L12.hex"),
]

# messageId -> the type of MessageFrame.value
INNER = {18: "MapData", 19: "SPAT", 20: "BasicSafetyMessage"}


# partII-Id -> the type of PartIIcontent.partII-Value
PART_II = {0: "VehicleSafetyExtensions", 1: "SpecialVehicleExtensions",
           2: "SupplementalVehicleExtensions"}


def decode_deep(spec, data):
    """The frame, the message out of its open type, a BSM's Part II values out of theirs."""
    frame = spec.decode("MessageFrame", data)
    msg_id = frame["messageId"]
    inner = spec.decode(INNER[msg_id], frame["value"])
    for part in inner.get("partII", ()) if msg_id == 20 else ():
        ty = PART_II.get(part["partII-Id"])
        if ty is not None:
            part["partII-Value"] = spec.decode(ty, part["partII-Value"])
    return msg_id, inner


def encode_deep(spec, deep):
    """The reverse of decode_deep (leaves its argument unchanged)."""
    msg_id, inner = deep
    if msg_id == 20 and "partII" in inner:
        parts = []
        for part in inner["partII"]:
            ty = PART_II.get(part["partII-Id"])
            if ty is not None:
                part = {"partII-Id": part["partII-Id"],
                        "partII-Value": spec.encode(ty, part["partII-Value"])}
            parts.append(part)
        inner = dict(inner, partII=parts)
    value = spec.encode(INNER[msg_id], inner)
    return spec.encode("MessageFrame", {"messageId": msg_id, "value": value})


def vectors_dir():
    env = os.environ.get("CV2X_VECTORS")
    if env:
        return env
    return os.path.normpath(os.path.join(HERE, "..", "..", "tests", "vectors"))


def ns_per_op(fn, min_time):
    """Best of 5 repeats; each repeat runs enough calls to last min_time seconds."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    one = timer.timeit(number) / number
    number = max(number, int(min_time / max(one, 1e-9)))
    best = min(timer.repeat(repeat=5, number=number))
    return best / number * 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-time", type=float, default=0.5, help="seconds per repeat")
    args = ap.parse_args()

    files = sorted(glob.glob(os.path.join(ASN1, "*.asn")))
    if not files:
        sys.exit(f"no .asn files in {ASN1}")
    print(
        f"asn1tools {asn1tools.__version__}, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {len(files)} modules from {ASN1}"
    )
    spec = asn1tools.compile_files(files, "uper")
    vdir = vectors_dir()

    rows = []
    for name, file in MESSAGES:
        with open(os.path.join(vdir, file)) as f:
            data = bytes.fromhex(f.read().strip())
        row = {"message": name, "octets": len(data)}
        rows.append(row)
        # Check first: decode, byte-exact re-encode; the frame, then all the way down.
        try:
            frame = spec.decode("MessageFrame", data)
            if spec.encode("MessageFrame", frame) != data:
                raise ValueError("re-encode of MessageFrame differs from the input")
        except Exception as e:  # noqa: BLE001 - reported verbatim
            row["error"] = f"{type(e).__name__}: {e}"
            continue
        row["decode"] = ns_per_op(lambda: spec.decode("MessageFrame", data), args.min_time)
        row["encode"] = ns_per_op(lambda: spec.encode("MessageFrame", frame), args.min_time)
        try:
            deep = decode_deep(spec, data)
            if encode_deep(spec, deep) != data:
                raise ValueError("deep re-encode differs from the input")
        except Exception as e:  # noqa: BLE001
            row["deep-error"] = f"{type(e).__name__}: {e}"
            continue
        row["decode-deep"] = ns_per_op(lambda: decode_deep(spec, data), args.min_time)
        row["encode-deep"] = ns_per_op(lambda: encode_deep(spec, deep), args.min_time)

    print()
    print("| message | octets | asn1tools/decode | asn1tools/encode "
          "| asn1tools/decode-deep | asn1tools/encode-deep |")
    print("|---|---:|---:|---:|---:|---:|")
    failed = []
    for r in rows:
        cells = []
        for op in ("decode", "encode", "decode-deep", "encode-deep"):
            cells.append(f"{r[op]:.0f} ns" if op in r else "failed")
        print(f"| {r['message']} | {r['octets']} | " + " | ".join(cells) + " |")
        for key in ("error", "deep-error"):
            if key in r:
                stage = "frame" if key == "error" else "deep"
                failed.append(f"{r['message']} ({stage}): {r[key]}")
    if failed:
        print()
        for f in failed:
            print(f"FAILED {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

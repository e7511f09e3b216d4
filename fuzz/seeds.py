#!/usr/bin/env python3
"""Writes seed corpora from the shared vectors: seeds/binary (frames and bare messages as
binary files) and seeds/json (their canonical JSON). Usage: seeds.py [VECTORS_DIR]"""
import glob
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
candidates = [sys.argv[1]] if len(sys.argv) > 1 else [
    os.environ.get("CV2X_VECTORS", ""), os.path.join(here, "..", "..", "shared", "vectors"), "/work/shared/vectors"]
vectors = next((c for c in candidates if c and os.path.isfile(os.path.join(c, "index.json"))), None)
if vectors is None:
    sys.exit(f"no vectors in {candidates}")
for kind in ("binary", "json"):
    os.makedirs(os.path.join(here, "seeds", kind), exist_ok=True)
n = 0
for path in sorted(glob.glob(os.path.join(vectors, "**", "*.hex"), recursive=True)):
    name = os.path.relpath(path, vectors).replace(os.sep, "__")[:-4]
    with open(path) as f:
        data = bytes.fromhex(f.read().strip())
    with open(os.path.join(here, "seeds", "binary", name), "wb") as f:
        f.write(data)
    j = path[:-4] + ".json"
    if os.path.exists(j):
        with open(j, "rb") as src, open(os.path.join(here, "seeds", "json", name), "wb") as f:
            f.write(src.read())
    n += 1
for path in sorted(glob.glob(os.path.join(vectors, "random", "*", "*.tsv"))):
    for i, line in enumerate(open(path)):
        h, j = line.rstrip("\n").split("\t", 1)
        name = os.path.relpath(path, vectors).replace(os.sep, "__") + f"_{i}"
        with open(os.path.join(here, "seeds", "binary", name), "wb") as f:
            f.write(bytes.fromhex(h))
        with open(os.path.join(here, "seeds", "json", name), "w") as f:
            f.write(j)
        n += 1
print(f"{n} seeds from {vectors}")

#!/usr/bin/env python3
"""Generates cv2x's Rust from the ASN.1 families in `asn1/` (see tools/asn1gen/).

    python3 tools/gen_rust.py            # rewrites the generated files (src/j2735/generated/)
    python3 tools/gen_rust.py --check    # fails if the checked-in output is stale
    python3 tools/gen_rust.py --family j2735
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from asn1gen.cli import main  # noqa: E402

if __name__ == "__main__":
    main()

"""Golden tests (as prost-build's): each folder of `golden/` holds a small ASN.1 module
(`input.asn`, one construct each) and the Rust the generator writes for it (`expected/`,
rustfmt'ed, as a family's output folder). The test generates each again and compares.

    python3 -m unittest discover tools/asn1gen/tests
    ASN1GEN_BLESS=1 python3 -m unittest discover tools/asn1gen/tests   # rewrites expected/

Review a blessed change like any code change: it is what the generator now writes.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from asn1gen.family import ROOT, Family  # noqa: E402
from asn1gen.generator import load, rustfmt  # noqa: E402
from asn1gen.tuning import Layout, Tuning  # noqa: E402

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")

# The tuning tables a case exercises (the others use none).
TUNING = {
    "sequence": Tuning(boxed={("Record", "extra"): "a boxed member"},
                       optional_in_blocks={"Timing": "OPTIONAL members read in blocks"}),
    "sequence_of": Tuning(small_lists={"FewEntries": (1, "a list held in a SmallList"),
                                       "ThreePlaces": (3, "a SmallList of three entries in place")}),
    "views": Tuning(view_roots={"Message": "the message of the case"},
                    optional_in_blocks={"Timing": "a view reads it from one block"}),
    "views_at": Tuning(view_roots={"Message": "the message of the case"}, views_at="a message inside a frame"),
    "regional": Tuning(view_roots={"Message": "the message of the case"},
                       lenient_open={"REG-EXT-ID-AND-TYPE": "region content that does not read is kept"}),
    "layout": Tuning(layouts=[Layout("Core", module="core", start=1, why="a layout after one extension bit",
                                     names={"accuracy.major": "accuracy_major"})]),
}


def family(case):
    """The family of one golden case: its folder in, `expected/` out."""
    # Relative to the repository root (as a real family's): the output names its source
    # by that path, the same in every checkout.
    d = os.path.relpath(os.path.join(GOLDEN, case), ROOT)
    return Family(name=case, asn1_dir=d, out_dir=os.path.join(d, "expected"), crate_path=f"crate::golden::{case}",
                  wire="a golden test", type_macro=f"__for_each_{case}_type", tuning=TUNING.get(case, Tuning()))


class Golden(unittest.TestCase):
    """Every case's output equals its expected files (or, blessing, becomes them)."""

    def test_cases(self):
        bless = os.environ.get("ASN1GEN_BLESS") == "1"
        cases = sorted(c for c in os.listdir(GOLDEN) if os.path.isdir(os.path.join(GOLDEN, c)))
        self.assertTrue(cases)
        for case in cases:
            with self.subTest(case=case):
                got = {os.path.basename(p): rustfmt(t) for p, t in load(family(case)).files().items()}
                out = os.path.join(GOLDEN, case, "expected")
                if bless:
                    os.makedirs(out, exist_ok=True)
                    for f in os.listdir(out):
                        os.remove(os.path.join(out, f))
                    for name, text in got.items():
                        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                            f.write(text)
                    continue
                self.assertTrue(os.path.isdir(out), f"{case}: no expected/ (run with ASN1GEN_BLESS=1)")
                self.assertEqual(sorted(os.listdir(out)), sorted(got), f"{case}: the files written")
                for name, text in got.items():
                    with open(os.path.join(out, name), encoding="utf-8") as f:
                        self.assertEqual(f.read(), text, f"{case}/{name} differs (ASN1GEN_BLESS=1 to rewrite)")


if __name__ == "__main__":
    unittest.main()

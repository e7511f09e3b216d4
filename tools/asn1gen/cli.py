"""The command line: rewrite every family's generated Rust, or check it is up to date."""
import argparse
import sys

from .family import FAMILIES, GROUPS
from .generator import load, load_group, run


def main(argv=None):
    """`--check`: fail (exit 1) if a checked-in file is stale; `--family NAME`: only that one
    (with the other editions of its group, which it shares types with)."""
    p = argparse.ArgumentParser(prog="asn1gen", description="Generates Rust from the ASN.1 families in asn1/.")
    p.add_argument("--check", action="store_true", help="fail if the checked-in output is stale")
    p.add_argument("--family", choices=sorted(FAMILIES), help="generate only this family (and its group)")
    args = p.parse_args(argv)
    stale = []
    for name, family in FAMILIES.items():
        if args.family in (None, name) and not family.group:
            stale += run([load(family)], args.check)
    for name, group in GROUPS.items():
        if args.family is None or args.family in group.families:
            stale += run(load_group(group, FAMILIES), args.check)
    if stale:
        print("stale generated files:", *stale)
        sys.exit(1)

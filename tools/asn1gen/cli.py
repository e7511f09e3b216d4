"""The command line: rewrite every family's generated Rust, or check it is up to date."""
import argparse
import sys

from .family import FAMILIES
from .generator import run


def main(argv=None):
    """`--check`: fail (exit 1) if a checked-in file is stale; `--family NAME`: only that one."""
    p = argparse.ArgumentParser(prog="asn1gen", description="Generates Rust from the ASN.1 families in asn1/.")
    p.add_argument("--check", action="store_true", help="fail if the checked-in output is stale")
    p.add_argument("--family", choices=sorted(FAMILIES), help="generate only this family")
    args = p.parse_args(argv)
    stale = []
    for name, family in FAMILIES.items():
        if args.family in (None, name):
            stale += run(family, args.check)
    if stale:
        print("stale generated files:", *stale)
        sys.exit(1)

"""`python3 -m asn1gen [--check] [--family NAME]` (with tools/ on the path)."""
from .cli import main

main()

#!/usr/bin/env python3
"""An independent brainpool signer and verifier for cv2x's IEEE 1609.2 tests, on the Python
`cryptography` package (OpenSSL underneath). Curves: `bp256` (brainpoolP256r1, SHA-256) and
`bp384` (brainpoolP384r1, SHA-384): the hash follows the curve.

  keygen CURVE     prints `d compressed uncompressed`: a fresh private scalar and its public
                   key as SEC 1 points (hex).
  sign             reads lines `CURVE d tbs signer` (hex; signer `-` for none, as in a
                   self-signed certificate), computes the 1609.2 digest H(H(tbs) || H(signer))
                   itself and prints `r s` (hex, curve size) for each.
  verify           reads lines `CURVE key tbs signer r s` (key a SEC 1 point), verifies each
                   over the digest it computes; prints `verified N of M`, exits 1 unless all do.
"""
import hashlib
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

CURVES = {
    "bp256": (ec.BrainpoolP256R1, hashlib.sha256, hashes.SHA256, 32),
    "bp384": (ec.BrainpoolP384R1, hashlib.sha384, hashes.SHA384, 48),
}


def digest(curve, tbs, signer):
    h = CURVES[curve][1]
    return h(h(tbs).digest() + h(signer).digest()).digest()


def field(hexstr):
    return b"" if hexstr == "-" else bytes.fromhex(hexstr)


def keygen(curve):
    cls, _, _, n = CURVES[curve]
    k = ec.generate_private_key(cls())
    pub = k.public_key()
    comp = pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    unc = pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    d = k.private_numbers().private_value.to_bytes(n, "big")
    print(d.hex(), comp.hex(), unc.hex())


def sign(line):
    curve, d, tbs, signer = line.split()
    cls, _, h, n = CURVES[curve]
    k = ec.derive_private_key(int(d, 16), cls())
    der = k.sign(digest(curve, field(tbs), field(signer)), ec.ECDSA(utils.Prehashed(h())))
    r, s = utils.decode_dss_signature(der)
    return f"{r.to_bytes(n, 'big').hex()} {s.to_bytes(n, 'big').hex()}"


def verify(line):
    curve, key, tbs, signer, r, s = line.split()
    cls, _, h, _ = CURVES[curve]
    pub = ec.EllipticCurvePublicKey.from_encoded_point(cls(), bytes.fromhex(key))
    der = utils.encode_dss_signature(int(r, 16), int(s, 16))
    try:
        pub.verify(der, digest(curve, field(tbs), field(signer)), ec.ECDSA(utils.Prehashed(h())))
        return True
    except InvalidSignature:
        return False


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "keygen":
        keygen(sys.argv[2])
        return 0
    lines = [x for x in sys.stdin.read().splitlines() if x.strip()]
    if sys.argv[1:] == ["sign"]:
        for line in lines:
            print(sign(line))
        return 0
    if sys.argv[1:] == ["verify"]:
        ok = sum(1 for line in lines if verify(line))
        print(f"verified {ok} of {len(lines)}")
        return 0 if ok == len(lines) and lines else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

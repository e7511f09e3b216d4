#!/usr/bin/env python3
"""An independent check of cv2x's IEEE 1609.2 signatures with the Python `cryptography`
package (OpenSSL underneath).

Reads lines `spdu tbs cert key r s` (hex) on stdin: checks that `tbs` lies in the SPDU and
that the SPDU names the certificate (whole, or by its HashedId8, the last 8 octets of
SHA-256(cert)), computes the 1609.2 digest SHA-256(SHA-256(tbs) || SHA-256(cert)) itself
and verifies the ECDSA P-256 signature (r, s) with `key` (compressed SEC 1). Prints
`verified N of M`; exits 1 unless all verify.

With `--sign DIGEST`: signs the 32-octet digest with a fresh key and prints
`key r s` (compressed key, then r and s as 32 octets), for cv2x to verify.
"""
import hashlib
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils


def check(line):
    spdu, tbs, cert, key, r, s = (bytes.fromhex(x) for x in line.split())
    if tbs not in spdu:
        return "tbs not in the SPDU"
    h8 = hashlib.sha256(cert).digest()[-8:]
    if cert not in spdu and h8 not in spdu:
        return "the SPDU names neither the certificate nor its HashedId8"
    digest = hashlib.sha256(hashlib.sha256(tbs).digest() + hashlib.sha256(cert).digest()).digest()
    pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), key)
    der = utils.encode_dss_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))
    try:
        pub.verify(der, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    except InvalidSignature:
        return "signature invalid"
    # The signature must sit in the SPDU as r (x-only) then s.
    if r not in spdu or s not in spdu:
        return "r or s not in the SPDU"
    return None


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--sign":
        digest = bytes.fromhex(sys.argv[2])
        k = ec.generate_private_key(ec.SECP256R1())
        der = k.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        r, s = utils.decode_dss_signature(der)
        key = k.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.CompressedPoint)
        print(key.hex(), r.to_bytes(32, "big").hex(), s.to_bytes(32, "big").hex())
        return 0
    lines = [x for x in sys.stdin.read().splitlines() if x.strip()]
    ok = 0
    for i, line in enumerate(lines):
        err = check(line)
        if err:
            print(f"line {i}: {err}", file=sys.stderr)
        else:
            ok += 1
    print(f"verified {ok} of {len(lines)}")
    return 0 if ok == len(lines) and lines else 1


if __name__ == "__main__":
    sys.exit(main())

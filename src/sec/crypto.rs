//! The cryptographic primitives 1609.2 needs, on RustCrypto (`p256`, `p384`, `sha2`):
//! the signing digest, HashedId8, keys from curve points, ECDSA verification (with the `R`
//! point checked when the signature names it), signing, and ECQV reconstruction. With
//! feature `brainpool`, ECDSA verification over brainpoolP256r1 / brainpoolP384r1 too
//! (`bp256` / `bp384`; SHA-256 / SHA-384 as for the NIST curves of the same size).

use alloc::vec::Vec;

use p256::elliptic_curve::ff::Field as _;
use p256::elliptic_curve::ops::{LinearCombination, Reduce};
use p256::elliptic_curve::sec1::{FromEncodedPoint, ToEncodedPoint};
use p256::elliptic_curve::PrimeField;
use sha2::{Digest as _, Sha256, Sha384};

use super::types::{
    CurvePoint, EccP256CurvePoint, EccP384CurvePoint, EcdsaP256Signature, EcdsaP384Signature,
    HashedId8, Signature,
};

#[cfg(feature = "brainpool")]
pub mod brainpool;

/// A hash function of 1609.2: SHA-256 for 256-bit curves (P-256, brainpoolP256r1),
/// SHA-384 for 384-bit ones (P-384, brainpoolP384r1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
}

/// A hash value (32 or 48 octets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HashValue {
    bytes: [u8; 48],
    len: usize,
}

impl HashValue {
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Hash {
    /// The hash of the concatenation of `parts`.
    pub fn of(self, parts: &[&[u8]]) -> HashValue {
        let mut bytes = [0u8; 48];
        let len = match self {
            Hash::Sha256 => {
                let mut h = Sha256::new();
                parts.iter().for_each(|p| h.update(p));
                bytes[..32].copy_from_slice(&h.finalize());
                32
            }
            Hash::Sha384 => {
                let mut h = Sha384::new();
                parts.iter().for_each(|p| h.update(p));
                bytes.copy_from_slice(&h.finalize());
                48
            }
        };
        HashValue { bytes, len }
    }

    /// The signing digest of 1609.2 §5.3.1: `H(H(tbs) ‖ H(signer))`, where `signer` is the
    /// canonical encoding of the signer's certificate, or empty for a self-signed object.
    pub fn signing_digest(self, tbs: &[u8], signer: &[u8]) -> HashValue {
        let a = self.of(&[tbs]);
        let b = self.of(&[signer]);
        self.of(&[a.as_bytes(), b.as_bytes()])
    }

    /// The input of the signing digest, `H(tbs) ‖ H(signer)` (64 or 96 octets): the digest
    /// is its hash. Backends without a prehashed API (ring) take this as the message.
    pub fn signing_input(self, tbs: &[u8], signer: &[u8]) -> SigningInput {
        let a = self.of(&[tbs]);
        let b = self.of(&[signer]);
        let mut bytes = [0u8; 96];
        let n = a.len;
        bytes[..n].copy_from_slice(a.as_bytes());
        bytes[n..2 * n].copy_from_slice(b.as_bytes());
        SigningInput {
            bytes,
            len: 2 * n,
            hash: self,
        }
    }

    /// The HashedId8 of an encoded (canonical) certificate: the last 8 octets of its hash.
    pub fn hashed_id8(self, cert: &[u8]) -> HashedId8 {
        let h = self.of(&[cert]);
        let b = h.as_bytes();
        let mut id = [0u8; 8];
        id.copy_from_slice(&b[b.len() - 8..]);
        HashedId8(id)
    }
}

/// `H(tbs) ‖ H(signer)`: what the signing digest hashes.
#[derive(Clone, Copy, Debug)]
pub struct SigningInput {
    bytes: [u8; 96],
    len: usize,
    hash: Hash,
}

impl SigningInput {
    /// The octets.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The signing digest, `H(H(tbs) ‖ H(signer))`.
    pub fn digest(&self) -> HashValue {
        self.hash.of(&[self.as_bytes()])
    }
}

/// Verifies a 1609.2 signature from its signing input. The pure-Rust backend verifies the
/// digest (and, when `rSig` names a point, that point); with feature `ring`, ring verifies
/// NIST P-256/P-384 signatures over the input as its message (ring hashes it once more,
/// which gives the same digest), checking `r` as ECDSA does (the x-coordinate only); ring
/// has no brainpool curves, which stay with the pure-Rust backend.
pub fn verify_input(key: &PublicKey, input: &SigningInput, sig: EcdsaSig<'_>) -> bool {
    if input.hash != key.hash() {
        return false;
    }
    #[cfg(feature = "ring")]
    {
        #[cfg(feature = "brainpool")]
        if matches!(key, PublicKey::Bp256(_) | PublicKey::Bp384(_)) {
            return verify(key, input.digest().as_bytes(), sig);
        }
        ring_backend::verify(key, input.as_bytes(), sig)
    }
    #[cfg(not(feature = "ring"))]
    {
        verify(key, input.digest().as_bytes(), sig)
    }
}

#[cfg(feature = "ring")]
mod ring_backend {
    use super::{EcdsaSig, PublicKey};
    use crate::sec::types::CurvePoint;
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    use ring::signature::{UnparsedPublicKey, ECDSA_P256_SHA256_FIXED, ECDSA_P384_SHA384_FIXED};

    pub fn verify(key: &PublicKey, message: &[u8], sig: EcdsaSig<'_>) -> bool {
        let mut rs = [0u8; 96];
        match (key, sig) {
            (PublicKey::P256(q), EcdsaSig::P256(s)) => {
                let Some(x) = s.r_sig.x() else { return false };
                rs[..32].copy_from_slice(x);
                rs[32..64].copy_from_slice(&s.s_sig);
                let pk = q.to_encoded_point(false);
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, pk.as_bytes())
                    .verify(message, &rs[..64])
                    .is_ok()
            }
            (PublicKey::P384(q), EcdsaSig::P384(s)) => {
                let Some(x) = s.r_sig.x() else { return false };
                rs[..48].copy_from_slice(x);
                rs[48..].copy_from_slice(&s.s_sig);
                let pk = q.to_encoded_point(false);
                UnparsedPublicKey::new(&ECDSA_P384_SHA384_FIXED, pk.as_bytes())
                    .verify(message, &rs)
                    .is_ok()
            }
            _ => false,
        }
    }
}

/// A verification key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicKey {
    /// A NIST P-256 point.
    P256(p256::AffinePoint),
    /// A NIST P-384 point.
    P384(p384::AffinePoint),
    /// A brainpoolP256r1 point (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    Bp256(brainpool::bp256r1::AffinePoint),
    /// A brainpoolP384r1 point (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    Bp384(brainpool::bp384r1::AffinePoint),
}

impl PublicKey {
    /// The hash that goes with the key's curve.
    pub fn hash(&self) -> Hash {
        match self {
            PublicKey::P256(_) => Hash::Sha256,
            PublicKey::P384(_) => Hash::Sha384,
            #[cfg(feature = "brainpool")]
            PublicKey::Bp256(_) => Hash::Sha256,
            #[cfg(feature = "brainpool")]
            PublicKey::Bp384(_) => Hash::Sha384,
        }
    }

    /// A P-256 key from a curve point in a form that names it (compressed or uncompressed).
    pub fn p256(p: &EccP256CurvePoint) -> Option<PublicKey> {
        let sec1 = p.to_sec1()?;
        let ep = p256::EncodedPoint::from_bytes(&sec1).ok()?;
        Option::from(p256::AffinePoint::from_encoded_point(&ep)).map(PublicKey::P256)
    }

    /// A P-384 key from a curve point.
    pub fn p384(p: &EccP384CurvePoint) -> Option<PublicKey> {
        let sec1 = p.to_sec1()?;
        let ep = p384::EncodedPoint::from_bytes(&sec1).ok()?;
        Option::from(p384::AffinePoint::from_encoded_point(&ep)).map(PublicKey::P384)
    }

    /// A brainpoolP256r1 key from a curve point in a form that names it (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    pub fn bp256(p: &EccP256CurvePoint) -> Option<PublicKey> {
        brainpool::bp256r1::key(&p.to_sec1()?).map(PublicKey::Bp256)
    }

    /// A brainpoolP384r1 key from a curve point (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    pub fn bp384(p: &EccP384CurvePoint) -> Option<PublicKey> {
        brainpool::bp384r1::key(&p.to_sec1()?).map(PublicKey::Bp384)
    }

    /// The compressed SEC 1 encoding.
    pub fn to_sec1_compressed(&self) -> Vec<u8> {
        self.to_sec1(true)
    }

    /// The SEC 1 encoding, compressed or not.
    pub fn to_sec1(&self, compress: bool) -> Vec<u8> {
        match self {
            PublicKey::P256(p) => p.to_encoded_point(compress).as_bytes().to_vec(),
            PublicKey::P384(p) => p.to_encoded_point(compress).as_bytes().to_vec(),
            #[cfg(feature = "brainpool")]
            PublicKey::Bp256(p) => brainpool::bp256r1::encode(p, compress),
            #[cfg(feature = "brainpool")]
            PublicKey::Bp384(p) => brainpool::bp384r1::encode(p, compress),
        }
    }
}

macro_rules! ecdsa_verify {
    ($name:ident, $curve:ident, $sig:ident, $n:expr) => {
        /// ECDSA verification (SEC 1 §4.1.4) over a prehashed digest. When `rSig` names a
        /// point (compressed or uncompressed), the point `R` computed must be that point,
        /// not only share its x-coordinate mod n.
        fn $name(q: &$curve::AffinePoint, digest: &[u8], sig: &$sig) -> bool {
            use $curve::{FieldBytes, ProjectivePoint, Scalar};
            let fb = |b: &[u8]| {
                let mut f = FieldBytes::default();
                f.copy_from_slice(b);
                f
            };
            let Some(x) = sig.r_sig.x() else {
                return false;
            };
            if digest.len() != $n {
                return false;
            }
            let r: Option<Scalar> = Scalar::from_repr(fb(x)).into();
            let s: Option<Scalar> = Scalar::from_repr(fb(&sig.s_sig)).into();
            let (Some(r), Some(s)) = (r, s) else {
                return false;
            };
            if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
                return false;
            }
            let e = <Scalar as Reduce<$curve::U256Alias>>::reduce_bytes(&fb(digest));
            let w: Scalar = Option::from(s.invert()).unwrap_or(Scalar::ZERO);
            let big_r = ProjectivePoint::lincomb(
                &ProjectivePoint::GENERATOR,
                &(e * w),
                &ProjectivePoint::from(*q),
                &(r * w),
            )
            .to_affine();
            let enc = big_r.to_encoded_point(false);
            let (Some(rx), Some(ry)) = (enc.x(), enc.y()) else {
                return false; // the identity
            };
            let xr = <Scalar as Reduce<$curve::U256Alias>>::reduce_bytes(rx);
            if xr != r {
                return false;
            }
            sig.r_sig.form().names_point(&rx[..], &ry[..])
        }
    };
}

mod curve_aliases {
    pub mod p256 {
        pub use p256::*;
        pub type U256Alias = p256::U256;
    }
    pub mod p384 {
        pub use p384::*;
        pub type U256Alias = p384::U384;
    }
}
use curve_aliases::{p256 as c256, p384 as c384};

ecdsa_verify!(verify_p256, c256, EcdsaP256Signature, 32);
ecdsa_verify!(verify_p384, c384, EcdsaP384Signature, 48);

/// A signature as the verifier sees it.
#[derive(Clone, Copy, Debug)]
pub enum EcdsaSig<'a> {
    /// P-256.
    P256(&'a EcdsaP256Signature),
    /// P-384.
    P384(&'a EcdsaP384Signature),
    /// brainpoolP256r1 (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    Bp256(&'a EcdsaP256Signature),
    /// brainpoolP384r1 (feature `brainpool`).
    #[cfg(feature = "brainpool")]
    Bp384(&'a EcdsaP384Signature),
}

impl<'a> EcdsaSig<'a> {
    /// The ECDSA signature `sig` holds, if this build verifies its algorithm: NIST P-256 and
    /// P-384, and brainpoolP256r1 / P384r1 with feature `brainpool`.
    pub fn of(sig: &'a Signature) -> Option<EcdsaSig<'a>> {
        match sig {
            Signature::EcdsaNistP256Signature(s) => Some(EcdsaSig::P256(s)),
            Signature::EcdsaNistP384Signature(s) => Some(EcdsaSig::P384(s)),
            #[cfg(feature = "brainpool")]
            Signature::EcdsaBrainpoolP256r1Signature(s) => Some(EcdsaSig::Bp256(s)),
            #[cfg(feature = "brainpool")]
            Signature::EcdsaBrainpoolP384r1Signature(s) => Some(EcdsaSig::Bp384(s)),
            _ => None,
        }
    }
}

/// Whether `sig` is a valid signature by `key` over the prehashed `digest`. A signature of
/// another curve is invalid.
pub fn verify(key: &PublicKey, digest: &[u8], sig: EcdsaSig<'_>) -> bool {
    match (key, sig) {
        (PublicKey::P256(q), EcdsaSig::P256(s)) => verify_p256(q, digest, s),
        (PublicKey::P384(q), EcdsaSig::P384(s)) => verify_p384(q, digest, s),
        #[cfg(feature = "brainpool")]
        (PublicKey::Bp256(q), EcdsaSig::Bp256(s)) => brainpool::bp256r1::verify(q, digest, s),
        #[cfg(feature = "brainpool")]
        (PublicKey::Bp384(q), EcdsaSig::Bp384(s)) => brainpool::bp384r1::verify(q, digest, s),
        _ => false,
    }
}

/// Signs the 32-octet `digest` with a P-256 key (RFC 6979 deterministic `k`), giving `rSig`
/// as x-only.
pub fn sign_p256(key: &p256::ecdsa::SigningKey, digest: &[u8]) -> Option<EcdsaP256Signature> {
    use p256::ecdsa::signature::hazmat::PrehashSigner;
    let sig: p256::ecdsa::Signature = key.sign_prehash(digest).ok()?;
    let (r, s) = sig.split_bytes();
    Some(EcdsaP256Signature {
        r_sig: EccP256CurvePoint::XOnly(r.into()),
        s_sig: s.into(),
    })
}

/// ECQV public-key reconstruction as the US SCMS issues implicit certificates:
/// `Q = e·P + Q_issuer` with `e = H(H(tbs) ‖ H(issuer cert)) mod n`, the full 256-bit value
/// (not SEC 4's `e >> 1`). `tbs` is the canonical `ToBeSignedCertificate`, `issuer` the
/// canonical issuer certificate.
pub fn reconstruct_p256(
    reconstruction: &EccP256CurvePoint,
    tbs: &[u8],
    issuer: &[u8],
    issuer_key: &PublicKey,
) -> Option<PublicKey> {
    let PublicKey::P256(qi) = issuer_key else {
        return None;
    };
    let PublicKey::P256(pu) = PublicKey::p256(reconstruction)? else {
        return None;
    };
    let e = ecqv_e(tbs, issuer);
    let q = (p256::ProjectivePoint::from(pu) * e + p256::ProjectivePoint::from(*qi)).to_affine();
    if q == p256::AffinePoint::IDENTITY {
        return None;
    }
    Some(PublicKey::P256(q))
}

fn ecqv_e(tbs: &[u8], issuer: &[u8]) -> p256::Scalar {
    let d = Hash::Sha256.signing_digest(tbs, issuer);
    let mut f = p256::FieldBytes::default();
    f.copy_from_slice(d.as_bytes());
    <p256::Scalar as Reduce<p256::U256>>::reduce_bytes(&f)
}

/// The private key of an implicit certificate's holder: `d = e·k + r mod n`, from the
/// requester's key `k` and the issuer's private reconstruction value `r`.
pub fn reconstruct_private_p256(
    k: &p256::ecdsa::SigningKey,
    r: &[u8; 32],
    tbs: &[u8],
    issuer: &[u8],
) -> Option<p256::ecdsa::SigningKey> {
    let r: Option<p256::Scalar> = p256::Scalar::from_repr((*r).into()).into();
    let k: p256::Scalar = *k.as_nonzero_scalar().as_ref();
    let d = ecqv_e(tbs, issuer) * k + r?;
    p256::ecdsa::SigningKey::from_bytes(&d.to_repr()).ok()
}

/// The public key of a P-256 signing key.
pub fn public_p256(key: &p256::ecdsa::SigningKey) -> PublicKey {
    PublicKey::P256(*key.verifying_key().as_affine())
}

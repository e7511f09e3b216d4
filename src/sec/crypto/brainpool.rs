//! ECDSA over brainpoolP256r1 and brainpoolP384r1 (feature `brainpool`): the curve arithmetic
//! of RustCrypto's `bp256` / `bp384`, and the same checks as for the NIST curves.

use alloc::vec::Vec;

use crate::sec::types::{CurvePoint, EcdsaP256Signature, EcdsaP384Signature};

macro_rules! brainpool_curve {
    ($m:ident, $c:ident, $uint:ident, $sig:ident, $n:expr) => {
        /// One brainpool curve: keys from SEC 1 points, ECDSA verification over a digest.
        pub mod $m {
            use super::{$sig, CurvePoint, Vec};
            use $c::elliptic_curve::ops::{MulByGeneratorVartime, Reduce};
            use $c::elliptic_curve::point::AffineCoordinates;
            use $c::elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
            use $c::elliptic_curve::{Group as _, PrimeField as _};
            use $c::r1::{FieldBytes, ProjectivePoint, Scalar, Sec1Point};
            use $c::$uint;

            /// A point of the curve.
            pub use $c::r1::AffinePoint;

            /// The point a SEC 1 encoding (compressed or uncompressed) names, if on the curve.
            pub fn key(sec1: &[u8]) -> Option<AffinePoint> {
                let p = Sec1Point::from_bytes(sec1).ok()?;
                let q: Option<AffinePoint> = AffinePoint::from_sec1_point(&p).into();
                q.filter(|q| !bool::from(ProjectivePoint::from(*q).is_identity()))
            }

            /// The SEC 1 encoding of `q`.
            pub fn encode(q: &AffinePoint, compress: bool) -> Vec<u8> {
                q.to_sec1_point(compress).as_bytes().to_vec()
            }

            fn field_bytes(b: &[u8]) -> FieldBytes {
                let mut f = FieldBytes::default();
                f.copy_from_slice(b);
                f
            }

            /// ECDSA verification (SEC 1 §4.1.4) over a prehashed `digest` of the curve's
            /// size. When `rSig` names a point (compressed or uncompressed), the point `R`
            /// computed must be that point, not only share its x-coordinate mod n.
            pub fn verify(q: &AffinePoint, digest: &[u8], sig: &$sig) -> bool {
                let Some(x) = sig.r_sig.x() else {
                    return false;
                };
                if digest.len() != $n {
                    return false;
                }
                let r: Option<Scalar> = Scalar::from_repr(field_bytes(x)).into();
                let s: Option<Scalar> = Scalar::from_repr(field_bytes(&sig.s_sig)).into();
                let (Some(r), Some(s)) = (r, s) else {
                    return false;
                };
                if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
                    return false;
                }
                // The order of both curves has the digest's bit length: no truncation.
                let e = <Scalar as Reduce<$uint>>::reduce(&$uint::from_be_slice(digest));
                let w: Scalar = Option::from(s.invert()).unwrap_or(Scalar::ZERO);
                let big_r = ProjectivePoint::mul_by_generator_and_mul_add_vartime(
                    &(e * w),
                    &(r * w),
                    &ProjectivePoint::from(*q),
                );
                if bool::from(big_r.is_identity()) {
                    return false;
                }
                let big_r = big_r.to_affine();
                let (rx, ry) = (big_r.x(), big_r.y());
                let xr = <Scalar as Reduce<$uint>>::reduce(&$uint::from_be_slice(&rx));
                if xr != r {
                    return false;
                }
                sig.r_sig.form().names_point(&rx[..], &ry[..])
            }
        }
    };
}

brainpool_curve!(bp256r1, bp256, U256, EcdsaP256Signature, 32);
brainpool_curve!(bp384r1, bp384, U384, EcdsaP384Signature, 48);

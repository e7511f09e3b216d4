//! Curve points and ECDSA signatures of either size behind one interface, so the
//! cryptography is written once for P-256 and P-384 (and the brainpool curves); and the
//! canonical forms 1609.2 hashes (§6.4.3).

use alloc::vec::Vec;

use super::{
    BasePublicEncryptionKey, EccP256CurvePoint, EccP256CurvePointUncompressedP256,
    EccP384CurvePoint, EccP384CurvePointUncompressedP384, EcdsaP256Signature, EcdsaP384Signature,
    PublicEncryptionKey, PublicVerificationKey, Signature,
};

/// A curve point of either size, borrowed: the forms `EccP256CurvePoint` and
/// `EccP384CurvePoint` share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointForm<'a, const N: usize> {
    /// The x-coordinate only (an ECDSA `r`).
    XOnly(&'a [u8; N]),
    /// `fill`: no point.
    Fill,
    /// x, and y even.
    CompressedY0(&'a [u8; N]),
    /// x, and y odd.
    CompressedY1(&'a [u8; N]),
    /// x and y.
    Uncompressed {
        /// The x-coordinate.
        x: &'a [u8; N],
        /// The y-coordinate.
        y: &'a [u8; N],
    },
}

impl<const N: usize> PointForm<'_, N> {
    /// Whether the point `R = (x, y)` an ECDSA verification computed (`N` big-endian octets
    /// each) is the one an `rSig` of this form names: any `R` for `x-only` (only its
    /// x-coordinate mod n counts, which the caller checked), the same x and parity of y for
    /// the compressed forms, the same x and y uncompressed; none for `fill`.
    pub fn names_point(&self, x: &[u8], y: &[u8]) -> bool {
        let y_odd = y.last().is_some_and(|b| b & 1 == 1);
        match *self {
            PointForm::XOnly(_) => true,
            PointForm::CompressedY0(fx) => x == fx && !y_odd,
            PointForm::CompressedY1(fx) => x == fx && y_odd,
            PointForm::Uncompressed { x: fx, y: fy } => x == fx && y == fy,
            PointForm::Fill => false,
        }
    }
}

/// `EccP256CurvePoint` (`N` = 32) and `EccP384CurvePoint` (`N` = 48).
pub trait CurvePoint<const N: usize>: Copy {
    /// The point's form, borrowed.
    fn form(&self) -> PointForm<'_, N>;
    /// The point of a form.
    fn from_form(f: PointForm<'_, N>) -> Self;

    /// The x-coordinate, whatever the form (`None` for `fill`).
    fn x(&self) -> Option<&[u8; N]> {
        match self.form() {
            PointForm::XOnly(x)
            | PointForm::CompressedY0(x)
            | PointForm::CompressedY1(x)
            | PointForm::Uncompressed { x, .. } => Some(x),
            PointForm::Fill => None,
        }
    }

    /// The SEC 1 encoding (`02`/`03` + x, or `04` + x + y), for the forms that name a point.
    fn to_sec1(&self) -> Option<Vec<u8>> {
        let (tag, x, y) = match self.form() {
            PointForm::CompressedY0(x) => (2u8, x, None),
            PointForm::CompressedY1(x) => (3, x, None),
            PointForm::Uncompressed { x, y } => (4, x, Some(y)),
            _ => return None,
        };
        let mut v = Vec::with_capacity(1 + 2 * N);
        v.push(tag);
        v.extend_from_slice(x);
        if let Some(y) = y {
            v.extend_from_slice(y);
        }
        Some(v)
    }

    /// The point of a SEC 1 encoding (`02`/`03` + x, or `04` + x + y).
    fn from_sec1(b: &[u8]) -> Option<Self> {
        let x: &[u8; N] = b.get(1..1 + N)?.try_into().ok()?;
        match (b[0], b.len()) {
            (2, l) if l == 1 + N => Some(Self::from_form(PointForm::CompressedY0(x))),
            (3, l) if l == 1 + N => Some(Self::from_form(PointForm::CompressedY1(x))),
            (4, l) if l == 1 + 2 * N => {
                let y: &[u8; N] = b[1 + N..].try_into().ok()?;
                Some(Self::from_form(PointForm::Uncompressed { x, y }))
            }
            _ => None,
        }
    }

    /// The compressed form of a point (the canonical form of keys, 1609.2 §6.4.3).
    fn compressed(&self) -> Self {
        match self.form() {
            PointForm::Uncompressed { x, y } if y[N - 1] & 1 == 0 => {
                Self::from_form(PointForm::CompressedY0(x))
            }
            PointForm::Uncompressed { x, .. } => Self::from_form(PointForm::CompressedY1(x)),
            _ => *self,
        }
    }
}

macro_rules! curve_point {
    ($t:ident, $u:ident, $uv:ident, $n:expr) => {
        impl CurvePoint<$n> for $t {
            fn form(&self) -> PointForm<'_, $n> {
                match self {
                    $t::XOnly(x) => PointForm::XOnly(x),
                    $t::Fill(()) => PointForm::Fill,
                    $t::CompressedY0(x) => PointForm::CompressedY0(x),
                    $t::CompressedY1(x) => PointForm::CompressedY1(x),
                    $t::$uv(p) => PointForm::Uncompressed { x: &p.x, y: &p.y },
                }
            }
            fn from_form(f: PointForm<'_, $n>) -> Self {
                match f {
                    PointForm::XOnly(x) => $t::XOnly(*x),
                    PointForm::Fill => $t::Fill(()),
                    PointForm::CompressedY0(x) => $t::CompressedY0(*x),
                    PointForm::CompressedY1(x) => $t::CompressedY1(*x),
                    PointForm::Uncompressed { x, y } => $t::$uv($u { x: *x, y: *y }),
                }
            }
        }
    };
}
curve_point!(
    EccP256CurvePoint,
    EccP256CurvePointUncompressedP256,
    UncompressedP256,
    32
);
curve_point!(
    EccP384CurvePoint,
    EccP384CurvePointUncompressedP384,
    UncompressedP384,
    48
);

/// `EcdsaP256Signature` (`N` = 32) and `EcdsaP384Signature` (`N` = 48).
pub trait EcdsaSignature<const N: usize>: Copy {
    /// The curve point type of `rSig`.
    type Point: CurvePoint<N>;
    /// `rSig`: `r` as a point (ECDSA uses its x-coordinate, whatever the form).
    fn r_sig(&self) -> &Self::Point;
    /// `sSig`.
    fn s_sig(&self) -> &[u8; N];
    /// The signature of `rSig` and `sSig`.
    fn new(r_sig: Self::Point, s_sig: [u8; N]) -> Self;

    /// The canonical form (1609.2 §6.4.3): `rSig` as x-only.
    fn x_only(&self) -> Self {
        let r = self.r_sig();
        let r = r
            .x()
            .map_or(*r, |x| Self::Point::from_form(PointForm::XOnly(x)));
        Self::new(r, *self.s_sig())
    }
}

macro_rules! ecdsa_signature {
    ($t:ident, $p:ident, $n:expr) => {
        impl EcdsaSignature<$n> for $t {
            type Point = $p;
            fn r_sig(&self) -> &$p {
                &self.r_sig
            }
            fn s_sig(&self) -> &[u8; $n] {
                &self.s_sig
            }
            fn new(r_sig: $p, s_sig: [u8; $n]) -> Self {
                $t { r_sig, s_sig }
            }
        }
    };
}
ecdsa_signature!(EcdsaP256Signature, EccP256CurvePoint, 32);
ecdsa_signature!(EcdsaP384Signature, EccP384CurvePoint, 48);

impl Signature {
    /// The canonical form (1609.2 §6.4.3): `rSig` as x-only. Used when the signature is
    /// part of a certificate that is hashed.
    pub fn canonical(&self) -> Signature {
        match self {
            Signature::EcdsaNistP256Signature(s) => Signature::EcdsaNistP256Signature(s.x_only()),
            Signature::EcdsaBrainpoolP256r1Signature(s) => {
                Signature::EcdsaBrainpoolP256r1Signature(s.x_only())
            }
            Signature::EcdsaBrainpoolP384r1Signature(s) => {
                Signature::EcdsaBrainpoolP384r1Signature(s.x_only())
            }
            Signature::EcdsaNistP384Signature(s) => Signature::EcdsaNistP384Signature(s.x_only()),
            other => other.clone(),
        }
    }
}

impl PublicVerificationKey {
    /// The key with its point compressed (the canonical form).
    pub fn canonical(&self) -> Self {
        match self {
            PublicVerificationKey::EcdsaNistP256(p) => {
                PublicVerificationKey::EcdsaNistP256(p.compressed())
            }
            PublicVerificationKey::EcdsaBrainpoolP256r1(p) => {
                PublicVerificationKey::EcdsaBrainpoolP256r1(p.compressed())
            }
            PublicVerificationKey::EcdsaBrainpoolP384r1(p) => {
                PublicVerificationKey::EcdsaBrainpoolP384r1(p.compressed())
            }
            PublicVerificationKey::EcdsaNistP384(p) => {
                PublicVerificationKey::EcdsaNistP384(p.compressed())
            }
            PublicVerificationKey::EcsigSm2(p) => PublicVerificationKey::EcsigSm2(p.compressed()),
            other => other.clone(),
        }
    }
}

impl PublicEncryptionKey {
    /// The key with its point compressed (the canonical form).
    pub fn canonical(&self) -> Self {
        let public_key = match &self.public_key {
            BasePublicEncryptionKey::EciesNistP256(p) => {
                BasePublicEncryptionKey::EciesNistP256(p.compressed())
            }
            BasePublicEncryptionKey::EciesBrainpoolP256r1(p) => {
                BasePublicEncryptionKey::EciesBrainpoolP256r1(p.compressed())
            }
            BasePublicEncryptionKey::EcencSm2(p) => {
                BasePublicEncryptionKey::EcencSm2(p.compressed())
            }
            other => other.clone(),
        };
        PublicEncryptionKey {
            supported_symm_alg: self.supported_symm_alg,
            public_key,
        }
    }
}

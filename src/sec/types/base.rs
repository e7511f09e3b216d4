//! The base types of IEEE 1609.2 (`Ieee1609Dot2BaseTypes`): integers, hashes, times,
//! curve points, signatures, keys, locations, regions, PSIDs and SSPs.

use alloc::vec::Vec;

use crate::oer::{Error, ErrorKind, Reader, Result, ResultExt, Writer};
use crate::per::OctetString;

/// A type with a canonical OER encoding.
pub trait Coer: Sized {
    /// Reads one value from `r`.
    fn decode(r: &mut Reader<'_>) -> Result<Self>;
    /// Appends the value's canonical encoding to `w`.
    fn encode(&self, w: &mut Writer) -> Result<()>;

    /// The value that fills `b` exactly.
    fn from_coer(b: &[u8]) -> Result<Self> {
        let mut r = Reader::new(b);
        let v = Self::decode(&mut r)?;
        r.finish()?;
        Ok(v)
    }

    /// The value's canonical encoding.
    fn to_coer(&self) -> Result<Vec<u8>> {
        let mut w = Writer::new();
        self.encode(&mut w)?;
        Ok(w.into_vec())
    }
}

/// Reads an open type holding exactly one `T` (an extension alternative or addition).
pub(crate) fn decode_open<T: Coer>(r: &mut Reader<'_>) -> Result<T> {
    let mut o = r.open()?;
    let v = T::decode(&mut o)?;
    if o.remaining() != 0 {
        return Err(o.error(ErrorKind::InvalidOpenType));
    }
    Ok(v)
}

/// Reads a `SEQUENCE OF T` whose elements take at least `min_len` octets each.
pub(crate) fn decode_list<T: Coer>(
    r: &mut Reader<'_>,
    min_len: usize,
    lb: usize,
) -> Result<Vec<T>> {
    let at = r.offset();
    let n = r.quantity(min_len)?;
    if n < lb {
        return Err(Error::new(ErrorKind::SizeOutOfRange, at));
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(T::decode(r)?);
    }
    Ok(v)
}

/// Writes a `SEQUENCE OF T`.
pub(crate) fn encode_list<T: Coer>(v: &[T], w: &mut Writer) -> Result<()> {
    w.quantity(v.len());
    v.iter().try_for_each(|x| x.encode(w))
}

macro_rules! fixed_octets {
    ($(#[$m:meta])* $name:ident, $n:expr) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(
            #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
            pub [u8; $n],
        );

        impl Coer for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                r.array().map($name)
            }
            fn encode(&self, w: &mut Writer) -> Result<()> {
                w.bytes(&self.0);
                Ok(())
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    };
}

fixed_octets!(
    /// `HashedId8`: the last 8 octets of the hash of a certificate's canonical encoding.
    HashedId8,
    8
);
fixed_octets!(
    /// `HashedId3`: the last 3 octets of such a hash (a CRACA's identifier).
    HashedId3,
    3
);

macro_rules! uint_newtype {
    ($(#[$m:meta])* $name:ident, $t:ty, $read:ident, $write:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(pub $t);

        impl Coer for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                r.$read().map($name)
            }
            fn encode(&self, w: &mut Writer) -> Result<()> {
                w.$write(self.0);
                Ok(())
            }
        }
    };
}

uint_newtype!(
    /// `Psid ::= INTEGER (0..MAX)`: the provider service identifier (IEEE 1609.12), the
    /// integer (SPaT is 0x82, not its p-encoding 0x8002). Values beyond 64 bits are refused.
    Psid,
    u64,
    uint,
    uint
);
uint_newtype!(
    /// `Time32`: seconds since 2004-01-01 00:00:00 UTC, counted in TAI.
    Time32,
    u32,
    u32,
    u32
);
uint_newtype!(
    /// `Time64`: microseconds since 2004-01-01 00:00:00 UTC, counted in TAI.
    Time64,
    u64,
    u64,
    u64
);

impl Psid {
    /// Basic safety message.
    pub const BSM: Psid = Psid(0x20);
    /// Signal phase and timing (and MAP in many RSU 4.1 deployments).
    pub const SPAT: Psid = Psid(0x82);
    /// Traveller information.
    pub const TIM: Psid = Psid(0x83);
    /// MAP under the Connected Intersections guidance.
    pub const MAP: Psid = Psid(0x204097);
    /// Signal request message.
    pub const SRM: Psid = Psid(0x204096);
    /// Signal status message.
    pub const SSM: Psid = Psid(0x204095);
    /// WAVE service advertisement.
    pub const WSA: Psid = Psid(0x87);
}

/// Seconds from the Unix epoch to the 1609.2 epoch, 2004-01-01 00:00:00 UTC.
pub const EPOCH_2004_UNIX: u64 = 1_072_915_200;
/// Leap seconds inserted between 2004 and 2017 (none since): the TAI offset of 1609.2 time
/// for instants after 2017-01-01.
pub const LEAP_SECONDS_SINCE_2004: u64 = 5;

impl Time64 {
    /// The 1609.2 time of a Unix time in microseconds (after 2017-01-01; earlier instants
    /// are off by the leap seconds not yet inserted).
    pub fn from_unix_micros(us: u64) -> Time64 {
        Time64(
            us.saturating_sub(EPOCH_2004_UNIX * 1_000_000)
                .saturating_add(LEAP_SECONDS_SINCE_2004 * 1_000_000),
        )
    }

    /// The whole seconds of this time, as a [`Time32`] (saturating).
    pub fn seconds(self) -> Time32 {
        Time32(u32::try_from(self.0 / 1_000_000).unwrap_or(u32::MAX))
    }
}

impl Time32 {
    /// This time in microseconds.
    pub fn micros(self) -> Time64 {
        Time64(self.0 as u64 * 1_000_000)
    }
}

/// A CHOICE alternative added after the version this crate knows: its tag and its
/// content octets, kept to be re-encoded byte-exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnknownAlternative {
    /// The context-specific tag number.
    pub tag: u32,
    /// The content (the open type's octets).
    pub content: OctetString,
}

impl UnknownAlternative {
    pub(crate) fn decode(tag: u32, r: &mut Reader<'_>) -> Result<Self> {
        let o = r.open()?;
        Ok(UnknownAlternative {
            tag,
            content: OctetString(o.rest().to_vec()),
        })
    }

    pub(crate) fn encode(&self, w: &mut Writer) {
        w.choice(self.tag);
        w.length(self.content.0.len());
        w.bytes(&self.content.0);
    }
}

/// The extension additions of a SEQUENCE as received: how many the sender's bitmap
/// covered and each present one's octets. Known additions are read from here on demand
/// (see the accessors of the types that have them), so nothing is lost on re-encoding.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Extensions {
    /// The number of bits of the sender's presence bitmap.
    pub bits: u16,
    /// The present additions: index after the `...` (0 = first) and content.
    pub present: Vec<Addition>,
}

/// One present extension addition.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Addition {
    /// Its position after the extension marker (0 = the first addition).
    pub index: u16,
    /// Its encoding (the open type's content).
    pub content: OctetString,
}

impl Extensions {
    /// Reads the bitmap and the additions after a SEQUENCE's root members.
    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let bm = r.extension_bitmap()?;
        let mut present = Vec::new();
        for i in 0..bm.len() {
            if bm.has(i) {
                let o = r.open()?;
                present.push(Addition {
                    index: i as u16,
                    content: OctetString(o.rest().to_vec()),
                });
            }
        }
        Ok(Extensions {
            bits: bm.len() as u16,
            present,
        })
    }

    /// Reads the additions if the preamble's extension bit says they follow.
    pub(crate) fn decode_if(extended: bool, r: &mut Reader<'_>) -> Result<Option<Self>> {
        if extended {
            Extensions::decode(r).map(Some)
        } else {
            Ok(None)
        }
    }

    pub(crate) fn encode(&self, w: &mut Writer) -> Result<()> {
        let mut last = None;
        for a in &self.present {
            if a.index >= self.bits || last.is_some_and(|l| a.index <= l) {
                return Err(Error::new(ErrorKind::Unencodable, w.as_slice().len()));
            }
            last = Some(a.index);
        }
        if self.present.is_empty() {
            return Err(Error::new(ErrorKind::Unencodable, w.as_slice().len()));
        }
        w.extension_bitmap(
            self.bits as usize,
            self.present.iter().map(|a| a.index as usize),
        );
        for a in &self.present {
            w.length(a.content.0.len());
            w.bytes(&a.content.0);
        }
        Ok(())
    }

    /// The content of addition `index`, if present.
    pub fn get(&self, index: u16) -> Option<&[u8]> {
        self.present
            .iter()
            .find(|a| a.index == index)
            .map(|a| &a.content.0[..])
    }
}

/// `HashAlgorithm ::= ENUMERATED { sha256, ..., sha384, sm3 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum HashAlgorithm {
    /// SHA-256.
    #[cfg_attr(feature = "serde", serde(rename = "sha256"))]
    Sha256,
    /// SHA-384.
    #[cfg_attr(feature = "serde", serde(rename = "sha384"))]
    Sha384,
    /// SM3 (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "sm3"))]
    Sm3,
    /// A later value.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(i64),
}

impl Coer for HashAlgorithm {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.enumerated()? {
            0 => HashAlgorithm::Sha256,
            1 => HashAlgorithm::Sha384,
            2 => HashAlgorithm::Sm3,
            v => HashAlgorithm::Unknown(v),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.enumerated(match self {
            HashAlgorithm::Sha256 => 0,
            HashAlgorithm::Sha384 => 1,
            HashAlgorithm::Sm3 => 2,
            HashAlgorithm::Unknown(v) => *v,
        });
        Ok(())
    }
}

/// `EccP256CurvePoint` (`N` = 32) and `EccP384CurvePoint` (`N` = 48): a point on the curve
/// in one of its forms (not extensible).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EccCurvePoint<const N: usize> {
    /// The x-coordinate only (an ECDSA `r`).
    #[cfg_attr(feature = "serde", serde(rename = "x-only"))]
    XOnly(#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; N]),
    /// `fill`: no point (a placeholder in some certificate requests).
    #[cfg_attr(feature = "serde", serde(rename = "fill"))]
    Fill,
    /// x, and y even.
    #[cfg_attr(feature = "serde", serde(rename = "compressed-y-0"))]
    CompressedY0(
        #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; N],
    ),
    /// x, and y odd.
    #[cfg_attr(feature = "serde", serde(rename = "compressed-y-1"))]
    CompressedY1(
        #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; N],
    ),
    /// x and y (`uncompressedP256` / `uncompressedP384`).
    #[cfg_attr(feature = "serde", serde(rename = "uncompressed"))]
    Uncompressed {
        /// The x-coordinate.
        #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
        x: [u8; N],
        /// The y-coordinate.
        #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
        y: [u8; N],
    },
}

/// `EccP256CurvePoint`.
pub type EccP256CurvePoint = EccCurvePoint<32>;
/// `EccP384CurvePoint`.
pub type EccP384CurvePoint = EccCurvePoint<48>;

impl<const N: usize> EccCurvePoint<N> {
    /// The x-coordinate, whatever the form (`None` for `fill`).
    pub fn x(&self) -> Option<&[u8; N]> {
        match self {
            EccCurvePoint::XOnly(x)
            | EccCurvePoint::CompressedY0(x)
            | EccCurvePoint::CompressedY1(x)
            | EccCurvePoint::Uncompressed { x, .. } => Some(x),
            EccCurvePoint::Fill => None,
        }
    }

    /// The SEC 1 encoding (`02`/`03` + x, or `04` + x + y), for the forms that name a point.
    pub fn to_sec1(&self) -> Option<Vec<u8>> {
        let (tag, x, y) = match self {
            EccCurvePoint::CompressedY0(x) => (2u8, x, None),
            EccCurvePoint::CompressedY1(x) => (3, x, None),
            EccCurvePoint::Uncompressed { x, y } => (4, x, Some(y)),
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

    /// The compressed form of a point (the canonical form of keys, 1609.2 §6.4.3).
    pub fn compressed(&self) -> Self {
        match *self {
            EccCurvePoint::Uncompressed { x, y } if y[N - 1] & 1 == 0 => {
                EccCurvePoint::CompressedY0(x)
            }
            EccCurvePoint::Uncompressed { x, .. } => EccCurvePoint::CompressedY1(x),
            p => p,
        }
    }
}

impl<const N: usize> Coer for EccCurvePoint<N> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.offset();
        Ok(match r.choice()? {
            0 => EccCurvePoint::XOnly(r.array()?),
            1 => EccCurvePoint::Fill,
            2 => EccCurvePoint::CompressedY0(r.array()?),
            3 => EccCurvePoint::CompressedY1(r.array()?),
            4 => EccCurvePoint::Uncompressed {
                x: r.array()?,
                y: r.array()?,
            },
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at)),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            EccCurvePoint::XOnly(x) => {
                w.choice(0);
                w.bytes(x);
            }
            EccCurvePoint::Fill => w.choice(1),
            EccCurvePoint::CompressedY0(x) => {
                w.choice(2);
                w.bytes(x);
            }
            EccCurvePoint::CompressedY1(x) => {
                w.choice(3);
                w.bytes(x);
            }
            EccCurvePoint::Uncompressed { x, y } => {
                w.choice(4);
                w.bytes(x);
                w.bytes(y);
            }
        }
        Ok(())
    }
}

/// `EcdsaP256Signature` (`N` = 32) / `EcdsaP384Signature` (`N` = 48).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct EcdsaSignature<const N: usize> {
    /// `r` as a point (ECDSA uses its x-coordinate, whatever the form).
    pub r_sig: EccCurvePoint<N>,
    /// `s`.
    #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
    pub s_sig: [u8; N],
}

impl<const N: usize> Coer for EcdsaSignature<N> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(EcdsaSignature {
            r_sig: EccCurvePoint::decode(r).field("EcdsaSignature.rSig")?,
            s_sig: r.array().field("EcdsaSignature.sSig")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.r_sig.encode(w)?;
        w.bytes(&self.s_sig);
        Ok(())
    }
}

/// `EcsigP256Signature` (SM2): `r` and `s` as plain 32-octet integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct EcsigP256Signature {
    /// `r`.
    #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
    pub r_sig: [u8; 32],
    /// `s`.
    #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
    pub s_sig: [u8; 32],
}

impl Coer for EcsigP256Signature {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(EcsigP256Signature {
            r_sig: r.array()?,
            s_sig: r.array()?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.bytes(&self.r_sig);
        w.bytes(&self.s_sig);
        Ok(())
    }
}

/// `Signature ::= CHOICE { ecdsaNistP256Signature, ecdsaBrainpoolP256r1Signature, ...,
/// ecdsaBrainpoolP384r1Signature, ecdsaNistP384Signature, sm2Signature }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Signature {
    /// ECDSA over NIST P-256 (with SHA-256).
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaNistP256Signature"))]
    EcdsaNistP256(EcdsaSignature<32>),
    /// ECDSA over brainpoolP256r1.
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaBrainpoolP256r1Signature"))]
    EcdsaBrainpoolP256r1(EcdsaSignature<32>),
    /// ECDSA over brainpoolP384r1 (extension alternative).
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaBrainpoolP384r1Signature"))]
    EcdsaBrainpoolP384r1(EcdsaSignature<48>),
    /// ECDSA over NIST P-384 (with SHA-384; extension alternative).
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaNistP384Signature"))]
    EcdsaNistP384(EcdsaSignature<48>),
    /// SM2 (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "sm2Signature"))]
    Sm2(EcsigP256Signature),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for Signature {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => Signature::EcdsaNistP256(Coer::decode(r)?),
            1 => Signature::EcdsaBrainpoolP256r1(Coer::decode(r)?),
            2 => Signature::EcdsaBrainpoolP384r1(decode_open(r)?),
            3 => Signature::EcdsaNistP384(decode_open(r)?),
            4 => Signature::Sm2(decode_open(r)?),
            t => Signature::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            Signature::EcdsaNistP256(s) => {
                w.choice(0);
                s.encode(w)
            }
            Signature::EcdsaBrainpoolP256r1(s) => {
                w.choice(1);
                s.encode(w)
            }
            Signature::EcdsaBrainpoolP384r1(s) => {
                w.choice(2);
                w.open(|w| s.encode(w))
            }
            Signature::EcdsaNistP384(s) => {
                w.choice(3);
                w.open(|w| s.encode(w))
            }
            Signature::Sm2(s) => {
                w.choice(4);
                w.open(|w| s.encode(w))
            }
            Signature::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

impl Signature {
    /// The canonical form (1609.2 §6.4.3): `rSig` as x-only. Used when the signature is
    /// part of a certificate that is hashed.
    pub fn canonical(&self) -> Signature {
        fn x_only<const N: usize>(s: &EcdsaSignature<N>) -> EcdsaSignature<N> {
            EcdsaSignature {
                r_sig: s.r_sig.x().map_or(s.r_sig, |x| EccCurvePoint::XOnly(*x)),
                s_sig: s.s_sig,
            }
        }
        match self {
            Signature::EcdsaNistP256(s) => Signature::EcdsaNistP256(x_only(s)),
            Signature::EcdsaBrainpoolP256r1(s) => Signature::EcdsaBrainpoolP256r1(x_only(s)),
            Signature::EcdsaBrainpoolP384r1(s) => Signature::EcdsaBrainpoolP384r1(x_only(s)),
            Signature::EcdsaNistP384(s) => Signature::EcdsaNistP384(x_only(s)),
            other => other.clone(),
        }
    }
}

/// `PublicVerificationKey ::= CHOICE { ecdsaNistP256, ecdsaBrainpoolP256r1, ...,
/// ecdsaBrainpoolP384r1, ecdsaNistP384, ecsigSm2 }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PublicVerificationKey {
    /// A NIST P-256 key.
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaNistP256"))]
    EcdsaNistP256(EccP256CurvePoint),
    /// A brainpoolP256r1 key.
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaBrainpoolP256r1"))]
    EcdsaBrainpoolP256r1(EccP256CurvePoint),
    /// A brainpoolP384r1 key (extension alternative).
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaBrainpoolP384r1"))]
    EcdsaBrainpoolP384r1(EccP384CurvePoint),
    /// A NIST P-384 key (extension alternative).
    #[cfg_attr(feature = "serde", serde(rename = "ecdsaNistP384"))]
    EcdsaNistP384(EccP384CurvePoint),
    /// An SM2 key (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "ecsigSm2"))]
    EcsigSm2(EccP256CurvePoint),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for PublicVerificationKey {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => PublicVerificationKey::EcdsaNistP256(Coer::decode(r)?),
            1 => PublicVerificationKey::EcdsaBrainpoolP256r1(Coer::decode(r)?),
            2 => PublicVerificationKey::EcdsaBrainpoolP384r1(decode_open(r)?),
            3 => PublicVerificationKey::EcdsaNistP384(decode_open(r)?),
            4 => PublicVerificationKey::EcsigSm2(decode_open(r)?),
            t => PublicVerificationKey::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            PublicVerificationKey::EcdsaNistP256(p) => {
                w.choice(0);
                p.encode(w)
            }
            PublicVerificationKey::EcdsaBrainpoolP256r1(p) => {
                w.choice(1);
                p.encode(w)
            }
            PublicVerificationKey::EcdsaBrainpoolP384r1(p) => {
                w.choice(2);
                w.open(|w| p.encode(w))
            }
            PublicVerificationKey::EcdsaNistP384(p) => {
                w.choice(3);
                w.open(|w| p.encode(w))
            }
            PublicVerificationKey::EcsigSm2(p) => {
                w.choice(4);
                w.open(|w| p.encode(w))
            }
            PublicVerificationKey::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
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

/// `SymmAlgorithm ::= ENUMERATED { aes128Ccm, ..., sm4Ccm }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SymmAlgorithm {
    /// AES-128 in CCM mode.
    #[cfg_attr(feature = "serde", serde(rename = "aes128Ccm"))]
    Aes128Ccm,
    /// SM4 in CCM mode (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "sm4Ccm"))]
    Sm4Ccm,
    /// A later value.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(i64),
}

impl Coer for SymmAlgorithm {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.enumerated()? {
            0 => SymmAlgorithm::Aes128Ccm,
            1 => SymmAlgorithm::Sm4Ccm,
            v => SymmAlgorithm::Unknown(v),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.enumerated(match self {
            SymmAlgorithm::Aes128Ccm => 0,
            SymmAlgorithm::Sm4Ccm => 1,
            SymmAlgorithm::Unknown(v) => *v,
        });
        Ok(())
    }
}

/// `BasePublicEncryptionKey ::= CHOICE { eciesNistP256, eciesBrainpoolP256r1, ..., ecencSm2 }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BasePublicEncryptionKey {
    /// ECIES over NIST P-256.
    #[cfg_attr(feature = "serde", serde(rename = "eciesNistP256"))]
    EciesNistP256(EccP256CurvePoint),
    /// ECIES over brainpoolP256r1.
    #[cfg_attr(feature = "serde", serde(rename = "eciesBrainpoolP256r1"))]
    EciesBrainpoolP256r1(EccP256CurvePoint),
    /// SM2 encryption (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "ecencSm2"))]
    EcencSm2(EccP256CurvePoint),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for BasePublicEncryptionKey {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => BasePublicEncryptionKey::EciesNistP256(Coer::decode(r)?),
            1 => BasePublicEncryptionKey::EciesBrainpoolP256r1(Coer::decode(r)?),
            2 => BasePublicEncryptionKey::EcencSm2(decode_open(r)?),
            t => BasePublicEncryptionKey::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            BasePublicEncryptionKey::EciesNistP256(p) => {
                w.choice(0);
                p.encode(w)
            }
            BasePublicEncryptionKey::EciesBrainpoolP256r1(p) => {
                w.choice(1);
                p.encode(w)
            }
            BasePublicEncryptionKey::EcencSm2(p) => {
                w.choice(2);
                w.open(|w| p.encode(w))
            }
            BasePublicEncryptionKey::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `PublicEncryptionKey ::= SEQUENCE { supportedSymmAlg, publicKey }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PublicEncryptionKey {
    /// The symmetric algorithm the key's owner accepts.
    pub supported_symm_alg: SymmAlgorithm,
    /// The public key.
    pub public_key: BasePublicEncryptionKey,
}

impl Coer for PublicEncryptionKey {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(PublicEncryptionKey {
            supported_symm_alg: Coer::decode(r).field("PublicEncryptionKey.supportedSymmAlg")?,
            public_key: Coer::decode(r).field("PublicEncryptionKey.publicKey")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.supported_symm_alg.encode(w)?;
        self.public_key.encode(w)
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

/// `SymmetricEncryptionKey ::= CHOICE { aes128Ccm OCTET STRING (SIZE(16)), ..., sm4Ccm }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SymmetricEncryptionKey {
    /// An AES-128 key.
    #[cfg_attr(feature = "serde", serde(rename = "aes128Ccm"))]
    Aes128Ccm(
        #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; 16],
    ),
    /// An SM4 key (1609.2-2022).
    #[cfg_attr(feature = "serde", serde(rename = "sm4Ccm"))]
    Sm4Ccm(#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; 16]),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

struct Key16([u8; 16]);
impl Coer for Key16 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.array().map(Key16)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.bytes(&self.0);
        Ok(())
    }
}

impl Coer for SymmetricEncryptionKey {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => SymmetricEncryptionKey::Aes128Ccm(r.array()?),
            1 => SymmetricEncryptionKey::Sm4Ccm(decode_open::<Key16>(r)?.0),
            t => SymmetricEncryptionKey::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            SymmetricEncryptionKey::Aes128Ccm(k) => {
                w.choice(0);
                w.bytes(k);
                Ok(())
            }
            SymmetricEncryptionKey::Sm4Ccm(k) => {
                w.choice(1);
                w.open(|w| Key16(*k).encode(w))
            }
            SymmetricEncryptionKey::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `EncryptionKey ::= CHOICE { public PublicEncryptionKey, symmetric SymmetricEncryptionKey }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EncryptionKey {
    /// A public key.
    #[cfg_attr(feature = "serde", serde(rename = "public"))]
    Public(PublicEncryptionKey),
    /// A symmetric key.
    #[cfg_attr(feature = "serde", serde(rename = "symmetric"))]
    Symmetric(SymmetricEncryptionKey),
}

impl Coer for EncryptionKey {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.offset();
        Ok(match r.choice()? {
            0 => EncryptionKey::Public(Coer::decode(r)?),
            1 => EncryptionKey::Symmetric(Coer::decode(r)?),
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at)),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            EncryptionKey::Public(k) => {
                w.choice(0);
                k.encode(w)
            }
            EncryptionKey::Symmetric(k) => {
                w.choice(1);
                k.encode(w)
            }
        }
    }
}

/// `Latitude ::= NinetyDegreeInt (-900000000..900000001)`, 1/10 µdegree; 900000001 is unknown.
pub const LATITUDE: (i64, i64) = (-900_000_000, 900_000_001);
/// `Longitude ::= OneEightyDegreeInt (-1799999999..1800000001)`; 1800000001 is unknown.
pub const LONGITUDE: (i64, i64) = (-1_799_999_999, 1_800_000_001);

/// `TwoDLocation ::= SEQUENCE { latitude, longitude }`, in 1/10 microdegrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TwoDLocation {
    /// Latitude, 1/10 µdegree.
    pub latitude: i32,
    /// Longitude, 1/10 µdegree.
    pub longitude: i32,
}

pub(crate) fn decode_lat_lon(r: &mut Reader<'_>) -> Result<(i32, i32)> {
    let lat = r.constrained(LATITUDE.0, LATITUDE.1).field("latitude")?;
    let lon = r.constrained(LONGITUDE.0, LONGITUDE.1).field("longitude")?;
    Ok((lat as i32, lon as i32))
}

pub(crate) fn encode_lat_lon(lat: i32, lon: i32, w: &mut Writer) -> Result<()> {
    w.constrained(lat as i64, LATITUDE.0, LATITUDE.1)
        .field("latitude")?;
    w.constrained(lon as i64, LONGITUDE.0, LONGITUDE.1)
        .field("longitude")
}

impl Coer for TwoDLocation {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let (latitude, longitude) = decode_lat_lon(r)?;
        Ok(TwoDLocation {
            latitude,
            longitude,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        encode_lat_lon(self.latitude, self.longitude, w)
    }
}

/// `ThreeDLocation ::= SEQUENCE { latitude, longitude, elevation Uint16 }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ThreeDLocation {
    /// Latitude, 1/10 µdegree.
    pub latitude: i32,
    /// Longitude, 1/10 µdegree.
    pub longitude: i32,
    /// Elevation, decimetres offset as 1609.2 defines it (`Uint16`).
    pub elevation: u16,
}

impl Coer for ThreeDLocation {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let (latitude, longitude) = decode_lat_lon(r)?;
        Ok(ThreeDLocation {
            latitude,
            longitude,
            elevation: r.u16().field("elevation")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        encode_lat_lon(self.latitude, self.longitude, w)?;
        w.u16(self.elevation);
        Ok(())
    }
}

/// `ServiceSpecificPermissions ::= CHOICE { opaque OCTET STRING, ..., bitmapSsp }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ServiceSpecificPermissions {
    /// Octets whose meaning the application defines.
    #[cfg_attr(feature = "serde", serde(rename = "opaque"))]
    Opaque(OctetString),
    /// A bitmap SSP (`OCTET STRING (SIZE(0..31))`).
    #[cfg_attr(feature = "serde", serde(rename = "bitmapSsp"))]
    BitmapSsp(OctetString),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl ServiceSpecificPermissions {
    /// The SSP's octets (opaque or bitmap), as an application reads them.
    pub fn octets(&self) -> Option<&[u8]> {
        match self {
            ServiceSpecificPermissions::Opaque(o) | ServiceSpecificPermissions::BitmapSsp(o) => {
                Some(&o.0)
            }
            ServiceSpecificPermissions::Unknown(_) => None,
        }
    }
}

impl Coer for ServiceSpecificPermissions {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => ServiceSpecificPermissions::Opaque(OctetString(r.octets(0, usize::MAX)?.to_vec())),
            1 => {
                let mut o = r.open()?;
                let b = o.octets(0, 31)?;
                o.finish()
                    .map_err(|e| Error::new(ErrorKind::InvalidOpenType, e.offset))?;
                ServiceSpecificPermissions::BitmapSsp(OctetString(b.to_vec()))
            }
            t => ServiceSpecificPermissions::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            ServiceSpecificPermissions::Opaque(o) => {
                w.choice(0);
                w.octets(&o.0, 0, usize::MAX)
            }
            ServiceSpecificPermissions::BitmapSsp(o) => {
                w.choice(1);
                w.open(|w| w.octets(&o.0, 0, 31))
            }
            ServiceSpecificPermissions::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `PsidSsp ::= SEQUENCE { psid, ssp ServiceSpecificPermissions OPTIONAL }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PsidSsp {
    /// The PSID.
    pub psid: Psid,
    /// Its permissions, if any.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub ssp: Option<ServiceSpecificPermissions>,
}

impl Coer for PsidSsp {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(false, 1)?;
        Ok(PsidSsp {
            psid: Psid::decode(r).field("PsidSsp.psid")?,
            ssp: if p.has(0) {
                Some(Coer::decode(r).field("PsidSsp.ssp")?)
            } else {
                None
            },
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(false, false, 1, self.ssp.is_some() as u64);
        self.psid.encode(w)?;
        if let Some(s) = &self.ssp {
            s.encode(w)?;
        }
        Ok(())
    }
}

//! OBJECT IDENTIFIER and RELATIVE-OID (X.680 clauses 32 and 33).
//!
//! UPER (X.691 clauses 24 and 25) writes either as an unconstrained length determinant
//! (in octets) followed by the contents octets of its BER encoding (X.690 8.19 and 8.20):
//! each arc (subidentifier) in base 128, most significant group first, every octet but
//! the last of an arc with its top bit set; an OBJECT IDENTIFIER's first two arcs `a.b`
//! are one subidentifier `40 * a + b`.
//!
//! The owned types ([`ObjectIdentifier`], [`RelativeOid`]) hold the contents octets, so a
//! decode is one copy and a re-encode writes the octets received. They hold only
//! canonical contents: X.690 8.19.2 forbids a subidentifier starting with `0x80` (a
//! non-minimal arc), so such contents are refused ([`ErrorKind::InvalidObjectIdentifier`]),
//! as are empty contents, a last octet with the continuation bit (a cut arc) and an arc
//! above `u64::MAX`. Every value held is thus the encoding of exactly one list of `u64`
//! arcs, and its dotted text (`"1.0.15628.4.1.17.1.0"`, the JSON form) loses nothing.

use super::{BitReader, Error, ErrorKind, Result, Size};

/// Why octets or arcs are not an OBJECT IDENTIFIER or RELATIVE-OID value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum OidError {
    /// No arcs (empty contents, or an empty arc list).
    #[error("no arcs")]
    Empty,
    /// An arc's encoding starts with the octet 0x80 (not minimal: X.690 8.19.2).
    #[error("an arc's encoding starts with 0x80 (not minimal)")]
    NonMinimal,
    /// The last octet has the continuation bit: the last arc is cut.
    #[error("the last arc is cut (its last octet has the continuation bit)")]
    Truncated,
    /// An arc exceeds `u64::MAX` (for an OBJECT IDENTIFIER, the first subidentifier
    /// `40 * a + b` does).
    #[error("an arc exceeds 2^64 - 1")]
    ArcOverflow,
    /// An OBJECT IDENTIFIER has fewer than two arcs, a first arc above 2, or a second arc
    /// above 39 under a first arc 0 or 1.
    #[error(
        "the first arcs are not those of an OBJECT IDENTIFIER (0..=2, then 0..=39 under 0 and 1)"
    )]
    FirstArcs,
    /// Text that is not arcs separated by dots (decimal, no sign).
    #[error("not a dotted list of decimal arcs")]
    Syntax,
}

/// Checks contents octets one at a time (no allocation): what a skip function runs.
#[derive(Clone, Copy, Debug)]
pub struct OidCheck {
    /// The value of the arc being read (its octets so far).
    acc: u64,
    /// Whether the next octet starts an arc.
    at_start: bool,
    /// Whether any octet was fed.
    any: bool,
}

impl Default for OidCheck {
    fn default() -> Self {
        Self::new()
    }
}

impl OidCheck {
    /// A check before the first octet.
    pub const fn new() -> Self {
        OidCheck {
            acc: 0,
            at_start: true,
            any: false,
        }
    }

    /// Takes the next contents octet.
    #[inline]
    pub fn feed(&mut self, b: u8) -> core::result::Result<(), OidError> {
        if self.at_start && b == 0x80 {
            return Err(OidError::NonMinimal);
        }
        if self.acc >> 57 != 0 {
            return Err(OidError::ArcOverflow);
        }
        self.acc = self.acc << 7 | u64::from(b & 0x7f);
        self.any = true;
        self.at_start = b & 0x80 == 0;
        if self.at_start {
            self.acc = 0;
        }
        Ok(())
    }

    /// After the last octet: whether the contents were complete.
    pub fn finish(&self) -> core::result::Result<(), OidError> {
        if !self.any {
            Err(OidError::Empty)
        } else if !self.at_start {
            Err(OidError::Truncated)
        } else {
            Ok(())
        }
    }
}

/// Checks whole contents octets (see [`OidCheck`]).
pub fn check_oid_contents(contents: &[u8]) -> core::result::Result<(), OidError> {
    let mut c = OidCheck::new();
    for &b in contents {
        c.feed(b)?;
    }
    c.finish()
}

/// Reads past an OBJECT IDENTIFIER or RELATIVE-OID (length and contents), checking its
/// contents as the owned decode does: the same errors (the length's, then
/// [`ErrorKind::InvalidObjectIdentifier`] at the length's first bit), no allocation.
pub fn skip_oid(r: &mut BitReader<'_>) -> Result<()> {
    let at = r.position();
    let mut c = OidCheck::new();
    let mut bad = false;
    r.read_sized(Size::UNCONSTRAINED, 8, |r, n| {
        for _ in 0..n {
            let b = r.read_bits(8)? as u8;
            bad = bad || c.feed(b).is_err();
        }
        Ok(())
    })?;
    if bad || c.finish().is_err() {
        return Err(Error::new(ErrorKind::InvalidObjectIdentifier, at));
    }
    Ok(())
}

/// The subidentifiers of checked contents octets, in order.
#[derive(Clone, Debug)]
pub struct Subidentifiers<'a> {
    rest: &'a [u8],
}

impl Iterator for Subidentifiers<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let mut v = 0u64;
        while let Some((&b, rest)) = self.rest.split_first() {
            self.rest = rest;
            // (Checked contents: no overflow; on others the value wraps, never panics.)
            v = v.wrapping_shl(7) | u64::from(b & 0x7f);
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

/// Appends the base-128 encoding of `v` to `out`.
#[cfg(feature = "alloc")]
fn push_arc(out: &mut alloc::vec::Vec<u8>, v: u64) {
    let groups = (64 - v.leading_zeros()).div_ceil(7).max(1);
    for g in (0..groups).rev() {
        let x = (v >> (7 * g)) as u8 & 0x7f;
        out.push(if g > 0 { x | 0x80 } else { x });
    }
}

/// Parses `"a.b.c"` into arcs, each decimal `u64`.
#[cfg(feature = "alloc")]
fn parse_dotted(s: &str) -> core::result::Result<alloc::vec::Vec<u64>, OidError> {
    if s.is_empty() {
        return Err(OidError::Empty);
    }
    s.split('.')
        .map(|p| {
            if p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()) {
                return Err(OidError::Syntax);
            }
            p.parse::<u64>().map_err(|_| OidError::ArcOverflow)
        })
        .collect()
}

#[cfg(feature = "alloc")]
pub use owned::{ObjectIdentifier, ObjectIdentifierArcs, RelativeOid};

#[cfg(feature = "alloc")]
mod owned {
    use super::*;
    use crate::per::{BitWriter, Decode, Encode, OctetString, Sink};
    use alloc::vec::Vec;

    /// Reads the length and contents, then checks them.
    fn decode_contents(r: &mut BitReader<'_>) -> Result<Vec<u8>> {
        let at = r.position();
        let v = OctetString::decode_sized(r, Size::UNCONSTRAINED)?.0;
        check_oid_contents(&v).map_err(|_| Error::new(ErrorKind::InvalidObjectIdentifier, at))?;
        Ok(v)
    }

    /// An OBJECT IDENTIFIER value: its contents octets (X.690 8.19), always canonical.
    ///
    /// Make one from arcs ([`from_arcs`](Self::from_arcs)), dotted text (`parse`) or
    /// contents octets ([`from_contents`](Self::from_contents)); read its
    /// [`arcs`](Self::arcs), print it dotted with `{}`. JSON: the dotted string.
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct ObjectIdentifier(Vec<u8>);

    /// A RELATIVE-OID value: its contents octets (X.690 8.20), always canonical.
    ///
    /// As [`ObjectIdentifier`], without the combined first two arcs; at least one arc.
    /// JSON: the dotted string (`"4.1.17"`).
    #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct RelativeOid(Vec<u8>);

    impl ObjectIdentifier {
        /// The value with contents octets `contents`, if canonical (see the module docs).
        pub fn from_contents(contents: Vec<u8>) -> core::result::Result<Self, OidError> {
            check_oid_contents(&contents)?;
            Ok(ObjectIdentifier(contents))
        }

        /// The value of `arcs`: at least two, the first 0..=2, the second 0..=39 under a
        /// first arc 0 or 1 (and at most `u64::MAX - 80` under 2).
        pub fn from_arcs(arcs: &[u64]) -> core::result::Result<Self, OidError> {
            let (&a, &b) = match arcs {
                [a, b, ..] => (a, b),
                _ => return Err(OidError::FirstArcs),
            };
            let first = match a {
                0 | 1 if b < 40 => a * 40 + b,
                2 => b.checked_add(80).ok_or(OidError::ArcOverflow)?,
                _ => return Err(OidError::FirstArcs),
            };
            let mut v = Vec::with_capacity(arcs.len() + 2);
            push_arc(&mut v, first);
            for &x in &arcs[2..] {
                push_arc(&mut v, x);
            }
            Ok(ObjectIdentifier(v))
        }

        /// The contents octets (X.690 8.19), as UPER carries them after the length.
        pub fn contents(&self) -> &[u8] {
            &self.0
        }

        /// The arcs, in order (the first subidentifier split into two).
        pub fn arcs(&self) -> ObjectIdentifierArcs<'_> {
            ObjectIdentifierArcs {
                subs: Subidentifiers { rest: &self.0 },
                second: None,
                started: false,
            }
        }
    }

    /// The arcs of an [`ObjectIdentifier`].
    #[derive(Clone, Debug)]
    pub struct ObjectIdentifierArcs<'a> {
        subs: Subidentifiers<'a>,
        second: Option<u64>,
        started: bool,
    }

    impl Iterator for ObjectIdentifierArcs<'_> {
        type Item = u64;

        fn next(&mut self) -> Option<u64> {
            if let Some(b) = self.second.take() {
                return Some(b);
            }
            let x = self.subs.next()?;
            if self.started {
                return Some(x);
            }
            self.started = true;
            let (a, b) = match x {
                0..=39 => (0, x),
                40..=79 => (1, x - 40),
                _ => (2, x - 80),
            };
            self.second = Some(b);
            Some(a)
        }
    }

    impl RelativeOid {
        /// The value with contents octets `contents`, if canonical (see the module docs).
        pub fn from_contents(contents: Vec<u8>) -> core::result::Result<Self, OidError> {
            check_oid_contents(&contents)?;
            Ok(RelativeOid(contents))
        }

        /// The value of `arcs` (at least one).
        pub fn from_arcs(arcs: &[u64]) -> core::result::Result<Self, OidError> {
            if arcs.is_empty() {
                return Err(OidError::Empty);
            }
            let mut v = Vec::with_capacity(arcs.len() + 2);
            for &x in arcs {
                push_arc(&mut v, x);
            }
            Ok(RelativeOid(v))
        }

        /// The contents octets (X.690 8.20), as UPER carries them after the length.
        pub fn contents(&self) -> &[u8] {
            &self.0
        }

        /// The arcs, in order.
        pub fn arcs(&self) -> Subidentifiers<'_> {
            Subidentifiers { rest: &self.0 }
        }
    }

    /// `0.0`, the smallest value (a generated type's `Default`).
    impl Default for ObjectIdentifier {
        fn default() -> Self {
            ObjectIdentifier(alloc::vec![0])
        }
    }

    /// `0`, the smallest value (a generated type's `Default`).
    impl Default for RelativeOid {
        fn default() -> Self {
            RelativeOid(alloc::vec![0])
        }
    }

    fn write_dotted(
        f: &mut core::fmt::Formatter<'_>,
        arcs: impl Iterator<Item = u64>,
    ) -> core::fmt::Result {
        for (i, a) in arcs.enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "{a}")?;
        }
        Ok(())
    }

    impl core::fmt::Display for ObjectIdentifier {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            write_dotted(f, self.arcs())
        }
    }

    impl core::fmt::Display for RelativeOid {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            write_dotted(f, self.arcs())
        }
    }

    impl core::str::FromStr for ObjectIdentifier {
        type Err = OidError;
        fn from_str(s: &str) -> core::result::Result<Self, OidError> {
            Self::from_arcs(&parse_dotted(s)?)
        }
    }

    impl core::str::FromStr for RelativeOid {
        type Err = OidError;
        fn from_str(s: &str) -> core::result::Result<Self, OidError> {
            Self::from_arcs(&parse_dotted(s)?)
        }
    }

    impl Decode for ObjectIdentifier {
        fn decode(r: &mut BitReader<'_>) -> Result<Self> {
            decode_contents(r).map(ObjectIdentifier)
        }
    }

    impl Decode for RelativeOid {
        fn decode(r: &mut BitReader<'_>) -> Result<Self> {
            decode_contents(r).map(RelativeOid)
        }
    }

    fn encode_contents<S: Sink>(c: &[u8], w: &mut BitWriter<S>) -> Result<()> {
        w.write_sized(Size::UNCONSTRAINED, c.len(), |w, s, n| {
            w.write_octets(&c[s..s + n])
        })
    }

    impl Encode for ObjectIdentifier {
        fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
            encode_contents(&self.0, w)
        }
    }

    impl Encode for RelativeOid {
        fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
            encode_contents(&self.0, w)
        }
    }

    impl ObjectIdentifier {
        /// The value of a view's contents octets (a skip function checked them; checked
        /// again here, an error at bit 0 if they are not canonical).
        pub fn from_view(v: crate::per::view::OctetsView<'_>) -> Result<Self> {
            Self::from_contents(v.to_vec())
                .map_err(|_| Error::new(ErrorKind::InvalidObjectIdentifier, 0))
        }
    }

    impl RelativeOid {
        /// The value of a view's contents octets (see [`ObjectIdentifier::from_view`]).
        pub fn from_view(v: crate::per::view::OctetsView<'_>) -> Result<Self> {
            Self::from_contents(v.to_vec())
                .map_err(|_| Error::new(ErrorKind::InvalidObjectIdentifier, 0))
        }
    }

    #[cfg(feature = "serde")]
    mod json {
        use super::*;
        use alloc::string::ToString;
        use serde::de::Error as _;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// JSON: the dotted text (`Display` / `FromStr`), for both kinds.
        macro_rules! dotted_serde {
            ($($t:ty),*) => {$(
                impl Serialize for $t {
                    fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
                        s.serialize_str(&self.to_string())
                    }
                }
                impl<'de> Deserialize<'de> for $t {
                    fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
                        let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
                        s.parse().map_err(D::Error::custom)
                    }
                }
            )*};
        }
        dotted_serde!(ObjectIdentifier, RelativeOid);
    }

    #[cfg(feature = "arbitrary")]
    mod arb {
        use super::*;
        use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};

        /// An arc: mostly small, rarely any `u64`.
        fn arc(u: &mut Unstructured<'_>) -> ArbResult<u64> {
            if crate::per::owned::arb::rare(u)? {
                u64::arbitrary(u)
            } else {
                u.int_in_range(0..=300)
            }
        }

        impl<'a> Arbitrary<'a> for ObjectIdentifier {
            fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
                let a = u.int_in_range(0..=2)?;
                let b = if a < 2 {
                    u.int_in_range(0..=39)?
                } else {
                    arc(u)? % (u64::MAX - 80)
                };
                let mut arcs = alloc::vec![a, b];
                for _ in 0..u.int_in_range(0..=4)? {
                    arcs.push(arc(u)?);
                }
                Ok(Self::from_arcs(&arcs).expect("valid arcs"))
            }
        }

        impl<'a> Arbitrary<'a> for RelativeOid {
            fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
                let mut arcs = alloc::vec![arc(u)?];
                for _ in 0..u.int_in_range(0..=4)? {
                    arcs.push(arc(u)?);
                }
                Ok(Self::from_arcs(&arcs).expect("valid arcs"))
            }
        }
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::per::{Decode, Encode};
    use alloc::string::ToString;

    fn hex(s: &str) -> alloc::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn the_rsm_operator_oid_reads_and_writes_as_asn1tools_does() {
        // asn1tools 0.169 (uper) encodes '1.0.15628.4.1.17.1.0' as this.
        let bytes = hex("0828fa0c0401110100");
        let v = ObjectIdentifier::from_uper(&bytes).unwrap();
        assert_eq!(v.to_string(), "1.0.15628.4.1.17.1.0");
        assert_eq!(v.to_uper().unwrap(), bytes);
        assert_eq!(
            "1.0.15628.4.1.17.1.0".parse::<ObjectIdentifier>().unwrap(),
            v
        );
    }

    #[test]
    fn relative_oid_reads_and_writes_as_pycrate_does() {
        // pycrate 0.8.1 REL_OID (4, 1, 17, 1, 0).to_uper().
        let bytes = hex("050401110100");
        let v = RelativeOid::from_uper(&bytes).unwrap();
        assert_eq!(v.to_string(), "4.1.17.1.0");
        assert_eq!(v.to_uper().unwrap(), bytes);
    }

    #[test]
    fn first_arcs_split_at_40_and_80() {
        for (c, t) in [
            ("00", "0.0"),
            ("27", "0.39"),
            ("28", "1.0"),
            ("4f", "1.39"),
            ("50", "2.0"),
            ("8837", "2.999"),
            ("81ffffffffffffffff7f", "2.18446744073709551535"),
        ] {
            let v = ObjectIdentifier::from_contents(hex(c)).unwrap();
            assert_eq!(v.to_string(), t, "{c}");
            assert_eq!(t.parse::<ObjectIdentifier>().unwrap(), v, "{t}");
        }
        assert_eq!(
            "2.18446744073709551536".parse::<ObjectIdentifier>(),
            Err(OidError::ArcOverflow)
        );
        assert_eq!("1.40".parse::<ObjectIdentifier>(), Err(OidError::FirstArcs));
        assert_eq!("3.1".parse::<ObjectIdentifier>(), Err(OidError::FirstArcs));
        assert_eq!("1".parse::<ObjectIdentifier>(), Err(OidError::FirstArcs));
        assert_eq!("".parse::<RelativeOid>(), Err(OidError::Empty));
        assert_eq!("1..2".parse::<RelativeOid>(), Err(OidError::Syntax));
        assert_eq!("1.+2".parse::<RelativeOid>(), Err(OidError::Syntax));
        assert_eq!(
            "18446744073709551616".parse::<RelativeOid>(),
            Err(OidError::ArcOverflow)
        );
        let max = "18446744073709551615".parse::<RelativeOid>().unwrap();
        assert_eq!(max.contents(), hex("81ffffffffffffffff7f"));
        assert_eq!(max.arcs().collect::<alloc::vec::Vec<_>>(), [u64::MAX]);
    }

    #[test]
    fn hostile_contents_are_refused_by_decode_and_skip_alike() {
        for (h, why) in [
            ("00", OidError::Empty),
            ("02807f", OidError::NonMinimal),
            ("03018001", OidError::NonMinimal),
            ("0181", OidError::Truncated),
            ("020181", OidError::Truncated),
            ("0b8280808080808080808000", OidError::ArcOverflow),
        ] {
            let b = hex(h);
            assert_eq!(check_oid_contents(&b[1..]), Err(why), "{h}");
            for e in [
                ObjectIdentifier::from_uper(&b).unwrap_err(),
                RelativeOid::from_uper(&b).unwrap_err(),
                skip_oid(&mut BitReader::new(&b)).unwrap_err(),
            ] {
                assert_eq!(e, Error::new(ErrorKind::InvalidObjectIdentifier, 0), "{h}");
            }
        }
        // The largest arc that fits is accepted (10 octets).
        assert!(RelativeOid::from_uper(&hex("0a81ffffffffffffffff7f")).is_ok());
        // A length the input cannot hold: refused before anything is reserved.
        for h in ["7f00", "bfff00", "c4"] {
            let b = hex(h);
            let e = RelativeOid::from_uper(&b).unwrap_err();
            assert_eq!(skip_oid(&mut BitReader::new(&b)).unwrap_err(), e, "{h}");
            assert_ne!(e.kind, ErrorKind::InvalidObjectIdentifier, "{h}");
        }
    }
}

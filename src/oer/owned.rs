//! What the generated COER codecs of owned types call (`tools/asn1gen/backends/coer.py`):
//! the [`Coer`] trait, unknown CHOICE alternatives and extension additions kept as received,
//! lists, open types, strings.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Error, ErrorKind, Reader, Result, Writer};
use crate::per::BitString;

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

/// A CHOICE alternative added after the version this crate knows: its tag and its
/// content octets, kept to be re-encoded byte-exactly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnknownAlternative {
    /// The context-specific tag number.
    pub tag: u32,
    /// The content (the open type's octets).
    pub content: Vec<u8>,
}

impl UnknownAlternative {
    /// Reads the open type of the alternative whose tag `tag` was read.
    pub fn decode(tag: u32, r: &mut Reader<'_>) -> Result<Self> {
        let o = r.open()?;
        Ok(UnknownAlternative {
            tag,
            content: o.rest().to_vec(),
        })
    }

    /// Writes the tag and the content as an open type.
    pub fn encode(&self, w: &mut Writer) -> Result<()> {
        w.choice(self.tag);
        w.length(self.content.len());
        w.bytes(&self.content);
        Ok(())
    }
}

/// The extension additions of a SEQUENCE as far as this version does not decode them into
/// named fields: one slot per bit of the sender's presence bitmap, `Some(octets)` for an
/// addition this crate does not know, `None` for an absent one or one decoded into a field.
/// Kept so that the value re-encodes byte-exactly (the bitmap's length included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Extensions {
    /// One entry per bit of the sender's presence bitmap.
    pub slots: Vec<Option<Vec<u8>>>,
}

impl Extensions {
    /// Reads the bitmap and the additions; for the first `known`, which the caller decodes
    /// itself, `decode_known(index, content)` is called on a reader of the open type's
    /// octets (which it must read whole).
    pub fn decode_with<'a, F>(r: &mut Reader<'a>, known: usize, mut decode_known: F) -> Result<Self>
    where
        F: FnMut(usize, &mut Reader<'a>) -> Result<()>,
    {
        let bm = r.extension_bitmap()?;
        let mut slots = Vec::with_capacity(bm.len().min(r.remaining() + 1));
        for i in 0..bm.len() {
            let slot = if !bm.has(i) {
                None
            } else if i < known {
                let mut o = r.open()?;
                decode_known(i, &mut o)?;
                if o.remaining() != 0 {
                    return Err(o.error(ErrorKind::InvalidOpenType));
                }
                None
            } else {
                Some(r.open()?.rest().to_vec())
            };
            slots.push(slot);
        }
        Ok(Extensions { slots })
    }

    /// Whether encoding the known additions (`known_present`) alone gives back exactly
    /// this bitmap, so that nothing needs keeping.
    ///
    /// The same rule as `per::owned::Extensions::is_implied_by` (both encoders write one bit
    /// per known addition when nothing is kept). Not shared: the two `Extensions` are
    /// different types (this one serde, the UPER one not, each with its own bitmap codec),
    /// and a rule of three lines over `slots` is cheaper written twice than a shared trait.
    pub fn is_implied_by(&self, known_present: &[bool]) -> bool {
        known_present.contains(&true)
            && self.slots.len() == known_present.len()
            && self.slots.iter().all(Option::is_none)
    }

    /// Whether an addition this crate does not know is kept.
    pub fn has_unknown(&self) -> bool {
        self.slots.iter().any(Option::is_some)
    }

    /// Writes the bitmap and the additions: the sender's bitmap length if `kept`, else one
    /// bit per known addition; `encode_known(i, w)` writes known addition `i`'s content.
    pub fn encode_with<F>(
        kept: Option<&Self>,
        w: &mut Writer,
        known_present: &[bool],
        mut encode_known: F,
    ) -> Result<()>
    where
        F: FnMut(usize, &mut Writer) -> Result<()>,
    {
        let slots = kept.map_or(&[][..], |e| &e.slots[..]);
        let last_known = known_present.iter().rposition(|&p| p).map_or(0, |i| i + 1);
        let n = match kept {
            Some(_) => slots.len().max(last_known),
            None => known_present.len(),
        };
        let present = |i: usize| {
            known_present.get(i).copied().unwrap_or(false) || matches!(slots.get(i), Some(Some(_)))
        };
        if !(0..n).any(present) {
            return Err(Error::new(ErrorKind::Unencodable, w.as_slice().len()));
        }
        w.extension_bitmap(n, (0..n).filter(|&i| present(i)));
        for i in 0..n {
            if known_present.get(i).copied().unwrap_or(false) {
                w.open(|w| encode_known(i, w))?;
            } else if let Some(Some(b)) = slots.get(i) {
                w.length(b.len());
                w.bytes(b);
            }
        }
        Ok(())
    }
}

/// Reads an open type holding exactly one value read by `f` (an extension alternative).
pub fn decode_open_with<'a, T>(
    r: &mut Reader<'a>,
    f: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> Result<T> {
    let mut o = r.open()?;
    let v = f(&mut o)?;
    if o.remaining() != 0 {
        return Err(o.error(ErrorKind::InvalidOpenType));
    }
    Ok(v)
}

/// The octets a value read by `f` takes (a view's nested value, read to find its end).
#[allow(clippy::question_mark)] // not `f(r)?`: see below
pub fn span<'a, T>(
    r: &mut Reader<'a>,
    f: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> Result<&'a [u8]> {
    let start = r.position();
    // The value is dropped where it lies (`f(r)?` would move it out first).
    if let Err(e) = f(r) {
        return Err(e);
    }
    Ok(&r.buffer()[start..r.position()])
}

/// Reads a `SEQUENCE (SIZE(lb..ub)) OF` whose elements take at least `min_len` octets each
/// (so a quantity the input cannot hold is refused before anything is allocated).
pub fn decode_list<'a, T>(
    r: &mut Reader<'a>,
    min_len: usize,
    lb: usize,
    ub: usize,
    mut f: impl FnMut(&mut Reader<'a>) -> Result<T>,
) -> Result<Vec<T>> {
    let at = r.offset();
    let n = r.quantity(min_len)?;
    if n < lb || n > ub {
        return Err(Error::new(ErrorKind::SizeOutOfRange, at));
    }
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        // Straight from the result into the vector (`f(r)?` would move it once more).
        match f(r) {
            Ok(x) => v.push(x),
            Err(e) => return Err(e),
        }
    }
    Ok(v)
}

/// Writes a `SEQUENCE (SIZE(lb..ub)) OF`.
pub fn encode_list<T>(
    w: &mut Writer,
    v: &[T],
    lb: usize,
    ub: usize,
    mut f: impl FnMut(&mut Writer, &T) -> Result<()>,
) -> Result<()> {
    if v.len() < lb || v.len() > ub {
        return Err(Error::new(ErrorKind::SizeOutOfRange, w.as_slice().len()));
    }
    w.quantity(v.len());
    v.iter().try_for_each(|x| f(w, x))
}

/// Reads a BOOLEAN: `0x00` or, canonically, `0xff`.
pub fn decode_bool(r: &mut Reader<'_>) -> Result<bool> {
    let at = r.offset();
    match r.u8()? {
        0 => Ok(false),
        0xff => Ok(true),
        _ => Err(Error::new(ErrorKind::NonCanonical, at)),
    }
}

/// Reads a `BIT STRING (SIZE(n))`: its octets, the unused bits zero.
pub fn decode_bits(r: &mut Reader<'_>, n: usize) -> Result<BitString> {
    let at = r.offset();
    let b = r.bytes(n.div_ceil(8))?;
    let unused = (8 - n % 8) % 8;
    if unused > 0 && b[b.len() - 1] & ((1u8 << unused) - 1) != 0 {
        return Err(Error::new(ErrorKind::NonCanonical, at));
    }
    BitString::from_bytes(b.to_vec(), n).ok_or(Error::new(ErrorKind::InvalidLength, at))
}

/// Writes a `BIT STRING (SIZE(n))`.
pub fn encode_bits(w: &mut Writer, v: &BitString, n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::new(ErrorKind::SizeOutOfRange, w.as_slice().len()));
    }
    w.bytes(&v.as_bytes()[..n.div_ceil(8)]);
    Ok(())
}

/// Reads a `UTF8String (SIZE(lb..ub))`: a length in octets, then valid UTF-8 of `lb..=ub`
/// characters.
pub fn decode_utf8(r: &mut Reader<'_>, lb: usize, ub: usize) -> Result<String> {
    let at = r.offset();
    let b = r.octets(0, usize::MAX)?;
    let s = core::str::from_utf8(b).map_err(|_| Error::new(ErrorKind::InvalidCharacter, at))?;
    let n = s.chars().count();
    if n < lb || n > ub {
        return Err(Error::new(ErrorKind::SizeOutOfRange, at));
    }
    Ok(String::from(s))
}

/// Writes a `UTF8String (SIZE(lb..ub))`.
pub fn encode_utf8(w: &mut Writer, s: &str, lb: usize, ub: usize) -> Result<()> {
    let n = s.chars().count();
    if n < lb || n > ub {
        return Err(Error::new(ErrorKind::SizeOutOfRange, w.as_slice().len()));
    }
    w.octets(s.as_bytes(), 0, usize::MAX)
}

/// Whether a DEFAULT member is sent: its encoding (written by `f`) differs from the
/// default value's (`default`). Canonical OER leaves a default value out.
pub fn is_sent(f: impl FnOnce(&mut Writer) -> Result<()>, default: &[u8]) -> Result<bool> {
    let mut w = Writer::new();
    f(&mut w)?;
    Ok(w.as_slice() != default)
}

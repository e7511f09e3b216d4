//! Owned building blocks that need `alloc`: bit and octet strings, open types, and the
//! unknown content (extension additions, CHOICE alternatives) kept for lossless re-encoding.

use alloc::string::String;
use alloc::vec::Vec;

use super::{BitReader, BitWriter, Decode, Encode, Error, ErrorKind, Result, Sink, Size};

/// Octets of a bit string: inline up to 8 (every named BIT STRING of J2735), else on the heap.
#[derive(Clone, Debug)]
enum Store {
    Inline([u8; 8]),
    Heap(Vec<u8>),
}

/// A BIT STRING of any length, most significant bit first.
///
/// Up to 64 bits are held inline, so decoding the bit strings of a BSM allocates nothing.
#[derive(Clone, Debug)]
pub struct BitString {
    store: Store,
    len: usize,
}

impl Default for BitString {
    fn default() -> Self {
        BitString {
            store: Store::Inline([0; 8]),
            len: 0,
        }
    }
}

impl PartialEq for BitString {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.as_bytes() == other.as_bytes()
    }
}

impl Eq for BitString {}

impl core::hash::Hash for BitString {
    fn hash<H: core::hash::Hasher>(&self, h: &mut H) {
        self.len.hash(h);
        self.as_bytes().hash(h);
    }
}

impl BitString {
    /// `len` zero bits.
    pub fn zeros(len: usize) -> Self {
        let n = len.div_ceil(8);
        let store = if n <= 8 {
            Store::Inline([0; 8])
        } else {
            Store::Heap(alloc::vec![0; n])
        };
        BitString { store, len }
    }

    /// `len` bits taken from the start of `bytes`; bits past `len` are cleared.
    pub fn from_bytes(bytes: Vec<u8>, len: usize) -> Option<Self> {
        if bytes.len() != len.div_ceil(8) {
            return None;
        }
        let mut s = BitString::zeros(len);
        s.bytes_mut().copy_from_slice(&bytes);
        if len % 8 != 0 {
            if let Some(last) = s.bytes_mut().last_mut() {
                *last &= 0xffu8 << (8 - len % 8);
            }
        }
        Some(s)
    }

    /// The low `len <= 64` bits of `v`, most significant first.
    pub fn from_u64(v: u64, len: usize) -> Self {
        assert!(len <= 64, "at most 64 bits");
        BitString::inline(v, len)
    }

    /// Number of bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bits packed into octets, most significant first, zero-padded.
    pub fn as_bytes(&self) -> &[u8] {
        let n = self.len.div_ceil(8);
        match &self.store {
            Store::Inline(b) => &b[..n],
            Store::Heap(v) => &v[..n],
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        let n = self.len.div_ceil(8);
        match &mut self.store {
            Store::Inline(b) => &mut b[..n],
            Store::Heap(v) => &mut v[..n],
        }
    }

    /// Appends the low `k <= 64` bits of `v`, most significant first.
    pub fn push_bits(&mut self, v: u64, k: u32) {
        let start = self.len;
        let end = start + k as usize;
        let n = end.div_ceil(8);
        if let Store::Inline(b) = &self.store {
            if n > 8 {
                let mut heap = b.to_vec();
                heap.resize(n, 0);
                self.store = Store::Heap(heap);
            }
        }
        if let Store::Heap(h) = &mut self.store {
            if h.len() < n {
                h.resize(n, 0);
            }
        }
        self.len = end;
        let bytes = self.bytes_mut();
        let (mut pos, mut left) = (start, k);
        while left > 0 {
            let off = (pos % 8) as u32;
            let take = (8 - off).min(left);
            let bits = (v >> (left - take)) & ((1u64 << take) - 1);
            bytes[pos / 8] |= (bits as u8) << (8 - off - take);
            pos += take as usize;
            left -= take;
        }
    }

    /// Bit `i` (0 is the first bit on the wire, the ASN.1 named bit 0); `false` past the end.
    pub fn get(&self, i: usize) -> bool {
        i < self.len && self.as_bytes()[i / 8] >> (7 - i % 8) & 1 == 1
    }

    /// Sets bit `i`; does nothing past the end.
    pub fn set(&mut self, i: usize, on: bool) {
        if i < self.len {
            let m = 0x80u8 >> (i % 8);
            let b = &mut self.bytes_mut()[i / 8];
            if on {
                *b |= m
            } else {
                *b &= !m
            }
        }
    }

    /// `len <= 64` bits from the low bits of `v`, kept inline.
    #[inline]
    fn inline(v: u64, len: usize) -> Self {
        debug_assert!(len <= 64);
        let bytes = if len == 0 { 0 } else { v << (64 - len) };
        BitString {
            store: Store::Inline(bytes.to_be_bytes()),
            len,
        }
    }

    /// Reads a BIT STRING under `size`.
    #[inline(always)]
    pub fn decode_sized(r: &mut BitReader<'_>, size: Size) -> Result<Self> {
        if !size.ext && size.ub == Some(size.lb) && size.lb <= 64 {
            // A fixed size of at most 64 bits: no length, one read.
            return Ok(BitString::inline(r.read_bits(size.lb as u32)?, size.lb));
        }
        if size.ext && size.ub == Some(size.lb) && size.lb < 64 {
            let at = r.position();
            // A fixed root size: the extension bit 0 and the bits, in one read.
            if let Ok(v) = r.bits_at(at, size.lb as u32 + 1) {
                if v >> size.lb == 0 {
                    r.set_position(at + size.lb + 1);
                    return Ok(BitString::inline(v, size.lb));
                }
            }
            // Another size: the extension bit 1 and a length, here one of at most 64 in
            // one octet, that the input holds (else read in general, for its error).
            if let Ok(w) = r.bits_at(at, 9) {
                let n = (w & 0x7f) as usize;
                if w >> 7 == 0b10 && n <= 64 && at + 9 + n <= r.end() {
                    r.set_position(at + 9);
                    return Ok(BitString::inline(r.read_bits(n as u32)?, n));
                }
            }
        }
        BitString::decode_varying(r, size)
    }

    /// [`BitString::decode_sized`] of a size that is not fixed, or of more than 64 bits.
    fn decode_varying(r: &mut BitReader<'_>, size: Size) -> Result<Self> {
        let mut s = BitString::default();
        r.read_sized(size, 1, |r, n| {
            if s.len == 0 && n <= 64 {
                s = BitString::inline(r.read_bits(n as u32)?, n);
                return Ok(());
            }
            let mut left = n;
            while left > 0 {
                let k = left.min(64) as u32;
                s.push_bits(r.read_bits(k)?, k);
                left -= k as usize;
            }
            Ok(())
        })?;
        Ok(s)
    }

    /// Writes the BIT STRING under `size`.
    pub fn encode_sized<S: Sink>(&self, w: &mut BitWriter<S>, size: Size) -> Result<()> {
        let bytes = self.as_bytes();
        w.write_sized(size, self.len, |w, start, n| {
            w.write_bits_from(bytes, start, n)
        })
    }

    /// The canonical text form: one `0` or `1` per bit.
    pub fn to_bit_text(&self) -> String {
        (0..self.len)
            .map(|i| if self.get(i) { '1' } else { '0' })
            .collect()
    }

    /// Parses the canonical text form.
    pub fn from_bit_text(t: &str) -> Option<Self> {
        let mut s = BitString::zeros(t.len());
        for (i, c) in t.bytes().enumerate() {
            match c {
                b'0' => {}
                b'1' => s.set(i, true),
                _ => return None,
            }
        }
        Some(s)
    }
}

impl super::BitsOut {
    /// A fixed-size BIT STRING of `n <= 64` bits, as [`BitString::encode_sized`] would
    /// write it (a value of another length is [`ErrorKind::SizeOutOfRange`]).
    #[inline(always)]
    pub fn bit_string(&mut self, s: &BitString, n: usize) -> Result<()> {
        if s.len() != n || n > 64 {
            return Err(self.error(ErrorKind::SizeOutOfRange));
        }
        let bytes = s.as_bytes();
        let v = bytes.iter().fold(0u64, |v, &b| v << 8 | b as u64) >> (8 * bytes.len() - n);
        self.put(v, n as u32);
        Ok(())
    }
}

/// An OCTET STRING of any length.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OctetString(pub Vec<u8>);

impl OctetString {
    /// Reads an OCTET STRING under `size`.
    pub fn decode_sized(r: &mut BitReader<'_>, size: Size) -> Result<Self> {
        let mut v = Vec::new();
        r.read_sized(size, 8, |r, n| {
            reserve(&mut v, n);
            let s = v.len();
            v.resize(s + n, 0);
            r.read_octets_into(&mut v[s..])
        })?;
        Ok(OctetString(v))
    }

    /// Writes the OCTET STRING under `size`.
    pub fn encode_sized<S: Sink>(&self, w: &mut BitWriter<S>, size: Size) -> Result<()> {
        w.write_sized(size, self.0.len(), |w, s, n| {
            w.write_octets(&self.0[s..s + n])
        })
    }
}

/// An open type whose content the crate does not interpret: its octets, kept as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OpenType(pub Vec<u8>);

impl Decode for OpenType {
    fn decode(r: &mut BitReader<'_>) -> Result<Self> {
        Ok(OpenType(
            OctetString::decode_sized(r, Size::UNCONSTRAINED)?.0,
        ))
    }
}

impl Encode for OpenType {
    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        encode_open_octets(&self.0, w)
    }
}

/// Makes room for `n` more elements; the first call allocates exactly `n` (a SEQUENCE OF
/// arrives with its count, and is rarely fragmented).
#[inline(always)]
pub fn reserve<T>(v: &mut Vec<T>, n: usize) {
    if v.capacity() == 0 {
        *v = Vec::with_capacity(n);
    } else {
        v.reserve(n);
    }
}

/// Writes `content` as an open type: a length determinant, then the octets.
pub fn encode_open_octets<S: Sink>(content: &[u8], w: &mut BitWriter<S>) -> Result<()> {
    w.write_sized(Size::UNCONSTRAINED, content.len(), |w, s, n| {
        w.write_octets(&content[s..s + n])
    })
}

impl<T: Decode> Decode for alloc::boxed::Box<T> {
    #[inline]
    fn decode(r: &mut BitReader<'_>) -> Result<Self> {
        T::decode(r).map(alloc::boxed::Box::new)
    }

    #[inline]
    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {
        (**self).decode_into(r)
    }
}

/// Decodes a SEQUENCE OF under `size` into `v` in place: the elements `v` holds are decoded
/// into ([`Decode::decode_into`]), blanks ([`Decode::blank`]) appended and decoded into
/// when more arrive, the rest dropped. On error `v` holds a valid value (see [`repair`]).
#[inline]
pub fn decode_list_into<T: Decode + Default>(
    v: &mut Vec<T>,
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<()> {
    let old = v.len();
    let mut done = 0;
    let got = r.read_sized(size, unit_bits, |r, n| {
        if v.len() < done + n {
            grow(v, done + n);
        }
        // One call site of `decode_into`, so that it inlines here.
        for x in &mut v[done..done + n] {
            x.decode_into(r)?;
        }
        done += n;
        Ok(())
    });
    match got {
        Ok(_) => {
            v.truncate(done);
            Ok(())
        }
        Err(e) => {
            repair(v, old);
            Err(e)
        }
    }
}

/// After a failed decode into `v`: the entries from `from` on, which [`grow`] added
/// (blanks, not valid values, or decoded before the error), become `Default`s, so that `v`
/// holds a valid value.
#[cold]
#[inline(never)]
pub(crate) fn repair<T: Decode + Default>(v: &mut [T], from: usize) {
    for x in v.iter_mut().skip(from) {
        *x = T::default();
    }
}

/// A present OPTIONAL member decoded into `slot`: into the value it holds, or into a new
/// blank ([`Decode::blank`]) put in its place (not built elsewhere and moved: a move of a
/// value just written field by field is slow, the wide loads of the copy wait for the
/// narrow stores of the fields). On error a new value is taken out again (the member
/// absent: a valid value). Out of line, so that [`decode_opt_into`] stays small where it
/// inlines.
#[inline(never)]
fn decode_present<T: Decode + Default>(slot: &mut Option<T>, r: &mut BitReader<'_>) -> Result<()> {
    match slot {
        Some(v) => v.decode_into(r),
        None => {
            let got = slot.insert(T::blank()).decode_into(r);
            if got.is_err() {
                *slot = None;
            }
            got
        }
    }
}

/// Appends blanks ([`Decode::blank`]) to `v` up to `len` (they are then decoded into in
/// place, see [`decode_present`]); out of line, so that the loop of [`decode_list_into`]
/// stays small.
#[inline(never)]
fn grow<T: Decode + Default>(v: &mut Vec<T>, len: usize) {
    reserve(v, len - v.len());
    v.resize_with(len, T::blank);
}

/// A new list of `size` (the fresh decode of a `SEQUENCE OF`), its items decoded in place.
#[inline]
pub fn decode_list<T: Decode + Default>(
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<Vec<T>> {
    let mut v = Vec::new();
    decode_list_into(&mut v, r, size, unit_bits)?;
    Ok(v)
}

/// A present OPTIONAL list or string (a member with no type of its own) decoded with `f`
/// into what `slot` holds, or into an empty one; on error a new one is taken out again
/// (the member absent: a valid value, where an empty list may be below its size).
#[inline(always)]
pub fn decode_opt_with<T: Default, F>(
    slot: &mut Option<T>,
    r: &mut BitReader<'_>,
    f: F,
) -> Result<()>
where
    F: FnOnce(&mut T, &mut BitReader<'_>) -> Result<()>,
{
    let fresh = slot.is_none();
    let got = f(slot.get_or_insert_with(T::default), r);
    if got.is_err() && fresh {
        *slot = None;
    }
    got
}

/// Sets `slot` to `None` (no call to the value's drop glue when it is `None` already).
#[inline(always)]
pub fn clear<T>(slot: &mut Option<T>) {
    if slot.is_some() {
        *slot = None;
    }
}

/// Decodes an OPTIONAL member in place: into the value `slot` holds when `present` and
/// there is one, a new value when there is none, `None` when absent.
#[inline(always)]
pub fn decode_opt_into<T: Decode + Default>(
    slot: &mut Option<T>,
    present: bool,
    r: &mut BitReader<'_>,
) -> Result<()> {
    if present {
        decode_present(slot, r)
    } else {
        clear(slot);
        Ok(())
    }
}

impl<T: Encode + ?Sized> Encode for alloc::boxed::Box<T> {
    #[inline]
    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        (**self).encode(w)
    }
}

/// The extension bit and additions of an extensible SEQUENCE, as far as this edition does
/// not decode them into named fields; kept so the value re-encodes byte-exactly.
///
/// `slots` has one entry per bit of the sender's presence bitmap: `Some(octets)` for an
/// addition this crate does not know (the open type's content), `None` for an absent one or
/// one decoded into a named field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Extensions {
    /// One entry per bit of the sender's presence bitmap.
    pub slots: Vec<Option<Vec<u8>>>,
}

impl Extensions {
    /// Reads the presence bitmap and the additions; for the first `known` additions, which
    /// the caller decodes itself, `decode_known(index, content)` is called instead.
    pub fn decode_with<F>(r: &mut BitReader<'_>, known: usize, mut decode_known: F) -> Result<Self>
    where
        F: FnMut(usize, &mut BitReader<'_>) -> Result<()>,
    {
        let n = r.read_normally_small_length()?;
        let bitmap = r.take(n)?;
        let mut slots = Vec::new();
        for i in 0..n {
            let slot = if bitmap.bits_at(bitmap.position() + i, 1)? == 0 {
                None
            } else if i < known {
                let mut sub = r.read_open()?;
                let s = sub.position();
                decode_known(i, &mut sub)?;
                sub.check_open_end(s)?;
                None
            } else {
                Some(OpenType::decode(r)?.0)
            };
            slots.push(slot);
        }
        Ok(Extensions { slots })
    }

    /// Whether encoding only the known additions (`known_present`) gives back exactly this
    /// bitmap, so that nothing needs keeping.
    pub fn is_implied_by(&self, known_present: &[bool]) -> bool {
        known_present.contains(&true)
            && self.slots.len() == known_present.len()
            && self.slots.iter().all(Option::is_none)
    }

    /// Reads the presence bitmap and keeps every addition as unknown.
    pub fn decode_unknown(r: &mut BitReader<'_>) -> Result<Self> {
        Self::decode_with(r, 0, |_, _| Ok(()))
    }

    /// Writes the bitmap and additions. `known_present[i]` says whether known addition `i`
    /// is present; `encode_known(i, w)` writes its content.
    pub fn encode_with<S: Sink, F>(
        &self,
        w: &mut BitWriter<S>,
        known_present: &[bool],
        mut encode_known: F,
    ) -> Result<()>
    where
        F: FnMut(usize, &mut BitWriter<Vec<u8>>) -> Result<()>,
    {
        // A bitmap covers every addition the encoder knows (X.691 §19.7), as asn1tools and
        // asn1c send it, or the sender's longer bitmap when additions are kept from it.
        let known = if known_present.contains(&true) {
            known_present.len()
        } else {
            0
        };
        let n = self.slots.len().max(known);
        if n == 0 {
            return Err(w.error(ErrorKind::Unencodable));
        }
        let present = |i: usize| {
            known_present.get(i).copied().unwrap_or(false)
                || matches!(self.slots.get(i), Some(Some(_)))
        };
        w.write_normally_small_length(n)?;
        for i in 0..n {
            w.write_bool(present(i))?;
        }
        for i in 0..n {
            if known_present.get(i).copied().unwrap_or(false) {
                let mut inner = BitWriter::new(Vec::new());
                encode_known(i, &mut inner)?;
                OpenType(finish_open(inner)?).encode(w)?;
            } else if let Some(Some(b)) = self.slots.get(i) {
                w.write_sized(Size::UNCONSTRAINED, b.len(), |w, s, c| {
                    w.write_octets(&b[s..s + c])
                })?;
            }
        }
        Ok(())
    }

    /// Writes the bitmap and the unknown additions.
    pub fn encode_unknown<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        self.encode_with(w, &[], |_, _| Ok(()))
    }
}

/// A CHOICE alternative added after the edition this crate implements: its index among the
/// extension alternatives and its encoded content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UnknownAlternative {
    /// Index among the extension additions of the CHOICE (0 is the first addition).
    pub index: u64,
    /// The open type's octets.
    pub content: Vec<u8>,
}

/// Encodes `v` as an open type (length, then its octets).
pub fn encode_open<S: Sink, T: Encode + ?Sized>(v: &T, w: &mut BitWriter<S>) -> Result<()> {
    encode_open_buffered::<S, T, 256>(v, w)
}

/// [`encode_open`] through a buffer of `N` octets on the stack: the length goes before the
/// content, so the content is encoded first. Values longer than `N` go through a `Vec`.
#[inline]
pub(crate) fn encode_open_buffered<S: Sink, T: Encode + ?Sized, const N: usize>(
    v: &T,
    w: &mut BitWriter<S>,
) -> Result<()> {
    let mut buf = [0u8; N];
    match v.to_uper_slice(&mut buf) {
        Ok(n) => encode_open_octets(&buf[..n], w),
        Err(e) if e.kind == ErrorKind::BufferFull => encode_open_octets(&v.to_uper()?, w),
        Err(e) => Err(e),
    }
}

/// Reads an IA5String (7 bits a character) under `size`.
pub fn decode_ia5(r: &mut BitReader<'_>, size: Size) -> Result<String> {
    let mut s = String::new();
    decode_ia5_into(&mut s, r, size)?;
    Ok(s)
}

/// [`decode_ia5`] into `s`, reusing its buffer.
pub fn decode_ia5_into(s: &mut String, r: &mut BitReader<'_>, size: Size) -> Result<()> {
    s.clear();
    let got = r.read_sized(size, 7, |r, n| {
        s.reserve(n);
        let mut left = n;
        // Nine characters per 63-bit read; seven-bit characters are ASCII.
        while left >= 9 {
            let v = r.read_bits(63)?;
            s.extend((0..9).map(|i| char::from((v >> (56 - 7 * i) & 0x7f) as u8)));
            left -= 9;
        }
        for _ in 0..left {
            s.push(char::from(r.read_bits(7)? as u8));
        }
        Ok(())
    });
    if got.is_err() && s.len() < size.lb {
        // Cut short: padded to the smallest size, so that `s` stays a valid value (see
        // `Decode::decode_into`).
        s.extend(core::iter::repeat_n(' ', size.lb - s.len()));
    }
    got.map(drop)
}

/// Writes an IA5String under `size`; characters outside 0..=127 are refused.
pub fn encode_ia5<S: Sink>(w: &mut BitWriter<S>, s: &str, size: Size) -> Result<()> {
    if !s.is_ascii() {
        return Err(w.error(ErrorKind::InvalidCharacter));
    }
    let b = s.as_bytes();
    w.write_sized(size, b.len(), |w, st, n| {
        b[st..st + n]
            .iter()
            .try_for_each(|&c| w.write_bits(c as u64, 7))
    })
}

/// Reads a UTF8String (a length in octets, then the octets).
pub fn decode_utf8(r: &mut BitReader<'_>) -> Result<String> {
    let at = r.position();
    let o = OctetString::decode_sized(r, Size::UNCONSTRAINED)?;
    String::from_utf8(o.0).map_err(|_| Error::new(ErrorKind::InvalidCharacter, at))
}

/// Writes a UTF8String.
pub fn encode_utf8<S: Sink>(w: &mut BitWriter<S>, s: &str) -> Result<()> {
    let b = s.as_bytes();
    w.write_sized(Size::UNCONSTRAINED, b.len(), |w, st, n| {
        w.write_octets(&b[st..st + n])
    })
}

/// The octets of an open type's content: an empty encoding becomes one zero octet.
pub fn finish_open(mut inner: BitWriter<Vec<u8>>) -> Result<Vec<u8>> {
    if inner.position() == 0 {
        inner.write_bits(0, 8)?;
    }
    Ok(inner.finish()?.0)
}

/// The JSON form of a fixed-size OCTET STRING held as `[u8; N]`: lowercase hex, as for
/// [`OctetString`] (used by the generated types through `#[serde(with)]`).
#[cfg(feature = "serde")]
pub(crate) mod hex_array {
    use serde::de::Error as _;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        b: &[u8; N],
        s: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&super::json::to_hex(b))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> core::result::Result<[u8; N], D::Error> {
        let v = super::json::hex_de(d)?;
        let n = v.len();
        v.try_into()
            .map_err(|_| D::Error::invalid_length(n, &"the type's fixed number of octets"))
    }
}

/// [`hex_array`] for an OPTIONAL member (`Option<[u8; N]>`, absent members skipped).
#[cfg(feature = "serde")]
pub(crate) mod hex_array_opt {
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer, const N: usize>(
        b: &Option<[u8; N]>,
        s: S,
    ) -> core::result::Result<S::Ok, S::Error> {
        match b {
            Some(b) => super::hex_array::serialize(b, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> core::result::Result<Option<[u8; N]>, D::Error> {
        super::hex_array::deserialize(d).map(Some)
    }
}

#[cfg(feature = "serde")]
mod json {
    //! The canonical JSON forms: bits as `"0101"`, octets as lowercase hex, unknown open
    //! types as `{"$open_hex": "..."}`, unknown extension additions as `"$ext": [null, "hex"]`.
    use super::*;
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn to_hex(b: &[u8]) -> String {
        const H: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(b.len() * 2);
        for &x in b {
            s.push(H[(x >> 4) as usize] as char);
            s.push(H[(x & 15) as usize] as char);
        }
        s
    }

    pub(crate) fn from_hex(s: &str) -> Option<Vec<u8>> {
        let s = s.as_bytes();
        if s.len() % 2 != 0 {
            return None;
        }
        let nib = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        s.chunks(2)
            .map(|p| Some(nib(p[0])? << 4 | nib(p[1])?))
            .collect()
    }

    pub(super) fn hex_de<'de, D: Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<Vec<u8>, D::Error> {
        let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
        from_hex(&s).ok_or_else(|| D::Error::custom("expected lowercase hex"))
    }

    impl Serialize for BitString {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            s.serialize_str(&self.to_bit_text())
        }
    }
    impl<'de> Deserialize<'de> for BitString {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            let s = <alloc::borrow::Cow<'de, str>>::deserialize(d)?;
            BitString::from_bit_text(&s)
                .ok_or_else(|| D::Error::custom("expected a string of 0 and 1"))
        }
    }
    impl Serialize for OctetString {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            s.serialize_str(&to_hex(&self.0))
        }
    }
    impl<'de> Deserialize<'de> for OctetString {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            hex_de(d).map(OctetString)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct OpenHex {
        #[serde(
            rename = "$open_hex",
            serialize_with = "ser_hex",
            deserialize_with = "hex_de"
        )]
        hex: Vec<u8>,
    }
    fn ser_hex<S: Serializer>(b: &[u8], s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(b))
    }

    impl Serialize for OpenType {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            OpenHex {
                hex: self.0.clone(),
            }
            .serialize(s)
        }
    }
    impl<'de> Deserialize<'de> for OpenType {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            OpenHex::deserialize(d).map(|o| OpenType(o.hex))
        }
    }

    impl Serialize for Extensions {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            let v: Vec<Option<String>> = self
                .slots
                .iter()
                .map(|x| x.as_deref().map(to_hex))
                .collect();
            v.serialize(s)
        }
    }
    impl<'de> Deserialize<'de> for Extensions {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            let v = <Vec<Option<alloc::borrow::Cow<'de, str>>>>::deserialize(d)?;
            let slots = v
                .into_iter()
                .map(|x| {
                    x.map(|h| from_hex(&h).ok_or_else(|| D::Error::custom("expected hex")))
                        .transpose()
                })
                .collect::<core::result::Result<_, _>>()?;
            Ok(Extensions { slots })
        }
    }

    #[derive(Serialize, Deserialize)]
    struct UnknownAlt {
        index: u64,
        #[serde(
            rename = "$open_hex",
            serialize_with = "ser_hex",
            deserialize_with = "hex_de"
        )]
        hex: Vec<u8>,
    }
    impl Serialize for UnknownAlternative {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            UnknownAlt {
                index: self.index,
                hex: self.content.clone(),
            }
            .serialize(s)
        }
    }
    impl<'de> Deserialize<'de> for UnknownAlternative {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            UnknownAlt::deserialize(d).map(|u| UnknownAlternative {
                index: u.index,
                content: u.hex,
            })
        }
    }
}

#[cfg(feature = "arbitrary")]
pub(crate) mod arb {
    //! `Arbitrary` for the building blocks, and the helpers the generated impls call: every
    //! value is valid and small, and unknown content is chosen so it re-encodes byte-exactly.
    //! Rare branches are taken on the last value of a draw, so exhausted input (which draws
    //! zeros) gives the small, common case.
    use super::*;
    use arbitrary::{Arbitrary, Result as ArbResult, Unstructured};

    /// True about one time in eight; false once the input is exhausted.
    pub(crate) fn rare(u: &mut Unstructured<'_>) -> ArbResult<bool> {
        Ok(u.int_in_range(0u8..=7)? == 7)
    }

    /// A length allowed by `size`, at most 4 past its lower bound; for an extensible size,
    /// rarely 1..=4 past its upper bound (outside the root).
    pub(crate) fn len(u: &mut Unstructured<'_>, size: Size) -> ArbResult<usize> {
        if size.ext && rare(u)? {
            return Ok(size.ub.unwrap_or(size.lb) + u.int_in_range(1..=4)?);
        }
        let ub = size.ub.map_or(size.lb + 4, |ub| ub.min(size.lb + 4));
        u.int_in_range(size.lb..=ub)
    }

    /// `n` arbitrary octets (zeros once the input is exhausted).
    pub(crate) fn octets(u: &mut Unstructured<'_>, n: usize) -> ArbResult<Vec<u8>> {
        (0..n).map(|_| u8::arbitrary(u)).collect()
    }

    /// A SEQUENCE OF under `size`.
    pub(crate) fn vec<'a, T>(
        u: &mut Unstructured<'a>,
        size: Size,
        mut item: impl FnMut(&mut Unstructured<'a>) -> ArbResult<T>,
    ) -> ArbResult<Vec<T>> {
        (0..len(u, size)?).map(|_| item(u)).collect()
    }

    /// An optional member built by `f`, present or absent.
    pub(crate) fn opt<'a, T>(
        u: &mut Unstructured<'a>,
        f: impl FnOnce(&mut Unstructured<'a>) -> ArbResult<T>,
    ) -> ArbResult<Option<T>> {
        Ok(if bool::arbitrary(u)? {
            Some(f(u)?)
        } else {
            None
        })
    }

    /// An IA5String under `size`: characters 0..=127.
    #[allow(dead_code)] // for the schema's string types, when it has some
    pub(crate) fn ia5(u: &mut Unstructured<'_>, size: Size) -> ArbResult<String> {
        (0..len(u, size)?)
            .map(|_| Ok(char::from(u.int_in_range(0u8..=127)?)))
            .collect()
    }

    /// A short UTF8String.
    #[allow(dead_code)] // for the schema's string types, when it has some
    pub(crate) fn utf8(u: &mut Unstructured<'_>) -> ArbResult<String> {
        (0..u.int_in_range(0..=4)?)
            .map(|_| char::arbitrary(u))
            .collect()
    }

    /// The extension bit and unknown additions of an extensible SEQUENCE: mostly absent.
    pub(crate) fn ext(u: &mut Unstructured<'_>) -> ArbResult<Option<Extensions>> {
        Ok(if rare(u)? {
            Some(Extensions::arbitrary(u)?)
        } else {
            None
        })
    }

    /// An unknown CHOICE alternative, its index past the `known` additions.
    pub(crate) fn unknown_alternative(
        u: &mut Unstructured<'_>,
        known: u64,
    ) -> ArbResult<UnknownAlternative> {
        let index = u.int_in_range(known..=known + 3)?;
        let n = u.int_in_range(1..=8)?;
        let content = octets(u, n)?;
        Ok(UnknownAlternative { index, content })
    }

    impl<'a> Arbitrary<'a> for BitString {
        fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
            BitString::arbitrary_sized(u, Size::range(0, 16))
        }
    }

    impl BitString {
        /// A BIT STRING whose length `size` allows (see [`len`]).
        pub(crate) fn arbitrary_sized(u: &mut Unstructured<'_>, size: Size) -> ArbResult<Self> {
            let n = len(u, size)?;
            Ok(BitString::from_bytes(octets(u, n.div_ceil(8))?, n).expect("length matches"))
        }
    }

    impl<'a> Arbitrary<'a> for OctetString {
        fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
            OctetString::arbitrary_sized(u, Size::range(0, 8))
        }
    }

    impl OctetString {
        /// An OCTET STRING whose length `size` allows (see [`len`]).
        pub(crate) fn arbitrary_sized(u: &mut Unstructured<'_>, size: Size) -> ArbResult<Self> {
            let n = len(u, size)?;
            Ok(OctetString(octets(u, n)?))
        }
    }

    impl<'a> Arbitrary<'a> for OpenType {
        fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
            let n = u.int_in_range(0..=8)?;
            Ok(OpenType(octets(u, n)?))
        }
    }

    impl<'a> Arbitrary<'a> for Extensions {
        /// 1..=3 slots, each absent or 0..=8 octets of unknown content.
        fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
            let slots = (0..u.int_in_range(1..=3)?)
                .map(|_| opt(u, |u| Ok(OpenType::arbitrary(u)?.0)))
                .collect::<ArbResult<_>>()?;
            Ok(Extensions { slots })
        }
    }

    impl<'a> Arbitrary<'a> for UnknownAlternative {
        fn arbitrary(u: &mut Unstructured<'a>) -> ArbResult<Self> {
            unknown_alternative(u, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::testutil::enc;

    #[test]
    fn zero_length_bit_string_through_the_extension_bit() {
        // SIZE(1..8, ...) carrying 0 bits, as real MAPs send: extension bit 1, then length 0.
        let s = Size::range(1, 8).extensible();
        let empty = BitString::default();
        let b = enc(|w| empty.encode_sized(w, s));
        assert_eq!(b, [0b1000_0000, 0]);
        let mut r = BitReader::new(&b);
        assert_eq!(BitString::decode_sized(&mut r, s).unwrap(), empty);
        assert_eq!(r.position(), 9);
        // Without the extension marker a zero-length value is refused both ways.
        let mut w = BitWriter::new(Vec::new());
        assert_eq!(
            empty
                .encode_sized(&mut w, Size::range(1, 8))
                .unwrap_err()
                .kind,
            ErrorKind::SizeOutOfRange
        );
    }

    #[test]
    fn extensible_fixed_bit_strings_read_as_the_general_reader_does() {
        // SIZE(9, ...): the root size, and others through the extension bit, each whole and
        // cut at every bit, beside a bit of another value (so the reader's end is not the
        // buffer's).
        let s = Size::fixed(9).extensible();
        for len in [0, 1, 8, 9, 10, 63, 64, 65, 100, 127, 128, 200] {
            let mut v = BitString::zeros(len);
            for i in (0..len).step_by(3) {
                v.set(i, true);
            }
            let b = enc(|w| {
                v.encode_sized(w, s)?;
                w.write_bits(1, 1)
            });
            let bits = b.len() * 8;
            for end in 0..=bits {
                let (mut r1, mut r2) = (
                    BitReader::with_range(&b, 0, end).unwrap(),
                    BitReader::with_range(&b, 0, end).unwrap(),
                );
                let fast = BitString::decode_sized(&mut r1, s);
                let general = BitString::decode_varying(&mut r2, s);
                assert_eq!(fast, general, "length {len}, reader end {end}");
                if fast.is_ok() {
                    assert_eq!(
                        r1.position(),
                        r2.position(),
                        "length {len}, reader end {end}"
                    );
                }
                if end == bits {
                    assert_eq!(fast.unwrap(), v);
                }
            }
        }
    }

    #[test]
    fn fixed_and_ranged_strings() {
        // SIZE(5): no length bits; SIZE(1..4) octets: 2 length bits.
        let bits = BitString::from_bit_text("10110").unwrap();
        assert_eq!(enc(|w| bits.encode_sized(w, Size::fixed(5))), [0b1011_0000]);
        let o = OctetString(alloc::vec![0xab, 0xcd]);
        let b = enc(|w| o.encode_sized(w, Size::range(1, 4)));
        assert_eq!(b, [0b0110_1010, 0b1111_0011, 0b0100_0000]);
        assert_eq!(
            OctetString::decode_sized(&mut BitReader::new(&b), Size::range(1, 4)).unwrap(),
            o
        );
        // IA5String: 7 bits a character.
        let b = enc(|w| encode_ia5(w, "AB", Size::range(1, 63)));
        assert_eq!(
            decode_ia5(&mut BitReader::new(&b), Size::range(1, 63)).unwrap(),
            "AB"
        );
        assert_eq!(b.len(), 3); // 6 + 14 bits
    }

    #[test]
    fn unknown_extension_additions_round_trip() {
        // Bitmap of 3, additions 0 and 2 present.
        let e = Extensions {
            slots: alloc::vec![Some(alloc::vec![0x12]), None, Some(alloc::vec![0x34, 0x56])],
        };
        let b = enc(|w| e.encode_unknown(w));
        assert_eq!(
            Extensions::decode_unknown(&mut BitReader::new(&b)).unwrap(),
            e
        );
    }

    #[cfg(feature = "bytes")]
    #[test]
    fn writes_into_bytes_mut() {
        use crate::per::Encode;
        let mut out = bytes::BytesMut::from(&b"\x01"[..]);
        let n = OpenType(alloc::vec![7, 8]).to_uper_bytes(&mut out).unwrap();
        assert_eq!((n, &out[..]), (3, &[1u8, 2, 7, 8][..]));
    }
}

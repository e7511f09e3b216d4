//! Strings, bit strings, octet strings and open types read in place.

use super::super::{BitReader, ErrorKind, Length, Result, Size};
use super::{offset, reader_at};

/// Where a value of variable size lies in a view's input: its first bit and its length
/// (in characters, bits or octets, by the value's type).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct At {
    /// First bit of the content (after the length determinant).
    pub start: u32,
    /// Its length in the type's units.
    pub len: u32,
}

impl At {
    /// Reads a length under `size` and steps past the `unit_bits`-bit units it counts
    /// (a value of one run: fragmented lengths, 16K units and more, are refused).
    #[inline]
    pub fn read(r: &mut BitReader<'_>, size: Size, unit_bits: usize) -> Result<Self> {
        let mut at = At::default();
        let mut runs = 0;
        r.read_sized(size, unit_bits, |r, n| {
            runs += 1;
            if runs > 1 {
                return Err(r.error(ErrorKind::LengthTooLarge));
            }
            at.start = offset(r.position())?;
            at.len = n as u32;
            r.skip(n * unit_bits)
        })?;
        Ok(at)
    }

    /// [`read`](At::read) in a validated input (a view's read of what its skip function
    /// checked): a length of a small root size without range or fit checks (the skip
    /// function made them; the step past the content is still bounds-checked).
    #[inline(always)]
    pub fn read_valid(r: &mut BitReader<'_>, size: Size, unit_bits: usize) -> Result<Self> {
        let Some(ub) = size.small_ub() else {
            return Self::read_cold(r, size, unit_bits);
        };
        let at = r.position();
        let n = if size.ext && r.read_bool()? {
            // Outside the root: an unconstrained length (below 16K: one run).
            match r.read_length()? {
                Length::Final(n) => n,
                Length::Fragment(_) => {
                    r.set_position(at);
                    return Self::read_cold(r, size, unit_bits);
                }
            }
        } else {
            let bits = 64 - ((ub - size.lb) as u64).leading_zeros();
            (size.lb as u64).wrapping_add(r.read_bits(bits)?) as usize
        };
        let start = offset(r.position())?;
        r.skip(n.saturating_mul(unit_bits))?;
        Ok(At {
            start,
            len: n as u32,
        })
    }

    /// [`read`](At::read), out of line: the rare sizes of [`read_valid`](At::read_valid).
    #[inline(never)]
    fn read_cold(r: &mut BitReader<'_>, size: Size, unit_bits: usize) -> Result<Self> {
        Self::read(r, size, unit_bits)
    }

    /// An open type: its length in octets, stepped past.
    #[inline]
    pub fn read_open(r: &mut BitReader<'_>) -> Result<Self> {
        let content = r.read_open()?;
        Ok(At {
            start: offset(content.position())?,
            len: (content.remaining() / 8) as u32,
        })
    }
}

/// An IA5String read in place: its characters are 7-bit ASCII, read when asked for.
///
/// Compare it with `==` against a `&str`, print it with `{}`, walk it with
/// [`chars`](Ia5Str::chars) or copy it into a caller's buffer with
/// [`copy_to`](Ia5Str::copy_to).
#[derive(Clone, Copy, Debug)]
pub struct Ia5Str<'a> {
    data: &'a [u8],
    at: At,
}

impl<'a> Ia5Str<'a> {
    /// The string at `at` in `data`.
    #[inline]
    pub fn new(data: &'a [u8], at: At) -> Self {
        Ia5Str { data, at }
    }

    /// Number of characters.
    #[inline]
    pub fn len(&self) -> usize {
        self.at.len as usize
    }

    /// Whether the string is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.at.len == 0
    }

    /// The characters as ASCII octets (0..=127).
    #[inline]
    pub fn bytes(&self) -> Ia5Bytes<'a> {
        let start = self.at.start as usize;
        Ia5Bytes {
            r: BitReader::with_range(self.data, start, start + self.len() * 7)
                .unwrap_or(BitReader::new(&[])),
        }
    }

    /// The characters.
    #[inline]
    pub fn chars(&self) -> core::iter::Map<Ia5Bytes<'a>, fn(u8) -> char> {
        self.bytes().map(char::from)
    }

    /// Copies the characters into `buf` and returns them as a `&str`, or `None` if `buf` is
    /// shorter than [`len`](Ia5Str::len).
    pub fn copy_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        let out = buf.get_mut(..self.len())?;
        for (o, b) in out.iter_mut().zip(self.bytes()) {
            *o = b;
        }
        core::str::from_utf8(out).ok()
    }

    /// The string, owned.
    #[cfg(feature = "alloc")]
    pub fn to_string_owned(&self) -> alloc::string::String {
        self.chars().collect()
    }
}

impl core::fmt::Display for Ia5Str<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        self.chars().try_for_each(|c| f.write_char(c))
    }
}

impl PartialEq<str> for Ia5Str<'_> {
    fn eq(&self, other: &str) -> bool {
        self.len() == other.len() && self.bytes().eq(other.bytes())
    }
}

impl PartialEq<&str> for Ia5Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

/// The octets of an [`Ia5Str`], read 7 bits at a time.
#[derive(Clone, Debug)]
pub struct Ia5Bytes<'a> {
    r: BitReader<'a>,
}

impl Iterator for Ia5Bytes<'_> {
    type Item = u8;

    #[inline]
    fn next(&mut self) -> Option<u8> {
        self.r.read_bits(7).ok().map(|b| b as u8)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.r.remaining() / 7;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Ia5Bytes<'_> {}
impl core::iter::FusedIterator for Ia5Bytes<'_> {}

/// A BIT STRING read in place, first bit (bit 0 of the ASN.1 named bits) first.
#[derive(Clone, Copy, Debug)]
pub struct BitsView<'a> {
    data: &'a [u8],
    at: At,
}

impl<'a> BitsView<'a> {
    /// The bits at `at` in `data`.
    #[inline]
    pub fn new(data: &'a [u8], at: At) -> Self {
        BitsView { data, at }
    }

    /// Number of bits.
    #[inline]
    pub fn len(&self) -> usize {
        self.at.len as usize
    }

    /// Whether there are no bits.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.at.len == 0
    }

    /// Bit `i` (0 is the first bit sent); `false` past the end.
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        i < self.len()
            && reader_at(self.data, 0)
                .bits_at(self.at.start as usize + i, 1)
                .is_ok_and(|b| b == 1)
    }

    /// The first `min(len, 64)` bits as a number, the first bit the most significant
    /// (`"0101"` reads 5).
    #[inline]
    pub fn value(&self) -> u64 {
        let n = self.len().min(64) as u32;
        reader_at(self.data, 0)
            .bits_at(self.at.start as usize, n)
            .unwrap_or(0)
    }

    /// The bits, owned.
    #[cfg(feature = "alloc")]
    pub fn to_bit_string(&self) -> super::super::BitString {
        let mut s = super::super::BitString::zeros(self.len());
        for i in (0..self.len()).filter(|&i| self.get(i)) {
            s.set(i, true);
        }
        s
    }
}

impl core::fmt::Display for BitsView<'_> {
    /// The bits as `0`/`1` characters, first bit first (the JSON form).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write;
        (0..self.len()).try_for_each(|i| f.write_char(if self.get(i) { '1' } else { '0' }))
    }
}

/// An OCTET STRING, or the content of an open type, read in place (not octet-aligned in
/// UPER: each octet is read when asked for).
#[derive(Clone, Copy, Debug)]
pub struct OctetsView<'a> {
    data: &'a [u8],
    at: At,
}

impl<'a> OctetsView<'a> {
    /// The octets at `at` in `data`.
    #[inline]
    pub fn new(data: &'a [u8], at: At) -> Self {
        OctetsView { data, at }
    }

    /// Number of octets.
    #[inline]
    pub fn len(&self) -> usize {
        self.at.len as usize
    }

    /// Whether there are no octets.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.at.len == 0
    }

    /// A reader over the octets (to decode an open type's content).
    #[inline]
    pub fn reader(&self) -> BitReader<'a> {
        let start = self.at.start as usize;
        BitReader::with_range(self.data, start, start + self.len() * 8)
            .unwrap_or(BitReader::new(&[]))
    }

    /// The octets, in order.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = u8> + 'a {
        let mut r = self.reader();
        (0..self.len()).map(move |_| r.read_bits(8).unwrap_or(0) as u8)
    }

    /// Copies the octets into `buf` and returns them, or `None` if `buf` is shorter.
    pub fn copy_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let out = buf.get_mut(..self.len())?;
        self.reader().read_octets_into(out).ok()?;
        Some(out)
    }

    /// The octets, owned.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut v = alloc::vec![0; self.len()];
        let _ = self.reader().read_octets_into(&mut v);
        v
    }
}

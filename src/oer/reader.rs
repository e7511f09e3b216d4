//! The COER reader: a cursor over borrowed octets that checks every length against the
//! input and every encoding for canonical form.

use super::error::{Error, ErrorKind, Result};
use super::Preamble;

/// The widest integer the runtime reads: 8 content octets.
const MAX_INT_OCTETS: usize = 8;

/// A cursor over COER octets. Every read is bounds-checked; nothing allocates.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    depth: u8,
}

impl<'a> Reader<'a> {
    /// A reader over all of `buf`, offsets counted from its start.
    pub const fn new(buf: &'a [u8]) -> Self {
        Reader {
            buf,
            pos: 0,
            base: 0,
            depth: 0,
        }
    }

    /// Enters one more level of a type that contains itself: [`ErrorKind::TooDeep`] beyond
    /// [`super::MAX_NESTING`] levels.
    ///
    /// The generated decoders leave the level on success only: after an error the reader
    /// (its position as its level) is spent, as every decoder stops at the first error.
    pub fn nest(&mut self) -> Result<()> {
        if self.depth >= super::MAX_NESTING {
            return Err(self.error(ErrorKind::TooDeep));
        }
        self.depth += 1;
        Ok(())
    }

    /// Leaves a level entered with [`Reader::nest`].
    pub fn unnest(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The absolute octet offset of the next read (from the outermost buffer's start).
    #[inline]
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// The position within this reader's own buffer.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The octets of this reader's buffer, read or not.
    #[inline]
    pub fn buffer(&self) -> &'a [u8] {
        self.buf
    }

    /// Octets not yet read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Octets not yet read, without consuming them.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }

    /// An error of `kind` at the current offset.
    #[inline]
    pub fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.offset())
    }

    /// Fails with [`ErrorKind::TrailingData`] unless every octet was read.
    pub fn finish(&self) -> Result<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.error(ErrorKind::TrailingData))
        }
    }

    /// The next `n` octets.
    #[inline]
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            return Err(self.error(ErrorKind::UnexpectedEnd));
        }
        let b = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(b)
    }

    /// The next `N` octets as an array (a fixed-size `OCTET STRING`).
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.bytes(N)?);
        Ok(a)
    }

    /// One octet.
    #[inline]
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }

    /// A 2-octet unsigned integer (`Uint16`).
    pub fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    /// A 4-octet unsigned integer (`Uint32`, `Time32`).
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    /// An 8-octet unsigned integer (`Uint64`, `Time64`).
    pub fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// A length determinant (X.696 §8.6): one octet under 128, else `0x80 | n` and `n`
    /// octets. Canonical: the short form below 128, no leading zero octets. The length
    /// is checked against the octets that remain.
    pub fn length(&mut self) -> Result<usize> {
        let at = self.offset();
        let first = self.u8()?;
        let len = if first & 0x80 == 0 {
            first as usize
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > core::mem::size_of::<usize>().min(4) {
                return Err(Error::new(ErrorKind::InvalidLength, at));
            }
            let octets = self.bytes(n)?;
            if octets[0] == 0 {
                return Err(Error::new(ErrorKind::NonCanonical, at));
            }
            let len = octets.iter().fold(0usize, |v, &x| v << 8 | x as usize);
            if len < 0x80 {
                return Err(Error::new(ErrorKind::NonCanonical, at));
            }
            len
        };
        if len > self.remaining() {
            return Err(Error::new(ErrorKind::LengthTooLarge, at));
        }
        Ok(len)
    }

    /// A length-prefixed `OCTET STRING` whose length lies in `lb..=ub`.
    pub fn octets(&mut self, lb: usize, ub: usize) -> Result<&'a [u8]> {
        let at = self.offset();
        let n = self.length()?;
        if n < lb || n > ub {
            return Err(Error::new(ErrorKind::SizeOutOfRange, at));
        }
        self.bytes(n)
    }

    /// A non-negative integer without upper bound (`Psid`, `INTEGER (0..MAX)`): a length,
    /// then the minimal big-endian octets. Values beyond `u64` are out of range.
    pub fn uint(&mut self) -> Result<u64> {
        let at = self.offset();
        let n = self.length()?;
        if n == 0 {
            return Err(Error::new(ErrorKind::InvalidLength, at));
        }
        let b = self.bytes(n)?;
        if n > 1 && b[0] == 0 {
            return Err(Error::new(ErrorKind::NonCanonical, at));
        }
        if n > MAX_INT_OCTETS {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(b.iter().fold(0u64, |v, &x| v << 8 | x as u64))
    }

    /// An integer without bounds (`INTEGER`): a length, then minimal two's complement.
    pub fn int(&mut self) -> Result<i64> {
        let at = self.offset();
        let n = self.length()?;
        if n == 0 {
            return Err(Error::new(ErrorKind::InvalidLength, at));
        }
        let b = self.bytes(n)?;
        if n > 1 && ((b[0] == 0 && b[1] & 0x80 == 0) || (b[0] == 0xff && b[1] & 0x80 != 0)) {
            return Err(Error::new(ErrorKind::NonCanonical, at));
        }
        if n > MAX_INT_OCTETS {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(twos(b))
    }

    /// A constrained integer `INTEGER (lb..ub)` in the fixed width X.696 §10 gives its range.
    pub fn constrained(&mut self, lb: i64, ub: i64) -> Result<i64> {
        let at = self.offset();
        let (width, signed) = super::int_width(lb, ub);
        let b = self.bytes(width)?;
        let v = if signed {
            twos(b)
        } else {
            let u = b.iter().fold(0u64, |v, &x| v << 8 | x as u64);
            i64::try_from(u).map_err(|_| Error::new(ErrorKind::ValueOutOfRange, at))?
        };
        if v < lb || v > ub {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(v)
    }

    /// A constrained non-negative integer `INTEGER (lb..ub)` in its fixed width (1, 2, 4
    /// or 8 octets, by `ub`; X.696 §10.3), checked against the range.
    #[inline]
    pub fn unsigned(&mut self, lb: u64, ub: u64) -> Result<u64> {
        let at = self.offset();
        let v = match super::uint_width(ub) {
            1 => self.u8()? as u64,
            2 => self.u16()? as u64,
            4 => self.u32()? as u64,
            _ => self.u64()?,
        };
        if v < lb || v > ub {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(v)
    }

    /// An ENUMERATED value (X.696 §11): one octet for 0..=127, else `0x80 | n` and `n`
    /// octets of two's complement (canonical only for values outside 0..=127).
    pub fn enumerated(&mut self) -> Result<i64> {
        let at = self.offset();
        let first = self.u8()?;
        if first & 0x80 == 0 {
            return Ok(first as i64);
        }
        let n = (first & 0x7f) as usize;
        if n == 0 || n > MAX_INT_OCTETS {
            return Err(Error::new(ErrorKind::InvalidEnumerated, at));
        }
        let b = self.bytes(n)?;
        let v = twos(b);
        let minimal =
            n == 1 || !((b[0] == 0 && b[1] & 0x80 == 0) || (b[0] == 0xff && b[1] & 0x80 != 0));
        if (0..=127).contains(&v) || !minimal {
            return Err(Error::new(ErrorKind::NonCanonical, at));
        }
        Ok(v)
    }

    /// The tag of a CHOICE alternative (X.696 §8.7): it must be context-specific (every
    /// 1609.2 CHOICE is automatically tagged); the tag number is returned.
    pub fn choice(&mut self) -> Result<u32> {
        let at = self.offset();
        let first = self.u8()?;
        if first & 0xc0 != 0x80 {
            return Err(Error::new(ErrorKind::InvalidChoice, at));
        }
        let low = (first & 0x3f) as u32;
        if low < 0x3f {
            return Ok(low);
        }
        let mut n: u32 = 0;
        for i in 0..4 {
            let b = self.u8()?;
            if i == 0 && b == 0x80 {
                return Err(Error::new(ErrorKind::NonCanonical, at));
            }
            n = n << 7 | (b & 0x7f) as u32;
            if b & 0x80 == 0 {
                if n < 0x3f {
                    return Err(Error::new(ErrorKind::NonCanonical, at));
                }
                return Ok(n);
            }
        }
        Err(Error::new(ErrorKind::InvalidChoice, at))
    }

    /// A SEQUENCE preamble (X.696 §16): the extension bit if `extensible`, then one bit per
    /// OPTIONAL or DEFAULT member, padded with zero bits to whole octets.
    pub fn preamble(&mut self, extensible: bool, optionals: u32) -> Result<Preamble> {
        debug_assert!(optionals <= 63);
        let at = self.offset();
        let bits = optionals + extensible as u32;
        if bits == 0 {
            return Ok(Preamble::default());
        }
        let n = bits.div_ceil(8) as usize;
        let b = self.bytes(n)?;
        let raw = b.iter().fold(0u64, |v, &x| v << 8 | x as u64);
        let total = (n * 8) as u32;
        let pad = total - bits;
        if pad > 0 && raw & ((1u64 << pad) - 1) != 0 {
            return Err(Error::new(ErrorKind::NonCanonical, at));
        }
        let v = raw >> pad;
        Ok(Preamble {
            extended: extensible && (v >> optionals) & 1 == 1,
            bits: v & ((1u64 << optionals) - 1),
            optionals,
        })
    }

    /// An open type (X.696 §30): a length, then that many octets, handed back as a reader
    /// of their own (offsets still absolute).
    pub fn open(&mut self) -> Result<Reader<'a>> {
        let n = self.length()?;
        let base = self.offset();
        let b = self.bytes(n)?;
        Ok(Reader {
            buf: b,
            pos: 0,
            base,
            depth: self.depth,
        })
    }

    /// The quantity of a `SEQUENCE OF` (X.696 §20): a length-prefixed unsigned integer. Each
    /// element takes at least `min_len` octets, so a count the input cannot hold is refused
    /// before anything is allocated.
    pub fn quantity(&mut self, min_len: usize) -> Result<usize> {
        let at = self.offset();
        let q = self.uint()?;
        let q = usize::try_from(q).map_err(|_| Error::new(ErrorKind::LengthTooLarge, at))?;
        if q.saturating_mul(min_len.max(1)) > self.remaining() {
            return Err(Error::new(ErrorKind::LengthTooLarge, at));
        }
        Ok(q)
    }

    /// The extension-addition presence bitmap (X.696 §16.4): a length, the number of unused
    /// bits, then the bits. Canonical: unused bits zero, at least one addition present.
    pub fn extension_bitmap(&mut self) -> Result<Bitmap<'a>> {
        let at = self.offset();
        let n = self.length()?;
        if n < 2 {
            return Err(Error::new(ErrorKind::InvalidLength, at));
        }
        let b = self.bytes(n)?;
        let unused = b[0];
        if unused > 7 {
            return Err(Error::new(ErrorKind::InvalidLength, at));
        }
        let bits = &b[1..];
        let last = bits[bits.len() - 1];
        if last & ((1u8 << unused) - 1) != 0 || bits.iter().all(|&x| x == 0) {
            return Err(Error::new(ErrorKind::NonCanonical, at));
        }
        let len = bits.len() * 8 - unused as usize;
        if len > u16::MAX as usize {
            return Err(Error::new(ErrorKind::InvalidLength, at));
        }
        Ok(Bitmap { bits, len })
    }
}

/// The presence bits of a SEQUENCE's extension additions, as received.
#[derive(Clone, Copy, Debug)]
pub struct Bitmap<'a> {
    bits: &'a [u8],
    len: usize,
}

impl Bitmap<'_> {
    /// How many additions the bitmap covers (the sender's count, present or not).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the bitmap covers no addition (never true for a decoded one).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether addition `i` (0 = the first after `...`) is present.
    pub fn has(&self, i: usize) -> bool {
        i < self.len && self.bits[i / 8] & (0x80 >> (i % 8)) != 0
    }
}

fn twos(b: &[u8]) -> i64 {
    let neg = b.first().is_some_and(|&x| x & 0x80 != 0);
    let init = if neg { -1i64 } else { 0 };
    b.iter().fold(init, |v, &x| v << 8 | x as i64)
}

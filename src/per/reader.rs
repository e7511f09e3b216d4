//! The bit reader: big-endian bits from a borrowed slice, 64-bit loads, no copies.

use super::error::{Error, ErrorKind, Result};

/// Reads bits most-significant first from a borrowed byte slice.
///
/// Every read is bounds-checked against the reader's end, so no input can make it
/// panic or read out of bounds. Reads of up to 64 bits take one or two 64-bit loads.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> BitReader<'a> {
    /// A reader over all bits of `data`.
    #[inline]
    pub fn new(data: &'a [u8]) -> Self {
        BitReader {
            data,
            pos: 0,
            end: data.len() * 8,
        }
    }

    /// A reader over all of `data`, at bit `pos` (or at its end if `pos` lies past it).
    #[inline]
    pub(crate) fn at(data: &'a [u8], pos: usize) -> Self {
        let end = data.len() * 8;
        BitReader {
            data,
            pos: pos.min(end),
            end,
        }
    }

    /// A reader over the bits `start..end` of `data`; offsets in errors stay relative to `data`.
    ///
    /// Returns `None` if the range lies outside `data`.
    #[inline]
    pub fn with_range(data: &'a [u8], start: usize, end: usize) -> Option<Self> {
        if start <= end && end <= data.len().checked_mul(8)? {
            Some(BitReader {
                data,
                pos: start,
                end,
            })
        } else {
            None
        }
    }

    /// The whole underlying buffer.
    #[inline]
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The current bit offset from the start of the buffer.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Moves to the bit offset `pos` (at most the end: the reader never passes it).
    #[inline(always)]
    pub(crate) fn set_position(&mut self, pos: usize) {
        self.pos = pos.min(self.end);
    }

    /// The bit offset where this reader stops.
    #[inline]
    pub fn end(&self) -> usize {
        self.end
    }

    /// Bits left to read.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.end - self.pos
    }

    /// An error of `kind` at the current position.
    #[inline]
    pub fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.pos)
    }

    /// Fails with [`ErrorKind::UnexpectedEnd`] unless `n` bits remain.
    #[inline]
    pub fn need(&self, n: usize) -> Result<()> {
        if n <= self.remaining() {
            Ok(())
        } else {
            Err(self.error(ErrorKind::UnexpectedEnd))
        }
    }

    #[inline(always)]
    pub(crate) fn load_u64(&self, byte: usize) -> u64 {
        match self.data.get(byte..byte + 8) {
            Some(s) => u64::from_be_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
            None => self.load_tail(byte),
        }
    }

    /// The 64-bit load of [`Self::load_u64`] within the last 8 octets: the buffer's last
    /// word shifted into place (zeros past the end), with no copy. Out of line, so that
    /// the common load stays small where it is inlined.
    #[inline(never)]
    fn load_tail(&self, byte: usize) -> u64 {
        let len = self.data.len();
        if byte >= len {
            return 0;
        }
        match self.data.get(len.wrapping_sub(8)..) {
            Some(s) => {
                let last = u64::from_be_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]);
                last << (8 * (byte + 8 - len))
            }
            None => {
                // A buffer shorter than 8 octets.
                let mut v = 0u64;
                for (i, &b) in self.data[byte..].iter().enumerate() {
                    v |= (b as u64) << (56 - 8 * i);
                }
                v
            }
        }
    }

    /// The 16 octets from `byte` as one number, zeros past the end of the buffer.
    #[inline(always)]
    pub(crate) fn load_u128(&self, byte: usize) -> u128 {
        match self.data.get(byte..byte + 16) {
            Some(s) => u128::from_be_bytes(s.try_into().unwrap_or([0; 16])),
            None => (self.load_u64(byte) as u128) << 64 | self.load_u64(byte + 8) as u128,
        }
    }

    /// Reads `n` bits at bit offset `at` without moving; the caller has checked the bounds.
    #[inline(always)]
    fn peek_at(&self, at: usize, n: u32) -> u64 {
        debug_assert!(n <= 64);
        if n == 0 {
            return 0;
        }
        let off = (at & 7) as u32;
        let w = self.load_u64(at >> 3) << off;
        if off + n <= 64 {
            w >> (64 - n)
        } else {
            let extra = off + n - 64;
            let next = self.data.get((at >> 3) + 8).copied().unwrap_or(0) as u64;
            (w >> (64 - n)) | (next >> (8 - extra))
        }
    }

    /// Reads `n <= 64` bits as an unsigned number.
    #[inline]
    pub fn read_bits(&mut self, n: u32) -> Result<u64> {
        self.need(n as usize)?;
        let v = self.peek_at(self.pos, n);
        self.pos += n as usize;
        Ok(v)
    }

    /// Reads `n <= 64` bits at an absolute bit offset, without moving.
    #[inline]
    pub fn bits_at(&self, at: usize, n: u32) -> Result<u64> {
        match at.checked_add(n as usize) {
            Some(e) if e <= self.end => Ok(self.peek_at(at, n)),
            _ => Err(Error::new(ErrorKind::UnexpectedEnd, at)),
        }
    }

    /// Reads one bit.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool> {
        Ok(self.read_bits(1)? == 1)
    }

    /// Skips `n` bits.
    #[inline]
    pub fn skip(&mut self, n: usize) -> Result<()> {
        self.need(n)?;
        self.pos += n;
        Ok(())
    }

    /// Copies `out.len()` whole octets (not necessarily byte-aligned) into `out`.
    pub fn read_octets_into(&mut self, out: &mut [u8]) -> Result<()> {
        self.need(out.len() * 8)?;
        if self.pos & 7 == 0 {
            let s = self.pos >> 3;
            out.copy_from_slice(&self.data[s..s + out.len()]);
        } else {
            // Unaligned: eight octets per 64-bit read, then the rest in one read.
            let mut at = self.pos;
            let mut words = out.chunks_exact_mut(8);
            for w in &mut words {
                w.copy_from_slice(&self.peek_at(at, 64).to_be_bytes());
                at += 64;
            }
            let rest = words.into_remainder();
            if !rest.is_empty() {
                let k = rest.len();
                let v = self.peek_at(at, 8 * k as u32) << (64 - 8 * k);
                rest.copy_from_slice(&v.to_be_bytes()[..k]);
            }
        }
        self.pos += out.len() * 8;
        Ok(())
    }

    /// Reads `N` whole octets (not necessarily byte-aligned) into an array: a fixed-size
    /// OCTET STRING, which UPER sends with no length.
    #[inline]
    pub fn read_octet_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        self.read_octets_into(&mut out)?;
        Ok(out)
    }

    /// Takes the next `bits` bits as a sub-reader and moves past them.
    #[inline]
    pub fn take(&mut self, bits: usize) -> Result<BitReader<'a>> {
        self.need(bits)?;
        let sub = BitReader {
            data: self.data,
            pos: self.pos,
            end: self.pos + bits,
        };
        self.pos += bits;
        Ok(sub)
    }

    /// The next `n` octets as a borrowed slice, if the reader is octet-aligned.
    #[inline]
    pub fn aligned_slice(&self, n: usize) -> Option<&'a [u8]> {
        if self.pos & 7 == 0 && n * 8 <= self.remaining() {
            let s = self.pos >> 3;
            Some(&self.data[s..s + n])
        } else {
            None
        }
    }
}

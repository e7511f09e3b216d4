//! Runs of fixed-width fields read with one bounds check: [`BitReader::block`] loads up to
//! 128 bits at once, and [`Bits`] hands them out field by field from a register.
//!
//! The generated decoders use a block for each run of consecutive SEQUENCE members whose
//! encodings have a fixed width (constrained integers, enumerations without an extension
//! marker, booleans, fixed-size bit and octet strings, and SEQUENCEs of those). Errors are
//! the same as reading the fields one by one: the kind, and the bit where the field starts.

use super::error::{Error, ErrorKind, Result};
use super::integer::range_bits;
use super::reader::BitReader;
use super::writer::{BitWriter, Sink};

/// Up to 128 bits taken from a [`BitReader`] at once, handed out most significant first.
#[derive(Clone, Copy, Debug)]
pub struct Bits {
    /// The bits not yet taken, left-aligned.
    w: u128,
    /// Bit offset (in the reader's buffer) of the next bit.
    at: usize,
}

impl BitReader<'_> {
    /// The next `n <= 128` bits as a [`Bits`], or `None` (reading nothing) if fewer remain
    /// (or `n` is over 128), so that the caller can read field by field and report where
    /// the input ended.
    #[inline(always)]
    pub fn block(&mut self, n: u32) -> Option<Bits> {
        let b = self.peek_block(n)?;
        self.skip(n as usize).ok()?;
        Some(b)
    }

    /// The next `n <= 128` bits as a [`Bits`] without moving, or `None` if fewer remain (or
    /// `n` is over 128): for values whose width is at most `n` but depends on their
    /// presence bits. Take what the value holds, then [`BitReader::advance_past`] the block.
    #[inline(always)]
    pub fn peek_block(&self, n: u32) -> Option<Bits> {
        let at = self.position();
        if n == 0 || n > 128 {
            return (n == 0).then_some(Bits { w: 0, at });
        }
        if n as usize > self.remaining() {
            return None;
        }
        let w = if n <= 57 {
            // 8 octets from the one holding the first bit: at least 57 bits after it.
            ((self.load_u64(at >> 3) << (at & 7)) as u128) << 64
        } else if n <= 121 {
            // 16 octets from the one holding the first bit: at least 121 bits after it.
            self.load_u128(at >> 3) << (at & 7)
        } else {
            let first = self.bits_at(at, 64).ok()?;
            let second = self.bits_at(at + 64, n - 64).ok()?;
            ((first as u128) << 64) | ((second as u128) << (128 - n))
        };
        // Only the block's bits: what follows it is never taken.
        Some(Bits {
            w: w & !u128::MAX.checked_shr(n).unwrap_or(0),
            at,
        })
    }

    /// The next `n <= 128` bits as a [`Bits`] without moving, as [`BitReader::peek_block`];
    /// where fewer remain, those that do followed by zeros. For values already validated
    /// (the views' items), which never reach into the zeros, and for blocks whose content
    /// is checked to lie within the input ([`BitReader::holds`]) before it is used.
    #[inline(always)]
    pub(crate) fn peek_upto(&self, n: u32) -> Bits {
        match self.peek_block(n) {
            Some(b) => b,
            None => {
                let left = (self.end() - self.position()).min(n as usize) as u32;
                self.peek_block(left).unwrap_or(Bits {
                    w: 0,
                    at: self.position(),
                })
            }
        }
    }

    /// Whether what has been taken from `b` (from [`BitReader::peek_upto`] on this reader)
    /// lies within this reader: no bit of the zero padding was taken.
    #[inline(always)]
    pub(crate) fn holds(&self, b: &Bits) -> bool {
        b.at <= self.end()
    }

    /// Moves to the first bit of `b` not taken yet (`b` from [`BitReader::peek_block`] on
    /// this reader, so within its bounds).
    #[inline(always)]
    pub fn advance_past(&mut self, b: &Bits) {
        debug_assert!(self.position() <= b.at && b.at <= self.end());
        self.set_position(b.at);
    }
}

impl Bits {
    /// Bit offset (in the reader's buffer) of the next bit to be taken.
    #[inline(always)]
    pub fn position(&self) -> usize {
        self.at
    }

    /// The next `k <= 64` bits as a number.
    #[inline(always)]
    pub fn take(&mut self, k: u32) -> u64 {
        debug_assert!(k <= 64);
        if k == 0 {
            return 0;
        }
        let v = (self.w >> (128 - k)) as u64;
        self.w <<= k;
        self.at += k as usize;
        v
    }

    /// A constrained whole number in `lb..=ub`, as [`BitReader::read_constrained`].
    #[inline(always)]
    pub fn constrained(&mut self, lb: i64, ub: i64) -> Result<i64> {
        let at = self.at;
        let v = self.take(range_bits(lb, ub));
        if v > (ub as i128 - lb as i128) as u64 {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok((lb as i128 + v as i128) as i64)
    }

    /// A constrained whole number in `lb..=ub` of an unsigned type.
    #[inline(always)]
    pub fn constrained_u64(&mut self, lb: u64, ub: u64) -> Result<u64> {
        let at = self.at;
        let span = ub - lb;
        let v = self.take(64 - span.leading_zeros());
        if v > span {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(lb + v)
    }

    /// A constrained whole number in `lb..=ub` of a validated input (a view's read of what
    /// its skip function checked): no range check; out of range only if the input was not
    /// validated, and then a wrong number, never a panic.
    #[inline(always)]
    pub fn valid(&mut self, lb: i64, ub: i64) -> i64 {
        (lb as i128 + self.take(range_bits(lb, ub)) as i128) as i64
    }

    /// [`valid`](Bits::valid) of an unsigned type.
    #[inline(always)]
    pub fn valid_u64(&mut self, lb: u64, ub: u64) -> u64 {
        lb.wrapping_add(self.take(64 - (ub - lb).leading_zeros()))
    }

    /// The root index of an ENUMERATED without extension marker, of `count` values.
    #[inline(always)]
    pub fn enumerated(&mut self, count: u64) -> Result<u64> {
        let at = self.at;
        let v = self.take(64 - (count - 1).leading_zeros());
        if v >= count {
            return Err(Error::new(ErrorKind::InvalidEnumerated, at));
        }
        Ok(v)
    }

    /// `N <= 8` octets.
    #[inline(always)]
    pub fn octets<const N: usize>(&mut self) -> [u8; N] {
        const { assert!(N <= 8) };
        let v = self.take(8 * N as u32);
        core::array::from_fn(|i| (v >> (8 * (N - 1 - i))) as u8)
    }
}

/// Up to 128 bits gathered field by field (each checked as [`BitWriter`] would), then
/// written at once with [`BitWriter::write_block`]: the encoding counterpart of [`Bits`].
#[derive(Clone, Copy, Debug)]
pub struct BitsOut {
    acc: u128,
    n: u32,
    /// Bit offset (in the writer's output) where the block starts.
    at: usize,
}

impl<S: Sink> BitWriter<S> {
    /// An empty block starting at the writer's position.
    #[inline(always)]
    pub fn block_out(&self) -> BitsOut {
        BitsOut {
            acc: 0,
            n: 0,
            at: self.position(),
        }
    }

    /// Writes the bits gathered in `b`.
    #[inline(always)]
    pub fn write_block(&mut self, b: BitsOut) -> Result<()> {
        if b.n > 64 {
            self.write_bits((b.acc >> 64) as u64, b.n - 64)?;
            self.write_bits(b.acc as u64, 64)
        } else {
            self.write_bits(b.acc as u64, b.n)
        }
    }
}

impl BitsOut {
    /// An error of `kind` where the next field starts.
    #[inline]
    pub fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.at + self.n as usize)
    }

    /// Appends the low `k <= 64` bits of `v`; a block holds at most 128 bits, which the
    /// generated code sizes its runs to.
    #[inline(always)]
    pub fn put(&mut self, v: u64, k: u32) {
        debug_assert!(k <= 64 && self.n + k <= 128);
        if k == 0 {
            return;
        }
        let v = if k == 64 { v } else { v & ((1u64 << k) - 1) };
        self.acc = (self.acc << k) | v as u128;
        self.n += k;
    }

    /// A constrained whole number in `lb..=ub`, as [`BitWriter::write_constrained`].
    #[inline(always)]
    pub fn constrained(&mut self, v: i64, lb: i64, ub: i64) -> Result<()> {
        if v < lb || v > ub {
            return Err(self.error(ErrorKind::ValueOutOfRange));
        }
        self.put((v as i128 - lb as i128) as u64, range_bits(lb, ub));
        Ok(())
    }

    /// A constrained whole number in `lb..=ub` of an unsigned type.
    #[inline(always)]
    pub fn constrained_u64(&mut self, v: u64, lb: u64, ub: u64) -> Result<()> {
        if v < lb || v > ub {
            return Err(self.error(ErrorKind::ValueOutOfRange));
        }
        self.put(v - lb, 64 - (ub - lb).leading_zeros());
        Ok(())
    }

    /// `N <= 8` octets.
    #[inline(always)]
    pub fn octets<const N: usize>(&mut self, o: &[u8; N]) {
        const { assert!(N <= 8) };
        let v = o.iter().fold(0u64, |v, &b| v << 8 | b as u64);
        self.put(v, 8 * N as u32);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_hands_out_what_field_reads_would() {
        let data = [
            0b1011_0011,
            0xff,
            0x12,
            0x34,
            0x56,
            0x78,
            0x9a,
            0xbc,
            0xde,
            0xf0,
            0x11,
            0x22,
        ];
        for n in 1..=93u32 {
            for k in 1..=n.min(64) {
                let mut r = BitReader::new(&data);
                r.skip(3).unwrap();
                let mut b = r.block(n).unwrap();
                assert_eq!(r.position(), 3 + n as usize);
                let mut one = BitReader::new(&data);
                one.skip(3).unwrap();
                let mut left = n;
                while left > 0 {
                    let t = k.min(left);
                    assert_eq!(b.take(t), one.read_bits(t).unwrap(), "n {n} k {k}");
                    left -= t;
                }
            }
        }
    }

    #[test]
    fn a_written_block_is_what_field_writes_give() {
        let fields: [(u64, u32); 7] = [
            (5, 3),
            (0x1ffff, 17),
            (0, 1),
            (u64::MAX, 64),
            (3, 2),
            (0xabc, 12),
            (1, 29),
        ];
        let (mut one, mut blocks) = (BitWriter::new(Vec::new()), BitWriter::new(Vec::new()));
        one.write_bits(1, 3).unwrap();
        blocks.write_bits(1, 3).unwrap();
        let mut b = blocks.block_out();
        let mut used = 0;
        for (v, k) in fields {
            one.write_bits(v, k).unwrap();
            if used + k > 128 {
                blocks.write_block(b).unwrap();
                b = blocks.block_out();
                used = 0;
            }
            b.put(v, k);
            used += k;
        }
        blocks.write_block(b).unwrap();
        assert_eq!(one.finish().unwrap(), blocks.finish().unwrap());
    }

    #[test]
    fn block_range_errors_name_the_field_start() {
        let mut w = BitWriter::new(Vec::new());
        w.write_bits(0, 5).unwrap();
        let mut b = w.block_out();
        b.constrained(-3, -4, 3).unwrap();
        let e = b.constrained_u64(9, 1, 8).unwrap_err();
        assert_eq!((e.kind, e.bit), (ErrorKind::ValueOutOfRange, 8));
        b.octets(&[0xab, 0xcd]);
        w.write_block(b).unwrap();
        assert_eq!(w.finish().unwrap().0, [0b0000_0001, 0xab, 0xcd]);
    }

    #[test]
    fn empty_and_oversized_blocks() {
        let mut r = BitReader::new(&[0xff; 32]);
        assert_eq!(r.block(0).unwrap().take(0), 0);
        assert!(r.block(129).is_none());
        assert_eq!(r.position(), 0);
    }

    #[test]
    fn blocks_of_every_width_and_offset_read_as_bits_do() {
        let data: Vec<u8> = (0..40u32).map(|i| (i * 37 + 11) as u8).collect();
        for n in 1..=128u32 {
            for at in 0..16usize {
                // A reader ending before the buffer does: the block is what lies within it.
                let end = at + n as usize + (at % 3);
                let r = BitReader::with_range(&data, at, end).unwrap();
                let mut b = r.peek_block(n).unwrap();
                let (mut one, mut k) = (r.clone(), n);
                while k > 0 {
                    let step = k.min(13);
                    assert_eq!(b.take(step), one.read_bits(step).unwrap(), "n {n} at {at}");
                    k -= step;
                }
                assert_eq!(b.take(64), 0, "bits after the block: n {n} at {at}");
                let short = BitReader::with_range(&data, at, at + n as usize - 1).unwrap();
                assert!(short.peek_block(n).is_none());
            }
        }
    }

    #[test]
    fn a_short_input_gives_no_block_and_reads_nothing() {
        let mut r = BitReader::new(&[0xff; 4]);
        r.skip(1).unwrap();
        assert!(r.block(32).is_none());
        assert_eq!(r.position(), 1);
        assert!(r.block(31).is_some());
    }

    #[test]
    fn a_peeked_block_moves_the_reader_by_what_was_taken() {
        let data = [0b1100_1010, 0x5a, 0xff];
        let mut r = BitReader::new(&data);
        r.skip(2).unwrap();
        let mut b = r.peek_block(20).unwrap();
        assert_eq!(r.position(), 2);
        assert_eq!(b.take(3), 0b001);
        assert_eq!(b.take(5), 0b01001);
        r.advance_past(&b);
        assert_eq!(r.position(), 10);
        assert_eq!(r.read_bits(6).unwrap(), 0b01_1010);
        // Past the end: no block, nothing read.
        assert!(r.peek_block(9).is_none());
        assert_eq!(r.position(), 16);
        assert!(r.peek_block(8).is_some());
    }

    #[test]
    fn range_and_index_errors_name_the_field_start() {
        let mut r = BitReader::new(&[0b1011_1111, 0xff]);
        let mut b = r.block(16).unwrap();
        assert_eq!(b.constrained(0, 5).unwrap(), 5); // 101
        let e = b.constrained(-2, 3).unwrap_err(); // 111 > span 5
        assert_eq!((e.kind, e.bit), (ErrorKind::ValueOutOfRange, 3));
        let e = b.enumerated(3).unwrap_err(); // 11 >= 3
        assert_eq!((e.kind, e.bit), (ErrorKind::InvalidEnumerated, 6));
        assert_eq!(b.octets::<1>(), [0xff]);
    }
}

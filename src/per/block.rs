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
        let at = self.position();
        if n == 0 || n > 128 {
            return (n == 0).then_some(Bits { w: 0, at });
        }
        let hi = n.min(64);
        let first = self.bits_at(at, hi).ok()?;
        let w = if n <= 64 {
            (first as u128) << (128 - n)
        } else {
            let second = self.bits_at(at + 64, n - 64).ok()?;
            ((first as u128) << 64) | ((second as u128) << (128 - n))
        };
        self.skip(n as usize).ok()?;
        Some(Bits { w, at })
    }
}

impl Bits {
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
    fn empty_and_oversized_blocks() {
        let mut r = BitReader::new(&[0xff; 32]);
        assert_eq!(r.block(0).unwrap().take(0), 0);
        assert!(r.block(129).is_none());
        assert_eq!(r.position(), 0);
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

//! Whole numbers (X.691 §11.5–11.8, unaligned): constrained, semi-constrained,
//! unconstrained and normally small.
//!
//! A constrained number is sent as `value - lower bound` in the fewest bits that hold
//! the range, so negative ranges need no sign extension.

use super::error::{ErrorKind, Result};
use super::reader::BitReader;
use super::writer::{BitWriter, Sink};

/// Bits needed for a constrained whole number in `lb..=ub`.
#[inline]
pub const fn range_bits(lb: i64, ub: i64) -> u32 {
    let span = (ub as i128 - lb as i128) as u128;
    128 - span.leading_zeros()
}

/// Minimum octets for a non-negative number (at least one).
#[inline]
fn unsigned_octets(v: u64) -> usize {
    ((64 - v.leading_zeros()) as usize).div_ceil(8).max(1)
}

/// Minimum octets for a two's-complement number (at least one).
#[inline]
fn signed_octets(v: i64) -> usize {
    let bits = if v < 0 {
        64 - (!v).leading_zeros()
    } else {
        64 - v.leading_zeros()
    } + 1;
    (bits as usize).div_ceil(8)
}

impl BitReader<'_> {
    /// A constrained whole number in `lb..=ub`.
    #[inline]
    pub fn read_constrained(&mut self, lb: i64, ub: i64) -> Result<i64> {
        let at = self.position();
        let v = self.read_bits(range_bits(lb, ub))?;
        if v > (ub as i128 - lb as i128) as u64 {
            return Err(super::Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok((lb as i128 + v as i128) as i64)
    }

    /// A constrained whole number in `lb..=ub` of an unsigned type.
    #[inline]
    pub fn read_constrained_u64(&mut self, lb: u64, ub: u64) -> Result<u64> {
        let at = self.position();
        let span = ub - lb;
        let v = self.read_bits(64 - span.leading_zeros())?;
        if v > span {
            return Err(super::Error::new(ErrorKind::ValueOutOfRange, at));
        }
        Ok(lb + v)
    }

    /// The octet count of a semi-constrained or unconstrained number: 1..=8.
    fn read_octet_count(&mut self) -> Result<usize> {
        let at = self.position();
        match self.read_length()? {
            super::Length::Final(n @ 1..=8) => Ok(n),
            super::Length::Final(_) => Err(super::Error::new(ErrorKind::ValueOutOfRange, at)),
            super::Length::Fragment(_) => Err(super::Error::new(ErrorKind::InvalidLength, at)),
        }
    }

    /// A semi-constrained whole number `lb..` (length octets, then `value - lb`).
    pub fn read_semi_constrained(&mut self, lb: i64) -> Result<i64> {
        let at = self.position();
        let n = self.read_octet_count()?;
        let v = self.read_bits(8 * n as u32)?;
        let r = lb as i128 + v as i128;
        i64::try_from(r).map_err(|_| super::Error::new(ErrorKind::ValueOutOfRange, at))
    }

    /// An unconstrained whole number (length octets, then two's complement).
    pub fn read_unconstrained(&mut self) -> Result<i64> {
        let n = self.read_octet_count()?;
        let v = self.read_bits(8 * n as u32)?;
        let shift = 64 - 8 * n as u32;
        Ok(((v << shift) as i64) >> shift)
    }

    /// A normally small non-negative whole number (CHOICE and ENUMERATED extension indices).
    pub fn read_normally_small(&mut self) -> Result<u64> {
        if !self.read_bool()? {
            self.read_bits(6)
        } else {
            Ok(self.read_semi_constrained(0)? as u64)
        }
    }
}

impl<S: Sink> BitWriter<S> {
    /// A constrained whole number in `lb..=ub`.
    #[inline]
    pub fn write_constrained(&mut self, v: i64, lb: i64, ub: i64) -> Result<()> {
        if v < lb || v > ub {
            return Err(self.error(ErrorKind::ValueOutOfRange));
        }
        self.write_bits((v as i128 - lb as i128) as u64, range_bits(lb, ub))
    }

    /// A constrained whole number in `lb..=ub` of an unsigned type.
    #[inline]
    pub fn write_constrained_u64(&mut self, v: u64, lb: u64, ub: u64) -> Result<()> {
        if v < lb || v > ub {
            return Err(self.error(ErrorKind::ValueOutOfRange));
        }
        self.write_bits(v - lb, 64 - (ub - lb).leading_zeros())
    }

    /// A semi-constrained whole number `lb..`.
    pub fn write_semi_constrained(&mut self, v: i64, lb: i64) -> Result<()> {
        if v < lb {
            return Err(self.error(ErrorKind::ValueOutOfRange));
        }
        let off = (v as i128 - lb as i128) as u64;
        let n = unsigned_octets(off);
        self.write_length(n)?;
        self.write_bits(off, 8 * n as u32)
    }

    /// An unconstrained whole number.
    pub fn write_unconstrained(&mut self, v: i64) -> Result<()> {
        let n = signed_octets(v);
        self.write_length(n)?;
        self.write_bits(v as u64, 8 * n as u32)
    }

    /// A normally small non-negative whole number.
    pub fn write_normally_small(&mut self, v: u64) -> Result<()> {
        if v <= 63 {
            self.write_bits(v, 7)
        } else {
            self.write_bool(true)?;
            self.write_semi_constrained(v as i64, 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::testutil::{bits_of, enc};

    #[test]
    fn bits_for_ranges() {
        assert_eq!(range_bits(0, 0), 0);
        assert_eq!(range_bits(0, 1), 1);
        assert_eq!(range_bits(0, 127), 7);
        assert_eq!(range_bits(-900_000_000, 900_000_001), 31);
        assert_eq!(range_bits(-1_799_999_999, 1_800_000_001), 32);
        assert_eq!(range_bits(-126, 127), 8);
        assert_eq!(range_bits(0, 28800), 15);
        assert_eq!(range_bits(0, u32::MAX as i64), 32);
    }

    #[test]
    fn constrained_is_offset_from_lower_bound() {
        // Latitude 41.16 degrees must not come back sign-extended.
        let lat = 411_600_000;
        let bytes = enc(|w| w.write_constrained(lat, -900_000_000, 900_000_001));
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.read_constrained(-900_000_000, 900_000_001).unwrap(), lat);
        // -126..127 stores -126 as 0.
        assert_eq!(
            bits_of(&enc(|w| w.write_constrained(-126, -126, 127)), 8),
            "00000000"
        );
        assert_eq!(
            bits_of(&enc(|w| w.write_constrained(127, -126, 127)), 8),
            "11111101"
        );
    }

    #[test]
    fn constrained_rejects_out_of_range() {
        // 8 bits for 0..200 can carry 255, which is not in range.
        let mut r = BitReader::new(&[0xff]);
        assert_eq!(
            r.read_constrained(0, 200).unwrap_err().kind,
            ErrorKind::ValueOutOfRange
        );
        let mut buf = [0u8; 4];
        let mut w = BitWriter::to_slice(&mut buf);
        assert_eq!(
            w.write_constrained(201, 0, 200).unwrap_err().kind,
            ErrorKind::ValueOutOfRange
        );
    }

    #[test]
    fn semi_and_unconstrained_match_x691() {
        // X.691: semi-constrained 256 with lb 0 is length 2, then 0x0100.
        assert_eq!(
            enc(|w| w.write_semi_constrained(256, 0)),
            [0x02, 0x01, 0x00]
        );
        assert_eq!(enc(|w| w.write_unconstrained(-1)), [0x01, 0xff]);
        assert_eq!(enc(|w| w.write_unconstrained(128)), [0x02, 0x00, 0x80]);
        assert_eq!(enc(|w| w.write_unconstrained(-129)), [0x02, 0xff, 0x7f]);
        for v in [
            0i64,
            1,
            -1,
            127,
            -128,
            128,
            65535,
            -65536,
            i64::MAX,
            i64::MIN,
        ] {
            let b = enc(|w| w.write_unconstrained(v));
            assert_eq!(BitReader::new(&b).read_unconstrained().unwrap(), v);
        }
        for v in [0i64, 1, 255, 256, 1 << 40] {
            let b = enc(|w| w.write_semi_constrained(v, -5));
            assert_eq!(BitReader::new(&b).read_semi_constrained(-5).unwrap(), v);
        }
    }

    #[test]
    fn normally_small() {
        assert_eq!(bits_of(&enc(|w| w.write_normally_small(5)), 7), "0000101");
        let b = enc(|w| w.write_normally_small(64));
        assert_eq!(bits_of(&b, 1), "1");
        assert_eq!(BitReader::new(&b).read_normally_small().unwrap(), 64);
    }
}

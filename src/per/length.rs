//! Length determinants (X.691 §11.9, unaligned) and `SIZE` constraints.

use super::error::{Error, ErrorKind, Result};
use super::reader::BitReader;
use super::writer::{BitWriter, Sink};

/// One fragment of 16K units; lengths of 16384 and more are sent in fragments.
pub const FRAGMENT: usize = 16384;

/// An unconstrained length determinant as read from the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    /// The last (or only) part: this many units, then no more.
    Final(usize),
    /// A fragment of this many units (a multiple of 16384); another length follows the units.
    Fragment(usize),
}

/// A PER-visible `SIZE` constraint: `lb..=ub`, possibly extensible (`SIZE(lb..ub, ...)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Lower bound.
    pub lb: usize,
    /// Upper bound, `None` for `MAX`.
    pub ub: Option<usize>,
    /// `true` if the constraint has an extension marker.
    pub ext: bool,
}

impl Size {
    /// `SIZE(lb..ub)`.
    pub const fn range(lb: usize, ub: usize) -> Self {
        Size {
            lb,
            ub: Some(ub),
            ext: false,
        }
    }
    /// `SIZE(n)`.
    pub const fn fixed(n: usize) -> Self {
        Size {
            lb: n,
            ub: Some(n),
            ext: false,
        }
    }
    /// No constraint.
    pub const UNCONSTRAINED: Size = Size {
        lb: 0,
        ub: None,
        ext: false,
    };
    /// The same constraint with an extension marker.
    pub const fn extensible(self) -> Self {
        Size { ext: true, ..self }
    }
    /// Whether `n` lies in the root.
    #[inline]
    pub fn contains(&self, n: usize) -> bool {
        n >= self.lb && self.ub.is_none_or(|ub| n <= ub)
    }
    /// The root bound when it is small enough to be sent as a constrained number.
    #[inline]
    pub(crate) fn small_ub(&self) -> Option<usize> {
        self.ub.filter(|&ub| ub < 65536)
    }
}

impl BitReader<'_> {
    /// An unconstrained length determinant.
    #[inline]
    pub fn read_length(&mut self) -> Result<Length> {
        // The usual one-octet form (a length below 128) in one read.
        match self.bits_at(self.position(), 8) {
            Ok(n) if n < 0x80 => {
                self.set_position(self.position() + 8);
                Ok(Length::Final(n as usize))
            }
            _ => self.read_long_length(),
        }
    }

    /// [`BitReader::read_length`] of the two-octet and fragment forms, and at the end of
    /// the input (for the error a bit-by-bit read gives).
    #[inline(never)]
    fn read_long_length(&mut self) -> Result<Length> {
        let at = self.position();
        if !self.read_bool()? {
            return Ok(Length::Final(self.read_bits(7)? as usize));
        }
        if !self.read_bool()? {
            return Ok(Length::Final(self.read_bits(14)? as usize));
        }
        match self.read_bits(6)? {
            m @ 1..=4 => Ok(Length::Fragment(m as usize * FRAGMENT)),
            _ => Err(Error::new(ErrorKind::InvalidLength, at)),
        }
    }

    /// A normally small length (the extension-addition bitmap length): 1..
    pub fn read_normally_small_length(&mut self) -> Result<usize> {
        let at = self.position();
        if !self.read_bool()? {
            return Ok(self.read_bits(6)? as usize + 1);
        }
        match self.read_length()? {
            Length::Final(n) if n > 0 => Ok(n),
            _ => Err(Error::new(ErrorKind::InvalidLength, at)),
        }
    }

    /// Reads a length under `size`, calling `chunk(reader, n)` for every run of `n` units
    /// (one run, or several when the length is fragmented); returns the total.
    ///
    /// `unit_bits` is the minimum size of one unit on the wire: lengths that cannot fit in
    /// the remaining input are refused before any unit is read, so a hostile length can
    /// never make the caller reserve memory the input does not back.
    #[inline(always)]
    pub fn read_sized<F>(&mut self, size: Size, unit_bits: usize, chunk: F) -> Result<usize>
    where
        F: FnMut(&mut Self, usize) -> Result<()>,
    {
        // A constant `size` at every call: the usual case (a small upper bound, no extension
        // marker) inlines into the caller.
        match size.small_ub() {
            Some(ub) if !size.ext => {
                let at = self.position();
                self.read_small_sized(at, size.lb, ub, unit_bits, chunk)
            }
            _ => self.read_sized_general(size, unit_bits, chunk),
        }
    }

    /// A length `lb..=ub` (`ub` < 64K) as a constrained number, then its one run; `at` is
    /// where the size's encoding starts (its extension bit, if any).
    #[inline(always)]
    fn read_small_sized<F>(
        &mut self,
        at: usize,
        lb: usize,
        ub: usize,
        unit_bits: usize,
        mut chunk: F,
    ) -> Result<usize>
    where
        F: FnMut(&mut Self, usize) -> Result<()>,
    {
        let n = self.read_constrained_u64(lb as u64, ub as u64)? as usize;
        self.check_fits(n, unit_bits, at)?;
        chunk(self, n)?;
        Ok(n)
    }

    fn read_sized_general<F>(&mut self, size: Size, unit_bits: usize, mut chunk: F) -> Result<usize>
    where
        F: FnMut(&mut Self, usize) -> Result<()>,
    {
        let at = self.position();
        let extended = size.ext && self.read_bool()?;
        if !extended {
            if let Some(ub) = size.small_ub() {
                return self.read_small_sized(at, size.lb, ub, unit_bits, chunk);
            }
        }
        let mut total = 0usize;
        loop {
            let (n, last) = match self.read_length()? {
                Length::Final(n) => (n, true),
                Length::Fragment(n) => (n, false),
            };
            self.check_fits(n, unit_bits, at)?;
            chunk(self, n)?;
            total += n;
            if last {
                break;
            }
        }
        if !extended && !size.contains(total) {
            return Err(Error::new(ErrorKind::SizeOutOfRange, at));
        }
        Ok(total)
    }

    /// Steps past a value of `unit_bits`-bit units under `size` (a string's skip): as
    /// [`read_sized`](BitReader::read_sized) stepping past every run, with the extensible
    /// sizes' usual forms (a root size, or one of fewer than 128 units) read inline.
    #[inline(always)]
    pub fn skip_sized(&mut self, size: Size, unit_bits: usize) -> Result<()> {
        if let (true, Some(ub)) = (size.ext, size.small_ub()) {
            let at = self.position();
            if !self.read_bool()? {
                return self
                    .read_small_sized(at, size.lb, ub, unit_bits, |r, n| r.skip(n * unit_bits))
                    .map(drop);
            }
            if let Ok(n @ 0..0x80) = self.bits_at(at + 1, 8) {
                self.set_position(at + 9);
                self.check_fits(n as usize, unit_bits, at)?;
                return self.skip(n as usize * unit_bits);
            }
            self.set_position(at);
        }
        self.read_sized(size, unit_bits, |r, n| r.skip(n * unit_bits))
            .map(drop)
    }

    /// Refuses `n` units of at least `unit_bits` each that the input cannot hold, with the
    /// error of a length read at `at`.
    #[inline]
    pub(crate) fn check_fits(&self, n: usize, unit_bits: usize, at: usize) -> Result<()> {
        if n.saturating_mul(unit_bits) > self.remaining() {
            Err(Error::new(ErrorKind::LengthTooLarge, at))
        } else {
            Ok(())
        }
    }
}

impl<S: Sink> BitWriter<S> {
    /// An unconstrained length determinant for `n < 16384`.
    pub fn write_length(&mut self, n: usize) -> Result<()> {
        if n < 128 {
            self.write_bits(n as u64, 8)
        } else if n < FRAGMENT {
            self.write_bits(0x8000 | n as u64, 16)
        } else {
            Err(self.error(ErrorKind::Unencodable))
        }
    }

    /// A normally small length (1..).
    pub fn write_normally_small_length(&mut self, n: usize) -> Result<()> {
        if (1..=64).contains(&n) {
            self.write_bits(n as u64 - 1, 7)
        } else {
            self.write_bool(true)?;
            self.write_length(n)
        }
    }

    /// Writes the length `n` under `size`, calling `chunk(writer, start, count)` for each run
    /// of units, with fragmentation where X.691 needs it.
    #[inline(always)]
    pub fn write_sized<F>(&mut self, size: Size, n: usize, mut chunk: F) -> Result<()>
    where
        F: FnMut(&mut Self, usize, usize) -> Result<()>,
    {
        // A constant `size` at every call: the usual case (a small upper bound, no extension
        // marker) inlines into the caller, as `read_sized` does.
        match size.small_ub() {
            Some(ub) if !size.ext => {
                if !size.contains(n) {
                    return Err(self.error(ErrorKind::SizeOutOfRange));
                }
                self.write_constrained_u64(n as u64, size.lb as u64, ub as u64)?;
                chunk(self, 0, n)
            }
            _ => self.write_sized_general(size, n, chunk),
        }
    }

    fn write_sized_general<F>(&mut self, size: Size, n: usize, mut chunk: F) -> Result<()>
    where
        F: FnMut(&mut Self, usize, usize) -> Result<()>,
    {
        let in_root = size.contains(n);
        if size.ext {
            self.write_bool(!in_root)?;
        } else if !in_root {
            return Err(self.error(ErrorKind::SizeOutOfRange));
        }
        if in_root {
            if let Some(ub) = size.small_ub() {
                self.write_constrained_u64(n as u64, size.lb as u64, ub as u64)?;
                return chunk(self, 0, n);
            }
        }
        let mut start = 0;
        loop {
            let left = n - start;
            if left < FRAGMENT {
                self.write_length(left)?;
                return chunk(self, start, left);
            }
            let m = (left / FRAGMENT).min(4);
            self.write_bits(0xc0 | m as u64, 8)?;
            chunk(self, start, m * FRAGMENT)?;
            start += m * FRAGMENT;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::testutil::enc;

    #[test]
    fn a_length_the_input_cannot_hold_is_reported_where_the_size_starts() {
        // Three bits in, a size 0..100 (7 bits; after a 0 extension bit if extensible)
        // saying 100 octets, and nothing after.
        for (size, data) in [
            (Size::range(0, 100), [0b000_11001, 0b00_000000]),
            (Size::range(0, 100).extensible(), [0b000_01100, 0b100_00000]),
        ] {
            let mut r = BitReader::new(&data);
            r.skip(3).unwrap();
            let e = r.read_sized(size, 8, |_, _| Ok(())).unwrap_err();
            assert_eq!((e.kind, e.bit), (ErrorKind::LengthTooLarge, 3), "{size:?}");
        }
    }

    #[test]
    fn length_forms() {
        assert_eq!(enc(|w| w.write_length(5)), [0x05]);
        assert_eq!(enc(|w| w.write_length(127)), [0x7f]);
        assert_eq!(enc(|w| w.write_length(128)), [0x80, 0x80]);
        assert_eq!(enc(|w| w.write_length(16383)), [0xbf, 0xff]);
        assert_eq!(
            BitReader::new(&[0x80, 0x80]).read_length().unwrap(),
            Length::Final(128)
        );
        assert_eq!(
            BitReader::new(&[0xc1]).read_length().unwrap(),
            Length::Fragment(16384)
        );
        assert_eq!(
            BitReader::new(&[0xc5]).read_length().unwrap_err().kind,
            ErrorKind::InvalidLength
        );
    }

    #[test]
    fn fragmented_round_trip() {
        for n in [0usize, 1, 16383, 16384, 16385, 65536, 65536 + 16384 * 2 + 7] {
            let data: alloc::vec::Vec<u8> = (0..n).map(|i| i as u8).collect();
            let bytes = enc(|w| {
                w.write_sized(Size::UNCONSTRAINED, n, |w, s, c| {
                    w.write_octets(&data[s..s + c])
                })
            });
            let mut out = alloc::vec::Vec::new();
            let mut r = BitReader::new(&bytes);
            let total = r
                .read_sized(Size::UNCONSTRAINED, 8, |r, c| {
                    let s = out.len();
                    out.resize(s + c, 0);
                    r.read_octets_into(&mut out[s..])
                })
                .unwrap();
            assert_eq!(total, n);
            assert_eq!(out, data);
        }
        // 65536 octets: four-fragment header 0xc4, then a final empty length.
        let bytes = enc(|w| {
            w.write_sized(Size::UNCONSTRAINED, 65536, |w, _, c| {
                w.write_octets(&alloc::vec![0; c])
            })
        });
        assert_eq!(bytes[0], 0xc4);
        assert_eq!(bytes[65537], 0x00);
    }

    #[test]
    fn hostile_length_fails_before_reading() {
        // Claims 16383 octets with two bytes of input.
        let mut r = BitReader::new(&[0xbf, 0xff, 0x00]);
        let e = r
            .read_sized(Size::UNCONSTRAINED, 8, |_, _| panic!("must not be called"))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::LengthTooLarge);
    }

    #[test]
    fn extensible_size_outside_root() {
        // SIZE(1..4, ...) with 6 units: extension bit, then an unconstrained length.
        let s = Size::range(1, 4).extensible();
        let b = enc(|w| w.write_sized(s, 6, |_, _, _| Ok(())));
        assert_eq!(b, [0b1000_0011, 0b0000_0000]);
        let mut r = BitReader::new(&b);
        assert_eq!(r.read_sized(s, 0, |_, _| Ok(())).unwrap(), 6);
        // In root: extension bit 0 and two bits for 3-1.
        let b = enc(|w| w.write_sized(s, 3, |_, _, _| Ok(())));
        assert_eq!(b, [0b0100_0000]);
    }
}

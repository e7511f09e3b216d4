//! The bit writer: big-endian bits into a caller's buffer or a growable one.

use super::error::{Error, ErrorKind, Result};

/// A [`Sink`] had no room for more octets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SinkFull;

/// Where a [`BitWriter`] puts finished octets.
pub trait Sink {
    /// Appends octets; fails when the sink is full.
    fn put(&mut self, bytes: &[u8]) -> core::result::Result<(), SinkFull>;
}

/// A fixed buffer owned by the caller: writing past its end is [`ErrorKind::BufferFull`].
#[derive(Debug)]
pub struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceSink<'b> {
    /// A sink writing from the start of `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> core::result::Result<(), SinkFull> {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end;
                Ok(())
            }
            None => Err(SinkFull),
        }
    }
}

#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> core::result::Result<(), SinkFull> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

#[cfg(feature = "bytes")]
impl Sink for bytes::BytesMut {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> core::result::Result<(), SinkFull> {
        self.extend_from_slice(bytes);
        Ok(())
    }
}

/// Writes bits most-significant first, 64 at a time, into a [`Sink`].
///
/// Call [`BitWriter::finish`] to flush the last partial octet (zero-padded).
#[derive(Debug)]
pub struct BitWriter<S: Sink> {
    sink: S,
    acc: u64,
    /// Bits held in `acc` (0..64).
    nacc: u32,
    /// Bits written in all.
    written: usize,
}

impl<'b> BitWriter<SliceSink<'b>> {
    /// A writer into a caller's buffer.
    pub fn to_slice(buf: &'b mut [u8]) -> Self {
        BitWriter::new(SliceSink::new(buf))
    }
}

impl<S: Sink> BitWriter<S> {
    /// A writer into `sink`.
    pub fn new(sink: S) -> Self {
        BitWriter {
            sink,
            acc: 0,
            nacc: 0,
            written: 0,
        }
    }

    /// Bits written so far.
    #[inline]
    pub fn position(&self) -> usize {
        self.written
    }

    /// An error of `kind` at the current position.
    #[inline]
    pub fn error(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.written)
    }

    /// Writes the low `n <= 64` bits of `v`.
    #[inline]
    pub fn write_bits(&mut self, v: u64, n: u32) -> Result<()> {
        debug_assert!(n <= 64);
        if n == 0 {
            return Ok(());
        }
        let v = if n == 64 { v } else { v & ((1u64 << n) - 1) };
        let free = 64 - self.nacc;
        if n < free {
            self.acc = (self.acc << n) | v;
            self.nacc += n;
        } else {
            // Fill the accumulator, emit 8 octets, keep the rest.
            let rest = n - free;
            let full = if free == 64 {
                v >> rest
            } else {
                (self.acc << free) | (v >> rest)
            };
            self.sink
                .put(&full.to_be_bytes())
                .map_err(|_| self.error(ErrorKind::BufferFull))?;
            self.acc = if rest == 0 {
                0
            } else {
                v & ((1u64 << rest) - 1)
            };
            self.nacc = rest;
        }
        self.written += n as usize;
        Ok(())
    }

    /// Writes one bit.
    #[inline]
    pub fn write_bool(&mut self, b: bool) -> Result<()> {
        self.write_bits(b as u64, 1)
    }

    /// Writes whole octets (at any bit alignment).
    pub fn write_octets(&mut self, bytes: &[u8]) -> Result<()> {
        if self.nacc % 8 == 0 {
            // Octet-aligned: the octets held first, then `bytes` copied as they are.
            if self.nacc > 0 {
                let held = (self.acc << (64 - self.nacc)).to_be_bytes();
                self.sink
                    .put(&held[..(self.nacc / 8) as usize])
                    .map_err(|_| self.error(ErrorKind::BufferFull))?;
                self.acc = 0;
                self.nacc = 0;
            }
            self.sink
                .put(bytes)
                .map_err(|_| self.error(ErrorKind::BufferFull))?;
            self.written += bytes.len() * 8;
            return Ok(());
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.write_bits(v, 64)?;
        }
        for &b in chunks.remainder() {
            self.write_bits(b as u64, 8)?;
        }
        Ok(())
    }

    /// Copies `nbits` bits starting at bit `start` of `src`.
    pub fn write_bits_from(&mut self, src: &[u8], start: usize, nbits: usize) -> Result<()> {
        let mut r = super::BitReader::with_range(src, start, start + nbits)
            .ok_or_else(|| self.error(ErrorKind::Unencodable))?;
        while r.remaining() >= 64 {
            let v = r.read_bits(64)?;
            self.write_bits(v, 64)?;
        }
        let n = r.remaining() as u32;
        let v = r.read_bits(n)?;
        self.write_bits(v, n)
    }

    /// Pads to an octet boundary with zero bits.
    pub fn align(&mut self) -> Result<()> {
        let pad = (8 - (self.written & 7) as u32) & 7;
        self.write_bits(0, pad)
    }

    /// Flushes the last partial octet (zero-padded) and returns the sink and the
    /// number of octets written.
    pub fn finish(mut self) -> Result<(S, usize)> {
        self.align()?;
        let nbytes = (self.nacc / 8) as usize;
        if nbytes > 0 {
            let bytes = (self.acc << (64 - self.nacc)).to_be_bytes();
            self.sink
                .put(&bytes[..nbytes])
                .map_err(|_| self.error(ErrorKind::BufferFull))?;
        }
        Ok((self.sink, self.written / 8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write_octets` at every bit offset and length gives what bit-by-bit writes give, and
    /// into a buffer too small for it, a `BufferFull` error instead.
    #[test]
    fn octets_at_any_offset_are_the_bits_written_one_by_one() {
        let data: alloc::vec::Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
        for offset in 0..20u32 {
            for len in 0..data.len() {
                let mut one = BitWriter::new(alloc::vec::Vec::new());
                let mut all = BitWriter::new(alloc::vec::Vec::new());
                for w in [&mut one, &mut all] {
                    w.write_bits(0b1011, 4).unwrap();
                    w.write_bits(0x3_ffff, offset.saturating_sub(4)).unwrap();
                }
                for &b in &data[..len] {
                    for i in (0..8).rev() {
                        one.write_bool(b >> i & 1 == 1).unwrap();
                    }
                }
                all.write_octets(&data[..len]).unwrap();
                all.write_bits(1, 3).unwrap();
                one.write_bits(1, 3).unwrap();
                assert_eq!(one.position(), all.position());
                assert_eq!(
                    one.finish().unwrap(),
                    all.finish().unwrap(),
                    "{offset} {len}"
                );

                let need = (offset.max(4) as usize + 8 * len).div_ceil(8);
                if len > 0 {
                    let mut buf = alloc::vec![0u8; need - 1];
                    let mut w = BitWriter::to_slice(&mut buf);
                    w.write_bits(0b1011, 4).unwrap();
                    w.write_bits(0x3_ffff, offset.saturating_sub(4)).unwrap();
                    let r = w
                        .write_octets(&data[..len])
                        .and_then(|_| w.finish().map(drop));
                    assert_eq!(r.unwrap_err().kind, ErrorKind::BufferFull, "{offset} {len}");
                }
            }
        }
    }
}

//! The COER writer: appends canonical encodings to a `Vec<u8>`.

use alloc::vec::Vec;

use super::error::{Error, ErrorKind, Result};

/// Appends canonical OER to a growable buffer.
#[derive(Clone, Debug, Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer::default()
    }

    /// The octets written so far.
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }

    /// The octets written.
    pub fn into_vec(self) -> Vec<u8> {
        self.buf
    }

    /// Raw octets (a fixed-size `OCTET STRING`, or an already encoded value).
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// One octet.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// A 2-octet unsigned integer.
    pub fn u16(&mut self, v: u16) {
        self.bytes(&v.to_be_bytes());
    }

    /// A 4-octet unsigned integer.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }

    /// An 8-octet unsigned integer.
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_be_bytes());
    }

    /// A length determinant in its canonical form.
    pub fn length(&mut self, n: usize) {
        if n < 0x80 {
            self.u8(n as u8);
        } else {
            let b = (n as u64).to_be_bytes();
            let skip = b.iter().take_while(|&&x| x == 0).count();
            self.u8(0x80 | (8 - skip) as u8);
            self.bytes(&b[skip..]);
        }
    }

    /// A length-prefixed `OCTET STRING` whose length must lie in `lb..=ub`.
    pub fn octets(&mut self, b: &[u8], lb: usize, ub: usize) -> Result<()> {
        if b.len() < lb || b.len() > ub {
            return Err(Error::new(ErrorKind::SizeOutOfRange, self.buf.len()));
        }
        self.length(b.len());
        self.bytes(b);
        Ok(())
    }

    /// A non-negative integer without upper bound: length, then minimal octets.
    pub fn uint(&mut self, v: u64) {
        let b = v.to_be_bytes();
        let skip = b.iter().take_while(|&&x| x == 0).count().min(7);
        self.length(8 - skip);
        self.bytes(&b[skip..]);
    }

    /// An integer without bounds: length, then minimal two's complement.
    pub fn int(&mut self, v: i64) {
        let b = v.to_be_bytes();
        let mut skip = 0;
        while skip < 7 {
            let (x, next) = (b[skip], b[skip + 1]);
            if (x == 0 && next & 0x80 == 0) || (x == 0xff && next & 0x80 != 0) {
                skip += 1;
            } else {
                break;
            }
        }
        self.length(8 - skip);
        self.bytes(&b[skip..]);
    }

    /// A constrained integer in its fixed width; out-of-range values are refused.
    pub fn constrained(&mut self, v: i64, lb: i64, ub: i64) -> Result<()> {
        if v < lb || v > ub {
            return Err(Error::new(ErrorKind::ValueOutOfRange, self.buf.len()));
        }
        let (width, _) = super::int_width(lb, ub);
        self.bytes(&v.to_be_bytes()[8 - width..]);
        Ok(())
    }

    /// A constrained non-negative integer in its fixed width; out-of-range values are refused.
    pub fn unsigned(&mut self, v: u64, lb: u64, ub: u64) -> Result<()> {
        if v < lb || v > ub {
            return Err(Error::new(ErrorKind::ValueOutOfRange, self.buf.len()));
        }
        let width = super::uint_width(ub);
        self.bytes(&v.to_be_bytes()[8 - width..]);
        Ok(())
    }

    /// An ENUMERATED value.
    pub fn enumerated(&mut self, v: i64) {
        if (0..=127).contains(&v) {
            self.u8(v as u8);
        } else {
            let mut w = Writer::new();
            w.int(v);
            // `int` wrote a one-octet length then the content: reuse the content.
            let content = &w.buf[1..];
            self.u8(0x80 | content.len() as u8);
            self.bytes(content);
        }
    }

    /// The context-specific tag of CHOICE alternative `n`.
    pub fn choice(&mut self, n: u32) {
        if n < 0x3f {
            self.u8(0x80 | n as u8);
        } else {
            self.u8(0xbf);
            let mut groups = [0u8; 5];
            let mut k = 0;
            let mut v = n;
            loop {
                groups[k] = (v & 0x7f) as u8;
                k += 1;
                v >>= 7;
                if v == 0 {
                    break;
                }
            }
            for i in (0..k).rev() {
                self.u8(groups[i] | if i > 0 { 0x80 } else { 0 });
            }
        }
    }

    /// A SEQUENCE preamble: the extension bit (if `extensible`), then `optionals` presence
    /// bits from `bits` (bit `optionals - 1 - i` is member `i`), padded to octets.
    pub fn preamble(&mut self, extensible: bool, extended: bool, optionals: u32, bits: u64) {
        let n = optionals + extensible as u32;
        if n == 0 {
            return;
        }
        let octets = n.div_ceil(8);
        let mut v = bits & ((1u64 << optionals) - 1);
        if extensible && extended {
            v |= 1 << optionals;
        }
        v <<= octets * 8 - n;
        self.bytes(&v.to_be_bytes()[8 - octets as usize..]);
    }

    /// An open type: `f` writes the content, which is then prefixed with its length.
    pub fn open<F: FnOnce(&mut Writer) -> Result<()>>(&mut self, f: F) -> Result<()> {
        let mut inner = Writer::new();
        f(&mut inner)?;
        self.length(inner.buf.len());
        self.bytes(&inner.buf);
        Ok(())
    }

    /// The quantity of a `SEQUENCE OF`.
    pub fn quantity(&mut self, n: usize) {
        self.uint(n as u64);
    }

    /// An extension-addition presence bitmap of `len` bits with the bits `present` set.
    pub fn extension_bitmap(&mut self, len: usize, present: impl Iterator<Item = usize>) {
        let octets = len.div_ceil(8);
        let mut bits = alloc::vec![0u8; octets];
        for i in present {
            if i < len {
                bits[i / 8] |= 0x80 >> (i % 8);
            }
        }
        self.length(octets + 1);
        self.u8((octets * 8 - len) as u8);
        self.bytes(&bits);
    }
}

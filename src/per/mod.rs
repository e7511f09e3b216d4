//! ASN.1 PER, unaligned variant (ITU-T X.691 UPER): the wire primitives.
//!
//! - [`BitReader`] reads bits from a borrowed slice with 64-bit loads; [`BitWriter`]
//!   writes into a caller's buffer ([`SliceSink`]), a `Vec<u8>` or a `bytes::BytesMut`.
//! - Whole numbers, length determinants (with fragmentation), `SIZE` constraints,
//!   normally small numbers: methods on the reader and writer.
//! - [`Decode`] / [`Encode`]: the traits every owned J2735 type implements.
//!
//! # Contract
//! No input makes a reader panic, loop without consuming input, or read out of bounds:
//! every read is checked and fails with an [`Error`] carrying the bit offset. Lengths are
//! checked against the remaining input before anything is reserved for them.

mod block;
mod error;
mod integer;
mod length;
pub(crate) mod lists;
pub mod oid;
mod reader;
pub mod view;
mod writer;

#[cfg(feature = "alloc")]
pub(crate) mod owned;
#[cfg(feature = "alloc")]
pub(crate) mod small_list;
#[cfg(test)]
pub(crate) mod testutil;

pub use block::{Bits, BitsOut};
pub use error::{Error, ErrorKind, Result, ResultExt};
pub use integer::range_bits;
pub use length::{Length, Size, FRAGMENT};
pub use oid::{skip_oid, OidError};
#[cfg(feature = "alloc")]
pub use oid::{ObjectIdentifier, RelativeOid};
#[cfg(feature = "alloc")]
pub use owned::{
    decode_ia5, decode_utf8, encode_ia5, encode_open, encode_utf8, finish_open, BitString,
    Extensions, OctetString, OpenType, UnknownAlternative,
};
pub use reader::BitReader;
#[cfg(feature = "alloc")]
pub use small_list::SmallList;
pub use writer::{BitWriter, Sink, SinkFull, SliceSink};

/// A type that can be read from UPER.
pub trait Decode: Sized {
    /// Reads one value, leaving the reader after it.
    fn decode(r: &mut BitReader<'_>) -> Result<Self>;

    /// Reads one value into `self`, reusing the heap blocks (lists, strings, boxes) `self`
    /// already holds: decoding a stream of like messages into one value allocates nothing
    /// once the value has held the largest of them.
    ///
    /// The value read is the same as [`Decode::decode`]'s. On error `self` holds a valid
    /// value of unspecified content (part old, part new).
    #[inline]
    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {
        *self = Self::decode(r)?;
        Ok(())
    }

    /// The value a new one is decoded into in place: [`Default`], or for a generated type
    /// with lists or strings, its `Default` with them empty (so that each is allocated
    /// once, at the length decoded). Not a valid value in general: whoever makes one
    /// decodes into it, and on error replaces or drops it.
    #[doc(hidden)]
    #[inline]
    fn blank() -> Self
    where
        Self: Default,
    {
        Self::default()
    }

    /// Decodes a complete UPER encoding: the value, then only zero padding to the next octet.
    fn from_uper(bytes: &[u8]) -> Result<Self> {
        let mut r = BitReader::new(bytes);
        let v = Self::decode(&mut r)?;
        r.expect_padding()?;
        Ok(v)
    }

    /// [`Decode::from_uper`] into an existing value, reusing its heap blocks (see
    /// [`Decode::decode_into`]): the receive loop of a roadside or vehicle unit.
    ///
    /// ```
    /// use cv2x::j2735::{Message, MessageFrame};
    /// use cv2x::per::Decode;
    ///
    /// let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
    /// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    /// let mut frame = MessageFrame::from_uper(&bytes)?;
    /// for _ in 0..3 {
    ///     // Each received frame decoded into the same value.
    ///     frame.decode_uper_into(&bytes)?;
    ///     assert_eq!(frame, MessageFrame::from_uper(&bytes)?);
    /// }
    /// # Ok::<(), cv2x::per::Error>(())
    /// ```
    fn decode_uper_into(&mut self, bytes: &[u8]) -> Result<()> {
        let mut r = BitReader::new(bytes);
        self.decode_into(&mut r)?;
        r.expect_padding()
    }
}

/// A type that can be written as UPER.
pub trait Encode {
    /// Writes the value.
    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()>;

    /// Encodes into `buf`, returning the number of octets written.
    fn to_uper_slice(&self, buf: &mut [u8]) -> Result<usize> {
        encode_whole(self, SliceSink::new(buf)).map(|(_, n)| n)
    }

    /// Encodes into a new `Vec`.
    #[cfg(feature = "alloc")]
    fn to_uper(&self) -> Result<alloc::vec::Vec<u8>> {
        encode_whole(self, alloc::vec::Vec::new()).map(|(v, _)| v)
    }

    /// Appends the encoding to a `BytesMut`.
    #[cfg(feature = "bytes")]
    fn to_uper_bytes(&self, out: &mut bytes::BytesMut) -> Result<usize> {
        let (b, n) = encode_whole(self, core::mem::take(out))?;
        *out = b;
        Ok(n)
    }
}

/// `v` as a whole encoding appended to `sink`: padded to an octet, and one zero octet for an
/// empty encoding (X.691 §11.1). Returns the sink and the octets written.
pub(crate) fn encode_whole<T: Encode + ?Sized, S: Sink>(v: &T, sink: S) -> Result<(S, usize)> {
    let mut w = BitWriter::new(sink);
    v.encode(&mut w)?;
    if w.position() == 0 {
        w.write_bits(0, 8)?;
    }
    w.finish()
}

impl<'a> BitReader<'a> {
    /// Checks that what is left is fewer than 8 bits, all zero (the padding of a complete
    /// encoding); anything else is [`ErrorKind::TrailingData`].
    pub fn expect_padding(&self) -> Result<()> {
        let left = self.remaining();
        // Fewer than 8 zero bits, or the one zero octet of an empty encoding.
        let padding = left < 8 || (self.position() == 0 && left == 8);
        if padding && self.bits_at(self.position(), left as u32)? == 0 {
            Ok(())
        } else {
            Err(self.error(ErrorKind::TrailingData))
        }
    }

    /// Reads an open type (length determinant, then that many octets) as a sub-reader over
    /// its content. Fragmented open types (16K octets and more) are refused.
    pub fn read_open(&mut self) -> Result<BitReader<'a>> {
        let at = self.position();
        match self.read_length()? {
            Length::Final(n) => {
                if n.saturating_mul(8) > self.remaining() {
                    return Err(Error::new(ErrorKind::LengthTooLarge, at));
                }
                self.take(n * 8)
            }
            Length::Fragment(_) => Err(Error::new(ErrorKind::LengthTooLarge, at)),
        }
    }

    /// Decodes `T` from the whole of an open type's content: the value must end in the last
    /// octet and be followed only by zero padding.
    ///
    /// A fragmented open type (16K octets and more, as the encoder writes such values) is
    /// gathered into one buffer first (with `alloc`); errors inside it then count bits from
    /// the start of that buffer.
    pub fn read_open_as<T: Decode>(&mut self) -> Result<T> {
        self.with_open(|content| content.decode_content())
    }

    /// [`BitReader::read_open_as`] into an existing value (see [`Decode::decode_into`]).
    pub fn read_open_into<T: Decode>(&mut self, v: &mut T) -> Result<()> {
        self.with_open(|content| content.decode_content_into(v))
    }

    /// Calls `f` with a reader over the open type's content, gathered first if fragmented.
    #[inline]
    fn with_open<R>(&mut self, f: impl FnOnce(BitReader<'_>) -> Result<R>) -> Result<R> {
        #[cfg(feature = "alloc")]
        if self.remaining() >= 2 && self.bits_at(self.position(), 2)? == 0b11 {
            let content = OpenType::decode(self)?.0;
            return f(BitReader::new(&content));
        }
        f(self.read_open()?)
    }

    /// Decodes `T` from this reader, which holds an open type's content (as
    /// [`BitReader::read_open`] returns it): the value must fill it up to the zero padding.
    pub fn decode_content<T: Decode>(mut self) -> Result<T> {
        let start = self.position();
        let v = T::decode(&mut self)?;
        self.check_open_end(start)?;
        Ok(v)
    }

    /// [`BitReader::decode_content`] into an existing value (see [`Decode::decode_into`]).
    pub fn decode_content_into<T: Decode>(mut self, v: &mut T) -> Result<()> {
        let start = self.position();
        v.decode_into(&mut self)?;
        self.check_open_end(start)
    }

    /// Reads past an extension-addition bitmap and its open types, checking their framing
    /// but not their content.
    pub fn skip_extensions(&mut self) -> Result<()> {
        self.skip_extensions_with(0, |_, _| Ok(()))
    }

    /// [`skip_extensions`](Self::skip_extensions), reading the content of the first
    /// `known` additions with `skip_known(index, content)`, then checking that only zero
    /// padding follows, as the owned decode checks the additions it knows.
    #[inline]
    pub fn skip_extensions_with<F>(&mut self, known: usize, mut skip_known: F) -> Result<()>
    where
        F: FnMut(usize, &mut BitReader<'a>) -> Result<()>,
    {
        let n = self.read_normally_small_length()?;
        let bitmap = self.take(n)?;
        for i in 0..n {
            if bitmap.bits_at(bitmap.position() + i, 1)? == 1 {
                let mut sub = self.read_open()?;
                if i < known {
                    let s = sub.position();
                    skip_known(i, &mut sub)?;
                    sub.check_open_end(s)?;
                }
            }
        }
        Ok(())
    }

    /// After decoding the content of an open type that started at `start`: only the zero
    /// padding of the last octet may remain (or one zero octet for an empty value).
    pub fn check_open_end(&self, start: usize) -> Result<()> {
        let left = self.remaining();
        let used = self.position() - start;
        let ok = if used == 0 {
            left == 8 && self.bits_at(self.position(), 8)? == 0
        } else {
            left < 8 && self.bits_at(self.position(), left as u32)? == 0
        };
        if ok {
            Ok(())
        } else {
            Err(self.error(ErrorKind::InvalidOpenType))
        }
    }
}

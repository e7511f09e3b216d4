//! Canonical OER (ITU-T X.696, COER): the encoding of IEEE 1609.2, beside the UPER
//! runtime of [`crate::per`].
//!
//! | piece | what |
//! |---|---|
//! | [`Reader`] | a borrowed cursor: lengths, integers (fixed width, unbounded, signed), enumerations, CHOICE tags, SEQUENCE preambles and extension bitmaps, open types, `SEQUENCE OF` quantities |
//! | `Writer` (`alloc`) | the same, appending canonical encodings to a `Vec<u8>` |
//! | [`Error`] | small and `Copy`: kind, octet offset, field path |
//!
//! Every input is hostile: a read gives a value or an [`Error`], never a panic; lengths and
//! quantities are checked against the octets that remain before anything is allocated;
//! encodings that OER allows but canonical OER forbids (a long-form length under 128, a
//! leading zero octet, non-zero padding, an empty extension bitmap) are
//! [`ErrorKind::NonCanonical`], because 1609.2 hashes what it receives and two encodings of
//! one value would be two different signed messages.
//!
//! ```
//! use cv2x::oer::{Reader, ErrorKind};
//! // Psid 0x204097 (MAP): a length octet, then the minimal big-endian value.
//! let mut r = Reader::new(&[0x03, 0x20, 0x40, 0x97]);
//! assert_eq!(r.uint()?, 0x204097);
//! r.finish()?;
//! // A leading zero octet is valid OER but not canonical.
//! assert_eq!(Reader::new(&[0x02, 0x00, 0x20]).uint().unwrap_err().kind, ErrorKind::NonCanonical);
//! # Ok::<(), cv2x::oer::Error>(())
//! ```

mod error;
#[cfg(feature = "alloc")]
pub mod owned;
mod reader;
#[cfg(feature = "alloc")]
mod writer;

/// How deep a type that contains itself (1609.2's `Ieee1609Dot2Data` inside signed data)
/// may nest: [`ErrorKind::TooDeep`] beyond.
pub const MAX_NESTING: u8 = 4;

pub use error::{Error, ErrorKind, Result, ResultExt};

/// `$e?` with the error attributed to the field `$path` ([`Error::in_field`]): how the
/// generated decoders name the field that failed. The path is added on the error path only;
/// the value goes straight from `$e`'s result to where it is used (`.field(..)?` would move
/// it through a second `Result` first, a copy of every nested value at every level).
#[cfg(feature = "alloc")]
macro_rules! field {
    ($e:expr, $path:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err($crate::oer::Error::in_field(e, $path)),
        }
    };
}
#[cfg(feature = "alloc")]
pub(crate) use field;
pub use reader::{Bitmap, Reader};
#[cfg(feature = "alloc")]
pub use writer::Writer;

/// The presence bits of a SEQUENCE as read from its preamble.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Preamble {
    /// The extension bit: extension additions follow the root members.
    pub extended: bool,
    /// One bit per OPTIONAL/DEFAULT member, the first member in the highest bit.
    pub bits: u64,
    /// How many OPTIONAL/DEFAULT members the preamble covers.
    pub optionals: u32,
}

impl Preamble {
    /// Whether OPTIONAL/DEFAULT member `i` (0 = the first such member) is present.
    #[inline]
    pub fn has(&self, i: u32) -> bool {
        i < self.optionals && (self.bits >> (self.optionals - 1 - i)) & 1 == 1
    }
}

/// The width in octets of `INTEGER (0..ub)` and of any range `lb..ub` with `lb >= 0`
/// (X.696 §10.3).
pub const fn uint_width(ub: u64) -> usize {
    if ub <= 0xff {
        1
    } else if ub <= 0xffff {
        2
    } else if ub <= 0xffff_ffff {
        4
    } else {
        8
    }
}

/// The width in octets and the signedness of `INTEGER (lb..ub)` (X.696 §10.3, §10.4).
pub const fn int_width(lb: i64, ub: i64) -> (usize, bool) {
    if lb >= 0 {
        let w = if ub <= 0xff {
            1
        } else if ub <= 0xffff {
            2
        } else if ub <= 0xffff_ffff {
            4
        } else {
            8
        };
        (w, false)
    } else {
        let w = if lb >= -128 && ub <= 127 {
            1
        } else if lb >= -32768 && ub <= 32767 {
            2
        } else if lb >= -(1 << 31) && ub < (1 << 31) {
            4
        } else {
            8
        };
        (w, true)
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests;

//! The runtime of the zero-copy views: what the generated views of every family call.
//!
//! A message view borrows the received octets. Its constructor validates the whole
//! message once with the generated skip function (so a view accepts exactly what the owned
//! decode accepts, and refuses the rest with the same error); every getter afterwards is
//! infallible. Items of a `SEQUENCE OF` are read when an iterator ([`ListIter`]) reaches
//! them: plain members are decoded into the item's view, strings, bit strings and lists
//! recorded as positions.
//!
//! An item whose last member is a list it does not read past (nothing of the item follows
//! it) leaves it unread: the next item is found where that list ends, which the message
//! view remembers when an iterator walks the list to its end ([`Ends`]), or which a
//! [`ViewIndex`] recorded while validating. So a message read in document order is read
//! about twice (validation, then the visit), with or without an index.

mod ends;
#[cfg(feature = "alloc")]
mod index;
mod list;
mod strings;

pub use ends::{Ends, Lists};
#[cfg(feature = "alloc")]
pub use index::ViewIndex;
pub use list::{List, ListEntry, ListIter, OctetsEntry, Tail};
pub use strings::{At, BitsView, Ia5Bytes, Ia5Str, OctetsView};

/// Keeps [`ListEntry`] to the crate's types.
pub mod sealed {
    /// Implemented by the generated views and the plain types their lists hold.
    pub trait Sealed {}
}

use super::{BitReader, Error, ErrorKind, Result};

/// A reader over `data` from bit `at` to its end. Positions come from a validated pass,
/// so they lie within `data`; one that did not would leave the reader at the end, where
/// the next read fails.
#[inline(always)]
pub fn reader_at(data: &[u8], at: usize) -> BitReader<'_> {
    BitReader::at(data, at)
}

/// A bit position as the views keep it: positions past bit 2^32 - 2 (a message of more
/// than 512 MiB) are refused.
#[inline(always)]
pub fn offset(at: usize) -> Result<u32> {
    match u32::try_from(at) {
        Ok(v) if v != u32::MAX => Ok(v),
        _ => Err(Error::new(ErrorKind::LengthTooLarge, at)),
    }
}

/// The position views keep for "none" (an absent value, no extension).
pub const NONE: u32 = u32::MAX;

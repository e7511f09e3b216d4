//! Zero-copy views: read messages in place, allocate nothing.
//!
//! A view borrows the received bytes. [`FrameView`] reads the `MessageFrame` header and
//! hands out the message inside as its view: [`BsmView`] (hand-written: the BSM core's
//! fixed offsets, the hot path of every receiver) or the views generated from `asn1/`
//! ([`SPATView`], [`MapDataView`], [`SignalRequestMessageView`],
//! [`SignalStatusMessageView`], [`PersonalSafetyMessageView`] and every value in them; see [`crate::j2735::views`] and
//! [`crate::per::view`] for how they read).
//!
//! A message view validates the whole message when it is made, with the generated skip
//! function: it accepts exactly what the owned decode accepts, and refuses the rest with the
//! owned decode's error (kind, bit offset, field path; `tests/faces/agreement.rs` checks
//! it on half a million mutated inputs). Its getters then read in place: plain members
//! as values, strings and bit strings as positions ([`Ia5Str`], [`BitsView`]), lists as
//! iterators ([`ListIter`]) whose items are read when reached. `to_owned()` gives exactly
//! the owned decode's value. A [`ViewIndex`] records where every list ends while the view
//! validates, for reading items out of document order without walking their lists again.
//!
//! ```
//! use cv2x::j2735::view::FrameView;
//!
//! let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let frame = FrameView::new(&bytes)?;
//! let bsm = frame.bsm().expect("message 20")?;
//! assert_eq!(bsm.lat(), 389557079);
//! assert_eq!(bsm.latitude_deg(), Some(38.9557079));
//! assert_eq!(bsm.speed_mps(), Some(0.0));
//! # Ok::<(), cv2x::per::Error>(())
//! ```

mod bsm;
mod frame;

pub use super::views::*;
#[cfg(feature = "alloc")]
pub use crate::per::view::ViewIndex;
pub use crate::per::view::{BitsView, Ia5Bytes, Ia5Str, ListEntry, ListIter, OctetsView};
pub use bsm::{BsmView, IdOpenIter, PartIIIter, PartIIView, RegionalIter, RegionalView};
pub use frame::FrameView;

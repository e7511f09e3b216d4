//! YD/T 3709-2020 (= T/CSAE 53-2020), the "Day-1" edition: [`MessageFrame`] and the five
//! messages in it (BSM, MapData, RSM, SPAT, RSI).
//!
//! Generated from our own ASN.1 (`asn1/csae/2020/`) by `tools/gen_rust.py`:
//! - **owned types** (`alloc`) with serde in the canonical JSON form (the frame is a
//!   CHOICE: `{"spatFrame": {...}}`), [`Decode`](crate::per::Decode) (also into an
//!   existing value), [`Encode`](crate::per::Encode), `arbitrary` values (feature
//!   `arbitrary`);
//! - **skip functions** ([`skip`]): step over a value without building it;
//! - **zero-copy views**: [`view::FrameView`] (hand-written: the frame's CHOICE) hands
//!   the message to its generated view ([`views::SPATView`], [`views::MapDataView`], ...,
//!   read in place from bit 4 by `new_at`; `new` reads a bare message).
//!
//! Content this edition does not know is kept as sent and re-encoded byte-exactly:
//! extension additions (`$ext` in JSON), unknown CHOICE alternatives and ENUMERATED
//! values, and the Day-2 messages (T/CSAE 157-2020) of [`MessageFrame::MsgFrameExt`],
//! whose id is read and whose content is kept as octets (`{"$open_hex": ...}`).
//!
//! Decode only frames known to be of this edition: the 2019 draft (what public Hisense
//! RSU traffic is) agrees with 2020 on the wire for BSM (without a path history's initial
//! position), SPAT and RSM, but not for MAP nor RSI. The real 2019-draft MAP of the test
//! vectors shows why a whole frame must use all its input: its first 154 bits read as a
//! complete 2020 MapData (with a latitude of -30.95 degrees); only the 509 octets left
//! after them make [`Decode::from_uper`](crate::per::Decode::from_uper) refuse it
//! (`TrailingData`).
//!
//! Builders for the five messages ([`BsmBuilder`], [`MapBuilder`], [`RsmBuilder`],
//! [`SpatBuilder`], [`RsiBuilder`]) take SI units and degrees and check every range.
//!
//! Light states are CSAE's ([`LightState`]: 3 is red, 6 protected green), not J2735's
//! `MovementPhaseState`.
//!
//! ```
//! use cv2x::csae::v2020::{MessageFrame, TimeChangeDetails};
//! use cv2x::per::Decode;
//!
//! // A real SPAT frame (a Hisense RSU, 2020), 102 octets.
//! let hex = "36b6fa9db8e6c0080008010828058082300000006cc0408c0000001b30182500000000000a08c0000001090302300000004240e094000000000048250000000118140940000000460582500000000001a08c0000000550702300000001541e09400000000000";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let MessageFrame::SpatFrame(spat) = MessageFrame::from_uper(&bytes)? else { panic!("not a SPAT") };
//! let intersection = &spat.intersections.0[0];
//! let phase = &intersection.phases.0[0];
//! let now = &phase.phase_states.0[0];
//! print!("phase {}: {}", phase.id.0, now.light.name());
//! if let Some(TimeChangeDetails::Counting(c)) = &now.timing {
//!     // Tenths of a second from the message's time.
//!     print!(", changes in {:.1} s", f64::from(c.likely_end_time.0) / 10.0);
//! }
//! println!();
//! # Ok::<(), cv2x::per::Error>(())
//! ```

#[cfg(feature = "alloc")]
mod build;
mod generated;
pub mod view;

#[cfg(feature = "alloc")]
pub use build::*;
pub use generated::*;

/// The BSM under its short name.
#[cfg(feature = "alloc")]
pub type Bsm = BasicSafetyMessage;
/// The RSM under its short name.
#[cfg(feature = "alloc")]
pub type Rsm = RoadsideSafetyMessage;
/// The RSI under its short name.
#[cfg(feature = "alloc")]
pub type Rsi = RoadSideInformation;
/// The SPAT message under its Rust-style name.
#[cfg(feature = "alloc")]
pub type Spat = SPAT;

//! The 2019 revision draft of T/CSAE 53 (the "2019 draft", used at the 2019
//! interoperability tests): [`MessageFrame`] and the five messages in it (BSM, MapData,
//! RSM, SPAT, RSI). The public real CSAE traffic (Hisense RSUs, 2020) is of this edition.
//!
//! Generated from our own ASN.1 (`asn1/csae/2019/`) by `tools/gen_rust.py`, with every
//! face the 2020 edition has ([`super::v2020`]): owned types with serde in the canonical
//! JSON form, [`Decode`](crate::per::Decode) (also into an existing value),
//! [`Encode`](crate::per::Encode), `arbitrary` values, skip functions ([`skip`]) and
//! zero-copy views ([`view::FrameView`], [`views`]).
//!
//! The 2019 draft and 2020 agree on the wire for SPAT, RSM and most of the rest: those
//! types are one Rust type in both editions ([`crate::csae::shared`]), so
//! `v2019::SPAT` is `v2020::SPAT`. They differ in seven places, each its own type here:
//!
//! | type | 2019 draft | 2020 |
//! |---|---|---|
//! | `NodeList` | 1..63 nodes | 1..32 (a 2019 MAP misreads as 2020) |
//! | `ConnectsToList` | 1..16 | 1..8 |
//! | `Link.linkWidth` | OPTIONAL | mandatory |
//! | `PathPointList` (RSI) | 1..32 points | 2..32 |
//! | `DTimeOffset` | -720..721 | -840..840 (same bits, read 120 min apart) |
//! | `DHour` | 0..24 | 0..31 |
//! | `FullPositionVector` | `posAccuracy` PositionalAccuracy + `posConficence` | `posAccuracy` PositionConfidenceSet |
//!
//! so MapData, RSI, and a BSM whose path history has an initial position are read
//! differently, and the frame has no Day-2 alternative (`msgFrameExt`): an extension
//! alternative is kept as sent ([`MessageFrame::Unknown`], re-encoded byte-exactly).
//!
//! ```
//! use cv2x::csae::v2019::MessageFrame;
//! use cv2x::per::Decode;
//!
//! // A real RSI frame (a Hisense RSU, 2020): a road works event with its path, 79 octets.
//! // It does not decode under 2020 (the path's point count reads one apart).
//! let hex = "4224626466686a0000018cc8e5275d434d0c2000198f64d5c110010002001f40081f5750d0aa4664b8adc2001d5d4343b11992c457080075750d209c66491bac2001d5d434d0d1991ca4f080000640";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let MessageFrame::RsiFrame(rsi) = MessageFrame::from_uper(&bytes)? else { panic!("not an RSI") };
//! let event = &rsi.rtes.as_ref().expect("events").0[0];
//! assert_eq!(event.event_type.0, 9902);
//! assert_eq!(event.reference_paths.as_ref().expect("paths").0[0].active_path.0.len(), 4);
//! assert!(cv2x::csae::v2020::MessageFrame::from_uper(&bytes).is_err());
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

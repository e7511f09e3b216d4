//! YD/T 3709-2020 (= T/CSAE 53-2020), the "Day-1" edition, with the "Day-2" messages of
//! T/CSAE 157-2020: [`MessageFrame`], the five Day-1 messages in it (BSM, MapData, RSM,
//! SPAT, RSI) and, in its `msgFrameExt` ([`MessageFrameExt`]), the Day-2 messages typed by
//! their `ExtMsgID` ([`MessageFrameExtValue`]).
//!
//! Generated from our own ASN.1 (`asn1/csae/2020/`) by `tools/gen_rust.py`:
//! - **owned types** (`alloc`) with serde in the canonical JSON form (the frame is a
//!   CHOICE: `{"spatFrame": {...}}`), [`Decode`](crate::per::Decode) (also into an
//!   existing value), [`Encode`](crate::per::Encode), `arbitrary` values (feature
//!   `arbitrary`);
//! - **skip functions** ([`skip`]): step over a value without building it;
//! - **zero-copy views**: [`view::FrameView`] (hand-written: the frame's CHOICE) hands
//!   a Day-1 message to its generated view ([`views::SPATView`], [`views::MapDataView`],
//!   ..., read in place from bit 4 by `new_at`; `new` reads a bare message), and gives a
//!   Day-2 message, checked whole, as its id, its octets and its generated view
//!   ([`views::MessageFrameExtValueView`]: [`views::TestMsgView`],
//!   [`views::VehIntentionAndRequestView`], ...; the octets for other ids and, for now, for
//!   [`SensorSharingMsg`] and [`VehiclePaymentMessage`], which have no view yet).
//!
//! | ExtMsgID | Day-2 message | type |
//! |---|---|---|
//! | 0 | test message | [`TestMsg`] |
//! | 10 | RTCM corrections | [`RTCMcorrections`] |
//! | 11 | roadside coordination (RSC) | [`RoadsideCoordination`] |
//! | 12 | sensor sharing (CSAE's "SSM", not J2735's SignalStatusMessage) | [`SensorSharingMsg`] |
//! | 13 | vehicle intention and request (VIR) | [`VehIntentionAndRequest`] |
//! | 14 | parking area map (PAM) | [`PAMData`] |
//! | 15 | personal safety message (PSM) | [`PersonalSafetyMessage`] |
//! | 16 | platooning management (CLPMM) | [`CLPMM`] |
//! | 17 | vehicle payment (VPM) | [`VehiclePaymentMessage`] |
//!
//! The Day-2 ASN.1 is written from the public pre-publication form of T/CSAE 157-2020
//! (dated 2020-06 at the latest); the published standard may differ.
//!
//! Content this edition does not know is kept as sent and re-encoded byte-exactly:
//! extension additions (`$ext` in JSON), unknown CHOICE alternatives and ENUMERATED
//! values, and Day-2 messages of other ids ([`MessageFrameExtValue::Unknown`],
//! `{"$open_hex": ...}`).
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
//!
//! A Day-2 frame: a test message (ExtMsgID 0) with its counter and two octets.
//!
//! ```
//! use cv2x::csae::v2020::{MessageFrame, MessageFrameExtValue};
//! use cv2x::per::{Decode, Encode};
//!
//! let bytes = [0x80, 0x08, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x6a, 0xae, 0xc0];
//! let frame = MessageFrame::from_uper(&bytes)?;
//! let MessageFrame::MsgFrameExt(ext) = &frame else { panic!("not a Day-2 frame") };
//! let MessageFrameExtValue::TestMsg(test) = &ext.value else { panic!("not a TestMsg") };
//! assert_eq!((ext.message_id.0, test.msg_cnt.0), (0, 5));
//! assert_eq!(test.user_data.0, [0xaa, 0xbb]);
//! assert_eq!(frame.to_uper()?, bytes);
//! # #[cfg(feature = "serde")]
//! assert_eq!(
//!     serde_json::to_string(&frame).unwrap(),
//!     r#"{"msgFrameExt":{"messageId":0,"value":{"msgCnt":5,"userData":"aabb"}}}"#
//! );
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

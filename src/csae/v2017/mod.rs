//! T/CSAE 53-2017, the first edition (the "three-cross" interop set of 2017, as in
//! T/ITS 0058-2017): [`MessageFrame`] and the five messages in it (BSM, MapData, RSM,
//! SPAT, RSI).
//!
//! Generated from our own ASN.1 (`asn1/csae/2017/`) by `tools/gen_rust.py`, with the
//! same faces as [`v2020`](super::v2020):
//! - **owned types** (`alloc`) with serde in the canonical JSON form (the frame is a
//!   CHOICE: `{"spatFrame": {...}}`), [`Decode`](crate::per::Decode) (also into an
//!   existing value), [`Encode`](crate::per::Encode), `arbitrary` values (feature
//!   `arbitrary`);
//! - **skip functions** ([`skip`]): step over a value without building it;
//! - **zero-copy views**: [`view::FrameView`] (hand-written: the frame's CHOICE) hands
//!   the message to its generated view ([`views::SPATView`], [`views::MapDataView`], ...,
//!   read in place from bit 4 by `new_at`; `new` reads a bare message);
//! - **builders** (`alloc`) of the five messages from degrees, metres and seconds
//!   ([`BsmBuilder`], [`MapBuilder`], [`RsmBuilder`] from the sources the later editions
//!   use; [`SpatBuilder`], which writes 2017's timing meaning, and [`RsiBuilder`], 2017's
//!   one alert, its own; see [`crate::csae::build`]).
//!
//! The types 2017 defines as a later edition does (on the wire and in their names:
//! positions, motion, most of the lane model, ...) are [`super::shared`]'s, re-exported
//! here; the rest (the five messages, `LightState`, `TimeChangeDetails`, ...) are 2017's own.
//!
//! Content this edition does not know is kept as sent and re-encoded byte-exactly:
//! extension additions (`$ext` in JSON), unknown CHOICE alternatives and ENUMERATED
//! values. 2017's frame has no extension alternative: a later edition's (2020's Day-2
//! `msgFrameExt`) is [`MessageFrame::Unknown`], its octets kept.
//!
//! # Not 2020 on the wire
//! The editions differ in their roots (so the extension markers give no compatibility
//! either way): the BSM has a `plateNo` and one mandatory `accuracy`; the
//! RSI is one alert (`alertType`, a GB 5768 sign code or 0 for text, along an
//! `alertPath`), not lists of events and signs; the RSM's participants have a `plateNo`
//! and `accuracy`; the SPAT's time is a minute of the year (`timeStamp`),
//! [`IntersectionState`] and [`LightState`] are not extensible and [`TimeChangeDetails`] is
//! a SEQUENCE, not 2020's CHOICE; a [`Link`] has `laneWidth` (2020: `linkWidth`), a
//! [`Lane`] no width. The 12 real 2019-draft frames of the test vectors (what public
//! Hisense RSU traffic is) are all refused as 2017 frames, but 4 of them begin with a whole
//! 2017 message (a BSM at latitude -46.9 degrees, from Beijing): only the check that a frame
//! uses all its input ([`Decode::from_uper`](crate::per::Decode::from_uper) refuses
//! trailing octets) catches those. Decode only frames known to be of this edition; a 2020
//! MAP whose lanes have no width is the same bits in both.
//!
//! # SPAT in 2017
//! **Light states** ([`LightState`]) are numbered as neither J2735 nor 2020 number them:
//!
//! | value | 2017 | J2735 `MovementPhaseState` | 2019 draft / 2020 `LightState` |
//! |---|---|---|---|
//! | 0 / 1 | unavailable / dark | same | same |
//! | 2 | stop-Then-Proceed (flashing red) | stop-Then-Proceed | flashing-red |
//! | 3 | stop-And-Remain (red) | stop-And-Remain | red |
//! | 4 | pre-Movement | pre-Movement | **flashing-green** |
//! | 5 / 6 | permissive- / protected-Movement-Allowed | same | permissive- / protected-green |
//! | 7 | intersection-clearance (yellow) | permissive-clearance | yellow |
//! | 8 | caution-Conflicting-Traffic (flashing yellow) | protected-clearance | flashing-yellow |
//! | 9 | — | caution-Conflicting-Traffic | — |
//!
//! Never cast a light state between them; match on the names.
//!
//! **Timing** ([`TimeChangeDetails`]) is in tenths of a second, counted from the message's
//! time (`IntersectionState.moy`/`timeStamp`, else the SPAT's, else reception), as in
//! 2020's `counting`, but the end times mean something else for a state that has not
//! started:
//! - active state (`startTime` 0): `minEndTime`, `maxEndTime`, `likelyEndTime` are the
//!   time left, from now (as in 2020);
//! - coming state (`startTime` > 0, from now): they are the state's **length**, from its
//!   start; it ends `startTime + likelyEndTime` from now (2020 gives that sum itself);
//! - `nextStartTime` and `nextDuration` estimate the state's next occurrence after this
//!   one ends.
//!
//! A receiver that reads a 2017 SPAT with 2020's meaning takes a coming state's length for
//! its end from now: too early, or even before the state begins.
//!
//! ```
//! use cv2x::csae::v2017::MessageFrame;
//! use cv2x::per::Decode;
//!
//! // A synthetic 2017 SPAT frame (tests/vectors/csae/random/V3/V3_01_spatFrame.hex).
//! let hex = "35fd1c81c530b2454f80c5a440045232056800000e12000020026071d8740000f50dfffe130240458fa9d05d6c187fc455451942b020660d542382";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let MessageFrame::SpatFrame(spat) = MessageFrame::from_uper(&bytes)? else { panic!("not a SPAT") };
//! let phase = &spat.intersections.0[0].phases.0[1];
//! for state in &phase.phase_states.0 {
//!     let Some(t) = &state.timing else { continue };
//!     let (start, likely) = (u32::from(t.start_time.0), u32::from(t.likely_end_time.0));
//!     // 2017: a coming state's end time is its length.
//!     let ends = if start == 0 { likely } else { start + likely };
//!     println!("phase {}: {} from {:.1} s to {:.1} s", phase.id.0, state.light.name(),
//!              f64::from(start) / 10.0, f64::from(ends) / 10.0);
//! }
//! // The coming state (unavailable) starts in 973.5 s and lasts 755.9 s.
//! let coming = phase.phase_states.0[1].timing.as_ref().unwrap();
//! assert_eq!((coming.start_time.0, coming.likely_end_time.0), (9735, 7559));
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

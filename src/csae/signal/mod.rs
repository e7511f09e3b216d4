//! What a receiver needs from CSAE MAP and SPAT: the light of a lane, the seconds until it
//! changes and until the next green.
//!
//! - [`light`]: [`Light`], what a head shows, with a typed conversion from CSAE's and
//!   J2735's light-state numbers (which differ: never cast between them);
//! - [`timing`]: a phase's predicted states (`counting` or `utcTiming`) evaluated at a time,
//!   with the message's time reference and the inconsistencies real senders have;
//! - [`lane`]: a lane of the MAP (by node, link and lane id, or by position and heading),
//!   its phase, and its light in the SPAT;
//! - [`model`]: the traits through which these functions read the MAP and SPAT of every
//!   edition (2017, 2019 draft, 2020).
//!
//! The 2017 edition's light numbers are its own and its `counting` end times of a future
//! state are durations ([`CountingRule::DurationOfFuture`]); [`model`] maps both. Every
//! time is a parameter: nothing reads a clock.
//!
//! ```
//! use cv2x::csae::signal::{find_phase, phase_status, time_reference};
//! use cv2x::csae::v2020::MessageFrame;
//! use cv2x::per::Decode;
//!
//! // A real SPAT (Hisense RSU, 2020): print every phase's light and time to green at the
//! // message's own time.
//! let hex = include_str!("../../../tests/vectors/csae/spat/zyjohn_v2x_example_txt_L1.hex").trim();
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let MessageFrame::SpatFrame(spat) = MessageFrame::from_uper(&bytes)? else { panic!() };
//! for state in &spat.intersections.0 {
//!     let r = time_reference(&spat, state, 1_605_336_902_333);
//!     for phase in &state.phases.0 {
//!         let s = phase_status(phase, &r, r.utc_ms);
//!         println!("phase {}: {}, changes in {}, green {}", phase.id.0, s.light, s.seconds_to_change, s.to_green);
//!     }
//! }
//! # Ok::<(), cv2x::per::Error>(())
//! ```

pub mod lane;
pub mod light;
pub mod model;
pub mod timing;

pub use lane::{
    find_lane, find_link, find_node, lane_phase, lane_signal, match_lane, phase_from,
    point_position, LaneKey, LaneMatch, LanePhase, LaneSignal, MatchLimits, NodeName, PhaseSource,
    SignalError,
};
pub use light::Light;
pub use model::{CsaeIntersection, CsaeLane, CsaeLink, CsaeMap, CsaeNode, CsaePhase, CsaeSpat};
pub use timing::{
    evaluate, find_phase, find_state, phase_status, same_node, time_reference, Countdown,
    CountingRule, PhaseStatus, PredictedState, TimeReference, TimeSource, Timing, TimingIssue,
    ToGreen,
};

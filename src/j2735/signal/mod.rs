//! What a receiver needs from MAP and SPaT, each in a small module:
//!
//! - [`time`]: `TimeMark`, `MinuteOfTheYear` and `DSecond` to and from absolute UTC
//!   (milliseconds since the Unix epoch), with the hour wrap and the special values of each
//!   edition;
//! - [`phase`]: what a `MovementPhaseState` means to a driver and what the lamp shows
//!   ([`MovementPhaseState::meaning`](crate::j2735::MovementPhaseState::meaning),
//!   [`aspect`](crate::j2735::MovementPhaseState::aspect), `is_go`, `is_stop`, ...);
//! - [`geometry`]: lane nodes (every `NodeOffsetPointXY` form, computed lanes) to
//!   latitude / longitude;
//! - [`intersection`]: a MAP intersection with its SPaT state: lanes of an approach, the
//!   signal group of a connection, and the state of a lane's light with the seconds until it
//!   may, will likely and must change.
//!
//! Every time is a parameter (`now_utc_ms`): nothing reads a clock.

pub mod geometry;
pub mod intersection;
pub(crate) mod math;
pub mod phase;
pub mod time;

pub use geometry::{lane_points, GeometryError, LatLon, LocalFrame, NodePoint};
pub use intersection::{LightState, Maneuver, Movement, SignalizedIntersection};
pub use phase::{Aspect, Colour, Meaning};
pub use time::{
    seconds_until, time_mark_to_utc, utc_to_time_mark, TimeMarkEdition, TimeMarkRules,
    TimeMarkValue, Window,
};

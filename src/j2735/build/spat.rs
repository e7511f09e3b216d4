//! [`SpatBuilder`]: a SPaT for one intersection from per-signal-group states and times.
//!
//! Use it to write a SPaT from J2735 signal-group states and times (seconds from `now`) you
//! already have: a test, a simulator of your own, a one-off message. To turn a signal
//! controller's NTCIP 1202 state (a TSCBM blob, or the RSU plan simulator) into SPaT
//! message after message, through a phase to signal-group mapping table, with `revision`
//! and stale input handled, use [`SpatGenerator`](crate::rsu::spat::SpatGenerator) instead.

use alloc::string::String;
use alloc::vec::Vec;

use crate::j2735::signal::time::{utc_to_dsecond, utc_to_minute_of_the_year, utc_to_time_mark};
use crate::j2735::*;
use crate::per::{BitString, Encode, Result, SmallList};

/// The state of one signal group and when it is expected to change, in seconds from the
/// builder's `now`.
#[derive(Clone, Debug, PartialEq)]
pub struct SignalGroupState {
    /// `signalGroup` (1..=254; 0 unknown, 255 permanently green).
    pub signal_group: u8,
    /// The current phase state.
    pub state: MovementPhaseState,
    /// Seconds until the state ends at the earliest (`minEndTime`).
    pub min_end_s: f64,
    /// Seconds until it ends at the latest (`maxEndTime`).
    pub max_end_s: Option<f64>,
    /// Seconds until its most likely end (`likelyTime`).
    pub likely_s: Option<f64>,
    /// Seconds since (negative) the state started (`startTime`).
    pub start_s: Option<f64>,
}

impl SignalGroupState {
    /// A state that ends no earlier than `min_end_s` seconds from now.
    pub fn new(signal_group: u8, state: MovementPhaseState, min_end_s: f64) -> Self {
        SignalGroupState {
            signal_group,
            state,
            min_end_s,
            max_end_s: None,
            likely_s: None,
            start_s: None,
        }
    }
}

/// Builds a `SPAT` with one intersection. Every time is computed from the one `now` given
/// to [`SpatBuilder::new`] (its `moy` and `timeStamp`, and each `TimeMark` with the hour
/// wrap), so the message is consistent in itself.
///
/// ```
/// use cv2x::j2735::{MovementPhaseState, SignalGroupState, SpatBuilder, MessageFrame};
/// use cv2x::per::Encode;
///
/// let now_ms = 1_700_000_000_000; // 2023-11-14T22:13:20Z
/// let spat = SpatBuilder::new(1234, now_ms)
///     .revision(3)
///     .group(SignalGroupState::new(2, MovementPhaseState::ProtectedMovementAllowed, 12.5))
///     .group(SignalGroupState::new(4, MovementPhaseState::StopAndRemain, 16.0))
///     .build()?;
/// let times = spat.intersections.0[0].states.0[0].state_time_speed.0[0].timing.unwrap();
/// assert_eq!(times.min_end_time.0, (13 * 600 + 20 * 10 + 125) % 36000); // 22:13:32.5 -> tenths in the hour
/// assert!(MessageFrame::from(spat).to_uper()?.len() < 40);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SpatBuilder {
    id: u16,
    region: Option<u16>,
    now_utc_ms: u64,
    revision: u8,
    status: u16,
    name: Option<String>,
    groups: Vec<SignalGroupState>,
}

impl SpatBuilder {
    /// A SPaT for intersection `id` as of `now_utc_ms` (milliseconds since the Unix epoch).
    pub fn new(id: u16, now_utc_ms: u64) -> Self {
        SpatBuilder {
            id,
            region: None,
            now_utc_ms,
            revision: 0,
            status: 0,
            name: None,
            groups: Vec::new(),
        }
    }
    /// The road regulator region of the intersection ID.
    pub fn region(mut self, region: u16) -> Self {
        self.region = Some(region);
        self
    }
    /// `revision` (changes when the intersection's configuration does).
    pub fn revision(mut self, r: u8) -> Self {
        self.revision = r;
        self
    }
    /// `status`, the `IntersectionStatusObject` bits (bit 0, `manualControlIsEnabled`, as
    /// `0x8000`).
    pub fn status(mut self, bits: u16) -> Self {
        self.status = bits;
        self
    }
    /// A descriptive name (1..=63 ASCII characters).
    pub fn name(mut self, n: &str) -> Self {
        self.name = Some(n.into());
        self
    }
    /// Adds a signal group's state.
    pub fn group(mut self, g: SignalGroupState) -> Self {
        self.groups.push(g);
        self
    }

    fn mark(&self, seconds: f64) -> TimeMark {
        let at = self.now_utc_ms as i64 + (seconds * 1000.0) as i64;
        utc_to_time_mark(at.max(0) as u64)
    }

    /// Builds the SPaT and checks every constraint by encoding it.
    pub fn build(self) -> Result<SPAT> {
        let states = self
            .groups
            .iter()
            .map(|g| MovementState {
                movement_name: None,
                signal_group: SignalGroupID(g.signal_group),
                state_time_speed: MovementEventList(SmallList::one(MovementEvent {
                    event_state: g.state,
                    timing: Some(TimeChangeDetails {
                        start_time: g.start_s.map(|s| self.mark(s)),
                        min_end_time: self.mark(g.min_end_s),
                        max_end_time: g.max_end_s.map(|s| self.mark(s)),
                        likely_time: g.likely_s.map(|s| self.mark(s)),
                        confidence: None,
                        next_time: None,
                    }),
                    speeds: None,
                    regional: None,
                    ext: None,
                })),
                maneuver_assist_list: None,
                regional: None,
                ext: None,
            })
            .collect();
        let state = IntersectionState {
            name: self.name.clone().map(DescriptiveName),
            id: IntersectionReferenceID {
                region: self.region.map(RoadRegulatorID),
                id: IntersectionID(self.id),
            },
            revision: MsgCount(self.revision),
            status: IntersectionStatusObject(BitString::from_u64(self.status as u64, 16)),
            moy: Some(utc_to_minute_of_the_year(self.now_utc_ms)),
            time_stamp: Some(utc_to_dsecond(self.now_utc_ms)),
            enabled_lanes: None,
            states: MovementList(states),
            maneuver_assist_list: None,
            regional: None,
            road_authority_id: None,
            ext: None,
        };
        let spat = SPAT {
            time_stamp: Some(utc_to_minute_of_the_year(self.now_utc_ms)),
            name: None,
            intersections: IntersectionStateList(alloc::vec![state]),
            regional: None,
            ext: None,
        };
        spat.to_uper()?;
        Ok(spat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j2735::signal::time::seconds_until;
    use crate::per::{Decode, ErrorKind};

    #[test]
    fn times_wrap_at_the_hour_and_read_back() {
        // 10 s before the top of an hour: a change 25 s away is 15 s into the next hour.
        let now = 1_700_002_790_000; // 22:59:50Z
        let spat = SpatBuilder::new(7, now)
            .group(SignalGroupState {
                max_end_s: Some(40.0),
                likely_s: Some(25.0),
                ..SignalGroupState::new(1, MovementPhaseState::PermissiveMovementAllowed, 20.0)
            })
            .build()
            .unwrap();
        let again = SPAT::from_uper(&spat.to_uper().unwrap()).unwrap();
        assert_eq!(again, spat);
        let t = again.intersections.0[0].states.0[0].state_time_speed.0[0]
            .timing
            .unwrap();
        assert_eq!(t.min_end_time.0, 100);
        assert_eq!(t.likely_time.unwrap().0, 150);
        assert_eq!(seconds_until(t.likely_time.unwrap(), now), Some(25.0));
        assert_eq!(again.intersections.0[0].time_stamp.unwrap().0, 50_000);
    }

    #[test]
    fn invalid_signal_group_data_is_refused() {
        let e = SpatBuilder::new(1, 0).name("").build().unwrap_err();
        assert_eq!(e.kind, ErrorKind::SizeOutOfRange);
    }
}

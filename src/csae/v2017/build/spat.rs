//! [`SpatBuilder`]: a 2017 SPAT for one intersection, from phases and their predicted
//! states in seconds from now, written with 2017's meaning of the end times.

use alloc::string::String;
use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::spat::{spat_setters, Tenths};
use crate::csae::build::{BuildError, FirstError};
use crate::j2735::signal::time::{utc_to_dsecond, utc_to_minute_of_the_year};
use crate::per::{BitString, Encode, SmallList};

/// A phase and its predicted states in 2017's light states ([`LightState`]: 3 is red, 7
/// yellow, not 2020's numbers), each state's times in seconds from now, as for 2020.
pub type PhaseSpec = crate::csae::build::PhaseSpec<LightState>;

/// Builds a 2017 [`SPAT`] with one intersection, every time from the one `now` given to
/// [`SpatBuilder::new`]: the SPAT's `timeStamp` (a minute of the year), the intersection's
/// `moy` and `timeStamp`, and each state's `TimeChangeDetails` in tenths of a second. The
/// states' times are given as from now, as to 2020's builder; 2017 writes those of a state
/// not yet started as its **length**: a green from 20 s to 50 s is `startTime` 200,
/// `likelyEndTime` 300 (2020: 500). A coming state that ends before it starts is refused.
///
/// ```
/// use cv2x::csae::signal::{find_phase, phase_status, time_reference, Light, ToGreen};
/// use cv2x::csae::v2017::{LightState, MessageFrame, NodeID, NodeReferenceID, PhaseSpec, SpatBuilder};
/// use cv2x::per::{Decode, Encode};
///
/// let now = 1_700_000_000_000; // 2023-11-14T22:13:20Z
/// let id = NodeReferenceID { region: None, id: NodeID(33) };
/// let spat = SpatBuilder::new(id, now)
///     .phase(
///         PhaseSpec::new(2)
///             .state(LightState::StopAndRemain, 0.0, 20.0)
///             .state(LightState::ProtectedMovementAllowed, 20.0, 50.0),
///     )
///     .build()?;
/// let green = spat.intersections.0[0].phases.0[0].phase_states.0[1].timing.as_ref().unwrap();
/// assert_eq!((green.start_time.0, green.likely_end_time.0), (200, 300));
///
/// let bytes = MessageFrame::SpatFrame(spat.clone()).to_uper()?;
/// let MessageFrame::SpatFrame(back) = MessageFrame::from_uper(&bytes)? else { panic!() };
/// assert_eq!(back, spat);
/// let state = &back.intersections.0[0];
/// let r = time_reference(&back, state, now);
/// // 25 s in: green since 20 s, until 50 s.
/// let s = phase_status(find_phase(state, 2).unwrap(), &r, now + 25_000);
/// assert_eq!((s.light, s.seconds_to_change.seconds()), (Light::Green { protected: true }, Some(25.0)));
/// assert_eq!(s.to_green, ToGreen::Now);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SpatBuilder {
    id: NodeReferenceID,
    now_utc_ms: u64,
    msg_cnt: u8,
    status: u16,
    name: Option<String>,
    phases: Vec<PhaseSpec>,
}

impl SpatBuilder {
    /// A SPAT for intersection (node) `id` as of `now_utc_ms` (milliseconds since the Unix
    /// epoch).
    pub fn new(id: NodeReferenceID, now_utc_ms: u64) -> Self {
        SpatBuilder {
            id,
            now_utc_ms,
            msg_cnt: 0,
            status: 0,
            name: None,
            phases: Vec::new(),
        }
    }

    spat_setters!(LightState);

    /// The SPAT, after checking every constraint by encoding it.
    pub fn build(self) -> Result<SPAT, BuildError> {
        let mut err = FirstError::default();
        let mut phases = Vec::with_capacity(self.phases.len());
        for p in &self.phases {
            let mut states = Vec::with_capacity(p.states.len());
            for s in &p.states {
                let t = s.tenths(&mut err);
                states.push(PhaseState {
                    light: s.light,
                    timing: Some(timing(t, &mut err)),
                    ext: None,
                });
            }
            phases.push(Phase {
                id: PhaseID(p.id),
                phase_states: PhaseStateList(states.into()),
            });
        }
        err.check()?;
        let moy = MinuteOfTheYear(utc_to_minute_of_the_year(self.now_utc_ms).0);
        let spat = SPAT {
            msg_cnt: MsgCount(self.msg_cnt),
            time_stamp: Some(moy),
            name: self.name.map(DescriptiveName),
            intersections: IntersectionStateList(SmallList::one(IntersectionState {
                intersection_id: self.id,
                status: IntersectionStatusObject(BitString::from_u64(u64::from(self.status), 16)),
                moy: Some(moy),
                time_stamp: Some(DSecond(utc_to_dsecond(self.now_utc_ms).0)),
                phases: PhaseList(phases),
            })),
            ext: None,
        };
        spat.to_uper()?;
        Ok(spat)
    }
}

/// A state's 2017 timing: an active state's (`startTime` 0) end times from now, a coming
/// state's as its length from its start (an end before the start goes to `err`).
fn timing(t: Tenths, err: &mut FirstError) -> TimeChangeDetails {
    let mut length = |field: &'static str, end: u64| -> TimeMark {
        if t.start == 0 {
            return TimeMark(end as u16);
        }
        let len = end.checked_sub(t.start).ok_or(BuildError::OutOfRange {
            field,
            value: end as f64 / 10.0,
            min: t.start as f64 / 10.0,
            max: 3599.9,
            unit: "s",
        });
        TimeMark(err.take(len).unwrap_or(0) as u16)
    };
    TimeChangeDetails {
        start_time: TimeMark(t.start as u16),
        min_end_time: t.min_end.map(|v| length("minEndTime", v)),
        max_end_time: t.max_end.map(|v| length("maxEndTime", v)),
        likely_end_time: length("likelyEndTime", t.likely_end),
        time_confidence: None,
        next_start_time: None,
        next_duration: None,
    }
}

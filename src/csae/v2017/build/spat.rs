//! [`SpatBuilder`]: a 2017 SPAT for one intersection, from phases and their predicted
//! states in seconds from now, written with 2017's meaning of the end times.

use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::spat::{phase_list, spat_setters, SpatHead, Tenths};
use crate::csae::build::{BuildError, FirstError};
use crate::per::{Encode, SmallList};

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
    head: SpatHead<LightState>,
}

impl SpatBuilder {
    /// A SPAT for intersection (node) `id` as of `now_utc_ms` (milliseconds since the Unix
    /// epoch).
    pub fn new(id: NodeReferenceID, now_utc_ms: u64) -> Self {
        SpatBuilder {
            head: SpatHead::new(id, now_utc_ms),
        }
    }

    spat_setters!(LightState);

    /// The SPAT, after checking every constraint by encoding it.
    pub fn build(self) -> Result<SPAT, BuildError> {
        let mut err = FirstError::default();
        let phases = phase_list!(self.head, &mut err, |t| timing(t, &mut err));
        err.check()?;
        let (moy, stamp) = self.head.times();
        let status = self.head.status_bits();
        let spat = SPAT {
            msg_cnt: MsgCount(self.head.msg_cnt),
            time_stamp: Some(moy),
            name: self.head.name.map(DescriptiveName),
            intersections: IntersectionStateList(SmallList::one(IntersectionState {
                intersection_id: self.head.id,
                status,
                moy: Some(moy),
                time_stamp: Some(stamp),
                phases,
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

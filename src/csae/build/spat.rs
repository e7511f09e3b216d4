//! [`SpatBuilder`]: a SPAT (2020 and the 2019 draft) for one intersection from phases and
//! their predicted states in seconds; [`PhaseSpec`] also serves 2017's builder
//! ([`crate::csae::v2017::SpatBuilder`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::{scaled, BuildError, FirstError};
use crate::csae::shared::*;
use crate::j2735::signal::time::{utc_to_dsecond, utc_to_minute_of_the_year};
use crate::per::{BitString, Encode, SmallList};

/// One predicted state: its light and times in seconds from the builder's `now`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct StateSpec<L> {
    pub(crate) light: L,
    start_s: f64,
    min_end_s: Option<f64>,
    likely_end_s: f64,
    max_end_s: Option<f64>,
}

/// A state's times in tenths of a second from `now`, each checked against 0..=3599.9 s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Tenths {
    pub(crate) start: u64,
    pub(crate) min_end: Option<u64>,
    pub(crate) likely_end: u64,
    pub(crate) max_end: Option<u64>,
}

impl<L> StateSpec<L> {
    /// Its times in tenths of a second; an out-of-range one is kept in `err` (and read 0).
    pub(crate) fn tenths(&self, err: &mut FirstError) -> Tenths {
        let mut t = |field, s: f64| {
            err.take(scaled(field, s, 10.0, 0, 35_999, "s"))
                .unwrap_or(0) as u64
        };
        Tenths {
            start: t("startTime", self.start_s),
            min_end: self.min_end_s.map(|v| t("minEndTime", v)),
            likely_end: t("likelyEndTime", self.likely_end_s),
            max_end: self.max_end_s.map(|v| t("maxEndTime", v)),
        }
    }
}

/// A phase and its predicted states, in order (the current one first), in the edition's
/// light states `L` (2020 and the 2019 draft: [`LightState`]; 2017: its own).
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseSpec<L = LightState> {
    pub(crate) id: u8,
    pub(crate) states: Vec<StateSpec<L>>,
}

impl<L> PhaseSpec<L> {
    /// Phase `id` (1..=254; 0 unknown, 255 permanent green).
    pub fn new(id: u8) -> Self {
        PhaseSpec {
            id,
            states: Vec::new(),
        }
    }

    /// A state from `start_s` (0 for the current state) to its likely end `likely_end_s`,
    /// both seconds from now (0..3600).
    pub fn state(mut self, light: L, start_s: f64, likely_end_s: f64) -> Self {
        self.states.push(StateSpec {
            light,
            start_s,
            min_end_s: None,
            likely_end_s,
            max_end_s: None,
        });
        self
    }

    /// A state with its earliest, likely and latest end, seconds from now.
    pub fn state_bounded(
        mut self,
        light: L,
        start_s: f64,
        min_end_s: f64,
        likely_end_s: f64,
        max_end_s: f64,
    ) -> Self {
        self.states.push(StateSpec {
            light,
            start_s,
            min_end_s: Some(min_end_s),
            likely_end_s,
            max_end_s: Some(max_end_s),
        });
        self
    }
}

/// The setters the SPAT builders of every edition share (on their field `head`, a
/// [`SpatHead`]).
macro_rules! spat_setters {
    ($light:ty) => {
        /// The rolling message count, 0..=127.
        pub fn msg_cnt(mut self, n: u8) -> Self {
            self.head.msg_cnt = n;
            self
        }

        /// `status`, the `IntersectionStatusObject` bits (bit 0, `manualControlIsEnabled`,
        /// as `0x8000`).
        pub fn status(mut self, bits: u16) -> Self {
            self.head.status = bits;
            self
        }

        /// A name (1..=63 ASCII characters).
        pub fn name(mut self, n: &str) -> Self {
            self.head.name = Some(n.into());
            self
        }

        /// Adds a phase.
        pub fn phase(mut self, p: $crate::csae::build::PhaseSpec<$light>) -> Self {
            self.head.phases.push(p);
            self
        }
    };
}
pub(crate) use spat_setters;

/// The phases of `$head` (a [`SpatHead`]) as the edition's `PhaseList` (its `Phase`,
/// `PhaseState`, `PhaseStateList` in scope): each state's timing is `$timing`, of the
/// state's [`Tenths`] `$t`; out-of-range times go to `$err`.
macro_rules! phase_list {
    ($head:expr, $err:expr, |$t:ident| $timing:expr) => {{
        let mut phases = Vec::with_capacity($head.phases.len());
        for p in &$head.phases {
            let mut states = Vec::with_capacity(p.states.len());
            for s in &p.states {
                let $t = s.tenths($err);
                states.push(PhaseState {
                    light: s.light,
                    timing: Some($timing),
                    ext: None,
                });
            }
            phases.push(Phase {
                id: PhaseID(p.id),
                phase_states: PhaseStateList(states.into()),
            });
        }
        PhaseList(phases)
    }};
}
pub(crate) use phase_list;

/// What the SPAT builders of every edition take alike: the intersection, `now`, the count,
/// the status, the name and the phases (in the edition's light states `L`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SpatHead<L> {
    pub(crate) id: NodeReferenceID,
    pub(crate) now_utc_ms: u64,
    pub(crate) msg_cnt: u8,
    pub(crate) status: u16,
    pub(crate) name: Option<String>,
    pub(crate) phases: Vec<PhaseSpec<L>>,
}

impl<L> SpatHead<L> {
    /// Intersection `id` as of `now_utc_ms`, nothing else set.
    pub(crate) fn new(id: NodeReferenceID, now_utc_ms: u64) -> Self {
        SpatHead {
            id,
            now_utc_ms,
            msg_cnt: 0,
            status: 0,
            name: None,
            phases: Vec::new(),
        }
    }

    /// `now` as a minute of the year and the millisecond within the minute.
    pub(crate) fn times(&self) -> (MinuteOfTheYear, DSecond) {
        (
            MinuteOfTheYear(utc_to_minute_of_the_year(self.now_utc_ms).0),
            DSecond(utc_to_dsecond(self.now_utc_ms).0),
        )
    }

    /// `status` as the `IntersectionStatusObject`.
    pub(crate) fn status_bits(&self) -> IntersectionStatusObject {
        IntersectionStatusObject(BitString::from_u64(u64::from(self.status), 16))
    }
}

/// Builds a [`SPAT`] (2020 and the 2019 draft: one type) with one intersection. Every time comes from the one `now`
/// given to [`SpatBuilder::new`]: the SPAT's and the intersection's `moy` and `timeStamp`,
/// and each state's times, as `counting` (tenths of a second from `now`) or, with
/// [`SpatBuilder::utc_timing`], `utcTiming` (tenths within the UTC hour, wrapping at the
/// hour).
///
/// ```
/// use cv2x::csae::signal::{find_phase, phase_status, time_reference, Light, ToGreen};
/// use cv2x::csae::v2020::{LightState, MessageFrame, NodeID, NodeReferenceID, PhaseSpec, SpatBuilder};
/// use cv2x::per::{Decode, Encode};
///
/// let now = 1_700_000_000_000; // 2023-11-14T22:13:20Z
/// let id = NodeReferenceID { region: Some(cv2x::csae::v2020::RoadRegulatorID(1)), id: NodeID(33) };
/// let spat = SpatBuilder::new(id, now)
///     .msg_cnt(5)
///     .phase(PhaseSpec::new(1).state(LightState::ProtectedGreen, 0.0, 12.5).state(LightState::Yellow, 12.5, 15.5))
///     .phase(PhaseSpec::new(2).state(LightState::Red, 0.0, 15.5).state(LightState::PermissiveGreen, 15.5, 40.0))
///     .build()?;
/// let bytes = MessageFrame::SpatFrame(spat.clone()).to_uper()?;
/// let MessageFrame::SpatFrame(back) = MessageFrame::from_uper(&bytes)? else { panic!() };
/// assert_eq!(back, spat);
///
/// let state = &back.intersections.0[0];
/// // The year of `moy` comes from the receiver's clock.
/// let r = time_reference(&back, state, now + 300);
/// assert_eq!(r.utc_ms, now);
/// let s = phase_status(find_phase(state, 2).unwrap(), &r, now + 500);
/// assert_eq!((s.light, s.to_green), (Light::Red, ToGreen::In(15.0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SpatBuilder {
    head: SpatHead<LightState>,
    utc: bool,
}

impl SpatBuilder {
    /// A SPAT for intersection (node) `id` as of `now_utc_ms` (milliseconds since the Unix
    /// epoch).
    pub fn new(id: NodeReferenceID, now_utc_ms: u64) -> Self {
        SpatBuilder {
            head: SpatHead::new(id, now_utc_ms),
            utc: false,
        }
    }

    spat_setters!(LightState);

    /// Send `utcTiming` (tenths of a second within the UTC hour) instead of `counting`.
    pub fn utc_timing(mut self, yes: bool) -> Self {
        self.utc = yes;
        self
    }

    /// The SPAT, after checking every constraint by encoding it.
    pub fn build(self) -> Result<SPAT, BuildError> {
        let mut err = FirstError::default();
        let in_hour = |t: u64| -> TimeMark {
            TimeMark(((self.head.now_utc_ms / 100 + t) % u64::from(TENTHS)) as u16)
        };
        let phases = phase_list!(self.head, &mut err, |t| {
            let Tenths {
                start,
                min_end: min,
                likely_end: likely,
                max_end: max,
            } = t;
            if self.utc {
                TimeChangeDetails::UtcTiming(UTCTiming {
                    start_utc_time: in_hour(start),
                    min_end_utc_time: min.map(in_hour),
                    max_end_utc_time: max.map(in_hour),
                    likely_end_utc_time: in_hour(likely),
                    time_confidence: None,
                    next_start_utc_time: None,
                    next_end_utc_time: None,
                })
            } else {
                let mark = |t: u64| TimeMark(t as u16);
                TimeChangeDetails::Counting(TimeCountingDown {
                    start_time: mark(start),
                    min_end_time: min.map(mark),
                    max_end_time: max.map(mark),
                    likely_end_time: mark(likely),
                    time_confidence: None,
                    next_start_time: None,
                    next_duration: None,
                })
            }
        });
        err.check()?;
        let (moy, stamp) = self.head.times();
        let status = self.head.status_bits();
        let spat = SPAT {
            msg_cnt: MsgCount(self.head.msg_cnt),
            moy: Some(moy),
            time_stamp: Some(stamp),
            name: self.head.name.map(DescriptiveName),
            intersections: IntersectionStateList(SmallList::one(IntersectionState {
                intersection_id: self.head.id,
                status,
                moy: Some(moy),
                time_stamp: Some(stamp),
                time_confidence: None,
                phases,
                ext: None,
            })),
            ext: None,
        };
        spat.to_uper()?;
        Ok(spat)
    }
}

const TENTHS: u16 = 36_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csae::signal::{find_phase, phase_status, time_reference, Countdown, ToGreen};
    use crate::per::Decode;

    fn id() -> NodeReferenceID {
        NodeReferenceID {
            region: None,
            id: NodeID(7),
        }
    }

    #[test]
    fn utc_timing_wraps_at_the_hour_and_reads_back() {
        // 10 s before the top of an hour: red until 25 s from now (15 s into the next
        // hour), then green.
        let now = 1_700_002_790_000; // 22:59:50Z
        let spat = SpatBuilder::new(id(), now)
            .utc_timing(true)
            .phase(
                PhaseSpec::new(1)
                    .state_bounded(LightState::Red, 0.0, 20.0, 25.0, 40.0)
                    .state(LightState::PermissiveGreen, 25.0, 60.0),
            )
            .build()
            .unwrap();
        let again = SPAT::from_uper(&spat.to_uper().unwrap()).unwrap();
        assert_eq!(again, spat);
        let state = &again.intersections.0[0];
        let Some(TimeChangeDetails::UtcTiming(u)) = &state.phases.0[0].phase_states.0[0].timing
        else {
            panic!()
        };
        assert_eq!((u.start_utc_time.0, u.likely_end_utc_time.0), (35_900, 150));
        let r = time_reference(&again, state, 0);
        let s = phase_status(find_phase(state, 1).unwrap(), &r, now + 1_000);
        assert_eq!(s.seconds_to_change, Countdown::In(24.0));
        assert_eq!(s.min_seconds_to_change, Countdown::In(19.0));
        assert_eq!(s.max_seconds_to_change, Countdown::In(39.0));
        assert_eq!(s.to_green, ToGreen::In(24.0));
        assert!(s.issues.is_empty(), "{:?}", s.issues);
    }

    #[test]
    fn bad_values_are_refused() {
        let e = SpatBuilder::new(id(), 0)
            .phase(PhaseSpec::new(1).state(LightState::Red, 0.0, 3600.0))
            .build()
            .unwrap_err();
        assert_eq!(e.to_string(), "likelyEndTime: 3600 is outside 0..=3599.9 s");
        // A phase needs a state (PhaseStateList 1..=16): found by encoding.
        let e = SpatBuilder::new(id(), 0)
            .phase(PhaseSpec::new(1))
            .build()
            .unwrap_err();
        assert!(matches!(e, BuildError::Encode(_)), "{e}");
    }
}

//! SPAT in the China profile (T/CSAE 53, the 2019 draft and 2020, whose SPAT is one type:
//! [`crate::csae::v2020::SPAT`]) from the same signal state that drives the J2735 SPaT.
//!
//! [`CsaeSpatGenerator`] runs the J2735 [`SpatGenerator`] on each state and translates its
//! message, so that the two dialects describe one instant identically: the same lights
//! (J2735 `MovementPhaseState` mapped by name to CSAE's [`LightState`], never cast: the
//! numbers differ), the same end times, the same stale policy. Per table entry, the CSAE
//! phase is the signal group's number (`PhaseID` = `signalGroup`).
//!
//! | J2735 | CSAE |
//! |---|---|
//! | unavailable / dark | unavailable / dark |
//! | stop-Then-Proceed | flashing-red |
//! | stop-And-Remain, pre-Movement (never produced from a controller) | red |
//! | permissive- / protected-Movement-Allowed | permissive-green / protected-green |
//! | permissive- / protected-clearance | yellow |
//! | caution-Conflicting-Traffic | flashing-yellow |
//!
//! Times, in one of two forms ([`CsaeTiming`]):
//! - **`counting`** (the default): tenths of a second from the message's time: the current
//!   state's `startTime` 0, `minEndTime`/`maxEndTime` the J2735 message's end times as
//!   durations (omitted where J2735 omits them or says unknown), `likelyEndTime` the known
//!   end (a fixed-time interval: min = max) or 36001 (unknown; the field is mandatory).
//! - **`utcTiming`**: the same instants as `TimeMark`s (tenths within the UTC hour), the
//!   J2735 marks themselves; `startUTCTime` of the current state is the message's time (it
//!   is under way; when it began is not in the controller's data), unknown is 36001.
//!
//! A CSAE phase lists its predicted sequence of states. When the current state's end is
//! known (min = max), the next state follows it, starting then, its end unknown: green (or
//! a walk) is followed by yellow, yellow by red, red by the entry's green (protected
//! unless the entry is permissive). Flashing, dark and unavailable states predict nothing.
//!
//! The SPAT's `msgCnt` counts messages (mod 128); its `moy` and `timeStamp`, and the
//! intersection's, come from the one `now`; its `name` is the configuration's. The
//! intersection is `NodeReferenceID {region, id}` of the configuration, as the CSAE MAP's
//! node must be, and its `status` the J2735 message's 16 bits (the same definition).
//!
//! ```
//! use cv2x::csae::v2020::{LightState, MessageFrame, TimeChangeDetails};
//! use cv2x::per::{Decode, Encode};
//! use cv2x::rsu::csae_spat::{CsaeSpatGenerator, CsaeTiming};
//! use cv2x::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatConfig};
//! use cv2x::rsu::tscbm::{Countdown, PhaseColor, SignalState};
//!
//! let table = MappingTable::new([SignalGroupMap::protected(2, Source::Phase(2))])?;
//! let mut gen = CsaeSpatGenerator::new(SpatConfig::new(1234, table), CsaeTiming::Counting)?;
//! let mut state = SignalState::default();
//! state.phases[1].color = PhaseColor::Green;
//! state.phases[1].countdown = Some(Countdown { min_tenths: 120, max_tenths: 120 });
//!
//! let spat = gen.build(&state, 1_700_002_790_000, Some(40)).expect("fresh input");
//! let phase = &spat.intersections.0[0].phases.0[0];
//! assert_eq!(phase.id.0, 2);
//! let [now, next] = &phase.phase_states.0[..] else { panic!("two states") };
//! assert_eq!(now.light, LightState::ProtectedGreen);
//! let Some(TimeChangeDetails::Counting(t)) = &now.timing else { panic!() };
//! assert_eq!((t.start_time.0, t.likely_end_time.0), (0, 120)); // green for 12.0 s more
//! assert_eq!(next.light, LightState::Yellow);
//! let bytes = MessageFrame::SpatFrame(spat.clone()).to_uper()?;
//! assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::SpatFrame(spat));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::vec::Vec;

use crate::csae::v2020 as csae;
use crate::csae::v2020::{LightState, TimeChangeDetails};
use crate::j2735::signal::time::{utc_to_dsecond, utc_to_minute_of_the_year, utc_to_time_mark};
use crate::j2735::{self, MovementPhaseState};
use crate::rsu::spat::{Protection, SignalGroupMap, SpatConfig, SpatError, SpatGenerator};
use crate::rsu::tscbm::SignalState;

/// CSAE's "unknown" time (`TimeMark` 36001, in both forms).
pub const CSAE_TIME_UNKNOWN: u16 = 36_001;

/// Tenths of a second in an hour: marks run 0..36000.
const HOUR_TENTHS: u16 = 36_000;

/// The form of a CSAE SPAT's times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CsaeTiming {
    /// `counting`: tenths of a second from the message's time.
    #[default]
    Counting,
    /// `utcTiming`: tenths of a second within the UTC hour.
    UtcTiming,
}

/// CSAE's light for a J2735 movement state (the table of the module documentation).
pub fn csae_light(state: MovementPhaseState) -> LightState {
    use MovementPhaseState as S;
    match state {
        S::Unavailable => LightState::Unavailable,
        S::Dark => LightState::Dark,
        S::StopThenProceed => LightState::FlashingRed,
        S::StopAndRemain | S::PreMovement => LightState::Red,
        S::PermissiveMovementAllowed => LightState::PermissiveGreen,
        S::ProtectedMovementAllowed => LightState::ProtectedGreen,
        S::PermissiveClearance | S::ProtectedClearance => LightState::Yellow,
        S::CautionConflictingTraffic => LightState::FlashingYellow,
    }
}

/// The state that follows `light` in a signal's cycle, if it is predictable.
fn next_light(light: LightState, entry: &SignalGroupMap) -> Option<LightState> {
    match light {
        LightState::PermissiveGreen | LightState::ProtectedGreen => Some(LightState::Yellow),
        LightState::Yellow => Some(LightState::Red),
        LightState::Red => Some(match entry.protection {
            Protection::Permissive => LightState::PermissiveGreen,
            _ => LightState::ProtectedGreen,
        }),
        _ => None,
    }
}

/// Builds one intersection's CSAE SPAT from each controller snapshot, through the J2735
/// generator (see the [module documentation](self)). Sans-IO, no clock of its own.
#[derive(Clone, Debug)]
pub struct CsaeSpatGenerator {
    j2735: SpatGenerator,
    timing: CsaeTiming,
    msg_cnt: u8,
}

impl CsaeSpatGenerator {
    /// A generator for the intersection, table and stale policy of `config` (its J2735
    /// `edition` and `initial_revision` do not apply: CSAE has no revision).
    pub fn new(config: SpatConfig, timing: CsaeTiming) -> Result<Self, SpatError> {
        Ok(CsaeSpatGenerator {
            j2735: SpatGenerator::new(config)?,
            timing,
            msg_cnt: 0,
        })
    }

    /// The J2735 generator underneath (its table, its staleness test).
    pub fn j2735(&self) -> &SpatGenerator {
        &self.j2735
    }

    /// The J2735 generator underneath, to change its table or revision.
    pub fn j2735_mut(&mut self) -> &mut SpatGenerator {
        &mut self.j2735
    }

    /// The CSAE SPAT for `state` at `now_utc_ms`, or `None` when the input is stale under
    /// [`Stale::Silence`](super::spat::Stale::Silence). `input_age_ms` is how long ago
    /// `state` was received (`None` if there is none).
    pub fn build(
        &mut self,
        state: &SignalState,
        now_utc_ms: u64,
        input_age_ms: Option<u64>,
    ) -> Option<csae::SPAT> {
        let spat = self.j2735.build(state, now_utc_ms, input_age_ms)?;
        let msg_cnt = self.msg_cnt;
        self.msg_cnt = (self.msg_cnt + 1) % 128;
        Some(self.translate(&spat, now_utc_ms, msg_cnt))
    }

    /// The CSAE form of a J2735 SPaT this generator's J2735 side built at `now_utc_ms`.
    fn translate(&self, spat: &j2735::SPAT, now_utc_ms: u64, msg_cnt: u8) -> csae::SPAT {
        let config = self.j2735.config();
        let table = self.j2735.table();
        let moy = csae::MinuteOfTheYear(utc_to_minute_of_the_year(now_utc_ms).0);
        let dsecond = csae::DSecond(utc_to_dsecond(now_utc_ms).0);
        let now_mark = utc_to_time_mark(now_utc_ms).0;
        let intersections = spat
            .intersections
            .0
            .iter()
            .map(|ix| {
                let phases = ix
                    .states
                    .0
                    .iter()
                    .filter_map(|ms| {
                        let entry = table.get(ms.signal_group.0)?;
                        let event = ms.state_time_speed.0.first()?;
                        Some(self.phase(entry, event, now_mark))
                    })
                    .collect();
                csae::IntersectionState {
                    intersection_id: csae::NodeReferenceID {
                        region: ix.id.region.map(|r| csae::RoadRegulatorID(r.0)),
                        id: csae::NodeID(ix.id.id.0),
                    },
                    status: csae::IntersectionStatusObject(ix.status.0.clone()),
                    moy: Some(moy),
                    time_stamp: Some(dsecond),
                    time_confidence: None,
                    phases: csae::PhaseList(phases),
                    ext: None,
                }
            })
            .collect();
        csae::SPAT {
            msg_cnt: csae::MsgCount(msg_cnt),
            moy: Some(moy),
            time_stamp: Some(dsecond),
            name: config.name.clone().map(csae::DescriptiveName),
            intersections: csae::IntersectionStateList(intersections),
            ext: None,
        }
    }

    /// One signal group as a CSAE phase: its current state, and the next when predictable.
    fn phase(
        &self,
        entry: &SignalGroupMap,
        event: &j2735::MovementEvent,
        now_mark: u16,
    ) -> csae::Phase {
        let light = csae_light(event.event_state);
        // The J2735 end times as marks in the hour (None: omitted, or one of the values
        // past 35999: unknown, more than an hour, a leap second's).
        let known = |m: Option<j2735::TimeMark>| m.map(|m| m.0).filter(|&m| m < HOUR_TENTHS);
        let t = event.timing.as_ref();
        let min = known(t.map(|t| t.min_end_time));
        let max = known(t.and_then(|t| t.max_end_time));
        let likely = known(t.and_then(|t| t.likely_time));
        let mut states = Vec::with_capacity(2);
        states.push(csae::PhaseState {
            light,
            timing: t.map(|_| self.timing(now_mark, Some(now_mark), min, max, likely)),
            ext: None,
        });
        if let (Some(end), Some(next)) = (likely, next_light(light, entry)) {
            states.push(csae::PhaseState {
                light: next,
                timing: Some(self.timing(now_mark, Some(end), None, None, None)),
                ext: None,
            });
        }
        csae::Phase {
            id: csae::PhaseID(entry.signal_group),
            phase_states: csae::PhaseStateList(states.into()),
        }
    }

    /// A state's timing from marks (tenths within the hour) in the configured form.
    fn timing(
        &self,
        now: u16,
        start: Option<u16>,
        min: Option<u16>,
        max: Option<u16>,
        likely: Option<u16>,
    ) -> TimeChangeDetails {
        let mark = |m: Option<u16>| m.map(csae::TimeMark);
        match self.timing {
            CsaeTiming::UtcTiming => TimeChangeDetails::UtcTiming(csae::UTCTiming {
                start_utc_time: csae::TimeMark(start.unwrap_or(CSAE_TIME_UNKNOWN)),
                min_end_utc_time: mark(min),
                max_end_utc_time: mark(max),
                likely_end_utc_time: csae::TimeMark(likely.unwrap_or(CSAE_TIME_UNKNOWN)),
                time_confidence: None,
                next_start_utc_time: None,
                next_end_utc_time: None,
            }),
            CsaeTiming::Counting => {
                // Tenths from now to a mark of this hour or the next (a countdown of an
                // hour or more is never a mark: the J2735 side says unknown).
                let hour = u32::from(HOUR_TENTHS);
                let until = |m: u16| {
                    let t = (u32::from(m) + hour - u32::from(now) % hour) % hour;
                    csae::TimeMark(u16::try_from(t).unwrap_or(CSAE_TIME_UNKNOWN))
                };
                TimeChangeDetails::Counting(csae::TimeCountingDown {
                    start_time: start.map_or(csae::TimeMark(CSAE_TIME_UNKNOWN), until),
                    min_end_time: min.map(until),
                    max_end_time: max.map(until),
                    likely_end_time: likely.map_or(csae::TimeMark(CSAE_TIME_UNKNOWN), until),
                    time_confidence: None,
                    next_start_time: None,
                    next_duration: None,
                })
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::j2735::signal::time::seconds_until;
    use crate::per::{Decode, Encode};
    use crate::rsu::four_leg;
    use crate::rsu::plan::{Plan, Simulator};

    /// 2023-11-14T22:59:50.000Z: the hour wraps 10 s into the run.
    const NOW: u64 = 1_700_002_790_000;

    /// Seconds from `now` of a counting time (None: unknown).
    fn counted(m: csae::TimeMark) -> Option<f64> {
        (m.0 != CSAE_TIME_UNKNOWN).then(|| f64::from(m.0) / 10.0)
    }

    /// The simulated four-leg plan at 10 Hz for two cycles: the J2735 SPaT and both CSAE
    /// forms, built from one state and one clock, say the same thing of every group.
    #[test]
    fn both_dialects_describe_the_same_instant() {
        let sim = Simulator::new(Plan::four_leg_default());
        let config = SpatConfig::new(7, four_leg::table());
        let mut j = SpatGenerator::new(config.clone()).unwrap();
        let mut counting = CsaeSpatGenerator::new(config.clone(), CsaeTiming::Counting).unwrap();
        let mut utc = CsaeSpatGenerator::new(config, CsaeTiming::UtcTiming).unwrap();
        let steps = u64::from(Plan::four_leg_default().cycle_tenths()) * 2;
        let (mut greens, mut predicted) = (0, 0);
        for step in 0..steps {
            let now = NOW + step * 100;
            let state = sim.state_at(step * 100);
            let js = j.build(&state, now, Some(20)).unwrap();
            let cs = counting.build(&state, now, Some(20)).unwrap();
            let us = utc.build(&state, now, Some(20)).unwrap();
            assert_eq!(cs.msg_cnt.0, (step % 128) as u8);
            for spat in [&cs, &us] {
                let bytes = csae::MessageFrame::SpatFrame(spat.clone())
                    .to_uper()
                    .unwrap();
                let back = crate::csae::v2019::MessageFrame::from_uper(&bytes).unwrap();
                assert_eq!(
                    back,
                    crate::csae::v2019::MessageFrame::SpatFrame(spat.clone())
                );
            }
            let jx = &js.intersections.0[0];
            let (cx, ux) = (&cs.intersections.0[0], &us.intersections.0[0]);
            assert_eq!(cx.intersection_id.id.0, 7);
            assert_eq!(jx.states.0.len(), cx.phases.0.len());
            for ((ms, cp), up) in jx.states.0.iter().zip(&cx.phases.0).zip(&ux.phases.0) {
                assert_eq!(cp.id.0, ms.signal_group.0);
                let ev = &ms.state_time_speed.0[0];
                let (c0, u0) = (&cp.phase_states.0[0], &up.phase_states.0[0]);
                assert_eq!(c0.light, csae_light(ev.event_state));
                assert_eq!(u0.light, c0.light);
                let Some(jt) = &ev.timing else {
                    assert!(c0.timing.is_none() && u0.timing.is_none());
                    continue;
                };
                let Some(TimeChangeDetails::Counting(ct)) = &c0.timing else {
                    panic!()
                };
                let Some(TimeChangeDetails::UtcTiming(ut)) = &u0.timing else {
                    panic!()
                };
                assert_eq!(ct.start_time.0, 0);
                // The same end, as a duration and as the J2735 mark.
                let j_min = seconds_until(jt.min_end_time, now).unwrap();
                assert_eq!(
                    counted(ct.min_end_time.unwrap()),
                    Some(j_min),
                    "step {step}"
                );
                assert_eq!(ut.min_end_utc_time.map(|m| m.0), Some(jt.min_end_time.0));
                let j_likely = jt.likely_time.map(|m| seconds_until(m, now).unwrap());
                assert_eq!(counted(ct.likely_end_time), j_likely, "step {step}");
                if matches!(
                    c0.light,
                    LightState::ProtectedGreen | LightState::PermissiveGreen
                ) {
                    greens += 1;
                }
                if let Some(next) = cp.phase_states.0.get(1) {
                    predicted += 1;
                    let Some(TimeChangeDetails::Counting(nt)) = &next.timing else {
                        panic!()
                    };
                    assert_eq!(nt.start_time, ct.likely_end_time);
                    assert_eq!(
                        Some(next.light),
                        next_light(c0.light, four_leg::table().get(cp.id.0).unwrap())
                    );
                }
            }
        }
        assert!(
            greens > 0 && predicted > 0,
            "{greens} greens, {predicted} predictions"
        );
    }

    #[test]
    fn counting_wraps_the_hour_and_stale_input_is_unavailable() {
        use crate::rsu::spat::{MappingTable, Source};
        use crate::rsu::tscbm::{Countdown, PhaseColor};
        let table = MappingTable::new([SignalGroupMap::permissive(4, Source::Phase(4))]).unwrap();
        let mut g =
            CsaeSpatGenerator::new(SpatConfig::new(1, table), CsaeTiming::Counting).unwrap();
        let mut state = SignalState::default();
        state.phases[3].color = PhaseColor::Red;
        state.phases[3].countdown = Some(Countdown {
            min_tenths: 150,
            max_tenths: 150,
        });
        // 10 s before the hour, red for 15 s more: 150 tenths, then permissive green.
        let spat = g.build(&state, NOW, Some(0)).unwrap();
        let p = &spat.intersections.0[0].phases.0[0];
        let Some(TimeChangeDetails::Counting(t)) = &p.phase_states.0[0].timing else {
            panic!()
        };
        assert_eq!((t.min_end_time.unwrap().0, t.likely_end_time.0), (150, 150));
        assert_eq!(p.phase_states.0[1].light, LightState::PermissiveGreen);
        // Actuated (min != max): no likely end, nothing predicted.
        state.phases[3].countdown = Some(Countdown {
            min_tenths: 50,
            max_tenths: 300,
        });
        let spat = g.build(&state, NOW, Some(0)).unwrap();
        let p = &spat.intersections.0[0].phases.0[0];
        assert_eq!(p.phase_states.0.len(), 1);
        let Some(TimeChangeDetails::Counting(t)) = &p.phase_states.0[0].timing else {
            panic!()
        };
        assert_eq!(
            (t.max_end_time.unwrap().0, t.likely_end_time.0),
            (300, CSAE_TIME_UNKNOWN)
        );
        // Stale: the status bit and unavailable, as in J2735.
        let spat = g.build(&state, NOW, Some(5_000)).unwrap();
        let ix = &spat.intersections.0[0];
        assert_eq!(
            ix.phases.0[0].phase_states.0[0].light,
            LightState::Unavailable
        );
        assert!(ix.phases.0[0].phase_states.0[0].timing.is_none());
        assert_eq!(
            ix.status.0,
            crate::per::BitString::from_u64(u64::from(crate::rsu::spat::STATUS_NO_VALID_SPAT), 16)
        );
    }
}

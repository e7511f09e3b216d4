//! A fixed-time signal plan and a sans-IO simulator of it: SPaT without a controller.
//!
//! The [`Simulator`] produces the same [`SignalState`] snapshot the controller input
//! ([`TscbmView::signal_state`](crate::rsu::tscbm::TscbmView::signal_state)) does, as a
//! pure function of the time since the plan started, so the SPaT builder cannot tell the
//! difference. Nothing reads a clock and nothing allocates.
//!
//! # The plan format
//!
//! A [`Plan`] is a NEMA-style ring-and-barrier plan, running every phase every cycle
//! (fixed time, pedestrian recall on every phase with pedestrian timing):
//!
//! - **phases** ([`PhaseTiming`]), numbered `1..=16`, each with a minimum green, the fixed
//!   green it runs, a yellow change and a red clearance interval, and optionally a
//!   pedestrian walk and pedestrian clearance ([`PedTiming`]) tied to the vehicle phase.
//!   A phase's *split* is green + yellow + red clearance. All times are in tenths of a
//!   second, like the controller's countdowns.
//! - **rings** (`1..=4`): each ring is a list of *barrier groups*, and each barrier group an
//!   ordered sequence of phases. A ring runs its phases one after the other; the rings run
//!   side by side. Every ring has the same number of barrier groups, and within one barrier
//!   group every ring's sequence sums to the same time (the *barrier time*), so the rings
//!   cross each barrier together. Phases in the same barrier group but different rings run
//!   concurrently; phases in the same ring, or across a barrier, conflict.
//! - **cycle**: the declared cycle length, which must equal the sum of the barrier times.
//!
//! | rule | error |
//! |---|---|
//! | phase numbers in `1..=16`, each timed once and placed once | [`PlanError::PhaseNumber`], [`PlanError::DuplicatePhase`], [`PlanError::MissingTiming`], [`PlanError::UnusedPhase`] |
//! | `1..=4` rings, each with the same number of barrier groups, none empty | [`PlanError::RingCount`], [`PlanError::BarrierCount`], [`PlanError::EmptySequence`] |
//! | minimum green, yellow, walk and pedestrian clearance not zero; green ≥ minimum green | [`PlanError::ZeroTime`], [`PlanError::GreenBelowMinimum`] |
//! | walk within the green; walk + pedestrian clearance within green + yellow (MUTCD: the pedestrian change interval may run into the yellow, never into the red clearance) | [`PlanError::PedTooLong`] |
//! | every ring's sequence in a barrier group sums to ring 1's | [`PlanError::BarrierMismatch`] |
//! | cycle = sum of the barrier times, at most 6553.5 s | [`PlanError::CycleMismatch`], [`PlanError::CycleTooLong`] |
//!
//! Errors name rings and barrier groups from 1. With the `serde` feature a plan reads and
//! writes as JSON (and is validated on reading):
//!
//! ```json
//! {
//!   "cycle_tenths": 900,
//!   "phases": [
//!     {"phase": 1, "min_green_tenths": 50, "green_tenths": 90, "yellow_tenths": 30, "red_clear_tenths": 20},
//!     {"phase": 2, "min_green_tenths": 150, "green_tenths": 300, "yellow_tenths": 40, "red_clear_tenths": 20,
//!      "ped": {"walk_tenths": 70, "clear_tenths": 120}},
//!     "..."
//!   ],
//!   "rings": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
//! }
//! ```
//!
//! # The simulated state
//!
//! Within a cycle a phase is green from its start for its green time, then yellow, then
//! red (its red clearance, then red while the other phases run). Its pedestrian signal shows
//! walk from the start of the green, then pedestrian clearance, then don't walk. Each
//! countdown is the time to the next change of *that* indication (red counts down to the
//! next green). For fixed time the change times are certain: the minimum and maximum are
//! the same on the 100 ms grid; between grid points the minimum rounds down and the maximum
//! up. Phases not in the plan are [`PhaseColor::Dark`] with no countdown; overlaps are dark;
//! nothing flashes. The sequence counter counts 100 ms steps (as a controller sending at
//! 10 Hz would), and the time of day is the start time set with
//! [`Simulator::starting_at`] (midnight by default) plus the elapsed time.
//!
//! ```
//! use cv2x::rsu::plan::{Plan, Simulator};
//! use cv2x::rsu::tscbm::{PedIndication, PhaseColor};
//!
//! let sim = Simulator::new(Plan::four_leg_default());
//! assert_eq!(sim.plan().cycle_tenths(), 900);
//!
//! // 24 s in: phases 2 and 6 (main street through, green from 14 s to 44 s) have 20 s of
//! // green left; the pedestrians beside them (walk 14..21 s, clearance 21..33 s) have 9 s
//! // of pedestrian clearance left.
//! let s = sim.state_at(24_000);
//! let p2 = s.phase(2).unwrap();
//! assert_eq!(p2.color, PhaseColor::Green);
//! assert_eq!(p2.countdown.unwrap().min_tenths, 200);
//! assert_eq!(s.phase(6).unwrap().color, PhaseColor::Green);
//! assert_eq!(s.phase(4).unwrap().color, PhaseColor::Red);
//! assert_eq!(s.ped(2).unwrap().indication, PedIndication::PedClear);
//! assert_eq!(s.ped(2).unwrap().countdown.unwrap().max_tenths, 90);
//!
//! // The cycle repeats.
//! assert_eq!(sim.state_at(24_000).phases, sim.state_at(24_000 + 90_000).phases);
//! ```

use crate::rsu::tscbm::{
    Countdown, MovementSignal, PedIndication, PedSignal, PhaseColor, SignalState,
};

/// The highest phase number.
pub const MAX_PHASES: u8 = 16;
/// The most rings a plan may have.
pub const MAX_RINGS: usize = 4;
/// The longest cycle, tenths of a second: the largest countdown a [`SignalState`] holds.
pub const MAX_CYCLE_TENTHS: u32 = u16::MAX as u32;

const MS_PER_TENTH: u64 = 100;
const MS_PER_DAY: u64 = 86_400_000;

/// The pedestrian timing of a phase, tenths of a second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PedTiming {
    /// Walk, from the start of the vehicle green.
    pub walk_tenths: u16,
    /// Pedestrian clearance (flashing don't walk), right after the walk.
    pub clear_tenths: u16,
}

/// The timing of one vehicle phase (and its pedestrians), tenths of a second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PhaseTiming {
    /// The phase number, `1..=16`.
    pub phase: u8,
    /// Minimum green: the fixed green may not be shorter.
    pub min_green_tenths: u16,
    /// The green the phase runs every cycle.
    pub green_tenths: u16,
    /// Yellow change interval.
    pub yellow_tenths: u16,
    /// Red clearance interval (may be zero).
    pub red_clear_tenths: u16,
    /// Pedestrian walk and clearance, for a phase with pedestrians.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub ped: Option<PedTiming>,
}

impl PhaseTiming {
    /// A vehicle phase without pedestrians.
    ///
    /// ```
    /// use cv2x::rsu::plan::PhaseTiming;
    /// let p = PhaseTiming::vehicle(1, 50, 90, 30, 20);
    /// assert_eq!(p.split_tenths(), 140);
    /// assert_eq!(p.with_ped(70, 120).ped.unwrap().walk_tenths, 70);
    /// ```
    pub const fn vehicle(
        phase: u8,
        min_green_tenths: u16,
        green_tenths: u16,
        yellow_tenths: u16,
        red_clear_tenths: u16,
    ) -> Self {
        PhaseTiming {
            phase,
            min_green_tenths,
            green_tenths,
            yellow_tenths,
            red_clear_tenths,
            ped: None,
        }
    }

    /// The same phase with pedestrian walk and clearance.
    pub const fn with_ped(mut self, walk_tenths: u16, clear_tenths: u16) -> Self {
        self.ped = Some(PedTiming {
            walk_tenths,
            clear_tenths,
        });
        self
    }

    /// Green + yellow + red clearance: the phase's share of its ring's time.
    pub fn split_tenths(&self) -> u32 {
        u32::from(self.green_tenths)
            + u32::from(self.yellow_tenths)
            + u32::from(self.red_clear_tenths)
    }

    fn green_end(&self) -> u32 {
        u32::from(self.green_tenths)
    }

    fn yellow_end(&self) -> u32 {
        self.green_end() + u32::from(self.yellow_tenths)
    }
}

/// A timing field, named in [`PlanError::ZeroTime`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimingField {
    /// `min_green_tenths`.
    MinGreen,
    /// `yellow_tenths`.
    Yellow,
    /// `ped.walk_tenths`.
    Walk,
    /// `ped.clear_tenths`.
    PedClear,
}

impl core::fmt::Display for TimingField {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            TimingField::MinGreen => "minimum green",
            TimingField::Yellow => "yellow",
            TimingField::Walk => "walk",
            TimingField::PedClear => "pedestrian clearance",
        })
    }
}

/// Why a plan was refused. Rings and barrier groups are numbered from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A phase number outside `1..=16`.
    #[error("phase number {0} is outside 1..=16")]
    PhaseNumber(u8),
    /// A phase timed twice, or placed twice in the rings.
    #[error("phase {0} is given twice")]
    DuplicatePhase(u8),
    /// A phase placed in a ring without a timing.
    #[error("phase {0} is in a ring but has no timing")]
    MissingTiming(u8),
    /// A phase with a timing that no ring runs.
    #[error("phase {0} has a timing but is in no ring")]
    UnusedPhase(u8),
    /// No rings, or more than 4 (the value is the number given).
    #[error("{0} rings given, expected 1..=4")]
    RingCount(usize),
    /// A ring with a different number of barrier groups from ring 1.
    #[error("ring {ring} has {groups} barrier groups, ring 1 has {expected}")]
    BarrierCount {
        /// The ring.
        ring: u8,
        /// Its number of barrier groups.
        groups: usize,
        /// Ring 1's number of barrier groups.
        expected: usize,
    },
    /// A ring with no phase between two barriers.
    #[error("ring {ring} has no phase in barrier group {group}")]
    EmptySequence {
        /// The ring.
        ring: u8,
        /// The barrier group.
        group: u8,
    },
    /// A zero minimum green, yellow, walk or pedestrian clearance.
    #[error("phase {phase}: zero {field}")]
    ZeroTime {
        /// The phase.
        phase: u8,
        /// The field that is zero.
        field: TimingField,
    },
    /// A green shorter than the minimum green.
    #[error(
        "phase {phase}: green {green_tenths} below the minimum green {min_green_tenths} (tenths)"
    )]
    GreenBelowMinimum {
        /// The phase.
        phase: u8,
        /// Its green.
        green_tenths: u16,
        /// Its minimum green.
        min_green_tenths: u16,
    },
    /// A walk longer than the green, or walk + pedestrian clearance longer than green +
    /// yellow.
    #[error("phase {phase}: walk {walk_tenths} + pedestrian clearance {clear_tenths} do not fit the green and yellow (tenths)")]
    PedTooLong {
        /// The phase.
        phase: u8,
        /// Its walk.
        walk_tenths: u16,
        /// Its pedestrian clearance.
        clear_tenths: u16,
    },
    /// A ring whose sequence in a barrier group does not sum to ring 1's.
    #[error("ring {ring} runs {ring_tenths} tenths in barrier group {group}, ring 1 runs {barrier_tenths}")]
    BarrierMismatch {
        /// The barrier group.
        group: u8,
        /// The ring.
        ring: u8,
        /// The sum of the ring's splits in the group.
        ring_tenths: u32,
        /// The barrier time (ring 1's sum).
        barrier_tenths: u32,
    },
    /// The declared cycle is not the sum of the barrier times.
    #[error("declared cycle {declared_tenths} tenths, the barrier times sum to {computed_tenths}")]
    CycleMismatch {
        /// The cycle given.
        declared_tenths: u16,
        /// The sum of the barrier times.
        computed_tenths: u32,
    },
    /// The barrier times sum to more than 65535 tenths.
    #[error("cycle of {0} tenths exceeds 65535")]
    CycleTooLong(u32),
}

/// A validated fixed-time ring-and-barrier plan; see the [module documentation](self).
///
/// Fixed size and allocation-free: up to 16 phases in up to 4 rings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(try_from = "json::PlanConfig", into = "json::PlanConfig")
)]
pub struct Plan {
    /// Indexed by phase number - 1.
    timings: [Option<PhaseTiming>; 16],
    /// Ring index (from 0) of each phase, by phase number - 1.
    ring_of: [u8; 16],
    /// Barrier group index (from 0) of each phase, by phase number - 1.
    group_of: [u8; 16],
    /// Start of green within the cycle, tenths, by phase number - 1.
    start: [u16; 16],
    /// The phases ring by ring, barrier group by barrier group, in sequence.
    order: [u8; 16],
    order_len: u8,
    rings: u8,
    groups: u8,
    cycle: u16,
}

impl Plan {
    /// Validates a plan: its declared cycle, the phase timings, and the rings, each a list
    /// of barrier groups, each an ordered sequence of phase numbers.
    ///
    /// ```
    /// use cv2x::rsu::plan::{Plan, PlanError, PhaseTiming};
    ///
    /// // Two phases in one ring, one barrier group: a simple two-phase signal.
    /// let phases = [
    ///     PhaseTiming::vehicle(2, 100, 300, 40, 20).with_ped(70, 150),
    ///     PhaseTiming::vehicle(4, 100, 200, 35, 25),
    /// ];
    /// let plan = Plan::new(620, &phases, &[&[&[2, 4]]])?;
    /// assert_eq!(plan.start_tenths(4), Some(360));
    ///
    /// assert_eq!(
    ///     Plan::new(600, &phases, &[&[&[2, 4]]]),
    ///     Err(PlanError::CycleMismatch { declared_tenths: 600, computed_tenths: 620 })
    /// );
    /// assert_eq!(Plan::new(620, &phases, &[&[&[2, 3]]]), Err(PlanError::MissingTiming(3)));
    /// # Ok::<(), PlanError>(())
    /// ```
    pub fn new(
        cycle_tenths: u16,
        phases: &[PhaseTiming],
        rings: &[&[&[u8]]],
    ) -> Result<Plan, PlanError> {
        let mut plan = Plan {
            timings: [None; 16],
            ring_of: [0; 16],
            group_of: [0; 16],
            start: [0; 16],
            order: [0; 16],
            order_len: 0,
            rings: 0,
            groups: 0,
            cycle: 0,
        };

        for t in phases {
            check_timing(t)?;
            let slot = plan
                .timings
                .get_mut(phase_index(t.phase)?)
                .ok_or(PlanError::PhaseNumber(t.phase))?;
            if slot.is_some() {
                return Err(PlanError::DuplicatePhase(t.phase));
            }
            *slot = Some(*t);
        }

        if rings.is_empty() || rings.len() > MAX_RINGS {
            return Err(PlanError::RingCount(rings.len()));
        }
        let groups = rings.first().map_or(0, |r| r.len());
        let mut placed = [false; 16];
        for (r, ring) in (1u8..).zip(rings.iter()) {
            if ring.len() != groups {
                return Err(PlanError::BarrierCount {
                    ring: r,
                    groups: ring.len(),
                    expected: groups,
                });
            }
            for (g, seq) in (1u8..).zip(ring.iter()) {
                if seq.is_empty() {
                    return Err(PlanError::EmptySequence { ring: r, group: g });
                }
                for &p in seq.iter() {
                    let i = phase_index(p)?;
                    let seen = placed.get_mut(i).ok_or(PlanError::PhaseNumber(p))?;
                    if *seen {
                        return Err(PlanError::DuplicatePhase(p));
                    }
                    *seen = true;
                    if plan.timings.get(i).copied().flatten().is_none() {
                        return Err(PlanError::MissingTiming(p));
                    }
                    set(&mut plan.ring_of, i, r - 1);
                    set(&mut plan.group_of, i, g - 1);
                    set(&mut plan.order, usize::from(plan.order_len), p);
                    plan.order_len += 1;
                }
            }
        }
        for t in phases {
            if !placed.get(phase_index(t.phase)?).copied().unwrap_or(false) {
                return Err(PlanError::UnusedPhase(t.phase));
            }
        }

        // Barrier times from ring 1; every ring must match them.
        let mut barrier_start = 0u32;
        for g in 0..groups {
            let mut barrier_tenths = None;
            for (r, ring) in (1u8..).zip(rings.iter()) {
                let mut t = barrier_start;
                for &p in ring.get(g).copied().unwrap_or(&[]) {
                    let i = phase_index(p)?;
                    set(&mut plan.start, i, u16::try_from(t).unwrap_or(u16::MAX));
                    t += plan.timing(p).map_or(0, |pt| pt.split_tenths());
                }
                let ring_tenths = t - barrier_start;
                match barrier_tenths {
                    None => barrier_tenths = Some(ring_tenths),
                    Some(b) if b != ring_tenths => {
                        return Err(PlanError::BarrierMismatch {
                            group: u8::try_from(g + 1).unwrap_or(u8::MAX),
                            ring: r,
                            ring_tenths,
                            barrier_tenths: b,
                        })
                    }
                    Some(_) => {}
                }
            }
            barrier_start += barrier_tenths.unwrap_or(0);
            if barrier_start > MAX_CYCLE_TENTHS {
                return Err(PlanError::CycleTooLong(barrier_start));
            }
        }
        if u32::from(cycle_tenths) != barrier_start {
            return Err(PlanError::CycleMismatch {
                declared_tenths: cycle_tenths,
                computed_tenths: barrier_start,
            });
        }
        plan.rings = u8::try_from(rings.len()).unwrap_or(u8::MAX);
        plan.groups = u8::try_from(groups).unwrap_or(u8::MAX);
        plan.cycle = cycle_tenths;
        Ok(plan)
    }

    /// The default plan of a four-leg intersection: 8 phases in two rings, a 90 s cycle.
    ///
    /// | ring | barrier group 1 (main street, 50 s) | barrier group 2 (side street, 40 s) |
    /// |---|---|---|
    /// | 1 | 1 (left, 14 s) then 2 (through + peds, 36 s) | 3 (left, 12 s) then 4 (through + peds, 28 s) |
    /// | 2 | 5 (left, 14 s) then 6 (through + peds, 36 s) | 7 (left, 12 s) then 8 (through + peds, 28 s) |
    ///
    /// | phases | min green | green | yellow | red clearance | walk | ped clearance |
    /// |---|---|---|---|---|---|---|
    /// | 1, 5 protected lefts | 5 s | 9 s | 3 s | 2 s | | |
    /// | 2, 6 main through | 15 s | 30 s | 4 s | 2 s | 7 s | 12 s |
    /// | 3, 7 protected lefts | 5 s | 7 s | 3 s | 2 s | | |
    /// | 4, 8 side through | 10 s | 22.5 s | 3.5 s | 2 s | 7 s | 15 s |
    ///
    /// Leading lefts: each barrier group starts with the lefts of both directions (1 with
    /// 5, 3 with 7), then the throughs (2 with 6, 4 with 8). The pedestrian clearances are
    /// for crossings of about 13 m (beside 2 and 6, across the side street) and 16 m (beside
    /// 4 and 8, across the main street) at 1.07 m/s (3.5 ft/s).
    ///
    /// ```
    /// use cv2x::rsu::plan::Plan;
    /// let plan = Plan::four_leg_default();
    /// assert_eq!(plan.cycle_tenths(), 900);
    /// assert_eq!(plan.ring_count(), 2);
    /// assert_eq!(plan.sequence(1, 1).collect::<Vec<_>>(), [1, 2]);
    /// assert_eq!(plan.sequence(2, 2).collect::<Vec<_>>(), [7, 8]);
    /// assert!(plan.concurrent(2, 6) && plan.concurrent(1, 6));
    /// assert!(!plan.concurrent(2, 4) && !plan.concurrent(1, 2));
    /// ```
    pub fn four_leg_default() -> Plan {
        const LEFT_MAIN: (u16, u16, u16, u16) = (50, 90, 30, 20);
        const THRU_MAIN: (u16, u16, u16, u16) = (150, 300, 40, 20);
        const LEFT_SIDE: (u16, u16, u16, u16) = (50, 70, 30, 20);
        const THRU_SIDE: (u16, u16, u16, u16) = (100, 225, 35, 20);
        let t = |p, (m, g, y, r): (u16, u16, u16, u16)| PhaseTiming::vehicle(p, m, g, y, r);
        let phases = [
            t(1, LEFT_MAIN),
            t(2, THRU_MAIN).with_ped(70, 120),
            t(3, LEFT_SIDE),
            t(4, THRU_SIDE).with_ped(70, 150),
            t(5, LEFT_MAIN),
            t(6, THRU_MAIN).with_ped(70, 120),
            t(7, LEFT_SIDE),
            t(8, THRU_SIDE).with_ped(70, 150),
        ];
        // The timings above satisfy every rule; fall back to a blank plan rather than panic.
        Plan::new(900, &phases, &[&[&[1, 2], &[3, 4]], &[&[5, 6], &[7, 8]]]).unwrap_or(Plan {
            timings: [None; 16],
            ring_of: [0; 16],
            group_of: [0; 16],
            start: [0; 16],
            order: [0; 16],
            order_len: 0,
            rings: 0,
            groups: 0,
            cycle: 0,
        })
    }

    /// The cycle length, tenths of a second.
    pub fn cycle_tenths(&self) -> u16 {
        self.cycle
    }

    /// The number of rings.
    pub fn ring_count(&self) -> u8 {
        self.rings
    }

    /// The number of barrier groups (every ring has as many).
    pub fn barrier_group_count(&self) -> u8 {
        self.groups
    }

    /// The timing of phase `phase`, if the plan runs it.
    pub fn timing(&self, phase: u8) -> Option<&PhaseTiming> {
        self.timings
            .get(usize::from(phase.checked_sub(1)?))?
            .as_ref()
    }

    /// The timings of the phases the plan runs, by phase number.
    pub fn timings(&self) -> impl Iterator<Item = &PhaseTiming> + '_ {
        self.timings.iter().flatten()
    }

    /// The phase numbers the plan runs, ascending.
    pub fn phase_numbers(&self) -> impl Iterator<Item = u8> + '_ {
        self.timings().map(|t| t.phase)
    }

    /// The ring (from 1) that runs `phase`.
    pub fn ring_of(&self, phase: u8) -> Option<u8> {
        self.timing(phase)?;
        Some(self.ring_of.get(usize::from(phase - 1))? + 1)
    }

    /// The barrier group (from 1) `phase` runs in.
    pub fn barrier_group_of(&self, phase: u8) -> Option<u8> {
        self.timing(phase)?;
        Some(self.group_of.get(usize::from(phase - 1))? + 1)
    }

    /// When `phase`'s green starts within the cycle, tenths of a second.
    pub fn start_tenths(&self, phase: u8) -> Option<u16> {
        self.timing(phase)?;
        self.start.get(usize::from(phase - 1)).copied()
    }

    /// The phases of ring `ring` in barrier group `group` (both from 1), in order.
    pub fn sequence(&self, ring: u8, group: u8) -> impl Iterator<Item = u8> + '_ {
        self.order
            .iter()
            .take(usize::from(self.order_len))
            .copied()
            .filter(move |&p| {
                self.ring_of(p) == Some(ring) && self.barrier_group_of(p) == Some(group)
            })
    }

    /// Whether phases `a` and `b` may be served at the same time: different rings, same
    /// barrier group. Phases in one ring, or across a barrier, conflict.
    pub fn concurrent(&self, a: u8, b: u8) -> bool {
        match (
            self.ring_of(a),
            self.ring_of(b),
            self.barrier_group_of(a),
            self.barrier_group_of(b),
        ) {
            (Some(ra), Some(rb), Some(ga), Some(gb)) => ra != rb && ga == gb,
            _ => false,
        }
    }
}

fn phase_index(phase: u8) -> Result<usize, PlanError> {
    if (1..=MAX_PHASES).contains(&phase) {
        Ok(usize::from(phase - 1))
    } else {
        Err(PlanError::PhaseNumber(phase))
    }
}

fn set<T>(array: &mut [T], i: usize, value: T) {
    if let Some(slot) = array.get_mut(i) {
        *slot = value;
    }
}

fn check_timing(t: &PhaseTiming) -> Result<(), PlanError> {
    phase_index(t.phase)?;
    let zero = |field| PlanError::ZeroTime {
        phase: t.phase,
        field,
    };
    if t.min_green_tenths == 0 {
        return Err(zero(TimingField::MinGreen));
    }
    if t.yellow_tenths == 0 {
        return Err(zero(TimingField::Yellow));
    }
    if t.green_tenths < t.min_green_tenths {
        return Err(PlanError::GreenBelowMinimum {
            phase: t.phase,
            green_tenths: t.green_tenths,
            min_green_tenths: t.min_green_tenths,
        });
    }
    if let Some(ped) = t.ped {
        if ped.walk_tenths == 0 {
            return Err(zero(TimingField::Walk));
        }
        if ped.clear_tenths == 0 {
            return Err(zero(TimingField::PedClear));
        }
        if ped.walk_tenths > t.green_tenths
            || u32::from(ped.walk_tenths) + u32::from(ped.clear_tenths) > t.yellow_end()
        {
            return Err(PlanError::PedTooLong {
                phase: t.phase,
                walk_tenths: ped.walk_tenths,
                clear_tenths: ped.clear_tenths,
            });
        }
    }
    Ok(())
}

/// The interval a phase is in, with the red clearance told apart from the rest of the red.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    /// Green.
    Green,
    /// Yellow change.
    Yellow,
    /// Red clearance: red, but the phase still holds its ring.
    RedClearance,
    /// Red while other phases run.
    Red,
}

/// Where a phase is in the cycle: its interval and the time left in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PhaseInterval {
    /// The interval.
    pub interval: Interval,
    /// Milliseconds until the interval ends.
    pub remaining_ms: u64,
}

/// Runs a [`Plan`] without a controller: the signal state at any time since the plan
/// started. Sans-IO: the caller supplies the time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Simulator {
    plan: Plan,
    start_ms_of_day: u32,
}

impl Simulator {
    /// A simulator of `plan`, started at midnight (for the snapshot's time of day).
    pub fn new(plan: Plan) -> Self {
        Simulator {
            plan,
            start_ms_of_day: 0,
        }
    }

    /// Sets the time of day the plan started, milliseconds since midnight (taken modulo a
    /// day): the snapshot's `seconds_of_day` and `milliseconds` are this plus the elapsed
    /// time.
    ///
    /// ```
    /// use cv2x::rsu::plan::{Plan, Simulator};
    /// let sim = Simulator::new(Plan::four_leg_default()).starting_at(3_600_000);
    /// let s = sim.state_at(1_250);
    /// assert_eq!((s.seconds_of_day, s.milliseconds, s.sequence), (3601, 250, 12));
    /// ```
    #[must_use]
    pub fn starting_at(mut self, millis_of_day: u32) -> Self {
        self.start_ms_of_day = u32::try_from(u64::from(millis_of_day) % MS_PER_DAY).unwrap_or(0);
        self
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    fn cycle_ms(&self) -> u64 {
        u64::from(self.plan.cycle)
            .saturating_mul(MS_PER_TENTH)
            .max(1)
    }

    /// Milliseconds since `phase`'s green last started, and the phase's timing.
    fn local_ms(&self, phase: u8, elapsed_ms: u64) -> Option<(u64, &PhaseTiming)> {
        let timing = self.plan.timing(phase)?;
        let cycle = self.cycle_ms();
        let start = u64::from(self.plan.start_tenths(phase)?) * MS_PER_TENTH % cycle;
        let t = elapsed_ms % cycle;
        Some(((t + cycle - start) % cycle, timing))
    }

    /// The interval phase `phase` is in at `elapsed_ms`, and how long it has left; `None`
    /// for a phase the plan does not run.
    ///
    /// ```
    /// use cv2x::rsu::plan::{Interval, Plan, Simulator};
    /// let sim = Simulator::new(Plan::four_leg_default());
    /// // Phase 1: green 0..9 s, yellow 9..12 s, red clearance 12..14 s.
    /// let at = sim.interval_at(1, 12_500).unwrap();
    /// assert_eq!((at.interval, at.remaining_ms), (Interval::RedClearance, 1_500));
    /// assert_eq!(sim.interval_at(9, 0), None);
    /// ```
    pub fn interval_at(&self, phase: u8, elapsed_ms: u64) -> Option<PhaseInterval> {
        let (local, t) = self.local_ms(phase, elapsed_ms)?;
        let bounds = [
            (Interval::Green, u64::from(t.green_end())),
            (Interval::Yellow, u64::from(t.yellow_end())),
            (Interval::RedClearance, u64::from(t.split_tenths())),
            (Interval::Red, u64::from(self.plan.cycle)),
        ];
        bounds
            .iter()
            .map(|&(interval, end)| (interval, end * MS_PER_TENTH))
            .find(|&(_, end)| local < end)
            .map(|(interval, end)| PhaseInterval {
                interval,
                remaining_ms: end - local,
            })
    }

    /// The phase holding ring `ring` (from 1) at `elapsed_ms`: the one in its green, yellow
    /// or red clearance. Exactly one phase of each ring holds it at any time.
    pub fn active_phase(&self, ring: u8, elapsed_ms: u64) -> Option<u8> {
        self.plan.phase_numbers().find(|&p| {
            self.plan.ring_of(p) == Some(ring)
                && self
                    .interval_at(p, elapsed_ms)
                    .is_some_and(|i| i.interval != Interval::Red)
        })
    }

    /// The signal state `elapsed_ms` milliseconds after the plan started: the same snapshot
    /// the controller input gives. The cycle repeats forever.
    pub fn state_at(&self, elapsed_ms: u64) -> SignalState {
        let cycle_ms = self.cycle_ms();
        let of_day = (u64::from(self.start_ms_of_day) + elapsed_ms % MS_PER_DAY) % MS_PER_DAY;
        let mut state = SignalState {
            sequence: u8::try_from(elapsed_ms / MS_PER_TENTH % 256).unwrap_or(0),
            seconds_of_day: u32::try_from(of_day / 1000).unwrap_or(0),
            milliseconds: u16::try_from(of_day % 1000).unwrap_or(0),
            ..SignalState::default()
        };
        for (n, (phase, ped)) in
            (1..=MAX_PHASES).zip(state.phases.iter_mut().zip(state.peds.iter_mut()))
        {
            let Some((local, t)) = self.local_ms(n, elapsed_ms) else {
                continue;
            };
            let green_end = u64::from(t.green_end()) * MS_PER_TENTH;
            let yellow_end = u64::from(t.yellow_end()) * MS_PER_TENTH;
            let (color, end) = if local < green_end {
                (PhaseColor::Green, green_end)
            } else if local < yellow_end {
                (PhaseColor::Yellow, yellow_end)
            } else {
                (PhaseColor::Red, cycle_ms)
            };
            *phase = MovementSignal {
                color,
                flashing: false,
                countdown: Some(countdown(end - local)),
            };
            if let Some(p) = t.ped {
                let walk_end = u64::from(p.walk_tenths) * MS_PER_TENTH;
                let clear_end = walk_end + u64::from(p.clear_tenths) * MS_PER_TENTH;
                let (indication, end) = if local < walk_end {
                    (PedIndication::Walk, walk_end)
                } else if local < clear_end {
                    (PedIndication::PedClear, clear_end)
                } else {
                    (PedIndication::DontWalk, cycle_ms)
                };
                *ped = PedSignal {
                    indication,
                    countdown: Some(countdown(end - local)),
                    call: false,
                    detect: false,
                };
            }
        }
        state
    }
}

/// Tenths until a change `remaining_ms` away: minimum rounded down, maximum up.
fn countdown(remaining_ms: u64) -> Countdown {
    let tenths = |v: u64| u16::try_from(v).unwrap_or(u16::MAX);
    Countdown {
        min_tenths: tenths(remaining_ms / MS_PER_TENTH),
        max_tenths: tenths(remaining_ms.div_ceil(MS_PER_TENTH)),
    }
}

#[cfg(feature = "serde")]
mod json {
    use alloc::vec::Vec;

    use super::{PhaseTiming, Plan, PlanError};

    /// The JSON form of a [`Plan`].
    #[derive(serde::Serialize, serde::Deserialize)]
    pub(super) struct PlanConfig {
        cycle_tenths: u16,
        phases: Vec<PhaseTiming>,
        rings: Vec<Vec<Vec<u8>>>,
    }

    impl TryFrom<PlanConfig> for Plan {
        type Error = PlanError;

        fn try_from(c: PlanConfig) -> Result<Plan, PlanError> {
            let groups: Vec<Vec<&[u8]>> = c
                .rings
                .iter()
                .map(|r| r.iter().map(Vec::as_slice).collect())
                .collect();
            let rings: Vec<&[&[u8]]> = groups.iter().map(Vec::as_slice).collect();
            Plan::new(c.cycle_tenths, &c.phases, &rings)
        }
    }

    impl From<Plan> for PlanConfig {
        fn from(p: Plan) -> PlanConfig {
            PlanConfig {
                cycle_tenths: p.cycle_tenths(),
                phases: p.timings().copied().collect(),
                rings: (1..=p.ring_count())
                    .map(|r| {
                        (1..=p.barrier_group_count())
                            .map(|g| p.sequence(r, g).collect())
                            .collect()
                    })
                    .collect(),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn default_plan_layout() {
        let plan = Plan::four_leg_default();
        assert_eq!(plan.cycle_tenths(), 900);
        let starts: [(u8, u16); 8] = [
            (1, 0),
            (2, 140),
            (3, 500),
            (4, 620),
            (5, 0),
            (6, 140),
            (7, 500),
            (8, 620),
        ];
        for (p, s) in starts {
            assert_eq!(plan.start_tenths(p), Some(s), "phase {p}");
        }
        assert_eq!(plan.ring_of(9), None);
        assert_eq!(plan.ring_of(0), None);
    }

    #[test]
    fn off_grid_countdowns_bracket_the_change() {
        let sim = Simulator::new(Plan::four_leg_default());
        let s = sim.state_at(8_950);
        let c = s.phase(1).unwrap().countdown.unwrap();
        assert_eq!((c.min_tenths, c.max_tenths), (0, 1));
        assert_eq!(s.phase(1).unwrap().color, PhaseColor::Green);
        assert_eq!(
            sim.state_at(9_000).phase(1).unwrap().color,
            PhaseColor::Yellow
        );
    }

    #[test]
    fn huge_elapsed_does_not_overflow() {
        let sim = Simulator::new(Plan::four_leg_default()).starting_at(u32::MAX);
        let s = sim.state_at(u64::MAX);
        assert!(s.seconds_of_day < 86_400);
        assert!(s.phase(2).unwrap().countdown.is_some());
    }
}

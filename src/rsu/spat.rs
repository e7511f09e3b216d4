//! SPaT from signal-controller state: a validated phase -> signal-group [`MappingTable`]
//! and a sans-IO [`SpatGenerator`] that turns each [`SignalState`] (an NTCIP 1202 "SPaT
//! blob", see [`tscbm`](super::tscbm)) into a J2735 [`SPAT`] for one intersection.
//!
//! The generator has no clock and does no I/O: the caller gives it, per message, the latest
//! controller state, its own `now` (UTC milliseconds since the Unix epoch) and how old the
//! controller state is. It needs the `alloc` feature (the owned J2735 types).
//!
//! # Which SPaT API
//!
//! Use [`SpatGenerator`] when the signal states come from a signal controller (NTCIP 1202
//! phases, pedestrian phases and overlaps, as a [`SignalState`] from a TSCBM blob or from
//! the plan [`Simulator`](super::plan::Simulator)) and must be mapped to J2735 signal groups
//! message after message, with the edition's time rules, `revision` and stale input
//! handled. Use [`SpatBuilder`](crate::j2735::build::SpatBuilder) to write one SPaT from
//! per-signal-group states and times (seconds from `now`) you already have: a test, a
//! simulator of your own, a one-off message.
//!
//! # The mapping table
//!
//! Each [`SignalGroupMap`] names a J2735 `signalGroup` (1..=254), where its indication comes
//! from ([`Source`]: a vehicle phase, the pedestrian side of a phase, or an overlap, each
//! numbered 1..=16) and whether its movement is [`Protection::Protected`] (it has the right
//! of way: a green arrow, or a through movement with no conflicting flow),
//! [`Protection::Permissive`] (it must yield: a circular green for a left turn across
//! oncoming traffic) or [`Protection::ProtectedPermissive`] (a flashing-yellow-arrow head:
//! a green arrow in the protected interval, a flashing yellow arrow in the permissive one).
//! The protection is the deployment's statement about the movement; the blob cannot tell,
//! so nothing here assumes every green is permissive (or protected).
//!
//! Vehicle phases and overlaps (colour from the red/yellow/green masks, plus the flashing
//! bit), J2735 `MovementPhaseState` by protection:
//!
//! | controller shows | `Protected` | `Permissive` | `ProtectedPermissive` |
//! |---|---|---|---|
//! | green (steady or flashing) | protected-Movement-Allowed (6) | permissive-Movement-Allowed (5) | protected-Movement-Allowed (6) |
//! | yellow | protected-clearance (8) | permissive-clearance (7) | permissive-clearance (7) right after a permissive interval (5 or 7), else protected-clearance (8) |
//! | flashing yellow | caution-Conflicting-Traffic (9) | caution-Conflicting-Traffic (9) | permissive-Movement-Allowed (5) |
//! | red | stop-And-Remain (3) | stop-And-Remain (3) | stop-And-Remain (3) |
//! | flashing red | stop-Then-Proceed (2) | stop-Then-Proceed (2) | stop-Then-Proceed (2) |
//! | dark (no colour bit) | dark (1) | dark (1) | dark (1) |
//! | unknown (more than one colour bit) | unavailable (0) | unavailable (0) | unavailable (0) |
//!
//! Pedestrians (the walk / ped clear / don't-walk masks of the phase); a crossing is normally
//! `Protected`, `Permissive` being a walk with permitted conflicting turns;
//! `ProtectedPermissive` is refused for a pedestrian source:
//!
//! | controller shows | `Protected` | `Permissive` |
//! |---|---|---|
//! | walk | protected-Movement-Allowed (6) | permissive-Movement-Allowed (5) |
//! | ped clear (flashing don't walk) | protected-clearance (8) | permissive-clearance (7) |
//! | don't walk | stop-And-Remain (3) | stop-And-Remain (3) |
//! | dark | dark (1) | dark (1) |
//! | unknown | unavailable (0) | unavailable (0) |
//!
//! J2735 describes caution-Conflicting-Traffic as "flashing yellow, often used for extended
//! periods of time" (an intersection in flash) and permissive-Movement-Allowed as "proceed
//! with caution, must yield to all conflicting traffic", which is what a flashing yellow
//! arrow means; hence the `ProtectedPermissive` column. A blob has no red+yellow, so
//! pre-Movement (4) is never produced. Which yellow follows a flashing yellow arrow is not
//! in the blob: the generator remembers each group's last state (a yellow seen first, with
//! nothing before it, is protected-clearance).
//!
//! [`MappingTable::new`] refuses an empty table, a signal group listed twice, signal group 0
//! (J2735 "unknown") or 255 ("permanently green"), a phase, pedestrian or overlap number
//! outside 1..=16, and a `ProtectedPermissive` pedestrian, with a [`SpatError`]. Entries are
//! kept sorted by signal group (the order of the `MovementList`).
//!
//! # Times
//!
//! Every `TimeMark` of a message is computed from the one `now_utc_ms` given to
//! [`SpatGenerator::build`]: `utc_to_time_mark(now + countdown × 100 ms)`, which wraps at
//! the hour (10 s before 14:00, a change 15 s away is mark 50 of the next hour, never a
//! value past 35999). `moy`, `timeStamp` (and the SPaT's own `timeStamp`) come from the same
//! `now`. From each source's min and max countdown ([`timing_from_countdown`]):
//!
//! - `minEndTime` (required): `now + min`. A min of `0xFFFF` is unknown: 36111 (J2735-2020)
//!   or 36001 (J2735-2016, [`SpatConfig::edition`]). A min of an hour or more
//!   (36000..=65534 tenths) cannot be a mark in the hour: 36000 "more than an hour" under
//!   2016, unknown under 2020 (which has no such value).
//! - `maxEndTime`: `now + max`; **omitted** when max is `0xFFFF` (what controllers send for
//!   "no maximum known", e.g. the V2X Hub test blob for every phase: adding it to the mark
//!   is the known wrap defect), when max < min (inconsistent), and when max is an hour or
//!   more (36000 under 2016). Omitting an optional field says "not known" under both
//!   editions, where 36001 would be a leap second to a 2020 receiver.
//! - `likelyTime`: only when it is known, i.e. min == max (a fixed-time interval); the blob
//!   has no other estimate. `startTime`, `confidence`, `nextTime`: omitted.
//! - Dark and unavailable states carry no `timing`.
//!
//! Countdowns are taken as relative to `now` (the blob's age is not subtracted); the
//! staleness threshold bounds that error.
//!
//! # Staleness
//!
//! Never broadcast stale countdowns. If `input_age_ms` is `None` (no controller state, or its
//! age unknown) or above [`SpatConfig::max_input_age_ms`] (default
//! [`DEFAULT_MAX_INPUT_AGE_MS`], 300 ms: the same threshold as
//! [`LinkMonitor`](super::controller_link::LinkMonitor), a gap over 300 ms making the
//! controller link unhealthy, so the countdowns sent are never more than 0.3 s old), the [`Stale`] policy
//! applies: [`Stale::SetStatusBit`] (the default) sends the message with
//! `noValidSPATisAvailableAtThisTime` (bit 13 of `IntersectionStatusObject`) set and every
//! signal group `unavailable` with no `timing`; [`Stale::Silence`] produces nothing.
//!
//! # Revision
//!
//! `revision` (0..=127) is [`SpatConfig::initial_revision`] (default 0) at start and is
//! incremented (mod 128) only when the structure changes: [`SpatGenerator::set_table`] with
//! a table that differs from the current one, or [`SpatGenerator::bump_revision`] (for a
//! timing-plan change the caller learns of elsewhere). It is the same in every message
//! otherwise. The controller's status byte is not mapped to `status` (its bits are not
//! standardised across controllers); `status` is zero unless stale.
//!
//! ```
//! use cv2x::j2735::{MessageFrame, MovementPhaseState};
//! use cv2x::per::{Decode, Encode};
//! use cv2x::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatConfig, SpatGenerator};
//! use cv2x::rsu::tscbm::{Countdown, PhaseColor, SignalState};
//!
//! // Signal group 2: phase 2, protected; 102: phase 2's crosswalk; 4: phase 4, permissive.
//! let table = MappingTable::new([
//!     SignalGroupMap::protected(2, Source::Phase(2)),
//!     SignalGroupMap::protected(102, Source::Pedestrian(2)),
//!     SignalGroupMap::permissive(4, Source::Phase(4)),
//! ])?;
//! let mut gen = SpatGenerator::new(SpatConfig::new(1234, table))?;
//!
//! // Phase 2 green, 5.0 s to 12.0 s left; phase 4 red (the rest of the state is dark).
//! let mut state = SignalState::default();
//! state.phases[1].color = PhaseColor::Green;
//! state.phases[1].countdown = Some(Countdown { min_tenths: 50, max_tenths: 120 });
//! state.phases[3].color = PhaseColor::Red;
//!
//! let now = 1_700_002_790_000; // 22:59:50.000 UTC: 10 s before the hour
//! let spat = gen.build(&state, now, Some(40)).expect("fresh input");
//! let ix = &spat.intersections.0[0];
//! let sg2 = &ix.states.0[0].state_time_speed.0[0];
//! assert_eq!(sg2.event_state, MovementPhaseState::ProtectedMovementAllowed);
//! let t = sg2.timing.unwrap();
//! assert_eq!(t.min_end_time.0, 35_950); // 22:59:55.0, tenths within the hour
//! assert_eq!(t.max_end_time.unwrap().0, 20); // 23:00:02.0: wrapped into the next hour
//! // The list is in signal-group order: 2, 4, 102.
//! let sg4 = &ix.states.0[1];
//! assert_eq!(sg4.signal_group.0, 4);
//! assert_eq!(sg4.state_time_speed.0[0].event_state, MovementPhaseState::StopAndRemain);
//!
//! // It encodes, and the revision does not change from message to message.
//! let bytes = MessageFrame::from(spat.clone()).to_uper()?;
//! assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::from(spat));
//! assert_eq!(gen.revision(), 0);
//!
//! // Input 2 s old: the status bit, every group unavailable, no countdowns.
//! let stale = gen.build(&state, now + 2_000, Some(2_000)).unwrap();
//! assert!(stale.intersections.0[0].states.0.iter().all(|s| s.state_time_speed.0[0].timing.is_none()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::j2735::signal::time::{
    utc_to_dsecond, utc_to_minute_of_the_year, utc_to_time_mark, TimeMarkEdition,
    TIME_MARK_MORE_THAN_AN_HOUR_2016, TIME_MARK_UNKNOWN, TIME_MARK_UNKNOWN_2016,
};
use crate::j2735::{
    DescriptiveName, IntersectionID, IntersectionReferenceID, IntersectionState,
    IntersectionStateList, IntersectionStatusObject, MovementEvent, MovementEventList,
    MovementList, MovementPhaseState, MovementState, MsgCount, RoadRegulatorID, SignalGroupID,
    TimeChangeDetails, TimeMark, SPAT,
};
use crate::per::{BitString, SmallList};
use crate::rsu::tscbm::{Countdown, PedIndication, PhaseColor, SignalState};

/// The default staleness threshold: controller input older than this (ms) is stale. The
/// same as the controller link's silence timeout ([`super::controller_link::DEFAULT_TIMEOUT_MS`]).
pub const DEFAULT_MAX_INPUT_AGE_MS: u64 = super::controller_link::DEFAULT_TIMEOUT_MS;

/// The countdown value controllers send for "not known".
pub const COUNTDOWN_UNKNOWN: u16 = 0xFFFF;

/// A countdown of this many tenths or more (an hour) cannot be a `TimeMark` in the hour.
const HOUR_TENTHS: u16 = 36_000;

/// The largest `revision` (`MsgCount`, 0..=127).
pub const MAX_REVISION: u8 = 127;

/// `IntersectionStatusObject` with only `noValidSPATisAvailableAtThisTime` (bit 13) set, as
/// a 16-bit value, bit 0 being the most significant.
pub const STATUS_NO_VALID_SPAT: u16 =
    0x8000 >> IntersectionStatusObject::NO_VALID_SPA_TIS_AVAILABLE_AT_THIS_TIME;

/// Why a mapping table or a generator configuration was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum SpatError {
    /// The table has no entry (a `MovementList` holds 1..=255).
    #[error("the signal group mapping table is empty")]
    EmptyTable,
    /// The signal group is listed more than once.
    #[error("signal group {0} is mapped more than once")]
    DuplicateSignalGroup(u8),
    /// Signal group 0 (J2735: unknown) or 255 (permanently green) cannot be mapped.
    #[error("signal group {0} is reserved (0 unknown, 255 permanently green)")]
    ReservedSignalGroup(u8),
    /// A phase, pedestrian or overlap number outside 1..=16.
    #[error("signal group {signal_group}: source number {number} is outside 1..=16")]
    SourceOutOfRange {
        /// The entry's signal group.
        signal_group: u8,
        /// The number given.
        number: u8,
    },
    /// `ProtectedPermissive` given for a pedestrian source.
    #[error("signal group {0}: a pedestrian source cannot be protected-permissive")]
    ProtectedPermissivePedestrian(u8),
    /// The intersection name is not 1..=63 ASCII characters (`DescriptiveName`).
    #[error("the intersection name must be 1..=63 ASCII characters")]
    InvalidName,
    /// The initial revision is above 127.
    #[error("revision {0} is above 127")]
    RevisionOutOfRange(u8),
}

/// Where a signal group's indication comes from; numbers are 1..=16.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// A vehicle phase: the phase red/yellow/green masks, the flashing-phases mask and the
    /// block's vehicle countdown.
    Phase(u8),
    /// The pedestrian side of a phase: the walk / ped clear / don't-walk masks and the
    /// block's pedestrian countdown.
    Pedestrian(u8),
    /// An overlap: the overlap masks, the flashing-overlaps mask and the block's overlap
    /// countdown.
    Overlap(u8),
}

impl Source {
    /// The phase or overlap number.
    pub fn number(self) -> u8 {
        match self {
            Source::Phase(n) | Source::Pedestrian(n) | Source::Overlap(n) => n,
        }
    }
}

/// Whether a movement has the right of way when its source allows it to go (see the
/// [module documentation](self) for the full table).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protection {
    /// Green / walk is protected-Movement-Allowed (6); yellow / ped clear is
    /// protected-clearance (8).
    #[default]
    Protected,
    /// Green / walk is permissive-Movement-Allowed (5); yellow / ped clear is
    /// permissive-clearance (7).
    Permissive,
    /// A flashing-yellow-arrow head (vehicle sources only): green is protected (6), flashing
    /// yellow permissive (5), yellow protected (8) or permissive (7) clearance after a
    /// protected or permissive interval.
    ProtectedPermissive,
}

/// One row of the mapping table: a J2735 signal group, its source and its protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SignalGroupMap {
    /// The J2735 `signalGroup`, 1..=254.
    pub signal_group: u8,
    /// Where its indication and countdown come from.
    pub source: Source,
    /// Protected, permissive or protected-permissive.
    pub protection: Protection,
}

impl SignalGroupMap {
    /// A protected movement (or a crosswalk, for [`Source::Pedestrian`]).
    pub const fn protected(signal_group: u8, source: Source) -> Self {
        SignalGroupMap {
            signal_group,
            source,
            protection: Protection::Protected,
        }
    }

    /// A permissive movement.
    pub const fn permissive(signal_group: u8, source: Source) -> Self {
        SignalGroupMap {
            signal_group,
            source,
            protection: Protection::Permissive,
        }
    }

    /// A protected-permissive (flashing yellow arrow) movement.
    pub const fn protected_permissive(signal_group: u8, source: Source) -> Self {
        SignalGroupMap {
            signal_group,
            source,
            protection: Protection::ProtectedPermissive,
        }
    }

    /// The crosswalk of phase `phase`, protected.
    pub const fn pedestrian(signal_group: u8, phase: u8) -> Self {
        Self::protected(signal_group, Source::Pedestrian(phase))
    }

    fn validate(&self) -> Result<(), SpatError> {
        let sg = self.signal_group;
        if sg == 0 || sg == u8::MAX {
            return Err(SpatError::ReservedSignalGroup(sg));
        }
        let number = self.source.number();
        if !(1..=16).contains(&number) {
            return Err(SpatError::SourceOutOfRange {
                signal_group: sg,
                number,
            });
        }
        if matches!(self.source, Source::Pedestrian(_))
            && self.protection == Protection::ProtectedPermissive
        {
            return Err(SpatError::ProtectedPermissivePedestrian(sg));
        }
        Ok(())
    }
}

/// A validated phase -> signal-group table, sorted by signal group.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MappingTable {
    entries: Vec<SignalGroupMap>,
}

impl MappingTable {
    /// Checks and sorts the entries; see the [module documentation](self) for what is
    /// refused.
    ///
    /// ```
    /// use cv2x::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatError};
    /// let ok = MappingTable::new([
    ///     SignalGroupMap::protected(6, Source::Phase(6)),
    ///     SignalGroupMap::pedestrian(102, 2),
    ///     SignalGroupMap::protected_permissive(1, Source::Overlap(1)),
    /// ])?;
    /// let groups: Vec<u8> = ok.entries().iter().map(|e| e.signal_group).collect();
    /// assert_eq!(groups, [1, 6, 102]);
    ///
    /// let twice = [SignalGroupMap::protected(2, Source::Phase(2)), SignalGroupMap::pedestrian(2, 2)];
    /// assert_eq!(MappingTable::new(twice), Err(SpatError::DuplicateSignalGroup(2)));
    /// let bad = [SignalGroupMap::protected(17, Source::Phase(17))];
    /// assert_eq!(
    ///     MappingTable::new(bad),
    ///     Err(SpatError::SourceOutOfRange { signal_group: 17, number: 17 })
    /// );
    /// # Ok::<(), SpatError>(())
    /// ```
    pub fn new(entries: impl IntoIterator<Item = SignalGroupMap>) -> Result<Self, SpatError> {
        let mut entries: Vec<SignalGroupMap> = entries.into_iter().collect();
        for e in &entries {
            e.validate()?;
        }
        entries.sort_by_key(|e| e.signal_group);
        if let Some(w) = entries
            .windows(2)
            .find(|w| matches!(w, [a, b] if a.signal_group == b.signal_group))
        {
            let sg = w.first().map_or(0, |e| e.signal_group);
            return Err(SpatError::DuplicateSignalGroup(sg));
        }
        if entries.is_empty() {
            return Err(SpatError::EmptyTable);
        }
        Ok(MappingTable { entries })
    }

    /// The entries, sorted by signal group.
    pub fn entries(&self) -> &[SignalGroupMap] {
        &self.entries
    }

    /// The entry of signal group `signal_group`.
    pub fn get(&self, signal_group: u8) -> Option<&SignalGroupMap> {
        self.entries
            .binary_search_by_key(&signal_group, |e| e.signal_group)
            .ok()
            .and_then(|i| self.entries.get(i))
    }
}

/// The `MovementPhaseState` of a table entry in `state` (the tables of the
/// [module documentation](self)). `after_permissive` says whether the group's previous
/// state was permissive (5 or 7); it only matters for a `ProtectedPermissive` yellow.
///
/// ```
/// use cv2x::j2735::MovementPhaseState as S;
/// use cv2x::rsu::spat::{movement_phase_state, SignalGroupMap, Source};
/// use cv2x::rsu::tscbm::{PhaseColor, SignalState};
///
/// let mut state = SignalState::default();
/// state.phases[0].color = PhaseColor::Green;
/// let through = SignalGroupMap::protected(1, Source::Phase(1));
/// let left = SignalGroupMap::permissive(11, Source::Phase(1));
/// assert_eq!(movement_phase_state(&through, &state, false), S::ProtectedMovementAllowed);
/// assert_eq!(movement_phase_state(&left, &state, false), S::PermissiveMovementAllowed);
/// state.phases[0].color = PhaseColor::Red;
/// state.phases[0].flashing = true;
/// assert_eq!(movement_phase_state(&through, &state, false), S::StopThenProceed);
/// ```
pub fn movement_phase_state(
    entry: &SignalGroupMap,
    state: &SignalState,
    after_permissive: bool,
) -> MovementPhaseState {
    use MovementPhaseState as S;
    use Protection as P;
    let signal = match entry.source {
        Source::Phase(n) => state.phase(n),
        Source::Overlap(n) => state.overlap(n),
        Source::Pedestrian(n) => {
            return match (state.ped(n).map(|p| p.indication), entry.protection) {
                (Some(PedIndication::Walk), P::Permissive) => S::PermissiveMovementAllowed,
                (Some(PedIndication::Walk), _) => S::ProtectedMovementAllowed,
                (Some(PedIndication::PedClear), P::Permissive) => S::PermissiveClearance,
                (Some(PedIndication::PedClear), _) => S::ProtectedClearance,
                (Some(PedIndication::DontWalk), _) => S::StopAndRemain,
                (Some(PedIndication::Dark), _) => S::Dark,
                (Some(PedIndication::Unknown), _) | (None, _) => S::Unavailable,
            }
        }
    };
    let Some(signal) = signal else {
        return S::Unavailable;
    };
    match (signal.color, signal.flashing, entry.protection) {
        (PhaseColor::Green, _, P::Permissive) => S::PermissiveMovementAllowed,
        (PhaseColor::Green, _, _) => S::ProtectedMovementAllowed,
        (PhaseColor::Yellow, true, P::ProtectedPermissive) => S::PermissiveMovementAllowed,
        (PhaseColor::Yellow, true, _) => S::CautionConflictingTraffic,
        (PhaseColor::Yellow, false, P::Permissive) => S::PermissiveClearance,
        (PhaseColor::Yellow, false, P::ProtectedPermissive) if after_permissive => {
            S::PermissiveClearance
        }
        (PhaseColor::Yellow, false, _) => S::ProtectedClearance,
        (PhaseColor::Red, true, _) => S::StopThenProceed,
        (PhaseColor::Red, false, _) => S::StopAndRemain,
        (PhaseColor::Dark, _, _) => S::Dark,
        (PhaseColor::Unknown, _, _) => S::Unavailable,
    }
}

/// The countdown of a table entry's source in `state` (vehicle, pedestrian or overlap).
pub fn source_countdown(source: Source, state: &SignalState) -> Option<Countdown> {
    match source {
        Source::Phase(n) => state.phase(n)?.countdown,
        Source::Pedestrian(n) => state.ped(n)?.countdown,
        Source::Overlap(n) => state.overlap(n)?.countdown,
    }
}

/// What a countdown says about an end time.
enum End {
    At(TimeMark),
    MoreThanAnHour,
    Unknown,
}

fn end(tenths: u16, now_utc_ms: u64) -> End {
    match tenths {
        COUNTDOWN_UNKNOWN => End::Unknown,
        t if t >= HOUR_TENTHS => End::MoreThanAnHour,
        t => End::At(utc_to_time_mark(
            now_utc_ms.saturating_add(u64::from(t).saturating_mul(100)),
        )),
    }
}

fn unknown_mark(edition: TimeMarkEdition) -> TimeMark {
    match edition {
        TimeMarkEdition::J2735_2016 => TimeMark(TIME_MARK_UNKNOWN_2016),
        TimeMarkEdition::J2735_2020 => TimeMark(TIME_MARK_UNKNOWN),
    }
}

/// `TimeChangeDetails` from a min/max countdown (tenths of a second from `now_utc_ms`),
/// following the rules of the [module documentation](self#times).
///
/// ```
/// use cv2x::j2735::signal::time::TimeMarkEdition;
/// use cv2x::rsu::spat::timing_from_countdown;
/// use cv2x::rsu::tscbm::Countdown;
///
/// let now = 1_700_002_790_000; // 22:59:50.000 UTC
/// let e = TimeMarkEdition::J2735_2020;
/// let t = timing_from_countdown(Countdown { min_tenths: 40, max_tenths: 0xFFFF }, now, e);
/// assert_eq!(t.min_end_time.0, 35_940); // 22:59:54.0
/// assert_eq!(t.max_end_time, None); // 0xFFFF: no maximum known
/// let t = timing_from_countdown(Countdown { min_tenths: 150, max_tenths: 150 }, now, e);
/// assert_eq!((t.min_end_time.0, t.likely_time.unwrap().0), (50, 50)); // next hour
/// ```
pub fn timing_from_countdown(
    countdown: Countdown,
    now_utc_ms: u64,
    edition: TimeMarkEdition,
) -> TimeChangeDetails {
    let Countdown {
        min_tenths,
        max_tenths,
    } = countdown;
    let more_than_an_hour = match edition {
        TimeMarkEdition::J2735_2016 => Some(TimeMark(TIME_MARK_MORE_THAN_AN_HOUR_2016)),
        TimeMarkEdition::J2735_2020 => None,
    };
    let min_end_time = match end(min_tenths, now_utc_ms) {
        End::At(m) => m,
        End::MoreThanAnHour => more_than_an_hour.unwrap_or(unknown_mark(edition)),
        End::Unknown => unknown_mark(edition),
    };
    let inconsistent = min_tenths != COUNTDOWN_UNKNOWN && max_tenths < min_tenths;
    let max_end_time = match end(max_tenths, now_utc_ms) {
        _ if inconsistent => None,
        End::At(m) => Some(m),
        End::MoreThanAnHour => more_than_an_hour,
        End::Unknown => None,
    };
    let likely_time = match end(min_tenths, now_utc_ms) {
        End::At(m) if min_tenths == max_tenths => Some(m),
        _ => None,
    };
    TimeChangeDetails {
        start_time: None,
        min_end_time,
        max_end_time,
        likely_time,
        confidence: None,
        next_time: None,
    }
}

/// What to do when the controller input is stale (see the [module documentation](self#staleness)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Stale {
    /// Send the SPaT with `noValidSPATisAvailableAtThisTime` set and every signal group
    /// `unavailable`, without `timing`.
    #[default]
    SetStatusBit,
    /// Send nothing: [`SpatGenerator::build`] returns `None`.
    Silence,
}

/// How a [`SpatGenerator`] builds its messages. Start from [`SpatConfig::new`] and set
/// the fields to change.
#[derive(Clone, Debug, PartialEq)]
pub struct SpatConfig {
    /// The `IntersectionID`.
    pub intersection_id: u16,
    /// The `RoadRegulatorID` of the intersection reference, if any.
    pub region: Option<u16>,
    /// The intersection's `name` (1..=63 ASCII characters), if any.
    pub name: Option<String>,
    /// The phase -> signal-group table.
    pub table: MappingTable,
    /// What to send when the input is stale. Default [`Stale::SetStatusBit`].
    pub stale: Stale,
    /// Input older than this (ms) is stale. Default [`DEFAULT_MAX_INPUT_AGE_MS`] (300).
    pub max_input_age_ms: u64,
    /// The first `revision` (0..=127). Default 0.
    pub initial_revision: u8,
    /// Which edition's special `TimeMark` values to send (unknown: 36111 or 36001). Default
    /// J2735-2020, the crate's edition.
    pub edition: TimeMarkEdition,
}

impl SpatConfig {
    /// Intersection `intersection_id` with the given table and every default.
    pub fn new(intersection_id: u16, table: MappingTable) -> Self {
        SpatConfig {
            intersection_id,
            region: None,
            name: None,
            table,
            stale: Stale::default(),
            max_input_age_ms: DEFAULT_MAX_INPUT_AGE_MS,
            initial_revision: 0,
            edition: TimeMarkEdition::default(),
        }
    }
}

/// Builds one intersection's SPaT from each controller snapshot; sans-IO, no clock of its
/// own. See the [module documentation](self) for the mapping, the times, staleness and
/// `revision`, and an example.
#[derive(Clone, Debug)]
pub struct SpatGenerator {
    config: SpatConfig,
    revision: u8,
    /// The last state sent for each table entry (same order).
    last: Vec<MovementPhaseState>,
}

impl SpatGenerator {
    /// Checks the configuration (the name, the initial revision) and makes a generator.
    pub fn new(config: SpatConfig) -> Result<Self, SpatError> {
        if let Some(name) = &config.name {
            if name.is_empty() || name.len() > 63 || !name.is_ascii() {
                return Err(SpatError::InvalidName);
            }
        }
        if config.initial_revision > MAX_REVISION {
            return Err(SpatError::RevisionOutOfRange(config.initial_revision));
        }
        let last = Self::fresh_history(&config.table);
        Ok(SpatGenerator {
            revision: config.initial_revision,
            config,
            last,
        })
    }

    fn fresh_history(table: &MappingTable) -> Vec<MovementPhaseState> {
        alloc::vec![MovementPhaseState::Unavailable; table.entries().len()]
    }

    /// The configuration (its `table` and `initial_revision` as given at construction; the
    /// current table is [`SpatGenerator::table`]).
    pub fn config(&self) -> &SpatConfig {
        &self.config
    }

    /// The current mapping table.
    pub fn table(&self) -> &MappingTable {
        &self.config.table
    }

    /// The `revision` every message carries now.
    pub fn revision(&self) -> u8 {
        self.revision
    }

    /// Replaces the mapping table. If it differs from the current one, `revision` is
    /// incremented (mod 128) and `true` returned; the same table again changes nothing.
    pub fn set_table(&mut self, table: MappingTable) -> bool {
        if table == self.config.table {
            return false;
        }
        self.last = Self::fresh_history(&table);
        self.config.table = table;
        self.bump_revision();
        true
    }

    /// Increments `revision` (mod 128): for a signal timing plan change the caller learns of
    /// by other means.
    pub fn bump_revision(&mut self) {
        self.revision = if self.revision >= MAX_REVISION {
            0
        } else {
            self.revision.saturating_add(1)
        };
    }

    /// Whether input `input_age_ms` old is stale: `None` (no input, or age unknown) or more
    /// than [`SpatConfig::max_input_age_ms`].
    pub fn is_stale(&self, input_age_ms: Option<u64>) -> bool {
        input_age_ms.is_none_or(|age| age > self.config.max_input_age_ms)
    }

    /// The SPaT for `state` at `now_utc_ms` (ms since the Unix epoch, UTC), or `None` when
    /// the input is stale under [`Stale::Silence`]. `input_age_ms` is how long ago `state`
    /// was received (`None` if there is none).
    ///
    /// The message always encodes: every value is within its constraint.
    pub fn build(
        &mut self,
        state: &SignalState,
        now_utc_ms: u64,
        input_age_ms: Option<u64>,
    ) -> Option<SPAT> {
        let stale = self.is_stale(input_age_ms);
        if stale {
            self.last.fill(MovementPhaseState::Unavailable);
            if self.config.stale == Stale::Silence {
                return None;
            }
        }
        let edition = self.config.edition;
        let states: Vec<MovementState> = self
            .config
            .table
            .entries
            .iter()
            .zip(self.last.iter_mut())
            .map(|(entry, last)| {
                let (event_state, timing) = if stale {
                    (MovementPhaseState::Unavailable, None)
                } else {
                    let after_permissive = matches!(
                        *last,
                        MovementPhaseState::PermissiveMovementAllowed
                            | MovementPhaseState::PermissiveClearance
                    );
                    let s = movement_phase_state(entry, state, after_permissive);
                    let timing = match s {
                        MovementPhaseState::Dark | MovementPhaseState::Unavailable => None,
                        _ => source_countdown(entry.source, state)
                            .map(|c| timing_from_countdown(c, now_utc_ms, edition)),
                    };
                    (s, timing)
                };
                *last = event_state;
                MovementState {
                    movement_name: None,
                    signal_group: SignalGroupID(entry.signal_group),
                    state_time_speed: MovementEventList(SmallList::one(MovementEvent {
                        event_state,
                        timing,
                        speeds: None,
                        regional: None,
                        ext: None,
                    })),
                    maneuver_assist_list: None,
                    regional: None,
                    ext: None,
                }
            })
            .collect();
        let status = if stale { STATUS_NO_VALID_SPAT } else { 0 };
        let intersection = IntersectionState {
            name: self.config.name.clone().map(DescriptiveName),
            id: IntersectionReferenceID {
                region: self.config.region.map(RoadRegulatorID),
                id: IntersectionID(self.config.intersection_id),
            },
            revision: MsgCount(self.revision),
            status: IntersectionStatusObject(BitString::from_u64(u64::from(status), 16)),
            moy: Some(utc_to_minute_of_the_year(now_utc_ms)),
            time_stamp: Some(utc_to_dsecond(now_utc_ms)),
            enabled_lanes: None,
            states: MovementList(states),
            maneuver_assist_list: None,
            regional: None,
            road_authority_id: None,
            ext: None,
        };
        Some(SPAT {
            time_stamp: Some(utc_to_minute_of_the_year(now_utc_ms)),
            name: None,
            intersections: IntersectionStateList(alloc::vec![intersection]),
            regional: None,
            ext: None,
        })
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::j2735::signal::time::seconds_until;
    use crate::j2735::MovementPhaseState as S;
    use crate::per::{Decode, Encode};

    const NOW: u64 = 1_700_002_790_000; // 2023-11-14T22:59:50.000Z

    fn with_phase(color: PhaseColor, flashing: bool) -> SignalState {
        let mut s = SignalState::default();
        s.phases[0].color = color;
        s.phases[0].flashing = flashing;
        s.overlaps[0].color = color;
        s.overlaps[0].flashing = flashing;
        s
    }

    #[test]
    fn vehicle_table() {
        use PhaseColor::*;
        // (colour, flashing) -> [Protected, Permissive, ProtectedPermissive]
        let rows = [
            (
                (Green, false),
                [
                    S::ProtectedMovementAllowed,
                    S::PermissiveMovementAllowed,
                    S::ProtectedMovementAllowed,
                ],
            ),
            (
                (Green, true),
                [
                    S::ProtectedMovementAllowed,
                    S::PermissiveMovementAllowed,
                    S::ProtectedMovementAllowed,
                ],
            ),
            (
                (Yellow, false),
                [
                    S::ProtectedClearance,
                    S::PermissiveClearance,
                    S::ProtectedClearance,
                ],
            ),
            (
                (Yellow, true),
                [
                    S::CautionConflictingTraffic,
                    S::CautionConflictingTraffic,
                    S::PermissiveMovementAllowed,
                ],
            ),
            ((Red, false), [S::StopAndRemain; 3]),
            ((Red, true), [S::StopThenProceed; 3]),
            ((Dark, false), [S::Dark; 3]),
            ((Dark, true), [S::Dark; 3]),
            ((Unknown, false), [S::Unavailable; 3]),
        ];
        for ((color, flashing), want) in rows {
            let state = with_phase(color, flashing);
            for source in [Source::Phase(1), Source::Overlap(1)] {
                let maps = [
                    SignalGroupMap::protected(1, source),
                    SignalGroupMap::permissive(1, source),
                    SignalGroupMap::protected_permissive(1, source),
                ];
                for (m, w) in maps.iter().zip(want) {
                    assert_eq!(
                        movement_phase_state(m, &state, false),
                        w,
                        "{color:?} {flashing} {m:?}"
                    );
                }
            }
        }
        // A protected-permissive yellow after the permissive interval.
        let pp = SignalGroupMap::protected_permissive(1, Source::Phase(1));
        let yellow = with_phase(Yellow, false);
        assert_eq!(
            movement_phase_state(&pp, &yellow, true),
            S::PermissiveClearance
        );
        let prot = SignalGroupMap::protected(1, Source::Phase(1));
        assert_eq!(
            movement_phase_state(&prot, &yellow, true),
            S::ProtectedClearance
        );
    }

    #[test]
    fn pedestrian_table() {
        use PedIndication::*;
        let rows = [
            (
                Walk,
                [S::ProtectedMovementAllowed, S::PermissiveMovementAllowed],
            ),
            (PedClear, [S::ProtectedClearance, S::PermissiveClearance]),
            (DontWalk, [S::StopAndRemain; 2]),
            (Dark, [S::Dark; 2]),
            (Unknown, [S::Unavailable; 2]),
        ];
        for (ind, want) in rows {
            let mut state = SignalState::default();
            state.peds[15].indication = ind;
            let maps = [
                SignalGroupMap::pedestrian(116, 16),
                SignalGroupMap::permissive(116, Source::Pedestrian(16)),
            ];
            for (m, w) in maps.iter().zip(want) {
                assert_eq!(movement_phase_state(m, &state, false), w);
            }
        }
    }

    #[test]
    fn table_validation() {
        use SpatError::*;
        let p = |sg, n| SignalGroupMap::protected(sg, Source::Phase(n));
        assert_eq!(MappingTable::new([]), Err(EmptyTable));
        assert_eq!(
            MappingTable::new([p(1, 1), p(3, 3), p(1, 2)]),
            Err(DuplicateSignalGroup(1))
        );
        assert_eq!(MappingTable::new([p(0, 1)]), Err(ReservedSignalGroup(0)));
        assert_eq!(
            MappingTable::new([p(255, 1)]),
            Err(ReservedSignalGroup(255))
        );
        assert_eq!(
            MappingTable::new([p(1, 0)]),
            Err(SourceOutOfRange {
                signal_group: 1,
                number: 0
            })
        );
        assert_eq!(
            MappingTable::new([SignalGroupMap::protected(9, Source::Overlap(17))]),
            Err(SourceOutOfRange {
                signal_group: 9,
                number: 17
            })
        );
        assert_eq!(
            MappingTable::new([SignalGroupMap::protected_permissive(
                102,
                Source::Pedestrian(2)
            )]),
            Err(ProtectedPermissivePedestrian(102))
        );
        let t = MappingTable::new([p(16, 16), p(1, 1), p(254, 2)]).unwrap();
        assert_eq!(t.get(254).unwrap().source, Source::Phase(2));
        assert_eq!(t.get(2), None);
        assert_eq!(t.entries()[0].signal_group, 1);

        let mut cfg = SpatConfig::new(1, t);
        cfg.name = Some(String::new());
        assert_eq!(SpatGenerator::new(cfg.clone()).unwrap_err(), InvalidName);
        cfg.name = Some("x".repeat(64));
        assert_eq!(SpatGenerator::new(cfg.clone()).unwrap_err(), InvalidName);
        cfg.name = Some("Caf\u{e9}".into());
        assert_eq!(SpatGenerator::new(cfg.clone()).unwrap_err(), InvalidName);
        cfg.name = Some("x".repeat(63));
        cfg.initial_revision = 128;
        assert_eq!(
            SpatGenerator::new(cfg.clone()).unwrap_err(),
            RevisionOutOfRange(128)
        );
        cfg.initial_revision = 127;
        let mut g = SpatGenerator::new(cfg).unwrap();
        g.bump_revision();
        assert_eq!(g.revision(), 0);
    }

    #[test]
    fn timing_rules() {
        let e20 = TimeMarkEdition::J2735_2020;
        let e16 = TimeMarkEdition::J2735_2016;
        let cd = |min_tenths, max_tenths| Countdown {
            min_tenths,
            max_tenths,
        };
        // 22:59:50.0 is mark 35900; a change 15 s away is 50 into the next hour.
        let t = timing_from_countdown(cd(0, 150), NOW, e20);
        assert_eq!((t.min_end_time.0, t.max_end_time.unwrap().0), (35_900, 50));
        assert_eq!(t.likely_time, None);
        assert_eq!(seconds_until(t.max_end_time.unwrap(), NOW), Some(15.0));
        // Exactly at the hour: 0, never 36000.
        let t = timing_from_countdown(cd(100, 100), NOW, e20);
        assert_eq!((t.min_end_time.0, t.max_end_time.unwrap().0), (0, 0));
        assert_eq!(t.likely_time.unwrap().0, 0);
        // 0xFFFF max: omitted (V2X Hub's defect gave (mark + 65535) % 36000).
        let t = timing_from_countdown(cd(40, 0xFFFF), NOW, e20);
        assert_eq!((t.min_end_time.0, t.max_end_time), (35_940, None));
        // Unknown min.
        assert_eq!(
            timing_from_countdown(cd(0xFFFF, 0xFFFF), NOW, e20)
                .min_end_time
                .0,
            36_111
        );
        assert_eq!(
            timing_from_countdown(cd(0xFFFF, 0xFFFF), NOW, e16)
                .min_end_time
                .0,
            36_001
        );
        let t = timing_from_countdown(cd(0xFFFF, 20), NOW, e20);
        assert_eq!(t.max_end_time.unwrap().0, 35_920);
        // An hour or more.
        let t = timing_from_countdown(cd(36_000, 40_000), NOW, e20);
        assert_eq!((t.min_end_time.0, t.max_end_time), (36_111, None));
        let t = timing_from_countdown(cd(36_000, 40_000), NOW, e16);
        assert_eq!(
            (t.min_end_time.0, t.max_end_time.unwrap().0),
            (36_000, 36_000)
        );
        let t = timing_from_countdown(cd(10, 36_000), NOW, e20);
        assert_eq!((t.min_end_time.0, t.max_end_time), (35_910, None));
        // 3599.9 s: the largest in-hour countdown, one tenth before now's mark.
        let t = timing_from_countdown(cd(35_999, 35_999), NOW, e20);
        assert_eq!(t.min_end_time.0, 35_899);
        // max < min: inconsistent, omitted.
        assert_eq!(
            timing_from_countdown(cd(50, 10), NOW, e20).max_end_time,
            None
        );
        // Rounding: now at .950 s rounds to the next tenth, consistently.
        let t = timing_from_countdown(cd(0, 10), NOW + 950, e20);
        assert_eq!(
            (t.min_end_time.0, t.max_end_time.unwrap().0),
            (35_910, 35_920)
        );
    }

    fn generator(stale: Stale) -> SpatGenerator {
        let table = MappingTable::new([
            SignalGroupMap::protected_permissive(1, Source::Phase(1)),
            SignalGroupMap::protected(2, Source::Phase(2)),
            SignalGroupMap::pedestrian(102, 2),
        ])
        .unwrap();
        let mut cfg = SpatConfig::new(42, table);
        cfg.region = Some(7);
        cfg.name = Some("Main & 1st".into());
        cfg.stale = stale;
        SpatGenerator::new(cfg).unwrap()
    }

    fn events(spat: &SPAT) -> Vec<(u8, MovementEvent)> {
        spat.intersections.0[0]
            .states
            .0
            .iter()
            .map(|m| (m.signal_group.0, m.state_time_speed.0[0].clone()))
            .collect()
    }

    #[test]
    fn build_fresh_and_stale() {
        let mut g = generator(Stale::SetStatusBit);
        let mut state = SignalState::default();
        state.phases[0].color = PhaseColor::Yellow;
        state.phases[0].flashing = true;
        state.phases[0].countdown = Some(Countdown {
            min_tenths: 30,
            max_tenths: 30,
        });
        state.phases[1].color = PhaseColor::Green;
        state.phases[1].countdown = Some(Countdown {
            min_tenths: 0,
            max_tenths: 0xFFFF,
        });
        state.peds[1].indication = PedIndication::Walk;
        state.peds[1].countdown = None;

        let spat = g.build(&state, NOW, Some(0)).unwrap();
        let again = SPAT::from_uper(&spat.to_uper().unwrap()).unwrap();
        assert_eq!(again, spat);
        let ix = &spat.intersections.0[0];
        assert_eq!(ix.id.id.0, 42);
        assert_eq!(ix.id.region.unwrap().0, 7);
        assert_eq!(ix.name.as_ref().unwrap().0, "Main & 1st");
        assert_eq!(ix.status.0.as_bytes(), [0, 0]);
        assert_eq!(ix.time_stamp.unwrap().0, 50_000);
        assert_eq!(ix.moy, spat.time_stamp);
        let ev = events(&spat);
        assert_eq!(ev[0].0, 1);
        assert_eq!(ev[0].1.event_state, S::PermissiveMovementAllowed);
        let t = ev[0].1.timing.unwrap();
        assert_eq!(
            (t.min_end_time.0, t.likely_time.unwrap().0),
            (35_930, 35_930)
        );
        assert_eq!(ev[1].1.event_state, S::ProtectedMovementAllowed);
        assert_eq!(ev[1].1.timing.unwrap().max_end_time, None);
        assert_eq!(ev[2].1.event_state, S::ProtectedMovementAllowed);
        assert_eq!(ev[2].1.timing, None); // no countdown for the crosswalk

        // The FYA turns solid yellow: permissive clearance, as it follows a permissive interval.
        state.phases[0].flashing = false;
        let spat = g.build(&state, NOW + 100, Some(100)).unwrap();
        assert_eq!(events(&spat)[0].1.event_state, S::PermissiveClearance);

        // Stale: the bit, unavailable, no timing; the history is forgotten.
        for age in [Some(301), None] {
            let spat = g.build(&state, NOW + 200, age).unwrap();
            let ix = &spat.intersections.0[0];
            assert_eq!(ix.status.0.as_bytes(), [0x00, 0x04]);
            assert_eq!(STATUS_NO_VALID_SPAT, 0x0004);
            for (_, e) in events(&spat) {
                assert_eq!((e.event_state, e.timing), (S::Unavailable, None));
            }
            spat.to_uper().unwrap();
        }
        let spat = g.build(&state, NOW + 300, Some(300)).unwrap();
        assert_eq!(events(&spat)[0].1.event_state, S::ProtectedClearance);
        assert_eq!(spat.intersections.0[0].revision.0, 0);

        let mut quiet = generator(Stale::Silence);
        assert!(quiet.build(&state, NOW, Some(1_000)).is_none());
        assert!(quiet.build(&state, NOW, None).is_none());
        assert!(quiet.build(&state, NOW, Some(300)).is_some());
    }

    #[test]
    fn revision_follows_the_table() {
        let mut g = generator(Stale::SetStatusBit);
        let state = SignalState::default();
        let r0 = g.build(&state, NOW, Some(0)).unwrap().intersections.0[0].revision;
        let r1 = g.build(&state, NOW + 100, Some(0)).unwrap().intersections.0[0].revision;
        assert_eq!((r0.0, r1.0), (0, 0));
        assert!(!g.set_table(g.table().clone()));
        assert_eq!(g.revision(), 0);
        let mut entries = g.table().entries().to_vec();
        entries[1].protection = Protection::Permissive;
        assert!(g.set_table(MappingTable::new(entries).unwrap()));
        assert_eq!(g.revision(), 1);
        let spat = g.build(&state, NOW + 200, Some(0)).unwrap();
        assert_eq!(spat.intersections.0[0].revision.0, 1);
        // Reordered entries are the same table.
        let mut entries = g.table().entries().to_vec();
        entries.reverse();
        assert!(!g.set_table(MappingTable::new(entries).unwrap()));
        for _ in 0..127 {
            g.bump_revision();
        }
        assert_eq!(g.revision(), 0);
    }
}

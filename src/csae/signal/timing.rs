//! A phase's predicted light states, read as "the light now, seconds to change, seconds to
//! green" (YD/T 3709 §5.2.4, as summarised in `CHINA-FACTS.md` §6).
//!
//! A CSAE phase lists its **whole predicted sequence** of light states, each with its
//! timing, one of:
//!
//! - `counting`: tenths of a second **from the message's time** (the reference, see
//!   [`TimeReference`]): `startTime` 0 for the state that is on, and the end times are until
//!   the state next ends, whether it has started or not (2019 draft and 2020;
//!   [`CountingRule::FromReference`]). T/CSAE 53-2017 used the same names with another
//!   meaning for a state not yet started: its end times are durations from its start
//!   ([`CountingRule::DurationOfFuture`]).
//! - `utcTiming`: `TimeMark`s, tenths of a second within the UTC hour (0..=35999; 35991..=35999
//!   also serve during a leap second and are read as ordinary times). A start is taken in
//!   the hour nearest to now (30 minutes either way), an end in the first hour after its
//!   start, so a state from 59:55 to 00:05 wraps into the next hour.
//!
//! Either way 36000 means "more than an hour" and 36001 "unknown".
//!
//! [`evaluate`] finds the **active** state (started, not yet ended; when several are, the
//! one ending first), its light and the seconds to its likely, earliest and latest end, the
//! next state, and the seconds to the next green: 0 under a green ([`Light::is_go`]), else
//! the earliest start of a green state; with no green listed, at least until the active
//! state ends. Time elapsed since the reference is subtracted.
//!
//! Senders do not all follow the standard: a Hisense RSU (2020) sends a yellow and a red
//! that both start in 3.0 s and "end" in 3.0 s. [`evaluate`] reports such timing as
//! [`TimingIssue`]s instead of trusting it, and trusts the active countdown over a
//! predicted state that contradicts it.
//!
//! ```
//! use cv2x::csae::signal::{evaluate, CountingRule, Light, PredictedState, Timing, ToGreen};
//!
//! // Red for 12.5 s more, then green from 12.5 s to 40 s, then yellow.
//! let states = [
//!     PredictedState { light: Light::Red, timing: Some(Timing::counting(0, 125)) },
//!     PredictedState { light: Light::Green { protected: true }, timing: Some(Timing::counting(125, 400)) },
//!     PredictedState { light: Light::Yellow, timing: Some(Timing::counting(400, 430)) },
//! ];
//! // Evaluated 2.5 s after the message's time.
//! let s = evaluate(&states, CountingRule::FromReference, 1_000_000, 1_002_500);
//! assert_eq!(s.light, Light::Red);
//! assert_eq!(s.seconds_to_change.seconds(), Some(10.0));
//! assert_eq!(s.to_green, ToGreen::In(10.0));
//! assert!(s.issues.is_empty());
//! ```

use alloc::vec::Vec;
use core::fmt;

use super::model::{CsaeIntersection, CsaePhase, CsaeSpat};
use super::Light;
use crate::csae::v2020::{
    DSecond, MinuteOfTheYear, NodeReferenceID, PhaseState, TimeChangeDetails,
};
use crate::j2735::signal::time::moy_dsecond_to_utc;

/// Tenths of a second in an hour.
pub const TENTHS_PER_HOUR: u16 = 36_000;
/// `TimeMark` 36000: more than an hour.
pub const TIME_MARK_MORE_THAN_AN_HOUR: u16 = 36_000;
/// `TimeMark` 36001: unknown.
pub const TIME_MARK_UNKNOWN: u16 = 36_001;

const HOUR_MS: i64 = 3_600_000;
/// How far ahead of the receiver's clock a message's time may be before it is reported.
const SKEW_MS: i64 = 1_000;

/// How `counting` end times are read (see the [module docs](self)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CountingRule {
    /// 2019 draft and 2020: every end time counts from the reference.
    #[default]
    FromReference,
    /// 2017: the end times of a state not yet started are durations from its start.
    DurationOfFuture,
}

/// The timing of one predicted state as sent (tenths of a second or `TimeMark`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timing {
    /// `counting`: tenths of a second from the reference.
    Counting {
        /// `startTime` (0: already on).
        start: u16,
        /// `minEndTime`.
        min_end: Option<u16>,
        /// `maxEndTime`.
        max_end: Option<u16>,
        /// `likelyEndTime`.
        likely_end: u16,
    },
    /// `utcTiming`: tenths of a second within the UTC hour.
    Utc {
        /// `startUTCTime`.
        start: u16,
        /// `minEndUTCTime`.
        min_end: Option<u16>,
        /// `maxEndUTCTime`.
        max_end: Option<u16>,
        /// `likelyEndUTCTime`.
        likely_end: u16,
    },
}

impl Timing {
    /// `counting` with only a start and a likely end.
    pub fn counting(start: u16, likely_end: u16) -> Self {
        Timing::Counting {
            start,
            min_end: None,
            max_end: None,
            likely_end,
        }
    }

    /// `utcTiming` with only a start and a likely end.
    pub fn utc(start: u16, likely_end: u16) -> Self {
        Timing::Utc {
            start,
            min_end: None,
            max_end: None,
            likely_end,
        }
    }
}

/// One state of a phase's predicted sequence, in no edition's types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PredictedState {
    /// The light.
    pub light: Light,
    /// Its timing; `None` when not sent or of a kind this crate does not know.
    pub timing: Option<Timing>,
}

impl From<&PhaseState> for PredictedState {
    /// A 2019-draft or 2020 `PhaseState`.
    fn from(s: &PhaseState) -> Self {
        let timing = match &s.timing {
            Some(TimeChangeDetails::Counting(c)) => Some(Timing::Counting {
                start: c.start_time.0,
                min_end: c.min_end_time.map(|t| t.0),
                max_end: c.max_end_time.map(|t| t.0),
                likely_end: c.likely_end_time.0,
            }),
            Some(TimeChangeDetails::UtcTiming(u)) => Some(Timing::Utc {
                start: u.start_utc_time.0,
                min_end: u.min_end_utc_time.map(|t| t.0),
                max_end: u.max_end_utc_time.map(|t| t.0),
                likely_end: u.likely_end_utc_time.0,
            }),
            Some(TimeChangeDetails::Unknown(_)) | None => None,
        };
        PredictedState {
            light: s.light.into(),
            timing,
        }
    }
}

/// A time from now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Countdown {
    /// In this many seconds (negative: that long ago).
    In(f64),
    /// More than an hour away (`TimeMark` 36000).
    MoreThanAnHour,
    /// Not known: not sent, 36001, or not to be trusted (see the issues).
    Unknown,
}

impl Countdown {
    /// The seconds, for [`Countdown::In`].
    pub fn seconds(self) -> Option<f64> {
        match self {
            Countdown::In(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Countdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Countdown::In(s) => write!(f, "{s:.1} s"),
            Countdown::MoreThanAnHour => f.write_str("more than an hour"),
            Countdown::Unknown => f.write_str("unknown"),
        }
    }
}

/// Time to the next green.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ToGreen {
    /// The light is a green now.
    Now,
    /// A green is predicted to start in this many seconds.
    In(f64),
    /// No green is predicted: not before this many seconds (when the active state ends).
    AtLeast(f64),
    /// Nothing is known.
    Unknown,
}

impl ToGreen {
    /// Seconds to green when known (0 under a green); `None` for a lower bound or unknown.
    pub fn seconds(self) -> Option<f64> {
        match self {
            ToGreen::Now => Some(0.0),
            ToGreen::In(s) => Some(s),
            ToGreen::AtLeast(_) | ToGreen::Unknown => None,
        }
    }
}

impl fmt::Display for ToGreen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToGreen::Now => f.write_str("now"),
            ToGreen::In(s) => write!(f, "in {s:.1} s"),
            ToGreen::AtLeast(s) => write!(f, "in at least {s:.1} s"),
            ToGreen::Unknown => f.write_str("unknown"),
        }
    }
}

/// Timing a phase sends that is not to be trusted. `state` is an index into the phase's
/// states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimingIssue {
    /// No state is on: none has started (no `startTime` 0, no UTC start before now).
    NoActiveState,
    /// The state that is on ended at or before now: the message is stale, or its sender
    /// sends 0 for an end it does not know. Its end is not reported.
    ActiveStateEnded {
        /// The state.
        state: usize,
    },
    /// More than one state is on at once; the one ending first is used.
    SeveralActive {
        /// How many.
        count: usize,
    },
    /// `likelyEndTime` outside [`minEndTime`, `maxEndTime`].
    LikelyOutsideBounds {
        /// The state.
        state: usize,
    },
    /// `minEndTime` after `maxEndTime`.
    MinAfterMax {
        /// The state.
        state: usize,
    },
    /// A predicted state ends at or before its start (Hisense: `{startTime 30,
    /// likelyEndTime 30}`; 2020 counts end times from the reference, not as durations).
    EndNotAfterStart {
        /// The state.
        state: usize,
    },
    /// A green is predicted to start before the active state ends; the active countdown
    /// is trusted ([`ToGreen::AtLeast`]).
    GreenBeforeActiveEnds {
        /// The green state.
        state: usize,
    },
    /// A state without timing (or of an unknown timing kind).
    NoTiming {
        /// The state.
        state: usize,
    },
    /// The message's time is this many milliseconds after now (clock skew).
    ReferenceAhead {
        /// Milliseconds.
        ms: u64,
    },
}

impl fmt::Display for TimingIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TimingIssue::NoActiveState => f.write_str("no state is on"),
            TimingIssue::ActiveStateEnded { state } => {
                write!(f, "state {state} is on but has ended")
            }
            TimingIssue::SeveralActive { count } => write!(f, "{count} states on at once"),
            TimingIssue::LikelyOutsideBounds { state } => {
                write!(f, "state {state}: likely end outside min..max")
            }
            TimingIssue::MinAfterMax { state } => write!(f, "state {state}: min end after max end"),
            TimingIssue::EndNotAfterStart { state } => {
                write!(f, "state {state}: ends at or before its start")
            }
            TimingIssue::GreenBeforeActiveEnds { state } => {
                write!(f, "state {state}: green before the current state ends")
            }
            TimingIssue::NoTiming { state } => write!(f, "state {state}: no timing"),
            TimingIssue::ReferenceAhead { ms } => write!(f, "message time {ms} ms ahead of now"),
        }
    }
}

/// What a phase shows now and when that changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseStatus {
    /// The index of the active state among the phase's states.
    pub active: Option<usize>,
    /// Its light ([`Light::Unknown`] without one).
    pub light: Light,
    /// Seconds until the active state likely ends.
    pub seconds_to_change: Countdown,
    /// Seconds until it ends at the earliest (`minEndTime`).
    pub min_seconds_to_change: Countdown,
    /// Seconds until it ends at the latest (`maxEndTime`).
    pub max_seconds_to_change: Countdown,
    /// The next state's light and the seconds to its start.
    pub next: Option<(Light, f64)>,
    /// Seconds to the next green.
    pub to_green: ToGreen,
    /// What is inconsistent in the timing (empty when nothing is).
    pub issues: Vec<TimingIssue>,
}

/// A time relative to now, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rel {
    Ms(i64),
    MoreThanAnHour,
    Unknown,
}

impl Rel {
    fn ms(self) -> Option<i64> {
        match self {
            Rel::Ms(t) => Some(t),
            _ => None,
        }
    }

    /// Ordering key for "ends first": ordinary times, then more than an hour, then unknown.
    fn key(self) -> (u8, i64) {
        match self {
            Rel::Ms(t) => (0, t),
            Rel::MoreThanAnHour => (1, 0),
            Rel::Unknown => (2, 0),
        }
    }

    fn countdown(self) -> Countdown {
        match self {
            Rel::Ms(t) => Countdown::In(t as f64 / 1000.0),
            Rel::MoreThanAnHour => Countdown::MoreThanAnHour,
            Rel::Unknown => Countdown::Unknown,
        }
    }
}

/// A state's times relative to now.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: Rel,
    min_end: Option<Rel>,
    max_end: Option<Rel>,
    likely_end: Rel,
}

/// A duration of `v` tenths from the reference, `elapsed` ms ago.
fn counted(v: u16, elapsed: i64) -> Rel {
    match v {
        0..=35_999 => Rel::Ms(i64::from(v) * 100 - elapsed),
        TIME_MARK_MORE_THAN_AN_HOUR => Rel::MoreThanAnHour,
        _ => Rel::Unknown,
    }
}

/// The occurrence of `mark` nearest to `now` (30 minutes either way), relative to now.
fn utc_nearest(mark: u16, now: u64) -> Rel {
    match mark {
        0..=35_999 => {
            let in_hour = (now % HOUR_MS as u64) as i64;
            let d = (i64::from(mark) * 100 - in_hour).rem_euclid(HOUR_MS);
            Rel::Ms(if d >= HOUR_MS / 2 { d - HOUR_MS } else { d })
        }
        TIME_MARK_MORE_THAN_AN_HOUR => Rel::MoreThanAnHour,
        _ => Rel::Unknown,
    }
}

/// The first occurrence of `mark` at or after `start` (relative to `now`).
fn utc_after(mark: u16, start: Rel, now: u64) -> Rel {
    match (mark, start) {
        (0..=35_999, Rel::Ms(s)) => {
            let start_in_hour = (now as i64 + s).rem_euclid(HOUR_MS);
            Rel::Ms(s + (i64::from(mark) * 100 - start_in_hour).rem_euclid(HOUR_MS))
        }
        _ => utc_nearest(mark, now),
    }
}

fn span(t: &Timing, rule: CountingRule, elapsed: i64, now: u64) -> Span {
    match *t {
        Timing::Counting {
            start,
            min_end,
            max_end,
            likely_end,
        } => {
            let duration = rule == CountingRule::DurationOfFuture && start > 0;
            let end = |v: u16| {
                if duration && start < TENTHS_PER_HOUR && v < TENTHS_PER_HOUR {
                    counted(start.saturating_add(v).min(TENTHS_PER_HOUR), elapsed)
                } else {
                    counted(v, elapsed)
                }
            };
            Span {
                start: counted(start, elapsed),
                min_end: min_end.map(end),
                max_end: max_end.map(end),
                likely_end: end(likely_end),
            }
        }
        Timing::Utc {
            start,
            min_end,
            max_end,
            likely_end,
        } => {
            let s = utc_nearest(start, now);
            Span {
                start: s,
                min_end: min_end.map(|v| utc_after(v, s, now)),
                max_end: max_end.map(|v| utc_after(v, s, now)),
                likely_end: utc_after(likely_end, s, now),
            }
        }
    }
}

/// What `states` show at `now_utc_ms`, their `counting` times read from `reference_utc_ms`
/// (the message's time, [`TimeReference`]) under `rule`. See the [module docs](self).
///
/// A reference after `now_utc_ms` (the sender's clock ahead of the receiver's) is read as
/// `now`, and reported ([`TimingIssue::ReferenceAhead`]) when more than 1 s ahead.
pub fn evaluate(
    states: &[PredictedState],
    rule: CountingRule,
    reference_utc_ms: u64,
    now_utc_ms: u64,
) -> PhaseStatus {
    let elapsed = (i128::from(now_utc_ms) - i128::from(reference_utc_ms))
        .clamp(-i128::from(u32::MAX), i128::from(u32::MAX) << 16) as i64;
    let mut issues = Vec::new();
    if elapsed < -SKEW_MS {
        issues.push(TimingIssue::ReferenceAhead {
            ms: elapsed.unsigned_abs(),
        });
    }
    // A message from the future (clock skew) is read at its own time.
    let elapsed = elapsed.max(0);
    let spans: Vec<Option<Span>> = states
        .iter()
        .map(|s| {
            s.timing
                .as_ref()
                .map(|t| span(t, rule, elapsed, now_utc_ms))
        })
        .collect();
    for (i, sp) in spans.iter().enumerate() {
        let Some(sp) = sp else {
            issues.push(TimingIssue::NoTiming { state: i });
            continue;
        };
        let (min, max, likely) = (
            sp.min_end.and_then(Rel::ms),
            sp.max_end.and_then(Rel::ms),
            sp.likely_end.ms(),
        );
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                issues.push(TimingIssue::MinAfterMax { state: i });
            }
        }
        if let Some(l) = likely {
            if min.is_some_and(|a| l < a) || max.is_some_and(|b| l > b) {
                issues.push(TimingIssue::LikelyOutsideBounds { state: i });
            }
        }
    }
    // The active state: started, ending first among those not yet ended.
    let started: Vec<usize> = (0..states.len())
        .filter(|&i| spans[i].is_some_and(|s| s.start.ms().is_some_and(|t| t <= 0)))
        .collect();
    let live: Vec<usize> = started
        .iter()
        .copied()
        .filter(|&i| spans[i].is_some_and(|s| s.likely_end.ms().is_none_or(|t| t > 0)))
        .collect();
    if live.len() > 1 {
        issues.push(TimingIssue::SeveralActive { count: live.len() });
    }
    let end_key = |i: &usize| spans[*i].map_or((3, 0), |s| s.likely_end.key());
    let mut ended = false;
    let active = match live.iter().copied().min_by_key(end_key) {
        Some(i) => Some(i),
        None if !started.is_empty() => {
            ended = true;
            started.iter().copied().max_by_key(|i| end_key(i).1)
        }
        // No timing to go by: the first state is the current one by the list's order.
        None if spans.first().is_some_and(|s| s.is_none()) => Some(0),
        None => None,
    };
    match (active, ended) {
        (None, _) => issues.push(TimingIssue::NoActiveState),
        (Some(i), true) => issues.push(TimingIssue::ActiveStateEnded { state: i }),
        _ => {}
    }
    let active_span = active.and_then(|i| spans[i]).filter(|_| !ended);
    let cd = |r: Option<Rel>| r.map_or(Countdown::Unknown, Rel::countdown);
    let seconds_to_change = cd(active_span.map(|s| s.likely_end));
    // Predicted states that end at or before their start.
    for (i, sp) in spans.iter().enumerate() {
        if Some(i) == active {
            continue;
        }
        if let Some((s, e)) = sp.and_then(|sp| Some((sp.start.ms()?, sp.likely_end.ms()?))) {
            if e <= s {
                issues.push(TimingIssue::EndNotAfterStart { state: i });
            }
        }
    }
    // Future states by start, earliest first (the list's order among equals).
    let future = |i: usize| {
        (Some(i) != active)
            .then(|| spans[i]?.start.ms().filter(|&t| t > 0))
            .flatten()
    };
    let next = (0..states.len())
        .filter_map(|i| Some((future(i)?, i)))
        .min()
        .map(|(t, i)| (states[i].light, t as f64 / 1000.0));
    let light = active.map_or(Light::Unknown, |i| states[i].light);
    let green = (0..states.len())
        .filter(|&i| states[i].light.is_go())
        .filter_map(|i| Some((future(i)?, i)))
        .min();
    let active_end = active_span.map(|s| s.likely_end);
    let to_green = if light.is_go() {
        ToGreen::Now
    } else {
        match (green, active_end) {
            (Some((g, i)), Some(Rel::Ms(e))) if g < e => {
                issues.push(TimingIssue::GreenBeforeActiveEnds { state: i });
                ToGreen::AtLeast(e as f64 / 1000.0)
            }
            (Some((_, i)), Some(Rel::MoreThanAnHour)) => {
                issues.push(TimingIssue::GreenBeforeActiveEnds { state: i });
                ToGreen::AtLeast(3600.0)
            }
            (Some((g, _)), _) => ToGreen::In(g as f64 / 1000.0),
            (None, Some(Rel::Ms(e))) => ToGreen::AtLeast(e.max(0) as f64 / 1000.0),
            (None, Some(Rel::MoreThanAnHour)) => ToGreen::AtLeast(3600.0),
            (None, _) => ToGreen::Unknown,
        }
    };
    PhaseStatus {
        active,
        light,
        seconds_to_change,
        min_seconds_to_change: cd(active_span.and_then(|s| s.min_end)),
        max_seconds_to_change: cd(active_span.and_then(|s| s.max_end)),
        next,
        to_green,
        issues,
    }
}

/// Where a message's time came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeSource {
    /// The `IntersectionState`'s `moy` and `timeStamp`.
    Intersection,
    /// The SPAT's `moy` and `timeStamp`.
    Message,
    /// Neither had a usable `timeStamp`: the receiver's clock.
    Receiver,
}

/// The instant `counting` times count from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeReference {
    /// Milliseconds since the Unix epoch, UTC.
    pub utc_ms: u64,
    /// Where it came from.
    pub source: TimeSource,
}

/// The time reference of an intersection's state: its own `moy` + `timeStamp`, else the
/// SPAT's, else `received_utc_ms` (the receiver's clock when the message came). A level
/// counts when it has a usable `timeStamp` (ms within the minute); without `moy` the minute
/// nearest to `received_utc_ms` is taken, and the year always is.
pub fn time_reference<S: CsaeSpat>(
    spat: &S,
    state: &S::State,
    received_utc_ms: u64,
) -> TimeReference {
    let at = |(moy, d): (Option<MinuteOfTheYear>, Option<DSecond>)| {
        let d = crate::j2735::DSecond(d?.0);
        moy_dsecond_to_utc(
            moy.map(|m| crate::j2735::MinuteOfTheYear(m.0)),
            Some(d),
            received_utc_ms,
        )
    };
    if let Some(t) = at(state.time()) {
        TimeReference {
            utc_ms: t,
            source: TimeSource::Intersection,
        }
    } else if let Some(t) = at(spat.time()) {
        TimeReference {
            utc_ms: t,
            source: TimeSource::Message,
        }
    } else {
        TimeReference {
            utc_ms: received_utc_ms,
            source: TimeSource::Receiver,
        }
    }
}

/// Whether two `NodeReferenceID`s are the same node: the same `id` and the same `region`,
/// where an absent region is not region 0 (nor any other).
pub fn same_node(a: &NodeReferenceID, b: &NodeReferenceID) -> bool {
    a.id.0 == b.id.0 && a.region.map(|r| r.0) == b.region.map(|r| r.0)
}

/// The state of intersection `id` in a SPAT.
pub fn find_state<'a, S: CsaeSpat>(spat: &'a S, id: &NodeReferenceID) -> Option<&'a S::State> {
    spat.intersections().iter().find(|s| same_node(&s.id(), id))
}

/// Phase `phase_id` of an intersection's state.
pub fn find_phase<I: CsaeIntersection>(state: &I, phase_id: u8) -> Option<&I::Phase> {
    state.phases().iter().find(|p| p.id() == phase_id)
}

/// What a phase shows at `now_utc_ms`, its `counting` times from `reference` under its
/// edition's rule ([`CountingRule::FromReference`] for the 2019 draft and 2020,
/// [`CountingRule::DurationOfFuture`] for 2017).
///
/// ```
/// use cv2x::csae::signal::{find_phase, phase_status, time_reference, Light, ToGreen};
/// use cv2x::csae::v2020::MessageFrame;
/// use cv2x::per::Decode;
///
/// // A real SPAT (a Hisense RSU): phase 41 is red for 46.0 s, then green.
/// let hex = include_str!("../../../tests/vectors/csae/spat/zyjohn_v2x_example_txt_L1.hex").trim();
/// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
/// let MessageFrame::SpatFrame(spat) = MessageFrame::from_uper(&bytes)? else { panic!() };
/// let state = &spat.intersections.0[0];
/// // At the message's own time (its moy + timeStamp; the year from the clock given).
/// let r = time_reference(&spat, state, 1_605_336_902_333);
/// let s = phase_status(find_phase(state, 41).unwrap(), &r, r.utc_ms);
/// assert_eq!(s.light, Light::Red);
/// assert_eq!(s.seconds_to_change.seconds(), Some(46.0));
/// assert_eq!(s.to_green, ToGreen::In(46.0));
/// # Ok::<(), cv2x::per::Error>(())
/// ```
pub fn phase_status<P: CsaePhase>(
    phase: &P,
    reference: &TimeReference,
    now_utc_ms: u64,
) -> PhaseStatus {
    evaluate(&phase.predicted(), P::RULE, reference.utc_ms, now_utc_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(light: Light, t: Timing) -> PredictedState {
        PredictedState {
            light,
            timing: Some(t),
        }
    }

    const G: Light = Light::Green { protected: false };

    #[test]
    fn counting_subtracts_the_time_since_the_reference() {
        // Green 8.0 s more (min 5.0, max 12.0), yellow 8.0..11.0, red 11.0..50.0, green at 50.0.
        let states = [
            st(
                G,
                Timing::Counting {
                    start: 0,
                    min_end: Some(50),
                    max_end: Some(120),
                    likely_end: 80,
                },
            ),
            st(Light::Yellow, Timing::counting(80, 110)),
            st(Light::Red, Timing::counting(110, 500)),
            st(G, Timing::counting(500, 900)),
        ];
        let s = evaluate(&states, CountingRule::FromReference, 10_000, 10_000);
        assert_eq!(s.active, Some(0));
        assert_eq!(s.light, G);
        assert_eq!(s.seconds_to_change, Countdown::In(8.0));
        assert_eq!(s.min_seconds_to_change, Countdown::In(5.0));
        assert_eq!(s.max_seconds_to_change, Countdown::In(12.0));
        assert_eq!(s.next, Some((Light::Yellow, 8.0)));
        assert_eq!(s.to_green, ToGreen::Now);
        assert!(s.issues.is_empty(), "{:?}", s.issues);
        // 9.5 s later the yellow has ended 0.5 s before: red for 39.5 s, green in 39.5 s.
        let s = evaluate(&states, CountingRule::FromReference, 10_000, 21_500);
        assert_eq!((s.active, s.light), (Some(2), Light::Red));
        assert_eq!(s.seconds_to_change, Countdown::In(38.5));
        assert_eq!(s.to_green, ToGreen::In(38.5));
        assert_eq!(s.next, Some((G, 38.5)));
        assert!(s.issues.is_empty(), "{:?}", s.issues);
    }

    #[test]
    fn no_green_listed_gives_a_lower_bound() {
        let states = [st(Light::Red, Timing::counting(0, 300))];
        let s = evaluate(&states, CountingRule::FromReference, 0, 1_000);
        assert_eq!(s.to_green, ToGreen::AtLeast(29.0));
        assert_eq!(s.to_green.seconds(), None);
        assert_eq!(s.next, None);
    }

    #[test]
    fn the_2017_rule_reads_future_ends_as_durations() {
        // 2017: the green starts in 20.0 s and lasts 30.0 s.
        let states = [
            st(Light::Red, Timing::counting(0, 200)),
            st(G, Timing::counting(200, 300)),
        ];
        let s = evaluate(&states, CountingRule::DurationOfFuture, 0, 25_000);
        assert_eq!(
            (s.active, s.seconds_to_change),
            (Some(1), Countdown::In(25.0))
        );
        // Read as 2020, the same numbers end the green at 30.0 s from the reference.
        let s = evaluate(&states, CountingRule::FromReference, 0, 25_000);
        assert_eq!(
            (s.active, s.seconds_to_change),
            (Some(1), Countdown::In(5.0))
        );
    }

    #[test]
    fn hisense_future_states_that_end_where_they_start_are_reported() {
        // Real (Hisense, phase 33): green 0..3.0, then yellow and red both {30, 30}.
        let states = [
            st(G, Timing::counting(0, 30)),
            st(Light::Yellow, Timing::counting(30, 30)),
            st(Light::Red, Timing::counting(30, 30)),
        ];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!((s.light, s.seconds_to_change), (G, Countdown::In(3.0)));
        assert_eq!(s.next, Some((Light::Yellow, 3.0)));
        assert_eq!(
            s.issues,
            [
                TimingIssue::EndNotAfterStart { state: 1 },
                TimingIssue::EndNotAfterStart { state: 2 }
            ]
        );
        // 3.5 s later the message has nothing on: both "ended" at 3.0 s.
        let s = evaluate(&states, CountingRule::FromReference, 0, 3_500);
        assert_eq!(s.seconds_to_change, Countdown::Unknown);
        assert!(matches!(s.issues[0], TimingIssue::ActiveStateEnded { .. }));
    }

    #[test]
    fn the_active_countdown_is_trusted_over_an_early_green() {
        let states = [
            st(Light::Red, Timing::counting(0, 400)),
            st(G, Timing::counting(250, 600)),
        ];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!(s.to_green, ToGreen::AtLeast(40.0));
        assert_eq!(s.issues, [TimingIssue::GreenBeforeActiveEnds { state: 1 }]);
    }

    #[test]
    fn bounds_are_checked() {
        let states = [st(
            Light::Red,
            Timing::Counting {
                start: 0,
                min_end: Some(100),
                max_end: Some(50),
                likely_end: 200,
            },
        )];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!(
            s.issues,
            [
                TimingIssue::MinAfterMax { state: 0 },
                TimingIssue::LikelyOutsideBounds { state: 0 }
            ]
        );
    }

    #[test]
    fn special_values() {
        let states = [st(Light::Red, Timing::counting(0, 36_000))];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!(s.seconds_to_change, Countdown::MoreThanAnHour);
        assert_eq!(s.to_green, ToGreen::AtLeast(3600.0));
        let states = [st(Light::Red, Timing::counting(0, 36_001))];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!(s.seconds_to_change, Countdown::Unknown);
        assert_eq!(s.to_green, ToGreen::Unknown);
        // A reference ahead of the clock is read at its own time, and reported beyond 1 s.
        let s = evaluate(&states, CountingRule::FromReference, 5_000, 0);
        assert_eq!(s.issues, [TimingIssue::ReferenceAhead { ms: 5_000 }]);
        assert_eq!(s.active, Some(0));
        let states = [st(Light::Red, Timing::counting(0, 100))];
        let s = evaluate(&states, CountingRule::FromReference, 500, 0);
        assert_eq!((s.active, s.issues.len()), (Some(0), 0));
        assert_eq!(s.seconds_to_change, Countdown::In(10.0));
        // No state on: nothing started.
        let states = [st(Light::Red, Timing::counting(10, 20))];
        let s = evaluate(&states, CountingRule::FromReference, 0, 0);
        assert_eq!((s.active, s.light), (None, Light::Unknown));
        assert_eq!(s.issues, [TimingIssue::NoActiveState]);
        // Nothing at all, or no timing: never a panic.
        let s = evaluate(&[], CountingRule::FromReference, 0, u64::MAX);
        assert_eq!(s.issues, [TimingIssue::NoActiveState]);
        let none = [PredictedState {
            light: Light::Red,
            timing: None,
        }];
        let s = evaluate(&none, CountingRule::FromReference, u64::MAX, 0);
        assert!(matches!(s.issues[0], TimingIssue::ReferenceAhead { .. }));
        let s = evaluate(&states, CountingRule::FromReference, 0, u64::MAX);
        assert_eq!(s.issues, [TimingIssue::ActiveStateEnded { state: 0 }]);
        let s = evaluate(&none, CountingRule::FromReference, u64::MAX, 0);
        assert_eq!((s.active, s.light), (Some(0), Light::Red));
    }

    /// The RSU's CSAE SPAT generator (`rsu::csae_spat`) and this reader agree, in both
    /// timing forms, across the top of an hour.
    #[test]
    fn the_rsu_generator_reads_back() {
        use crate::rsu::csae_spat::{CsaeSpatGenerator, CsaeTiming};
        use crate::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatConfig};
        use crate::rsu::tscbm::{Countdown as Cd, PhaseColor, SignalState};
        // 22:59:50Z: phase 2 red for 30.0 s more (to 23:00:20), phase 4 green for 12.0 s.
        let now = 1_700_002_790_000;
        for timing in [CsaeTiming::Counting, CsaeTiming::UtcTiming] {
            let table = MappingTable::new([
                SignalGroupMap::protected(2, Source::Phase(2)),
                SignalGroupMap::protected(4, Source::Phase(4)),
            ])
            .unwrap();
            let mut gen = CsaeSpatGenerator::new(SpatConfig::new(9, table), timing).unwrap();
            let mut state = SignalState::default();
            state.phases[1].color = PhaseColor::Red;
            state.phases[1].countdown = Some(Cd {
                min_tenths: 300,
                max_tenths: 300,
            });
            state.phases[3].color = PhaseColor::Green;
            state.phases[3].countdown = Some(Cd {
                min_tenths: 120,
                max_tenths: 120,
            });
            let spat = gen.build(&state, now, Some(40)).unwrap();
            let st = &spat.intersections.0[0];
            let r = time_reference(&spat, st, now + 200);
            assert_eq!((r.source, r.utc_ms), (TimeSource::Intersection, now));
            // Read 5.0 s later.
            let red = phase_status(find_phase(st, 2).unwrap(), &r, now + 5_000);
            assert_eq!(red.light, Light::Red, "{timing:?}");
            assert_eq!(red.seconds_to_change, Countdown::In(25.0), "{timing:?}");
            assert_eq!(red.min_seconds_to_change, Countdown::In(25.0), "{timing:?}");
            assert_eq!(red.to_green, ToGreen::In(25.0), "{timing:?}");
            assert!(red.issues.is_empty(), "{timing:?} {:?}", red.issues);
            let green = phase_status(find_phase(st, 4).unwrap(), &r, now + 5_000);
            assert_eq!(green.light, Light::Green { protected: true });
            assert_eq!(green.to_green, ToGreen::Now);
            assert_eq!(green.seconds_to_change, Countdown::In(7.0), "{timing:?}");
            assert_eq!(green.next, Some((Light::Yellow, 7.0)), "{timing:?}");
            assert!(green.issues.is_empty(), "{timing:?} {:?}", green.issues);
        }
    }

    #[test]
    fn utc_timing_wraps_at_the_hour() {
        // Now is 10:59:58.0 (mark 35980). Red since 59:30.0 (35700) until 00:05.0 of the
        // next hour (50), then green until 00:40.0 (400).
        let now = 10 * 3_600_000 + 3_598_000;
        let states = [
            st(Light::Red, Timing::utc(35_700, 50)),
            st(G, Timing::utc(50, 400)),
        ];
        let s = evaluate(&states, CountingRule::FromReference, 0, now);
        assert_eq!((s.active, s.light), (Some(0), Light::Red));
        assert_eq!(s.seconds_to_change, Countdown::In(7.0));
        assert_eq!(s.to_green, ToGreen::In(7.0));
        assert!(s.issues.is_empty(), "{:?}", s.issues);
        // At 11:00:06.0 the green is on, 34.0 s more.
        let s = evaluate(&states, CountingRule::FromReference, 0, now + 8_000);
        assert_eq!((s.active, s.to_green), (Some(1), ToGreen::Now));
        assert_eq!(s.seconds_to_change, Countdown::In(34.0));
        // The reference plays no part in UTC times.
        let t = evaluate(&states, CountingRule::FromReference, 123, now + 8_000);
        assert_eq!(t, s);
        // Leap-second marks (35991..35999) read as ordinary times.
        let states = [st(Light::Red, Timing::utc(35_000, 35_995))];
        let s = evaluate(&states, CountingRule::FromReference, 0, now);
        assert_eq!(s.seconds_to_change, Countdown::In(1.5));
        // 36000 and 36001.
        let states = [st(Light::Red, Timing::utc(35_000, 36_000))];
        let s = evaluate(&states, CountingRule::FromReference, 0, now);
        assert_eq!(s.seconds_to_change, Countdown::MoreThanAnHour);
        let states = [st(Light::Red, Timing::utc(36_001, 100))];
        let s = evaluate(&states, CountingRule::FromReference, 0, now);
        assert_eq!(s.issues, [TimingIssue::NoActiveState]);
    }
}

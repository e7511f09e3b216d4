//! [`SpatView`]: a SPaT (Signal Phase and Timing) message read in place.
//!
//! `SpatView` → [`intersections`](SpatView::intersections) → [`IntersectionStateView`] →
//! [`states`](IntersectionStateView::states) → [`MovementStateView`] →
//! [`events`](MovementStateView::events) → [`MovementEventView`].
//!
//! # How members are found
//! [`SpatView::new`] validates the whole message once with the generated skip functions
//! (framing, ranges, CHOICE indices, trailing padding). Each item view is then built when
//! its iterator reaches it, in one pass over the item that decodes its plain members and
//! records where each list starts: its getters are plain field reads, and walking a list
//! costs one pass over it. An item reads past the lists inside it to find its later
//! members, unless the view was built with a [`ViewIndex`]
//! ([`SpatView::with_index`]), which recorded where every list ends while validating.

use super::index::Lists;
#[cfg(feature = "alloc")]
use super::index::ViewIndex;
use super::parts::{
    bit, extensions, intersection_ref, list_entry, make_intersection_ref, opt, regional_iter,
    skip_plain, Ia5Str, List, ListIter, NameAt, RegionalListIter,
};
use crate::j2735::{
    skip, AdvisorySpeedType, DSecond, IntersectionReferenceID, LaneConnectionID, LaneID,
    MinuteOfTheYear, MovementPhaseState, MsgCount, PedestrianBicycleDetect, RestrictionClassID,
    SignalGroupID, SpeedAdvice, SpeedConfidence, TimeChangeDetails, TimeIntervalConfidence,
    TimeMark, WaitOnStopline, ZoneLength,
};
use crate::per::lists::{ListSink, NoLists};
use crate::per::{BitReader, Bits, Decode, Result, ResultExt, Size};

/// A `SPAT` message read in place.
///
/// Integer members come back as plain numbers in their wire units (`time_stamp()` in
/// minutes of the year), enumerations and plain data frames as the generated types
/// ([`MovementPhaseState`], [`TimeChangeDetails`]), lists as lazy [`ListIter`]s. See
/// [`ListIter`] for how members are found.
///
/// ```
/// use cv2x::j2735::view::FrameView;
/// use cv2x::j2735::MovementPhaseState;
///
/// // spat/jpoode__OdeSpatDataTest_L17.hex
/// let hex = "001338000817a780000089680500204642b342b34802021a15a955a940181190acd0acd2\
///            0100868555c555c00104342aae2aae002821a155715570";
/// let bytes: Vec<u8> = (0..hex.len())
///     .step_by(2)
///     .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
///     .collect();
/// let spat = FrameView::new(&bytes)?.spat().expect("message 19")?;
/// let i = spat.intersections().next().unwrap()?;
/// assert_eq!(i.id().id.0, 12111);
/// assert_eq!(i.time_stamp(), Some(35176));
/// let mut states = i.states();
/// assert_eq!(states.len(), 6);
/// let s = states.next().unwrap()?;
/// assert_eq!(s.signal_group(), 2);
/// let e = s.events().next().unwrap()?;
/// assert_eq!(e.event_state(), MovementPhaseState::ProtectedMovementAllowed);
/// assert_eq!(e.timing().unwrap().min_end_time.0, 22120);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct SpatView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    time_stamp: Option<u32>,
    name: Option<NameAt>,
    intersections: List,
    regional: List,
    ext: bool,
}

impl<'a> SpatView<'a> {
    /// Validates a SPaT (the value of a `MessageFrame` with ID 19, or a bare `SPAT`):
    /// the whole message, then only zero padding to the end of `data`.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        Self::validate(data, &mut NoLists)
    }

    /// [`SpatView::new`], recording in `index` where each list ends, so that visiting
    /// every item reads each bit once more instead of once per level of nesting (see
    /// [`ViewIndex`]).
    #[cfg(feature = "alloc")]
    pub fn with_index(data: &'a [u8], index: &'a mut ViewIndex) -> Result<Self> {
        let (view, ix) = index.record(|l| Self::validate(data, l))?;
        Ok(SpatView { ix, ..view })
    }

    fn validate<L: ListSink>(data: &'a [u8], l: &mut L) -> Result<Self> {
        let mut r = BitReader::new(data);
        let ext = r.read_bool().field("SPAT")?;
        let opt_bits = r.read_bits(3).field("SPAT")?;
        let time_stamp = opt::<MinuteOfTheYear>(bit(opt_bits, 2), &mut r)
            .field("SPAT.timeStamp")?
            .map(|v| v.0);
        let name = Ia5Str::name(bit(opt_bits, 1), &mut r).field("SPAT.name")?;
        let intersections = List::walk(
            &mut r,
            l,
            Size::range(1, 32),
            31,
            skip::intersection_state_with,
        )
        .field("SPAT.intersections")?;
        let regional = List::walk_regional(bit(opt_bits, 0), &mut r, l).field("SPAT.regional")?;
        extensions(ext, &mut r).field("SPAT....")?;
        r.expect_padding().field("SPAT")?;
        Ok(SpatView {
            data,
            ix: Lists::NONE,
            time_stamp,
            name,
            intersections,
            regional,
            ext,
        })
    }

    /// `timeStamp`, minute of the year.
    #[inline]
    pub fn time_stamp(&self) -> Option<u32> {
        self.time_stamp
    }
    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `intersections`, walked lazily.
    #[inline]
    pub fn intersections(&self) -> IntersectionStateIter<'a> {
        self.intersections.iter(self.data, self.ix)
    }
    /// `regional`, walked lazily.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// Iterator over [`IntersectionStateView`]s.
pub type IntersectionStateIter<'a> = ListIter<'a, IntersectionStateView<'a>>;
/// Iterator over [`MovementStateView`]s.
pub type MovementStateIter<'a> = ListIter<'a, MovementStateView<'a>>;
/// Iterator over [`MovementEventView`]s.
pub type MovementEventIter<'a> = ListIter<'a, MovementEventView<'a>>;
/// Iterator over [`AdvisorySpeedView`]s.
pub type AdvisorySpeedIter<'a> = ListIter<'a, AdvisorySpeedView<'a>>;
/// Iterator over [`ManeuverAssistView`]s.
pub type ManeuverAssistIter<'a> = ListIter<'a, ManeuverAssistView<'a>>;
/// Iterator over lane IDs (`EnabledLaneList`, `OverlayLaneList`).
pub type LaneIdIter<'a> = ListIter<'a, u8, LaneID>;

/// Reads a `ManeuverAssistList` if `present`.
#[inline(always)]
fn maneuver_assist_list(present: bool, r: &mut BitReader<'_>, ix: Lists<'_>) -> Result<List> {
    List::read_if(
        present,
        r,
        ix,
        Size::range(1, 16),
        14,
        skip::connection_maneuver_assist,
    )
}

/// One `IntersectionState` of a SPaT.
#[derive(Clone, Copy, Debug)]
pub struct IntersectionStateView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    name: Option<NameAt>,
    id: (Option<u16>, u16),
    revision: u8,
    status: u16,
    moy: Option<u32>,
    time_stamp: Option<u16>,
    enabled_lanes: List,
    states: List,
    maneuver_assist: List,
    regional: List,
    ext: bool,
}

list_entry!('a, IntersectionStateView<'a>, "IntersectionState");

impl<'a> IntersectionStateView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(6)?;
        let name = Ia5Str::name(bit(o, 5), r).field("IntersectionState.name")?;
        let id = intersection_ref(r).field("IntersectionState.id")?;
        let revision = MsgCount::decode(r).field("IntersectionState.revision")?.0;
        let status = r.read_bits(16).field("IntersectionState.status")? as u16;
        let moy = opt::<MinuteOfTheYear>(bit(o, 4), r)
            .field("IntersectionState.moy")?
            .map(|v| v.0);
        let time_stamp = opt::<DSecond>(bit(o, 3), r)
            .field("IntersectionState.timeStamp")?
            .map(|v| v.0);
        let enabled_lanes = List::read_if(
            bit(o, 2),
            r,
            ix,
            Size::range(1, 16),
            8,
            skip_plain::<LaneID>,
        )
        .field("IntersectionState.enabledLanes")?;
        let states = List::read(r, ix, Size::range(1, 255), 12, skip::movement_state)
            .field("IntersectionState.states")?;
        let maneuver_assist =
            maneuver_assist_list(bit(o, 1), r, ix).field("IntersectionState.maneuverAssistList")?;
        let regional = List::regional(bit(o, 0), r, ix).field("IntersectionState.regional")?;
        extensions(ext, r).field("IntersectionState....")?;
        Ok(IntersectionStateView {
            data,
            ix,
            name,
            id,
            revision,
            status,
            moy,
            time_stamp,
            enabled_lanes,
            states,
            maneuver_assist,
            regional,
            ext,
        })
    }

    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `id`.
    #[inline]
    pub fn id(&self) -> IntersectionReferenceID {
        make_intersection_ref(self.id)
    }
    /// `id.region`, the road regulator ID.
    #[inline]
    pub fn region(&self) -> Option<u16> {
        self.id.0
    }
    /// `id.id`, the intersection ID.
    #[inline]
    pub fn intersection_id(&self) -> u16 {
        self.id.1
    }
    /// `revision`.
    #[inline]
    pub fn revision(&self) -> u8 {
        self.revision
    }
    /// `status` (`IntersectionStatusObject`, 16 bits): bit 0 of the ASN.1
    /// (`manualControlIsEnabled`) is the most significant bit.
    #[inline]
    pub fn status(&self) -> u16 {
        self.status
    }
    /// `moy`, minute of the year.
    #[inline]
    pub fn moy(&self) -> Option<u32> {
        self.moy
    }
    /// `timeStamp`, milliseconds within the minute.
    #[inline]
    pub fn time_stamp(&self) -> Option<u16> {
        self.time_stamp
    }
    /// `enabledLanes` (empty when absent).
    #[inline]
    pub fn enabled_lanes(&self) -> LaneIdIter<'a> {
        self.enabled_lanes.iter(self.data, self.ix)
    }
    /// `states`, one per signal group.
    #[inline]
    pub fn states(&self) -> MovementStateIter<'a> {
        self.states.iter(self.data, self.ix)
    }
    /// `maneuverAssistList` (empty when absent).
    #[inline]
    pub fn maneuver_assist(&self) -> ManeuverAssistIter<'a> {
        self.maneuver_assist.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// One `MovementState`: the state of one signal group.
#[derive(Clone, Copy, Debug)]
pub struct MovementStateView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    name: Option<NameAt>,
    signal_group: u8,
    events: List,
    maneuver_assist: List,
    regional: List,
    ext: bool,
}

list_entry!('a, MovementStateView<'a>, "MovementState");

impl<'a> MovementStateView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        // Extension and presence bits and, without a name, the signal group: one block.
        let mut b = r.peek_upto(12);
        let o = b.take(4);
        let ext = bit(o, 3);
        let (name, signal_group) = if bit(o, 2) {
            r.advance_past(&b);
            let name = Ia5Str::name(true, r).field("MovementState.movementName")?;
            let group = SignalGroupID::decode(r).field("MovementState.signalGroup")?;
            (name, group.0)
        } else {
            let group = b.take(8) as u8;
            r.advance_past(&b);
            (None, group)
        };
        let events = List::read(r, ix, Size::range(1, 16), 8, skip::movement_event)
            .field("MovementState.state-time-speed")?;
        let maneuver_assist =
            maneuver_assist_list(bit(o, 1), r, ix).field("MovementState.maneuverAssistList")?;
        let regional = List::regional(bit(o, 0), r, ix).field("MovementState.regional")?;
        extensions(ext, r).field("MovementState....")?;
        Ok(MovementStateView {
            data,
            ix,
            name,
            signal_group,
            events,
            maneuver_assist,
            regional,
            ext,
        })
    }

    /// `movementName`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `signalGroup`.
    #[inline]
    pub fn signal_group(&self) -> u8 {
        self.signal_group
    }
    /// `state-time-speed`: the current phase first, then those to come.
    #[inline]
    pub fn events(&self) -> MovementEventIter<'a> {
        self.events.iter(self.data, self.ix)
    }
    /// `maneuverAssistList` (empty when absent).
    #[inline]
    pub fn maneuver_assist(&self) -> ManeuverAssistIter<'a> {
        self.maneuver_assist.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// One `MovementEvent`: a phase of a movement and its timing.
#[derive(Clone, Copy, Debug)]
pub struct MovementEventView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    event_state: MovementPhaseState,
    timing: Option<Timing>,
    speeds: List,
    regional: List,
    ext: bool,
}

list_entry!('a, MovementEventView<'a>, "MovementEvent");

impl<'a> MovementEventView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        // Extension and presence bits, eventState and timing in one block (at most 97
        // bits: 4, 4, and 5 presence bits, five times and a confidence).
        let mut b = r.peek_upto(97);
        let o = b.take(4);
        let ext = bit(o, 3);
        let states = MovementPhaseState::ROOT;
        let event_state = b
            .enumerated(states.len() as u64)
            .field("MovementEvent.eventState")?;
        let event_state = states[event_state as usize];
        let timing = if bit(o, 2) {
            Some(Timing::take(&mut b).field("MovementEvent.timing")?)
        } else {
            None
        };
        r.advance_past(&b);
        let speeds = List::read_if(
            bit(o, 1),
            r,
            ix,
            Size::range(1, 16),
            9,
            skip::advisory_speed,
        )
        .field("MovementEvent.speeds")?;
        let regional = List::regional(bit(o, 0), r, ix).field("MovementEvent.regional")?;
        extensions(ext, r).field("MovementEvent....")?;
        Ok(MovementEventView {
            data,
            ix,
            event_state,
            timing,
            speeds,
            regional,
            ext,
        })
    }

    /// `eventState`.
    #[inline]
    pub fn event_state(&self) -> MovementPhaseState {
        self.event_state
    }
    /// `timing`.
    #[inline]
    pub fn timing(&self) -> Option<TimeChangeDetails> {
        self.timing.map(Timing::get)
    }
    /// `timing.minEndTime`, tenths of a second within the hour.
    #[inline]
    pub fn min_end_time(&self) -> Option<u16> {
        self.timing.map(|t| t.min_end)
    }
    /// `timing.likelyTime`, tenths of a second within the hour.
    #[inline]
    pub fn likely_time(&self) -> Option<u16> {
        self.timing
            .and_then(|t| (t.likely != Timing::NONE).then_some(t.likely))
    }
    /// `speeds` (empty when absent).
    #[inline]
    pub fn speeds(&self) -> AdvisorySpeedIter<'a> {
        self.speeds.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// `TimeChangeDetails` kept `Copy`: each `TimeMark` (0..36111) in a `u16`, absent ones as
/// `u16::MAX`; the confidence (0..15) in a `u8`, absent as `u8::MAX`.
#[derive(Clone, Copy, Debug)]
struct Timing {
    start: u16,
    min_end: u16,
    max_end: u16,
    likely: u16,
    confidence: u8,
    next: u16,
}

impl Timing {
    const NONE: u16 = u16::MAX;

    /// Reads a `TimeChangeDetails` (not extensible: 5 presence bits, then its members).
    #[inline(always)]
    fn take(b: &mut Bits) -> Result<Self> {
        let p = b.take(5);
        let mut mark = |present: bool| -> Result<u16> {
            if present {
                Ok(b.constrained_u64(0, 36111)? as u16)
            } else {
                Ok(Self::NONE)
            }
        };
        let start = mark(bit(p, 4))?;
        let min_end = mark(true)?;
        let max_end = mark(bit(p, 3))?;
        let likely = mark(bit(p, 2))?;
        let confidence = if bit(p, 1) {
            b.constrained_u64(0, 15)? as u8
        } else {
            u8::MAX
        };
        let next = if bit(p, 0) {
            b.constrained_u64(0, 36111)? as u16
        } else {
            Self::NONE
        };
        Ok(Timing {
            start,
            min_end,
            max_end,
            likely,
            confidence,
            next,
        })
    }

    fn get(self) -> TimeChangeDetails {
        let m = |v: u16| (v != Self::NONE).then_some(TimeMark(v));
        TimeChangeDetails {
            start_time: m(self.start),
            min_end_time: TimeMark(self.min_end),
            max_end_time: m(self.max_end),
            likely_time: m(self.likely),
            confidence: (self.confidence != u8::MAX)
                .then_some(TimeIntervalConfidence(self.confidence)),
            next_time: m(self.next),
        }
    }
}

/// One `AdvisorySpeed` of a movement event.
#[derive(Clone, Copy, Debug)]
pub struct AdvisorySpeedView<'a> {
    data: &'a [u8],
    kind: AdvisorySpeedType,
    speed: Option<u16>,
    confidence: Option<SpeedConfidence>,
    distance: Option<u16>,
    class: Option<u8>,
    regional: List,
    ext: bool,
}

list_entry!('a, AdvisorySpeedView<'a>, "AdvisorySpeed");

impl<'a> AdvisorySpeedView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(5)?;
        let kind = AdvisorySpeedType::decode(r).field("AdvisorySpeed.type")?;
        let speed = opt::<SpeedAdvice>(bit(o, 4), r)
            .field("AdvisorySpeed.speed")?
            .map(|v| v.0);
        let confidence = opt(bit(o, 3), r).field("AdvisorySpeed.confidence")?;
        let distance = opt::<ZoneLength>(bit(o, 2), r)
            .field("AdvisorySpeed.distance")?
            .map(|v| v.0);
        let class = opt::<RestrictionClassID>(bit(o, 1), r)
            .field("AdvisorySpeed.class")?
            .map(|v| v.0);
        let regional = List::regional(bit(o, 0), r, ix).field("AdvisorySpeed.regional")?;
        extensions(ext, r).field("AdvisorySpeed....")?;
        Ok(AdvisorySpeedView {
            data,
            kind,
            speed,
            confidence,
            distance,
            class,
            regional,
            ext,
        })
    }

    /// `type`.
    #[inline]
    pub fn kind(&self) -> AdvisorySpeedType {
        self.kind
    }
    /// `speed`, 0.1 m/s (500: unavailable).
    #[inline]
    pub fn speed(&self) -> Option<u16> {
        self.speed
    }
    /// `confidence`.
    #[inline]
    pub fn confidence(&self) -> Option<SpeedConfidence> {
        self.confidence
    }
    /// `distance`, metres.
    #[inline]
    pub fn distance(&self) -> Option<u16> {
        self.distance
    }
    /// `class` (`RestrictionClassID`).
    #[inline]
    pub fn class(&self) -> Option<u8> {
        self.class
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// One `ConnectionManeuverAssist`: queue and detection data for a lane connection.
#[derive(Clone, Copy, Debug)]
pub struct ManeuverAssistView<'a> {
    data: &'a [u8],
    connection_id: u8,
    queue_length: Option<u16>,
    available_storage_length: Option<u16>,
    wait_on_stop: Option<bool>,
    ped_bicycle_detect: Option<bool>,
    regional: List,
    ext: bool,
}

list_entry!('a, ManeuverAssistView<'a>, "ConnectionManeuverAssist");

impl<'a> ManeuverAssistView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(5)?;
        let connection_id = LaneConnectionID::decode(r)
            .field("ConnectionManeuverAssist.connectionID")?
            .0;
        let queue_length = opt::<ZoneLength>(bit(o, 4), r)
            .field("ConnectionManeuverAssist.queueLength")?
            .map(|v| v.0);
        let available_storage_length = opt::<ZoneLength>(bit(o, 3), r)
            .field("ConnectionManeuverAssist.availableStorageLength")?
            .map(|v| v.0);
        let wait_on_stop = opt::<WaitOnStopline>(bit(o, 2), r)
            .field("ConnectionManeuverAssist.waitOnStop")?
            .map(|v| v.0);
        let ped_bicycle_detect = opt::<PedestrianBicycleDetect>(bit(o, 1), r)
            .field("ConnectionManeuverAssist.pedBicycleDetect")?
            .map(|v| v.0);
        let regional =
            List::regional(bit(o, 0), r, ix).field("ConnectionManeuverAssist.regional")?;
        extensions(ext, r).field("ConnectionManeuverAssist....")?;
        Ok(ManeuverAssistView {
            data,
            connection_id,
            queue_length,
            available_storage_length,
            wait_on_stop,
            ped_bicycle_detect,
            regional,
            ext,
        })
    }

    /// `connectionID`.
    #[inline]
    pub fn connection_id(&self) -> u8 {
        self.connection_id
    }
    /// `queueLength`, metres.
    #[inline]
    pub fn queue_length(&self) -> Option<u16> {
        self.queue_length
    }
    /// `availableStorageLength`, metres.
    #[inline]
    pub fn available_storage_length(&self) -> Option<u16> {
        self.available_storage_length
    }
    /// `waitOnStop`.
    #[inline]
    pub fn wait_on_stop(&self) -> Option<bool> {
        self.wait_on_stop
    }
    /// `pedBicycleDetect`.
    #[inline]
    pub fn ped_bicycle_detect(&self) -> Option<bool> {
        self.ped_bicycle_detect
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

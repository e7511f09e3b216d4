//! A MAP intersection with its SPaT: the lanes of an approach, the signal group of a lane's
//! connection, and "the state of my light and the time until it changes".
//!
//! A MAP `IntersectionGeometry` and a SPaT `IntersectionState` belong together when their
//! `IntersectionReferenceID`s match ([`same_intersection`]). A lane's `connectsTo` list names,
//! per `Connection`, the lane reached, the maneuver, and the `signalGroup` whose
//! `MovementState` in the SPaT gives the light. The first `MovementEvent` of a
//! `MovementState` is the current one; the ones after it, when sent, are the states to come.
//!
//! `SignalGroupID` 0 means "not available or not known" and 255 "a permanent green movement
//! state" (J2735-2020 `Common`); a SPaT need not carry 255.
//!
//! Nothing here panics on missing or inconsistent data: absent parts give `None`.
//!
//! ```
//! use cv2x::j2735::signal::intersection::{Maneuver, Movement, SignalizedIntersection};
//! use cv2x::j2735::signal::phase::Meaning;
//! use cv2x::j2735::signal::time::Civil;
//! use cv2x::j2735::{Message, MessageFrame, IntersectionReferenceID, IntersectionID};
//! use cv2x::per::Decode;
//! # fn unhex(h: &str) -> Vec<u8> { (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect() }
//!
//! // A real MAP (USDOT j2735decoder sample): intersection 9709, ingress lane 1 on approach 1
//! // goes straight to lane 2 under signal group 2.
//! let map = MessageFrame::from_uper(&unhex(MAP_HEX))?;
//! // A SPaT for it: signal group 2 protected green, minEndTime 12340 (mark of 00:20:34.0),
//! // likelyTime 12400, maxEndTime 12500.
//! let spat = MessageFrame::from_uper(&unhex(SPAT_HEX))?;
//! # const MAP_HEX: &str = "00123b38073000204bda1d4cdcf87b3d4dc4e8118602dc0248022800080001616c5fd08b1170fd040b02800020110022200040000af269054e5770e837b0";
//! # const SPAT_HEX: &str = "00131a001812f6810000197307530000021466181a186a18382400c260";
//! let (Message::MapData(map), Message::Spat(spat)) = (&map.message, &spat.message) else { panic!() };
//!
//! let id = IntersectionReferenceID { region: None, id: IntersectionID(9709) };
//! let x = SignalizedIntersection::find(map, spat, &id).expect("in the MAP");
//! assert_eq!(x.ingress_lanes(1).map(|l| l.lane_id.0).collect::<Vec<_>>(), [1]);
//! assert_eq!(x.signal_group(1, Movement::Maneuver(Maneuver::Straight)), Some(2));
//! assert_eq!(x.signal_group(1, Movement::ToLane(2)), Some(2));
//! assert_eq!(x.signal_group(1, Movement::Maneuver(Maneuver::Left)), None);
//!
//! let now = Civil::new(2025, 3, 14, 9, 20, 30, 0).to_utc_ms().unwrap();
//! let light = x.light(1, Movement::Maneuver(Maneuver::Straight), now).expect("a light");
//! assert_eq!(light.meaning, Meaning::Go { protected: true });
//! assert_eq!(light.seconds_to_min_end, Some(4.0));
//! assert_eq!(light.seconds_to_likely_end, Some(10.0));
//! assert_eq!(light.seconds_to_max_end, Some(20.0));
//! # Ok::<(), cv2x::per::Error>(())
//! ```

use alloc::vec::Vec;

use super::phase::{Aspect, Meaning};
use super::time::{moy_dsecond_to_utc, TimeMarkRules, TimeMarkValue};
use crate::j2735::{
    AllowedManeuvers, Connection, GenericLane, IntersectionGeometry, IntersectionReferenceID,
    IntersectionState, MapData, MovementEvent, MovementPhaseState, MovementState, TimeMark, SPAT,
};

/// Whether two `IntersectionReferenceID`s name the same intersection: the same `id`, and the
/// same `region` when both carry one (an absent region is "known from context").
pub fn same_intersection(a: &IntersectionReferenceID, b: &IntersectionReferenceID) -> bool {
    a.id.0 == b.id.0
        && match (&a.region, &b.region) {
            (Some(x), Some(y)) => x.0 == y.0,
            _ => true,
        }
}

/// The intersection `id` of a MAP.
pub fn find_geometry<'a>(
    map: &'a MapData,
    id: &IntersectionReferenceID,
) -> Option<&'a IntersectionGeometry> {
    map.intersections
        .as_ref()?
        .0
        .iter()
        .find(|g| same_intersection(&g.id, id))
}

/// The intersection `id` of a SPaT.
pub fn find_state<'a>(
    spat: &'a SPAT,
    id: &IntersectionReferenceID,
) -> Option<&'a IntersectionState> {
    spat.intersections
        .0
        .iter()
        .find(|s| same_intersection(&s.id, id))
}

/// A turn, as the `AllowedManeuvers` bits name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Maneuver {
    /// `maneuverStraightAllowed`.
    Straight,
    /// `maneuverLeftAllowed`.
    Left,
    /// `maneuverRightAllowed`.
    Right,
    /// `maneuverUTurnAllowed`.
    UTurn,
}

impl Maneuver {
    /// The `AllowedManeuvers` bit.
    pub fn bit(self) -> usize {
        match self {
            Maneuver::Straight => AllowedManeuvers::MANEUVER_STRAIGHT_ALLOWED,
            Maneuver::Left => AllowedManeuvers::MANEUVER_LEFT_ALLOWED,
            Maneuver::Right => AllowedManeuvers::MANEUVER_RIGHT_ALLOWED,
            Maneuver::UTurn => AllowedManeuvers::MANEUVER_U_TURN_ALLOWED,
        }
    }

    /// Whether `m` allows this turn.
    pub fn allowed_by(self, m: &AllowedManeuvers) -> bool {
        m.0.get(self.bit())
    }
}

/// Which connection of an ingress lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Movement {
    /// The connection whose maneuver allows this turn (the connection's `maneuver`, else the
    /// lane's `maneuvers`).
    Maneuver(Maneuver),
    /// The connection to this lane of the same intersection.
    ToLane(u8),
}

/// The maneuvers of a connection: its own, else its lane's.
pub fn connection_maneuvers<'a>(
    lane: &'a GenericLane,
    connection: &'a Connection,
) -> Option<&'a AllowedManeuvers> {
    connection
        .connecting_lane
        .maneuver
        .as_ref()
        .or(lane.maneuvers.as_ref())
}

/// The light of one movement at one time (see [`SignalizedIntersection::light`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LightState<'a> {
    /// The signal group.
    pub signal_group: u8,
    /// The MAP connection.
    pub connection: &'a Connection,
    /// The SPaT movement state of the signal group.
    pub movement: &'a MovementState,
    /// Its current (first) event.
    pub event: &'a MovementEvent,
    /// The phase state.
    pub state: MovementPhaseState,
    /// What it tells the driver.
    pub meaning: Meaning,
    /// What the head shows.
    pub aspect: Aspect,
    /// `minEndTime`, absolute; `None` without timing.
    pub min_end: Option<TimeMarkValue>,
    /// `maxEndTime`, absolute.
    pub max_end: Option<TimeMarkValue>,
    /// `likelyTime`, absolute.
    pub likely_end: Option<TimeMarkValue>,
    /// Seconds from now to `minEndTime` (negative when past); `None` unless an ordinary time.
    pub seconds_to_min_end: Option<f64>,
    /// Seconds from now to `maxEndTime`.
    pub seconds_to_max_end: Option<f64>,
    /// Seconds from now to `likelyTime`.
    pub seconds_to_likely_end: Option<f64>,
}

impl<'a> LightState<'a> {
    /// The events after the current one (the states to come), possibly none.
    pub fn upcoming(&self) -> &'a [MovementEvent] {
        self.movement.state_time_speed.0.get(1..).unwrap_or(&[])
    }
}

/// An intersection's MAP geometry, with its SPaT state when there is one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SignalizedIntersection<'a> {
    geometry: &'a IntersectionGeometry,
    state: Option<&'a IntersectionState>,
    rules: TimeMarkRules,
}

impl<'a> SignalizedIntersection<'a> {
    /// A MAP intersection without SPaT.
    pub fn new(geometry: &'a IntersectionGeometry) -> Self {
        SignalizedIntersection {
            geometry,
            state: None,
            rules: TimeMarkRules::default(),
        }
    }

    /// With its SPaT state; `None` if `state` is another intersection's.
    pub fn with_state(self, state: &'a IntersectionState) -> Option<Self> {
        same_intersection(&self.geometry.id, &state.id).then_some(SignalizedIntersection {
            state: Some(state),
            ..self
        })
    }

    /// With other `TimeMark` rules (the default is J2735-2020, nearest occurrence).
    pub fn with_rules(self, rules: TimeMarkRules) -> Self {
        SignalizedIntersection { rules, ..self }
    }

    /// Intersection `id` of a MAP, with its state from a SPaT if the SPaT has it; `None` if
    /// the MAP does not have it.
    pub fn find(map: &'a MapData, spat: &'a SPAT, id: &IntersectionReferenceID) -> Option<Self> {
        let x = SignalizedIntersection::new(find_geometry(map, id)?);
        Some(match find_state(spat, id) {
            Some(s) => x.with_state(s).unwrap_or(x),
            None => x,
        })
    }

    /// Every intersection of a MAP that a SPaT has a state for.
    pub fn pairs(map: &'a MapData, spat: &'a SPAT) -> impl Iterator<Item = Self> + 'a {
        map.intersections
            .iter()
            .flat_map(|l| l.0.iter())
            .filter_map(move |g| {
                SignalizedIntersection::new(g).with_state(find_state(spat, &g.id)?)
            })
    }

    /// The MAP geometry.
    pub fn geometry(&self) -> &'a IntersectionGeometry {
        self.geometry
    }

    /// The SPaT state, if any.
    pub fn state(&self) -> Option<&'a IntersectionState> {
        self.state
    }

    /// The `TimeMark` rules in use.
    pub fn rules(&self) -> TimeMarkRules {
        self.rules
    }

    /// The SPaT state's own time (`moy` + `timeStamp`), the year from `now_utc_ms`.
    pub fn state_time_utc(&self, now_utc_ms: u64) -> Option<u64> {
        let s = self.state?;
        moy_dsecond_to_utc(s.moy, s.time_stamp, now_utc_ms)
    }

    /// The lane `lane_id`.
    pub fn lane(&self, lane_id: u8) -> Option<&'a GenericLane> {
        self.geometry
            .lane_set
            .0
            .iter()
            .find(|l| l.lane_id.0 == lane_id)
    }

    /// The lanes whose `ingressApproach` is `approach`.
    pub fn ingress_lanes(&self, approach: u8) -> impl Iterator<Item = &'a GenericLane> + 'a {
        self.geometry
            .lane_set
            .0
            .iter()
            .filter(move |l| l.ingress_approach.is_some_and(|a| a.0 == approach))
    }

    /// The lanes whose `egressApproach` is `approach`.
    pub fn egress_lanes(&self, approach: u8) -> impl Iterator<Item = &'a GenericLane> + 'a {
        self.geometry
            .lane_set
            .0
            .iter()
            .filter(move |l| l.egress_approach.is_some_and(|a| a.0 == approach))
    }

    /// The approach ids used by the lanes (ingress and egress), sorted, once each.
    pub fn approaches(&self) -> Vec<u8> {
        let mut v: Vec<u8> = self
            .geometry
            .lane_set
            .0
            .iter()
            .flat_map(|l| [l.ingress_approach, l.egress_approach])
            .flatten()
            .map(|a| a.0)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The connections of lane `lane_id` (none if the lane is missing or has none).
    pub fn connections(&self, lane_id: u8) -> &'a [Connection] {
        self.lane(lane_id)
            .and_then(|l| l.connects_to.as_ref())
            .map_or(&[], |c| c.0.as_slice())
    }

    /// The connection of lane `lane_id` for `movement`: the first that matches and has a
    /// signal group, else the first that matches.
    pub fn connection(&self, lane_id: u8, movement: Movement) -> Option<&'a Connection> {
        let lane = self.lane(lane_id)?;
        let mut first = None;
        for c in self.connections(lane_id) {
            let matches = match movement {
                Movement::Maneuver(m) => {
                    connection_maneuvers(lane, c).is_some_and(|a| m.allowed_by(a))
                }
                Movement::ToLane(to) => {
                    c.connecting_lane.lane.0 == to
                        && c.remote_intersection
                            .as_ref()
                            .is_none_or(|r| same_intersection(r, &self.geometry.id))
                }
            };
            if matches {
                if c.signal_group.is_some() {
                    return Some(c);
                }
                first.get_or_insert(c);
            }
        }
        first
    }

    /// The signal group of lane `lane_id`'s connection for `movement`.
    pub fn signal_group(&self, lane_id: u8, movement: Movement) -> Option<u8> {
        self.connection(lane_id, movement)?
            .signal_group
            .map(|s| s.0)
    }

    /// The signal groups the MAP's connections name, sorted, once each.
    pub fn signal_groups(&self) -> Vec<u8> {
        let mut v: Vec<u8> = self
            .geometry
            .lane_set
            .0
            .iter()
            .flat_map(|l| l.connects_to.iter().flat_map(|c| c.0.iter()))
            .filter_map(|c| c.signal_group.map(|s| s.0))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The MAP's signal groups that the SPaT state lacks (all of them without a state),
    /// leaving out 255 (permanent green, which a SPaT need not carry).
    pub fn missing_signal_groups(&self) -> Vec<u8> {
        self.signal_groups()
            .into_iter()
            .filter(|&g| g != 255 && self.movement_state(g).is_none())
            .collect()
    }

    /// The SPaT movement state of signal group `signal_group`.
    pub fn movement_state(&self, signal_group: u8) -> Option<&'a MovementState> {
        self.state?
            .states
            .0
            .iter()
            .find(|m| m.signal_group.0 == signal_group)
    }

    /// The light for lane `lane_id` and `movement` at `now_utc_ms`: the phase state of the
    /// connection's signal group, and the time to its end (`TimeMark`s read with
    /// [`SignalizedIntersection::rules`]). `None` when the lane, the connection, its signal
    /// group, the SPaT state or the movement's events are missing.
    pub fn light(
        &self,
        lane_id: u8,
        movement: Movement,
        now_utc_ms: u64,
    ) -> Option<LightState<'a>> {
        let connection = self.connection(lane_id, movement)?;
        let signal_group = connection.signal_group?.0;
        let ms = self.movement_state(signal_group)?;
        let event = ms.state_time_speed.0.first()?;
        let timing = event.timing.as_ref();
        let abs = |m: Option<&TimeMark>| m.map(|m| self.rules.to_utc(*m, now_utc_ms));
        let secs = |v: Option<TimeMarkValue>| {
            v.and_then(|v| v.utc_ms())
                .map(|t| (t as i64 - now_utc_ms as i64) as f64 / 1000.0)
        };
        let min_end = abs(timing.map(|t| &t.min_end_time));
        let max_end = abs(timing.and_then(|t| t.max_end_time.as_ref()));
        let likely_end = abs(timing.and_then(|t| t.likely_time.as_ref()));
        Some(LightState {
            signal_group,
            connection,
            movement: ms,
            event,
            state: event.event_state,
            meaning: event.event_state.meaning(),
            aspect: event.event_state.aspect(),
            min_end,
            max_end,
            likely_end,
            seconds_to_min_end: secs(min_end),
            seconds_to_max_end: secs(max_end),
            seconds_to_likely_end: secs(likely_end),
        })
    }
}

//! The MAP and SPAT of every edition, read through one model: what [`super::lane`] and
//! [`super::timing`] need of them.
//!
//! The three editions agree on the shape (MAP: nodes → links entering them → lanes, with
//! movements and connections; SPAT: intersections → phases → predicted states) and on many
//! types (`NodeReferenceID`, `Position3D`, `RoadPoint`, `Movement`, `Connection`), but not
//! on the types that hold them: the 2019 draft's `Link` and `Lane` differ from 2020's on the
//! wire (an optional `linkWidth`, a lane width), 2017's `Link` has a mandatory `laneWidth`,
//! and 2017's SPAT has its own light-state numbers and end times that are durations
//! ([`CountingRule::DurationOfFuture`]). These traits are implemented for each edition's
//! types, so the receiver functions take a MAP or SPAT of any edition:
//!
//! | trait | 2020 | 2019 draft | 2017 |
//! |---|---|---|---|
//! | [`CsaeMap`] (and [`CsaeNode`], [`CsaeLink`], [`CsaeLane`]) | `v2020::MapData` | `v2019::MapData` | `v2017::MapData` |
//! | [`CsaeSpat`] (and [`CsaeIntersection`], [`CsaePhase`]) | `v2020::SPAT` (= `v2019::SPAT`) | the same type | `v2017::SPAT` |
//!
//! ```
//! use cv2x::csae::signal::{match_lane, CsaeMap, CsaeNode, MatchLimits};
//! use cv2x::csae::v2019::MessageFrame;
//! use cv2x::j2735::signal::geometry::LatLon;
//! use cv2x::per::Decode;
//!
//! // A real 2019-draft MAP (529 octets): its nodes and, near the first node, a lane.
//! let hex = include_str!("../../../tests/vectors/csae/map/zyjohn_v2x_example_txt_L497.hex").trim();
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let MessageFrame::MapFrame(map) = MessageFrame::from_uper(&bytes)? else { panic!() };
//! assert!(!map.nodes().is_empty());
//! let _near = match_lane(&map, LatLon::from_j2735(map.nodes()[0].ref_pos().lat.0, map.nodes()[0].ref_pos().long.0).unwrap(), 0.0, &MatchLimits::default());
//! # Ok::<(), cv2x::per::Error>(())
//! ```

use alloc::vec::Vec;

use super::timing::{CountingRule, PredictedState, Timing};
use super::Light;
use crate::csae::shared::{
    Connection, DSecond, MinuteOfTheYear, Movement, NodeReferenceID, Position3D, RoadPoint,
};
use crate::csae::{v2017, v2019, v2020};

// (`v2019::SPAT` is `v2020::SPAT`: one type, shared on the wire, so the 2020 SPAT model
// serves the 2019 draft.)

/// A CSAE MAP of any edition: its nodes.
pub trait CsaeMap {
    /// The edition's node.
    type Node: CsaeNode;
    /// `nodes`.
    fn nodes(&self) -> &[Self::Node];
}

/// A node (an intersection or a road's end) of a MAP.
pub trait CsaeNode {
    /// The edition's link.
    type Link: CsaeLink;
    /// `id` (= the SPAT's `intersectionId`).
    fn id(&self) -> NodeReferenceID;
    /// `refPos`: the reference of the lanes' offsets.
    fn ref_pos(&self) -> &Position3D;
    /// `inLinks`: the links entering the node (empty when absent).
    fn links(&self) -> &[Self::Link];
}

/// A link entering a node.
pub trait CsaeLink {
    /// The edition's lane.
    type Lane: CsaeLane;
    /// `upstreamNodeId`: the node the link comes from.
    fn upstream(&self) -> NodeReferenceID;
    /// `movements` (empty when absent).
    fn movements(&self) -> &[Movement];
    /// `lanes`.
    fn lanes(&self) -> &[Self::Lane];
}

/// A lane of a link.
pub trait CsaeLane {
    /// `laneID`.
    fn lane_id(&self) -> u8;
    /// `connectsTo` (empty when absent).
    fn connections(&self) -> &[Connection];
    /// `points`, upstream to downstream (empty when absent).
    fn points(&self) -> &[RoadPoint];
}

/// A CSAE SPAT of any edition.
pub trait CsaeSpat {
    /// The edition's intersection state.
    type State: CsaeIntersection;
    /// `intersections`.
    fn intersections(&self) -> &[Self::State];
    /// The message's time: minute of the year and milliseconds within the minute, where
    /// the edition sends them.
    fn time(&self) -> (Option<MinuteOfTheYear>, Option<DSecond>);
}

/// One intersection's state in a SPAT.
pub trait CsaeIntersection {
    /// The edition's phase.
    type Phase: CsaePhase;
    /// `intersectionId`.
    fn id(&self) -> NodeReferenceID;
    /// The state's own time (`moy`, `timeStamp`).
    fn time(&self) -> (Option<MinuteOfTheYear>, Option<DSecond>);
    /// `phases`.
    fn phases(&self) -> &[Self::Phase];
}

/// A phase of an intersection's state.
pub trait CsaePhase {
    /// How the edition's `counting` end times are read.
    const RULE: CountingRule;
    /// `id`.
    fn id(&self) -> u8;
    /// Its predicted states, in no edition's types.
    fn predicted(&self) -> Vec<PredictedState>;
}

/// The MAP traits for an edition whose types have the same field names.
macro_rules! map_model {
    ($ed:ident) => {
        impl CsaeMap for $ed::MapData {
            type Node = $ed::Node;
            fn nodes(&self) -> &[$ed::Node] {
                &self.nodes.0
            }
        }

        impl CsaeNode for $ed::Node {
            type Link = $ed::Link;
            fn id(&self) -> NodeReferenceID {
                self.id
            }
            fn ref_pos(&self) -> &Position3D {
                &self.ref_pos
            }
            fn links(&self) -> &[$ed::Link] {
                self.in_links.as_ref().map_or(&[], |l| &l.0)
            }
        }

        impl CsaeLink for $ed::Link {
            type Lane = $ed::Lane;
            fn upstream(&self) -> NodeReferenceID {
                self.upstream_node_id
            }
            fn movements(&self) -> &[Movement] {
                self.movements.as_ref().map_or(&[], |m| &m.0)
            }
            fn lanes(&self) -> &[$ed::Lane] {
                &self.lanes.0
            }
        }

        impl CsaeLane for $ed::Lane {
            fn lane_id(&self) -> u8 {
                self.lane_id.0
            }
            fn connections(&self) -> &[Connection] {
                self.connects_to.as_ref().map_or(&[], |c| &c.0)
            }
            fn points(&self) -> &[RoadPoint] {
                self.points.as_ref().map_or(&[], |p| &p.0)
            }
        }
    };
}

map_model!(v2020);
map_model!(v2019);
map_model!(v2017);

/// The SPAT traits for an edition: `$spat_time` reads the message's time.
macro_rules! spat_model {
    ($ed:ident, |$m:ident| $spat_time:expr, $rule:expr) => {
        impl CsaeSpat for $ed::SPAT {
            type State = $ed::IntersectionState;
            fn intersections(&self) -> &[$ed::IntersectionState] {
                &self.intersections.0
            }
            fn time(&self) -> (Option<MinuteOfTheYear>, Option<DSecond>) {
                let $m = self;
                $spat_time
            }
        }

        impl CsaeIntersection for $ed::IntersectionState {
            type Phase = $ed::Phase;
            fn id(&self) -> NodeReferenceID {
                self.intersection_id
            }
            fn time(&self) -> (Option<MinuteOfTheYear>, Option<DSecond>) {
                (self.moy, self.time_stamp)
            }
            fn phases(&self) -> &[$ed::Phase] {
                &self.phases.0
            }
        }

        impl CsaePhase for $ed::Phase {
            const RULE: CountingRule = $rule;
            fn id(&self) -> u8 {
                self.id.0
            }
            fn predicted(&self) -> Vec<PredictedState> {
                self.phase_states.0.iter().map(Into::into).collect()
            }
        }
    };
}

// The 2019 draft's SPAT is the 2020 type (one type, shared on the wire).
spat_model!(
    v2020,
    |m| (m.moy, m.time_stamp),
    CountingRule::FromReference
);
// 2017: the SPAT's `timeStamp` is a minute of the year, without milliseconds.
spat_model!(
    v2017,
    |m| (m.time_stamp, None),
    CountingRule::DurationOfFuture
);

impl From<v2017::LightState> for Light {
    /// CSAE 2017 numbering: J2735's up to 6, then 7 `intersection-clearance` (yellow) and
    /// 8 `caution-Conflicting-Traffic` (flashing yellow); 4 `pre-Movement` is red + yellow.
    fn from(s: v2017::LightState) -> Self {
        use v2017::LightState as S;
        match s {
            S::Unavailable => Light::Unknown,
            S::Dark => Light::Dark,
            S::StopThenProceed => Light::FlashingRed,
            S::StopAndRemain => Light::Red,
            S::PreMovement => Light::RedYellow,
            S::PermissiveMovementAllowed => Light::Green { protected: false },
            S::ProtectedMovementAllowed => Light::Green { protected: true },
            S::IntersectionClearance => Light::Yellow,
            S::CautionConflictingTraffic => Light::FlashingYellow,
        }
    }
}

impl From<&v2017::PhaseState> for PredictedState {
    /// A 2017 `PhaseState`: its times are `counting`, read under
    /// [`CountingRule::DurationOfFuture`].
    fn from(s: &v2017::PhaseState) -> Self {
        PredictedState {
            light: s.light.into(),
            timing: s.timing.as_ref().map(|t| Timing::Counting {
                start: t.start_time.0,
                min_end: t.min_end_time.map(|v| v.0),
                max_end: t.max_end_time.map(|v| v.0),
                likely_end: t.likely_end_time.0,
            }),
        }
    }
}

//! [`MapBuilder`]: a MapData from nodes, links and lanes in metres. Compiled in each
//! edition's `build` module (`ed` is the edition; see [`crate::csae::build`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::{
    count_and_minute_setters, offset_m, position3d, scaled, BuildError, FirstError,
};
use crate::per::{BitString, Encode};

/// A lane of a link: its id, width, points (metres east and north of its node's reference
/// position, **upstream to downstream**, the last at the stop line) and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneSpec {
    lane_id: u8,
    width_m: Option<f64>,
    attributes: Option<LaneAttributes>,
    maneuvers: Option<u16>,
    points_m: Vec<(f64, f64)>,
    connections: Vec<(NodeReferenceID, Option<u8>, Option<u8>)>,
}

impl LaneSpec {
    /// Lane `lane_id` (unique within its link).
    pub fn new(lane_id: u8) -> Self {
        LaneSpec {
            lane_id,
            width_m: None,
            attributes: None,
            maneuvers: None,
            points_m: Vec::new(),
            connections: Vec::new(),
        }
    }

    /// Its width in metres (0..=327.67). A 2017 lane has no width of its own (its link's
    /// applies): `build` refuses it there ([`BuildError::NotInEdition`]).
    pub fn width_m(mut self, w: f64) -> Self {
        self.width_m = Some(w);
        self
    }

    /// Its `LaneAttributes` (the lane's kind: vehicle, crosswalk, bike lane, ...).
    pub fn attributes(mut self, attributes: LaneAttributes) -> Self {
        self.attributes = Some(attributes);
        self
    }

    /// Its `AllowedManeuvers` (12 bits, most significant first as on the wire: `0x800`
    /// straight, `0x400` left, `0x200` right, `0x100` U-turn).
    pub fn maneuvers(mut self, bits: u16) -> Self {
        self.maneuvers = Some(bits);
        self
    }

    /// Its points, metres east and north of the node's reference position, upstream to
    /// downstream (2..=31 of them).
    pub fn points_m(mut self, points: &[(f64, f64)]) -> Self {
        self.points_m = points.to_vec();
        self
    }

    /// A connection toward node `toward` under phase `phase_id` (`None`: the link's
    /// movement toward that node decides).
    pub fn connects_to(mut self, toward: NodeReferenceID, phase_id: Option<u8>) -> Self {
        self.connections.push((toward, None, phase_id));
        self
    }

    /// A connection to lane `lane` of the link toward node `toward`.
    pub fn connects_to_lane(
        mut self,
        toward: NodeReferenceID,
        lane: u8,
        phase_id: Option<u8>,
    ) -> Self {
        self.connections.push((toward, Some(lane), phase_id));
        self
    }
}

/// A link entering a node: its upstream node, width, points, movements and lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSpec {
    upstream: NodeReferenceID,
    width_m: f64,
    name: Option<String>,
    points_m: Vec<(f64, f64)>,
    movements: Vec<(NodeReferenceID, Option<u8>)>,
    lanes: Vec<LaneSpec>,
}

impl LinkSpec {
    /// The link from node `upstream`, `width_m` metres wide (2020 `linkWidth`; 2017
    /// `laneWidth`, the width of each of its lanes).
    pub fn new(upstream: NodeReferenceID, width_m: f64) -> Self {
        LinkSpec {
            upstream,
            width_m,
            name: None,
            points_m: Vec::new(),
            movements: Vec::new(),
            lanes: Vec::new(),
        }
    }

    /// A name (1..=63 ASCII characters).
    pub fn name(mut self, n: &str) -> Self {
        self.name = Some(n.into());
        self
    }

    /// The centre line, metres east and north of the node, upstream to downstream.
    pub fn points_m(mut self, points: &[(f64, f64)]) -> Self {
        self.points_m = points.to_vec();
        self
    }

    /// The movement toward node `toward` and its phase (the default for the lanes).
    pub fn movement(mut self, toward: NodeReferenceID, phase_id: Option<u8>) -> Self {
        self.movements.push((toward, phase_id));
        self
    }

    /// Adds a lane.
    pub fn lane(mut self, lane: LaneSpec) -> Self {
        self.lanes.push(lane);
        self
    }
}

/// Builds a [`MapData`] of the edition: nodes (each with its reference position in degrees) and
/// the links entering them, in metres.
///
/// ```
/// use cv2x::csae::v2020::{LaneSpec, LinkSpec, MapBuilder, MessageFrame, NodeID, NodeReferenceID};
/// use cv2x::per::{Decode, Encode};
///
/// let node = |id| NodeReferenceID { region: None, id: NodeID(id) };
/// let map = MapBuilder::new(node(10), 39.9087, 116.3975)
///     .name("Tian'anmen")
///     .link(
///         LinkSpec::new(node(9), 10.5)
///             .points_m(&[(-300.0, 0.0), (-15.0, 0.0)])
///             .movement(node(11), Some(1))
///             .lane(LaneSpec::new(1).width_m(3.5).points_m(&[(-300.0, -1.75), (-15.0, -1.75)]))
///             .lane(LaneSpec::new(2).connects_to(node(12), Some(3))),
///     )
///     .node(node(11), 39.9087, 116.4010)
///     .build()?;
/// assert_eq!(map.nodes.0.len(), 2);
/// let bytes = MessageFrame::MapFrame(map.clone()).to_uper()?;
/// assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::MapFrame(map));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MapBuilder {
    msg_cnt: u8,
    moy: Option<u32>,
    nodes: Vec<Node>,
    err: FirstError,
}

impl MapBuilder {
    /// A MAP whose first node is `id`, its reference position at `lat_deg`, `lon_deg`.
    pub fn new(id: NodeReferenceID, lat_deg: f64, lon_deg: f64) -> Self {
        MapBuilder {
            msg_cnt: 0,
            moy: None,
            nodes: Vec::new(),
            err: FirstError::default(),
        }
        .node(id, lat_deg, lon_deg)
    }

    count_and_minute_setters!("timeStamp");

    /// Starts another node; the links added next enter it.
    pub fn node(mut self, id: NodeReferenceID, lat_deg: f64, lon_deg: f64) -> Self {
        let ref_pos = self
            .err
            .take(position3d(lat_deg, lon_deg, None))
            .unwrap_or_default();
        self.nodes.push(Node {
            name: None,
            id,
            ref_pos,
            in_links: None,
            ..Default::default()
        });
        self
    }

    /// The current node's name (1..=63 ASCII characters).
    pub fn name(mut self, n: &str) -> Self {
        if let Some(node) = self.nodes.last_mut() {
            node.name = Some(DescriptiveName(n.into()));
        }
        self
    }

    /// The current node's reference elevation in metres.
    pub fn elevation_m(mut self, m: f64) -> Self {
        let e = self
            .err
            .take(scaled("elevation", m, 10.0, -4096, 61_438, "m"));
        if let (Some(node), Some(e)) = (self.nodes.last_mut(), e) {
            node.ref_pos.elevation = Some(Elevation(e as i32));
        }
        self
    }

    /// Adds a link entering the current node.
    pub fn link(mut self, spec: LinkSpec) -> Self {
        let Some(node) = self.nodes.last() else {
            return self;
        };
        let link = self.err.take(link(&node.ref_pos, spec));
        if let (Some(node), Some(link)) = (self.nodes.last_mut(), link) {
            node.in_links
                .get_or_insert_with(|| LinkList(Vec::new()))
                .0
                .push(link);
        }
        self
    }

    /// The MapData, after checking every constraint by encoding it.
    pub fn build(self) -> Result<MapData, BuildError> {
        self.err.check()?;
        let map = MapData {
            msg_cnt: MsgCount(self.msg_cnt),
            time_stamp: self.moy.map(MinuteOfTheYear),
            nodes: NodeList(self.nodes),
            ext: None,
        };
        map.to_uper()?;
        Ok(map)
    }
}

fn points(reference: &Position3D, pts: &[(f64, f64)]) -> Result<Option<PointList>, BuildError> {
    if pts.is_empty() {
        return Ok(None);
    }
    let list = pts
        .iter()
        .map(|&(e, n)| {
            Ok(RoadPoint {
                pos_offset: offset_m(reference, e, n)?,
                ext: None,
            })
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    Ok(Some(PointList(list.into())))
}

fn width(w: f64) -> Result<LaneWidth, BuildError> {
    Ok(LaneWidth(
        scaled("laneWidth", w, 100.0, 0, 32_767, "m")? as u16
    ))
}

// The widths are where the editions' MAPs differ: the edition's module gives
// `set_link_width` (2020 `linkWidth`, the 2019 draft's optional one, 2017 `laneWidth`) and
// `set_lane_width` (2020 and the 2019 draft; a 2017 lane has none).
fn link(reference: &Position3D, spec: LinkSpec) -> Result<Link, BuildError> {
    let lanes = spec
        .lanes
        .into_iter()
        .map(|l| {
            let mut lane = Lane {
                lane_id: LaneID(l.lane_id),
                lane_attributes: l.attributes,
                maneuvers: l
                    .maneuvers
                    .map(|b| AllowedManeuvers(BitString::from_u64(u64::from(b & 0xfff), 12))),
                connects_to: (!l.connections.is_empty()).then(|| {
                    ConnectsToList(
                        l.connections
                            .iter()
                            .map(|&(to, lane, phase)| Connection {
                                remote_intersection: to,
                                connecting_lane: lane.map(|lane| ConnectingLane {
                                    lane: LaneID(lane),
                                    maneuver: None,
                                }),
                                phase_id: phase.map(PhaseID),
                            })
                            .collect(),
                    )
                }),
                speed_limits: None,
                points: points(reference, &l.points_m)?,
                ..Default::default()
            };
            super::set_lane_width(&mut lane, l.width_m.map(width).transpose()?)?;
            Ok(lane)
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let mut link = Link {
        name: spec.name.map(DescriptiveName),
        upstream_node_id: spec.upstream,
        speed_limits: None,
        points: points(reference, &spec.points_m)?,
        movements: (!spec.movements.is_empty()).then(|| {
            MovementList(
                spec.movements
                    .iter()
                    .map(|&(to, phase)| Movement {
                        remote_intersection: to,
                        phase_id: phase.map(PhaseID),
                    })
                    .collect(),
            )
        }),
        lanes: LaneList(lanes.into()),
        ..Default::default()
    };
    super::set_link_width(&mut link, width(spec.width_m)?);
    Ok(link)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csae::signal::point_position;
    use crate::j2735::signal::geometry::{LatLon, LocalFrame};

    fn node(id: u16) -> NodeReferenceID {
        NodeReferenceID {
            region: None,
            id: NodeID(id),
        }
    }

    #[test]
    fn points_come_back_to_within_a_centimetre() {
        let map = MapBuilder::new(node(1), 22.54, 114.05)
            .link(
                LinkSpec::new(node(2), 7.0)
                    .lane(LaneSpec::new(1).points_m(&[(-250.0, 3.0), (-12.5, -1.75)])),
            )
            .build()
            .unwrap();
        let n = &map.nodes.0[0];
        let lane = &n.in_links.as_ref().unwrap().0[0].lanes.0[0];
        let frame = LocalFrame::new(LatLon::from_j2735(n.ref_pos.lat.0, n.ref_pos.long.0).unwrap());
        let pts = &lane.points.as_ref().unwrap().0;
        let (e, nn) = frame.to_east_north(point_position(&n.ref_pos, &pts[1]).unwrap());
        assert!(
            (e + 12.5).abs() < 0.01 && (nn + 1.75).abs() < 0.01,
            "{e} {nn}"
        );
        // 250 m takes 16 bits of 1e-7 degrees, 12.5 m fits in 12.
        assert!(matches!(
            pts[0].pos_offset.offset_ll,
            PositionOffsetLL::PositionLL3(_)
        ));
        assert!(matches!(
            pts[1].pos_offset.offset_ll,
            PositionOffsetLL::PositionLL1(_)
        ));
    }

    #[test]
    fn bad_values_are_refused() {
        let e = MapBuilder::new(node(1), 95.0, 0.0).build().unwrap_err();
        assert!(
            matches!(e, BuildError::OutOfRange { field: "lat", .. }),
            "{e}"
        );
        let e = MapBuilder::new(node(1), 30.0, 120.0)
            .link(LinkSpec::new(node(2), -1.0))
            .build()
            .unwrap_err();
        assert!(
            matches!(
                e,
                BuildError::OutOfRange {
                    field: "laneWidth",
                    ..
                }
            ),
            "{e}"
        );
        // One point is not a PointList (2..=31): found by encoding.
        let e = MapBuilder::new(node(1), 30.0, 120.0)
            .link(
                LinkSpec::new(node(2), 3.0)
                    .points_m(&[(0.0, 0.0)])
                    .lane(LaneSpec::new(1)),
            )
            .build()
            .unwrap_err();
        assert!(matches!(e, BuildError::Encode(_)), "{e}");
    }
}

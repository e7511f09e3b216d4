//! [`MapBuilder`]: a MAP for one intersection from lanes given as points in centimetres.

use alloc::string::String;
use alloc::vec::Vec;

use crate::j2735::units;
use crate::j2735::*;
use crate::per::{BitString, Encode, Error, ErrorKind, Result};

/// What a lane is for (the `LaneTypeAttributes` alternative; its bits all clear).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneKind {
    /// Motor vehicles.
    Vehicle,
    /// A pedestrian crosswalk.
    Crosswalk,
    /// A bike lane.
    BikeLane,
    /// A sidewalk.
    Sidewalk,
}

/// A connection from the end of an ingress lane to another lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionSpec {
    /// The lane it leads to.
    pub to_lane: u8,
    /// The signal group controlling the movement, if signalised.
    pub signal_group: Option<u8>,
    /// The maneuver, as `AllowedManeuvers` bits (bit 0 straight, 1 left, 2 right, ...) in the
    /// low 12 bits, most significant first as on the wire (`0x800` = straight).
    pub maneuver: Option<u16>,
}

/// A lane in a readable form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneSpec {
    /// `laneID` (1..=255; 0 is reserved).
    pub id: u8,
    /// What the lane is for.
    pub kind: LaneKind,
    /// The approach this lane enters the intersection on (sets the ingress direction bit).
    pub ingress_approach: Option<u8>,
    /// The approach this lane leaves the intersection on (sets the egress direction bit).
    pub egress_approach: Option<u8>,
    /// Allowed maneuvers at the stop line (`AllowedManeuvers`, 12 bits as in
    /// [`ConnectionSpec::maneuver`]).
    pub maneuvers: Option<u16>,
    /// The lane's centre line as points east (x) and north (y) of the intersection's
    /// reference point, in centimetres, starting at the stop line (at least two points).
    pub points_cm: Vec<(i32, i32)>,
    /// Where traffic in this lane may go.
    pub connections: Vec<ConnectionSpec>,
}

/// Builds a `MapData` with one intersection.
///
/// ```
/// use cv2x::j2735::{ConnectionSpec, LaneKind, LaneSpec, MapBuilder, MessageFrame};
/// use cv2x::per::Encode;
///
/// let map = MapBuilder::new(1234, 42.3001, -83.7001)
///     .name("Main & 1st")
///     .lane_width_cm(350)
///     .lane(LaneSpec {
///         id: 1,
///         kind: LaneKind::Vehicle,
///         ingress_approach: Some(1),
///         egress_approach: None,
///         maneuvers: Some(0x800 | 0x200),
///         points_cm: vec![(-175, -1500), (-175, -4500)],
///         connections: vec![ConnectionSpec { to_lane: 5, signal_group: Some(2), maneuver: Some(0x800) }],
///     })
///     .build()?;
/// assert!(MessageFrame::from(map).to_uper()?.len() > 20);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct MapBuilder {
    id: u16,
    lat_deg: f64,
    long_deg: f64,
    elevation_m: Option<f64>,
    revision: u8,
    name: Option<String>,
    lane_width_cm: Option<u16>,
    lanes: Vec<LaneSpec>,
}

impl MapBuilder {
    /// An intersection `id` whose reference point is at `lat_deg`, `long_deg`.
    pub fn new(id: u16, lat_deg: f64, long_deg: f64) -> Self {
        MapBuilder {
            id,
            lat_deg,
            long_deg,
            elevation_m: None,
            revision: 0,
            name: None,
            lane_width_cm: None,
            lanes: Vec::new(),
        }
    }
    /// The reference point's elevation in metres.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.elevation_m = Some(m);
        self
    }
    /// The intersection's revision (`revision`, and the MAP's `msgIssueRevision`).
    pub fn revision(mut self, r: u8) -> Self {
        self.revision = r;
        self
    }
    /// A descriptive name (1..=63 ASCII characters).
    pub fn name(mut self, n: &str) -> Self {
        self.name = Some(n.into());
        self
    }
    /// The default lane width, centimetres.
    pub fn lane_width_cm(mut self, w: u16) -> Self {
        self.lane_width_cm = Some(w);
        self
    }
    /// Adds a lane.
    pub fn lane(mut self, l: LaneSpec) -> Self {
        self.lanes.push(l);
        self
    }

    /// Builds the MAP and checks every constraint by encoding it.
    pub fn build(self) -> Result<MapData> {
        let range = |p: &'static str| Error::new(ErrorKind::ValueOutOfRange, 0).in_field(p);
        let lat = units::lat_from_deg(self.lat_deg).ok_or(range("Position3D.lat"))?;
        let long = units::long_from_deg(self.long_deg).ok_or(range("Position3D.long"))?;
        let lanes = self.lanes.iter().map(lane).collect::<Result<Vec<_>>>()?;
        let geometry = IntersectionGeometry {
            name: self.name.map(DescriptiveName),
            id: IntersectionReferenceID {
                region: None,
                id: IntersectionID(self.id),
            },
            revision: MsgCount(self.revision),
            ref_point: Position3D {
                lat: Latitude(lat),
                long: Longitude(long),
                elevation: self
                    .elevation_m
                    .map(|m| Elevation(units::elev_from_m(m) as _)),
                regional: None,
                ext: None,
            },
            lane_width: self.lane_width_cm.map(LaneWidth),
            speed_limits: None,
            lane_set: LaneList(lanes),
            preempt_priority_data: None,
            regional: None,
            road_authority_id: None,
            ext: None,
        };
        let map = MapData {
            time_stamp: None,
            msg_issue_revision: MsgCount(self.revision),
            layer_type: Some(LayerType::IntersectionData),
            layer_id: None,
            intersections: Some(IntersectionGeometryList(alloc::vec![geometry])),
            road_segments: None,
            data_parameters: None,
            restriction_list: None,
            regional: None,
            ext: None,
        };
        map.to_uper()?;
        Ok(map)
    }
}

fn bits(v: u64, len: usize) -> BitString {
    BitString::from_u64(v, len)
}

fn lane(l: &LaneSpec) -> Result<GenericLane> {
    let direction = (l.ingress_approach.is_some() as u64) << 1 | l.egress_approach.is_some() as u64;
    let lane_type = match l.kind {
        LaneKind::Vehicle => LaneTypeAttributes::Vehicle(LaneAttributesVehicle(bits(0, 8))),
        LaneKind::Crosswalk => LaneTypeAttributes::Crosswalk(LaneAttributesCrosswalk(bits(0, 16))),
        LaneKind::BikeLane => LaneTypeAttributes::BikeLane(LaneAttributesBike(bits(0, 16))),
        LaneKind::Sidewalk => LaneTypeAttributes::Sidewalk(LaneAttributesSidewalk(bits(0, 16))),
    };
    let mut prev = (0i32, 0i32);
    let mut nodes = Vec::with_capacity(l.points_cm.len());
    for &(x, y) in &l.points_cm {
        let delta = node_offset(x - prev.0, y - prev.1)?;
        nodes.push(NodeXY {
            delta,
            attributes: None,
            ext: None,
        });
        prev = (x, y);
    }
    let connections = l
        .connections
        .iter()
        .map(|c| Connection {
            connecting_lane: ConnectingLane {
                lane: LaneID(c.to_lane),
                maneuver: c.maneuver.map(|m| AllowedManeuvers(bits(m as u64, 12))),
            },
            remote_intersection: None,
            signal_group: c.signal_group.map(SignalGroupID),
            user_class: None,
            connection_id: None,
        })
        .collect::<Vec<_>>();
    Ok(GenericLane {
        lane_id: LaneID(l.id),
        name: None,
        ingress_approach: l.ingress_approach.map(ApproachID),
        egress_approach: l.egress_approach.map(ApproachID),
        lane_attributes: LaneAttributes {
            directional_use: LaneDirection(bits(direction, 2)),
            shared_with: LaneSharing(bits(0, 10)),
            lane_type,
            regional: None,
        },
        maneuvers: l.maneuvers.map(|m| AllowedManeuvers(bits(m as u64, 12))),
        node_list: NodeListXY::Nodes(NodeSetXY(nodes)),
        connects_to: (!connections.is_empty()).then_some(ConnectsToList(connections)),
        overlays: None,
        regional: None,
        ext: None,
    })
}

/// The smallest `NodeOffsetPointXY` form that holds `(dx, dy)` centimetres.
fn node_offset(dx: i32, dy: i32) -> Result<NodeOffsetPointXY> {
    // Offset-B<n> is a signed n-bit range.
    let fits = |n: u32| {
        [dx, dy]
            .iter()
            .all(|&v| (-(1 << (n - 1))..1 << (n - 1)).contains(&v))
    };
    let (x, y) = (dx as i16, dy as i16);
    Ok(if fits(10) {
        NodeOffsetPointXY::NodeXY1(NodeXY20b {
            x: OffsetB10(x),
            y: OffsetB10(y),
        })
    } else if fits(11) {
        NodeOffsetPointXY::NodeXY2(NodeXY22b {
            x: OffsetB11(x),
            y: OffsetB11(y),
        })
    } else if fits(12) {
        NodeOffsetPointXY::NodeXY3(NodeXY24b {
            x: OffsetB12(x),
            y: OffsetB12(y),
        })
    } else if fits(13) {
        NodeOffsetPointXY::NodeXY4(NodeXY26b {
            x: OffsetB13(x),
            y: OffsetB13(y),
        })
    } else if fits(14) {
        NodeOffsetPointXY::NodeXY5(NodeXY28b {
            x: OffsetB14(x),
            y: OffsetB14(y),
        })
    } else if fits(16) {
        NodeOffsetPointXY::NodeXY6(NodeXY32b {
            x: OffsetB16(x),
            y: OffsetB16(y),
        })
    } else {
        return Err(Error::new(ErrorKind::ValueOutOfRange, 0).in_field("NodeOffsetPointXY"));
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::Decode;

    #[test]
    fn smallest_node_form() {
        assert!(matches!(
            node_offset(511, -512).unwrap(),
            NodeOffsetPointXY::NodeXY1(_)
        ));
        assert!(matches!(
            node_offset(512, 0).unwrap(),
            NodeOffsetPointXY::NodeXY2(_)
        ));
        assert!(matches!(
            node_offset(0, -1024).unwrap(),
            NodeOffsetPointXY::NodeXY2(_)
        ));
        assert!(matches!(
            node_offset(-1025, 0).unwrap(),
            NodeOffsetPointXY::NodeXY3(_)
        ));
        assert!(matches!(
            node_offset(8191, 0).unwrap(),
            NodeOffsetPointXY::NodeXY5(_)
        ));
        assert!(matches!(
            node_offset(8192, 0).unwrap(),
            NodeOffsetPointXY::NodeXY6(_)
        ));
        assert!(node_offset(40_000, 0).is_err());
    }

    #[test]
    fn built_map_round_trips() {
        let lane = |id, p: Vec<(i32, i32)>| LaneSpec {
            id,
            kind: LaneKind::Vehicle,
            ingress_approach: Some(1),
            egress_approach: None,
            maneuvers: None,
            points_cm: p,
            connections: alloc::vec![ConnectionSpec {
                to_lane: 9,
                signal_group: Some(4),
                maneuver: None
            }],
        };
        let map = MapBuilder::new(7, 42.0, -83.0)
            .lane(lane(1, alloc::vec![(-175, -1500), (-175, -30000)]))
            .lane(lane(2, alloc::vec![(100, 200), (600, 200), (600, 9000)]))
            .build()
            .unwrap();
        let again = MapData::from_uper(&map.to_uper().unwrap()).unwrap();
        assert_eq!(again, map);
        let lanes = &again.intersections.unwrap().0[0].lane_set.0;
        let NodeListXY::Nodes(n) = &lanes[0].node_list else {
            panic!()
        };
        // Second node: 285 m south of the first, in the 32-bit form.
        assert!(matches!(
            n.0[1].delta,
            NodeOffsetPointXY::NodeXY6(NodeXY32b {
                x: OffsetB16(0),
                y: OffsetB16(-28500)
            })
        ));
    }

    #[test]
    fn out_of_range_is_refused() {
        let lane = LaneSpec {
            id: 1,
            kind: LaneKind::Crosswalk,
            ingress_approach: None,
            egress_approach: None,
            maneuvers: None,
            points_cm: alloc::vec![(0, 0)],
            connections: alloc::vec![],
        };
        // A one-node lane: NodeSetXY needs at least two.
        assert_eq!(
            MapBuilder::new(1, 0.0, 0.0)
                .lane(lane)
                .build()
                .unwrap_err()
                .kind,
            ErrorKind::SizeOutOfRange
        );
        assert!(MapBuilder::new(1, 91.0, 0.0).build().is_err());
    }
}

//! Lane nodes of a MAP to latitude / longitude.
//!
//! # What J2735 says (SAE's J2735-2020 ASN.1, module `Common`)
//!
//! - A lane's `NodeSetXY` is a list of 2..63 nodes. Each `NodeOffsetPointXY` offset is from the
//!   previous node ("node is within 5.11 m of last node" for `node-XY1`, 10.23 m `node-XY2`,
//!   20.47 m `node-XY3`, 40.96 m `node-XY4`, 81.91 m `node-XY5`, 327.67 m `node-XY6`), the
//!   first from the intersection's (or road segment's) `refPoint`; offsets are in cm, `x` east
//!   and `y` north (`asn1/j2735/Common.asn`). So positions are cumulative along the list.
//! - `node-LatLon` is an absolute position (`Node-LLmD-64b`, 1/10 micro degree); a node after
//!   it is offset from it.
//! - `dElevation` (10 cm) is "added to the current Elevation at this node and from this node
//!   onwards", so elevations are cumulative too, from the `refPoint` elevation.
//! - A `computed` lane (`ComputedLane`) is another lane of the same intersection translated:
//!   "the values found in the reference lane are all offset based on the X and Y values from
//!   the coordinates of the reference lane's initial path point" (`offsetXaxis`/`offsetYaxis`,
//!   cm); optionally rotated (`rotateXY`, 0.0125 degree, "about the initial path point") and
//!   scaled (`scaleXaxis`/`scaleYaxis`, 0.05 % steps, "from the coordinates of the reference
//!   lane's initial path point"; Z untouched).
//!
//! # How it is computed here, and how precise it is
//!
//! Offsets are east / north metres in a flat local plane at the reference point, turned into
//! degrees with the WGS-84 radii of curvature there (meridian `M` and prime vertical `N`):
//! `lat = lat0 + north / M`, `lon = lon0 + east / (N cos lat0)`. This is the usual flat-earth
//! reading of J2735 offsets. Against an exact conversion from the local tangent (east-north-up)
//! plane to WGS-84 (through ECEF), the horizontal difference grows with the square of the
//! distance and with latitude: at 45 degrees about 1 mm at 100 m, 1 cm at 330 m (the longest
//! single `node-XY6` offset), 9 cm at 1 km and 36 cm at 2 km; at 60 degrees 1.7 cm at 330 m and
//! 16 cm at 1 km; under 0.1 mm at 2 km on the equator. A lane node's own resolution is 1 cm.
//!
//! A computed lane is resolved when its reference lane has explicit nodes and `rotateXY` is
//! absent or zero (J2735 does not say which way a rotation turns); scaling is applied about the
//! reference lane's first node, then the offset. Otherwise [`ComputedOffsets`] gives the raw
//! description.
//!
//! ```
//! use cv2x::j2735::signal::geometry::{LatLon, LocalFrame};
//!
//! let frame = LocalFrame::new(LatLon { lat_deg: 38.9549844, lon_deg: -77.1493239 });
//! let p = frame.to_lat_lon(100.0, 0.0); // 100 m east
//! assert!((p.lat_deg - 38.9549844).abs() < 1e-12);
//! assert!((p.lon_deg - -77.1481703).abs() < 1e-6);
//! let (e, n) = frame.to_east_north(p);
//! assert!((e - 100.0).abs() < 1e-6 && n.abs() < 1e-6);
//! ```

use alloc::vec::Vec;
use core::f64::consts::PI;
use core::fmt;

use super::math::{sin_cos, sqrt};
use crate::j2735::{
    ComputedLane, ComputedLaneOffsetXaxis, ComputedLaneOffsetYaxis, GenericLane,
    IntersectionGeometry, NodeListXY, NodeOffsetPointXY, NodeXY, Position3D,
};

/// WGS-84 semi-major axis, metres.
pub const WGS84_A: f64 = 6_378_137.0;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;
const E2: f64 = WGS84_F * (2.0 - WGS84_F);
const DEG: f64 = PI / 180.0;

/// `Latitude` / `Longitude` unavailable values.
const LAT_UNAVAILABLE: i32 = 900_000_001;
const LON_UNAVAILABLE: i32 = 1_800_000_001;
/// `Elevation` unknown.
const ELEV_UNKNOWN: i32 = -4096;

/// A position in degrees (WGS-84).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude, degrees north.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
}

impl LatLon {
    /// From J2735 `Latitude` / `Longitude` (1/10 micro degree); `None` when unavailable or
    /// out of range.
    pub fn from_j2735(lat: i32, lon: i32) -> Option<Self> {
        let ok = lat != LAT_UNAVAILABLE
            && lon != LON_UNAVAILABLE
            && (-900_000_000..=900_000_000).contains(&lat)
            && (-1_800_000_000..=1_800_000_000).contains(&lon);
        ok.then(|| LatLon {
            lat_deg: lat as f64 / 1e7,
            lon_deg: lon as f64 / 1e7,
        })
    }
}

/// Meridian radius of curvature of WGS-84 at a latitude (degrees), metres.
pub fn meridian_radius(lat_deg: f64) -> f64 {
    let (s, _) = sin_cos(lat_deg * DEG);
    let w = 1.0 - E2 * s * s;
    WGS84_A * (1.0 - E2) / (w * sqrt(w))
}

/// Prime-vertical radius of curvature of WGS-84 at a latitude (degrees), metres.
pub fn prime_vertical_radius(lat_deg: f64) -> f64 {
    let (s, _) = sin_cos(lat_deg * DEG);
    WGS84_A / sqrt(1.0 - E2 * s * s)
}

/// A flat east / north plane in metres at an origin (see the [module docs](self) for the
/// precision).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalFrame {
    origin: LatLon,
    m_per_deg_lat: f64,
    m_per_deg_lon: f64,
}

impl LocalFrame {
    /// The plane at `origin`.
    pub fn new(origin: LatLon) -> Self {
        let (_, c) = sin_cos(origin.lat_deg * DEG);
        LocalFrame {
            origin,
            m_per_deg_lat: meridian_radius(origin.lat_deg) * DEG,
            m_per_deg_lon: prime_vertical_radius(origin.lat_deg) * c * DEG,
        }
    }

    /// The plane at a `refPoint`; `None` when its latitude or longitude is unavailable.
    pub fn from_position(p: &Position3D) -> Option<Self> {
        LatLon::from_j2735(p.lat.0, p.long.0).map(LocalFrame::new)
    }

    /// The origin.
    pub fn origin(&self) -> LatLon {
        self.origin
    }

    /// The position `east_m` east and `north_m` north of the origin (longitude wrapped into
    /// -180..=180).
    pub fn to_lat_lon(&self, east_m: f64, north_m: f64) -> LatLon {
        let mut lon = self.origin.lon_deg + east_m / self.m_per_deg_lon;
        if lon > 180.0 {
            lon -= 360.0;
        } else if lon < -180.0 {
            lon += 360.0;
        }
        LatLon {
            lat_deg: self.origin.lat_deg + north_m / self.m_per_deg_lat,
            lon_deg: lon,
        }
    }

    /// East and north metres of `p` from the origin (the inverse of [`LocalFrame::to_lat_lon`]).
    pub fn to_east_north(&self, p: LatLon) -> (f64, f64) {
        let mut dlon = p.lon_deg - self.origin.lon_deg;
        if dlon > 180.0 {
            dlon -= 360.0;
        } else if dlon < -180.0 {
            dlon += 360.0;
        }
        (
            dlon * self.m_per_deg_lon,
            (p.lat_deg - self.origin.lat_deg) * self.m_per_deg_lat,
        )
    }
}

/// A lane node, absolute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodePoint {
    /// Metres east of the reference point.
    pub east_m: f64,
    /// Metres north of the reference point.
    pub north_m: f64,
    /// Latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees.
    pub lon_deg: f64,
    /// Elevation in metres: the reference point's plus the `dElevation`s so far; `None` when
    /// the reference point has none.
    pub elevation_m: Option<f64>,
}

impl NodePoint {
    /// Distance from the reference point in the local plane, metres.
    pub fn distance_m(&self) -> f64 {
        sqrt(self.east_m * self.east_m + self.north_m * self.north_m)
    }

    /// Latitude and longitude.
    pub fn lat_lon(&self) -> LatLon {
        LatLon {
            lat_deg: self.lat_deg,
            lon_deg: self.lon_deg,
        }
    }
}

/// One node's offset, whatever its form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeDelta {
    /// `node-XY1`..`node-XY6`: centimetres east and north of the previous node.
    Offset {
        /// cm east.
        x_cm: i32,
        /// cm north.
        y_cm: i32,
    },
    /// `node-LatLon`: an absolute position, 1/10 micro degree.
    LatLon {
        /// `Latitude`.
        lat: i32,
        /// `Longitude`.
        lon: i32,
    },
}

impl NodeDelta {
    /// The offset of `p`; `None` for a `regional` node (its content is not J2735's).
    pub fn of(p: &NodeOffsetPointXY) -> Option<Self> {
        let (x, y) = match p {
            NodeOffsetPointXY::NodeXY1(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeXY2(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeXY3(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeXY4(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeXY5(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeXY6(n) => (n.x.0 as i32, n.y.0 as i32),
            NodeOffsetPointXY::NodeLatLon(n) => {
                return Some(NodeDelta::LatLon {
                    lat: n.lat.0,
                    lon: n.lon.0,
                })
            }
            NodeOffsetPointXY::Regional(_) => return None,
        };
        Some(NodeDelta::Offset { x_cm: x, y_cm: y })
    }
}

/// Why a lane's nodes could not be placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeometryError {
    /// The reference point's latitude or longitude is unavailable.
    RefPointUnavailable,
    /// Node `index` is a `regional` node, whose offset this crate cannot read.
    RegionalNode {
        /// Index in the node list.
        index: usize,
    },
    /// Node `index` is a `node-LatLon` with an unavailable latitude or longitude.
    LatLonUnavailable {
        /// Index in the node list.
        index: usize,
    },
    /// The node list is an alternative added after J2735-2020.
    UnknownNodeList,
    /// A computed lane's reference lane is not in the intersection.
    MissingReferenceLane {
        /// `referenceLaneId`.
        lane: u8,
    },
    /// A computed lane's reference lane is itself computed (not resolved here).
    ReferenceLaneComputed {
        /// `referenceLaneId`.
        lane: u8,
    },
    /// A computed lane is rotated; J2735 does not say in which direction.
    Rotated {
        /// `rotateXY`, 0.0125 degree.
        rotate_xy: u16,
    },
}

impl fmt::Display for GeometryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeometryError::RefPointUnavailable => f.write_str("reference point unavailable"),
            GeometryError::RegionalNode { index } => write!(f, "node {index} is regional"),
            GeometryError::LatLonUnavailable { index } => {
                write!(f, "node {index}: latitude or longitude unavailable")
            }
            GeometryError::UnknownNodeList => f.write_str("unknown node list alternative"),
            GeometryError::MissingReferenceLane { lane } => {
                write!(f, "computed lane: reference lane {lane} not found")
            }
            GeometryError::ReferenceLaneComputed { lane } => {
                write!(f, "computed lane: reference lane {lane} is itself computed")
            }
            GeometryError::Rotated { rotate_xy } => {
                write!(f, "computed lane rotated by {rotate_xy} x 0.0125 degree")
            }
        }
    }
}

impl core::error::Error for GeometryError {}

/// The nodes of a `NodeSetXY` placed in `frame` (the reference point's), cumulatively.
/// `ref_elevation_m` starts the elevations (see [`NodePoint::elevation_m`]).
pub fn node_points(
    frame: &LocalFrame,
    ref_elevation_m: Option<f64>,
    nodes: &[NodeXY],
) -> Result<Vec<NodePoint>, GeometryError> {
    let (mut east, mut north) = (0.0f64, 0.0f64);
    let mut elev = ref_elevation_m;
    let mut out = Vec::with_capacity(nodes.len());
    for (index, node) in nodes.iter().enumerate() {
        match NodeDelta::of(&node.delta).ok_or(GeometryError::RegionalNode { index })? {
            NodeDelta::Offset { x_cm, y_cm } => {
                east += x_cm as f64 / 100.0;
                north += y_cm as f64 / 100.0;
            }
            NodeDelta::LatLon { lat, lon } => {
                let p = LatLon::from_j2735(lat, lon)
                    .ok_or(GeometryError::LatLonUnavailable { index })?;
                (east, north) = frame.to_east_north(p);
            }
        }
        if let (Some(e), Some(d)) = (
            elev.as_mut(),
            node.attributes.as_ref().and_then(|a| a.d_elevation),
        ) {
            *e += d.0 as f64 / 10.0;
        }
        let ll = frame.to_lat_lon(east, north);
        out.push(NodePoint {
            east_m: east,
            north_m: north,
            lat_deg: ll.lat_deg,
            lon_deg: ll.lon_deg,
            elevation_m: elev,
        });
    }
    Ok(out)
}

/// A computed lane's description, in plain numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ComputedOffsets {
    /// `referenceLaneId`.
    pub reference_lane: u8,
    /// `offsetXaxis`, cm east.
    pub offset_x_cm: i32,
    /// `offsetYaxis`, cm north.
    pub offset_y_cm: i32,
    /// `rotateXY`, 0.0125 degree.
    pub rotate_xy: Option<u16>,
    /// `scaleXaxis`, 0.05 % steps.
    pub scale_x: Option<i16>,
    /// `scaleYaxis`, 0.05 % steps.
    pub scale_y: Option<i16>,
}

impl ComputedOffsets {
    /// The numbers of `c`.
    pub fn of(c: &ComputedLane) -> Self {
        ComputedOffsets {
            reference_lane: c.reference_lane_id.0,
            offset_x_cm: match &c.offset_xaxis {
                ComputedLaneOffsetXaxis::Small(v) => v.0 as i32,
                ComputedLaneOffsetXaxis::Large(v) => v.0 as i32,
            },
            offset_y_cm: match &c.offset_yaxis {
                ComputedLaneOffsetYaxis::Small(v) => v.0 as i32,
                ComputedLaneOffsetYaxis::Large(v) => v.0 as i32,
            },
            rotate_xy: c.rotate_xy.map(|a| a.0),
            scale_x: c.scale_xaxis.map(|s| s.0),
            scale_y: c.scale_yaxis.map(|s| s.0),
        }
    }

    /// The factor of `scaleXaxis` (1 when absent).
    pub fn scale_x_factor(&self) -> f64 {
        1.0 + self.scale_x.unwrap_or(0) as f64 * 0.0005
    }

    /// The factor of `scaleYaxis` (1 when absent).
    pub fn scale_y_factor(&self) -> f64 {
        1.0 + self.scale_y.unwrap_or(0) as f64 * 0.0005
    }

    /// Whether the lane is rotated (`rotateXY` present and neither 0 nor a full turn).
    pub fn is_rotated(&self) -> bool {
        !matches!(self.rotate_xy, None | Some(0) | Some(28_800))
    }

    /// `reference`'s nodes (the reference lane, placed) moved as this description says.
    pub fn apply(
        &self,
        frame: &LocalFrame,
        reference: &[NodePoint],
    ) -> Result<Vec<NodePoint>, GeometryError> {
        if self.is_rotated() {
            return Err(GeometryError::Rotated {
                rotate_xy: self.rotate_xy.unwrap_or(0),
            });
        }
        let Some(first) = reference.first() else {
            return Ok(Vec::new());
        };
        let (sx, sy) = (self.scale_x_factor(), self.scale_y_factor());
        let (dx, dy) = (
            self.offset_x_cm as f64 / 100.0,
            self.offset_y_cm as f64 / 100.0,
        );
        Ok(reference
            .iter()
            .map(|p| {
                let east = first.east_m + (p.east_m - first.east_m) * sx + dx;
                let north = first.north_m + (p.north_m - first.north_m) * sy + dy;
                let ll = frame.to_lat_lon(east, north);
                NodePoint {
                    east_m: east,
                    north_m: north,
                    lat_deg: ll.lat_deg,
                    lon_deg: ll.lon_deg,
                    elevation_m: p.elevation_m,
                }
            })
            .collect())
    }
}

/// Elevation in metres of a `Position3D`, if known.
pub fn ref_elevation_m(p: &Position3D) -> Option<f64> {
    p.elevation
        .filter(|e| e.0 != ELEV_UNKNOWN)
        .map(|e| e.0 as f64 / 10.0)
}

/// The nodes of `lane`, an intersection's lane, placed (computed lanes resolved as the
/// [module docs](self) say).
///
/// ```
/// use cv2x::j2735::signal::geometry::lane_points;
/// use cv2x::j2735::{Message, MessageFrame};
/// use cv2x::per::Decode;
/// # fn unhex(h: &str) -> Vec<u8> { (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect() }
///
/// // A real MAP (USDOT j2735decoder sample): intersection 9709 at 38.9549947 N, 77.1493143 W;
/// // lane 1 is node-XY6 (14.57 m, -1.90 m) then (+22.32 m, -3.82 m).
/// let hex = "00123b38073000204bda1d4cdcf87b3d4dc4e8118602dc0248022800080001616c5fd08b1170fd040b02800020110022200040000af269054e5770e837b0";
/// let frame = MessageFrame::from_uper(&unhex(hex))?;
/// let Message::MapData(map) = &frame.message else { panic!("not a MAP") };
/// let x = &map.intersections.as_ref().unwrap().0[0];
/// let nodes = lane_points(x, &x.lane_set.0[0]).expect("placed");
/// assert_eq!(nodes.len(), 2);
/// assert!((nodes[1].east_m - 36.89).abs() < 1e-9 && (nodes[1].north_m - -5.72).abs() < 1e-9);
/// assert!((nodes[1].lat_deg - 38.95494318).abs() < 1e-8);
/// assert!((nodes[1].lon_deg - -77.14888872).abs() < 1e-8);
/// assert_eq!(nodes[0].elevation_m, Some(39.0));
/// # Ok::<(), cv2x::per::Error>(())
/// ```
pub fn lane_points(
    geometry: &IntersectionGeometry,
    lane: &GenericLane,
) -> Result<Vec<NodePoint>, GeometryError> {
    lane_points_in(&geometry.ref_point, &geometry.lane_set.0, lane)
}

/// The nodes of `lane`, one of `lanes`, placed from `ref_point` (for a road segment as well
/// as an intersection).
pub fn lane_points_in(
    ref_point: &Position3D,
    lanes: &[GenericLane],
    lane: &GenericLane,
) -> Result<Vec<NodePoint>, GeometryError> {
    let frame = LocalFrame::from_position(ref_point).ok_or(GeometryError::RefPointUnavailable)?;
    let elev = ref_elevation_m(ref_point);
    match &lane.node_list {
        NodeListXY::Nodes(nodes) => node_points(&frame, elev, &nodes.0),
        NodeListXY::Computed(c) => {
            let offsets = ComputedOffsets::of(c);
            let reference = lanes
                .iter()
                .find(|l| l.lane_id.0 == offsets.reference_lane)
                .ok_or(GeometryError::MissingReferenceLane {
                    lane: offsets.reference_lane,
                })?;
            let NodeListXY::Nodes(nodes) = &reference.node_list else {
                return Err(GeometryError::ReferenceLaneComputed {
                    lane: offsets.reference_lane,
                });
            };
            offsets.apply(&frame, &node_points(&frame, elev, &nodes.0)?)
        }
        NodeListXY::Unknown(_) => Err(GeometryError::UnknownNodeList),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn abs(x: f64) -> f64 {
        if x < 0.0 {
            -x
        } else {
            x
        }
    }

    #[test]
    fn round_trip_and_wrap() {
        let f = LocalFrame::new(LatLon {
            lat_deg: 10.0,
            lon_deg: 179.9999,
        });
        let p = f.to_lat_lon(50.0, -20.0);
        assert!(p.lon_deg < -179.0);
        let (e, n) = f.to_east_north(p);
        assert!(abs(e - 50.0) < 1e-6 && abs(n + 20.0) < 1e-6);
    }
}

//! The default four-leg intersection of [`Plan::four_leg_default`](crate::rsu::plan::Plan::four_leg_default):
//! its phase -> signal-group table and a MAP whose lanes and connections match it.
//!
//! NEMA numbering, right-hand traffic, the main street running east-west:
//!
//! | phase | movement | signal group |
//! |---|---|---|
//! | 2 / 6 | eastbound / westbound through (and right) | 2 / 6 |
//! | 5 / 1 | eastbound / westbound protected left | 5 / 1 |
//! | 8 / 4 | northbound / southbound through (and right) | 8 / 4 |
//! | 3 / 7 | northbound / southbound protected left | 3 / 7 |
//! | ped 2, 6, 4, 8 | crosswalks across the south, north, west and east legs | 102, 106, 104, 108 |
//!
//! Each leg (approach 1 west, 2 south, 3 east, 4 north) has a through-and-right lane, a
//! left-turn lane and one egress lane, 3.5 m wide, the stop line 15 m from the reference
//! point; lanes 1..=12 by leg (through, left, egress), crosswalks 13..=16.
//!
//! [`csae_map`] is the same intersection in the China profile's model (T/CSAE 53-2020),
//! where a node lists the links that enter it, each from an upstream node: the four
//! neighbouring nodes are numbered `id + 1` .. `id + 4` (west, south, east, north, wrapping
//! at 65535). Each link carries the leg's two ingress lanes (points upstream to downstream,
//! ending at the stop line), its movements toward the three other neighbours with their
//! phases, and the crosswalk across the leg, whose connection names the intersection itself
//! and the pedestrian phase. CSAE phase IDs are the table's signal groups (see
//! [`csae_spat`](crate::rsu::csae_spat)), so the MAP references exactly the phases the SPAT
//! carries.
//!
//! [`traffic`] is a simulated perception feed for the China profile's RSM: two cars, a
//! cyclist and a pedestrian moving through the intersection on a 30 s loop, as a roadside
//! camera, radar, lidar and their fusion would report them.

use alloc::vec;
use alloc::vec::Vec;

use crate::csae::v2020 as csae;
use crate::j2735::{ConnectionSpec, LaneKind, LaneSpec, MapBuilder, MapData};
use crate::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatConfig};

/// Straight, as `AllowedManeuvers` bits (most significant first).
const STRAIGHT: u16 = 0x800;
/// Left turn.
const LEFT: u16 = 0x400;
/// Right turn.
const RIGHT: u16 = 0x200;

/// Per leg (west, south, east, north): the through and left phases of its ingress, and the
/// pedestrian phase crossing it.
const LEGS: [(u8, u8, u8); 4] = [(2, 5, 4), (8, 3, 2), (6, 1, 8), (4, 7, 6)];

/// The table: vehicle phases 1..=8 to signal groups 1..=8 (protected), pedestrians of
/// phases 2, 4, 6, 8 to 102, 104, 106, 108.
pub fn table() -> MappingTable {
    let mut rows: Vec<SignalGroupMap> = (1..=8)
        .map(|p| SignalGroupMap::protected(p, Source::Phase(p)))
        .collect();
    rows.extend([2u8, 4, 6, 8].map(|p| SignalGroupMap::pedestrian(100 + p, p)));
    // Valid by construction; an empty table cannot happen.
    MappingTable::new(rows).unwrap_or_else(|_| fallback())
}

#[allow(clippy::unwrap_used)]
fn fallback() -> MappingTable {
    MappingTable::new([SignalGroupMap::protected(2, Source::Phase(2))]).unwrap()
}

/// A SPaT configuration for intersection `id` with [`table`].
pub fn spat_config(id: u16) -> SpatConfig {
    SpatConfig::new(id, table())
}

/// Rotates a west-leg point (x east, y north, cm) by `k` quarter turns counter-clockwise:
/// west -> south -> east -> north.
fn rot(k: usize, (x, y): (i32, i32)) -> (i32, i32) {
    match k % 4 {
        0 => (x, y),
        1 => (-y, x),
        2 => (-x, -y),
        _ => (y, -x),
    }
}

/// The MAP of intersection `id` with its reference point at `lat_deg`, `long_deg`.
pub fn map(id: u16, lat_deg: f64, long_deg: f64) -> crate::per::Result<MapData> {
    map_named(id, lat_deg, long_deg, None)
}

/// [`map`] with a descriptive name.
pub fn map_named(
    id: u16,
    lat_deg: f64,
    long_deg: f64,
    name: Option<&str>,
) -> crate::per::Result<MapData> {
    let mut b = MapBuilder::new(id, lat_deg, long_deg).lane_width_cm(350);
    if let Some(n) = name {
        b = b.name(n);
    }
    let lane_id = |leg: usize, i: u8| -> u8 { (leg as u8) * 3 + i };
    for (leg, &(through, left, ped)) in LEGS.iter().enumerate() {
        let approach = leg as u8 + 1;
        let pts = |y: i32| vec![rot(leg, (-1500, y)), rot(leg, (-4500, y))];
        let opposite = (leg + 2) % 4;
        let to_left = (leg + 3) % 4;
        let to_right = (leg + 1) % 4;
        b = b
            .lane(LaneSpec {
                id: lane_id(leg, 1),
                kind: LaneKind::Vehicle,
                ingress_approach: Some(approach),
                egress_approach: None,
                maneuvers: Some(STRAIGHT | RIGHT),
                points_cm: pts(-525),
                connections: vec![
                    ConnectionSpec {
                        to_lane: lane_id(opposite, 3),
                        signal_group: Some(through),
                        maneuver: Some(STRAIGHT),
                    },
                    ConnectionSpec {
                        to_lane: lane_id(to_right, 3),
                        signal_group: Some(through),
                        maneuver: Some(RIGHT),
                    },
                ],
            })
            .lane(LaneSpec {
                id: lane_id(leg, 2),
                kind: LaneKind::Vehicle,
                ingress_approach: Some(approach),
                egress_approach: None,
                maneuvers: Some(LEFT),
                points_cm: pts(-175),
                connections: vec![ConnectionSpec {
                    to_lane: lane_id(to_left, 3),
                    signal_group: Some(left),
                    maneuver: Some(LEFT),
                }],
            })
            .lane(LaneSpec {
                id: lane_id(leg, 3),
                kind: LaneKind::Vehicle,
                ingress_approach: None,
                egress_approach: Some(approach),
                maneuvers: None,
                points_cm: pts(175),
                connections: vec![],
            })
            .lane(LaneSpec {
                id: 13 + leg as u8,
                kind: LaneKind::Crosswalk,
                ingress_approach: Some(approach),
                egress_approach: None,
                maneuvers: None,
                points_cm: vec![rot(leg, (-1200, -1000)), rot(leg, (-1200, 1000))],
                connections: vec![ConnectionSpec {
                    to_lane: 13 + leg as u8,
                    signal_group: Some(100 + ped),
                    maneuver: None,
                }],
            });
    }
    b.build()
}

/// The length of [`traffic`]'s loop, ms.
pub const TRAFFIC_LOOP_MS: u64 = 30_000;

/// The road users of the simulated feed: id, kind, sensor, size (width, length, m),
/// start (ms into the loop), start and end points (east, north m), speed (m/s), heading
/// (degrees from north).
type Mover = (
    u16,
    crate::csae::v2020::ParticipantType,
    crate::csae::v2020::SourceType,
    (f64, f64),
    u64,
    (f64, f64),
    (f64, f64),
    f64,
    f64,
);

const MOVERS: [Mover; 5] = {
    use crate::csae::v2020::{ParticipantType as P, SourceType as S};
    [
        // Eastbound through, the west leg's through lane.
        (
            1,
            P::Motor,
            S::Video,
            (1.8, 4.6),
            0,
            (-80.0, -5.25),
            (80.0, -5.25),
            10.0,
            90.0,
        ),
        // Northbound through, the south leg's through lane.
        (
            2,
            P::Motor,
            S::MicrowaveRadar,
            (1.9, 4.9),
            12_000,
            (5.25, -80.0),
            (5.25, 80.0),
            8.0,
            0.0,
        ),
        // A cyclist westbound along the north kerb.
        (
            3,
            P::NonMotor,
            S::Lidar,
            (0.6, 1.8),
            4_000,
            (60.0, 8.0),
            (-60.0, 8.0),
            5.0,
            270.0,
        ),
        // A pedestrian across the north leg's crosswalk, and back.
        (
            4,
            P::Pedestrian,
            S::Integrated,
            (0.5, 0.5),
            2_000,
            (-10.0, 12.0),
            (10.0, 12.0),
            1.4,
            90.0,
        ),
        (
            4,
            P::Pedestrian,
            S::Integrated,
            (0.5, 0.5),
            17_000,
            (10.0, 12.0),
            (-10.0, 12.0),
            1.4,
            270.0,
        ),
    ]
};

/// What the simulated roadside sensors detect at `utc_ms` around the reference position
/// `ref_lat`, `ref_lon` (degrees): the road users under way at that moment of the 30 s
/// loop, each detection 30 ms old (the sensors' latency).
pub fn traffic(ref_lat: f64, ref_lon: f64, utc_ms: u64) -> Vec<crate::rsu::perception::Detection> {
    use crate::j2735::signal::geometry::{LatLon, LocalFrame};
    let frame = LocalFrame::new(LatLon {
        lat_deg: ref_lat,
        lon_deg: ref_lon,
    });
    let time = utc_ms.saturating_sub(30);
    let t = time % TRAFFIC_LOOP_MS;
    MOVERS
        .iter()
        .filter_map(
            |&(id, kind, source, (width, length), start, from, to, speed, heading)| {
                let (dx, dy) = (to.0 - from.0, to.1 - from.1);
                let distance = crate::j2735::signal::math::sqrt(dx * dx + dy * dy);
                let travelled = t.checked_sub(start)? as f64 / 1000.0 * speed;
                if travelled > distance {
                    return None;
                }
                let f = travelled / distance;
                let at = frame.to_lat_lon(from.0 + f * dx, from.1 + f * dy);
                Some(crate::rsu::perception::Detection {
                    kind,
                    id,
                    source,
                    lat: at.lat_deg,
                    lon: at.lon_deg,
                    speed,
                    heading,
                    width,
                    length,
                    time,
                })
            },
        )
        .collect()
}

/// The node of leg `leg` (0 west .. 3 north)'s upstream neighbour of intersection `id`.
pub fn neighbour(region: Option<u16>, id: u16, leg: usize) -> csae::NodeReferenceID {
    csae::NodeReferenceID {
        region: region.map(csae::RoadRegulatorID),
        id: csae::NodeID(id.wrapping_add(leg as u16 % 4 + 1)),
    }
}

/// The intersection in the China profile (2020): node `region`/`id` at `lat_deg`,
/// `lon_deg`, its four links (see the [module documentation](self)).
pub fn csae_map(
    region: Option<u16>,
    id: u16,
    lat_deg: f64,
    lon_deg: f64,
    name: Option<&str>,
) -> Result<csae::MapData, csae::BuildError> {
    use crate::per::BitString;
    use csae::{LaneSpec, LinkSpec};
    let me = csae::NodeReferenceID {
        region: region.map(csae::RoadRegulatorID),
        id: csae::NodeID(id),
    };
    let m = |(x, y): (i32, i32)| (f64::from(x) / 100.0, f64::from(y) / 100.0);
    let vehicle = || csae::LaneAttributes {
        share_with: None,
        lane_type: csae::LaneTypeAttributes::Vehicle(csae::LaneAttributesVehicle(
            BitString::from_u64(0, 8),
        )),
    };
    let crosswalk = csae::LaneAttributes {
        share_with: None,
        lane_type: csae::LaneTypeAttributes::Crosswalk(csae::LaneAttributesCrosswalk(
            BitString::from_u64(0, 16),
        )),
    };
    let mut b = csae::MapBuilder::new(me, lat_deg, lon_deg);
    if let Some(n) = name {
        b = b.name(n);
    }
    for (leg, &(through, left, ped)) in LEGS.iter().enumerate() {
        let lane_id = |i: u8| (leg as u8) * 3 + i;
        let inbound = |y: i32| [m(rot(leg, (-4500, y))), m(rot(leg, (-1500, y)))];
        let opposite = neighbour(region, id, leg + 2);
        let to_left = neighbour(region, id, leg + 3);
        let to_right = neighbour(region, id, leg + 1);
        let link = LinkSpec::new(neighbour(region, id, leg), 7.0)
            .points_m(&inbound(-350))
            .movement(opposite, Some(through))
            .movement(to_left, Some(left))
            .movement(to_right, Some(through))
            .lane(
                LaneSpec::new(lane_id(1))
                    .width_m(3.5)
                    .attributes(vehicle())
                    .maneuvers(STRAIGHT | RIGHT)
                    .points_m(&inbound(-525))
                    .connects_to(opposite, Some(through))
                    .connects_to(to_right, Some(through)),
            )
            .lane(
                LaneSpec::new(lane_id(2))
                    .width_m(3.5)
                    .attributes(vehicle())
                    .maneuvers(LEFT)
                    .points_m(&inbound(-175))
                    .connects_to(to_left, Some(left)),
            )
            .lane(
                LaneSpec::new(13 + leg as u8)
                    .width_m(3.0)
                    .attributes(crosswalk.clone())
                    .points_m(&[m(rot(leg, (-1200, -1000))), m(rot(leg, (-1200, 1000)))])
                    .connects_to(me, Some(100 + ped)),
            );
        b = b.link(link);
    }
    b.build()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::rsu::map_store::MapStore;

    #[test]
    fn map_matches_table() {
        let store = MapStore::new(map(1, 42.3, -83.7).unwrap()).unwrap();
        let groups: Vec<u8> = table().entries().iter().map(|e| e.signal_group).collect();
        assert_eq!(store.signal_groups(), groups);
        assert!(store.check_against(&groups).is_ok());
    }
}

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

use alloc::vec;
use alloc::vec::Vec;

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

//! The receiver helpers (`cv2x::csae::signal`, `cv2x::csae::summary`) and the builders on
//! random and hostile input: arbitrary MAPs and SPATs (the generated `Arbitrary` values)
//! read at arbitrary times give a status or a typed error, never a panic, and every status
//! agrees with the states it came from; the builders give a message that round-trips or a
//! `BuildError` for any number, NaN and infinities included.
#![cfg(feature = "arbitrary")]

use arbitrary::{Arbitrary, Unstructured};
use cv2x::csae::signal::{
    find_lane, find_link, find_node, lane_signal, match_lane, phase_status, time_reference,
    Countdown, LaneKey, Light, MatchLimits, TimingIssue, ToGreen,
};
use cv2x::csae::summary::summarize;
use cv2x::csae::v2020::{
    BasicSafetyMessage, BsmBuilder, BuildError, LightState, MapData, MessageFrame, NodeID,
    NodeReferenceID, PhaseSpec, SpatBuilder, SPAT,
};
use cv2x::j2735::signal::geometry::LatLon;
use cv2x::per::{Decode, Encode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};

fn finite(c: Countdown) -> bool {
    c.seconds().is_none_or(f64::is_finite)
}

proptest! {
    #![proptest_config(Config::with_cases(300))]

    #[test]
    fn spat_status_agrees_with_its_states(
        seed in vec(any::<u8>(), 0..4096),
        received in any::<u64>(),
        later in any::<i64>(),
    ) {
        let Ok(spat) = SPAT::arbitrary(&mut Unstructured::new(&seed)) else { return Ok(()) };
        let now = received.saturating_add_signed(later);
        let _ = summarize(&MessageFrame::SpatFrame(spat.clone()), received);
        for state in &spat.intersections.0 {
            let r = time_reference(&spat, state, received);
            for phase in &state.phases.0 {
                let s = phase_status(phase, &r, now);
                match s.active {
                    Some(i) => prop_assert_eq!(s.light, Light::from(phase.phase_states.0[i].light)),
                    None => {
                        prop_assert_eq!(s.light, Light::Unknown);
                        prop_assert!(s.issues.contains(&TimingIssue::NoActiveState));
                    }
                }
                prop_assert_eq!(s.to_green == ToGreen::Now, s.light.is_go());
                prop_assert!(finite(s.seconds_to_change) && finite(s.min_seconds_to_change));
                prop_assert!(finite(s.max_seconds_to_change));
                if let Some((_, t)) = s.next {
                    prop_assert!(t > 0.0 && t.is_finite());
                }
                if let ToGreen::In(t) = s.to_green {
                    prop_assert!(t > 0.0 && t.is_finite());
                }
            }
        }
    }

    #[test]
    fn map_lanes_and_matching_never_panic(
        map_seed in vec(any::<u8>(), 0..4096),
        spat_seed in vec(any::<u8>(), 0..2048),
        lat in -90.0f64..90.0,
        lon in -180.0f64..180.0,
        heading in any::<f64>(),
        now in any::<u64>(),
    ) {
        let Ok(map) = MapData::arbitrary(&mut Unstructured::new(&map_seed)) else { return Ok(()) };
        let Ok(spat) = SPAT::arbitrary(&mut Unstructured::new(&spat_seed)) else { return Ok(()) };
        let _ = summarize(&MessageFrame::MapFrame(map.clone()), now);
        for node in &map.nodes.0 {
            for link in node.in_links.iter().flat_map(|l| l.0.iter()) {
                for lane in &link.lanes.0 {
                    let key = LaneKey { node: node.id, upstream: link.upstream_node_id, lane_id: lane.lane_id.0 };
                    let _ = lane_signal(&map, &spat, &key, None, now, now);
                    let _ = lane_signal(&map, &spat, &key, Some(&key.upstream), now, now);
                }
            }
            // The node's own reference position, and a random one.
            let at = LatLon { lat_deg: f64::from(node.ref_pos.lat.0) / 1e7, lon_deg: f64::from(node.ref_pos.long.0) / 1e7 };
            for p in [at, LatLon { lat_deg: lat, lon_deg: lon }] {
                let limits = MatchLimits { max_distance_m: 1e6, max_heading_diff_deg: 180.0, max_upstream_m: 1e7 };
                if let Some(m) = match_lane(&map, p, heading, &limits) {
                    // The lane found is in the MAP.
                    let node = find_node(&map, &m.key.node).expect("node");
                    let link = find_link(node, &m.key.upstream).expect("link");
                    prop_assert!(find_lane(link, m.key.lane_id).is_some());
                    prop_assert!(m.distance_m <= 1e6);
                }
            }
        }
    }

    #[test]
    fn bsm_builder_takes_any_number(
        lat in any::<f64>(), lon in any::<f64>(), speed in any::<f64>(),
        heading in any::<f64>(), elevation in any::<f64>(), w in any::<f64>(), l in any::<f64>(),
    ) {
        match BsmBuilder::new(*b"proptest")
            .position_deg(lat, lon)
            .speed_mps(speed)
            .heading_deg(heading)
            .elevation_m(elevation)
            .size_m(w, l)
            .build()
        {
            Ok(b) => {
                let back = BasicSafetyMessage::from_uper(&b.to_uper().unwrap()).unwrap();
                prop_assert_eq!(back, b);
                prop_assert!(lat.abs() <= 90.0 + 1e-7 && (-0.01..=163.81).contains(&speed));
                prop_assert!(heading.is_finite() && (-0.005..=10.235).contains(&w));
            }
            // Refused only for a value outside the range it names.
            Err(BuildError::OutOfRange { value, min, max, .. }) => {
                prop_assert!(!value.is_finite() || value < min || value > max, "{} {} {}", value, min, max);
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    #[test]
    fn spat_builder_reads_back_what_it_was_given(
        red in 0.1f64..500.0,
        now in 0u64..4_000_000_000_000,
        after in 0.0f64..1.0,
    ) {
        // Red now until `red` s, then green until `red + 30` s; read `after` of the red.
        let id = NodeReferenceID { region: None, id: NodeID(1) };
        let spat = SpatBuilder::new(id, now)
            .phase(PhaseSpec::new(1).state(LightState::Red, 0.0, red).state(LightState::ProtectedGreen, red, red + 30.0))
            .build()
            .unwrap();
        let state = &spat.intersections.0[0];
        let r = time_reference(&spat, state, now);
        prop_assert_eq!(r.utc_ms, now);
        let elapsed_ms = (after * red * 1000.0) as u64;
        let s = phase_status(&state.phases.0[0], &r, now + elapsed_ms);
        // The builder rounds to tenths of a second.
        let tenths = (red * 10.0).round() / 10.0;
        let want = tenths - elapsed_ms as f64 / 1000.0;
        if want > 0.0 {
            prop_assert_eq!(s.light, Light::Red);
            let ToGreen::In(t) = s.to_green else { return Err(TestCaseError::fail(format!("{:?}", s.to_green))) };
            prop_assert!((t - want).abs() < 1e-9, "{} {}", t, want);
        }
    }
}

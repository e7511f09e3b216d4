//! The receiver helpers on the MAP and SPAT of every edition (`cv2x::csae::signal::model`):
//! the real 2019-draft MAP matched lane by lane, the 2017 SPAT read with 2017's light numbers
//! and end times, and the summary of every 2017 frame.

use cv2x::csae::signal::{
    find_lane, find_link, find_node, lane_phase, match_lane, phase_status, point_position,
    time_reference, CsaeLane, CsaeLink, CsaeMap, CsaeNode, LaneKey, Light, MatchLimits, ToGreen,
};
use cv2x::csae::summary::summarize_frame;
use cv2x::csae::{v2017, v2019, Edition};
use cv2x::j2735::signal::geometry::{LatLon, LocalFrame};
use cv2x::per::Decode;

use super::folder;

/// Every lane of a MAP with at least two points, matched from a point 5 m upstream of its
/// stop line heading along its last segment: the lane found is that lane, or one whose last
/// segment is the same (lanes drawn on top of each other). Returns how many were matched.
fn every_lane_matches<M: CsaeMap>(map: &M) -> usize {
    let mut matched = 0;
    for node in map.nodes() {
        // (Random MAPs have nodes and points outside the Latitude/Longitude ranges.)
        let Some(origin) = LatLon::from_j2735(node.ref_pos().lat.0, node.ref_pos().long.0) else {
            continue;
        };
        let frame = LocalFrame::new(origin);
        for link in node.links() {
            for lane in link.lanes() {
                let p = lane.points();
                if p.len() < 2 {
                    continue;
                }
                let (Some(a), Some(b)) = (
                    point_position(node.ref_pos(), &p[p.len() - 2]),
                    point_position(node.ref_pos(), &p[p.len() - 1]),
                ) else {
                    continue;
                };
                let ((ax, ay), (bx, by)) = (frame.to_east_north(a), frame.to_east_north(b));
                let len = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt();
                if len < 6.0 {
                    continue;
                }
                let (ux, uy) = ((bx - ax) / len, (by - ay) / len);
                let heading = ux.atan2(uy).to_degrees().rem_euclid(360.0);
                let at = frame.to_lat_lon(bx - 5.0 * ux, by - 5.0 * uy);
                let m = match_lane(map, at, heading, &MatchLimits::default())
                    .unwrap_or_else(|| panic!("no lane for lane {}", lane.lane_id()));
                let want = LaneKey {
                    node: node.id(),
                    upstream: link.upstream(),
                    lane_id: lane.lane_id(),
                };
                assert!(m.distance_m < 0.05, "{m:?}");
                assert!((m.to_stop_line_m - 5.0).abs() < 0.05, "{m:?}");
                if m.key != want {
                    // Another lane with the same stop-line segment.
                    let n = find_node(map, &m.key.node).unwrap();
                    let other = find_lane(find_link(n, &m.key.upstream).unwrap(), m.key.lane_id)
                        .unwrap()
                        .points();
                    assert_eq!(
                        &other[other.len() - 2..],
                        &p[p.len() - 2..],
                        "{want:?} matched {m:?}"
                    );
                }
                matched += 1;
            }
        }
    }
    matched
}

#[test]
fn the_real_2019_draft_map_is_matched_lane_by_lane() {
    let v = folder("map");
    let frame = v2019::MessageFrame::from_uper(&v[0].bytes).unwrap();
    let v2019::MessageFrame::MapFrame(map) = frame else {
        panic!("not a MAP")
    };
    let n = every_lane_matches(&map);
    assert!(n >= 4, "only {n} lanes with a stop-line segment");
    // Each lane's phase toward each node it connects to: the connection's.
    let mut phased = 0;
    for node in map.nodes() {
        for link in node.links() {
            for lane in link.lanes() {
                for c in lane.connections() {
                    let p = lane_phase(link, lane, Some(&c.remote_intersection)).unwrap();
                    assert_eq!(Some(p.phase_id), c.phase_id.map(|p| p.0));
                    phased += 1;
                }
            }
        }
    }
    assert_eq!(phased, 12);
}

/// The real 2019-draft MAP rewritten as a 2017 MAP (a link's `linkWidth` is 2017's
/// mandatory `laneWidth`, 2017 lanes have no width of their own): the same lanes match.
#[test]
fn a_2017_map_is_matched_as_the_2019_one() {
    let v = folder("map");
    let mut json = v[0].json["mapFrame"].clone();
    for node in json["nodes"].as_array_mut().unwrap() {
        for link in node["inLinks"].as_array_mut().unwrap() {
            let link = link.as_object_mut().unwrap();
            let width = link.remove("linkWidth").unwrap_or(350.into());
            link.insert("laneWidth".into(), width);
            for lane in link["lanes"].as_array_mut().unwrap() {
                lane.as_object_mut().unwrap().remove("laneWidth");
            }
        }
    }
    let m2017: v2017::MapData = serde_json::from_value(json).unwrap();
    let v2019::MessageFrame::MapFrame(m2019) = v2019::MessageFrame::from_uper(&v[0].bytes).unwrap()
    else {
        panic!("not a MAP")
    };
    assert_eq!(every_lane_matches(&m2017), every_lane_matches(&m2019));
}

/// A 2017 SPAT with one phase: red now, ending in 20.0 s; then green starting in 20.0 s and
/// (2017: a duration) lasting 30.0 s.
fn spat_2017(moy: u32, ms: u16) -> v2017::SPAT {
    let json = serde_json::json!({
        "msgCnt": 1,
        "intersections": [{
            "intersectionId": {"region": 1, "id": 7},
            "status": "0000000000000000",
            "moy": moy,
            "timeStamp": ms,
            "phases": [{"id": 3, "phaseStates": [
                {"light": "stop-And-Remain", "timing": {"startTime": 0, "likelyEndTime": 200}},
                {"light": "protected-Movement-Allowed", "timing": {"startTime": 200, "likelyEndTime": 300}},
                {"light": "intersection-clearance", "timing": {"startTime": 500, "likelyEndTime": 30}}
            ]}]
        }]
    });
    serde_json::from_value(json).unwrap()
}

#[test]
fn a_2017_spat_is_read_with_2017_lights_and_durations() {
    // 2026-03-01 00:00 UTC is minute 84,960 of the year; the message at 00:00:10.000.
    let (moy, ms) = (84_960, 10_000);
    let t0: u64 = 1_772_323_200_000 + 10_000;
    let spat = spat_2017(moy, ms);
    let state = &spat.intersections.0[0];
    let r = time_reference(&spat, state, t0 + 300);
    assert_eq!(r.utc_ms, t0, "the state's moy + timeStamp");
    let phase = &state.phases.0[0];

    let s = phase_status(phase, &r, t0 + 5_000);
    assert_eq!(s.light, Light::Red);
    assert_eq!(s.seconds_to_change.seconds(), Some(15.0));
    assert_eq!(s.to_green, ToGreen::In(15.0));

    // 25 s in: green since 20 s, lasting 30 s (2017), so 25 s more; 2020's reading of the
    // same numbers would end it at 30 s, 5 s more.
    let s = phase_status(phase, &r, t0 + 25_000);
    assert_eq!(s.light, Light::Green { protected: true });
    assert_eq!(s.seconds_to_change.seconds(), Some(25.0));
    assert_eq!(s.to_green, ToGreen::Now);

    // 2017's number 7 is a yellow (2020's 7 is too, J2735's 7 a permissive clearance).
    let s = phase_status(phase, &r, t0 + 51_000);
    assert_eq!(s.light, Light::Yellow);
}

#[test]
fn every_2017_frame_has_a_summary_of_its_content() {
    let mut kinds = std::collections::BTreeSet::new();
    for v in folder("random/V3") {
        let f = Edition::V2017.decode(&v.bytes).unwrap();
        let text = summarize_frame(&f, 1_772_323_200_000);
        assert!(!text.contains("shows its content"), "{}: {text}", v.name);
        let first = text.split_whitespace().next().unwrap().to_string();
        assert_eq!(first, f.msg_type(), "{}: {text}", v.name);
        if first == "SPAT" {
            assert!(text.contains("phase"), "{}: {text}", v.name);
        }
        kinds.insert(first);
    }
    assert_eq!(kinds.len(), 5, "{kinds:?}");
}

/// The five builders of the 2019 draft (BSM, MAP, RSI compiled for its types; SPAT and RSM
/// the 2020 ones, one type): their frames decode under our 2019 ASN.1 in asn1tools to our
/// JSON, and a MAP link without a width is the 2019 draft's (2020 requires one) only where
/// the edition says.
#[test]
fn the_2019_draft_builders_write_what_asn1tools_reads_as_2019() {
    use cv2x::per::Encode;
    use v2019::{
        BsmBuilder, EventSource, EventSpec, LaneSpec, LinkSpec, MapBuilder, MessageFrame, NodeID,
        NodeReferenceID, ParticipantSpec, ParticipantType, PhaseSpec, RsiBuilder, RsmBuilder,
        SignSpec, SourceType, SpatBuilder,
    };
    let node = |id| NodeReferenceID {
        region: None,
        id: NodeID(id),
    };
    let now = 1_772_323_210_000;
    let frames = [
        MessageFrame::BsmFrame(
            BsmBuilder::new(*b"car-2019")
                .position_deg(31.2, 121.4)
                .speed_mps(10.0)
                .heading_deg(45.0)
                .build()
                .unwrap(),
        ),
        MessageFrame::MapFrame(
            MapBuilder::new(node(7), 31.2, 121.4)
                .link(
                    LinkSpec::new(node(6), 7.0)
                        .movement(node(8), Some(2))
                        .lane(LaneSpec::new(1).points_m(&[(-80.0, -1.75), (-10.0, -1.75)])),
                )
                .build()
                .unwrap(),
        ),
        MessageFrame::SpatFrame(
            SpatBuilder::new(node(7), now)
                .phase(PhaseSpec::new(2).state(v2019::LightState::Red, 0.0, 12.0))
                .build()
                .unwrap(),
        ),
        MessageFrame::RsmFrame(
            RsmBuilder::new(*b"rsu-2019", 31.2, 121.4)
                .participant(ParticipantSpec::new(
                    ParticipantType::Pedestrian,
                    1,
                    SourceType::Video,
                    31.2001,
                    121.4001,
                ))
                .build()
                .unwrap(),
        ),
        MessageFrame::RsiFrame(
            RsiBuilder::new(*b"rsu-2019", 31.2, 121.4)
                .event(
                    EventSpec::new(1, 401, EventSource::Police)
                        // One point: a path the 2019 draft allows and 2020 does not.
                        .reference_path(&[(31.2002, 121.4)], 20.0),
                )
                .sign(SignSpec::new(2, 38))
                .build()
                .unwrap(),
        ),
    ];
    let mut lines = String::new();
    for f in &frames {
        lines.push_str(&hex::encode(f.to_uper().unwrap()));
        lines.push('\n');
    }
    let out = crate::common::csae_oracle("2019", &["decode", "MessageFrame"], Some(lines));
    let theirs: Vec<&str> = out.lines().collect();
    assert_eq!(theirs.len(), frames.len());
    for (line, f) in theirs.iter().zip(&frames) {
        assert!(!line.starts_with("ERR"), "{line}");
        let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(theirs, serde_json::to_value(f).unwrap());
    }
    // The one-point path is refused by the 2020 builder.
    assert!(
        cv2x::csae::v2020::RsiBuilder::new(*b"rsu-2020", 31.2, 121.4)
            .event(
                cv2x::csae::v2020::EventSpec::new(1, 401, cv2x::csae::v2020::EventSource::Police)
                    .reference_path(&[(31.2002, 121.4)], 20.0)
            )
            .build()
            .is_err()
    );
}

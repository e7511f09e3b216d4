//! The builders of the 2017 edition (`cv2x::csae::v2017::{BsmBuilder, MapBuilder,
//! RsmBuilder, SpatBuilder, RsiBuilder}`): their frames decode under our 2017 ASN.1 in
//! asn1tools to our JSON and asn1tools encodes that JSON to the same octets; they round-trip
//! through our decoder and the frame's view; the SPAT's end times are 2017's (a coming
//! state's length), read back by the receiver helpers as the 2020 builder's are; values out
//! of range, of any size and sign, give typed errors and never a panic.

use cv2x::csae::signal::{find_phase, phase_status, time_reference, Light, PhaseStatus};
use cv2x::csae::v2017::view::FrameView;
use cv2x::csae::v2017::*;
use cv2x::csae::{v2020, Edition, Frame};
use cv2x::per::{Decode, Encode};
use proptest::prelude::*;

fn node(id: u16) -> NodeReferenceID {
    NodeReferenceID {
        region: Some(RoadRegulatorID(3)),
        id: NodeID(id),
    }
}

const NOW: u64 = 1_772_323_210_000; // 2026-03-01T00:00:10Z

/// One frame of each message, with most of what each builder sets.
fn frames() -> Vec<MessageFrame> {
    vec![
        MessageFrame::BsmFrame(
            BsmBuilder::new(*b"car-2017")
                .msg_cnt(9)
                .sec_mark_ms(10_250)
                .plate_no("浙A12345".as_bytes())
                .position_deg(30.2741, 120.1551)
                .elevation_m(12.3)
                .speed_mps(13.9)
                .heading_deg(-30.0)
                .transmission(TransmissionState::ForwardGears)
                .size_m(1.8, 4.6)
                .vehicle_class(10)
                .build()
                .unwrap(),
        ),
        MessageFrame::MapFrame(
            MapBuilder::new(node(7), 30.2741, 120.1551)
                .msg_cnt(3)
                .minute_of_the_year(84_960)
                .name("Wensan Rd / Xueyuan Rd")
                .link(
                    LinkSpec::new(node(6), 3.5)
                        .name("Wensan Rd")
                        .points_m(&[(-200.0, 0.0), (-15.0, 0.0)])
                        .movement(node(8), Some(2))
                        .lane(
                            LaneSpec::new(1)
                                .maneuvers(0x800)
                                .points_m(&[(-200.0, -1.75), (-15.0, -1.75)])
                                .connects_to(node(8), None),
                        )
                        .lane(LaneSpec::new(2).connects_to_lane(node(9), 1, Some(4))),
                )
                .node(node(8), 30.2741, 120.1600)
                .build()
                .unwrap(),
        ),
        MessageFrame::RsmFrame(
            RsmBuilder::new(*b"rsu-2017", 30.2741, 120.1551)
                .msg_cnt(1)
                .elevation_m(8.0)
                .participant(
                    ParticipantSpec::new(
                        ParticipantType::NonMotor,
                        5,
                        SourceType::MicrowaveRadar,
                        30.27395,
                        120.15522,
                    )
                    .sec_mark_ms(59_999)
                    .speed_mps(4.2)
                    .heading_deg(185.5)
                    .size_m(0.6, 1.8),
                )
                .participant(
                    ParticipantSpec::new(ParticipantType::Motor, 4, SourceType::V2x, 30.28, 120.15)
                        .id(*b"car-2017"),
                )
                .build()
                .unwrap(),
        ),
        MessageFrame::SpatFrame(
            SpatBuilder::new(node(7), NOW)
                .msg_cnt(4)
                .status(0x0400)
                .name("Wensan")
                .phase(
                    PhaseSpec::new(2)
                        .state_bounded(LightState::StopAndRemain, 0.0, 15.0, 20.0, 25.0)
                        .state(LightState::ProtectedMovementAllowed, 20.0, 50.0)
                        .state(LightState::IntersectionClearance, 50.0, 53.0),
                )
                .phase(PhaseSpec::new(3).state(LightState::PermissiveMovementAllowed, 0.0, 17.0))
                .build()
                .unwrap(),
        ),
        MessageFrame::RsiFrame(
            RsiBuilder::new(*b"rsu-2017", 11, 38, 30.2745, 120.1552)
                .msg_cnt(2)
                .minute_of_the_year(84_960)
                .elevation_m(9.5)
                .description("road works")
                .priority(7)
                .alert_path(
                    &[
                        (30.2734, 120.1552),
                        (30.2740, 120.1552),
                        (30.2745, 120.1552),
                    ],
                    102.4,
                )
                .build()
                .unwrap(),
        ),
    ]
}

#[test]
fn the_2017_builders_write_what_asn1tools_reads_as_2017() {
    let frames = frames();
    let bytes: Vec<Vec<u8>> = frames.iter().map(|f| f.to_uper().unwrap()).collect();
    let hex_lines: String = bytes.iter().map(|b| hex::encode(b) + "\n").collect();
    let out = crate::common::csae_oracle("2017", &["decode", "MessageFrame"], Some(hex_lines));
    let theirs: Vec<&str> = out.lines().collect();
    assert_eq!(theirs.len(), frames.len());
    let mut ours_json = String::new();
    for (line, f) in theirs.iter().zip(&frames) {
        assert!(!line.starts_with("ERR"), "{line}");
        let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
        let ours = serde_json::to_value(f).unwrap();
        assert_eq!(theirs, ours);
        ours_json.push_str(&ours.to_string());
        ours_json.push('\n');
    }
    // And back: asn1tools encodes our JSON to our octets.
    let out = crate::common::csae_oracle("2017", &["encode", "MessageFrame"], Some(ours_json));
    let theirs: Vec<&str> = out.lines().collect();
    assert_eq!(theirs.len(), frames.len());
    for (line, b) in theirs.iter().zip(&bytes) {
        assert_eq!(*line, hex::encode(b));
    }
}

#[test]
fn the_2017_builders_round_trip_through_our_decoder_and_view() {
    for (f, kind) in frames()
        .into_iter()
        .zip(["BSM", "MAP", "RSM", "SPAT", "RSI"])
    {
        let bytes = f.to_uper().unwrap();
        assert_eq!(MessageFrame::from_uper(&bytes).unwrap(), f, "{kind}");
        let Frame::V2017(again) = Edition::V2017.decode(&bytes).unwrap() else {
            panic!("{kind}: not a 2017 frame")
        };
        assert_eq!(again, f, "{kind}");
        let view = FrameView::new(&bytes).unwrap();
        let same = matches!(
            (&view, &f),
            (FrameView::Bsm(_), MessageFrame::BsmFrame(_))
                | (FrameView::Map(_), MessageFrame::MapFrame(_))
                | (FrameView::Rsm(_), MessageFrame::RsmFrame(_))
                | (FrameView::Spat(_), MessageFrame::SpatFrame(_))
                | (FrameView::Rsi(_), MessageFrame::RsiFrame(_))
        );
        assert!(same, "{kind}: {view:?}");
    }
}

/// What the receiver helpers say of a SPAT's first phase `at` ms.
fn status_2017(spat: &SPAT, at: u64) -> PhaseStatus {
    let state = &spat.intersections.0[0];
    let r = time_reference(spat, state, NOW);
    phase_status(find_phase(state, 2).unwrap(), &r, at)
}

#[test]
fn the_2017_spat_says_what_the_2020_one_says_with_2017_numbers() {
    // The same phase (seconds from now) built for both editions.
    let spat = SpatBuilder::new(node(7), NOW)
        .phase(
            PhaseSpec::new(2)
                .state_bounded(LightState::StopAndRemain, 0.0, 15.0, 20.0, 25.0)
                .state_bounded(LightState::ProtectedMovementAllowed, 20.0, 45.0, 50.0, 60.0)
                .state(LightState::IntersectionClearance, 50.0, 53.0)
                .state(LightState::StopAndRemain, 53.0, 120.0),
        )
        .build()
        .unwrap();
    let s2020 = v2020::SpatBuilder::new(node(7), NOW)
        .phase(
            v2020::PhaseSpec::new(2)
                .state_bounded(v2020::LightState::Red, 0.0, 15.0, 20.0, 25.0)
                .state_bounded(v2020::LightState::ProtectedGreen, 20.0, 45.0, 50.0, 60.0)
                .state(v2020::LightState::Yellow, 50.0, 53.0)
                .state(v2020::LightState::Red, 53.0, 120.0),
        )
        .build()
        .unwrap();
    // On the wire: a coming state's end times are its length (2020: its end from now).
    let states = &spat.intersections.0[0].phases.0[0].phase_states.0;
    let t = states[1].timing.as_ref().unwrap();
    assert_eq!(
        (
            t.start_time.0,
            t.min_end_time.unwrap().0,
            t.likely_end_time.0,
            t.max_end_time.unwrap().0
        ),
        (200, 250, 300, 400)
    );
    let t = states[0].timing.as_ref().unwrap();
    assert_eq!((t.start_time.0, t.likely_end_time.0), (0, 200));
    // The SPAT's time is the minute, the intersection's the minute and the millisecond.
    assert_eq!(spat.time_stamp, Some(MinuteOfTheYear(84_960)));
    let is = &spat.intersections.0[0];
    assert_eq!(
        (is.moy, is.time_stamp),
        (Some(MinuteOfTheYear(84_960)), Some(DSecond(10_000)))
    );

    let state2020 = &s2020.intersections.0[0];
    let r2020 = time_reference(&s2020, state2020, NOW);
    let mut lights = Vec::new();
    for at in (0..=70_000).step_by(500) {
        let a = status_2017(&spat, NOW + at);
        let b = phase_status(find_phase(state2020, 2).unwrap(), &r2020, NOW + at);
        assert_eq!(a, b, "{at} ms");
        if lights.last() != Some(&a.light) {
            lights.push(a.light);
        }
    }
    assert_eq!(
        lights,
        [
            Light::Red,
            Light::Green { protected: true },
            Light::Yellow,
            Light::Red
        ]
    );
    let a = status_2017(&spat, NOW + 30_000);
    assert_eq!(a.seconds_to_change.seconds(), Some(20.0));
    assert_eq!(a.min_seconds_to_change.seconds(), Some(15.0));
    assert_eq!(a.max_seconds_to_change.seconds(), Some(30.0));
}

/// `r`'s error names `field` (a value out of range).
fn out_of_range<T: std::fmt::Debug>(r: Result<T, BuildError>, field: &str) {
    match r {
        Err(BuildError::OutOfRange { field: f, .. }) if f == field => {}
        other => panic!("{field}: {other:?}"),
    }
}

/// `r` failed when encoding (a constraint the builder leaves to the encoder).
fn refused_by_encoding<T: std::fmt::Debug>(r: Result<T, BuildError>) {
    assert!(matches!(r, Err(BuildError::Encode(_))), "{r:?}");
}

#[test]
fn out_of_range_values_give_typed_errors() {
    let spat = |p: PhaseSpec| SpatBuilder::new(node(7), NOW).phase(p).build();
    let red = LightState::StopAndRemain;
    // SPAT: beyond an hour, negative, not a number, a coming state ending before it starts.
    out_of_range(
        spat(PhaseSpec::new(1).state(red, 0.0, 3600.0)),
        "likelyEndTime",
    );
    out_of_range(spat(PhaseSpec::new(1).state(red, -1.0, 10.0)), "startTime");
    out_of_range(
        spat(PhaseSpec::new(1).state(red, f64::NAN, 10.0)),
        "startTime",
    );
    out_of_range(
        spat(PhaseSpec::new(1).state(red, 20.0, 10.0)),
        "likelyEndTime",
    );
    out_of_range(
        spat(PhaseSpec::new(1).state_bounded(red, 20.0, 19.0, 30.0, 40.0)),
        "minEndTime",
    );
    let e = spat(PhaseSpec::new(1).state(red, 20.0, 10.0)).unwrap_err();
    assert_eq!(e.to_string(), "likelyEndTime: 10 is outside 20..=3599.9 s");
    refused_by_encoding(spat(PhaseSpec::new(1)));
    refused_by_encoding(
        SpatBuilder::new(node(7), NOW)
            .name(&"x".repeat(64))
            .phase(PhaseSpec::new(1).state(red, 0.0, 1.0))
            .build(),
    );
    refused_by_encoding(SpatBuilder::new(node(7), NOW).build());

    // BSM.
    out_of_range(BsmBuilder::new([0; 8]).speed_mps(163.9).build(), "speed");
    out_of_range(
        BsmBuilder::new([0; 8]).position_deg(0.0, 180.1).build(),
        "long",
    );
    out_of_range(
        BsmBuilder::new([0; 8]).elevation_m(-500.0).build(),
        "elevation",
    );
    out_of_range(
        BsmBuilder::new([0; 8]).heading_deg(f64::NAN).build(),
        "heading",
    );
    out_of_range(BsmBuilder::new([0; 8]).size_m(10.24, 1.0).build(), "width");
    out_of_range(BsmBuilder::new([0; 8]).msg_cnt(128).build(), "msgCnt");
    out_of_range(
        BsmBuilder::new([0; 8]).sec_mark_ms(61_000).build(),
        "secMark",
    );
    refused_by_encoding(BsmBuilder::new([0; 8]).plate_no(b"AB1").build());
    refused_by_encoding(BsmBuilder::new([0; 8]).plate_no(&[b'A'; 17]).build());

    // MAP: 2017 lanes have no width of their own.
    let link = || LinkSpec::new(node(6), 3.5);
    let e = MapBuilder::new(node(7), 30.0, 120.0)
        .link(link().lane(LaneSpec::new(1).width_m(3.5)))
        .build()
        .unwrap_err();
    assert_eq!(
        e,
        BuildError::NotInEdition {
            field: "Lane.laneWidth",
            edition: "csae-2017"
        }
    );
    out_of_range(
        MapBuilder::new(node(7), 30.0, 120.0)
            .link(LinkSpec::new(node(6), 327.68).lane(LaneSpec::new(1)))
            .build(),
        "laneWidth",
    );
    out_of_range(MapBuilder::new(node(7), -90.5, 120.0).build(), "lat");
    out_of_range(
        MapBuilder::new(node(7), 30.0, 120.0)
            .link(link().lane(LaneSpec::new(1).points_m(&[(0.0, 0.0), (2e5, 0.0)])))
            .build(),
        "east",
    );
    // No lane (LaneList 1..=32), nine connections (ConnectsToList 1..=8).
    refused_by_encoding(MapBuilder::new(node(7), 30.0, 120.0).link(link()).build());
    let mut lane = LaneSpec::new(1);
    for i in 0..9 {
        lane = lane.connects_to(node(20 + i), None);
    }
    refused_by_encoding(
        MapBuilder::new(node(7), 30.0, 120.0)
            .link(link().lane(lane))
            .build(),
    );
    refused_by_encoding(
        MapBuilder::new(node(7), 30.0, 120.0)
            .minute_of_the_year(527_041)
            .build(),
    );

    // RSM.
    let p = |lat| ParticipantSpec::new(ParticipantType::Motor, 1, SourceType::Loop, lat, 120.0);
    out_of_range(
        RsmBuilder::new([0; 8], 30.0, 120.0)
            .participant(p(30.0).speed_mps(-0.1))
            .build(),
        "speed",
    );
    out_of_range(
        RsmBuilder::new([0; 8], 30.0, 120.0)
            .participant(p(30.0).size_m(1.0, 41.0))
            .build(),
        "length",
    );
    out_of_range(
        RsmBuilder::new([0; 8], 30.0, 120.0)
            .participant(p(f64::INFINITY))
            .build(),
        "lat",
    );
    refused_by_encoding(RsmBuilder::new([0; 8], 30.0, 120.0).build());
    let mut rsm = RsmBuilder::new([0; 8], 30.0, 120.0);
    for _ in 0..17 {
        rsm = rsm.participant(p(30.0));
    }
    refused_by_encoding(rsm.build());

    // RSI: 2017's radius, priority, text and path.
    let path = [(30.0, 120.0), (30.001, 120.0)];
    let rsi = || RsiBuilder::new([0; 8], 1, 0, 30.0, 120.0);
    out_of_range(rsi().alert_path(&path, 102.5).build(), "alertRadius");
    out_of_range(rsi().alert_path(&path, -1.0).build(), "alertRadius");
    out_of_range(rsi().alert_path(&path, 1.0).priority(8).build(), "priority");
    out_of_range(
        rsi()
            .alert_path(&[(30.0, 120.0), (91.0, 120.0)], 1.0)
            .build(),
        "lat",
    );
    refused_by_encoding(rsi().build());
    refused_by_encoding(rsi().alert_path(&path[..1], 1.0).build());
    refused_by_encoding(rsi().alert_path(&[(30.0, 120.0); 33], 1.0).build());
    refused_by_encoding(rsi().alert_path(&path, 1.0).description("施工").build());
    refused_by_encoding(
        rsi()
            .alert_path(&path, 1.0)
            .description(&"x".repeat(257))
            .build(),
    );
    refused_by_encoding(rsi().alert_path(&path, 1.0).description("").build());
}

/// Any finite or non-finite number.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e4..1e4f64,
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-0.0)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the numbers, each builder gives a message that round-trips or a typed error.
    #[test]
    fn any_numbers_give_a_message_or_an_error(
        a in any_f64(), b in any_f64(), c in any_f64(), d in any_f64(), n in any::<u8>(),
    ) {
        fn check<T: PartialEq + std::fmt::Debug>(r: Result<T, BuildError>, wrap: fn(T) -> MessageFrame) {
            if let Ok(m) = r {
                let f = wrap(m);
                let bytes = f.to_uper().unwrap();
                assert_eq!(MessageFrame::from_uper(&bytes).unwrap(), f);
            }
        }
        check(
            BsmBuilder::new([n; 8]).msg_cnt(n).position_deg(a, b).speed_mps(c).heading_deg(d)
                .size_m(a, c).elevation_m(d).build(),
            MessageFrame::BsmFrame,
        );
        check(
            MapBuilder::new(node(u16::from(n)), a, b)
                .link(LinkSpec::new(node(1), c).lane(LaneSpec::new(n).points_m(&[(c, d), (d, c)])))
                .build(),
            MessageFrame::MapFrame,
        );
        check(
            RsmBuilder::new([n; 8], a, b)
                .participant(ParticipantSpec::new(ParticipantType::Rsu, 1, SourceType::Unknown, c, d)
                    .speed_mps(a).heading_deg(b).size_m(c, d))
                .build(),
            MessageFrame::RsmFrame,
        );
        check(
            SpatBuilder::new(node(1), n.into())
                .phase(PhaseSpec::new(n).state_bounded(LightState::Dark, a, b, c, d).state(LightState::Dark, b, a))
                .build(),
            MessageFrame::SpatFrame,
        );
        check(
            RsiBuilder::new([n; 8], n, n.into(), a, b).priority(n).alert_path(&[(a, b), (c, d)], c).build(),
            MessageFrame::RsiFrame,
        );
    }
}

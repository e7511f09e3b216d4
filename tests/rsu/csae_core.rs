//! The sans-IO RSU engine speaking the China profile (T/CSAE 53-2020) on a simulated
//! clock: cadences, DSMP framing and AIDs, SPAT and J2735 SPaT describing one instant
//! alike, the stale policy, MAP/SPAT phase consistency, RSM batching and expiry from the
//! perception feed, and every message sent decoding with the `asn1tools` oracle.
#![cfg(all(feature = "std", feature = "serde"))]

use cv2x::csae::v2020::{MessageFrame, TimeChangeDetails, SPAT};
use cv2x::j2735::signal::time::seconds_until;
use cv2x::link::dsmp::{aid, Dsmp};
use cv2x::per::Decode;
use cv2x::rsu::controller_link::LinkConfig;
use cv2x::rsu::csae_map::CsaeMapStore;
use cv2x::rsu::csae_spat::csae_light;
use cv2x::rsu::engine::{
    CoreError, CsaeConfig, Destination, MessageKind, Now, RsuConfig, RsuCore, SignalInput,
    Transmit, TxFraming,
};
use cv2x::rsu::four_leg;
use cv2x::rsu::perception::PerceptionConfig;
use cv2x::rsu::plan::Plan;
use cv2x::rsu::rsi::{RsiBoard, RsiConfig};
use cv2x::rsu::spat::Stale;

/// 2023-11-14T22:59:55.000Z, 25 s into the simulated traffic's 30 s loop: the northbound
/// car (2), the cyclist (3) and the pedestrian (4) are under way for the next 2 s.
const T0: u64 = 1_700_002_795_000;
const ID: u16 = 1234;
const LAT: f64 = 30.2741;
const LON: f64 = 120.1551;

fn csae_config(input: SignalInput) -> RsuConfig {
    let mut c = RsuConfig::new(four_leg::spat_config(ID), input);
    let mut csae = CsaeConfig::new();
    csae.map =
        Some(CsaeMapStore::new(four_leg::csae_map(None, ID, LAT, LON, None).unwrap()).unwrap());
    csae.perception = Some(PerceptionConfig::new(*b"rsu-0042", LAT, LON));
    csae.simulated_traffic = true;
    let mut rsi = RsiBoard::new(RsiConfig::new(*b"rsu-0042", LAT, LON));
    // Road works for 2.5 s from T0.
    let works = format!(
        r#"{{"kind":"event","id":1,"type":401,"source":"detection","lat":30.2745,"lon":120.1552,"radius":50,"priority":5,"description":"road works","end":{}}}"#,
        T0 + 2_500
    );
    rsi.on_line(T0, works.as_bytes()).unwrap();
    csae.rsi = Some(rsi);
    c.csae = Some(csae);
    c.destinations = vec![Destination::csae(TxFraming::Dsmp)];
    c
}

fn simulated() -> RsuConfig {
    csae_config(SignalInput::Simulated(Plan::four_leg_default()))
}

/// Runs the core until `end_mono`, jumping to each deadline, collecting (time, transmit).
fn run(rsu: &mut RsuCore, now: &mut Now, end_mono: u64) -> Vec<(Now, Transmit)> {
    let mut out = Vec::new();
    loop {
        let due = rsu.poll_timeout();
        if due >= end_mono {
            *now = now.advance(end_mono - now.mono_ms);
            return out;
        }
        *now = now.advance(due.saturating_sub(now.mono_ms));
        rsu.handle_timeout(*now);
        while let Some(t) = rsu.poll_transmit() {
            out.push((*now, t));
        }
    }
}

fn frame(t: &Transmit) -> MessageFrame {
    let dsmp = Dsmp::parse(&t.bytes).unwrap();
    assert_eq!(dsmp.aid, t.psid.0);
    MessageFrame::from_uper(dsmp.payload).unwrap()
}

fn spat(t: &Transmit) -> SPAT {
    match frame(t) {
        MessageFrame::SpatFrame(s) => s,
        f => panic!("not a SPAT: {f:?}"),
    }
}

#[test]
fn cadences_and_aids_over_two_seconds() {
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(), now).unwrap();
    let sent = run(&mut rsu, &mut now, 2_000);
    let count = |k: MessageKind| sent.iter().filter(|(_, t)| t.message == k).count();
    assert_eq!(count(MessageKind::Spat), 20);
    assert_eq!(count(MessageKind::Map), 2);
    assert_eq!(count(MessageKind::Rsm), 20);
    assert_eq!(count(MessageKind::Rsi), 2);
    for (at, t) in &sent {
        let (want_aid, ok) = match frame(t) {
            MessageFrame::SpatFrame(_) => (aid::SPAT, t.message == MessageKind::Spat),
            MessageFrame::MapFrame(_) => (aid::MAP, t.message == MessageKind::Map),
            MessageFrame::RsiFrame(r) => {
                assert_eq!(r.rtes.as_ref().unwrap().0[0].event_type.0, 401);
                (aid::RSI_DYNAMIC, t.message == MessageKind::Rsi)
            }
            MessageFrame::RsmFrame(r) => {
                let ids: Vec<u16> = r.participants.0.iter().map(|p| p.ptc_id).collect();
                assert_eq!(ids, [2, 3, 4], "at {at:?}");
                (aid::RSM, t.message == MessageKind::Rsm)
            }
            f => panic!("unexpected {f:?}"),
        };
        assert!(ok);
        assert_eq!(t.psid.0, want_aid);
    }
    // SPATs every 100 ms on the grid, msgCnt counting.
    let spats: Vec<(u64, u8)> = sent
        .iter()
        .filter(|(_, t)| t.message == MessageKind::Spat)
        .map(|(at, t)| (at.mono_ms, spat(t).msg_cnt.0))
        .collect();
    for (i, (at, cnt)) in spats.iter().enumerate() {
        assert_eq!((*at, *cnt), (i as u64 * 100, i as u8));
    }
    assert_eq!(rsu.counters().rsm_built, 20);
    assert_eq!(rsu.counters().encode_errors, 0);
}

/// The China profile core and a J2735 core on one simulated clock say the same thing:
/// each phase's light and the seconds to its change.
#[test]
fn csae_and_j2735_cores_describe_one_instant_alike() {
    let mut now_c = Now::new(0, T0);
    let mut now_j = now_c;
    let mut csae = RsuCore::new(simulated(), now_c).unwrap();
    let mut j2735 = RsuCore::new(
        RsuConfig::new(
            four_leg::spat_config(ID),
            SignalInput::Simulated(Plan::four_leg_default()),
        ),
        now_j,
    )
    .unwrap();
    let mut compared = 0;
    for step in 1..=300u64 {
        let end = step * 100 + 1;
        run(&mut csae, &mut now_c, end);
        run(&mut j2735, &mut now_j, end);
        let (c, j) = (csae.last_csae_spat().unwrap(), j2735.last_spat().unwrap());
        assert!(csae.last_spat().is_none());
        let sent_at = T0 + step * 100;
        for ms in &j.intersections.0[0].states.0 {
            let e = &ms.state_time_speed.0[0];
            let phase = c.intersections.0[0]
                .phases
                .0
                .iter()
                .find(|p| p.id.0 == ms.signal_group.0)
                .unwrap();
            let now_state = &phase.phase_states.0[0];
            assert_eq!(now_state.light, csae_light(e.event_state));
            let Some(TimeChangeDetails::Counting(t)) = &now_state.timing else {
                panic!("counting")
            };
            let j_secs = e
                .timing
                .as_ref()
                .and_then(|t| seconds_until(t.min_end_time, sent_at));
            if let Some(secs) = j_secs {
                if t.likely_end_time.0 != 36_001 {
                    let c_secs = f64::from(t.likely_end_time.0) / 10.0;
                    assert!((c_secs - secs).abs() < 0.11, "{c_secs} vs {secs}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 1_000, "{compared}");
}

#[test]
fn stale_controller_input_under_silence_sends_no_spat() {
    let mut config = csae_config(SignalInput::Controller(LinkConfig::default()));
    config.spat.stale = Stale::Silence;
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(config, now).unwrap();
    let sent = run(&mut rsu, &mut now, 1_000);
    assert!(sent.iter().all(|(_, t)| t.message != MessageKind::Spat));
    assert_eq!(rsu.counters().spat_suppressed, 10);
    // MAP and RSM go on without the controller.
    assert!(sent.iter().any(|(_, t)| t.message == MessageKind::Map));
    assert!(sent.iter().any(|(_, t)| t.message == MessageKind::Rsm));
}

/// Under the status-bit policy a stale controller gives SPATs with noValidSPAT set and
/// every light unavailable, without times; a fresh blob restores lights and times.
#[test]
fn stale_controller_input_under_status_bit_says_so() {
    let config = csae_config(SignalInput::Controller(LinkConfig::default()));
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(config, now).unwrap();
    let sent = run(&mut rsu, &mut now, 300);
    let spats: Vec<SPAT> = sent
        .iter()
        .filter(|(_, t)| t.message == MessageKind::Spat)
        .map(|(_, t)| spat(t))
        .collect();
    assert_eq!(spats.len(), 3);
    for s in &spats {
        let ix = &s.intersections.0[0];
        assert_eq!(ix.status.0.as_bytes(), [0x00, 0x04]);
        for p in &ix.phases.0 {
            let state = &p.phase_states.0[0];
            assert_eq!(state.light, cv2x::csae::v2020::LightState::Unavailable);
            assert!(state.timing.is_none());
        }
    }
    rsu.on_controller(now, &crate::common::tscbm_blob(0, 120));
    let sent = run(&mut rsu, &mut now, 401);
    let s = spat(
        &sent
            .iter()
            .find(|(_, t)| t.message == MessageKind::Spat)
            .unwrap()
            .1,
    );
    let ix = &s.intersections.0[0];
    assert_eq!(ix.status.0.as_bytes(), [0, 0]);
    let p2 = ix.phases.0.iter().find(|p| p.id.0 == 2).unwrap();
    assert_eq!(
        p2.phase_states.0[0].light,
        cv2x::csae::v2020::LightState::ProtectedGreen
    );
    let Some(TimeChangeDetails::Counting(t)) = &p2.phase_states.0[0].timing else {
        panic!("counting")
    };
    assert_eq!(t.min_end_time.unwrap().0, 120);
}

#[test]
fn map_must_reference_exactly_the_spat_phases() {
    let mut config = simulated();
    let mut map = four_leg::csae_map(None, ID, LAT, LON, None).unwrap();
    // Drop the north leg's link: phases 4 and 7 and pedestrian 106 lose their lanes.
    map.nodes.0[0].in_links.as_mut().unwrap().0.pop();
    config.csae.as_mut().unwrap().map = Some(CsaeMapStore::new(map).unwrap());
    match RsuCore::new(config, Now::new(0, T0)) {
        Err(CoreError::CsaePhases(e)) => {
            assert!(e.missing.is_empty());
            assert_eq!(e.unreferenced, [4, 7, 106]);
        }
        other => panic!("{other:?}"),
    }
    let mut config = simulated();
    config.map = Some(cv2x::rsu::MapStore::new(four_leg::map(ID, LAT, LON).unwrap()).unwrap());
    assert!(matches!(
        RsuCore::new(config, Now::new(0, T0)),
        Err(CoreError::WrongProfile(_))
    ));
}

fn detection(id: u16, time: u64) -> String {
    format!(
        r#"{{"type":"motor","id":{id},"source":"radar","lat":{},"lon":{},"speed":9.5,"heading":90,"width":1.8,"length":4.6,"time":{time}}}"#,
        LAT + f64::from(id) * 1e-5,
        LON
    )
}

#[test]
fn rsm_batches_sixteen_and_forgets_what_is_no_longer_seen() {
    let mut config = simulated();
    config.csae.as_mut().unwrap().simulated_traffic = false;
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(config, now).unwrap();
    run(&mut rsu, &mut now, 50);
    let lines: Vec<String> = (1..=20).map(|id| detection(id, now.utc_ms - 10)).collect();
    let mut datagram = lines.join("\n").into_bytes();
    datagram.extend_from_slice(b"\n{garbage\n\n");
    rsu.on_perception(now, &datagram);
    rsu.on_perception(now, &[0xff; 1000]);
    let sent = run(&mut rsu, &mut now, 101);
    let rsms: Vec<Vec<u16>> = sent
        .iter()
        .filter_map(|(_, t)| match frame(t) {
            MessageFrame::RsmFrame(r) => Some(r.participants.0.iter().map(|p| p.ptc_id).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(rsms.len(), 2);
    assert_eq!(rsms[0], (1..=16).collect::<Vec<u16>>());
    assert_eq!(rsms[1], (17..=20).collect::<Vec<u16>>());
    let c = rsu.perception_counters().unwrap();
    assert_eq!((c.accepted, c.malformed), (20, 2));
    // 100 ms later nothing is seen any more: no RSM at all.
    let sent = run(&mut rsu, &mut now, 301);
    assert!(sent.iter().all(|(_, t)| t.message != MessageKind::Rsm));
}

/// Every message the China profile core sends decodes with the `asn1tools` oracle compiled
/// from our CSAE 2020 modules, to the JSON our decoder gives.
#[test]
fn every_message_sent_decodes_with_the_asn1tools_oracle() {
    let mut config = simulated();
    config.csae.as_mut().unwrap().timing = cv2x::rsu::csae_spat::CsaeTiming::UtcTiming;
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(config, now).unwrap();
    let mut sent = run(&mut rsu, &mut now, 1_000);
    let mut counting = RsuCore::new(simulated(), now).unwrap();
    sent.extend(run(&mut counting, &mut now, 2_000));
    let mut hex_lines = String::new();
    let mut ours = Vec::new();
    for (_, t) in &sent {
        let payload = Dsmp::parse(&t.bytes).unwrap().payload;
        hex_lines.push_str(&hex::encode(payload));
        hex_lines.push('\n');
        ours.push(serde_json::to_value(frame(t)).unwrap());
    }
    let out = crate::common::csae_oracle("2020", &["decode", "MessageFrame"], Some(hex_lines));
    let theirs: Vec<&str> = out.lines().collect();
    assert_eq!(theirs.len(), ours.len());
    for (line, ours) in theirs.iter().zip(&ours) {
        assert!(!line.starts_with("ERR"), "{line}");
        let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(&theirs, ours);
    }
    assert!(sent.len() > 40);
}

/// A fixed-time plan knows every change: each phase's current state has a likely end at
/// every SPAT of two whole cycles (and no countdown jumps back or exceeds the cycle).
#[test]
fn a_fixed_time_plan_has_a_likely_end_at_every_tick() {
    // Off the tenth-second grid, as a real clock is.
    let mut now = Now::new(0, T0 + 37);
    let mut rsu = RsuCore::new(simulated(), now).unwrap();
    let mut ticks = 0;
    for step in 1..=1_800u64 {
        // Each tick handled a few ms late, as a real loop is.
        let late = step * 7 % 11;
        now = now.advance(step * 100 + late - now.mono_ms);
        rsu.handle_timeout(now);
        while rsu.poll_transmit().is_some() {}
        let spat = rsu.last_csae_spat().unwrap();
        for phase in &spat.intersections.0[0].phases.0 {
            let Some(TimeChangeDetails::Counting(t)) = &phase.phase_states.0[0].timing else {
                panic!("counting")
            };
            assert!(
                t.likely_end_time.0 <= 900,
                "at {} ms phase {}: likely end {}",
                now.mono_ms,
                phase.id.0,
                t.likely_end_time.0
            );
        }
        ticks += 1;
    }
    assert_eq!(ticks, 1_800);
}

/// RSI goes at 1 Hz while its board has active items: the configured event until its end,
/// an item added at run time (a JSON line), nothing once all are over; malformed lines are
/// counted.
#[test]
fn rsi_follows_its_board_and_expires() {
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(), now).unwrap();
    let rsis = |sent: &[(Now, Transmit)]| -> Vec<(u64, Vec<u8>, u8)> {
        sent.iter()
            .filter_map(|(at, t)| match frame(t) {
                MessageFrame::RsiFrame(r) => {
                    let mut ids: Vec<u8> = r
                        .rtes
                        .iter()
                        .flat_map(|l| l.0.iter().map(|e| e.rte_id))
                        .collect();
                    ids.extend(
                        r.rtss
                            .iter()
                            .flat_map(|l| l.0.iter().map(|s| 100 + s.rts_id)),
                    );
                    Some((at.mono_ms, ids, r.msg_cnt.0))
                }
                _ => None,
            })
            .collect()
    };
    // 0 and 1 s: the road works; at 2 s too (it ends at 2.5 s).
    let sent = run(&mut rsu, &mut now, 2_001);
    assert_eq!(
        rsis(&sent),
        [(0, vec![1], 0), (1_000, vec![1], 1), (2_000, vec![1], 2)]
    );
    // A sign added at run time, a line of garbage, a removal of what is not there.
    let sign = format!(
        "{{\"kind\":\"sign\",\"id\":7,\"type\":38,\"lat\":30.2740,\"lon\":120.1550,\"end\":{}}}\n{{oops\n{{\"remove\":{{\"kind\":\"sign\",\"id\":9}}}}",
        now.utc_ms + 1_500
    );
    rsu.on_rsi(now, sign.as_bytes());
    // 3 s: the works are over, the sign is on; 4 s: the sign ended at 3.5 s: nothing.
    let sent = run(&mut rsu, &mut now, 5_001);
    assert_eq!(rsis(&sent), [(3_000, vec![107], 3)]);
    let c = rsu.rsi_board().unwrap().counters();
    assert_eq!(
        (c.accepted, c.malformed, c.expired, c.messages),
        (2, 1, 2, 4)
    );
    assert_eq!(rsu.counters().rsi_built, 4);
}

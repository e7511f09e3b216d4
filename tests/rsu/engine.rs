//! The sans-IO RSU engine (`cv2x::rsu::engine`) on a simulated clock: cadence, the hour
//! boundary, controller loss and return, plan changes, framing and PSIDs, garbage input.
#![cfg(all(feature = "std", feature = "serde"))]

use cv2x::j2735::signal::time::seconds_until;
use cv2x::j2735::{Message, MessageFrame, MovementPhaseState as S, SPAT};
use cv2x::link::ifm::Ifm;
use cv2x::link::{unwrap, Framing, Psid};
use cv2x::per::Decode;
use cv2x::rsu::controller_link::LinkConfig;
use cv2x::rsu::engine::{
    frame_of, CoreError, Destination, Event, MessageKind, Now, RsuConfig, RsuCore, SignalInput,
    Transmit, TxFraming,
};
use cv2x::rsu::four_leg;
use cv2x::rsu::plan::{PhaseTiming, Plan, Simulator};
use cv2x::rsu::spat::Stale;
use cv2x::rsu::MapStore;

use crate::common::tscbm_blob as blob;

/// 2023-11-14T22:59:55.000Z: five seconds before an hour (and a minute) boundary.
const T0: u64 = 1_700_002_795_000;
const ID: u16 = 1234;

fn simulated(destinations: Vec<Destination>) -> RsuConfig {
    let mut c = RsuConfig::new(
        four_leg::spat_config(ID),
        SignalInput::Simulated(Plan::four_leg_default()),
    );
    c.map = Some(MapStore::new(four_leg::map(ID, 42.3, -83.7).unwrap()).unwrap());
    c.destinations = destinations;
    c
}

fn decode(t: &Transmit) -> MessageFrame {
    MessageFrame::from_uper(&frame_of(&t.bytes).unwrap()).unwrap()
}

fn spat_of(t: &Transmit) -> SPAT {
    match decode(t).message {
        Message::Spat(s) => s,
        m => panic!("not a SPaT: {m:?}"),
    }
}

/// Runs the core until `end_mono`, jumping to each deadline (plus `lag` ms), collecting
/// (send time, transmission).
fn run(rsu: &mut RsuCore, now: &mut Now, end_mono: u64, lag: u64) -> Vec<(Now, Transmit)> {
    let mut out = Vec::new();
    loop {
        let due = rsu.poll_timeout().saturating_add(lag);
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

#[test]
fn cadence_over_ten_seconds() {
    for lag in [0, 3, 37] {
        let mut now = Now::new(5_000, T0);
        let mut rsu = RsuCore::new(simulated(vec![Destination::new(TxFraming::Raw)]), now).unwrap();
        let sent = run(&mut rsu, &mut now, 5_000 + 10_000, lag);
        let spat: Vec<u64> = sent
            .iter()
            .filter(|(_, t)| t.message == MessageKind::Spat)
            .map(|(n, _)| n.mono_ms)
            .collect();
        let map: Vec<u64> = sent
            .iter()
            .filter(|(_, t)| t.message == MessageKind::Map)
            .map(|(n, _)| n.mono_ms)
            .collect();
        assert_eq!(spat.len(), 100, "lag {lag}");
        assert_eq!(map.len(), 10, "lag {lag}");
        for (k, t) in spat.iter().enumerate() {
            assert_eq!(*t, 5_000 + 100 * k as u64 + lag, "SPaT {k}");
        }
        for (k, t) in map.iter().enumerate() {
            assert_eq!(*t, 5_000 + 1_000 * k as u64 + lag.min(99), "MAP {k}");
        }
        assert_eq!(rsu.counters().skipped_ticks, 0);
        assert_eq!(rsu.counters().spat_built, 100);
    }
}

#[test]
fn late_caller_skips_instead_of_bursting() {
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(vec![Destination::new(TxFraming::Raw)]), now).unwrap();
    rsu.handle_timeout(now);
    while rsu.poll_transmit().is_some() {}
    now = now.advance(1_050); // the caller stalled a second
    rsu.handle_timeout(now);
    let n = std::iter::from_fn(|| rsu.poll_transmit())
        .filter(|t| t.message == MessageKind::Spat)
        .count();
    assert_eq!(n, 1);
    assert_eq!(rsu.counters().skipped_ticks, 9); // 100..=900 missed, 1000 sent late
    assert_eq!(rsu.poll_timeout(), 1_100); // back on the 100 ms grid
}

#[test]
fn hour_boundary() {
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(vec![Destination::new(TxFraming::Raw)]), now).unwrap();
    let sim = Simulator::new(Plan::four_leg_default());
    let sent = run(&mut rsu, &mut now, 10_000, 0);
    let mut moys = Vec::new();
    for (at, t) in sent.iter().filter(|(_, t)| t.message == MessageKind::Spat) {
        let spat = spat_of(t);
        let ix = &spat.intersections.0[0];
        let moy = ix.moy.unwrap().0;
        let ms_in_minute = u64::from(ix.time_stamp.unwrap().0);
        assert_eq!(ms_in_minute, (at.utc_ms % 60_000), "timeStamp");
        moys.push(moy);
        // Every TimeMark agrees with the plan's countdown, counted from the send time.
        let state = sim.state_at(at.mono_ms);
        for m in &ix.states.0 {
            let e = &m.state_time_speed.0[0];
            let timing = e.timing.unwrap();
            let min = timing.min_end_time;
            assert!(min.0 < 36_000, "mark {}", min.0);
            let secs = seconds_until(min, at.utc_ms).unwrap();
            let sg = m.signal_group.0;
            let cd = if sg > 100 {
                state.ped(sg - 100).unwrap().countdown.unwrap()
            } else {
                state.phase(sg).unwrap().countdown.unwrap()
            };
            assert!(
                (secs - f64::from(cd.min_tenths) / 10.0).abs() < 0.051,
                "sg {sg} at {}: {secs} vs {cd:?}",
                at.mono_ms
            );
            if at.utc_ms >= T0 + 5_000 {
                // After the hour: a change within the next minute is a small mark.
                if secs < 60.0 {
                    assert!(min.0 < 700, "sg {sg}: {}", min.0);
                }
            }
        }
    }
    // moy: 22:59 then 23:00, advancing by exactly one at the boundary.
    assert_eq!(moys.first(), Some(&(moys[0])));
    assert_eq!(moys[49], moys[0]);
    assert_eq!(moys[50], moys[0] + 1);
    assert_eq!(moys[99], moys[0] + 1);
}

fn controller_core(stale: Stale) -> (RsuCore, Now) {
    let mut spat = four_leg::spat_config(ID);
    spat.stale = stale;
    let mut c = RsuConfig::new(spat, SignalInput::Controller(LinkConfig::default()));
    c.destinations = vec![Destination::new(TxFraming::Wsmp)];
    let now = Now::new(0, T0);
    (RsuCore::new(c, now).unwrap(), now)
}

fn sg2(spat: &SPAT) -> (S, Option<u16>, [u8; 2]) {
    let ix = &spat.intersections.0[0];
    let m = ix.states.0.iter().find(|m| m.signal_group.0 == 2).unwrap();
    let e = &m.state_time_speed.0[0];
    let bits = ix.status.0.as_bytes();
    (
        e.event_state,
        e.timing.map(|t| t.min_end_time.0),
        [bits[0], bits[1]],
    )
}

#[test]
fn controller_loss_and_return() {
    let (mut rsu, mut now) = controller_core(Stale::SetStatusBit);
    let mut spats = Vec::new();
    let mut events = Vec::new();
    let mut seq = 0u8;
    // 0..2 s: blobs every 100 ms (20 ms before each SPaT), phase 2 green, 30 s left.
    // 2..3 s: silence. 3..5 s: blobs again (a restarted controller: sequence from 77).
    for tick in 0..50u64 {
        let t = tick * 100;
        let feeding = !(20..30).contains(&tick);
        if tick == 30 {
            seq = 77;
        }
        if feeding {
            let at = now.advance(t.saturating_sub(20) - now.mono_ms);
            let text = tick % 2 == 1;
            let b = blob(seq, 300 - tick as u16);
            if text {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                rsu.on_controller(at, format!("Type=TSCBM\nPayload={hex}\n").as_bytes());
            } else {
                rsu.on_controller(at, &b);
            }
            seq = seq.wrapping_add(1);
            now = at;
        }
        now = now.advance(t - now.mono_ms);
        rsu.handle_timeout(now);
        while let Some(tx) = rsu.poll_transmit() {
            assert_eq!(unwrap(&tx.bytes).unwrap().wsmp.unwrap().psid, Psid::SPAT);
            spats.push((now, spat_of(&tx)));
        }
        while let Some(e) = rsu.poll_event() {
            events.push((now.mono_ms, e));
        }
    }
    assert_eq!(spats.len(), 50);
    for (at, spat) in &spats {
        let (state, min, status) = sg2(spat);
        let t = at.mono_ms;
        if t == 0 {
            continue; // the first blob arrives at 0, not 20 ms before
        }
        if (2_200..3_000).contains(&t) {
            assert_eq!(status, [0x00, 0x04], "t {t}");
            assert_eq!((state, min), (S::Unavailable, None), "t {t}");
        } else if !(2_000..3_000).contains(&t) {
            assert_eq!(status, [0, 0], "t {t}");
            assert_eq!(state, S::ProtectedMovementAllowed, "t {t}");
            // The countdown fed 20 ms ago ends 30.0 s - tick tenths after the blob.
            let secs = seconds_until(cv2x::j2735::TimeMark(min.unwrap()), at.utc_ms).unwrap();
            let want = f64::from(300 - (t / 100) as u16) / 10.0 - 0.1;
            assert!((secs - want).abs() < 0.051, "t {t}: {secs} vs {want}");
        }
    }
    let kinds: Vec<_> = events.iter().map(|(t, e)| (*t, *e)).collect();
    assert_eq!(kinds[0], (0, Event::ControllerUp { silent_ms: None }));
    assert!(kinds.iter().any(
        |(t, e)| matches!(e, Event::ControllerLost { silent_ms } if *t == 2_200 && *silent_ms > 300)
    ));
    assert!(kinds
        .iter()
        .any(|(t, e)| matches!(e, Event::ControllerUp { silent_ms: Some(s) } if *t == 3_000 && *s > 1_000)));
    assert_eq!(rsu.counters().controller_malformed, 0);
    assert_eq!(rsu.counters().spat_stale, 8); // 2.2 .. 2.9 s: the last blob came at 1.88 s
}

#[test]
fn stale_silence_sends_nothing() {
    let (mut rsu, mut now) = controller_core(Stale::Silence);
    rsu.on_controller(now, &blob(1, 100));
    rsu.handle_timeout(now);
    assert!(rsu.poll_transmit().is_some());
    now = now.advance(1_000);
    rsu.handle_timeout(now);
    assert!(rsu.poll_transmit().is_none());
    assert_eq!(rsu.counters().spat_suppressed, 1);
    // The lost event came at the link deadline.
    assert_eq!(
        rsu.poll_event(),
        Some(Event::ControllerUp { silent_ms: None })
    );
    assert!(matches!(
        rsu.poll_event(),
        Some(Event::ControllerLost { .. })
    ));
}

#[test]
fn poll_timeout_includes_link_deadline() {
    let (mut rsu, now) = controller_core(Stale::SetStatusBit);
    rsu.handle_timeout(now);
    let later = now.advance(50);
    rsu.on_controller(later, &blob(1, 100));
    assert_eq!(rsu.poll_timeout(), 100);
    let t = now.advance(320);
    rsu.handle_timeout(t);
    // SPaT at 100, 200, 300; the link goes stale at 351.
    assert_eq!(rsu.poll_timeout(), 351);
}

#[test]
fn plan_change_bumps_revision() {
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(vec![Destination::new(TxFraming::Ifm)]), now).unwrap();
    let revs = |sent: &[(Now, Transmit)]| -> Vec<u8> {
        sent.iter()
            .filter(|(_, t)| t.message == MessageKind::Spat)
            .map(|(_, t)| spat_of(t).intersections.0[0].revision.0)
            .collect()
    };
    let before = run(&mut rsu, &mut now, 1_000, 0);
    assert!(revs(&before).iter().all(|&r| r == 0));
    // A longer cycle: the side-street throughs get 5 s more.
    let t = |p, m, g, y, r| PhaseTiming::vehicle(p, m, g, y, r);
    let phases = [
        t(1, 50, 90, 30, 20),
        t(2, 150, 300, 40, 20).with_ped(70, 120),
        t(3, 50, 70, 30, 20),
        t(4, 100, 275, 35, 20).with_ped(70, 150),
        t(5, 50, 90, 30, 20),
        t(6, 150, 300, 40, 20).with_ped(70, 120),
        t(7, 50, 70, 30, 20),
        t(8, 100, 275, 35, 20).with_ped(70, 150),
    ];
    let plan = Plan::new(950, &phases, &[&[&[1, 2], &[3, 4]], &[&[5, 6], &[7, 8]]]).unwrap();
    rsu.set_plan(now, plan).unwrap();
    assert_eq!(rsu.poll_event(), Some(Event::PlanChanged { revision: 1 }));
    let after = run(&mut rsu, &mut now, 2_000, 0);
    assert!(revs(&after).iter().all(|&r| r == 1), "{:?}", revs(&after));
    // The same table again changes nothing; a different one bumps again.
    assert!(!rsu.set_table(four_leg::table()));
    let mut rows = four_leg::table().entries().to_vec();
    rows[0].protection = cv2x::rsu::spat::Protection::ProtectedPermissive;
    assert!(rsu.set_table(cv2x::rsu::spat::MappingTable::new(rows).unwrap()));
    assert_eq!(rsu.poll_event(), Some(Event::PlanChanged { revision: 2 }));
    let later = run(&mut rsu, &mut now, 2_500, 0);
    assert!(revs(&later).iter().all(|&r| r == 2));
    // A controller-fed core has no plan to replace.
    let (mut c, now) = controller_core(Stale::SetStatusBit);
    assert_eq!(
        c.set_plan(now, Plan::four_leg_default()),
        Err(CoreError::NotSimulated)
    );
    c.plan_changed();
    assert_eq!(c.revision(), 1);
}

#[test]
fn every_transmission_decodes_in_its_framing() {
    let mut wsmp = Destination::new(TxFraming::Wsmp);
    wsmp.channel = Some(172);
    wsmp.map = Some(Psid::MAP_CI);
    let mut ifm = Destination::new(TxFraming::Ifm);
    ifm.channel = Some(180);
    let mut map_only = Destination::new(TxFraming::WsmpBare);
    map_only.spat = None;
    let dests = vec![
        Destination::new(TxFraming::Raw),
        Destination::new(TxFraming::Ieee1609Dot2),
        wsmp,
        map_only,
        ifm,
        Destination::bsm_forward(TxFraming::Raw),
    ];
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(dests.clone()), now).unwrap();
    let sent = run(&mut rsu, &mut now, 3_000, 0);
    let mut per_dest = [0usize; 6];
    for (_, t) in &sent {
        per_dest[t.destination] += 1;
        let d = &dests[t.destination];
        assert_eq!(t.framing, d.framing);
        let frame = decode(t);
        let (want_id, psid) = match t.message {
            MessageKind::Spat => (19, d.spat.unwrap()),
            MessageKind::Map => (18, d.map.unwrap()),
            MessageKind::Bsm | MessageKind::Rsi | MessageKind::Rsm => unreachable!(),
        };
        assert_eq!(frame.message.message_id(), want_id);
        assert_eq!(t.psid, psid);
        match d.framing {
            TxFraming::Ifm => {
                let parsed = Ifm::parse(std::str::from_utf8(&t.bytes).unwrap()).unwrap();
                assert_eq!(parsed.psid, psid);
                assert_eq!(parsed.tx_channel, 180);
                assert_eq!(parsed.msg_type, if want_id == 19 { "SPAT" } else { "MAP" });
            }
            f => {
                let u = unwrap(&t.bytes).unwrap();
                let (framing, dot2) = match f {
                    TxFraming::Raw => (Framing::Raw, false),
                    TxFraming::Ieee1609Dot2 => (Framing::Ieee1609Dot2, true),
                    TxFraming::Wsmp => (Framing::Wsmp, true),
                    TxFraming::WsmpBare => (Framing::Wsmp, false),
                    TxFraming::Dsmp => (Framing::Dsmp, false),
                    TxFraming::Ifm => unreachable!(),
                };
                assert_eq!((u.framing(), u.ieee1609dot2), (framing, dot2));
                if let Some(w) = u.wsmp {
                    assert_eq!(w.psid, psid);
                    assert_eq!(w.channel, d.channel);
                }
            }
        }
    }
    assert_eq!(per_dest, [33, 33, 33, 3, 33, 0]);
}

/// A BSM from the summary documentation.
const BSM: &str =
    "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn bsms_are_forwarded_in_any_framing() {
    let mut wsmp_fwd = Destination::bsm_forward(TxFraming::Wsmp);
    wsmp_fwd.channel = Some(183);
    let dests = vec![
        Destination::new(TxFraming::Raw),
        Destination::bsm_forward(TxFraming::Raw),
        wsmp_fwd,
    ];
    let now = Now::new(0, T0);
    let mut rsu = RsuCore::new(simulated(dests), now).unwrap();
    let bsm = hex(BSM);
    let mut dot2 = vec![0x03, 0x80, bsm.len() as u8];
    dot2.extend_from_slice(&bsm);
    let mut wsmp = vec![0x03, 0x00, 0x20, dot2.len() as u8];
    wsmp.extend_from_slice(&dot2);
    let mut proxy = vec![0x01];
    proxy.extend_from_slice(&wsmp);
    let ifm = Ifm::new("BSM", Psid::BSM, bsm.clone())
        .to_text()
        .into_bytes();
    for d in [&bsm, &dot2, &wsmp, &proxy, &ifm] {
        rsu.on_received(now, d);
    }
    let out: Vec<Transmit> = std::iter::from_fn(|| rsu.poll_transmit()).collect();
    assert_eq!(out.len(), 10);
    for t in &out {
        assert_eq!(t.message, MessageKind::Bsm);
        assert_ne!(t.destination, 0);
        assert_eq!(&*frame_of(&t.bytes).unwrap(), &bsm[..]);
        if t.destination == 2 {
            let u = unwrap(&t.bytes).unwrap();
            assert_eq!(u.wsmp.unwrap().psid, Psid::BSM);
            assert!(u.ieee1609dot2);
        }
    }
    // A SPaT received is not forwarded.
    rsu.handle_timeout(now);
    let spat = rsu.poll_transmit().unwrap();
    rsu.on_received(now, &spat.bytes);
    assert_eq!(rsu.counters().received_other, 1);
    assert_eq!(rsu.counters().bsm_received, 5);
    assert_eq!(rsu.counters().bsm_forwarded, 10);
}

/// xorshift64*: deterministic garbage.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn garbage_is_counted_never_panics() {
    let mut spat = four_leg::spat_config(ID);
    spat.stale = Stale::SetStatusBit;
    let mut c = RsuConfig::new(spat, SignalInput::Controller(LinkConfig::default()));
    c.destinations = vec![
        Destination::new(TxFraming::Raw),
        Destination::bsm_forward(TxFraming::Raw),
    ];
    c.max_queue = 256;
    let mut now = Now::new(0, T0);
    let mut rsu = RsuCore::new(c, now).unwrap();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let bsm = hex(BSM);
    let good = blob(1, 100);
    let mut malformed_rx = 0u64;
    let mut malformed_ctl = 0u64;
    for i in 0..20_000u64 {
        let n = (rng.next() % 300) as usize;
        let mut d = rng.bytes(n);
        match i % 5 {
            // Mutated valid inputs, and text.
            1 => {
                d = bsm.clone();
                let k = (rng.next() as usize) % d.len();
                d[k] ^= 1 << (rng.next() % 8);
                d.truncate((rng.next() as usize) % (bsm.len() + 1));
            }
            2 => {
                d = good.clone();
                d.truncate((rng.next() as usize) % 246);
            }
            3 => d = format!("Payload={}", String::from_utf8_lossy(&d)).into_bytes(),
            _ => {}
        }
        let before = rsu.counters();
        rsu.on_received(now, &d);
        rsu.on_controller(now, &d);
        let after = rsu.counters();
        malformed_rx += after.received_malformed - before.received_malformed;
        malformed_ctl += after.controller_malformed - before.controller_malformed;
        let (tx, ev) = rsu.queued();
        assert!(tx <= 256 && ev <= 256);
        if i % 100 == 0 {
            now = now.advance(10);
            rsu.handle_timeout(now);
        }
    }
    let c = rsu.counters();
    assert_eq!(c.received_datagrams, 20_000);
    assert_eq!(c.controller_datagrams, 20_000);
    assert_eq!(
        c.received_malformed + c.bsm_received + c.received_other,
        20_000
    );
    assert_eq!(
        (c.received_malformed, c.controller_malformed),
        (malformed_rx, malformed_ctl)
    );
    assert!(c.received_malformed > 15_000, "{c:?}");
    assert!(c.controller_malformed > 19_000, "{c:?}");
    assert!(c.dropped_events > 0);
    // Draining works and the core still sends.
    while rsu.poll_event().is_some() {}
    while rsu.poll_transmit().is_some() {}
    now = now.advance(100);
    rsu.handle_timeout(now);
    assert!(rsu.poll_transmit().is_some());
}

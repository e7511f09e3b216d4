//! The RSU core driven by real UDP sockets on loopback (`cv2x::rsu::udp_driver::Driver`):
//! SPaT at ~10 Hz and MAP at ~1 Hz reach a receiver, decodable and in the configured
//! framing; a flood of garbage to the listening ports is counted while the cadence holds
//! and memory stays bounded. Ports are ephemeral; each test is bounded to a few seconds.
//!
//! A test binary of its own, not a module of `tests/rsu`: it measures the send cadence and
//! the process's resident memory, which other tests running beside it in the same process
//! would disturb.
#![cfg(all(feature = "std", feature = "serde"))]

use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use cv2x::j2735::{Message, MessageFrame};
use cv2x::link::ifm::Ifm;
use cv2x::link::{unwrap, Framing, Psid};
use cv2x::per::Decode;
use cv2x::rsu::controller_link::LinkConfig;
use cv2x::rsu::engine::{
    frame_of, CoreCounters, Destination, RsuConfig, RsuCore, SignalInput, TxFraming,
};
use cv2x::rsu::four_leg;
use cv2x::rsu::plan::Plan;
use cv2x::rsu::udp_driver::{Clock, Driver, Inbound};
use cv2x::rsu::MapStore;

#[path = "common/mod.rs"]
mod common;
use common::tscbm_blob as blob;

const ID: u16 = 4321;

fn socket() -> UdpSocket {
    UdpSocket::bind("127.0.0.1:0").unwrap()
}

/// Collects (arrival, datagram) on `s` for `for_`.
fn collect(s: UdpSocket, for_: Duration) -> thread::JoinHandle<Vec<(Instant, Vec<u8>)>> {
    thread::spawn(move || {
        s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
        let end = Instant::now() + for_;
        let mut out = Vec::new();
        let mut buf = vec![0u8; 65_536];
        while Instant::now() < end {
            if let Ok(n) = s.recv(&mut buf) {
                out.push((Instant::now(), buf[..n].to_vec()));
            }
        }
        out
    })
}

/// Decodes a datagram, returning its message ID.
fn message_id(d: &[u8]) -> u16 {
    let f = MessageFrame::from_uper(&frame_of(d).unwrap()).unwrap();
    match f.message {
        Message::Spat(s) => {
            assert_eq!(s.intersections.0[0].id.id.0, ID);
            19
        }
        Message::MapData(m) => {
            assert_eq!(m.intersections.as_ref().unwrap().0[0].id.id.0, ID);
            18
        }
        m => panic!("unexpected {m:?}"),
    }
}

fn intervals_ms(times: &[Instant]) -> Vec<f64> {
    times
        .windows(2)
        .map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0)
        .collect()
}

fn quantile(v: &[f64], q: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1]
}

fn start(
    config: RsuConfig,
    outputs: Vec<(UdpSocket, SocketAddr)>,
    listen: Vec<(UdpSocket, Inbound)>,
    run_for: Duration,
) -> thread::JoinHandle<(CoreCounters, u64)> {
    let clock = Clock::system();
    let core = RsuCore::new(config, clock.now()).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let mut driver = Driver::new(core, clock, outputs, stop);
    for (s, k) in listen {
        driver.listen(s, k).unwrap();
    }
    thread::spawn(move || {
        driver.run(Some(Instant::now() + run_for), &mut ());
        (driver.core().counters(), driver.inbound_dropped())
    })
}

#[test]
fn spat_and_map_reach_the_obu_in_their_framing() {
    let (ifm_rx, wsmp_rx) = (socket(), socket());
    let (ifm_at, wsmp_at) = (ifm_rx.local_addr().unwrap(), wsmp_rx.local_addr().unwrap());
    let mut c = RsuConfig::new(
        four_leg::spat_config(ID),
        SignalInput::Simulated(Plan::four_leg_default()),
    );
    c.map = Some(MapStore::new(four_leg::map(ID, 42.3, -83.7).unwrap()).unwrap());
    let mut wsmp = Destination::new(TxFraming::Wsmp);
    wsmp.channel = Some(172);
    wsmp.map = Some(Psid::MAP_CI);
    c.destinations = vec![Destination::new(TxFraming::Ifm), wsmp];
    let a = collect(ifm_rx, Duration::from_millis(3_300));
    let b = collect(wsmp_rx, Duration::from_millis(3_300));
    thread::sleep(Duration::from_millis(100));
    let rsu = start(
        c,
        vec![(socket(), ifm_at), (socket(), wsmp_at)],
        vec![],
        Duration::from_millis(3_000),
    );
    let (counters, _) = rsu.join().unwrap();
    for (k, got) in [a.join().unwrap(), b.join().unwrap()]
        .into_iter()
        .enumerate()
    {
        let mut spats = Vec::new();
        let mut maps = 0;
        for (at, d) in &got {
            let id = message_id(d);
            if k == 0 {
                let ifm = Ifm::parse(std::str::from_utf8(d).unwrap()).unwrap();
                assert_eq!(ifm.psid, Psid(0x8002));
                assert_eq!(ifm.msg_type, if id == 19 { "SPAT" } else { "MAP" });
            } else {
                let u = unwrap(d).unwrap();
                assert_eq!((u.framing(), u.ieee1609dot2), (Framing::Wsmp, true));
                let w = u.wsmp.unwrap();
                assert_eq!(w.channel, Some(172));
                assert_eq!(w.psid, if id == 19 { Psid::SPAT } else { Psid::MAP_CI });
            }
            if id == 19 {
                spats.push(*at);
            } else {
                maps += 1;
            }
        }
        assert!((28..=31).contains(&spats.len()), "{} SPaTs", spats.len());
        assert!((3..=4).contains(&maps), "{maps} MAPs");
        let iv = intervals_ms(&spats);
        let p50 = quantile(&iv, 0.5);
        assert!((90.0..=110.0).contains(&p50), "p50 {p50}");
    }
    assert_eq!(counters.dropped_transmissions, 0);
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn flood_is_counted_and_cadence_holds() {
    let out = socket();
    let out_at = out.local_addr().unwrap();
    let (ctl, radio) = (socket(), socket());
    let (ctl_at, radio_at) = (ctl.local_addr().unwrap(), radio.local_addr().unwrap());
    let mut c = RsuConfig::new(
        four_leg::spat_config(ID),
        SignalInput::Controller(LinkConfig::default()),
    );
    c.destinations = vec![
        Destination::new(TxFraming::Raw),
        Destination::bsm_forward(TxFraming::Raw),
    ];
    let run = Duration::from_millis(4_000);
    let got = collect(out, run + Duration::from_millis(300));
    let rsu = start(
        c,
        vec![(socket(), out_at), (socket(), out_at)],
        vec![(ctl, Inbound::Controller), (radio, Inbound::Received)],
        run,
    );
    let done = Arc::new(AtomicBool::new(false));
    // The controller: a fresh blob every 100 ms.
    let feeder = {
        let done = Arc::clone(&done);
        thread::spawn(move || {
            let s = socket();
            let mut seq = 0u8;
            while !done.load(Ordering::Relaxed) {
                let _ = s.send_to(&blob(seq, 200), ctl_at);
                seq = seq.wrapping_add(1);
                thread::sleep(Duration::from_millis(100));
            }
        })
    };
    thread::sleep(Duration::from_millis(500));
    let rss_before = rss_kb();
    // The flood: 1 s after the start, garbage to both ports for ~2 s.
    let flood = thread::spawn(move || {
        let s = socket();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut sent = 0u64;
        let end = Instant::now() + Duration::from_millis(2_000);
        let good = blob(0, 200);
        while Instant::now() < end && sent < 200_000 {
            for _ in 0..100 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let n = (x % 400) as usize;
                let mut d: Vec<u8> = (0..n).map(|i| (x >> (i % 57)) as u8).collect();
                if x % 3 == 0 {
                    d = good.clone();
                    d.truncate((x % 245) as usize);
                }
                let _ = s.send_to(&d, ctl_at);
                let _ = s.send_to(&d, radio_at);
                sent += 2;
            }
            thread::yield_now();
        }
        sent
    });
    let sent = flood.join().unwrap();
    let rss_after = rss_kb();
    let (counters, dropped) = rsu.join().unwrap();
    done.store(true, Ordering::Relaxed);
    feeder.join().unwrap();
    let got = got.join().unwrap();
    let spats: Vec<Instant> = got
        .iter()
        .filter(|(_, d)| message_id(d) == 19)
        .map(|(t, _)| *t)
        .collect();
    let iv = intervals_ms(&spats);
    let (p50, p99) = (quantile(&iv, 0.5), quantile(&iv, 0.99));
    eprintln!(
        "flood: sent {sent}, malformed ctl {} rx {}, dropped inbound {dropped}; SPaT {} p50 {p50:.1} ms p99 {p99:.1} ms; RSS {rss_before} -> {rss_after} kB",
        counters.controller_malformed,
        counters.received_malformed,
        spats.len()
    );
    assert!(sent >= 2_000, "sent {sent}");
    assert!((37..=42).contains(&spats.len()), "{} SPaTs", spats.len());
    assert!((90.0..=110.0).contains(&p50), "p50 {p50}");
    assert!(p99 < 200.0, "p99 {p99}");
    assert!(counters.controller_malformed > 500, "{counters:?}");
    assert!(counters.received_malformed > 500, "{counters:?}");
    // Every datagram is accounted for: processed (valid, malformed, other) or dropped.
    assert!(counters.controller_datagrams + counters.received_datagrams + dropped <= sent + 100);
    assert!(
        rss_after < rss_before + 64 * 1024,
        "RSS {rss_before} -> {rss_after} kB"
    );
}

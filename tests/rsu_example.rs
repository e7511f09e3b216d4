//! The example RSU daemon (`examples/rsu.rs`) as a process, in the China profile, on
//! loopback: SPAT held at 10 Hz from a signal controller's TSCBM stream, MAP at 1 Hz, RSM
//! from detections sent to its perception port, RSI at 1 Hz with the sample event and a sign
//! sent to its RSI port; a flood of garbage to the controller, perception and RSI ports
//! survived and counted; SIGINT stops it within a second. Every datagram
//! it sends is DSMP with the message's AID around a T/CSAE 53-2020 frame.
//!
//! The example is built by `cargo test` (examples are part of the test build); run alone
//! (`cargo test --test rsu_example`) this test builds it first.
#![cfg(all(feature = "std", feature = "serde"))]

#[path = "common/mod.rs"]
mod common;

use std::io::Read;
use std::net::UdpSocket;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cv2x::csae::v2020::MessageFrame;
use cv2x::link::dsmp::{aid, Dsmp};
use cv2x::per::Decode;

/// The example binary next to this test's, built if it is not there.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let path = dir.join(name);
    if !path.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success(), "cargo build --example {name}");
    }
    assert!(path.is_file(), "{} missing", path.display());
    path
}

fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn utc_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// The daemon's process, killed and reaped if the test ends before it does.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

fn interrupt(child: &Child) {
    let status = Command::new("sh")
        .args(["-c", &format!("kill -INT {}", child.id())])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn china_profile_daemon_holds_10_hz_survives_a_flood_and_stops_on_sigint() {
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    rx.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let (ctl_port, perception_port, rsi_port) = (free_port(), free_port(), free_port());
    let dir = std::env::temp_dir().join(format!("cv2x-rsu-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("rsu.toml");
    std::fs::write(
        &config,
        format!(
            r#"profile = "csae-2020"
[input]
mode = "controller"
controller_bind = "127.0.0.1:{ctl_port}"
[perception]
listen = "127.0.0.1:{perception_port}"
[rsi]
listen = "127.0.0.1:{rsi_port}"
[[destination]]
address = "127.0.0.1"
port = {}
"#,
            rx.local_addr().unwrap().port()
        ),
    )
    .unwrap();
    let mut daemon = Daemon(
        Command::new(example("rsu"))
            .arg("--config")
            .arg(&config)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut daemon.0;

    let start = Instant::now();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut got: Vec<(Instant, Vec<u8>)> = Vec::new();
    let mut buf = vec![0u8; 65_536];
    let (mut seq, mut next_blob, mut next_seen, mut flooded) = (0u8, start, start, 0u64);
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    // A sign put up at run time, beside the sample road works, once the RSU is up.
    let sign = br#"{"kind":"sign","id":7,"type":38,"lat":30.2740,"lon":120.1550}"#;
    let mut sign_sent = false;
    while start.elapsed() < Duration::from_millis(4_000) {
        let now = Instant::now();
        if !sign_sent && !got.is_empty() {
            tx.send_to(sign, ("127.0.0.1", rsi_port)).unwrap();
            sign_sent = true;
        }
        if now >= next_blob {
            // The controller at 10 Hz.
            tx.send_to(&common::tscbm_blob(seq, 200), ("127.0.0.1", ctl_port))
                .unwrap();
            seq = seq.wrapping_add(1);
            next_blob += Duration::from_millis(100);
        }
        if now >= next_seen {
            // A pedestrian and a car, as the fused perception reports them at 20 Hz.
            next_seen += Duration::from_millis(50);
            let t = utc_ms() - 20;
            let lines = format!(
                "{{\"type\":\"pedestrian\",\"id\":7,\"source\":\"camera\",\"lat\":30.27412,\"lon\":120.15507,\"speed\":1.3,\"heading\":90,\"time\":{t}}}\n\
                 {{\"type\":\"motor\",\"id\":8,\"source\":\"fusion\",\"lat\":30.27402,\"lon\":120.15517,\"speed\":9.0,\"heading\":0,\"width\":1.8,\"length\":4.5,\"time\":{t}}}\n"
            );
            tx.send_to(lines.as_bytes(), ("127.0.0.1", perception_port))
                .unwrap();
        }
        // From 1 s to 3 s: garbage to both ports, 200 datagrams per round.
        let elapsed = start.elapsed();
        if elapsed > Duration::from_secs(1) && elapsed < Duration::from_secs(3) {
            for _ in 0..100 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let n = (x % 300) as usize;
                let d: Vec<u8> = (0..n).map(|i| (x >> (i % 57)) as u8).collect();
                let _ = tx.send_to(&d, ("127.0.0.1", ctl_port));
                let _ = tx.send_to(&d, ("127.0.0.1", perception_port));
                let _ = tx.send_to(&d, ("127.0.0.1", rsi_port));
                flooded += 3;
            }
        }
        rx.set_read_timeout(Some(Duration::from_millis(2))).unwrap();
        while let Ok(n) = rx.recv(&mut buf) {
            got.push((Instant::now(), buf[..n].to_vec()));
        }
    }
    let stop_at = Instant::now();
    interrupt(child);
    let mut exited = None;
    while stop_at.elapsed() < Duration::from_secs(3) {
        if let Some(status) = child.try_wait().unwrap() {
            exited = Some((status, stop_at.elapsed()));
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    let Some((status, took)) = exited else {
        panic!("the RSU did not stop within 3 s of SIGINT");
    };
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status}: {err}");
    assert!(
        took < Duration::from_secs(1),
        "stopped {took:?} after SIGINT"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let mut spat_times = Vec::new();
    let (mut maps, mut rsms, mut rsis) = (0, 0, 0);
    for (at, d) in &got {
        let dsmp = Dsmp::parse(d).unwrap();
        match MessageFrame::from_uper(dsmp.payload).unwrap() {
            MessageFrame::SpatFrame(s) => {
                assert_eq!(dsmp.aid, aid::SPAT);
                assert_eq!(s.intersections.0[0].intersection_id.id.0, 1234);
                spat_times.push(*at);
            }
            MessageFrame::MapFrame(_) => {
                assert_eq!(dsmp.aid, aid::MAP);
                maps += 1;
            }
            MessageFrame::RsmFrame(r) => {
                assert_eq!(dsmp.aid, aid::RSM);
                let ids: Vec<u16> = r.participants.0.iter().map(|p| p.ptc_id).collect();
                assert_eq!(ids, [7, 8]);
                rsms += 1;
            }
            MessageFrame::RsiFrame(r) => {
                assert_eq!(dsmp.aid, aid::RSI_DYNAMIC);
                assert_eq!(r.rtes.as_ref().unwrap().0[0].event_type.0, 401);
                if rsis > 0 {
                    assert_eq!(r.rtss.as_ref().unwrap().0[0].sign_type.0, 38);
                }
                rsis += 1;
            }
            f => panic!("unexpected {f:?}"),
        }
    }
    let mut iv: Vec<f64> = spat_times
        .windows(2)
        .map(|w| (w[1] - w[0]).as_secs_f64() * 1000.0)
        .collect();
    iv.sort_by(f64::total_cmp);
    let p50 = iv[iv.len() / 2];
    let p99 = iv[(iv.len() * 99).div_ceil(100) - 1];
    eprintln!(
        "rsu example: {} SPAT p50 {p50:.1} ms p99 {p99:.1} ms, {maps} MAP, {rsms} RSM; flood {flooded}; stopped {took:?} after SIGINT\n{out}",
        spat_times.len()
    );
    assert!(
        (35..=42).contains(&spat_times.len()),
        "{} SPATs",
        spat_times.len()
    );
    assert!((85.0..=115.0).contains(&p50), "p50 {p50}");
    assert!(p99 < 250.0, "p99 {p99}");
    assert!((3..=5).contains(&maps), "{maps} MAPs");
    assert!((3..=5).contains(&rsis), "{rsis} RSIs");
    assert!(rsms >= 35, "{rsms} RSMs");
    assert!(flooded > 1_000);
    // The exit line counts the flood (perception malformed from its status lines).
    assert!(out.contains("rsu: done:"), "{out}");
    let malformed_ctl: u64 = out
        .split("malformed controller ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(malformed_ctl > 100, "{out}");
}

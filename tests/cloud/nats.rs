//! `v2x bridge` with a real nats-server: envelopes on the default subjects in order per
//! RSU (core NATS and JetStream-confirmed), DOWN messages framed to a loopback "RSU" with
//! ACKs.

use std::net::UdpSocket;
use std::process::Command;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;

use crate::procs::{bridge, free_port, program, wait_listening, Proc, TempDir};
use crate::traffic::{bsm_id, frames, Bsms};

fn nats_server(dir: &std::path::Path, port: u16) -> Proc {
    let p = Proc::spawn(
        "nats-server",
        Command::new(program("nats-server"))
            .args(["-a", "127.0.0.1", "-p", &port.to_string(), "-js", "-sd"])
            .arg(dir.join("js")),
    );
    wait_listening(port, Duration::from_secs(10));
    p
}

#[test]
fn nats_envelopes_in_order_and_down_messages_with_acks() {
    let _serial = crate::procs::serial();
    let dir = TempDir::new("nats");
    let port = free_port();
    let _server = nats_server(dir.path(), port);
    let url = format!("nats://127.0.0.1:{port}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let client = rt.block_on(async_nats::connect(&url)).unwrap();
    let mut ups = rt.block_on(client.subscribe("v2x.rsu.*.*.up")).unwrap();
    let mut acks = rt.block_on(client.subscribe("v2x.rsu.*.*.ack")).unwrap();
    rt.block_on(client.flush()).unwrap();
    let rsu = UdpSocket::bind("127.0.0.1:0").unwrap();
    rsu.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let bsms = Bsms::new();
    let spat = frames().into_iter().find(|f| f.msg == "SPAT").unwrap();
    for (round, jetstream) in [(0u32, false), (1, true)] {
        let toml = format!(
            "udp = \"127.0.0.1:0\"\nrsu_id = \"rsu-n\"\n[nats]\nurl = \"{url}\"\njetstream = {jetstream}\n\
             [[rsu]]\nid = \"rsu-n\"\nforward = \"{}\"\nframing = \"raw\"\n",
            rsu.local_addr().unwrap()
        );
        let (mut br, udp) = bridge(dir.path(), &format!("bridge-{round}"), &toml, &[]);
        br.wait_line("NATS connected", Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(300)); // the DOWN subscription
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        let base = round * 10_000;
        for i in 0..500 {
            tx.send_to(&bsms.nth(base + i), udp).unwrap();
            std::thread::sleep(Duration::from_micros(200));
        }
        let got: Vec<(String, serde_json::Value)> = rt.block_on(async {
            let mut got = Vec::new();
            while got.len() < 500 {
                let m = tokio::time::timeout(Duration::from_secs(10), ups.next())
                    .await
                    .expect("envelopes")
                    .unwrap();
                got.push((
                    m.subject.to_string(),
                    serde_json::from_slice(&m.payload).unwrap(),
                ));
            }
            got
        });
        for (k, (subject, env)) in got.iter().enumerate() {
            assert_eq!(subject, "v2x.rsu.rsu-n.bsm.up");
            assert_eq!(bsm_id(env), base + k as u32, "in order");
        }
        // DOWN: hex of a SPaT, framed raw to the RSU; a malformed one refused.
        rt.block_on(async {
            client
                .publish(
                    "v2x.rsu.rsu-n.spat.down",
                    Bytes::from(hex::encode(&spat.bytes)),
                )
                .await
                .unwrap();
            client
                .publish(
                    "v2x.rsu.rsu-n.spat.down",
                    Bytes::from_static(b"{\"messageId\":19"),
                )
                .await
                .unwrap();
            client.flush().await.unwrap();
        });
        let mut buf = vec![0u8; 65536];
        let (n, _) = rsu.recv_from(&mut buf).unwrap();
        assert_eq!(&buf[..n], &spat.bytes[..]);
        let acks: Vec<serde_json::Value> = rt.block_on(async {
            let mut v = Vec::new();
            while v.len() < 2 {
                let m = tokio::time::timeout(Duration::from_secs(10), acks.next())
                    .await
                    .expect("ACKs")
                    .unwrap();
                assert_eq!(m.subject.as_str(), "v2x.rsu.rsu-n.spat.ack");
                v.push(serde_json::from_slice(&m.payload).unwrap());
            }
            v
        });
        assert_eq!(acks[0]["ok"], true, "{}", acks[0]);
        assert_eq!(acks[1]["ok"], false, "{}", acks[1]);
        assert!(acks[1]["error"].as_str().unwrap().starts_with("bad JSON"));
        assert!(br.stop(Duration::from_secs(10)).unwrap().success());
        let s = br.last_stats().unwrap();
        assert_eq!(
            (s["envelopes"].as_u64(), s["published"].as_u64()),
            (Some(500), Some(502)),
            "{s}"
        );
        assert_eq!(
            (s["down_sent"].as_u64(), s["down_errors"].as_u64()),
            (Some(1), Some(1))
        );
        if jetstream {
            let stored = rt.block_on(async {
                let js = async_nats::jetstream::new(client.clone());
                js.get_stream("V2X_ENVELOPES")
                    .await
                    .unwrap()
                    .info()
                    .await
                    .unwrap()
                    .state
                    .messages
            });
            assert_eq!(stored, 500, "confirmed into the envelope stream");
        }
    }
}

//! Scale-out on JetStream: a three-server cluster on loopback, raw frames in a replicated
//! stream, two `v2x bridge --decode-worker` processes sharing one durable consumer; one
//! worker killed and one server killed mid-run (the one leading the envelope stream, so
//! the confirmations of the publishes it was handling never come); every frame's envelope
//! stored exactly once, none lost.
//!
//! The frame count is `CV2X_CLUSTER_FRAMES` (default 100,000).

use std::collections::HashMap;
use std::future::IntoFuture;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use async_nats::header::{HeaderMap, NATS_MESSAGE_ID};
use async_nats::jetstream::{self, consumer};
use bytes::Bytes;
use cv2x::cloud::config::{Config, NatsConfig};
use cv2x::cloud::core::{Core, Engine};
use cv2x::cloud::envelope::Envelope;
use futures_util::StreamExt;

use crate::procs::{bridge, free_port, program, wait_listening, Proc, TempDir};
use crate::traffic::Bsms;

fn nats_server(dir: &Path, name: &str, port: u16, routes: &[u16], route: u16) -> Proc {
    let store = dir.join(name);
    std::fs::create_dir_all(&store).unwrap();
    let conf = dir.join(format!("{name}.conf"));
    let routes: Vec<String> = routes
        .iter()
        .map(|p| format!("nats-route://127.0.0.1:{p}"))
        .collect();
    std::fs::write(
        &conf,
        format!(
            "server_name: {name}\nlisten: 127.0.0.1:{port}\n\
             jetstream {{ store_dir: \"{}\", max_memory_store: 256MB, max_file_store: 4GB }}\n\
             cluster {{ name: v2x, listen: 127.0.0.1:{route}, routes: [{}] }}\n",
            store.display(),
            routes.join(", ")
        ),
    )
    .unwrap();
    let p = Proc::spawn(
        name,
        Command::new(program("nats-server")).arg("-c").arg(&conf),
    );
    wait_listening(port, Duration::from_secs(10));
    p
}

fn worker(dir: &Path, name: &str, urls: &str) -> Proc {
    let conf = dir.join(format!("{name}.toml"));
    std::fs::write(
        &conf,
        format!(
            "stats_interval_s = 1\n[nats]\nurl = \"{urls}\"\nraw_stream = \"V2X_RAW\"\nreplicas = 3\nack_wait_ms = 2000\nbatch = 256\n"
        ),
    )
    .unwrap();
    let p = Proc::spawn(
        name,
        Command::new(env!("CARGO_BIN_EXE_v2x"))
            .args(["bridge", "--decode-worker", "--stats", "--config"])
            .arg(&conf),
    );
    p.wait_line("decode worker on", Duration::from_secs(60));
    p
}

/// A stream's handle; JetStream API calls time out while the cluster re-elects leaders
/// after a server died: retried.
async fn stream(js: &jetstream::Context, name: &str) -> jetstream::stream::Stream {
    let mut tries = 0;
    loop {
        match js.get_stream(name).await {
            Ok(s) => return s,
            Err(e) if tries < 30 => {
                tries += 1;
                eprintln!("stream {name}: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("stream {name}: {e}"),
        }
    }
}

fn frames_wanted() -> usize {
    std::env::var("CV2X_CLUSTER_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

#[test]
fn jetstream_cluster_two_workers_one_killed_one_server_stopped_exactly_once() {
    let _serial = crate::procs::serial();
    let n = frames_wanted();
    let dir = TempDir::new("js");
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let routes: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut servers: Vec<Proc> = (0..3)
        .map(|i| {
            nats_server(
                dir.path(),
                &format!("n{}", i + 1),
                ports[i],
                &routes,
                routes[i],
            )
        })
        .collect();
    let urls = ports
        .iter()
        .map(|p| format!("nats://127.0.0.1:{p}"))
        .collect::<Vec<_>>()
        .join(",");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let nats = NatsConfig {
        url: urls.clone(),
        raw_stream: "V2X_RAW".into(),
        replicas: 3,
        ..NatsConfig::default()
    };
    // The raw stream, as a scale-out bridge creates it.
    let (client, js) = rt.block_on(async {
        let client = cv2x::cloud::nats::connect(&urls).await.unwrap();
        let js = jetstream::new(client.clone());
        cv2x::cloud::nats::ensure_stream(&js, &nats, "V2X_RAW", vec!["v2x.raw.*".into()])
            .await
            .unwrap();
        (client, js)
    });
    let mut workers = [
        worker(dir.path(), "worker-1", &urls),
        worker(dir.path(), "worker-2", &urls),
    ];

    // 1,000 frames come in over UDP through a real scale-out bridge (raw stream, no decoding).
    let bridge_toml = format!(
        "udp = \"127.0.0.1:0\"\nrsu_id = \"udp-rsu\"\n[nats]\nurl = \"{urls}\"\nraw_stream = \"V2X_RAW\"\nreplicas = 3\n"
    );
    let (mut udp_bridge, udp) = bridge(dir.path(), "raw-bridge", &bridge_toml, &[]);
    let bsms = Bsms::new();
    let tx = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    for i in 0..1000u32 {
        tx.send_to(&bsms.nth(i), udp).unwrap();
        std::thread::sleep(Duration::from_micros(300));
    }

    // The bulk: n raw records from 8 RSUs, published as the bridge publishes them (Core::raw:
    // subject, datagram, dedup id), each confirmed; 1 in 100 published twice (a bridge retry).
    let cfg = Config {
        nats: Some(nats.clone()),
        ..Config::default()
    };
    let core = Core::new(&cfg, Engine::Nats).unwrap();
    let base = 1_700_000_000_000u64;
    let sources: Vec<std::net::SocketAddr> = (0..8)
        .map(|i| format!("127.0.1.{}:5000", i + 1).parse().unwrap())
        .collect();
    let started = Instant::now();
    let publisher = {
        let js = js.clone();
        let bsms = Bsms::new();
        let sources = sources.clone();
        rt.spawn(async move {
            let (mut raw_dups, mut raw_retries) = (0u64, 0u64);
            let mut window = std::collections::VecDeque::new();
            let mut i = 0usize;
            let mut retry: Vec<cv2x::cloud::Publish> = Vec::new();
            while i < n || !window.is_empty() || !retry.is_empty() {
                while window.len() < 2000 && (i < n || !retry.is_empty()) {
                    let p = match retry.pop() {
                        Some(p) => p,
                        None => {
                            let p = core
                                .raw(
                                    base + i as u64,
                                    sources[i % 8],
                                    &bsms.nth(i as u32 + 1_000_000),
                                )
                                .unwrap();
                            if i % 100 == 50 {
                                retry.push(p.clone());
                            }
                            i += 1;
                            p
                        }
                    };
                    let mut h = HeaderMap::new();
                    h.insert(NATS_MESSAGE_ID, p.id.clone().unwrap().as_str());
                    match js
                        .publish_with_headers(p.topic.clone(), h, Bytes::from(p.payload.clone()))
                        .await
                    {
                        // Each confirmation due 5 s after its publish (async-nats starts its
                        // timer at the first await: lost ones would cost 5 s each in turn).
                        Ok(f) => window.push_back((
                            p,
                            tokio::time::timeout_at(
                                tokio::time::Instant::now() + Duration::from_secs(5),
                                f.into_future(),
                            ),
                        )),
                        Err(_) => {
                            raw_retries += 1;
                            retry.push(p);
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                    }
                }
                if let Some((p, f)) = window.pop_front() {
                    match f.await {
                        Ok(Ok(ack)) => raw_dups += ack.duplicate as u64,
                        _ => {
                            raw_retries += 1;
                            retry.push(p);
                        }
                    }
                }
            }
            (raw_dups, raw_retries, started.elapsed())
        })
    };
    // Mid-run, by envelopes out: kill a worker at 30 %, kill a server at 50 %.
    let (mut killed_at, mut stopped_at) = (None, None);
    let mut env_count = 0u64;
    let mut acked_by_killed = 0;
    rt.block_on(async {
        let end = Instant::now() + Duration::from_secs(300);
        while stopped_at.is_none() && Instant::now() < end {
            if let Ok(mut s) = js.get_stream("V2X_ENVELOPES").await {
                if let Ok(info) = s.info().await {
                    env_count = info.state.messages;
                }
            }
            if killed_at.is_none() && env_count >= n as u64 * 3 / 10 {
                acked_by_killed = workers[0]
                    .last_stats()
                    .and_then(|s| s["acked"].as_u64())
                    .unwrap_or(0);
                workers[0].kill();
                killed_at = Some((started.elapsed(), env_count));
            }
            if killed_at.is_some() && env_count >= n as u64 / 2 {
                // The server leading the envelope stream dies (SIGKILL: no leadership
                // handed over): the confirmations of the publishes it was handling never
                // come, and the other two elect a new leader.
                let leader = match js.get_stream("V2X_ENVELOPES").await {
                    Ok(mut s) => s
                        .info()
                        .await
                        .ok()
                        .and_then(|i| i.cluster.clone())
                        .and_then(|c| c.leader),
                    Err(_) => None,
                };
                let Some(i) = leader.and_then(|l| (1..=3).find(|i| l == format!("n{i}"))) else {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                servers[i - 1].kill();
                stopped_at = Some((format!("n{i}"), started.elapsed(), env_count));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let (raw_dups, raw_retries, published_in) = rt.block_on(publisher).unwrap();

    // Wait for every envelope: n + the UDP frames the bridge confirmed into the stream.
    assert!(udp_bridge.stop(Duration::from_secs(10)).unwrap().success());
    let bs = udp_bridge.last_stats().unwrap();
    let udp_in = bs["published"].as_u64().unwrap() - bs["duplicates"].as_u64().unwrap();
    assert_eq!(
        bs["datagrams"].as_u64(),
        Some(udp_in),
        "UDP frames taken = raw records stored: {bs}"
    );
    let want = n as u64 + udp_in;
    let env_stream = rt.block_on(async {
        let mut s = stream(&js, "V2X_ENVELOPES").await;
        let end = Instant::now() + Duration::from_secs(180);
        loop {
            let info = s.info().await.map(|i| i.state.messages);
            if info.as_ref().is_ok_and(|&m| m >= want) || Instant::now() > end {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        // A little longer than ack_wait: any late redelivery would show up now.
        tokio::time::sleep(Duration::from_secs(3)).await;
        s
    });
    let all_in = started.elapsed();
    // JetStream API calls may time out while the cluster re-elects leaders: retried.
    let stored = rt.block_on(async {
        for _ in 0..30 {
            if let Ok(i) = env_stream.clone().info().await {
                return i.state.messages;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("envelope stream info");
    });

    // Every frame went through the raw stream (the UDP ones too: the bridge decoded nothing).
    let raw_stored = rt.block_on(async {
        for _ in 0..30 {
            if let Ok(mut s) = js.get_stream("V2X_RAW").await {
                if let Ok(i) = s.info().await {
                    return i.state.messages;
                }
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("raw stream info");
    });
    assert_eq!(
        bs["envelopes"], 0,
        "the scale-out bridge decodes nothing: {bs}"
    );

    // Read every envelope back: each expected frame exactly once, each a valid envelope.
    let mut seen: HashMap<(String, u64, Vec<u8>), u32> = HashMap::new();
    let mut ids_by_udp = 0u64;
    rt.block_on(async {
        let mut tries = 0;
        let mut msgs = loop {
            let c = env_stream
                // Durable, with the stream's three replicas: an R1 one may be placed on the
                // dead server, and its creation times out until it is not.
                .create_consumer(consumer::pull::Config {
                    durable_name: Some("checker".into()),
                    ack_policy: consumer::AckPolicy::None,
                    ..Default::default()
                })
                .await;
            match c {
                Ok(c) => break c.messages().await.unwrap(),
                Err(e) if tries < 30 => {
                    tries += 1;
                    eprintln!("checker consumer: {e}; retrying");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => panic!("checker consumer: {e}"),
            }
        };
        let mut read = 0u64;
        while read < stored {
            let m = tokio::time::timeout(Duration::from_secs(20), msgs.next())
                .await
                .expect("reading the envelope stream")
                .unwrap()
                .unwrap();
            read += 1;
            let env = Envelope::from_json(std::str::from_utf8(&m.payload).unwrap())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(env.msg_type(), "BSM");
            if env.rsu_id == "udp-rsu" {
                ids_by_udp += 1;
            }
            *seen
                .entry((env.rsu_id.clone(), env.received_at, env.raw.clone()))
                .or_default() += 1;
        }
    });
    let twice = seen.values().filter(|&&c| c > 1).count();
    let mut lost = 0;
    for i in 0..n {
        let rsu = cv2x::cloud::core::derived_rsu_id(sources[i % 8]);
        let raw = bsms.nth(i as u32 + 1_000_000);
        if !seen.contains_key(&(rsu, base + i as u64, raw)) {
            lost += 1;
        }
    }
    let w2 = workers[1].last_stats().unwrap_or_default();
    let w1 = workers[0].last_stats().unwrap_or_default();
    eprintln!(
        "jetstream cluster: {n} frames published ({raw_dups} raw duplicates refused of {} re-sent, \
         {raw_retries} publish retries) + {udp_in} over UDP through a bridge; \
         worker-1 killed at (time, envelopes) {killed_at:?} having acked about {acked_by_killed}, \
         server killed (name, time, envelopes) {stopped_at:?}; \
         published in {published_in:?}, all envelopes in {all_in:?}; \
         raw frames stored {raw_stored}, envelopes stored {stored} (want {want}), distinct {}, stored twice {twice}, lost {lost}; \
         worker-1 last counters {w1}; worker-2 {w2}",
        n / 100,
        seen.len(),
    );
    // Each record sent twice is refused once (a retry after a timeout may be too).
    assert!(
        raw_dups as usize >= n / 100 && raw_dups <= (n / 100) as u64 + raw_retries,
        "raw duplicates refused: {raw_dups}"
    );
    assert_eq!(lost, 0, "lost envelopes");
    assert_eq!(twice, 0, "envelopes stored twice");
    assert_eq!(ids_by_udp, udp_in);
    assert_eq!(stored, want);
    assert_eq!(raw_stored, want, "raw frames stored, one per frame");
    assert_eq!(seen.len() as u64, want);
    assert!(workers[1].alive(), "the surviving worker runs");
    assert!(killed_at.is_some() && stopped_at.is_some());
    assert!(acked_by_killed > 0, "the killed worker had been working");
    assert!(w2["acked"].as_u64().unwrap_or(0) > 0);
    drop(client);
}

//! Throughput and latency of the bridge to brokers (feature `cloud`), against a local
//! nats-server (JetStream) and mosquitto that the benchmark starts on loopback ports:
//!
//! ```text
//! cargo bench --features cloud --bench bridge            # N = 200,000 BSMs
//! cargo bench --features cloud --bench bridge -- 50000   # another N
//! ```
//!
//! Our side runs on one thread (a current-thread tokio runtime), the broker on the other
//! core. Figures: decode -> envelope alone; decode -> envelope -> publish on core NATS,
//! JetStream (each confirmed) and MQTT QoS 0 / QoS 1; the latency from taking a frame to
//! its confirmation (JetStream ack, MQTT PUBACK) at full load; the end-to-end latency of
//! the real bridge (UDP datagram sent -> envelope received by a subscriber) at fixed rates;
//! and, in the same run, the Python asn1tools decode + json.dumps per frame
//! (`benches/bridge_peer.py`).

use std::collections::VecDeque;
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use bytes::Bytes;
use cv2x::cloud::config::{Config, MqttConfig, NatsConfig};
use cv2x::cloud::core::{Core, Engine};
use cv2x::j2735::{Message, MessageFrame};
use cv2x::per::{Decode, Encode};
use futures_util::StreamExt;
use rumqttc::{AsyncClient, Event, MqttOptions, Outgoing, Packet, QoS};

const BSM: &str =
    "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn program(name: &str) -> PathBuf {
    ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"]
        .iter()
        .map(|d| PathBuf::from(d).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} not installed (apt-get install {name})"))
}

fn wait_port(port: u16) {
    for _ in 0..500 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no server on {port}");
}

fn bsms(n: usize) -> Vec<Vec<u8>> {
    let bytes: Vec<u8> = (0..BSM.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&BSM[i..i + 2], 16).unwrap())
        .collect();
    let base = MessageFrame::from_uper(&bytes).unwrap();
    (0..n)
        .map(|i| {
            let mut f = base.clone();
            if let Message::BasicSafetyMessage(b) = &mut f.message {
                b.core_data.id.0 = (i as u32).to_be_bytes();
            }
            f.to_uper().unwrap()
        })
        .collect()
}

/// The kernel's count of UDP datagrams dropped for a full receive buffer (machine-wide).
fn udp_rcvbuf_errors() -> Option<u64> {
    let snmp = std::fs::read_to_string("/proc/net/snmp").ok()?;
    let mut udp = snmp.lines().filter(|l| l.starts_with("Udp:"));
    let (names, values) = (udp.next()?, udp.next()?);
    let i = names.split_whitespace().position(|n| n == "RcvbufErrors")?;
    values.split_whitespace().nth(i)?.parse().ok()
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    if v.is_empty() {
        return Duration::ZERO;
    }
    v.sort();
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn us(d: Duration) -> String {
    format!("{:.0} µs", d.as_secs_f64() * 1e6)
}

fn core(engine: Engine) -> Core {
    let mut c = Config {
        rsu_id: Some("rsu-1".into()),
        ..Config::default()
    };
    match engine {
        Engine::Nats => c.nats = Some(NatsConfig::default()),
        Engine::Mqtt => c.mqtt = Some(MqttConfig::default()),
    }
    Core::new(&c, engine).unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let frames = bsms(n);
    let from: SocketAddr = "127.0.0.1:9".parse().unwrap();
    let dir = std::env::temp_dir().join(format!("cv2x-bench-bridge-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let nats_port = free_port();
    let _nats = Killed(
        Command::new(program("nats-server"))
            .args([
                "-a",
                "127.0.0.1",
                "-p",
                &nats_port.to_string(),
                "-js",
                "-sd",
            ])
            .arg(dir.join("js"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mqtt_port = free_port();
    std::fs::write(
        dir.join("m.conf"),
        format!(
            "listener {mqtt_port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\n"
        ),
    )
    .unwrap();
    let _mosq = Killed(
        Command::new(program("mosquitto"))
            .arg("-c")
            .arg(dir.join("m.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_port(nats_port);
    wait_port(mqtt_port);
    let nats_url = format!("nats://127.0.0.1:{nats_port}");
    println!(
        "{n} distinct BSMs of {} octets; our side on one thread\n",
        frames[0].len()
    );
    println!("| path | frames/s | µs per frame | notes |");
    println!("|---|---:|---:|---|");
    let row = |name: &str, took: Duration, count: usize, note: &str| {
        println!(
            "| {name} | {:.0} | {:.2} | {note} |",
            count as f64 / took.as_secs_f64(),
            took.as_secs_f64() * 1e6 / count as f64
        );
    };

    // 1. Decode -> envelope, no broker.
    let c = core(Engine::Nats);
    let t = Instant::now();
    let mut octets = 0usize;
    for f in &frames {
        octets += c.uplink(1_700_000_000_000, from, f).publish().payload.len();
    }
    row(
        "decode -> envelope (no publish)",
        t.elapsed(),
        n,
        &format!("{} octets of JSON per envelope", octets / n),
    );

    // 2. Core NATS.
    let rt1 = rt();
    rt1.block_on(async {
        let client = async_nats::connect(&nats_url).await.unwrap();
        let t = Instant::now();
        for f in &frames {
            let p = c.uplink(1_700_000_000_000, from, f).into_publish();
            client
                .publish(p.topic, Bytes::from(p.payload))
                .await
                .unwrap();
        }
        client.flush().await.unwrap();
        row(
            "-> core NATS publish",
            t.elapsed(),
            n,
            "flushed to the server",
        );
    });

    // 3. JetStream, every publish confirmed; latency frame taken -> ack.
    rt1.block_on(async {
        let client = async_nats::connect(&nats_url).await.unwrap();
        let js = jetstream::ContextBuilder::new()
            .max_ack_inflight(8192)
            .backpressure_on_inflight(true)
            .build(client);
        js.get_or_create_stream(jetstream::stream::Config {
            name: "BENCH".into(),
            subjects: vec!["v2x.rsu.*.*.up".into()],
            ..Default::default()
        })
        .await
        .unwrap();
        let mut window = VecDeque::with_capacity(4096);
        let mut lat = Vec::with_capacity(n);
        let t = Instant::now();
        for f in &frames {
            let t0 = Instant::now();
            let p = c.uplink(1_700_000_000_000, from, f).into_publish();
            let ack = js.publish(p.topic, Bytes::from(p.payload)).await.unwrap();
            window.push_back((t0, ack));
            if window.len() >= 4096 {
                let (t0, a) = window.pop_front().unwrap();
                a.await.unwrap();
                lat.push(t0.elapsed());
            }
        }
        for (t0, a) in window {
            a.await.unwrap();
            lat.push(t0.elapsed());
        }
        let took = t.elapsed();
        js.delete_stream("BENCH").await.unwrap();
        row(
            "-> JetStream publish, each confirmed",
            took,
            n,
            &format!(
                "frame -> ack p50 {} p99 {} (4,096 in flight)",
                us(pct(&mut lat, 0.5)),
                us(pct(&mut lat, 0.99))
            ),
        );
    });

    // 4. MQTT QoS 0 and QoS 1 (rumqttc), the event loop on the same thread.
    let c = core(Engine::Mqtt);
    for qos in [QoS::AtMostOnce, QoS::AtLeastOnce] {
        rt1.block_on(async {
            let mut o = MqttOptions::new(format!("bench-{qos:?}"), "127.0.0.1", mqtt_port);
            o.set_inflight(u16::MAX)
                .set_keep_alive(Duration::from_secs(30));
            let (client, mut events) = AsyncClient::new(o, 10_000);
            let sent: Arc<Mutex<VecDeque<Instant>>> = Arc::default();
            let driver = {
                let sent = sent.clone();
                async move {
                    let (mut done, mut lat) = (0usize, Vec::with_capacity(n));
                    while done < n {
                        match events.poll().await.unwrap() {
                            Event::Outgoing(Outgoing::Publish(_)) if qos == QoS::AtMostOnce => {
                                let t0 = sent.lock().unwrap().pop_front().unwrap();
                                lat.push(t0.elapsed());
                                done += 1
                            }
                            Event::Incoming(Packet::PubAck(_)) => {
                                let t0 = sent.lock().unwrap().pop_front().unwrap();
                                lat.push(t0.elapsed());
                                done += 1
                            }
                            _ => {}
                        }
                    }
                    lat
                }
            };
            let producer = async {
                for f in &frames {
                    let p = c.uplink(1_700_000_000_000, from, f).into_publish();
                    sent.lock().unwrap().push_back(Instant::now());
                    client
                        .publish(p.topic, qos, false, p.payload)
                        .await
                        .unwrap();
                }
            };
            let t = Instant::now();
            let (mut lat, ()) = tokio::join!(driver, producer);
            let took = t.elapsed();
            let what = if qos == QoS::AtMostOnce {
                "written to the socket"
            } else {
                "PUBACK"
            };
            row(
                &format!("-> MQTT publish, QoS {}", qos as u8),
                took,
                n,
                &format!(
                    "frame -> {what} p50 {} p99 {}",
                    us(pct(&mut lat, 0.5)),
                    us(pct(&mut lat, 0.99))
                ),
            );
        });
    }

    // 5. The real bridge, UDP datagram -> envelope received by a subscriber, at fixed rates.
    println!("\nThe bridge (cv2x::cloud::run, its own 2-thread runtime): UDP datagram sent -> envelope received by a subscriber\n");
    println!("| broker | offered rate | sent | received | UDP receive-buffer drops (machine-wide) | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (engine, label) in [
        (Engine::Nats, "JetStream (confirmed publish)"),
        (Engine::Mqtt, "mosquitto, QoS 1"),
    ] {
        let udp_port = {
            let s = UdpSocket::bind("127.0.0.1:0").unwrap();
            s.local_addr().unwrap().port()
        };
        let mut cfg = Config {
            udp: Some(format!("127.0.0.1:{udp_port}").parse().unwrap()),
            rsu_id: Some(format!("lat-{udp_port}")),
            queue: 1_000_000,
            ..Config::default()
        };
        match engine {
            Engine::Nats => {
                cfg.nats = Some(NatsConfig {
                    url: nats_url.clone(),
                    jetstream: true,
                    envelope_stream: "BENCH2".into(),
                    ..Default::default()
                });
            }
            Engine::Mqtt => {
                cfg.mqtt = Some(MqttConfig {
                    url: format!("mqtt://127.0.0.1:{mqtt_port}"),
                    client_id: "bench-bridge".into(),
                    qos: 1,
                    inflight: 1000,
                    ..Default::default()
                });
            }
        }
        let rsu = cfg.rsu_id.clone().unwrap();
        std::thread::spawn(move || {
            let _ = cv2x::cloud::run::run_blocking(cfg, Default::default());
        });
        // The subscriber: arrival time by BSM id.
        let arrivals: Arc<Mutex<Vec<(u32, Instant)>>> = Arc::default();
        let arr = arrivals.clone();
        let ready = Arc::new(Mutex::new(false));
        let rdy = ready.clone();
        let url = nats_url.clone();
        std::thread::spawn(move || {
            let rt = rt();
            rt.block_on(async move {
                let id_of = |p: &[u8]| -> Option<u32> {
                    let v: serde_json::Value = serde_json::from_slice(p).ok()?;
                    u32::from_str_radix(v["value"]["value"]["coreData"]["id"].as_str()?, 16).ok()
                };
                match engine {
                    Engine::Nats => {
                        let client = async_nats::connect(&url).await.unwrap();
                        let mut sub = client
                            .subscribe(format!("v2x.rsu.{rsu}.bsm.up"))
                            .await
                            .unwrap();
                        client.flush().await.unwrap();
                        *rdy.lock().unwrap() = true;
                        while let Some(m) = sub.next().await {
                            if let Some(id) = id_of(&m.payload) {
                                arr.lock().unwrap().push((id, Instant::now()));
                            }
                        }
                    }
                    Engine::Mqtt => {
                        let (client, mut ev) = AsyncClient::new(
                            MqttOptions::new("bench-sub", "127.0.0.1", mqtt_port),
                            1000,
                        );
                        client
                            .subscribe(format!("V2X/RSU/{rsu}/BSM/UP"), QoS::AtMostOnce)
                            .await
                            .unwrap();
                        loop {
                            match ev.poll().await {
                                Ok(Event::Incoming(Packet::SubAck(_))) => {
                                    *rdy.lock().unwrap() = true
                                }
                                Ok(Event::Incoming(Packet::Publish(p))) => {
                                    if let Some(id) = id_of(&p.payload) {
                                        arr.lock().unwrap().push((id, Instant::now()));
                                    }
                                }
                                Ok(_) => {}
                                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                            }
                        }
                    }
                }
            });
        });
        while !*ready.lock().unwrap() {
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(1500)); // the bridge connects
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to: SocketAddr = format!("127.0.0.1:{udp_port}").parse().unwrap();
        let mut next_id = 0usize;
        for rate in [1_000u64, 5_000, 20_000] {
            arrivals.lock().unwrap().clear();
            let count = (rate * 3) as usize; // 3 seconds
            let first = next_id;
            let mut sent_at = Vec::with_capacity(count);
            let drops0 = udp_rcvbuf_errors();
            let t = Instant::now();
            for k in 0..count {
                let due = t + Duration::from_nanos(k as u64 * 1_000_000_000 / rate);
                while Instant::now() < due {
                    std::hint::spin_loop();
                }
                sent_at.push(Instant::now());
                tx.send_to(&frames[(first + k) % n], to).unwrap();
            }
            next_id += count;
            std::thread::sleep(Duration::from_secs(2));
            let drops = match (drops0, udp_rcvbuf_errors()) {
                (Some(a), Some(b)) => (b - a).to_string(),
                _ => "?".into(),
            };
            let got = arrivals.lock().unwrap().clone();
            let mut lat: Vec<Duration> = got
                .iter()
                .filter_map(|&(id, at)| {
                    let k = (id as usize + n - first % n) % n;
                    (k < count).then(|| at.duration_since(sent_at[k]))
                })
                .collect();
            let received = lat.len();
            let max = lat.iter().max().copied().unwrap_or_default();
            println!(
                "| {label} | {rate}/s | {count} | {received} | {drops} | {} | {} | {} |",
                us(pct(&mut lat, 0.5)),
                us(pct(&mut lat, 0.99)),
                us(max)
            );
        }
    }

    // 6. The Python peer, same run.
    let hex_file = dir.join("bsms.hex");
    let text: String = frames
        .iter()
        .take(1000)
        .map(|f| f.iter().map(|b| format!("{b:02x}")).collect::<String>() + "\n")
        .collect();
    std::fs::write(&hex_file, text).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/bridge_peer.py");
    match Command::new("python3")
        .arg(&script)
        .arg(&hex_file)
        .args(["--seconds", "3"])
        .output()
    {
        Ok(o) if o.status.success() => {
            println!(
                "\nPython peer (asn1tools decode + json.dumps of an envelope, one core): {}",
                String::from_utf8_lossy(&o.stdout).trim()
            );
        }
        Ok(o) => println!(
            "\nPython peer failed: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => println!("\nPython peer not run: {e}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

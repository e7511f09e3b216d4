//! `v2x bridge` in the China profile with a real mosquitto: CSAE frames in DSMP over
//! loopback UDP become envelopes naming the edition, the CSAE message and the AID (their
//! value our serde JSON and the asn1tools oracle's); a wrong-edition, ambiguous or
//! unplaceable frame becomes an error record; a source without a configured id takes the
//! id of its RSI/RSM; a DOWN message in CSAE JSON or hex reaches the RSU socket in DSMP
//! under the message's AID, with an ACK.

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use cv2x::cloud::envelope::Envelope;
use cv2x::csae::rank::{rank, RankError};
use cv2x::csae::v2020::{
    EventSource, EventSpec, LightState, MessageFrame, NodeID, NodeReferenceID, ParticipantSpec,
    ParticipantType, PhaseSpec, RsiBuilder, RsmBuilder, SourceType, SpatBuilder,
};
use cv2x::link::dsmp::{aid, Dsmp};
use cv2x::per::Encode;
use rumqttc::{Client, Event, MqttOptions, Packet, QoS};

use crate::procs::{bridge, free_port, mosquitto, wait_until, TempDir};

type Got = std::sync::Arc<std::sync::Mutex<Vec<(String, serde_json::Value)>>>;

fn subscriber(port: u16, filter: &str) -> Got {
    let mut o = MqttOptions::new("t-csae", "127.0.0.1", port);
    o.set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut conn) = Client::new(o, 1000);
    let got: Got = Default::default();
    let subscribed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (sink, flag, filter) = (got.clone(), subscribed.clone(), filter.to_string());
    std::thread::spawn(move || {
        for event in conn.iter() {
            match event {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    client.subscribe(filter.clone(), QoS::AtLeastOnce).unwrap()
                }
                Ok(Event::Incoming(Packet::SubAck(_))) => {
                    flag.store(true, std::sync::atomic::Ordering::SeqCst)
                }
                // DOWN messages (hex or JSON) are seen too: not JSON is null.
                Ok(Event::Incoming(Packet::Publish(p))) => sink.lock().unwrap().push((
                    p.topic.clone(),
                    serde_json::from_slice(&p.payload).unwrap_or_default(),
                )),
                Ok(_) => {}
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    });
    wait_until("subscribed", Duration::from_secs(10), || {
        subscribed.load(std::sync::atomic::Ordering::SeqCst)
    });
    got
}

fn publish(port: u16, topic: &str, payload: &[u8]) {
    let (client, mut conn) = Client::new(MqttOptions::new("t-csae-pub", "127.0.0.1", port), 10);
    client
        .publish(topic, QoS::AtLeastOnce, false, payload.to_vec())
        .unwrap();
    for e in conn.iter() {
        if let Ok(Event::Incoming(Packet::PubAck(_))) = e {
            break;
        }
        e.unwrap();
    }
}

fn socket() -> (UdpSocket, SocketAddr) {
    let s = UdpSocket::bind("127.0.0.1:0").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let a = s.local_addr().unwrap();
    (s, a)
}

fn dsmp(aid: u32, frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Dsmp::new(aid, frame).write(&mut out).unwrap();
    out
}

fn vector(rel: &str) -> Vec<u8> {
    let dir = crate::common::vectors_dir().join("csae").join(rel);
    crate::common::unhex(&std::fs::read_to_string(dir).unwrap())
}

const NOW: u64 = 1_700_000_000_000;

fn spat_frame(cnt: u8) -> MessageFrame {
    let id = NodeReferenceID {
        region: Some(cv2x::csae::v2020::RoadRegulatorID(1)),
        id: NodeID(33),
    };
    MessageFrame::SpatFrame(
        SpatBuilder::new(id, NOW)
            .msg_cnt(cnt)
            .phase(
                PhaseSpec::new(1)
                    .state(LightState::ProtectedGreen, 0.0, 12.5)
                    .state(LightState::Yellow, 12.5, 15.5),
            )
            .phase(PhaseSpec::new(2).state(LightState::Red, 0.0, 15.5).state(
                LightState::PermissiveGreen,
                15.5,
                40.0,
            ))
            .build()
            .unwrap(),
    )
}

fn rsm(id: [u8; 8]) -> MessageFrame {
    MessageFrame::RsmFrame(
        RsmBuilder::new(id, 30.2741, 120.1551)
            .participant(
                ParticipantSpec::new(
                    ParticipantType::Pedestrian,
                    3,
                    SourceType::Video,
                    30.27412,
                    120.15507,
                )
                .sec_mark_ms(30_500)
                .speed_mps(1.4)
                .heading_deg(270.0)
                .size_m(0.5, 0.5),
            )
            .build()
            .unwrap(),
    )
}

fn rsi() -> MessageFrame {
    MessageFrame::RsiFrame(
        RsiBuilder::new(*b"rsu-0042", 30.2741, 120.1551)
            .minute_of_the_year(450_000)
            .event(
                EventSpec::new(1, 401, EventSource::Detection)
                    .position_deg(30.2745, 120.1552)
                    .radius_m(50.0)
                    .description("road works"),
            )
            .build()
            .unwrap(),
    )
}

/// The first synthetic frame that the editions read differently and plausibly.
fn ambiguous_frame() -> Vec<u8> {
    for dir in ["V3", "Z2019", "VN4", "DayII"] {
        let path = crate::common::vectors_dir().join("csae/random").join(dir);
        let mut files: Vec<_> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "hex"))
            .collect();
        files.sort();
        for f in files {
            let bytes = crate::common::unhex(&std::fs::read_to_string(&f).unwrap());
            if matches!(rank(&bytes), Err(RankError::Ambiguous(_))) {
                return bytes;
            }
        }
    }
    panic!("no ambiguous synthetic frame in the vectors");
}

#[test]
fn csae_frames_in_dsmp_become_envelopes_errors_and_down_messages_dsmp() {
    let _serial = crate::procs::serial();
    let dir = TempDir::new("csae");
    let port = free_port();
    let _broker = mosquitto(dir.path(), port);
    let (a, a_addr) = socket();
    let (b, b_addr) = socket();
    let (c, _) = socket();
    let (rsu, rsu_addr) = socket();
    let toml = format!(
        r#"udp = "127.0.0.1:0"
profile = "csae-2020"
[mqtt]
url = "mqtt://127.0.0.1:{port}"
[[rsu]]
id = "cn-1"
source = "{a_addr}"
forward = "{rsu_addr}"
[[rsu]]
id = "cn-ranked"
source = "{b_addr}"
profile = "csae"
"#
    );
    let got = subscriber(port, "V2X/RSU/#");
    let (mut br, udp) = bridge(dir.path(), "bridge-csae", &toml, &[]);
    br.wait_line("MQTT connected", Duration::from_secs(10));
    let send = |s: &UdpSocket, d: &[u8]| {
        s.send_to(d, udp).unwrap();
        std::thread::sleep(Duration::from_millis(30));
    };

    // cn-1 (csae-2020): our SPAT and RSM in DSMP, a real SPAT bare, the real 2019-draft
    // MAP in DSMP (2020 cannot read it: an error record).
    let (spat, rsm_frame) = (spat_frame(5), rsm(*b"rsu-0042"));
    let (spat_uper, rsm_uper) = (spat.to_uper().unwrap(), rsm_frame.to_uper().unwrap());
    let real_spat = vector("spat/zyjohn_v2x_example_txt_L1.hex");
    let real_map = vector("map/zyjohn_v2x_example_txt_L497.hex");
    send(&a, &dsmp(aid::SPAT, &spat_uper));
    send(&a, &dsmp(aid::RSM, &rsm_uper));
    send(&a, &real_spat);
    send(&a, &dsmp(aid::MAP, &real_map));
    // cn-ranked (csae): the real RSI (only the 2019 draft reads it), an ambiguous frame,
    // octets no edition reads.
    let real_rsi = vector("rsi/zyjohn_v2x_example_txt_L434.hex");
    send(&b, &dsmp(aid::RSI_DYNAMIC, &real_rsi));
    send(&b, &dsmp(aid::SPAT, &ambiguous_frame()));
    send(&b, &[0xff, 0xff, 0xff]);
    // An unconfigured source: ip-127-0-0-1 until its RSM names it u_id_123.
    send(&c, &dsmp(aid::SPAT, &spat_uper));
    send(&c, &dsmp(aid::RSM, &rsm(*b"u_id_123").to_uper().unwrap()));
    send(&c, &dsmp(aid::SPAT, &spat_frame(6).to_uper().unwrap()));

    wait_until("10 records", Duration::from_secs(20), || {
        got.lock().unwrap().len() >= 10
    });
    let records = got.lock().unwrap().clone();
    let topics: Vec<&str> = records.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        topics,
        [
            "V2X/RSU/cn-1/SPAT/UP",
            "V2X/RSU/cn-1/RSM/UP",
            "V2X/RSU/cn-1/SPAT/UP",
            "V2X/RSU/cn-1/ERROR/UP",
            "V2X/RSU/cn-ranked/RSI/UP",
            "V2X/RSU/cn-ranked/ERROR/UP",
            "V2X/RSU/cn-ranked/ERROR/UP",
            "V2X/RSU/ip-127-0-0-1/SPAT/UP",
            "V2X/RSU/u_id_123/RSM/UP",
            "V2X/RSU/u_id_123/SPAT/UP",
        ]
    );
    let v = |i: usize| &records[i].1;
    eprintln!("a CSAE envelope: {}", v(0));
    for (i, frame, uper, aid_) in [
        (0, &spat, &spat_uper, aid::SPAT),
        (1, &rsm_frame, &rsm_uper, aid::RSM),
    ] {
        assert_eq!(v(i)["rsuId"], "cn-1");
        assert_eq!(v(i)["profile"], "csae-2020");
        assert_eq!(v(i)["aid"], aid_);
        assert_eq!(v(i)["raw"], hex::encode(uper));
        assert_eq!(v(i)["value"], serde_json::to_value(frame).unwrap());
        Envelope::from_json(&v(i).to_string()).unwrap();
    }
    assert_eq!(
        (v(0)["msgType"].as_str(), v(1)["msgType"].as_str()),
        (Some("SPAT"), Some("RSM"))
    );
    // The asn1tools oracle reads the same values from the same octets.
    let lines = format!("{}\n{}\n", hex::encode(&spat_uper), hex::encode(&rsm_uper));
    let out = crate::common::csae_oracle("2020", &["decode", "MessageFrame"], Some(lines));
    for (line, i) in out.lines().zip([0, 1]) {
        let theirs: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(theirs, v(i)["value"]);
    }
    // Bare: no aid.
    assert!(v(2).get("aid").is_none());
    assert_eq!(v(2)["raw"], hex::encode(&real_spat));
    let err = v(3)["error"].as_str().unwrap();
    assert!(err.starts_with("frame under csae-2020"), "{err}");
    assert_eq!(v(3)["profile"], "csae-2020");
    // Ranked: the edition found is named.
    assert_eq!(
        (v(4)["profile"].as_str(), v(4)["aid"].as_u64()),
        (Some("csae-2019"), Some(3622))
    );
    Envelope::from_json(&v(4).to_string()).unwrap();
    let err = v(5)["error"].as_str().unwrap();
    assert!(err.contains("read this frame differently"), "{err}");
    assert_eq!(v(5)["profile"], "csae");
    let err = v(6)["error"].as_str().unwrap();
    assert!(err.starts_with("no CSAE edition reads this frame"), "{err}");
    assert_eq!(v(9)["rsuId"], "u_id_123");

    // DOWN to cn-1: the SPAT as canonical JSON, an RSI as hex; a MAP topic with a SPAT.
    let rsi_uper = rsi().to_uper().unwrap();
    publish(
        port,
        "V2X/RSU/cn-1/SPAT/DOWN",
        serde_json::to_string(&spat).unwrap().as_bytes(),
    );
    publish(
        port,
        "V2X/RSU/cn-1/RSI/DOWN",
        hex::encode(&rsi_uper).as_bytes(),
    );
    publish(
        port,
        "V2X/RSU/cn-1/MAP/DOWN",
        serde_json::to_string(&spat).unwrap().as_bytes(),
    );
    let mut buf = [0u8; 4096];
    for (want_aid, want) in [(aid::SPAT, &spat_uper), (aid::RSI_DYNAMIC, &rsi_uper)] {
        let (n, from) = rsu.recv_from(&mut buf).unwrap();
        assert_eq!(from, udp);
        let m = Dsmp::parse(&buf[..n]).unwrap();
        assert_eq!((m.aid, m.payload), (want_aid, &want[..]));
    }
    wait_until("three ACKs", Duration::from_secs(10), || {
        got.lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t.ends_with("/ACK"))
            .count()
            >= 3
    });
    let records = got.lock().unwrap().clone();
    let ack = |t: &str| {
        records
            .iter()
            .find(|(topic, _)| topic == t)
            .unwrap()
            .1
            .clone()
    };
    let ok = ack("V2X/RSU/cn-1/SPAT/ACK");
    assert_eq!(
        (ok["ok"].as_bool(), ok["framing"].as_str()),
        (Some(true), Some("dsmp"))
    );
    assert_eq!(ack("V2X/RSU/cn-1/RSI/ACK")["ok"], true);
    let bad = ack("V2X/RSU/cn-1/MAP/ACK");
    assert!(
        bad["error"]
            .as_str()
            .unwrap()
            .contains("the topic says MAP, the message is SPAT"),
        "{bad}"
    );
    rsu.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    assert!(rsu.recv_from(&mut buf).is_err(), "nothing more sent");

    assert!(br.stop(Duration::from_secs(10)).unwrap().success());
    let s = br.last_stats().expect("final counters");
    assert_eq!(
        (s["envelopes"].as_u64(), s["errors"].as_u64()),
        (Some(7), Some(3))
    );
    assert_eq!(
        (s["down_sent"].as_u64(), s["down_errors"].as_u64()),
        (Some(2), Some(1))
    );
}

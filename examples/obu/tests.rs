//! The display's change detection on real encoded frames (CSAE 2020 from the builders and
//! the CSAE SPAT generator, J2735 from the SPaT generator), in DSMP framing, and a run on
//! loopback. `cargo test --example obu`.

use std::net::UdpSocket;
use std::time::Duration;

use cv2x::csae::v2020::{
    self as csae, EventSource, EventSpec, LaneSpec, LinkSpec, MapBuilder, NodeReferenceID,
    ParticipantSpec, ParticipantType, RsiBuilder, RsmBuilder, SignSpec, SourceType,
};
use cv2x::csae::Edition;
use cv2x::j2735::{Message, MessageFrame};
use cv2x::link::dsmp::{aid, Dsmp};
use cv2x::per::Encode;
use cv2x::rsu::csae_spat::{CsaeSpatGenerator, CsaeTiming};
use cv2x::rsu::spat::{MappingTable, SignalGroupMap, Source, SpatConfig, SpatGenerator};
use cv2x::rsu::tscbm::{Countdown, PhaseColor, SignalState};
use cv2x::text::Profile;

use super::board::{Board, EXPIRE_MS};
use super::{datagram, run, Options};

/// 2023-11-14T22:59:50Z.
const T0: u64 = 1_700_002_790_000;
const CSAE: Profile = Profile::Csae(Edition::V2020);
const RSU: [u8; 8] = *b"rsu-0042";

fn dsmp(aid: u32, frame: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    Dsmp::new(aid, frame).write(&mut out).unwrap();
    out
}

fn csae_frame(f: csae::MessageFrame) -> Vec<u8> {
    let aid = match &f {
        csae::MessageFrame::SpatFrame(_) => aid::SPAT,
        csae::MessageFrame::RsiFrame(_) => aid::RSI_DYNAMIC,
        csae::MessageFrame::RsmFrame(_) => aid::RSM,
        csae::MessageFrame::MapFrame(_) => aid::MAP,
        _ => aid::BSM,
    };
    dsmp(aid, &f.to_uper().unwrap())
}

/// A board fed datagrams as the example feeds it.
struct Feed {
    o: Options,
    board: Board,
    last: Option<MessageFrame>,
}

impl Feed {
    fn new(profile: Profile) -> Self {
        Feed {
            o: Options::new(profile),
            board: Board::new(profile.name()),
            last: None,
        }
    }

    fn send(&mut self, d: &[u8], now: u64) -> Vec<String> {
        datagram(d, &mut self.o, &mut self.board, &mut self.last, now)
    }
}

fn signal(phases: &[(usize, PhaseColor, u16)]) -> SignalState {
    let mut s = SignalState::default();
    for &(i, color, tenths) in phases {
        s.phases[i - 1].color = color;
        s.phases[i - 1].countdown = Some(Countdown {
            min_tenths: tenths,
            max_tenths: tenths,
        });
    }
    s
}

fn table() -> MappingTable {
    MappingTable::new([
        SignalGroupMap::protected(2, Source::Phase(2)),
        SignalGroupMap::protected(4, Source::Phase(4)),
    ])
    .unwrap()
}

#[test]
fn csae_spat_prints_a_line_per_light_change() {
    let mut gen =
        CsaeSpatGenerator::new(SpatConfig::new(1234, table()), CsaeTiming::Counting).unwrap();
    let mut f = Feed::new(CSAE);
    let green = signal(&[(2, PhaseColor::Green, 120), (4, PhaseColor::Red, 150)]);
    let spat = |gen: &mut CsaeSpatGenerator, s: &SignalState, t: u64| {
        csae_frame(csae::MessageFrame::SpatFrame(
            gen.build(s, t, Some(40)).unwrap(),
        ))
    };
    let d = spat(&mut gen, &green, T0);
    assert_eq!(
        f.send(&d, T0),
        ["SPAT 1234: 2 protected green 12.0 s, 4 red 15.0 s"]
    );
    // The same lights, counting down: nothing to say.
    let later = signal(&[(2, PhaseColor::Green, 110), (4, PhaseColor::Red, 140)]);
    let d = spat(&mut gen, &later, T0 + 1_000);
    assert!(f.send(&d, T0 + 1_000).is_empty());
    let yellow = signal(&[(2, PhaseColor::Yellow, 30), (4, PhaseColor::Red, 30)]);
    let d = spat(&mut gen, &yellow, T0 + 12_000);
    assert_eq!(
        f.send(&d, T0 + 12_000),
        ["SPAT 1234 phase 2: protected green -> yellow, changes in 3.0 s"]
    );
    // The block counts down between messages.
    let block = f.board.render(T0 + 13_000);
    assert!(
        block
            .iter()
            .any(|l| l.contains("yellow") && l.ends_with("2.0 s")),
        "{block:#?}"
    );
    assert!(
        block.iter().any(|l| l.starts_with("SPAT 1234  age 1.0 s")),
        "{block:#?}"
    );
    assert!(f.board.expire(T0 + 12_000 + EXPIRE_MS - 1).is_empty());
    assert_eq!(
        f.board.expire(T0 + 12_000 + EXPIRE_MS),
        ["SPAT 1234: silent for 5.0 s"]
    );
}

#[test]
fn j2735_spat_prints_a_line_per_light_change() {
    let mut gen = SpatGenerator::new(SpatConfig::new(77, table())).unwrap();
    let mut f = Feed::new(Profile::J2735);
    let mut send = |s: &SignalState, t: u64| {
        let frame = MessageFrame {
            message: Message::Spat(gen.build(s, t, Some(40)).unwrap()),
            ext: None,
        };
        f.send(&frame.to_uper().unwrap(), t)
    };
    let green = signal(&[(2, PhaseColor::Green, 120), (4, PhaseColor::Red, 150)]);
    assert_eq!(
        send(&green, T0),
        ["SPAT 77: 2 protected green 12.0 s, 4 red 15.0 s"]
    );
    assert!(send(&green, T0 + 100).is_empty());
    let red = signal(&[(2, PhaseColor::Red, 200), (4, PhaseColor::Green, 100)]);
    assert_eq!(
        send(&red, T0 + 15_000),
        [
            "SPAT 77 phase 2: protected green -> red, changes in 20.0 s",
            "SPAT 77 phase 4: red -> protected green, changes in 10.0 s"
        ]
    );
}

#[test]
fn rsi_items_and_rsm_participants_come_and_go() {
    let mut f = Feed::new(CSAE);
    let works = EventSpec::new(1, 401, EventSource::Detection)
        .position_deg(30.2745, 120.1552)
        .description("road works");
    let sign = SignSpec::new(2, 38);
    let rsi = |b: RsiBuilder| csae_frame(csae::MessageFrame::RsiFrame(b.build().unwrap()));
    let both = rsi(RsiBuilder::new(RSU, 30.2741, 120.1551)
        .event(works.clone())
        .sign(sign.clone()));
    let lines = f.send(&both, T0);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert_eq!(
        lines[0],
        "RSI 7273752d30303432 + event 1: type 401 at 30.2745000,120.1552000, \"road works\""
    );
    assert_eq!(
        lines[1],
        "RSI 7273752d30303432 + sign 2: type 38 at near 30.2741000,120.1551000"
    );
    assert!(f.send(&both, T0 + 100).is_empty());
    let sign_only = rsi(RsiBuilder::new(RSU, 30.2741, 120.1551).sign(sign));
    assert_eq!(
        f.send(&sign_only, T0 + 200),
        ["RSI 7273752d30303432 - event 1 (type 401)"]
    );

    let ped = |lat: f64| {
        ParticipantSpec::new(
            ParticipantType::Pedestrian,
            3,
            SourceType::Video,
            lat,
            120.15507,
        )
        .speed_mps(1.4)
        .heading_deg(270.0)
    };
    let car = ParticipantSpec::new(
        ParticipantType::Motor,
        9,
        SourceType::MicrowaveRadar,
        30.2742,
        120.1551,
    );
    let rsm = |b: RsmBuilder| csae_frame(csae::MessageFrame::RsmFrame(b.build().unwrap()));
    let two = rsm(RsmBuilder::new(RSU, 30.2741, 120.1551)
        .participant(ped(30.27412))
        .participant(car));
    let lines = f.send(&two, T0 + 300);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with("RSM 7273752d30303432 + ptc 3 pedestrian (video) at 30.2741200,120.1550700 (-2.9 m E, +2.2 m N), 1.40 m/s, heading 270.0"),
        "{lines:#?}"
    );
    assert!(lines[1].starts_with("RSM 7273752d30303432 + ptc 9 motor (microwaveRadar)"));
    // The pedestrian walks on, the car leaves.
    let one = rsm(RsmBuilder::new(RSU, 30.2741, 120.1551).participant(ped(30.27413)));
    assert_eq!(
        f.send(&one, T0 + 400),
        ["RSM 7273752d30303432 - ptc 9 motor"]
    );
    let block = f.board.render(T0 + 500);
    assert!(
        block
            .iter()
            .any(|l| l.starts_with("RSI  7273752d30303432: 1 item(s)  age 0.3 s")),
        "{block:#?}"
    );
    assert!(
        block
            .iter()
            .any(|l| l.starts_with("RSM  7273752d30303432: 1 participant(s)  age 0.1 s")),
        "{block:#?}"
    );
    assert_eq!(
        f.board.expire(T0 + 400 + EXPIRE_MS),
        [
            "RSI 7273752d30303432 - sign 2 (type 38): RSI silent",
            "RSM 7273752d30303432 - ptc 3 pedestrian: RSM silent"
        ]
    );
}

fn map(msg_cnt: u8, lanes: u8) -> Vec<u8> {
    let node = NodeReferenceID {
        region: None,
        id: csae::NodeID(1234),
    };
    let upstream = NodeReferenceID {
        region: None,
        id: csae::NodeID(1235),
    };
    let mut link = LinkSpec::new(upstream, 3.5).points_m(&[(0.0, 100.0), (0.0, 10.0)]);
    for l in 1..=lanes {
        link = link.lane(LaneSpec::new(l).width_m(3.5));
    }
    let m = MapBuilder::new(node, 30.2741, 120.1551)
        .msg_cnt(msg_cnt)
        .link(link)
        .build()
        .unwrap();
    csae_frame(csae::MessageFrame::MapFrame(m))
}

#[test]
fn a_map_node_is_shown_when_new_or_changed() {
    let mut f = Feed::new(CSAE);
    assert_eq!(
        f.send(&map(1, 2), T0),
        ["MAP node 1234: 1 links, 2 lanes, msgCnt 1"]
    );
    // A new msgCnt, the same content.
    assert!(f.send(&map(2, 2), T0 + 1_000).is_empty());
    assert_eq!(
        f.send(&map(3, 3), T0 + 2_000),
        ["MAP node 1234 changed: 1 links, 3 lanes, msgCnt 3"]
    );
}

#[test]
fn ranked_frames_name_their_edition_and_ambiguous_ones_are_refused() {
    let mut f = Feed::new("csae".parse().unwrap());
    // A synthetic MAP that the three editions read, plausibly, three ways.
    let hex = include_str!("../../tests/vectors/csae/random/DayII/DayII_35_mapFrame.hex");
    let map = cv2x::text::parse_hex(hex.trim()).unwrap();
    assert_eq!(
        f.send(&dsmp(aid::MAP, &map), T0),
        ["refused: CSAE editions csae-2020, csae-2019, csae-2017 read this frame differently"]
    );
    let c = f.board.counts();
    assert_eq!((c.map, c.refused, c.total), (0, 1, 1));
    assert!(f.board.render(T0).iter().all(|l| !l.starts_with("MAP")));
    // A real 2019-draft RSI (Hisense): only the 2019 draft reads it.
    let hex = "4224626466686a0000018cc8e5275d434d0c2000198f64d5c110010002001f40081f5750d0aa4664b8adc2001d5d4343b11992c457080075750d209c66491bac2001d5d434d0d1991ca4f080000640";
    let rsi = cv2x::text::parse_hex(hex).unwrap();
    let lines = f.send(&dsmp(aid::RSI_DYNAMIC, &rsi), T0 + 100);
    assert_eq!(lines[0], "edition csae-2019", "{lines:#?}");
    assert_eq!(f.board.counts().rsi, 1);
}

#[test]
fn every_edition_s_vectors_are_read_and_shown() {
    for (dir, edition) in [
        ("random/V3", Edition::V2017),
        ("random/Z2019", Edition::V2019),
        ("random/VN4", Edition::V2020),
    ] {
        let mut f = Feed::new(Profile::Csae(edition));
        let path = format!("{}/tests/vectors/csae/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut n = 0;
        for e in std::fs::read_dir(&path).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "hex") {
                continue;
            }
            let frame = cv2x::text::parse_hex(std::fs::read_to_string(&p).unwrap().trim()).unwrap();
            let lines = f.send(&dsmp(aid::SPAT, &frame), T0 + n);
            n += 1;
            let c = f.board.counts();
            assert_eq!(
                (c.undecodable, c.refused),
                (0, 0),
                "{}: {lines:?}",
                p.display()
            );
        }
        let c = f.board.counts();
        assert!(n > 0 && c.other < n, "{dir}: {c:?}");
        // Every kind the vectors hold is in the block.
        let block = f.board.render(T0 + n);
        for (count, head) in [
            (c.spat, "SPAT "),
            (c.map, "MAP  "),
            (c.rsi, "RSI  "),
            (c.rsm, "RSM  "),
            (c.bsm, "BSM  "),
        ] {
            assert!(
                count == 0 || block.iter().any(|l| l.starts_with(head)),
                "{dir} {head}: {block:#?}"
            );
        }
    }
}

#[test]
fn garbage_is_counted_never_shown_as_content() {
    let mut f = Feed::new(CSAE);
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut lines = Vec::new();
    for i in 0..2_000u64 {
        let mut d = Vec::new();
        for _ in 0..(i % 70) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            d.push(x as u8);
        }
        // Some of it in DSMP framing, so that the frame decoder sees it.
        if i % 2 == 0 {
            d = dsmp(aid::SPAT, &d);
        }
        lines.extend(f.send(&d, T0 + i));
    }
    let c = f.board.counts();
    assert_eq!(c.total, 2_000);
    assert!(c.undecodable > 1_500, "{c:?}");
    // Two seconds of garbage: at most three error lines.
    let errors = lines
        .iter()
        .filter(|l| l.starts_with("undecodable"))
        .count();
    assert!((1..=3).contains(&errors), "{lines:#?}");
    assert!(
        lines[1].contains("more since the last such line") || lines.len() < 3,
        "{lines:#?}"
    );
}

#[test]
fn csae_frames_in_dsmp_on_loopback_print_one_line_per_change() {
    let obu = UdpSocket::bind("127.0.0.1:0").unwrap();
    let to = obu.local_addr().unwrap();
    let now = super::utc_now_ms();
    let mut gen =
        CsaeSpatGenerator::new(SpatConfig::new(1234, table()), CsaeTiming::Counting).unwrap();
    let green = signal(&[(2, PhaseColor::Green, 120), (4, PhaseColor::Red, 150)]);
    let mut datagrams = Vec::new();
    for k in 0..5 {
        let spat = gen.build(&green, now + k * 100, Some(40)).unwrap();
        datagrams.push(csae_frame(csae::MessageFrame::SpatFrame(spat)));
    }
    let rsi = RsiBuilder::new(RSU, 30.2741, 120.1551)
        .event(EventSpec::new(1, 401, EventSource::Detection).description("road works"))
        .build()
        .unwrap();
    datagrams.push(csae_frame(csae::MessageFrame::RsiFrame(rsi)));
    datagrams.push(vec![0x04, 0xff, 0x00]);
    let n = datagrams.len() as u64;
    let listener = std::thread::spawn(move || {
        // Ranked: each frame's edition found, none named.
        let mut o = Options::new("csae".parse().unwrap());
        o.count = Some(n);
        o.duration = Some(Duration::from_secs(10));
        let mut out = Vec::new();
        let board = run(&obu, &mut o, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), board.totals())
    });
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    // Until the listener has them all (it binds before it is spawned; a datagram is not
    // lost on loopback, but wait for its loop to start).
    std::thread::sleep(Duration::from_millis(100));
    for d in &datagrams {
        tx.send_to(d, to).unwrap();
    }
    let (out, totals) = listener.join().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], "edition csae-2020");
    // (The seconds counted from when the frame arrives.)
    assert!(
        lines[1].starts_with("SPAT 1234: 2 protected green 1"),
        "{out}"
    );
    assert!(lines[1].contains(" s, 4 red 1"), "{out}");
    assert_eq!(
        lines[2],
        "RSI 7273752d30303432 + event 1: type 401 at near 30.2741000,120.1551000, \"road works\""
    );
    assert!(lines[3].starts_with("undecodable: "), "{out}");
    assert_eq!(
        totals,
        "obu: 7 datagrams: SPaT 5, MAP 0, BSM 0, RSI 1, RSM 0, other 0, undecodable 1, refused 0"
    );
}

//! The RSU's RSI board (`cv2x::rsu::rsi`) on a simulated clock: the message it builds, in a
//! 2020 `MessageFrame`, round-trips through our codec and is read alike by `asn1tools`
//! compiled from `asn1/csae/2020` (`common::csae_oracle`; needs python3 with
//! `pip install -r tests/oracle/requirements.txt`).
#![cfg(feature = "serde")]

use cv2x::csae::v2020::{MessageFrame, PositionOffsetLL, RoadSideInformation};
use cv2x::per::{Decode, Encode};
use cv2x::rsu::rsi::{RsiBoard, RsiConfig, RsiItem};

use crate::common::csae_oracle as oracle;

const NOW: u64 = 1_700_002_791_000;

/// Every field an item can carry: events and signs, near and far (an absolute position),
/// paths, priorities, descriptions, start and end times.
const LINES: &[&str] = &[
    r#"{"kind":"event","id":1,"type":401,"source":"detection","lat":30.2745,"lon":120.1552,"radius":50,"priority":5,"description":"road works","start":1700002700000,"end":1700006400000,"path":[[30.2750,120.1552],[30.2745,120.1552]]}"#,
    r#"{"kind":"event","id":2,"type":100,"source":"police","lat":30.2701,"lon":120.1601,"description":"accident, right lane closed"}"#,
    r#"{"kind":"event","id":3,"type":902,"source":"meteorological","lat":30.28,"lon":120.14,"radius":6553.5,"priority":7,"end":1700009999999}"#,
    r#"{"kind":"event","id":4,"type":0,"lat":32.5,"lon":121.0}"#,
    r#"{"kind":"sign","id":1,"type":38,"lat":30.2740,"lon":120.1550}"#,
    r#"{"kind":"sign","id":2,"type":65535,"lat":30.2760,"lon":120.1530,"radius":0,"priority":0,"description":"40","path":[[30.2762,120.1530],[30.2760,120.1530],[30.2755,120.1531]]}"#,
    r#"{"kind":"sign","id":255,"type":2,"lat":30.2741,"lon":120.1551,"start":1700002790000}"#,
];

fn built() -> RoadSideInformation {
    let mut board = RsiBoard::new(RsiConfig::new(*b"rsu-0042", 30.2741, 120.1551));
    for line in LINES {
        board.on_line(NOW - 60_000, line.as_bytes()).unwrap();
    }
    // Not yet started: not in the message.
    board
        .on_line(
            NOW,
            br#"{"kind":"sign","id":3,"type":5,"lat":30.27,"lon":120.15,"start":1700002791001}"#,
        )
        .unwrap();
    let rsi = board.build(NOW).unwrap();
    assert_eq!(board.counters().accepted, LINES.len() as u64 + 1);
    rsi
}

#[test]
fn the_board_rsi_round_trips_and_asn1tools_reads_it_alike() {
    let rsi = built();
    let rtes = &rsi.rtes.as_ref().unwrap().0;
    let rtss = &rsi.rtss.as_ref().unwrap().0;
    assert_eq!((rtes.len(), rtss.len()), (4, 3));
    // 200 km from the reference: no offset holds it, the position is absolute.
    let far = rtes.iter().find(|e| e.rte_id == 4).unwrap();
    assert!(matches!(
        far.event_pos.as_ref().unwrap().offset_ll,
        PositionOffsetLL::PositionLatLon(_)
    ));

    let frame = MessageFrame::RsiFrame(rsi);
    let bytes = frame.to_uper().unwrap();
    assert_eq!(MessageFrame::from_uper(&bytes).unwrap(), frame);

    let ours = serde_json::to_value(&frame).unwrap();
    let decoded = oracle(
        "2020",
        &["decode", "MessageFrame"],
        Some(format!("{}\n", hex::encode(&bytes))),
    );
    let theirs: serde_json::Value = serde_json::from_str(decoded.trim())
        .unwrap_or_else(|e| panic!("asn1tools: {decoded}: {e}"));
    assert_eq!(theirs, ours);
    let encoded = oracle(
        "2020",
        &["encode", "MessageFrame"],
        Some(format!("{ours}\n")),
    );
    assert_eq!(encoded.trim(), hex::encode(&bytes));
}

/// The same schema as a TOML table, as the RSU reads its configuration.
#[test]
fn items_read_from_toml_tables_are_the_json_items() {
    #[derive(serde::Deserialize)]
    struct Config {
        rsi: Rsi,
    }
    #[derive(serde::Deserialize)]
    struct Rsi {
        item: Vec<RsiItem>,
    }
    let text = r#"
        [[rsi.item]]
        kind = "event"
        id = 1
        type = 401
        source = "detection"
        lat = 30.2745
        lon = 120.1552
        radius = 50
        priority = 5
        description = "road works"
        start = 1700002700000
        end = 1700006400000
        path = [[30.2750, 120.1552], [30.2745, 120.1552]]

        [[rsi.item]]
        kind = "sign"
        id = 1
        type = 38
        lat = 30.2740
        lon = 120.1550
    "#;
    let config: Config = toml::from_str(text).unwrap();
    let from_json: Vec<RsiItem> = [LINES[0], LINES[4]]
        .iter()
        .map(|l| RsiItem::from_json(l.as_bytes()).unwrap())
        .collect();
    assert_eq!(config.rsi.item, from_json);
    let mut board = RsiBoard::new(RsiConfig::new(*b"rsu-0042", 30.2741, 120.1551));
    for item in config.rsi.item {
        board.add(NOW, item).unwrap();
    }
    assert_eq!(board.active(), 2);
    // An unknown key is refused, as in a line.
    let bad = toml::from_str::<Config>("[[rsi.item]]\nkind = \"sign\"\nid = 1\ntype = 2\nlat = 30.0\nlon = 120.0\ncolour = \"red\"\n");
    assert!(bad.is_err());
}

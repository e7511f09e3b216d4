//! The vectors: exact under 2020 where `SOURCES.md` says so, refused where it says the
//! 2020 edition fails or mis-decodes, Day-2 frames kept as sent.

use crate::{folder, frames_2020};

use cv2x::csae::v2020::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView,
};
use cv2x::csae::v2020::{skip, MessageFrame};
use cv2x::per::{BitReader, Decode, Encode, ErrorKind};

/// Decodes `bytes` as a whole frame and checks every face against it: JSON, re-encoding,
/// decode into a used value, the JSON read back, the skip function, the message's view.
fn check_exact(name: &str, bytes: &[u8], json: &serde_json::Value) {
    let frame = MessageFrame::from_uper(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&serde_json::to_value(&frame).unwrap(), json, "{name}: JSON");
    assert_eq!(frame.to_uper().unwrap(), bytes, "{name}: re-encoding");
    // Into a value holding another frame.
    let mut into = MessageFrame::from_uper(&crate::frames_2020()[0].bytes).unwrap();
    into.decode_uper_into(bytes).unwrap();
    assert_eq!(into, frame, "{name}: decode_into");
    // The expected JSON, read back, encodes to the vector.
    let back: MessageFrame = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back.to_uper().unwrap(), bytes, "{name}: JSON read back");
    // Skip and decode end at the same bit.
    let (mut a, mut b) = (BitReader::new(bytes), BitReader::new(bytes));
    MessageFrame::decode(&mut a).unwrap();
    skip::message_frame(&mut b).unwrap();
    assert_eq!(a.position(), b.position(), "{name}: skip");
    check_view(name, &frame);
    crate::hostile::frame_view_agrees(bytes, &Ok(frame));
}

/// The message's view of its bare encoding reads the same value as the owned decode.
fn check_view(name: &str, frame: &MessageFrame) {
    macro_rules! same {
        ($view:ty, $m:expr) => {{
            let bare = $m.to_uper().unwrap();
            let view = <$view>::new(&bare).unwrap_or_else(|e| panic!("{name}: view: {e}"));
            assert_eq!(&view.to_owned().unwrap(), $m, "{name}: view");
        }};
    }
    match frame {
        MessageFrame::BsmFrame(m) => same!(BasicSafetyMessageView, m),
        MessageFrame::MapFrame(m) => same!(MapDataView, m),
        MessageFrame::RsmFrame(m) => same!(RoadsideSafetyMessageView, m),
        MessageFrame::SpatFrame(m) => same!(SPATView, m),
        MessageFrame::RsiFrame(m) => same!(RoadSideInformationView, m),
        _ => panic!("{name}: not a Day-1 message"),
    }
}

#[test]
fn random_2020_frames_are_exact() {
    let vs = folder("random/VN4");
    assert_eq!(vs.len(), 25, "random/VN4 holds 25 frames");
    for v in &vs {
        check_exact(&v.name, &v.bytes, &v.json);
    }
    // Every message of the edition is among them.
    for alt in ["bsmFrame", "mapFrame", "rsmFrame", "spatFrame", "rsiFrame"] {
        assert!(vs.iter().any(|v| v.json.get(alt).is_some()), "no {alt}");
    }
}

#[test]
fn real_frames_exact_under_2020_are_exact() {
    let vs: Vec<_> = frames_2020()
        .into_iter()
        .filter(|v| !v.name.starts_with("random/"))
        .collect();
    // SOURCES.md: 4 BSM, 5 SPAT and 1 RSM of the 12 real (2019-draft) frames are exact under 2020.
    assert_eq!(vs.len(), 10);
    for v in &vs {
        check_exact(&v.name, &v.bytes, &v.json);
    }
}

#[test]
fn trailing_octets_are_an_error() {
    for v in frames_2020() {
        for extra in [0x00u8, 0x80, 0xff] {
            let mut b = v.bytes.clone();
            b.push(extra);
            let e = MessageFrame::from_uper(&b).expect_err(&v.name);
            assert_eq!(e.kind, ErrorKind::TrailingData, "{}", v.name);
            let mut into = MessageFrame::default();
            assert!(into.decode_uper_into(&b).is_err(), "{}", v.name);
        }
    }
}

#[test]
fn the_real_2019_draft_map_is_not_taken_for_a_2020_one() {
    let vs = folder("map");
    assert_eq!(vs.len(), 1);
    let map = &vs[0].bytes;
    assert_eq!(map.len(), 529);
    // The whole frame: refused.
    let e = MessageFrame::from_uper(map).expect_err("a 2019-draft MAP is not a 2020 frame");
    assert_eq!(e.kind, ErrorKind::TrailingData);
    // Decoding the value alone (without the check that it uses all its input): the 2020
    // types read a whole, valid MapData from its first 154 bits (20 octets with the
    // padding), as asn1c built from the 2020 ASN.1 does; the remaining 509 octets are
    // what tells that it is not a 2020 frame.
    let mut r = BitReader::new(map);
    let garbage = MessageFrame::decode(&mut r).expect("the 2020 types read a value");
    assert_eq!(r.position(), 154);
    let MessageFrame::MapFrame(m) = &garbage else {
        panic!("{garbage:?}")
    };
    // One node in region 32768 at -30.95 degrees latitude (asn1tools reads the same).
    assert_eq!(m.nodes.0.len(), 1);
    assert_eq!(m.nodes.0[0].id.region.map(|r| r.0), Some(32768));
    assert_eq!(m.nodes.0[0].ref_pos.lat.0, -309_507_371);
    assert_eq!(MessageFrame::from_uper(&map[..20]).unwrap(), garbage);
}

#[test]
fn the_real_2019_draft_rsi_fails_under_2020() {
    let vs = folder("rsi");
    assert_eq!(vs.len(), 1);
    assert!(MessageFrame::from_uper(&vs[0].bytes).is_err());
}

#[test]
fn day2_frames_are_kept_as_sent() {
    let vs = folder("random/DayII");
    assert_eq!(vs.len(), 44);
    let mut ext = 0;
    for v in &vs {
        let frame = MessageFrame::from_uper(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(frame.to_uper().unwrap(), v.bytes, "{}", v.name);
        crate::hostile::frame_view_agrees(&v.bytes, &Ok(frame.clone()));
        if let Some(x) = v.json.get("msgFrameExt") {
            let MessageFrame::MsgFrameExt(m) = &frame else {
                panic!("{}: {frame:?}", v.name)
            };
            assert_eq!(
                u64::from(m.message_id.0),
                x["messageId"].as_u64().unwrap(),
                "{}",
                v.name
            );
            // The Day-2 message itself: kept as octets, shown as `$open_hex`.
            let json = serde_json::to_value(&frame).unwrap();
            assert!(
                json["msgFrameExt"]["value"]["$open_hex"].is_string(),
                "{}",
                v.name
            );
            let back: MessageFrame = serde_json::from_value(json).unwrap();
            assert_eq!(back.to_uper().unwrap(), v.bytes, "{}", v.name);
            ext += 1;
        }
    }
    assert!(ext > 0);
}

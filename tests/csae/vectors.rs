//! The vectors: exact under 2020 where `SOURCES.md` says so, refused where it says the
//! 2020 edition fails or mis-decodes, Day-2 frames typed by their id.

use crate::faces::{self, Frame};
use crate::{folder, frames_2020};

use cv2x::csae::v2020::{skip, ExtMsgID, MessageFrame, MessageFrameExt, MessageFrameExtValue};
use cv2x::per::{BitReader, Decode, Encode, ErrorKind, OpenType};

/// Decodes `bytes` as a whole 2020 frame and checks every face against it.
fn check_exact(name: &str, bytes: &[u8], json: &serde_json::Value) {
    faces::check_exact::<MessageFrame>(name, bytes, json, &crate::frames_2020()[0].bytes);
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
fn day2_frames_are_exact() {
    let vs = folder("random/DayII");
    assert_eq!(vs.len(), 44);
    let mut ids = std::collections::BTreeSet::new();
    for v in &vs {
        let frame = MessageFrame::from_uper(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        if v.json.get("msgFrameExt").is_none() {
            // The Day-1 frames of the Day-2 set: every face, as for the 2020 ones.
            check_exact(&v.name, &v.bytes, &v.json);
            continue;
        }
        let MessageFrame::MsgFrameExt(m) = &frame else {
            panic!("{}: {frame:?}", v.name)
        };
        // The message typed by its id, JSON equal to the expected decode.
        let id = u64::from(m.message_id.0);
        assert_eq!(m.value.id(), Some(id), "{}: typed", v.name);
        assert_eq!(
            serde_json::to_value(&frame).unwrap(),
            v.json,
            "{}: JSON",
            v.name
        );
        assert_eq!(frame.to_uper().unwrap(), v.bytes, "{}: re-encoding", v.name);
        let back: MessageFrame = serde_json::from_value(v.json.clone()).unwrap();
        assert_eq!(back, frame, "{}: JSON read back", v.name);
        let mut into = MessageFrame::from_uper(&crate::frames_2020()[0].bytes).unwrap();
        into.decode_uper_into(&v.bytes).unwrap();
        assert_eq!(into, frame, "{}: decode_into", v.name);
        let (mut a, mut b) = (BitReader::new(&v.bytes), BitReader::new(&v.bytes));
        MessageFrame::decode(&mut a).unwrap();
        skip::message_frame(&mut b).unwrap();
        assert_eq!(a.position(), b.position(), "{}: skip", v.name);
        MessageFrame::frame_view_agrees(&v.bytes, &Ok(frame.clone()));
        check_day2_view(&v.name, &m.value);
        ids.insert(id);
    }
    // Every Day-2 message is among them.
    assert_eq!(
        ids.into_iter().collect::<Vec<_>>(),
        MessageFrameExtValue::IDS.to_vec()
    );
}

/// The Day-2 message's generated view of its bare encoding reads the owned value (every
/// Day-2 message has a view).
fn check_day2_view(name: &str, value: &MessageFrameExtValue) {
    use cv2x::csae::v2020::views::{
        CLPMMView, PAMDataView, PersonalSafetyMessageView, RTCMcorrectionsView,
        RoadsideCoordinationView, SensorSharingMsgView, TestMsgView, VehIntentionAndRequestView,
        VehiclePaymentMessageView,
    };
    macro_rules! same {
        ($view:ty, $m:expr) => {{
            let bare = $m.to_uper().unwrap();
            let view = <$view>::new(&bare).unwrap_or_else(|e| panic!("{name}: view: {e}"));
            assert_eq!(&view.to_owned().unwrap(), $m, "{name}: view");
        }};
    }
    match value {
        MessageFrameExtValue::TestMsg(m) => same!(TestMsgView, m),
        MessageFrameExtValue::RTCMcorrections(m) => same!(RTCMcorrectionsView, m),
        MessageFrameExtValue::RoadsideCoordination(m) => same!(RoadsideCoordinationView, m),
        MessageFrameExtValue::VehIntentionAndRequest(m) => same!(VehIntentionAndRequestView, m),
        MessageFrameExtValue::PAMData(m) => same!(PAMDataView, m),
        MessageFrameExtValue::PersonalSafetyMessage(m) => same!(PersonalSafetyMessageView, m),
        MessageFrameExtValue::CLPMM(m) => same!(CLPMMView, m),
        MessageFrameExtValue::SensorSharingMsg(m) => same!(SensorSharingMsgView, m),
        MessageFrameExtValue::VehiclePaymentMessage(m) => same!(VehiclePaymentMessageView, m),
        MessageFrameExtValue::Unknown(_) => panic!("{name}: an unknown Day-2 id"),
    }
}

#[test]
fn day2_unknown_ids_and_mismatches() {
    // An id outside the set: its octets kept as sent, `$open_hex` in JSON.
    let ext = MessageFrameExt {
        message_id: ExtMsgID(99),
        value: MessageFrameExtValue::Unknown(OpenType(vec![0xde, 0xad])),
        ext: None,
    };
    let frame = MessageFrame::MsgFrameExt(ext);
    let bytes = frame.to_uper().unwrap();
    let back = MessageFrame::from_uper(&bytes).unwrap();
    assert_eq!(back, frame);
    let json = serde_json::to_value(&back).unwrap();
    assert_eq!(json["msgFrameExt"]["value"]["$open_hex"], "dead");
    assert_eq!(serde_json::from_value::<MessageFrame>(json).unwrap(), frame);
    // A known id's message under another id is refused, not written under the wrong id.
    let wrong = MessageFrame::MsgFrameExt(MessageFrameExt {
        message_id: ExtMsgID(12),
        value: MessageFrameExtValue::TestMsg(Default::default()),
        ext: None,
    });
    assert_eq!(wrong.to_uper().unwrap_err().kind, ErrorKind::Unencodable);
    // An unknown id given as a message in JSON is refused.
    let bad = serde_json::json!({"msgFrameExt": {"messageId": 99, "value": {"msgCnt": 1}}});
    assert!(serde_json::from_value::<MessageFrame>(bad).is_err());
    // A known message whose content does not fill its open type is an error.
    let mut bytes = MessageFrame::from_uper(
        &folder("random/DayII")
            .into_iter()
            .find(|v| v.name.contains("ext0"))
            .unwrap()
            .bytes,
    )
    .unwrap()
    .to_uper()
    .unwrap();
    // TestMsg frame: 80 LL 00 00 LL ...: grow the inner length by one octet (and the outer).
    bytes[1] += 1;
    bytes[4] += 1;
    bytes.push(0);
    assert!(MessageFrame::from_uper(&bytes).is_err());
}

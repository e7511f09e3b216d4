//! Region 2 (addGrpB, `asn1/j2735/AddGrpB.asn`) at the four points J2735's REGION lists it:
//! a real SPaT and a real MAP of `tests/vectors/` carry region 2 content written by asn1tools
//! (on our modules), and the crate reads it typed, writes the same JSON and re-encodes the
//! frame byte-exactly. No real traffic with region 2 content is public (the vectors carry
//! regions 3 and 128 only): the content values here are chosen to cover every member and
//! both alternatives, with range ends.
//!
//! asn1tools keeps regional content inside a message as octets (it does not carry a
//! reference's parameter, see `tests/oracle/oracle.py`), so the frame is encoded with the
//! content as `$open_hex` octets that asn1tools wrote from the typed value; the JSON the crate
//! must produce is the same frame with those octets replaced by the typed value.

use crate::common::{folder, run_oracle};
use cv2x::j2735::view::FrameView;
use cv2x::j2735::{Message, MessageFrame};
use cv2x::per::{Decode, Encode};
use serde_json::{json, Value};

/// asn1tools' encoding of `value` as `ty`, after checking that it decodes back to `value`.
fn oracle_octets(ty: &str, value: &Value) -> String {
    let hex = run_oracle(&["encode".into(), ty.into()], Some(format!("{value}\n")));
    let hex = hex.trim().to_string();
    assert!(
        !hex.starts_with("ERR"),
        "asn1tools encode {ty} {value}: {hex}"
    );
    let back = run_oracle(&["decode".into(), ty.into()], Some(format!("{hex}\n")));
    let back: Value = serde_json::from_str(back.trim()).expect("oracle JSON");
    assert_eq!(back, *value, "asn1tools round trip of {ty}");
    hex
}

/// One regional extension of region 2 as the oracle takes it (octets) and as the crate must
/// show it (typed).
fn region2(ty: &str, value: Value) -> (Value, Value) {
    let hex = oracle_octets(ty, &value);
    (
        json!({"regionId": 2, "regExtValue": {"$open_hex": hex}}),
        json!({"regionId": 2, "regExtValue": value}),
    )
}

/// The frame `oracle_json` encoded by asn1tools, decoded by the crate: its JSON must be
/// `expected`, its re-encoding the same octets.
pub(crate) fn check_frame(name: &str, oracle_json: &Value, expected: &Value) {
    let hex = run_oracle(
        &["encode".into(), "MessageFrame".into()],
        Some(format!("{oracle_json}\n")),
    );
    let hex = hex.trim();
    assert!(!hex.starts_with("ERR"), "{name}: asn1tools encode: {hex}");
    let bytes = hex::decode(hex).unwrap();
    let frame = MessageFrame::from_uper(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&frame).unwrap(),
        *expected,
        "{name}: the crate's JSON"
    );
    assert_eq!(
        hex::encode(frame.to_uper().unwrap()),
        hex,
        "{name}: re-encoding"
    );
    let again: MessageFrame = serde_json::from_value(expected.clone()).unwrap();
    assert_eq!(again, frame, "{name}: from the typed JSON");
    // The views read the same region 2 content in place.
    let view = FrameView::new(&bytes).unwrap();
    match &frame.message {
        Message::Spat(s) => assert_eq!(view.spat().unwrap().unwrap().to_owned().unwrap(), *s),
        Message::MapData(m) => {
            assert_eq!(view.map().unwrap().unwrap().to_owned().unwrap(), **m)
        }
        other => panic!("{name}: a SPaT or MAP expected, not {other:?}"),
    }
}

pub(crate) fn vector_json(dir: &str, name: &str) -> Value {
    folder(dir)
        .into_iter()
        .find(|v| v.name.contains(name))
        .and_then(|v| v.json)
        .unwrap_or_else(|| panic!("vector {dir}/{name} with JSON"))
}

#[test]
fn spat_movement_event_region_2_is_typed() {
    let base = vector_json("spat", "TestSignalControllerConnection_L369");
    let events = [
        json!({"startTime": 0, "minEndTime": 2402, "maxEndTime": 0, "likelyTime": 9001,
               "confidence": 15, "nextTime": 4500}),
        json!({"minEndTime": 0}),
    ];
    let (mut theirs, mut ours) = (base.clone(), base);
    for (i, event) in events.into_iter().enumerate() {
        let (t, o) = region2("MovementEvent-addGrpB", event);
        let at = format!("/value/intersections/0/states/{i}/state-time-speed/0");
        theirs.pointer_mut(&at).unwrap()["regional"] = json!([t]);
        ours.pointer_mut(&at).unwrap()["regional"] = json!([o]);
    }
    check_frame("SPaT", &theirs, &ours);
}

#[test]
fn map_position_node_and_lane_data_region_2_are_typed() {
    let base = vector_json("map", "asn1codec__batch_json_L6");
    let (mut theirs, mut ours) = (base.clone(), base);
    let edits = [
        // Position3D: the reference point in degrees, minutes, seconds; range ends.
        (
            "/value/intersections/0/refPoint",
            "regional",
            "Position3D-addGrpB",
            json!({"latitude": {"d": 40, "m": 16, "s": 2645},
                   "longitude": {"d": -180, "m": 59, "s": 5999},
                   "elevation": -32768}),
            true,
        ),
        // NodeOffsetPointXY: both alternatives.
        (
            "/value/intersections/0/laneSet/0/nodeList/nodes/0/delta",
            "regional",
            "NodeOffsetPointXY-addGrpB",
            json!({"posA": {"lon": -64800000, "lat": 32400000}}),
            false,
        ),
        (
            "/value/intersections/0/laneSet/0/nodeList/nodes/1/delta",
            "regional",
            "NodeOffsetPointXY-addGrpB",
            json!({"posB": {"lon": {"d": 180, "m": 0, "s": 0},
                            "lat": {"d": -90, "m": 59, "s": 5999}}}),
            false,
        ),
    ];
    for (at, member, ty, value, listed) in edits {
        let (t, o) = region2(ty, value);
        let (t, o) = if listed {
            (json!([t]), json!([o]))
        } else {
            (t, o)
        };
        // A NodeOffsetPointXY is a CHOICE: the regional alternative replaces the offset.
        let replace = |v: &mut Value, x: Value| {
            let slot = v.pointer_mut(at).unwrap();
            if listed {
                slot[member] = x;
            } else {
                *slot = json!({ (member): x });
            }
        };
        replace(&mut theirs, t);
        replace(&mut ours, o);
    }
    // LaneDataAttribute: a node's data list with the group's (empty) content.
    let (t, o) = region2("LaneDataAttribute-addGrpB", json!({}));
    let at = "/value/intersections/0/laneSet/0/nodeList/nodes/0";
    theirs.pointer_mut(at).unwrap()["attributes"] = json!({"data": [{"regional": [t]}]});
    ours.pointer_mut(at).unwrap()["attributes"] = json!({"data": [{"regional": [o]}]});
    check_frame("MAP", &theirs, &ours);
}

/// Region 2 content that does not read as its type stays octets, re-encoded as sent.
#[test]
fn region_2_content_that_does_not_read_stays_octets() {
    let base = vector_json("map", "asn1codec__batch_json_L6");
    let mut frame = base;
    // One octet: far too short for Position3D-addGrpB (two DMS angles and an elevation).
    frame
        .pointer_mut("/value/intersections/0/refPoint")
        .unwrap()["regional"] = json!([{"regionId": 2, "regExtValue": {"$open_hex": "80"}}]);
    check_frame("MAP, short region 2 content", &frame, &frame);
}

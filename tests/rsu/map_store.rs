//! The MAP store (`cv2x::rsu::map_store`) on the real MAP vectors of
//! `tests/vectors/map/`: every load path gives the same `MapData` and byte-exact frame,
//! signal groups against a real SPaT, and `msgIssueRevision` handling.
#![cfg(feature = "serde")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cv2x::j2735::{MapData, Message, MessageFrame, MinuteOfTheYear, MsgCount};
use cv2x::per::{Decode, Encode};
use cv2x::rsu::map_store::{MapCheckError, MapStore, MapStoreError};

use crate::common::vectors_dir;

fn map_dir() -> PathBuf {
    vectors_dir().join("map")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text.trim()).unwrap()
}

/// The edition of each vector's `.json`, from `index.json`.
fn json_edition(file: &str) -> String {
    let index: serde_json::Value =
        serde_json::from_str(&read(&vectors_dir().join("index.json"))).unwrap();
    index
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"] == file)
        .and_then(|e| e["json_edition"].as_str())
        .unwrap_or("2020")
        .to_string()
}

/// The `.hex` vectors of `map/`, sorted: (name, hex text).
fn map_vectors() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(map_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hex"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, read(&p))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 40, "only {} MAP vectors found", out.len());
    out
}

/// The `value` octets of a UPER MessageFrame: after `00 12`, the length determinant.
fn strip_frame_header(frame: &[u8]) -> Vec<u8> {
    assert_eq!(&frame[..2], &[0x00, 0x12]);
    let (len, at) = if frame[2] & 0x80 == 0 {
        (usize::from(frame[2]), 3)
    } else {
        assert_eq!(frame[2] & 0xC0, 0x80, "fragmented length");
        (usize::from(frame[2] & 0x3F) << 8 | usize::from(frame[3]), 4)
    };
    assert_eq!(frame.len(), at + len, "frame length");
    frame[at..].to_vec()
}

/// Every `signalGroup` under a `connectsTo` list, found by walking the JSON: an oracle
/// independent of the store's walk over the typed MAP.
fn json_signal_groups(v: &serde_json::Value, under_connects: bool, out: &mut BTreeSet<u8>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k == "signalGroup" && under_connects {
                    out.insert(u8::try_from(x.as_u64().unwrap()).unwrap());
                }
                json_signal_groups(x, under_connects || k == "connectsTo", out);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                json_signal_groups(x, under_connects, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_vector_loads_the_same_way_from_every_form() {
    let mut checked = 0;
    for (name, text) in map_vectors() {
        let frame = unhex(&text);
        let expected = match MessageFrame::from_uper(&frame).unwrap().message {
            Message::MapData(m) => *m,
            other => panic!("{name}: message {}", other.message_id()),
        };

        // Hex with the frame header, as stored (lower case, trailing newline).
        let framed = MapStore::from_hex(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(framed.map(), &expected, "{name}");
        assert_eq!(
            framed.frame_bytes(),
            frame.as_slice(),
            "{name}: frame bytes"
        );
        assert_eq!(framed.revision(), expected.msg_issue_revision.0);

        // The same bytes, and upper-case hex with 0x and spaces.
        assert_eq!(MapStore::from_uper(&frame).unwrap(), framed, "{name}");
        let spaced: String = frame.iter().map(|b| format!("{b:02X} ")).collect();
        assert_eq!(
            MapStore::from_hex(&format!("0x{spaced}")).unwrap(),
            framed,
            "{name}"
        );

        // Without the frame header: the bare MapData.
        let bare = strip_frame_header(&frame);
        assert_ne!(&bare[..2], &[0x00, 0x12], "{name}: ambiguous");
        let from_bare = MapStore::from_hex(&hex::encode(&bare)).unwrap();
        assert_eq!(from_bare, framed, "{name}: bare");
        assert_eq!(
            from_bare.frame_bytes(),
            frame.as_slice(),
            "{name}: bare frame"
        );
        assert_eq!(
            MapStore::from_uper(&bare).unwrap(),
            framed,
            "{name}: bare bytes"
        );

        // The canonical JSON of the frame, and of the bare MapData inside it.
        let file = format!("map/{name}.hex");
        let json_text = if json_edition(&file) == "2020" {
            read(&map_dir().join(format!("{name}.json")))
        } else {
            // A newer edition's names: use this crate's canonical JSON of the frame.
            serde_json::to_string(&MessageFrame::from_uper(&frame).unwrap()).unwrap()
        };
        let from_json = MapStore::from_json(&json_text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(from_json, framed, "{name}: JSON");
        assert_eq!(
            from_json.frame_bytes(),
            frame.as_slice(),
            "{name}: JSON frame"
        );
        let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(json["messageId"], 18);
        let bare_json = MapStore::from_json(&json["value"].to_string()).unwrap();
        assert_eq!(bare_json, framed, "{name}: bare JSON");

        // Signal groups: the store's walk agrees with the JSON oracle.
        let mut want = BTreeSet::new();
        json_signal_groups(&json, false, &mut want);
        assert_eq!(
            framed.signal_groups(),
            want.into_iter().collect::<Vec<_>>(),
            "{name}: signal groups"
        );
        let all = framed.signal_groups();
        assert!(framed.check_against(&all).is_ok(), "{name}");
        checked += 1;
    }
    assert_eq!(checked, map_vectors().len());
}

#[test]
fn bare_map_vectors_load_and_frame() {
    let dir = vectors_dir().join("bare/MapData");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "hex") {
            continue;
        }
        let bare = unhex(&read(&path));
        let store = MapStore::from_uper(&bare).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        // Byte-exact: the held MAP re-encodes to the input, and the frame wraps it.
        assert_eq!(store.map().to_uper().unwrap(), bare, "{path:?}");
        assert_eq!(strip_frame_header(store.frame_bytes()), bare, "{path:?}");
        assert_eq!(MapStore::from_uper(store.frame_bytes()).unwrap(), store);
        n += 1;
    }
    assert!(n >= 10, "only {n} bare MapData vectors");
}

/// The SPaT's signal groups for intersection `id`.
fn spat_signal_groups(file: &str, id: u16) -> Vec<u8> {
    let bytes = unhex(&read(&vectors_dir().join("spat").join(file)));
    let Message::Spat(spat) = MessageFrame::from_uper(&bytes).unwrap().message else {
        panic!("{file}: not a SPaT");
    };
    let intersection = spat
        .intersections
        .0
        .iter()
        .find(|i| i.id.id.0 == id)
        .unwrap_or_else(|| panic!("{file}: no intersection {id}"));
    intersection
        .states
        .0
        .iter()
        .map(|s| s.signal_group.0)
        .collect()
}

#[test]
fn known_map_spat_pair_checks_out() {
    let store = MapStore::from_hex(&read(
        &map_dir().join("jpoconflictmonitor__sendmap2ode_L11.hex"),
    ))
    .unwrap();
    let ids: Vec<u16> = store
        .map()
        .intersections
        .as_ref()
        .unwrap()
        .0
        .iter()
        .map(|i| i.id.id.0)
        .collect();
    assert_eq!(ids, [12111]);
    assert_eq!(store.signal_groups(), [1, 2, 4, 5, 6, 8]);

    let mapping = spat_signal_groups("jpoode__OdeSpatDataTest_L17.hex", 12111);
    assert_eq!(store.check_against(&mapping), Ok(()));

    // Drop groups from the SPaT: each is reported, in order, once.
    let fewer: Vec<u8> = mapping
        .iter()
        .copied()
        .filter(|g| *g != 2 && *g != 6)
        .collect();
    let err = store.check_against(&fewer).unwrap_err();
    assert_eq!(
        err,
        MapCheckError {
            missing: vec![2, 6]
        }
    );
    assert_eq!(
        err.to_string(),
        "signal groups [2, 6] are referenced by the MAP but missing from the SPaT"
    );
    assert_eq!(
        store.check_against(&[]).unwrap_err().missing,
        [1, 2, 4, 5, 6, 8]
    );
    // Extra groups in the SPaT are fine.
    let mut more = mapping.clone();
    more.extend([3, 7, 200]);
    assert!(store.check_against(&more).is_ok());

    // Another intersection's MAP against this SPaT: its groups 3 and 7 are missing.
    let other = MapStore::from_hex(&read(
        &map_dir().join("jpoconflictmonitor__sendmap2ode_L15.hex"),
    ))
    .unwrap();
    assert_eq!(other.check_against(&mapping).unwrap_err().missing, [3, 7]);
}

#[test]
fn unknown_and_permanent_green_groups_need_no_spat_state() {
    let mut map = vectors_map("jpoconflictmonitor__sendmap2ode_L11");
    let lanes = &mut map.intersections.as_mut().unwrap().0[0].lane_set.0;
    let mut groups = [0u8, 255].into_iter();
    for lane in lanes.iter_mut() {
        if let Some(c) = lane.connects_to.as_mut() {
            for conn in c.0.iter_mut() {
                if conn.signal_group.is_some_and(|g| g.0 == 1) {
                    conn.signal_group = groups.next().map(cv2x::j2735::SignalGroupID);
                }
            }
        }
    }
    let store = MapStore::new(map).unwrap();
    let groups = store.signal_groups();
    assert!(groups.contains(&0) || groups.contains(&255), "{groups:?}");
    assert_eq!(store.check_against(&[2, 4, 5, 6, 8]), Ok(()));
}

fn vectors_map(name: &str) -> MapData {
    MapStore::from_hex(&read(&map_dir().join(format!("{name}.hex"))))
        .unwrap()
        .into_parts()
        .0
}

#[test]
fn revision_bumps_only_on_content_change() {
    let original = vectors_map("jpoconflictmonitor__sendmap2ode_L11");
    assert_eq!(original.msg_issue_revision, MsgCount(2));
    let mut store = MapStore::new(original.clone()).unwrap();
    let before = store.frame_bytes().to_vec();

    // The same content: revision and bytes kept, whatever revision the new copy claims.
    assert!(!store.replace(original.clone()).unwrap());
    assert_eq!(store.revision(), 2);
    assert_eq!(store.frame_bytes(), before.as_slice());
    let mut claims = original.clone();
    claims.msg_issue_revision = MsgCount(99);
    assert!(!store.replace(claims).unwrap());
    assert_eq!(store.revision(), 2);
    assert_eq!(store.frame_bytes(), before.as_slice());
    // A new time stamp alone is not a content change; the new stamp is held.
    let mut stamped = original.clone();
    stamped.time_stamp = Some(MinuteOfTheYear(1234));
    assert!(!store.replace(stamped).unwrap());
    assert_eq!(store.revision(), 2);
    assert_eq!(store.map().time_stamp, Some(MinuteOfTheYear(1234)));

    // A lane less: a content change, the revision goes up by one.
    let mut fewer = original.clone();
    fewer.intersections.as_mut().unwrap().0[0].lane_set.0.pop();
    assert!(store.replace(fewer.clone()).unwrap());
    assert_eq!(store.revision(), 3);
    let decoded = MapStore::from_uper(store.frame_bytes()).unwrap();
    assert_eq!(decoded.revision(), 3);
    assert_eq!(
        decoded.map().intersections.as_ref().unwrap().0[0]
            .lane_set
            .0
            .len(),
        original.intersections.as_ref().unwrap().0[0]
            .lane_set
            .0
            .len()
            - 1
    );
    // Back to the original: a change again.
    assert!(store.replace(original.clone()).unwrap());
    assert_eq!(store.revision(), 4);

    // 127 wraps to 0.
    store.set_revision(127).unwrap();
    assert_eq!(store.revision(), 127);
    assert_eq!(
        MapStore::from_uper(store.frame_bytes()).unwrap().revision(),
        127
    );
    assert!(store.replace(fewer).unwrap());
    assert_eq!(store.revision(), 0);
    assert_eq!(
        MapStore::from_uper(store.frame_bytes()).unwrap().revision(),
        0
    );

    // set_revision: only the revision changes, and only within 0..=127.
    store.set_revision(42).unwrap();
    let m = MapStore::from_uper(store.frame_bytes()).unwrap();
    assert_eq!(m.revision(), 42);
    assert_eq!(store.set_revision(128), Err(MapStoreError::Revision(128)));
    assert_eq!(store.revision(), 42);
}

#[test]
fn a_map_that_cannot_encode_is_refused_and_the_store_kept() {
    let original = vectors_map("jpoconflictmonitor__sendmap2ode_L11");
    let mut store = MapStore::new(original.clone()).unwrap();
    let mut bad = original.clone();
    bad.intersections.as_mut().unwrap().0[0].lane_set.0.clear(); // LaneList is SIZE(1..255)
    assert!(matches!(
        store.replace(bad.clone()),
        Err(MapStoreError::Encode(_))
    ));
    assert_eq!(store.map(), &original);
    assert_eq!(store.revision(), 2);
    assert!(matches!(MapStore::new(bad), Err(MapStoreError::Encode(_))));
    let mut rev = original;
    rev.msg_issue_revision = MsgCount(200);
    assert!(matches!(MapStore::new(rev), Err(MapStoreError::Encode(_))));
}

#[test]
fn other_messages_and_garbage_are_refused() {
    let spat = read(&vectors_dir().join("spat/jpoode__OdeSpatDataTest_L17.hex"));
    assert_eq!(MapStore::from_hex(&spat), Err(MapStoreError::NotMap(19)));
    let bsm = std::fs::read_dir(vectors_dir().join("bsm"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "hex"))
        .unwrap();
    assert_eq!(
        MapStore::from_hex(&read(&bsm)),
        Err(MapStoreError::NotMap(20))
    );

    // A MAP frame cut short.
    let text = read(&map_dir().join("jpoconflictmonitor__sendmap2ode_L11.hex"));
    let frame = unhex(&text);
    assert!(matches!(
        MapStore::from_uper(&frame[..frame.len() - 5]),
        Err(MapStoreError::Decode(_))
    ));
    assert!(matches!(
        MapStore::from_uper(&[0xFF; 7]),
        Err(MapStoreError::Decode(_))
    ));
    for bad in std::fs::read_dir(vectors_dir().join("negative")).unwrap() {
        let path = bad.unwrap().path();
        assert!(MapStore::from_hex(&read(&path)).is_err(), "{path:?}");
    }
    assert_eq!(MapStore::from_uper(&[]), Err(MapStoreError::Empty));
    assert_eq!(MapStore::from_hex(" \n"), Err(MapStoreError::Empty));
    assert_eq!(
        MapStore::from_hex("00 12 8"),
        Err(MapStoreError::OddHexDigits)
    );
    assert_eq!(
        MapStore::from_hex("0012x0"),
        Err(MapStoreError::InvalidHex(4))
    );

    // JSON of another message, or not a MAP at all.
    let spat_json = read(&vectors_dir().join("spat/jpoode__OdeSpatDataTest_L17.json"));
    assert_eq!(
        MapStore::from_json(&spat_json),
        Err(MapStoreError::NotMap(19))
    );
    assert!(matches!(
        MapStore::from_json("{"),
        Err(MapStoreError::Json(_))
    ));
    assert!(matches!(
        MapStore::from_json(r#"{"layerType": "intersectionData"}"#),
        Err(MapStoreError::Json(_))
    ));
    assert!(matches!(
        MapStore::from_json(r#"{"messageId": 18, "value": {"msgIssueRevision": 300}}"#),
        Err(MapStoreError::Json(_) | MapStoreError::Encode(_))
    ));
}

//! The European SPATEM, MAPEM, SREM and SSEM of `tests/vectors/etsi/` (real RSU traffic: an
//! ETSI ItsPduHeader, then an ISO TS 19091 body, J2735's SPAT / MapData / SRM / SSM with
//! region 3 (addGrpC) content): every body decodes and re-encodes byte-exactly, through the
//! owned types, JSON and the views; its region 3 content is typed (as `asn1/j2735/AddGrpC.asn`
//! reads it; the expected values below are what pycrate's ISO TS 19091 modules and asn1tools
//! on our modules both decode); and region content that does not read is kept as octets.

use crate::common::{folder, Vector};
use cv2x::j2735::view::{MapDataView, SPATView, SignalRequestMessageView, SignalStatusMessageView};
use cv2x::j2735::*;
use cv2x::per::{BitReader, Decode, Encode, ErrorKind, OpenType};
use serde_json::{json, Value};

/// The ETSI ItsPduHeader: protocolVersion, messageID, stationID (4 octets).
const HEADER: usize = 6;

/// The bodies of one folder, with the octets that follow a body in its file (only the SREM
/// captured with 20 octets of another protocol after it has any).
fn bodies(dir: &str, message_id: u8) -> Vec<(String, Vec<u8>)> {
    let vs: Vec<Vector> = folder(&format!("etsi/{dir}"));
    assert!(!vs.is_empty(), "no vectors in etsi/{dir}");
    vs.into_iter()
        .map(|v| {
            assert!(v.bytes.len() > HEADER, "{}", v.name);
            assert_eq!(
                v.bytes[1], message_id,
                "{}: the ItsPduHeader's messageID",
                v.name
            );
            (v.name, v.bytes[HEADER..].to_vec())
        })
        .collect()
}

/// Decodes a body as `T`; checks the byte-exact re-encoding (of the body, not what follows
/// it) and the JSON round trip; returns the value and its JSON.
fn exact<T>(name: &str, body: &[u8]) -> (T, Value)
where
    T: Decode
        + Encode
        + serde::Serialize
        + serde::de::DeserializeOwned
        + PartialEq
        + std::fmt::Debug,
{
    let mut r = BitReader::new(body);
    let v = T::decode(&mut r).unwrap_or_else(|e| panic!("{name}: {e}"));
    let used = r.position().div_ceil(8);
    let again = v.to_uper().unwrap();
    assert_eq!(
        hex::encode(&again),
        hex::encode(&body[..used]),
        "{name}: re-encoding"
    );
    let trailing = body.len() - used;
    assert!(
        trailing == 0 || (name.contains("trailing20") && trailing == 20),
        "{name}: {trailing} octets after the body"
    );
    let j = serde_json::to_value(&v).unwrap();
    let back: T =
        serde_json::from_value(j.clone()).unwrap_or_else(|e| panic!("{name}: from JSON: {e}"));
    assert_eq!(back, v, "{name}: JSON round trip");
    (v, j)
}

/// Every regional extension of a JSON value: (the path of its list, regionId, regExtValue).
fn regionals(v: &Value, path: &str, out: &mut Vec<(String, u64, Value)>) {
    match v {
        Value::Object(m) => {
            if let (Some(id), Some(x)) = (m.get("regionId"), m.get("regExtValue")) {
                out.push((path.to_string(), id.as_u64().unwrap(), x.clone()));
            }
            for (k, x) in m {
                regionals(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| regionals(x, &format!("{path}[]"), out)),
        _ => {}
    }
}

/// The region 3 content of a value's JSON, each typed (no `$open_hex`).
fn region3(name: &str, j: &Value) -> Vec<(String, Value)> {
    let mut all = Vec::new();
    regionals(j, "", &mut all);
    all.into_iter()
        .filter(|(_, id, _)| *id == 3)
        .map(|(p, _, x)| {
            assert!(
                x.get("$open_hex").is_none(),
                "{name}: region 3 content at {p} not typed: {x}"
            );
            (p, x)
        })
        .collect()
}

#[test]
fn spatem_bodies_with_region_3_typed() {
    let mut typed = 0;
    for (name, body) in bodies("spatem", 4) {
        let (v, j) = exact::<SPAT>(&name, &body);
        assert_eq!(
            SPATView::new(&body).unwrap().to_owned().unwrap(),
            v,
            "{name}: view"
        );
        let r3 = region3(&name, &j);
        typed += r3.len();
        if name.ends_with("i1_f251.hex") {
            assert_eq!(r3.len(), 1, "{name}");
            assert_eq!(r3[0].0, ".intersections[].regional[]");
            assert_eq!(
                r3[0].1,
                json!({"activePrioritizations": [{"stationID": 7153, "priorState": "requested", "signalGroup": 0}]})
            );
        }
        if name.contains("i72_f") {
            assert_eq!(r3.len(), 11, "{name}");
            for (p, x) in &r3 {
                assert_eq!(p, ".intersections[].states[].state-time-speed[].regional[]");
                assert_eq!(x, &json!({"stateChangeReason": "unknown"}));
            }
        }
    }
    assert_eq!(typed, 23, "region 3 values in the SPATEMs");
}

/// The region 3 content of a SPAT read in place (`reg_ext_value_typed()` of the
/// intersections' and their movement events' regional extensions) is the owned decode's:
/// the same typed value (`to_owned()` of its view), or the same octets. Returns how many
/// were typed.
fn spat_regions_in_place(name: &str, body: &[u8], spat: &SPAT) -> usize {
    use cv2x::j2735::view::{
        RegIntersectionStateRegExtValueView as IV, RegMovementEventRegExtValueView as EV,
    };
    use RegIntersectionStateRegExtValue as IO;
    use RegMovementEventRegExtValue as EO;
    /// One regional extension's content in place against the owned one (counted in `typed`
    /// when typed).
    macro_rules! same {
        ($rv:expr, $ro:expr, $vt:path, $ot:path, $vo:path, $oo:path, $typed:ident) => {
            match ($rv.unwrap().reg_ext_value_typed(), &$ro.reg_ext_value) {
                ($vt(v), $ot(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o, "{name}");
                    $typed += 1;
                }
                ($vo(v), $oo(o)) => assert_eq!(v.to_vec(), o.0, "{name}"),
                // Content that reads but is not canonical: the owned decode keeps its octets.
                ($vt(v), $oo(o)) => {
                    assert_ne!(v.to_owned().unwrap().to_uper().unwrap(), o.0, "{name}")
                }
                (v, o) => panic!("{name}: view {v:?}, owned {o:?}"),
            }
        };
    }
    let view = SPATView::new(body).unwrap();
    let mut typed = 0;
    for (iv, io) in view.intersections().zip(&spat.intersections.0) {
        let iv = iv.unwrap();
        let owned = io.regional.iter().flatten();
        for (rv, ro) in iv.regional().into_iter().flatten().zip(owned) {
            use IO::IntersectionStateAddGrpC as O;
            same!(
                rv,
                ro,
                IV::IntersectionStateAddGrpC,
                O,
                IV::Octets,
                IO::Unknown,
                typed
            );
        }
        for (sv, so) in iv.states().zip(&io.states.0) {
            for (ev, eo) in sv.unwrap().state_time_speed().zip(&so.state_time_speed.0) {
                let owned = eo.regional.iter().flatten();
                for (rv, ro) in ev.unwrap().regional().into_iter().flatten().zip(owned) {
                    use EO::MovementEventAddGrpC as O;
                    same!(
                        rv,
                        ro,
                        EV::MovementEventAddGrpC,
                        O,
                        EV::Octets,
                        EO::Unknown,
                        typed
                    );
                }
            }
        }
    }
    typed
}

#[test]
fn spatem_region_3_content_reads_in_place() {
    let mut typed = 0;
    for (name, body) in bodies("spatem", 4) {
        let (v, _) = exact::<SPAT>(&name, &body);
        typed += spat_regions_in_place(&name, &body, &v);
    }
    assert_eq!(typed, 23, "region 3 values read in place in the SPATEMs");
}

/// Every single bit flip of every SPATEM body: where the owned decode and the view accept it,
/// the region content read in place is the owned decode's (or reads but is not canonical).
#[test]
fn spatem_bit_flips_read_region_content_as_the_owned_decode() {
    let (mut inputs, mut decoded) = (0, 0);
    for (name, body) in bodies("spatem", 4) {
        for bit in 0..body.len() * 8 {
            let mut m = body.clone();
            m[bit / 8] ^= 0x80 >> (bit % 8);
            inputs += 1;
            let owned = SPAT::from_uper(&m);
            assert_eq!(
                SPATView::new(&m).map(drop),
                owned.as_ref().map(drop).map_err(|e| *e)
            );
            if let Ok(v) = owned {
                spat_regions_in_place(&format!("{name} bit {bit}"), &m, &v);
                decoded += 1;
            }
        }
    }
    assert!(
        decoded > 100,
        "{decoded} of {inputs} flipped SPATEMs decoded"
    );
}

#[test]
fn mapem_bodies_round_trip() {
    for (name, body) in bodies("mapem", 5) {
        let (v, j) = exact::<MapData>(&name, &body);
        assert_eq!(
            MapDataView::new(&body).unwrap().to_owned().unwrap(),
            v,
            "{name}: view"
        );
        region3(&name, &j);
    }
}

#[test]
fn srem_and_ssem_bodies_with_region_3_typed() {
    let mut typed = 0;
    for (name, body) in bodies("srem", 9) {
        let (v, j) = exact::<SignalRequestMessage>(&name, &body);
        if !name.contains("trailing20") {
            let view = SignalRequestMessageView::new(&body).unwrap();
            assert_eq!(view.to_owned().unwrap(), v, "{name}: view");
        }
        let r3 = region3(&name, &j);
        typed += r3.len();
        if name.contains("SREM_with_OCIT") {
            assert_eq!(
                r3,
                vec![(
                    ".requestor.regional[]".to_string(),
                    json!({"batteryStatus": "unknown"})
                )]
            );
        }
    }
    for (name, body) in bodies("ssem", 10) {
        let (v, j) = exact::<SignalStatusMessage>(&name, &body);
        assert_eq!(
            SignalStatusMessageView::new(&body)
                .unwrap()
                .to_owned()
                .unwrap(),
            v,
            "{name}: view"
        );
        typed += region3(&name, &j).len();
    }
    assert_eq!(typed, 1, "region 3 values in the SREMs and SSEMs");
}

/// The SPATEM whose intersection carries IntersectionState-addGrpC.
fn spat_with_region_3() -> (Vec<u8>, SPAT) {
    let (name, body) = bodies("spatem", 4)
        .into_iter()
        .find(|(n, _)| n.ends_with("i1_f251.hex"))
        .unwrap();
    let (v, _) = exact::<SPAT>(&name, &body);
    (body, v)
}

/// `spat` with its intersection's region 3 content replaced by `content` (octets).
fn with_content(spat: &SPAT, content: &[u8]) -> Vec<u8> {
    let mut s = spat.clone();
    let reg = &mut s.intersections.0[0].regional.as_mut().unwrap()[0];
    assert_eq!(reg.region_id.0, 3);
    reg.reg_ext_value = RegIntersectionStateRegExtValue::Unknown(OpenType(content.to_vec()));
    s.to_uper().unwrap()
}

#[test]
fn region_3_content_that_does_not_read_is_kept_as_octets() {
    let (_, spat) = spat_with_region_3();
    let good = match &spat.intersections.0[0].regional.as_ref().unwrap()[0].reg_ext_value {
        RegIntersectionStateRegExtValue::IntersectionStateAddGrpC(m) => m.to_uper().unwrap(),
        other => panic!("not typed: {other:?}"),
    };
    // Truncated, garbage, trailing octets, non-zero padding, empty: kept as sent.
    let mut padded = good.clone();
    *padded.last_mut().unwrap() |= 1;
    let mut longer = good.clone();
    longer.push(0);
    for content in [
        &good[..good.len() - 1],
        &good[..1],
        &[0xff; 9][..],
        &longer[..],
        &padded[..],
        &[][..],
    ] {
        let bytes = with_content(&spat, content);
        let back =
            SPAT::from_uper(&bytes).unwrap_or_else(|e| panic!("{}: {e}", hex::encode(content)));
        let reg = &back.intersections.0[0].regional.as_ref().unwrap()[0];
        assert_eq!(
            reg.reg_ext_value,
            RegIntersectionStateRegExtValue::Unknown(OpenType(content.to_vec()))
        );
        assert_eq!(
            back.to_uper().unwrap(),
            bytes,
            "{}: re-encoding",
            hex::encode(content)
        );
        assert_eq!(
            SPATView::new(&bytes).unwrap().to_owned().unwrap(),
            back,
            "{}: view",
            hex::encode(content)
        );
        // Read in place: the octets too.
        assert_eq!(spat_regions_in_place("modified", &bytes, &back), 0);
        let j = serde_json::to_value(&back).unwrap();
        assert_eq!(
            j["intersections"][0]["regional"][0]["regExtValue"],
            json!({"$open_hex": hex::encode(content)})
        );
        assert_eq!(serde_json::from_value::<SPAT>(j).unwrap(), back);
        // Decoded in place over the typed value: the same.
        let mut into = spat.clone();
        into.decode_uper_into(&bytes).unwrap();
        assert_eq!(into, back);
    }
    // The octets of the typed value, given as octets, read as the typed value again.
    let bytes = with_content(&spat, &good);
    assert_eq!(SPAT::from_uper(&bytes).unwrap(), spat);
    assert_eq!(spat_regions_in_place("given as octets", &bytes, &spat), 1);
}

#[test]
fn region_content_with_a_length_past_the_input_is_an_error() {
    // regionId 3, then an open type of 127 octets of which 1 is there.
    for bytes in [
        &[3u8, 0x7f, 0][..],
        &[3, 0x80][..],
        &[3][..],
        &[3, 0xff, 0xff][..],
    ] {
        let e = RegIntersectionState::from_uper(bytes).unwrap_err();
        assert!(
            matches!(
                e.kind,
                ErrorKind::LengthTooLarge | ErrorKind::UnexpectedEnd | ErrorKind::InvalidLength
            ),
            "{}: {e}",
            hex::encode(bytes)
        );
        assert!(e.to_string().contains("regExtValue"), "{e}");
    }
    // Every truncation and every single-octet change of a SPATEM with region 3 content: an
    // error or a value (the owned decode and the view agree), never a panic.
    let (body, _) = spat_with_region_3();
    let mut cases: Vec<Vec<u8>> = (0..body.len()).map(|n| body[..n].to_vec()).collect();
    for i in 0..body.len() {
        for x in [0x00, 0xff, 0x80, body[i] ^ 0x01] {
            let mut b = body.clone();
            b[i] = x;
            cases.push(b);
        }
    }
    for b in cases {
        let owned = SPAT::from_uper(&b);
        let view = SPATView::new(&b).and_then(|v| v.to_owned());
        assert_eq!(owned.is_ok(), view.is_ok(), "{}", hex::encode(&b));
        if let (Ok(o), Ok(v)) = (owned, view) {
            assert_eq!(o, v, "{}", hex::encode(&b));
        }
    }
}

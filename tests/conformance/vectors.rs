//! Conformance: every BSM, SPaT, MAP, SRM, SSM, TIM, PSM and RSM vector of `tests/vectors` decodes
//! to the expected JSON and re-encodes to the same bytes; unknown messages and newer editions
//! survive byte-exactly.

use crate::common::{folder, random, Vector};
use cv2x::j2735::{
    BasicSafetyMessage, MapData, Message, MessageFrame, PersonalSafetyMessage, RoadSafetyMessage,
    SignalRequestMessage, SignalStatusMessage, TravelerInformation, VehicleSafetyExtensions, SPAT,
};
use cv2x::per::{BitReader, Decode, Encode, ErrorKind};

/// What the checks need of a type: the codec, serde and comparison.
trait Codec:
    Decode + Encode + serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug
{
}
impl<
        T: Decode
            + Encode
            + serde::Serialize
            + serde::de::DeserializeOwned
            + PartialEq
            + std::fmt::Debug,
    > Codec for T
{
}

/// Decodes `v` as `T`, checks the JSON (2020 names) and the byte-exact re-encoding (into a
/// `Vec` and into a caller's buffer), and the JSON round trip (JSON -> value -> same bytes). Returns an error text on failure.
fn check<T: Codec>(v: &Vector) -> Result<(), String> {
    let val = T::from_uper(&v.bytes).map_err(|e| format!("{}: decode: {e}", v.name))?;
    let again = val
        .to_uper()
        .map_err(|e| format!("{}: encode: {e}", v.name))?;
    if again != v.bytes {
        return Err(format!(
            "{}: re-encoding differs\n got  {}\n want {}",
            v.name,
            hex::encode(&again),
            hex::encode(&v.bytes)
        ));
    }
    // Into a caller's buffer: the same octets with just enough room or more, an error with
    // an octet less.
    for room in [v.bytes.len(), v.bytes.len() + 7] {
        let mut buf = vec![0u8; room];
        let n = val
            .to_uper_slice(&mut buf)
            .map_err(|e| format!("{}: encode into {room} octets: {e}", v.name))?;
        if buf[..n] != v.bytes[..] {
            return Err(format!("{}: encoding into {room} octets differs", v.name));
        }
    }
    if val.to_uper_slice(&mut vec![0u8; v.bytes.len() - 1]).is_ok() {
        return Err(format!("{}: encoded into an octet too few", v.name));
    }
    let json = serde_json::to_value(&val).unwrap();
    if v.edition == "2020" {
        let want = v
            .json
            .as_ref()
            .ok_or_else(|| format!("{}: no expected json", v.name))?;
        if &json != want {
            return Err(format!(
                "{}: JSON differs\n got  {json}\n want {want}",
                v.name
            ));
        }
    }
    let back: T =
        serde_json::from_value(json.clone()).map_err(|e| format!("{}: from JSON: {e}", v.name))?;
    if back != val {
        return Err(format!("{}: JSON round trip changed the value", v.name));
    }
    Ok(())
}

fn run<T: Codec>(vectors: &[Vector]) -> usize {
    assert!(!vectors.is_empty(), "no vectors found");
    let failures: Vec<String> = vectors.iter().filter_map(|v| check::<T>(v).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    vectors.len()
}

#[test]
fn bsm_frames() {
    let vs = folder("bsm");
    let n = run::<MessageFrame>(&vs);
    assert!(n >= 137, "{n}");
    whole_frames_only(&vs);
}

#[test]
fn bsm_frames_are_bsms() {
    for v in folder("bsm") {
        let f = MessageFrame::from_uper(&v.bytes).unwrap();
        assert!(
            matches!(f.message, Message::BasicSafetyMessage(_)),
            "{}",
            v.name
        );
    }
}

#[test]
fn bare_bsms() {
    run::<BasicSafetyMessage>(&folder("bare/BasicSafetyMessage"));
}

#[test]
fn bare_vehicle_safety_extensions() {
    run::<VehicleSafetyExtensions>(&folder("bare/VehicleSafetyExtensions"));
}

#[test]
fn random_bsm_frames_2020() {
    run::<MessageFrame>(&random("2020", "bsm"));
}

/// 2016 names a few fields differently (`sspRights`): bytes and the JSON round trip only.
#[test]
fn random_bsm_frames_2016() {
    run::<MessageFrame>(&random("2016", "bsm"));
}

/// 2024 frames carry extension additions this edition keeps as unknown: bytes only.
#[test]
fn random_bsm_frames_2024() {
    run::<MessageFrame>(&random("2024", "bsm"));
}

/// The 2024 `VehicleData` additions are typed: line 6's `axles.totalAxles` is 751, outside
/// the extensible root `(1..10, ...)` (pycrate made the vector; asn1tools decodes the same),
/// and every member the typed additions show agrees with the vector's 2024 JSON.
#[test]
fn random_bsm_2024_axles_outside_their_root() {
    let v = &random("2024", "bsm")[5];
    let f = MessageFrame::from_uper(&v.bytes).unwrap();
    assert_eq!(f.to_uper().unwrap(), v.bytes, "{}", v.name);
    let ours = serde_json::to_value(&f).unwrap();
    let theirs = v.json.as_ref().unwrap();
    let part =
        |j: &serde_json::Value| j["value"]["partII"][1]["partII-Value"]["vehicleData"].clone();
    assert_eq!(
        part(&ours),
        serde_json::json!({"height": 127, "axles": {"totalAxles": 751}})
    );
    assert_eq!(part(&ours), part(theirs), "{}", v.name);
}

/// Every vector's JSON is the expected one, whatever edition it is of (`run` compares 2020's
/// only; the RoadSafetyMessage exists in J2735-2024 alone, whose JSON is its only JSON).
fn json_of_every<T: Codec>(vectors: &[Vector]) {
    for v in vectors {
        let got = serde_json::to_value(T::from_uper(&v.bytes).unwrap()).unwrap();
        let want = v
            .json
            .as_ref()
            .unwrap_or_else(|| panic!("{}: no json", v.name));
        assert_eq!(&got, want, "{}", v.name);
    }
}

/// The real RoadSafetyMessage frames (message 33, J2735-2024; V2X Hub's and asn1_codec's
/// tests): typed, byte-exact, whole frames only, and the expected JSON.
#[test]
fn rsm_frames() {
    frames_of("other", 33, 8);
    json_of_every::<MessageFrame>(&folder("other"));
}

/// The bare RoadSafetyMessages (synthetic, random values of SAE's module): byte-exact, every
/// alternative of both OID kinds among them, and the expected JSON.
#[test]
fn bare_rsms() {
    let vs = folder("bare/RoadSafetyMessage");
    assert!(run::<RoadSafetyMessage>(&vs) >= 10);
    json_of_every::<RoadSafetyMessage>(&vs);
    let text: String = vs
        .iter()
        .map(|v| v.json.as_ref().unwrap().to_string())
        .collect();
    assert!(text.contains("fullRdAuthID") && text.contains("relRdAuthID"));
}

/// A message ID this crate does not type is kept as sent: the RSM frames with their ID made
/// 34 (J2735-2024's next message, not typed here) decode as unknown and re-encode exactly.
#[test]
fn other_messages_are_kept_as_unknown() {
    let mut vs = folder("other");
    for v in &mut vs {
        assert_eq!(v.bytes[..2], [0x00, 0x21], "{}: not message 33", v.name);
        v.bytes[1] = 0x22;
        v.json = None;
    }
    run::<MessageFrame>(&vs);
    whole_frames_only(&vs);
    for v in &vs {
        let f = MessageFrame::from_uper(&v.bytes).unwrap();
        let Message::Unknown(u) = &f.message else {
            panic!("{} decoded as known", v.name)
        };
        assert_eq!(u.message_id, 34, "{}", v.name);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["messageId"], 34);
        assert!(json["value"]["$open_hex"].is_string());
    }
}

#[test]
fn negative_vectors_are_rejected() {
    let vs = folder("negative");
    assert!(!vs.is_empty());
    for v in vs {
        assert!(
            MessageFrame::from_uper(&v.bytes).is_err(),
            "{} decoded",
            v.name
        );
    }
}

/// A whole frame is only its bits and zero padding: `from_uper` refuses an octet more
/// (zero or not) and a set padding bit with `TrailingData`, where `decode` of the same
/// octets reads the same frame and stops.
fn whole_frames_only(vs: &[Vector]) {
    for v in vs {
        let f = MessageFrame::from_uper(&v.bytes).unwrap();
        let mut r = BitReader::new(&v.bytes);
        assert_eq!(MessageFrame::decode(&mut r).unwrap(), f, "{}", v.name);
        let padding = v.bytes.len() * 8 - r.position();
        let mut longer = Vec::new();
        for extra in [0x00, 0x80, 0xff] {
            longer.clear();
            longer.extend_from_slice(&v.bytes);
            longer.push(extra);
            let e = MessageFrame::from_uper(&longer).expect_err(&v.name);
            assert_eq!(e.kind, ErrorKind::TrailingData, "{}", v.name);
            let mut r = BitReader::new(&longer);
            assert_eq!(MessageFrame::decode(&mut r).unwrap(), f, "{}", v.name);
        }
        if padding > 0 {
            let mut b = v.bytes.clone();
            *b.last_mut().unwrap() |= 1;
            let e = MessageFrame::from_uper(&b).expect_err(&v.name);
            assert_eq!(e.kind, ErrorKind::TrailingData, "{}", v.name);
        }
    }
}

/// Frames of `folder` are all the message `id`, and pass the conformance check.
fn frames_of(folder_name: &str, id: u16, at_least: usize) {
    let vs = folder(folder_name);
    assert!(vs.len() >= at_least, "{folder_name}: {} vectors", vs.len());
    run::<MessageFrame>(&vs);
    whole_frames_only(&vs);
    for v in &vs {
        let f = MessageFrame::from_uper(&v.bytes).unwrap();
        assert_eq!(f.message.message_id(), id, "{}", v.name);
        assert!(
            !matches!(f.message, Message::Unknown(_)),
            "{} not typed",
            v.name
        );
    }
}

#[test]
fn spat_frames() {
    frames_of("spat", 19, 30);
}

#[test]
fn map_frames() {
    frames_of("map", 18, 49);
}

#[test]
fn srm_frames() {
    frames_of("srm", 29, 17);
}

#[test]
fn ssm_frames() {
    frames_of("ssm", 30, 14);
}

#[test]
fn bare_signal_messages() {
    run::<SPAT>(&folder("bare/SPAT"));
    run::<MapData>(&folder("bare/MapData"));
    run::<SignalRequestMessage>(&folder("bare/SignalRequestMessage"));
    run::<SignalStatusMessage>(&folder("bare/SignalStatusMessage"));
}

#[test]
fn random_signal_frames() {
    for ed in ["2016", "2020", "2024"] {
        for ty in ["spat", "map", "srm", "ssm"] {
            run::<MessageFrame>(&random(ed, ty));
        }
    }
}

#[test]
fn tim_frames() {
    frames_of("tim", 31, 15);
}

/// The bare TIM is of the 2024 edition: its additions are kept as unknown (bytes and the
/// JSON round trip only).
#[test]
fn bare_tims() {
    run::<TravelerInformation>(&folder("bare/TravelerInformation"));
}

#[test]
fn random_tim_frames() {
    for ed in ["2016", "2020", "2024"] {
        let vs = random(ed, "tim");
        assert_eq!(run::<MessageFrame>(&vs), 25, "{ed}");
        for v in &vs {
            let f = MessageFrame::from_uper(&v.bytes).unwrap();
            assert!(
                matches!(f.message, Message::TravelerInformation(_)),
                "{}",
                v.name
            );
        }
    }
}

#[test]
fn psm_frames() {
    frames_of("psm", 32, 2);
}

#[test]
fn bare_psms() {
    assert!(run::<PersonalSafetyMessage>(&folder("bare/PersonalSafetyMessage")) >= 3);
}

/// Every random PSM frame of each edition is typed (2024's extension additions kept as
/// unknown additions inside the typed message), byte-exact, and, in 2020, the expected JSON.
#[test]
fn random_psm_frames() {
    for ed in ["2016", "2020", "2024"] {
        let vs = random(ed, "psm");
        assert!(vs.len() >= 25, "{ed}: {}", vs.len());
        run::<MessageFrame>(&vs);
        for v in &vs {
            let f = MessageFrame::from_uper(&v.bytes).unwrap();
            assert!(
                matches!(f.message, Message::PersonalSafetyMessage(_)),
                "{} not typed",
                v.name
            );
        }
    }
}

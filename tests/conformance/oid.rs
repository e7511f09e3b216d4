//! OBJECT IDENTIFIER and RELATIVE-OID through the generated J2735 types (`RoadAuthorityID`,
//! J2735-2024 Common): the encodings asn1tools (OID) and pycrate (RELATIVE-OID) make, their
//! JSON, and hostile contents refused alike by every face (decode, decode-into, skip, serde).
//! The oracles' random values go through the differential (`differential.rs`).

use cv2x::j2735::{skip, FullRoadAuthorityID, RelativeRoadAuthorityID, RoadAuthorityID};
use cv2x::per::{BitReader, Decode, Encode, Error, ErrorKind, ObjectIdentifier, RelativeOid};
use serde_json::json;

/// The operator OID of the V2XHub RSM vectors (`tests/vectors/other/V2XHub__RoadSafteyMessageTest_*`).
const RSM_OPERATOR: &str = "1.0.15628.4.1.17.1.0";

#[test]
fn oracle_encodings_decode_to_their_dotted_json_and_back() {
    // From `tests/oracle/oracle.py encode-lines` (asn1tools 0.169 for OBJECT IDENTIFIER,
    // pycrate 0.8.1 for RELATIVE-OID).
    for (hex_text, value) in [
        ("0828fa0c0401110100", json!(RSM_OPERATOR)),
        ("03883703", json!("2.999.3")),
        ("0481738206", json!("2.163.262")),
        ("012b", json!("1.3")),
    ] {
        let bytes = hex::decode(hex_text).unwrap();
        let v = FullRoadAuthorityID::from_uper(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&v).unwrap(), value, "{hex_text}");
        assert_eq!(v.to_uper().unwrap(), bytes, "{hex_text}");
        let back: FullRoadAuthorityID = serde_json::from_value(value).unwrap();
        assert_eq!(back, v, "{hex_text}");
    }
    for (hex_text, value) in [
        ("050401110100", json!("4.1.17.1.0")),
        ("028218", json!("280")),
        (
            "0c813a819992d793c08893a531",
            json!("186.11035328287043015345"),
        ),
    ] {
        let bytes = hex::decode(hex_text).unwrap();
        let v = RelativeRoadAuthorityID::from_uper(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&v).unwrap(), value, "{hex_text}");
        assert_eq!(v.to_uper().unwrap(), bytes, "{hex_text}");
    }
    // The CHOICE: asn1tools' (OID) and pycrate's (RELATIVE-OID) values inside it.
    for (hex_text, value) in [
        ("00a04740", json!({"fullRdAuthID": "2.77"})),
        ("419b616cb4e85c80", json!({"relRdAuthID": "109.1448399090"})),
    ] {
        let bytes = hex::decode(hex_text).unwrap();
        let v = RoadAuthorityID::from_uper(&bytes).unwrap();
        assert_eq!(serde_json::to_value(&v).unwrap(), value, "{hex_text}");
        assert_eq!(v.to_uper().unwrap(), bytes, "{hex_text}");
        skip::road_authority_id(&mut BitReader::new(&bytes)).unwrap();
    }
}

#[test]
fn the_runtime_types_build_from_arcs_and_text() {
    let v = ObjectIdentifier::from_arcs(&[1, 0, 15628, 4, 1, 17, 1, 0]).unwrap();
    assert_eq!(v.to_string(), RSM_OPERATOR);
    assert_eq!(v.arcs().collect::<Vec<_>>(), [1, 0, 15628, 4, 1, 17, 1, 0]);
    let r: RelativeOid = "4.1.17".parse().unwrap();
    assert_eq!(r.contents(), [4, 1, 17]);
    assert_eq!(
        RoadAuthorityID::RelRdAuthID(RelativeRoadAuthorityID(r))
            .to_uper()
            .unwrap(),
        hex::decode("40c1004440").unwrap()
    );
}

#[test]
fn hostile_contents_are_refused_by_every_face() {
    // RoadAuthorityID's relRdAuthID (`01` index bits, then the length at bit 2).
    for contents in [
        "",                       // no arcs
        "807f",                   // an arc starting with 0x80 (not minimal)
        "0181",                   // the last arc cut
        "8280808080808080808000", // an arc over 2^64 - 1
    ] {
        for alt in [0u8, 1] {
            let c = hex::decode(contents).unwrap();
            // ext bit 0, index `alt`, then length and contents, all shifted by 2 bits.
            let mut raw = vec![c.len() as u8];
            raw.extend(&c);
            let mut bits: Vec<bool> = vec![false, alt == 1];
            for b in &raw {
                bits.extend((0..8).rev().map(|i| b >> i & 1 == 1));
            }
            let bytes: Vec<u8> = bits
                .chunks(8)
                .map(|ch| {
                    ch.iter()
                        .enumerate()
                        .fold(0u8, |a, (i, &b)| a | (u8::from(b) << (7 - i)))
                })
                .collect();
            let want = Error::new(ErrorKind::InvalidObjectIdentifier, 2).in_field(if alt == 0 {
                "RoadAuthorityID.fullRdAuthID"
            } else {
                "RoadAuthorityID.relRdAuthID"
            });
            assert_eq!(RoadAuthorityID::from_uper(&bytes), Err(want), "{contents}");
            let mut into = RoadAuthorityID::default();
            assert_eq!(
                into.decode_into(&mut BitReader::new(&bytes)),
                Err(want),
                "{contents}"
            );
            assert_eq!(
                skip::road_authority_id(&mut BitReader::new(&bytes)),
                Err(want),
                "{contents}"
            );
        }
    }
    // A length the input cannot back: refused before anything is reserved.
    let e = RoadAuthorityID::from_uper(&[0x2f, 0xff, 0xc0]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LengthTooLarge);
    // JSON: only dotted decimal arcs, in the ranges the type holds.
    for bad in [
        json!("1.40"),
        json!("3.1"),
        json!("1"),
        json!(""),
        json!("1..2"),
        json!("1.2.18446744073709551616"),
        json!("1.2.-3"),
        json!(12),
    ] {
        assert!(
            serde_json::from_value::<FullRoadAuthorityID>(bad.clone()).is_err(),
            "{bad}"
        );
    }
    for bad in [json!(""), json!("1."), json!("18446744073709551616")] {
        assert!(
            serde_json::from_value::<RelativeRoadAuthorityID>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

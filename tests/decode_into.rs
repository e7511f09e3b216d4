//! `Decode::decode_into`: decoding into a value that holds another message gives what a
//! fresh decode gives (value or error), on every vector, and a receive loop over like
//! messages allocates nothing once warm.

mod common;
#[path = "common/counting.rs"]
mod counting;

use common::{folder, Vector};
use counting::allocated_by;
use cv2x::j2735::MessageFrame;
use cv2x::per::Decode;

fn frames() -> Vec<Vector> {
    let mut all = Vec::new();
    for dir in ["bsm", "spat", "map", "srm", "ssm"] {
        all.extend(folder(dir));
    }
    all
}

/// Every vector decoded into every other vector's value (and into itself), and every
/// vector's truncations into a decoded value: the same result as a fresh decode.
#[test]
fn into_another_message_is_a_fresh_decode() {
    let all = frames();
    let values: Vec<MessageFrame> = all
        .iter()
        .filter_map(|v| MessageFrame::from_uper(&v.bytes).ok())
        .collect();
    assert!(values.len() > 200, "only {} vectors decode", values.len());
    let mut checked = 0;
    for v in &all {
        let fresh = MessageFrame::from_uper(&v.bytes);
        // A spread of earlier values: every message type meets every other.
        for old in values.iter().step_by(7).chain(fresh.iter()) {
            let mut into = old.clone();
            let got = into.decode_uper_into(&v.bytes);
            match &fresh {
                Ok(f) => {
                    assert_eq!(got, Ok(()), "{}", v.name);
                    assert_eq!(&into, f, "{}", v.name);
                }
                Err(e) => assert_eq!(got, Err(*e), "{}", v.name),
            }
            checked += 1;
        }
        // Cut short, anywhere: the same error as a fresh decode.
        for cut in (0..v.bytes.len()).step_by(3) {
            let input = &v.bytes[..cut];
            let mut into = values[checked % values.len()].clone();
            let got = into.decode_uper_into(input).map(|()| into);
            assert_eq!(
                got,
                MessageFrame::from_uper(input),
                "{} cut at {cut}",
                v.name
            );
        }
    }
    assert!(checked > 5000, "{checked}");
}

/// The four benchmark messages, decoded again into their own value: no allocation at all.
#[test]
fn a_warm_receive_loop_allocates_nothing() {
    for name in [
        "bsm/j2735decoder__SampleHexPayloads_L3.hex",
        "bsm/asn1codec__InputData_Ieee1609Dot2Data_coer_Bsm_pack_L1.hex",
        "spat/j2735decoder__SampleHexPayloads_L8.hex",
        "map/j2735decoder__SampleHexPayloads_L12.hex",
    ] {
        let (dir, _) = name.split_once('/').unwrap();
        let v = folder(dir)
            .into_iter()
            .find(|v| v.name == name)
            .expect(name);
        let mut frame = MessageFrame::from_uper(&v.bytes).unwrap();
        let (fresh, fresh_bytes) = allocated_by(|| MessageFrame::from_uper(&v.bytes).unwrap());
        let (r, bytes) = allocated_by(|| frame.decode_uper_into(&v.bytes));
        r.unwrap();
        assert_eq!(frame, fresh, "{name}");
        assert_eq!(
            bytes, 0,
            "{name}: {bytes} bytes allocated (fresh decode: {fresh_bytes})"
        );
    }
}

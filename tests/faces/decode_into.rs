//! `Decode::decode_into`: decoding into a value that holds another message gives what a
//! fresh decode gives (value or error), on every vector, and a receive loop over like
//! messages allocates nothing once warm.

use crate::common::{folder, Vector};
use crate::counting::allocated_by;
use cv2x::j2735::view::FrameView;
use cv2x::j2735::{
    BasicSafetyMessage, MapData, MessageFrame, PersonalSafetyMessage, SignalRequestMessage,
    SignalStatusMessage, TravelerInformation, SPAT,
};
use cv2x::per::{Decode, Encode};

fn frames() -> Vec<Vector> {
    let mut all = Vec::new();
    for dir in ["bsm", "spat", "map", "srm", "ssm", "tim", "psm"] {
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
            let got = into.decode_uper_into(input);
            // On error the value is still a valid one: it encodes.
            if got.is_err() {
                if let Err(e) = into.to_uper() {
                    panic!(
                        "{} cut at {cut}: left a value that does not encode: {e}",
                        v.name
                    );
                }
            }
            assert_eq!(
                got.map(|()| into),
                MessageFrame::from_uper(input),
                "{} cut at {cut}",
                v.name
            );
        }
    }
    assert!(checked > 5000, "{checked}");
}

/// Truncations of every vector's message (the frame's open type content: a truncated frame
/// fails at the open type's length, before the message) decoded into the smallest message
/// of the same type, so that its lists grow, and new entries and members are made, before
/// the input ends: the same result as a fresh decode, and on error a value that still
/// encodes.
#[test]
fn cut_short_into_a_smaller_message_leaves_a_valid_value() {
    fn check<T: Decode + Encode + Clone + PartialEq + std::fmt::Debug>(dir: &str) -> usize {
        let values: Vec<(String, Vec<u8>, T)> = folder(dir)
            .into_iter()
            .filter_map(|v| {
                let f = FrameView::new(&v.bytes).ok()?;
                let m = f.value().to_vec();
                let t = T::from_uper(&m).ok()?;
                Some((v.name, m, t))
            })
            .collect();
        let (_, _, small) = values.iter().min_by_key(|(_, m, _)| m.len()).expect(dir);
        let mut failed = 0;
        for (name, m, _) in &values {
            for cut in 0..m.len() {
                let input = &m[..cut];
                let mut into = small.clone();
                let got = into.decode_uper_into(input);
                if got.is_err() {
                    failed += 1;
                    if let Err(e) = into.to_uper() {
                        panic!("{name} cut at {cut}: left a value that does not encode: {e}");
                    }
                }
                assert_eq!(
                    got.map(|()| into),
                    T::from_uper(input),
                    "{name} cut at {cut}"
                );
            }
        }
        failed
    }
    let failed = check::<BasicSafetyMessage>("bsm")
        + check::<SPAT>("spat")
        + check::<MapData>("map")
        + check::<SignalRequestMessage>("srm")
        + check::<SignalStatusMessage>("ssm")
        + check::<TravelerInformation>("tim")
        + check::<PersonalSafetyMessage>("psm");
    assert!(failed > 10_000, "{failed}");
}

/// A fuzz finding (`tests/regressions/frame_decode-ia5-into-cut-short.bin`): a frame whose
/// SPaT ends inside an intersection's `name`, decoded into a SPaT that has one, left the
/// name empty (below its size) before `decode_ia5_into` padded a cut-short string.
#[test]
fn a_string_cut_short_leaves_a_valid_value() {
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/regressions/frame_decode-ia5-into-cut-short.bin"
    ))
    .unwrap();
    let mut tried = 0;
    for v in folder("spat") {
        let Ok(mut into) = MessageFrame::from_uper(&v.bytes) else {
            continue;
        };
        let got = into.decode_uper_into(&data);
        assert_eq!(got, MessageFrame::from_uper(&data).map(drop), "{}", v.name);
        if got.is_err() {
            tried += 1;
            if let Err(e) = into.to_uper() {
                panic!("into {}: left a value that does not encode: {e}", v.name);
            }
        }
    }
    assert!(tried > 0);
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

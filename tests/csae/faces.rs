//! The checks every edition's frame gets, written once: an edition names its frame type,
//! its skip function and how its views are compared with the owned decode ([`Frame`]);
//! [`check_exact`] and [`frame_decoders`] do the rest.

use std::fmt::Debug;

use cv2x::per::{BitReader, Decode, Encode, Result};
use serde::{de::DeserializeOwned, Serialize};

/// An edition's `MessageFrame` and what its tests compare it with.
pub trait Frame:
    Decode + Encode + Default + PartialEq + Debug + Serialize + DeserializeOwned
{
    /// The edition's generated `skip::message_frame`.
    fn skip(r: &mut BitReader<'_>) -> Result<()>;
    /// The frame's view on `input` gives the owned decode's result.
    fn frame_view_agrees(input: &[u8], owned: &Result<Self>);
    /// The message's view of its bare encoding reads the same value as the owned decode.
    fn message_view_agrees(name: &str, frame: &Self);
}

/// Decodes `bytes` as a whole frame and checks every face against it: JSON, re-encoding,
/// decode into a value holding the frame `used`, the JSON read back, the skip function,
/// the message's view and the frame's view.
pub fn check_exact<F: Frame>(name: &str, bytes: &[u8], json: &serde_json::Value, used: &[u8]) {
    let frame = F::from_uper(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(&serde_json::to_value(&frame).unwrap(), json, "{name}: JSON");
    assert_eq!(frame.to_uper().unwrap(), bytes, "{name}: re-encoding");
    let mut into = F::from_uper(used).unwrap();
    into.decode_uper_into(bytes).unwrap();
    assert_eq!(into, frame, "{name}: decode_into");
    // The expected JSON, read back, encodes to the vector.
    let back: F = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back.to_uper().unwrap(), bytes, "{name}: JSON read back");
    // Skip and decode end at the same bit.
    let (mut a, mut b) = (BitReader::new(bytes), BitReader::new(bytes));
    F::decode(&mut a).unwrap();
    F::skip(&mut b).unwrap();
    assert_eq!(a.position(), b.position(), "{name}: skip");
    F::message_view_agrees(name, &frame);
    F::frame_view_agrees(bytes, &Ok(frame));
}

/// Every frame decoder on one input; none may panic. Returns whether it decoded.
pub fn frame_decoders<F: Frame>(input: &[u8]) -> bool {
    let frame = F::from_uper(input);
    F::frame_view_agrees(input, &frame);
    let mut into = F::default();
    let into_ok = into.decode_uper_into(input).is_ok();
    assert_eq!(frame.is_ok(), into_ok);
    let mut r = BitReader::new(input);
    let skipped = F::skip(&mut r).map(|_| r.position());
    let mut r = BitReader::new(input);
    let decoded = F::decode(&mut r).map(|_| r.position());
    // What decodes, skip reads past to the same bit (skip checks framing, not every
    // value's range, so it may pass what decode refuses).
    if let Ok(end) = decoded {
        assert_eq!(skipped.ok(), Some(end));
    }
    match frame {
        Ok(f) => {
            assert_eq!(into, f);
            let again = f.to_uper().expect("a decoded frame encodes");
            assert_eq!(F::from_uper(&again).expect("re-decodes"), f);
            true
        }
        Err(_) => false,
    }
}

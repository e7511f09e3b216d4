//! Structure-aware: arbitrary valid owned frames encode, decode to an equal value and
//! re-encode to the same bytes; their JSON round-trips too.
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|frame: MessageFrame| {
    let bytes = frame.to_uper().expect("an arbitrary frame encodes");
    let again = MessageFrame::from_uper(&bytes).expect("decodes");
    assert_eq!(again, frame);
    assert_eq!(again.to_uper().expect("encodes"), bytes);
    let json = serde_json::to_string(&frame).expect("serializes");
    let back: MessageFrame = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, frame);
});

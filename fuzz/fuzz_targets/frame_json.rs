//! The JSON face (`v2x encode`): any text either fails to parse, fails to encode with an
//! error, or encodes to bytes that decode; never a panic.
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = serde_json::from_slice::<MessageFrame>(data) {
        if let Ok(bytes) = frame.to_uper() {
            let _ = MessageFrame::from_uper(&bytes);
            let _ = serde_json::to_string(&frame);
        }
    }
});

//! Owned `MessageFrame` decode: no panic; whatever decodes re-encodes to the same value.
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = MessageFrame::from_uper(data) {
        let bytes = frame.to_uper().expect("a decoded frame encodes");
        assert_eq!(MessageFrame::from_uper(&bytes).expect("re-decodes"), frame);
    }
});

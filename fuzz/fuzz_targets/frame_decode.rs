//! Owned `MessageFrame` decode: never panics; whatever decodes re-encodes, and the
//! re-encoding is canonical (it decodes to the same value and re-encodes to itself).
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = MessageFrame::from_uper(data) {
        let bytes = frame.to_uper().expect("a decoded frame encodes");
        let again = MessageFrame::from_uper(&bytes).expect("its encoding decodes");
        assert_eq!(again, frame);
        assert_eq!(again.to_uper().expect("encodes"), bytes);
    }
});

//! Owned `MessageFrame` decode: never panics; whatever decodes re-encodes, and the
//! re-encoding is canonical (it decodes to the same value and re-encodes to itself).
//! Decoding in place (`decode_uper_into`) into a value holding another message (a BSM,
//! a BSM with Part II, a SPaT, a MAP, the input's own decode) gives the same value or error,
//! and where it fails leaves a value that encodes.
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Vectors of `tests/vectors` (bsm/j2735decoder L3, bsm/asn1codec pack L1,
/// spat/j2735decoder L8, map/j2735decoder L13).
const PREVIOUS: [&str; 4] = [
    "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
    "001480ad562fa8400039e8e717090f9665fe1bacc37ffffffff0003bbafdfa1fa1007fff8000000000020214c1c100417ffffffe824e100a3fffffffe8942102047ffffffe922a1026a40143ffe95d610423405d7ffea75610322c0599ffeadfa10391c06b5ffeb7e6103cb40a03ffed2121033bc08adffed9a6102e8408e5ffede2e102bdc0885ffedf0a1000bc019bfff7f321ffffc005dfffc55a1ffffffffffffdd1a100407fffffffe1a2fffe0000",
    "00136400382e4eee997973cb8fa69dfb800020402015528407742c00410c0753800408683aae3aae01604301d4e00182180ea7001010d0755c755c03008603a9c00504301d4e003021a0eab8eab806810c0753800e08603a9c00804341d571d5700e02180ea700",
    "00123b38073000204bda1d4cdcf87b3d4dc4e8118602dc0248022800080001616c5fd08b1170fd040b02800020110022200040000af269054e5770e837b0",
];

fn previous() -> &'static [MessageFrame] {
    static P: OnceLock<Vec<MessageFrame>> = OnceLock::new();
    P.get_or_init(|| {
        PREVIOUS
            .iter()
            .map(|h| {
                let bytes: Vec<u8> = (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                    .collect();
                MessageFrame::from_uper(&bytes).unwrap()
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let fresh = MessageFrame::from_uper(data);
    for prev in previous().iter().chain(fresh.as_ref().ok()) {
        let mut into = prev.clone();
        let got = into.decode_uper_into(data);
        if got.is_err() {
            // A failed decode into a value leaves a valid value: it encodes.
            into.to_uper()
                .expect("a value a failed decode_into left encodes");
        }
        let got = got.map(|()| &into);
        assert_eq!(got, fresh.as_ref().map_err(|e| *e), "decode into differs");
    }
    if let Ok(frame) = fresh {
        let bytes = frame.to_uper().expect("a decoded frame encodes");
        let again = MessageFrame::from_uper(&bytes).expect("its encoding decodes");
        assert_eq!(again, frame);
        assert_eq!(again.to_uper().expect("encodes"), bytes);
    }
});

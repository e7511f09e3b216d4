//! The `v2x` line input (`cv2x::text`): arbitrary bytes as lines of text through every face
//! (hex to JSON, hex to summary, JSON to hex); never a panic. Whatever decodes re-encodes:
//! its JSON encodes to the frame's canonical hex, which decodes to the same JSON. Whatever
//! JSON encodes gives hex that decodes and re-encodes to itself.
#![no_main]

use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};
use cv2x::text;
use libfuzzer_sys::fuzz_target;

/// A fixed clock for the SPaT summaries, so every run is the same.
const NOW_MS: u64 = 1_700_000_000_000;

fn faces(line: &str) {
    let decoded = text::decode_line(line);
    let summary = text::summary_line(line, NOW_MS);
    assert_eq!(decoded.is_ok(), summary.is_ok(), "{decoded:?} {summary:?}");
    if let Ok(json) = &decoded {
        let hex = text::encode_line(json).expect("the JSON of a decoded frame encodes");
        assert_eq!(
            &text::decode_line(&hex).expect("its hex decodes"),
            json,
            "the JSON round-trips"
        );
        let bytes = text::parse_hex(line.trim()).expect("it was hex");
        let frame = MessageFrame::from_uper(&bytes).expect("it decoded");
        assert_eq!(hex, text::to_hex(&frame.to_uper().expect("re-encodes")));
        assert_eq!(text::decode_frame(&hex).expect("decodes"), frame);
    }
    if let Ok(hex) = text::encode_line(line) {
        let json = text::decode_line(&hex).expect("what JSON encodes decodes");
        assert_eq!(text::encode_line(&json).expect("and re-encodes"), hex);
    }
}

fuzz_target!(|data: &[u8]| {
    // Lines as `v2x` reads them from stdin: blank ones skipped, others trimmed, not UTF-8
    // refused; then each as lossy UTF-8 text through every face.
    for raw in data.split(|&b| b == b'\n') {
        match text::input_line(raw) {
            None => assert!(String::from_utf8_lossy(raw).trim().is_empty()),
            Some(Err(_)) => assert!(std::str::from_utf8(raw).is_err()),
            Some(Ok(line)) => assert_eq!(line.trim(), line),
        }
        faces(&String::from_utf8_lossy(raw));
    }
    // The whole input as one argument (`v2x decode <HEX>`), which may hold line breaks.
    if data.contains(&b'\n') {
        faces(&String::from_utf8_lossy(data));
    }
});

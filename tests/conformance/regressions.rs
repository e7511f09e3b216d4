//! Inputs that once crashed (or were crafted to): every file under `tests/regressions/` goes
//! through every decoder entry point (the frame decoders, the views, the `v2x` text lines and
//! the link framings) and must give a value or an error. A crash found by fuzzing is added
//! here as `<target>-<what>.bin` (the artifact from `fuzz/artifacts/`).

use cv2x::j2735::view::{
    BsmView, FrameView, MapDataView, SPATView, SignalRequestMessageView, SignalStatusMessageView,
};
use cv2x::j2735::{skip, MessageFrame};
use cv2x::per::{BitReader, Decode, Encode};

#[test]
fn every_regression_input_decodes_or_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        if let Ok(f) = MessageFrame::from_uper(&data) {
            let again = f.to_uper().unwrap();
            assert_eq!(
                MessageFrame::from_uper(&again).unwrap(),
                f,
                "{}",
                path.display()
            );
        }
        if let Ok(json) = std::str::from_utf8(&data) {
            if let Ok(f) = serde_json::from_str::<MessageFrame>(json) {
                let _ = f.to_uper();
            }
        }
        let _ = skip::message_frame(&mut BitReader::new(&data));
        if let Ok(v) = FrameView::new(&data) {
            let _ = v.bsm().map(|b| b.map(|b| b.part_ii().count()));
            let _ = v.spat().map(|s| s.map(|s| s.intersections().count()));
            let _ = v
                .map()
                .map(|m| m.map(|m| m.intersections().map(|i| i.count())));
        }
        // The text lines of `v2x` (fuzz target `line`).
        for line in String::from_utf8_lossy(&data).split('\n') {
            if let Ok(json) = cv2x::text::decode_line(line) {
                let hex = cv2x::text::encode_line(&json).unwrap();
                assert_eq!(cv2x::text::decode_line(&hex).unwrap(), json);
            }
            let _ = cv2x::text::summary_line(line, 0);
            let _ = cv2x::text::encode_line(line);
        }
        // The link framings (fuzz target `link`).
        let _ = cv2x::link::unwrap(&data);
        let _ = cv2x::link::wsmp::Wsmp::parse(&data);
        let _ = cv2x::link::ieee1609dot2::parse_unsecured(&data);
        let _ = cv2x::link::ifm::Ifm::parse(&String::from_utf8_lossy(&data));
        let _ = (
            BsmView::new(&data),
            SPATView::new(&data),
            MapDataView::new(&data),
            SignalRequestMessageView::new(&data),
            SignalStatusMessageView::new(&data),
        );
        n += 1;
    }
    assert!(n > 0);
}

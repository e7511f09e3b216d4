//! The builders' output read by an independent codec: TIMs made by [`TimBuilder`] (every
//! content kind, a sign, every node offset form, text and codes) are encoded as frames
//! and decoded by asn1tools (`tests/oracle/oracle.py`) to the JSON cv2x gives them.

use crate::common::run_oracle;
use cv2x::j2735::{Itis, MUTCDCode, MessageFrame, TimBuilder, TimContent, TravelerInfoType};
use cv2x::per::Encode;
use serde_json::Value;

fn tims() -> Vec<MessageFrame> {
    let start = 1_748_849_400_000; // 2025-06-02T07:30:00Z
    let path = [
        (42.3001, -83.7001),
        (42.3012, -83.70025),
        (42.3025, -83.7003),
    ];
    // A long path: every offset form, up to an absolute position.
    let mut far = vec![(30.0, 120.0)];
    for s in [1e-4, 5e-4, 2e-3, 1e-2, 0.1, 0.5, 1.0] {
        let &(lat, long) = far.last().unwrap();
        far.push((lat - s, long + s));
    }
    let kinds = [
        TimContent::Advisory,
        TimContent::WorkZone,
        TimContent::GenericSign,
        TimContent::SpeedLimit,
        TimContent::ExitService,
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(k, kind)| {
            let mut b = TimBuilder::new(kind, start + k as u64 * 86_400_000)
                .msg_cnt(k as u8 * 20)
                .duration_min([60, 480, 32000, 1, 0][k])
                .priority(k as u8)
                .item(Itis::Code(769 + k as u16))
                .item(Itis::Text("LEFT LANE".into()))
                .path(&path)
                .lane_width_cm(366)
                .heading_slices(0b11 << k);
            if k % 2 == 1 {
                b = b
                    .sign(42.3, -83.7, MUTCDCode::Warning)
                    .frame_type(TravelerInfoType::RoadSignage)
                    .packet_id([k as u8; 9])
                    .url_base("https://example.org/tim/")
                    .url("wz.png")
                    .path(&far);
            }
            MessageFrame::from(b.build().expect("a valid TIM"))
        })
        .collect()
}

#[test]
fn tim_builder_output_is_read_by_asn1tools() {
    let frames = tims();
    let input: String = frames
        .iter()
        .map(|f| format!("MessageFrame\t{}\n", hex::encode(f.to_uper().unwrap())))
        .collect();
    let answers = run_oracle(&["decode-lines".to_string()], Some(input));
    let answers: Vec<&str> = answers.lines().collect();
    assert_eq!(answers.len(), frames.len(), "{answers:?}");
    for (f, answer) in frames.iter().zip(answers) {
        let theirs: Value =
            serde_json::from_str(answer).unwrap_or_else(|e| panic!("asn1tools: {answer} ({e})"));
        let ours = serde_json::to_value(f).unwrap();
        assert_eq!(theirs, ours);
        assert_eq!(ours["messageId"], 31);
    }
}

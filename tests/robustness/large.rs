//! Messages of 16K octets and more travel as fragmented open types (X.691 §11.9): what the
//! encoder writes, the decoder reads back, and the views refuse with an error.

use crate::common;

use cv2x::j2735::view::FrameView;
use cv2x::j2735::{Message, MessageFrame};
use cv2x::per::{Decode, Encode};

#[test]
fn a_spat_over_16k_octets_round_trips() {
    let hex = std::fs::read_to_string(
        common::vectors_dir().join("spat/j2735decoder__SampleHexPayloads_L8.hex"),
    )
    .unwrap();
    let mut frame = MessageFrame::from_uper(&common::unhex(&hex)).unwrap();
    let Message::Spat(spat) = &mut frame.message else {
        panic!("not a SPaT")
    };
    // Every intersection gets 255 movements of 16 events: far over 16K octets.
    let one = spat.intersections.0[0].clone();
    let mut state = one.states.0[0].clone();
    let event = state.state_time_speed.0[0].clone();
    state.state_time_speed.0 = vec![event; 16].into();
    let mut big = one;
    big.states.0 = vec![state; 255];
    spat.intersections.0 = vec![big; 4];

    let bytes = frame.to_uper().unwrap();
    assert!(bytes.len() > 16384 * 2, "{} octets", bytes.len());
    let back = MessageFrame::from_uper(&bytes).unwrap();
    assert_eq!(back, frame);
    assert_eq!(back.to_uper().unwrap(), bytes);
    // The zero-copy view does not gather fragments: an error, not a panic.
    assert!(FrameView::new(&bytes).is_err());
}

//! Encoding refuses values outside their type, naming the field and the bit where it
//! starts, whether the field is written on its own or in a run of fixed-width fields; and
//! a full caller's buffer is an error, never a panic.

use crate::common;

use cv2x::j2735::{BrakeAppliedStatus, Message, MessageFrame};
use cv2x::per::{BitString, Decode, Encode, ErrorKind};

fn bsm() -> MessageFrame {
    let v = common::unhex(
        &std::fs::read_to_string(
            common::vectors_dir().join("bsm/j2735decoder__SampleHexPayloads_L3.hex"),
        )
        .unwrap(),
    );
    MessageFrame::from_uper(&v).unwrap()
}

fn core(f: &mut MessageFrame) -> &mut cv2x::j2735::BSMcoreData {
    match &mut f.message {
        Message::BasicSafetyMessage(b) => &mut b.core_data,
        _ => panic!("not a BSM"),
    }
}

#[test]
fn out_of_range_members_name_their_field_and_bit() {
    // The message is encoded on its own before it goes into the frame as an open type:
    // bits count from the start of the BSM (a 3-bit preamble, then the core data).
    type Change = fn(&mut MessageFrame);
    let cases: [(Change, ErrorKind, &str, usize); 5] = [
        (
            |f| core(f).msg_cnt.0 = 128,
            ErrorKind::ValueOutOfRange,
            "BSMcoreData.msgCnt",
            3,
        ),
        (
            |f| core(f).lat.0 = 900_000_002,
            ErrorKind::ValueOutOfRange,
            "BSMcoreData.lat",
            58,
        ),
        (
            |f| core(f).heading.0 = 28801,
            ErrorKind::ValueOutOfRange,
            "BSMcoreData.heading",
            185,
        ),
        (
            |f| core(f).accel_set.yaw.0 = -32768,
            ErrorKind::ValueOutOfRange,
            "AccelerationSet4Way.yaw",
            240,
        ),
        (
            |f| core(f).brakes.wheel_brakes = BrakeAppliedStatus(BitString::zeros(4)),
            ErrorKind::SizeOutOfRange,
            "BrakeSystemStatus.wheelBrakes",
            256,
        ),
    ];
    for (change, kind, path, bit) in cases {
        let mut f = bsm();
        change(&mut f);
        let e = f.to_uper().unwrap_err();
        assert_eq!((e.kind, e.path, e.bit), (kind, path, bit));
    }
}

#[test]
fn a_full_buffer_is_an_error_at_every_length() {
    let f = bsm();
    let n = f.to_uper().unwrap().len();
    for len in 0..n {
        let mut buf = vec![0u8; len];
        let e = f.to_uper_slice(&mut buf).unwrap_err();
        assert_eq!(e.kind, ErrorKind::BufferFull, "buffer of {len}");
    }
    let mut buf = vec![0u8; n];
    assert_eq!(f.to_uper_slice(&mut buf).unwrap(), n);
}

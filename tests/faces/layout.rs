//! The generated BSM core layout (`j2735::layout::bsm_core_data`, from asn1/j2735/) is the
//! one the encoder writes, and the view's range checks follow it: a value the ASN.1 does not
//! allow (brakeBoost index 3 of 0..2) is refused by the view as by the owned decode.

use cv2x::j2735::layout::bsm_core_data as at;
use cv2x::j2735::view::BsmView;
use cv2x::j2735::BasicSafetyMessage;
use cv2x::per::{Decode, Encode};

/// Sets the `bits`-bit field at `offset` of `data` to `v`.
fn put(data: &mut [u8], offset: usize, bits: u32, v: u64) {
    for i in 0..bits as usize {
        let bit = (v >> (bits as usize - 1 - i)) & 1;
        let (byte, shift) = ((offset + i) / 8, 7 - (offset + i) % 8);
        data[byte] = (data[byte] & !(1 << shift)) | ((bit as u8) << shift);
    }
}

#[test]
fn fields_are_contiguous_from_start_to_end() {
    let mut next = at::START;
    for f in at::FIELDS {
        assert_eq!(f.offset, next, "{}", f.path);
        assert!(f.ub - f.lb < 1 << f.bits, "{}", f.path);
        next += f.bits as usize;
    }
    assert_eq!(next, at::END);
    assert_eq!(at::END - at::START, 290);
}

#[test]
fn offsets_are_where_the_encoder_writes() {
    let mut bsm = BasicSafetyMessage::default();
    bsm.core_data.lat.0 = 411_600_000;
    bsm.core_data.speed.0 = 1234;
    let mut data = bsm.to_uper().unwrap();
    let read = |data: &[u8], f: cv2x::j2735::layout::Field| {
        (0..f.bits as usize).fold(0u64, |v, i| {
            let b = f.offset + i;
            v << 1 | u64::from(data[b / 8] >> (7 - b % 8) & 1)
        })
    };
    assert_eq!(read(&data, at::LAT) as i64 + at::LAT.lb, 411_600_000);
    assert_eq!(read(&data, at::SPEED), 1234);
    put(&mut data, at::HEADING.offset, at::HEADING.bits, 100);
    assert_eq!(
        BasicSafetyMessage::from_uper(&data)
            .unwrap()
            .core_data
            .heading
            .0,
        100
    );
}

#[test]
fn out_of_range_brake_boost_is_refused_by_view_and_decode() {
    let mut data = BasicSafetyMessage::default().to_uper().unwrap();
    assert!(BsmView::new(&data).is_ok());
    put(&mut data, at::BRAKE_BOOST.offset, at::BRAKE_BOOST.bits, 3);
    assert!(BasicSafetyMessage::from_uper(&data).is_err());
    let e = BsmView::new(&data).unwrap_err();
    assert_eq!(
        (e.bit, e.path),
        (at::BRAKE_BOOST.offset, at::BRAKE_BOOST.path)
    );
}

//! The generated `skip` functions read past exactly the bits the owned decode consumes,
//! on every vector and on random values, and allocate nothing (checked in `tests/robustness/no_alloc.rs`).

use crate::common;

use cv2x::j2735::view::FrameView;
use cv2x::j2735::{
    skip, BasicSafetyMessage, MapData, PersonalSafetyMessage, SignalRequestMessage,
    SignalStatusMessage, TravelerInformation, SPAT,
};
use cv2x::per::{BitReader, Decode, Result};

/// Bits the owned decode of `T` consumes, and bits `skip` reads past, from the start of `value`.
fn both<T: Decode>(value: &[u8], skip: fn(&mut BitReader<'_>) -> Result<()>) -> (usize, usize) {
    let mut d = BitReader::new(value);
    T::decode(&mut d).unwrap();
    let mut s = BitReader::new(value);
    skip(&mut s).unwrap();
    (d.position(), s.position())
}

fn check_value(name: &str, id: u16, value: &[u8]) {
    let (decoded, skipped) = match id {
        18 => both::<MapData>(value, skip::map_data),
        19 => both::<SPAT>(value, skip::spat),
        20 => both::<BasicSafetyMessage>(value, skip::basic_safety_message),
        29 => both::<SignalRequestMessage>(value, skip::signal_request_message),
        30 => both::<SignalStatusMessage>(value, skip::signal_status_message),
        31 => both::<TravelerInformation>(value, skip::traveler_information),
        32 => both::<PersonalSafetyMessage>(value, skip::personal_safety_message),
        _ => panic!("{name}: message {id} not checked"),
    };
    assert_eq!(skipped, decoded, "{name}");
}

#[test]
fn skip_reads_what_decode_reads_on_every_vector() {
    let mut n = 0;
    for folder in ["bsm", "spat", "map", "srm", "ssm", "tim", "psm"] {
        let mut vs = common::folder(folder);
        for ed in ["2016", "2020", "2024"] {
            vs.extend(common::random(ed, folder));
        }
        for v in vs {
            let f = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
            check_value(&v.name, f.message_id(), f.value());
            // The whole frame, too.
            let mut r = BitReader::new(&v.bytes);
            skip::message_frame(&mut r).unwrap();
            assert_eq!(r.position().div_ceil(8), v.bytes.len(), "{}", v.name);
            n += 1;
        }
    }
    assert!(n > 400, "{n}");
}

#[test]
fn skip_fails_on_every_truncation_where_decode_fails() {
    for v in common::folder("map")
        .iter()
        .chain(common::folder("spat").iter())
        .take(30)
    {
        let f = FrameView::new(&v.bytes).unwrap();
        let value = f.value();
        for cut in 0..value.len() {
            let p = &value[..cut];
            let skip_ok = match f.message_id() {
                18 => skip::map_data(&mut BitReader::new(p)).is_ok(),
                _ => skip::spat(&mut BitReader::new(p)).is_ok(),
            };
            let decode_ok = match f.message_id() {
                18 => MapData::decode(&mut BitReader::new(p)).is_ok(),
                _ => SPAT::decode(&mut BitReader::new(p)).is_ok(),
            };
            assert_eq!(skip_ok, decode_ok, "{} cut at {cut}", v.name);
        }
    }
}

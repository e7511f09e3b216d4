//! A message cut before its last bit fails to decode, in the owned decoders and in the
//! views' validation: the blocks that read runs of members near the end of the input are
//! zero-padded there, and what they take from the padding must never pass for input.

use crate::common::folder;
use cv2x::j2735::view::{
    BsmView, FrameView, MapDataView, PersonalSafetyMessageView, SPATView, SignalRequestMessageView,
    SignalStatusMessageView, TravelerInformationView,
};
use cv2x::j2735::{
    BasicSafetyMessage, MapData, MessageFrame, PersonalSafetyMessage, RoadSafetyMessage,
    SignalRequestMessage, SignalStatusMessage, TravelerInformation, SPAT,
};
use cv2x::per::{BitReader, Decode, ErrorKind};

/// For every vector of `dir`: the message (the frame's open type content), decoded whole to
/// find its last bit, then every octet prefix that ends before that bit, which must fail
/// with `UnexpectedEnd` (or `LengthTooLarge`: a length beyond the input), and fail `view`'s
/// validation. Returns how many prefixes it tried.
fn check<T: Decode>(dir: &str, view: fn(&[u8]) -> bool) -> usize {
    let mut tried = 0;
    for v in folder(dir) {
        let Ok(frame) = FrameView::new(&v.bytes) else {
            continue;
        };
        let m = frame.value();
        let mut r = BitReader::new(m);
        if T::decode(&mut r).is_err() {
            continue;
        }
        let last = r.position();
        for cut in (0..m.len()).take_while(|cut| cut * 8 < last) {
            let input = &m[..cut];
            let e = T::decode(&mut BitReader::new(input))
                .map(drop)
                .expect_err(&format!(
                    "{} cut at {cut} of {} octets decoded",
                    v.name,
                    m.len()
                ));
            assert!(
                matches!(e.kind, ErrorKind::UnexpectedEnd | ErrorKind::LengthTooLarge),
                "{} cut at {cut}: {e}",
                v.name
            );
            assert!(
                !view(input),
                "{} cut at {cut}: the view accepted it",
                v.name
            );
            tried += 1;
        }
    }
    tried
}

#[test]
fn a_message_cut_before_its_last_bit_fails() {
    let tried = check::<SPAT>("spat", |m| SPATView::new(m).is_ok())
        + check::<MapData>("map", |m| MapDataView::new(m).is_ok())
        + check::<BasicSafetyMessage>("bsm", |m| BsmView::new(m).is_ok())
        + check::<SignalRequestMessage>("srm", |m| SignalRequestMessageView::new(m).is_ok())
        + check::<SignalStatusMessage>("ssm", |m| SignalStatusMessageView::new(m).is_ok())
        + check::<TravelerInformation>("tim", |m| TravelerInformationView::new(m).is_ok())
        + check::<PersonalSafetyMessage>("psm", |m| PersonalSafetyMessageView::new(m).is_ok());
    assert!(tried > 10_000, "{tried}");
}

/// The RoadSafetyMessage (J2735-2024, message 33; no view of it yet): every RSM of the
/// frames and every bare one cut before its last bit fails as above, and every frame cut
/// short fails (its length says how many octets the message has).
#[test]
fn an_rsm_cut_short_fails() {
    let mut tried = check::<RoadSafetyMessage>("other", |_| false);
    for v in folder("bare/RoadSafetyMessage") {
        let mut r = BitReader::new(&v.bytes);
        RoadSafetyMessage::decode(&mut r).unwrap();
        let last = r.position();
        for cut in (0..v.bytes.len()).take_while(|cut| cut * 8 < last) {
            let e = RoadSafetyMessage::decode(&mut BitReader::new(&v.bytes[..cut]))
                .map(drop)
                .expect_err(&format!("{} cut at {cut} decoded", v.name));
            assert!(
                matches!(e.kind, ErrorKind::UnexpectedEnd | ErrorKind::LengthTooLarge),
                "{} cut at {cut}: {e}",
                v.name
            );
            tried += 1;
        }
    }
    for v in folder("other") {
        for cut in 0..v.bytes.len() {
            assert!(
                MessageFrame::from_uper(&v.bytes[..cut]).is_err(),
                "{} cut at {cut} decoded",
                v.name
            );
            tried += 1;
        }
    }
    assert!(tried > 5_000, "{tried}");
}

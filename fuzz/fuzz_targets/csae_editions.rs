//! The China profile's editions before 2020 and the edition ranking: under the 2017 and
//! 2019-draft editions (`cv2x::csae::v2017`, `v2019`) the owned decode, the decode into a
//! value, the skip function (with a whole frame's padding check) and the frame's view give
//! one answer on any input (the view's message equal to the owned one), and what decodes
//! re-encodes canonically and through JSON to the same encoding; `csae::rank::rank` never
//! panics, and what it ranks is the ranked edition's own decode of the input.
#![no_main]

use cv2x::csae::rank::rank;
use cv2x::per::{BitReader, Decode, Encode};
use libfuzzer_sys::fuzz_target;

/// The checks of one edition whose frame has the five Day-1 alternatives and no
/// extension alternative of its own.
macro_rules! day1_edition {
    ($ed:ident, $data:expr) => {{
        use cv2x::csae::$ed::view::FrameView;
        use cv2x::csae::$ed::{skip, MessageFrame};
        let data: &[u8] = $data;
        let fresh = MessageFrame::from_uper(data);
        let mut into = MessageFrame::default();
        let got = into.decode_uper_into(data).map(|()| &into);
        assert_eq!(got, fresh.as_ref().map_err(|e| *e), "decode into differs");
        let mut s = BitReader::new(data);
        let skipped = skip::message_frame(&mut s).and_then(|()| s.expect_padding());
        assert_eq!(
            skipped.is_ok(),
            fresh.is_ok(),
            "skip and owned decode disagree"
        );
        let view = FrameView::new(data);
        assert_eq!(
            view.is_ok(),
            fresh.is_ok(),
            "view and owned decode disagree"
        );

        if let Ok(frame) = &fresh {
            match (view.unwrap(), frame) {
                (FrameView::Bsm(v), MessageFrame::BsmFrame(m)) => {
                    assert_eq!(&v.to_owned().unwrap(), m)
                }
                (FrameView::Map(v), MessageFrame::MapFrame(m)) => {
                    assert_eq!(&v.to_owned().unwrap(), m)
                }
                (FrameView::Rsm(v), MessageFrame::RsmFrame(m)) => {
                    assert_eq!(&v.to_owned().unwrap(), m)
                }
                (FrameView::Spat(v), MessageFrame::SpatFrame(m)) => {
                    assert_eq!(&v.to_owned().unwrap(), m)
                }
                (FrameView::Rsi(v), MessageFrame::RsiFrame(m)) => {
                    assert_eq!(&v.to_owned().unwrap(), m)
                }
                (FrameView::Unknown(i, o), MessageFrame::Unknown(u)) => {
                    assert_eq!(i, u.index);
                    assert_eq!(o.iter().collect::<Vec<u8>>(), u.content);
                }
                (v, f) => panic!("view {v:?}, owned {f:?}"),
            }
            let again = frame.to_uper().expect("a decoded frame encodes");
            let back = MessageFrame::from_uper(&again).expect("the re-encoding decodes");
            assert_eq!(&back, frame, "the re-encoding decodes to another value");
            assert_eq!(
                back.to_uper().unwrap(),
                again,
                "the re-encoding is not canonical"
            );
            let json = serde_json::to_string(frame).unwrap();
            let from_json: MessageFrame = serde_json::from_str(&json).expect("our JSON reads back");
            assert_eq!(
                from_json.to_uper().unwrap(),
                again,
                "JSON changes the encoding"
            );
        }
    }};
}

fuzz_target!(|data: &[u8]| {
    day1_edition!(v2017, data);
    day1_edition!(v2019, data);

    if let Ok(r) = rank(data) {
        assert_eq!(r.frame.edition().decode(data).as_ref(), Ok(&r.frame));
        for e in r.same_as {
            let other = e.decode(data).expect("an edition named the same decodes");
            assert_eq!(
                serde_json::to_value(&other).unwrap(),
                serde_json::to_value(&r.frame).unwrap()
            );
        }
    }
});

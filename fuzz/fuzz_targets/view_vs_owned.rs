//! Differential: wherever the owned decode accepts a BSM frame, the zero-copy view accepts it
//! too and reads the same fields; the skip functions read past exactly what decode reads.
#![no_main]

use cv2x::j2735::view::FrameView;
use cv2x::j2735::{skip, Message, MessageFrame};
use cv2x::per::{BitReader, Decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = MessageFrame::from_uper(data) else {
        return;
    };
    if data.len() > cv2x::per::FRAGMENT {
        // Room for a fragmented open type (16K octets and more): the owned decode gathers
        // the fragments, the views and skip refuse them by design.
        return;
    }
    let mut r = BitReader::new(data);
    skip::message_frame(&mut r).expect("skip accepts what decode accepts");
    let view = FrameView::new(data).expect("the view accepts what decode accepts");
    assert_eq!(view.message_id(), frame.message.message_id());
    if let Message::BasicSafetyMessage(bsm) = &frame.message {
        let v = view.bsm().expect("a BSM").expect("the BSM view accepts it");
        let c = &bsm.core_data;
        assert_eq!(v.msg_cnt(), c.msg_cnt.0);
        assert_eq!(v.sec_mark(), c.sec_mark.0);
        assert_eq!(v.lat(), c.lat.0);
        assert_eq!(v.long(), c.long.0);
        assert_eq!(v.speed(), c.speed.0);
        assert_eq!(v.heading(), c.heading.0);
        assert_eq!(v.width(), c.size.width.0);
        assert_eq!(v.length(), c.size.length.0);
        let owned = bsm.part_ii.as_deref().unwrap_or(&[]);
        let viewed: Vec<_> = v
            .part_ii()
            .collect::<Result<_, _>>()
            .expect("Part II walks");
        assert_eq!(viewed.len(), owned.len());
        for (a, b) in viewed.iter().zip(owned) {
            assert_eq!(&a.decode().expect("same content"), b);
        }
        assert_eq!(
            v.regional().count(),
            bsm.regional.as_ref().map_or(0, |r| r.len())
        );
    }
});

//! The China profile's 2020 frame (`cv2x::csae::v2020`): the owned decode never panics;
//! whatever decodes re-encodes canonically (the re-encoding decodes to the same value and
//! re-encodes to itself) and goes through JSON to the same encoding; decoding in place
//! gives the same value or error; the skip function reads past what decodes to the same
//! bit; the frame's view gives the same result (its message's `to_owned()` equal; a Day-2
//! message, typed by its ExtMsgID, read again from the view's octets and through its own
//! view).
#![no_main]

use cv2x::csae::v2020::view::FrameView;
use cv2x::csae::v2020::views::{
    CLPMMView, MessageFrameExtValueView, PAMDataView, PersonalSafetyMessageView,
    RTCMcorrectionsView, RoadsideCoordinationView, SensorSharingMsgView, TestMsgView,
    VehIntentionAndRequestView, VehiclePaymentMessageView,
};
use cv2x::csae::v2020::{skip, MessageFrame, MessageFrameExtValue};
use cv2x::per::{BitReader, BitWriter, Decode, Encode, OpenType};
use libfuzzer_sys::fuzz_target;

/// A Day-2 message's generated view of its bare encoding reads the owned value.
fn day2_view_agrees(value: &MessageFrameExtValue) {
    macro_rules! same {
        ($view:ty, $m:expr) => {{
            let bare = $m.to_uper().unwrap();
            assert_eq!(&<$view>::new(&bare).unwrap().to_owned().unwrap(), $m);
        }};
    }
    match value {
        MessageFrameExtValue::TestMsg(m) => same!(TestMsgView, m),
        MessageFrameExtValue::RTCMcorrections(m) => same!(RTCMcorrectionsView, m),
        MessageFrameExtValue::RoadsideCoordination(m) => same!(RoadsideCoordinationView, m),
        MessageFrameExtValue::VehIntentionAndRequest(m) => same!(VehIntentionAndRequestView, m),
        MessageFrameExtValue::PAMData(m) => same!(PAMDataView, m),
        MessageFrameExtValue::PersonalSafetyMessage(m) => same!(PersonalSafetyMessageView, m),
        MessageFrameExtValue::CLPMM(m) => same!(CLPMMView, m),
        MessageFrameExtValue::SensorSharingMsg(m) => same!(SensorSharingMsgView, m),
        MessageFrameExtValue::VehiclePaymentMessage(m) => same!(VehiclePaymentMessageView, m),
        // Other ids: octets.
        MessageFrameExtValue::Unknown(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let fresh = MessageFrame::from_uper(data);
    let mut into = MessageFrame::default();
    let got = into.decode_uper_into(data).map(|()| &into);
    assert_eq!(got, fresh.as_ref().map_err(|e| *e), "decode into differs");

    let view = FrameView::new(data);
    assert_eq!(
        view.is_ok(),
        fresh.is_ok(),
        "view and owned decode disagree"
    );
    let Ok(frame) = fresh else { return };

    let mut d = BitReader::new(data);
    MessageFrame::decode(&mut d).expect("decodes");
    let mut s = BitReader::new(data);
    skip::message_frame(&mut s).expect("skip reads what decodes");
    assert_eq!(d.position(), s.position(), "skip ends elsewhere");

    match (view.unwrap(), &frame) {
        (FrameView::Bsm(v), MessageFrame::BsmFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (FrameView::Map(v), MessageFrame::MapFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (FrameView::Rsm(v), MessageFrame::RsmFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (FrameView::Spat(v), MessageFrame::SpatFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (FrameView::Rsi(v), MessageFrame::RsiFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (
            FrameView::Day2 {
                message_id,
                value,
                message,
            },
            MessageFrame::MsgFrameExt(m),
        ) => {
            // The Day-2 message: the view's octets read as the owned decode reads them, and
            // the message's own view (where it has one) on its bare encoding.
            assert_eq!(message_id, m.message_id.0);
            let mut w = BitWriter::new(Vec::new());
            OpenType(value.iter().collect()).encode(&mut w).unwrap();
            let framed = w.finish().unwrap().0;
            let id = u64::from(message_id);
            let v = MessageFrameExtValue::decode_value(id, &mut BitReader::new(&framed));
            assert_eq!(v.as_ref(), Ok(&m.value), "the Day-2 octets read otherwise");
            day2_view_agrees(&m.value);
            // The frame's view of the message: the same message, or its octets.
            use MessageFrameExtValueView as V;
            match (&message, &m.value) {
                (V::TestMsg(v), MessageFrameExtValue::TestMsg(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::RTCMcorrections(v), MessageFrameExtValue::RTCMcorrections(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::RoadsideCoordination(v), MessageFrameExtValue::RoadsideCoordination(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::VehIntentionAndRequest(v), MessageFrameExtValue::VehIntentionAndRequest(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::PAMData(v), MessageFrameExtValue::PAMData(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::PersonalSafetyMessage(v), MessageFrameExtValue::PersonalSafetyMessage(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::CLPMM(v), MessageFrameExtValue::CLPMM(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::SensorSharingMsg(v), MessageFrameExtValue::SensorSharingMsg(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::VehiclePaymentMessage(v), MessageFrameExtValue::VehiclePaymentMessage(o)) => {
                    assert_eq!(&v.to_owned().unwrap(), o)
                }
                (V::Octets(o), MessageFrameExtValue::Unknown(_)) => {
                    assert_eq!(o.to_vec(), value.iter().collect::<Vec<u8>>())
                }
                (v, o) => panic!("Day-2 view {v:?}, owned {o:?}"),
            }
        }
        (FrameView::Unknown(i, o), MessageFrame::Unknown(u)) => {
            assert_eq!(i, u.index);
            assert_eq!(o.iter().collect::<Vec<u8>>(), u.content);
        }
        (v, f) => panic!("view {v:?}, owned {f:?}"),
    }

    let again = frame.to_uper().expect("a decoded frame encodes");
    let back = MessageFrame::from_uper(&again).expect("the re-encoding decodes");
    assert_eq!(back, frame, "the re-encoding decodes to another value");
    assert_eq!(
        back.to_uper().unwrap(),
        again,
        "the re-encoding is not canonical"
    );
    let json = serde_json::to_string(&frame).unwrap();
    let from_json: MessageFrame = serde_json::from_str(&json).expect("our JSON reads back");
    assert_eq!(
        from_json.to_uper().unwrap(),
        again,
        "JSON changes the encoding"
    );
});

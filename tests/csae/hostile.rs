//! Hostile input: every prefix and random bit flips of every CSAE vector give a value or
//! an error, never a panic; no strict prefix of a frame is taken for a frame; what
//! decodes re-encodes canonically; the frame's view, the bare messages' views, skip and
//! the owned decode agree.

use crate::editions::Rng;
use crate::faces::{frame_decoders, Frame};
use crate::{folder, frames_2020};

use cv2x::csae::v2020::view::FrameView;
use cv2x::csae::v2020::views::{
    BasicSafetyMessageView, CLPMMView, MapDataView, MessageFrameExtValueView, PAMDataView,
    PersonalSafetyMessageView, RTCMcorrectionsView, RoadSideInformationView,
    RoadsideCoordinationView, RoadsideSafetyMessageView, SPATView, SensorSharingMsgView,
    TestMsgView, VehIntentionAndRequestView, VehiclePaymentMessageView,
};
use cv2x::csae::v2020::{
    skip, BasicSafetyMessage, MapData, MessageFrame, MessageFrameExtValue, PAMData,
    PersonalSafetyMessage, RTCMcorrections, RoadSideInformation, RoadsideCoordination,
    RoadsideSafetyMessage, SensorSharingMsg, TestMsg, VehIntentionAndRequest,
    VehiclePaymentMessage, CLPMM, SPAT,
};
use cv2x::per::{BitReader, BitWriter, Decode, Encode, OpenType};

impl Frame for MessageFrame {
    fn skip(r: &mut BitReader<'_>) -> cv2x::per::Result<()> {
        skip::message_frame(r)
    }

    /// The frame's view on `input` gives the owned decode's result: both fail, or both read
    /// the same message (the Day-2 id and octets, or the unknown alternative's).
    fn frame_view_agrees(input: &[u8], owned: &cv2x::per::Result<MessageFrame>) {
        let view = FrameView::new(input);
        let (view, owned) = match (view, owned) {
            (Err(_), Err(_)) => return,
            (Ok(v), Ok(o)) => (v, o),
            (v, o) => panic!(
                "{}: view {:?}, owned {:?}",
                hex::encode(input),
                v.err(),
                o.as_ref().err()
            ),
        };
        match (&view, owned) {
            (FrameView::Bsm(v), MessageFrame::BsmFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
            (FrameView::Map(v), MessageFrame::MapFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
            (FrameView::Rsm(v), MessageFrame::RsmFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
            (FrameView::Spat(v), MessageFrame::SpatFrame(m)) => {
                assert_eq!(&v.to_owned().unwrap(), m)
            }
            (FrameView::Rsi(v), MessageFrame::RsiFrame(m)) => assert_eq!(&v.to_owned().unwrap(), m),
            (
                FrameView::Day2 {
                    message_id,
                    value,
                    message,
                },
                MessageFrame::MsgFrameExt(m),
            ) => {
                assert_eq!(*message_id, m.message_id.0);
                // The view's octets, read as the owned decode reads them, give its message.
                let mut w = BitWriter::new(Vec::new());
                OpenType(value.iter().collect()).encode(&mut w).unwrap();
                let framed = w.finish().unwrap().0;
                let id = u64::from(*message_id);
                let v =
                    MessageFrameExtValue::decode_value(id, &mut BitReader::new(&framed)).unwrap();
                assert_eq!(v, m.value);
                day2_view_agrees(message, &m.value);
            }
            (FrameView::Unknown(i, o), MessageFrame::Unknown(u)) => {
                assert_eq!(*i, u.index);
                assert_eq!(o.iter().collect::<Vec<u8>>(), u.content);
            }
            (v, o) => panic!("{}: view {v:?}, owned {o:?}", hex::encode(input)),
        }
    }

    /// The message's view of its bare encoding reads the same value as the owned decode.
    fn message_view_agrees(name: &str, frame: &MessageFrame) {
        macro_rules! same {
            ($view:ty, $m:expr) => {{
                let bare = $m.to_uper().unwrap();
                let view = <$view>::new(&bare).unwrap_or_else(|e| panic!("{name}: view: {e}"));
                assert_eq!(&view.to_owned().unwrap(), $m, "{name}: view");
            }};
        }
        match frame {
            MessageFrame::BsmFrame(m) => same!(BasicSafetyMessageView, m),
            MessageFrame::MapFrame(m) => same!(MapDataView, m),
            MessageFrame::RsmFrame(m) => same!(RoadsideSafetyMessageView, m),
            MessageFrame::SpatFrame(m) => same!(SPATView, m),
            MessageFrame::RsiFrame(m) => same!(RoadSideInformationView, m),
            _ => panic!("{name}: not a Day-1 message"),
        }
    }
}

/// The Day-2 message's view in a frame reads the owned message (every Day-2 message has
/// a view; an unknown id: its octets).
pub fn day2_view_agrees(view: &MessageFrameExtValueView<'_>, owned: &MessageFrameExtValue) {
    use MessageFrameExtValue as M;
    use MessageFrameExtValueView as V;
    match (view, owned) {
        (V::TestMsg(v), M::TestMsg(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (V::RTCMcorrections(v), M::RTCMcorrections(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (V::RoadsideCoordination(v), M::RoadsideCoordination(m)) => {
            assert_eq!(&v.to_owned().unwrap(), m)
        }
        (V::VehIntentionAndRequest(v), M::VehIntentionAndRequest(m)) => {
            assert_eq!(&v.to_owned().unwrap(), m)
        }
        (V::PAMData(v), M::PAMData(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (V::PersonalSafetyMessage(v), M::PersonalSafetyMessage(m)) => {
            assert_eq!(&v.to_owned().unwrap(), m)
        }
        (V::CLPMM(v), M::CLPMM(m)) => assert_eq!(&v.to_owned().unwrap(), m),
        (V::SensorSharingMsg(v), M::SensorSharingMsg(m)) => {
            assert_eq!(&v.to_owned().unwrap(), m)
        }
        (V::VehiclePaymentMessage(v), M::VehiclePaymentMessage(m)) => {
            assert_eq!(&v.to_owned().unwrap(), m)
        }
        (V::Octets(o), M::Unknown(u)) => assert_eq!(o.to_vec(), u.0),
        (v, o) => panic!("Day-2 view {v:?}, owned {o:?}"),
    }
}

/// The bare message's view on one input agrees with the owned decode of the same bytes.
fn view_agrees(alt: usize, input: &[u8]) {
    macro_rules! agree {
        ($ty:ty, $view:ty) => {{
            let owned = <$ty>::from_uper(input);
            let view = <$view>::new(input).and_then(|v| v.to_owned());
            assert_eq!(owned.ok(), view.ok());
        }};
    }
    match alt {
        0 => agree!(BasicSafetyMessage, BasicSafetyMessageView),
        1 => agree!(MapData, MapDataView),
        2 => agree!(RoadsideSafetyMessage, RoadsideSafetyMessageView),
        3 => agree!(SPAT, SPATView),
        4 => agree!(RoadSideInformation, RoadSideInformationView),
        // The Day-2 messages with a view.
        5 => agree!(TestMsg, TestMsgView),
        6 => agree!(RTCMcorrections, RTCMcorrectionsView),
        7 => agree!(RoadsideCoordination, RoadsideCoordinationView),
        8 => agree!(VehIntentionAndRequest, VehIntentionAndRequestView),
        9 => agree!(PAMData, PAMDataView),
        10 => agree!(PersonalSafetyMessage, PersonalSafetyMessageView),
        11 => agree!(CLPMM, CLPMMView),
        12 => agree!(SensorSharingMsg, SensorSharingMsgView),
        _ => agree!(VehiclePaymentMessage, VehiclePaymentMessageView),
    }
}

/// The bare message of a frame and the CHOICE index of its alternative.
fn bare(frame: &MessageFrame) -> Option<(usize, Vec<u8>)> {
    Some(match frame {
        MessageFrame::BsmFrame(m) => (0, m.to_uper().unwrap()),
        MessageFrame::MapFrame(m) => (1, m.to_uper().unwrap()),
        MessageFrame::RsmFrame(m) => (2, m.to_uper().unwrap()),
        MessageFrame::SpatFrame(m) => (3, m.to_uper().unwrap()),
        MessageFrame::RsiFrame(m) => (4, m.to_uper().unwrap()),
        MessageFrame::MsgFrameExt(x) => match &x.value {
            MessageFrameExtValue::TestMsg(m) => (5, m.to_uper().unwrap()),
            MessageFrameExtValue::RTCMcorrections(m) => (6, m.to_uper().unwrap()),
            MessageFrameExtValue::RoadsideCoordination(m) => (7, m.to_uper().unwrap()),
            MessageFrameExtValue::VehIntentionAndRequest(m) => (8, m.to_uper().unwrap()),
            MessageFrameExtValue::PAMData(m) => (9, m.to_uper().unwrap()),
            MessageFrameExtValue::PersonalSafetyMessage(m) => (10, m.to_uper().unwrap()),
            MessageFrameExtValue::CLPMM(m) => (11, m.to_uper().unwrap()),
            MessageFrameExtValue::SensorSharingMsg(m) => (12, m.to_uper().unwrap()),
            MessageFrameExtValue::VehiclePaymentMessage(m) => (13, m.to_uper().unwrap()),
            MessageFrameExtValue::Unknown(_) => return None,
        },
        _ => return None,
    })
}

#[test]
fn prefixes_and_bit_flips_never_panic_and_no_prefix_is_a_frame() {
    let mut vs = frames_2020();
    vs.extend(folder("random/DayII"));
    // The 2019-draft MAP and RSI are not 2020 frames: their prefixes are swept below.
    let others: Vec<_> = ["map", "rsi"].into_iter().flat_map(folder).collect();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let (mut inputs, mut decoded, mut view_inputs) = (0usize, 0usize, 0usize);
    for v in &vs {
        let b = &v.bytes;
        for n in 0..b.len() {
            // A strict prefix of a frame is never a whole frame.
            assert!(
                !frame_decoders::<MessageFrame>(&b[..n]),
                "{}: the first {n} octets decoded",
                v.name
            );
            inputs += 1;
        }
        for _ in 0..64 {
            decoded += usize::from(frame_decoders::<MessageFrame>(&rng.flips(b)));
            inputs += 1;
        }
        // The bare message's view against the owned decode, on its prefixes and flips.
        if let Some((alt, m)) = MessageFrame::from_uper(b).ok().as_ref().and_then(bare) {
            for n in 0..=m.len() {
                view_agrees(alt, &m[..n]);
                view_inputs += 1;
            }
            for _ in 0..64 {
                view_agrees(alt, &rng.flips(&m));
                view_inputs += 1;
            }
        }
    }
    // A prefix of a frame of another edition may happen to be a whole 2020 frame: the
    // 2019-draft MAP's first 20 octets are one (asn1c built from the 2020 ASN.1 stops
    // there too); none of the RSI's prefixes is.
    for v in &others {
        let b = &v.bytes;
        let whole: Vec<usize> = (0..b.len())
            .filter(|&n| frame_decoders::<MessageFrame>(&b[..n]))
            .collect();
        inputs += b.len();
        let expected: &[usize] = if v.name.starts_with("map/") {
            &[20]
        } else {
            &[]
        };
        assert_eq!(
            whole, expected,
            "{}: prefixes that decode as 2020 frames",
            v.name
        );
        for _ in 0..64 {
            decoded += usize::from(frame_decoders::<MessageFrame>(&rng.flips(b)));
            inputs += 1;
        }
    }
    eprintln!(
        "csae 2020 sweep: {inputs} frame inputs ({decoded} bit-flipped ones decoded), \
         {view_inputs} view inputs, over {} vectors",
        vs.len() + others.len()
    );
    assert!(inputs > 10_000);
}

/// An INTEGER with an extensible constraint (`StationOrGantryId ::= INTEGER (0..4294967295,
/// ...)`) holds values outside its root, as UPER carries them (extension bit, then an
/// unconstrained whole number), and re-encodes them byte-exactly; a root value sent in the
/// extension form is refused (it would not re-encode to its octets).
#[test]
fn extensible_integers_hold_values_outside_their_root() {
    use cv2x::csae::v2020::StationOrGantryId;
    use cv2x::per::ErrorKind;
    // From `tests/oracle/oracle.py --asn1 asn1/csae/2020` (asn1tools 0.169).
    for (hex_text, value) in [
        ("82808000019400", 4_294_968_104i64),
        ("80de80", -67),
        ("7fffffff80", 4_294_967_295),
    ] {
        let bytes = hex::decode(hex_text).unwrap();
        let v = StationOrGantryId::from_uper(&bytes).unwrap();
        assert_eq!(v.0, value, "{hex_text}");
        assert_eq!(
            serde_json::to_value(v).unwrap(),
            serde_json::json!(value),
            "{hex_text}"
        );
        assert_eq!(v.to_uper().unwrap(), bytes, "{hex_text}");
    }
    // Extension bit, length 1, value 5: a root value in the extension form.
    let e = StationOrGantryId::from_uper(&[0x80, 0x82, 0x80]).unwrap_err();
    assert_eq!((e.kind, e.bit), (ErrorKind::ValueOutOfRange, 0));
    // Past i64: refused, not wrapped.
    let e = StationOrGantryId::from_uper(&hex::decode("8480000000000000000000").unwrap());
    assert!(e.is_err());
}

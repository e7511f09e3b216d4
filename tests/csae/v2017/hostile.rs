//! Hostile input under 2017: every prefix and random bit flips of every 2017 frame (and of
//! the other editions' frames) give a value or an error, never a panic; no strict prefix
//! of a 2017 frame is taken for a frame; what decodes re-encodes canonically; the frame's
//! view, the bare messages' views, skip and the owned decode agree.

use super::frames_2017;
use crate::editions::Rng;
use crate::faces::{frame_decoders, Frame};
use crate::folder;

use cv2x::csae::v2017::view::FrameView;
use cv2x::csae::v2017::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView,
};
use cv2x::csae::v2017::{
    skip, BasicSafetyMessage, MapData, MessageFrame, RoadSideInformation, RoadsideSafetyMessage,
    SPAT,
};
use cv2x::per::{BitReader, Decode, Encode};

/// The folders of the other editions' frames: the real 2019-draft ones, the synthetic 2020
/// and Day-2 ones.
const OTHER_EDITIONS: [&str; 7] = [
    "bsm",
    "map",
    "rsi",
    "rsm",
    "spat",
    "random/VN4",
    "random/DayII",
];

impl Frame for MessageFrame {
    fn skip(r: &mut BitReader<'_>) -> cv2x::per::Result<()> {
        skip::message_frame(r)
    }

    /// The frame's view on `input` gives the owned decode's result: both fail, or both read
    /// the same message (or the unknown alternative's index and octets).
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
            MessageFrame::Unknown(_) => panic!("{name}: not a 2017 message"),
        }
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
        _ => agree!(RoadSideInformation, RoadSideInformationView),
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
        MessageFrame::Unknown(_) => return None,
    })
}

#[test]
fn prefixes_and_bit_flips_never_panic_and_no_prefix_is_a_frame() {
    let vs = frames_2017();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
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
        for _ in 0..256 {
            decoded += usize::from(frame_decoders::<MessageFrame>(&rng.flips(b)));
            inputs += 1;
        }
        // The bare message's view against the owned decode, on its prefixes and flips.
        let (alt, m) = bare(&MessageFrame::from_uper(b).unwrap()).expect("a 2017 message");
        for n in 0..=m.len() {
            view_agrees(alt, &m[..n]);
            view_inputs += 1;
        }
        for _ in 0..256 {
            view_agrees(alt, &rng.flips(&m));
            view_inputs += 1;
        }
    }
    // The other editions' frames (real 2019-draft, synthetic 2020 and Day-2), their
    // prefixes and flips, read as 2017: a value or an error. Which of them are whole 2017
    // frames is pinned in `vectors`; here, which of their prefixes are.
    let (mut others, mut whole) = (0, Vec::new());
    for dir in OTHER_EDITIONS {
        for v in folder(dir) {
            let b = &v.bytes;
            for n in 0..b.len() {
                if frame_decoders::<MessageFrame>(&b[..n]) {
                    whole.push(format!("{}:{n}", v.name));
                }
                inputs += 1;
            }
            for _ in 0..32 {
                decoded += usize::from(frame_decoders::<MessageFrame>(&rng.flips(b)));
                inputs += 1;
            }
            others += 1;
        }
    }
    // Some prefixes of other editions' frames are whole 2017 frames: those of the frames
    // 2017 reads a value from the start of (`vectors`), cut where that value ends.
    assert_eq!(
        whole,
        [
            "bsm/zyjohn_v2x_example_txt_L277.hex:40",
            "map/zyjohn_v2x_example_txt_L497.hex:20",
            "random/DayII/DayII_32_mapFrame.hex:62",
        ],
        "prefixes of other editions' frames that decode as 2017 frames"
    );
    eprintln!(
        "csae 2017 sweep: {inputs} frame inputs ({decoded} bit-flipped ones decoded), \
         {view_inputs} view inputs, over {} 2017 and {others} other vectors",
        vs.len()
    );
    assert!(inputs > 15_000 && view_inputs > 6_000 && decoded > 0);
}

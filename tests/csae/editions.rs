//! What every edition must do, written once and instantiated per edition (`edition!`):
//! its frames exact on every face (JSON, re-encoding, decode into a used value, the JSON
//! read back, skip, the frame's view), the frame's view and skip allocating nothing,
//! trailing octets refused (also after the frames only swept: 2020's Day-2), and the
//! agreement of the
//! frame decoders on every prefix and on bit-flipped frames: the owned decode, the decode
//! into a value, the skip function (with the padding check of a whole frame) and the
//! frame's view each give one answer, the same (a value or an error), and the view's
//! value is the owned one.

/// A small deterministic generator (xorshift), so failures reproduce.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// `b` with one to four of its bits flipped.
    pub fn flips(&mut self, b: &[u8]) -> Vec<u8> {
        let mut m = b.to_vec();
        for _ in 0..=self.next() % 4 {
            let bit = (self.next() % (m.len() as u64 * 8)) as usize;
            m[bit / 8] ^= 0x80 >> (bit % 8);
        }
        m
    }
}

/// The tests of one edition: `$ed` its module under `cv2x::csae`, `$frames` the vectors
/// exact under it (a `Vec<Vector>` expression), `$n` how many there must be, `$more`
/// frames of the edition only swept (not yet exact on every face).
macro_rules! edition {
    ($ed:ident, $frames:expr, $n:expr, $more:expr) => {
        mod $ed {
            use crate::editions::Rng;
            use crate::Vector;
            use cv2x::csae::$ed::view::FrameView;
            use cv2x::csae::$ed::{skip, MessageFrame};
            use cv2x::per::{BitReader, Decode, Encode, ErrorKind};

            fn frames() -> Vec<Vector> {
                let v: Vec<Vector> = $frames;
                assert_eq!(v.len(), $n, "vectors of {}", stringify!($ed));
                v
            }

            /// The frame's view agrees with the owned decode on `input`.
            fn view_agrees(input: &[u8], owned: &cv2x::per::Result<MessageFrame>) {
                let (view, owned) = match (FrameView::new(input), owned) {
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
                    // Other alternatives (Day-2, unknown): the view must at least not
                    // take a Day-1 message for one, nor the reverse.
                    (FrameView::Bsm(_), _)
                    | (FrameView::Map(_), _)
                    | (FrameView::Rsm(_), _)
                    | (FrameView::Spat(_), _)
                    | (FrameView::Rsi(_), _) => {
                        panic!("{}: view {view:?}, owned {owned:?}", hex::encode(input))
                    }
                    (_, o) => assert!(
                        !matches!(
                            o,
                            MessageFrame::BsmFrame(_)
                                | MessageFrame::MapFrame(_)
                                | MessageFrame::RsmFrame(_)
                                | MessageFrame::SpatFrame(_)
                                | MessageFrame::RsiFrame(_)
                        ),
                        "{}: view {view:?}, owned {o:?}",
                        hex::encode(input)
                    ),
                }
            }

            /// Every frame decoder on one input: one answer. Returns whether it decoded.
            fn agree(input: &[u8]) -> bool {
                let frame = MessageFrame::from_uper(input);
                view_agrees(input, &frame);
                let mut into = MessageFrame::default();
                let into_ok = into.decode_uper_into(input).is_ok();
                let mut r = BitReader::new(input);
                let skipped = skip::message_frame(&mut r).and_then(|()| r.expect_padding());
                assert_eq!(
                    (frame.is_ok(), into_ok, skipped.is_ok()),
                    (frame.is_ok(), frame.is_ok(), frame.is_ok()),
                    "{}: decode {:?}, into {into_ok}, skip {skipped:?}",
                    hex::encode(input),
                    frame.as_ref().err(),
                );
                match frame {
                    Ok(f) => {
                        assert_eq!(into, f);
                        let again = f.to_uper().expect("a decoded frame encodes");
                        assert_eq!(MessageFrame::from_uper(&again).expect("re-decodes"), f);
                        true
                    }
                    Err(_) => false,
                }
            }

            #[test]
            fn frames_are_exact_on_every_face() {
                let first = frames().remove(0).bytes;
                for v in frames() {
                    let name = &v.name;
                    let frame =
                        MessageFrame::from_uper(&v.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert_eq!(
                        serde_json::to_value(&frame).unwrap(),
                        v.json,
                        "{name}: JSON"
                    );
                    assert_eq!(frame.to_uper().unwrap(), v.bytes, "{name}: re-encoding");
                    let mut into = MessageFrame::from_uper(&first).unwrap();
                    into.decode_uper_into(&v.bytes).unwrap();
                    assert_eq!(into, frame, "{name}: decode_into");
                    let back: MessageFrame = serde_json::from_value(v.json.clone()).unwrap();
                    assert_eq!(back.to_uper().unwrap(), v.bytes, "{name}: JSON read back");
                    let (mut a, mut b) = (BitReader::new(&v.bytes), BitReader::new(&v.bytes));
                    MessageFrame::decode(&mut a).unwrap();
                    skip::message_frame(&mut b).unwrap();
                    assert_eq!(a.position(), b.position(), "{name}: skip");
                    assert!(agree(&v.bytes), "{name}");
                }
            }

            #[test]
            fn the_frame_view_and_skip_allocate_nothing() {
                for v in frames() {
                    let n = crate::counting::allocations_during(|| {
                        skip::message_frame(&mut BitReader::new(&v.bytes)).unwrap();
                        FrameView::new(&v.bytes).unwrap();
                    });
                    assert_eq!(n, 0, "{}: {n} allocations", v.name);
                }
            }

            #[test]
            fn trailing_octets_are_an_error() {
                let more: Vec<Vector> = $more;
                for v in frames().into_iter().chain(more) {
                    for extra in [0x00u8, 0x80, 0xff] {
                        let mut b = v.bytes.clone();
                        b.push(extra);
                        let e = MessageFrame::from_uper(&b).expect_err(&v.name);
                        assert_eq!(e.kind, ErrorKind::TrailingData, "{}", v.name);
                        assert!(!agree(&b), "{}", v.name);
                    }
                }
            }

            #[test]
            fn decoders_agree_on_prefixes_and_bit_flips() {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
                let (mut inputs, mut decoded) = (0usize, 0usize);
                let more: Vec<Vector> = $more;
                for v in frames().into_iter().chain(more) {
                    let b = &v.bytes;
                    for n in 0..b.len() {
                        assert!(!agree(&b[..n]), "{}: the first {n} octets decoded", v.name);
                        inputs += 1;
                    }
                    for _ in 0..256 {
                        decoded += usize::from(agree(&rng.flips(b)));
                        inputs += 1;
                    }
                }
                eprintln!(
                    "csae {}: {inputs} inputs agreed ({decoded} flipped frames decoded)",
                    stringify!($ed)
                );
            }
        }
    };
}

edition!(
    v2019,
    {
        // The 20 synthetic 2019-draft frames and all 12 real frames (2019-draft encodings).
        let mut v = crate::folder("random/Z2019");
        for dir in ["bsm", "map", "rsi", "rsm", "spat"] {
            v.extend(crate::folder(dir));
        }
        v
    },
    32,
    vec![]
);

edition!(
    v2020,
    crate::frames_2020(),
    35,
    crate::folder("random/DayII")
);

edition!(
    v2017,
    // The 20 synthetic 2017 frames (no real 2017 frame is public).
    crate::folder("random/V3"),
    20,
    vec![]
);

/// The 2019 draft and 2020 agree on SPAT and RSM: one Rust type each, and the real
/// frames read the same under both.
#[test]
fn shared_messages_are_one_type() {
    use cv2x::csae::{v2019, v2020};
    use cv2x::per::Decode;
    fn same_type(s: v2019::SPAT, r: v2019::RoadsideSafetyMessage) -> (v2020::SPAT, v2020::Rsm) {
        (s, r)
    }
    let mut n = 0;
    for v in crate::folder("spat")
        .into_iter()
        .chain(crate::folder("rsm"))
    {
        let a = v2019::MessageFrame::from_uper(&v.bytes).unwrap();
        let b = v2020::MessageFrame::from_uper(&v.bytes).unwrap();
        match (a, b) {
            (v2019::MessageFrame::SpatFrame(x), v2020::MessageFrame::SpatFrame(y)) => {
                assert_eq!(x, y, "{}", v.name)
            }
            (v2019::MessageFrame::RsmFrame(x), v2020::MessageFrame::RsmFrame(y)) => {
                assert_eq!(x, y, "{}", v.name)
            }
            (a, b) => panic!("{}: {a:?} / {b:?}", v.name),
        }
        n += 1;
    }
    assert_eq!(n, 6);
    let _ = same_type;
}

/// Where the editions differ, the types differ: the real 2019-draft MAP is a 2019 MapData
/// of one node in Changsha, and not a 2020 frame.
#[test]
fn the_real_map_is_a_2019_draft_map() {
    use cv2x::csae::{v2019, v2020};
    use cv2x::per::Decode;
    let v = &crate::folder("map")[0];
    let v2019::MessageFrame::MapFrame(m) = v2019::MessageFrame::from_uper(&v.bytes).unwrap() else {
        panic!("not a MAP")
    };
    assert_eq!(m.nodes.0.len(), 1);
    let lat = f64::from(m.nodes.0[0].ref_pos.lat.0) * 1e-7;
    assert!((28.0..28.3).contains(&lat), "{lat}");
    assert!(v2020::MessageFrame::from_uper(&v.bytes).is_err());
}

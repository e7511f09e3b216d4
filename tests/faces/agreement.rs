//! One error for one input, on every face: over a mutation sweep of every signal and
//! safety message vector (every octet prefix, single bit flips, octets forced to 0x00 and
//! 0xff where lengths and counts live), the owned decode, the generated skip function and
//! the zero-copy views (the generated message views without and with a `ViewIndex`, their
//! `to_owned()`; `BsmView`) give the same result: all accept the whole input (the value
//! and its zero padding) with equal values, or all reject it with the same error kind, bit
//! offset and field path.

use crate::common;
use cv2x::j2735::view::FrameView;
use cv2x::j2735::{
    skip, views, BasicSafetyMessage, MapData, PersonalSafetyMessage, SignalRequestMessage,
    SignalStatusMessage, TravelerInformation, SPAT,
};
use cv2x::per::view::ViewIndex;
use cv2x::per::{BitReader, Decode, Result};

/// What a face gives on one input: accepted (with the owned value, for the views), or
/// its error.
type Outcome = Result<Option<String>>;

/// The owned decode of `T` on `input`, its padding checked (`Decode::from_uper`); the
/// value as its Debug text.
fn owned<T: Decode + std::fmt::Debug>(input: &[u8]) -> Outcome {
    T::from_uper(input).map(|v| Some(format!("{v:?}")))
}

/// The skip function on `input`, then the same padding check.
fn skipped(input: &[u8], skip: fn(&mut BitReader<'_>) -> Result<()>) -> Outcome {
    let mut r = BitReader::new(input);
    skip(&mut r)?;
    r.expect_padding().map(|()| None)
}

/// A generated view of `input`, without and with an index, as the owned value it gives.
macro_rules! viewed {
    ($view:ty) => {
        |input: &[u8]| -> [Outcome; 2] {
            let plain = <$view>::new(input)
                .and_then(|v| v.to_owned())
                .map(|v| Some(format!("{v:?}")));
            let mut ix = ViewIndex::new();
            let indexed = <$view>::with_index(input, &mut ix)
                .and_then(|v| v.to_owned())
                .map(|v| Some(format!("{v:?}")));
            [plain, indexed]
        }
    };
}

/// A view of an input, without and with an index.
type Viewed = fn(&[u8]) -> [Outcome; 2];

/// A message type under test: its owned decode, its skip function and its view.
struct Face {
    folder: &'static str,
    id: u16,
    owned: fn(&[u8]) -> Outcome,
    skip: fn(&mut BitReader<'_>) -> Result<()>,
    view: Option<Viewed>,
}

const FACES: [Face; 7] = [
    Face {
        folder: "bsm",
        id: 20,
        owned: owned::<BasicSafetyMessage>,
        skip: skip::basic_safety_message,
        view: Some(|input: &[u8]| {
            // The hand-written BSM view: no index, no `to_owned` (its fields are held to the
            // owned decode in `view.rs`).
            let v = cv2x::j2735::view::BsmView::new(input).map(|_| None);
            [v.clone(), v]
        }),
    },
    Face {
        folder: "spat",
        id: 19,
        owned: owned::<SPAT>,
        skip: skip::spat,
        view: Some(viewed!(views::SPATView)),
    },
    Face {
        folder: "map",
        id: 18,
        owned: owned::<MapData>,
        skip: skip::map_data,
        view: Some(viewed!(views::MapDataView)),
    },
    Face {
        folder: "srm",
        id: 29,
        owned: owned::<SignalRequestMessage>,
        skip: skip::signal_request_message,
        view: Some(viewed!(views::SignalRequestMessageView)),
    },
    Face {
        folder: "ssm",
        id: 30,
        owned: owned::<SignalStatusMessage>,
        skip: skip::signal_status_message,
        view: Some(viewed!(views::SignalStatusMessageView)),
    },
    Face {
        folder: "tim",
        id: 31,
        owned: owned::<TravelerInformation>,
        skip: skip::traveler_information,
        view: Some(viewed!(views::TravelerInformationView)),
    },
    Face {
        folder: "psm",
        id: 32,
        owned: owned::<PersonalSafetyMessage>,
        skip: skip::personal_safety_message,
        view: Some(viewed!(views::PersonalSafetyMessageView)),
    },
];

/// The inputs derived from one message: itself, every octet prefix, every bit flipped
/// (every bit of the first 48 octets, then every 5th: the debug build runs this), and
/// every octet forced to 0x00 and to 0xff (a length or count becomes 0 or its largest).
fn mutations(m: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![m.to_vec()];
    out.extend((0..m.len()).map(|cut| m[..cut].to_vec()));
    for bit in (0..m.len() * 8).filter(|&b| b < 48 * 8 || b % 5 == 0) {
        let mut x = m.to_vec();
        x[bit / 8] ^= 0x80 >> (bit % 8);
        out.push(x);
    }
    for i in 0..m.len() {
        for v in [0x00, 0xff] {
            if m[i] != v {
                let mut x = m.to_vec();
                x[i] = v;
                out.push(x);
            }
        }
    }
    out
}

#[test]
fn every_face_gives_one_result_for_every_mutation() {
    let mut inputs = 0;
    let mut rejected = 0;
    let mut differ = std::collections::BTreeMap::<String, (usize, String)>::new();
    for face in &FACES {
        let mut vectors = common::folder(face.folder);
        for ed in ["2016", "2020", "2024"] {
            vectors.extend(common::random(ed, face.folder));
        }
        assert!(!vectors.is_empty(), "{}", face.folder);
        for v in vectors {
            let frame = FrameView::new(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
            assert_eq!(frame.message_id(), face.id, "{}", v.name);
            for input in mutations(frame.value()) {
                let o = (face.owned)(&input);
                let mut faces = vec![(
                    "skip",
                    skipped(&input, face.skip).map(|_| o.clone().ok().flatten()),
                )];
                if let Some(view) = face.view {
                    let [plain, indexed] = view(&input);
                    faces.push(("view", plain));
                    faces.push(("indexed view", indexed));
                }
                for (what, got) in faces {
                    // A face that gives no value (the skip, the BSM view) is held to the
                    // decode's acceptance and error only.
                    let got = got.map(|v| v.or_else(|| o.clone().ok().flatten()));
                    if got != o {
                        let key = match (&got, &o) {
                            (Ok(_), Ok(_)) => {
                                format!("{}: {what} gives another value", face.folder)
                            }
                            _ => format!(
                                "{}: {what} {:?} / owned {:?}",
                                face.folder,
                                got.as_ref().map(drop),
                                o.as_ref().map(drop)
                            ),
                        }
                        .replace(|c: char| c.is_ascii_digit(), "#");
                        let e = differ.entry(key).or_insert((0, String::new()));
                        e.0 += 1;
                        if e.1.is_empty() {
                            e.1 = format!("{} {}", v.name, hex::encode(&input));
                        }
                    }
                }
                inputs += 1;
                rejected += o.is_err() as usize;
            }
        }
    }
    // Every face saw both outcomes, many times.
    assert!(inputs > 500_000, "{inputs} inputs");
    assert!(
        rejected > inputs / 10 && rejected < inputs,
        "{rejected} of {inputs} rejected"
    );
    eprintln!("{inputs} inputs, {rejected} rejected");
    for (k, (n, first)) in &differ {
        eprintln!("{n:6} {k}\n       first: {first}");
    }
    assert!(differ.is_empty(), "{} kinds of disagreement", differ.len());
}

//! The vectors under 2017: the synthetic 2017 frames exact on every face; the real
//! (2019-draft) frames refused or mis-read as `SOURCES.md` says; 2020 frames mostly
//! refused; later editions' extension alternatives kept as sent.

use super::frames_2017;
use crate::faces::{self, Frame};
use crate::folder;

use cv2x::csae::v2017::MessageFrame;
use cv2x::per::{BitReader, Decode, Encode, ErrorKind};

/// Decodes `bytes` as a whole 2017 frame and checks every face against it.
fn check_exact(name: &str, bytes: &[u8], json: &serde_json::Value) {
    faces::check_exact::<MessageFrame>(name, bytes, json, &frames_2017()[0].bytes);
}

/// Whether the first `bits` bits of `a` and `b` agree.
fn same_bits(a: &[u8], b: &[u8], bits: usize) -> bool {
    (0..bits).all(|i| {
        let bit = |x: &[u8]| x.get(i / 8).map(|o| o & (0x80 >> (i % 8)) != 0);
        bit(a).is_some() && bit(a) == bit(b)
    })
}

#[test]
fn random_2017_frames_are_exact() {
    let vs = frames_2017();
    assert_eq!(vs.len(), 20, "random/V3 holds 20 frames");
    for v in &vs {
        check_exact(&v.name, &v.bytes, &v.json);
    }
    // Every message of the edition is among them.
    for alt in ["bsmFrame", "mapFrame", "rsmFrame", "spatFrame", "rsiFrame"] {
        assert!(vs.iter().any(|v| v.json.get(alt).is_some()), "no {alt}");
    }
}

/// SOURCES.md, column V3 (2017), for the 12 real 2019-draft frames: 8 "fail", 4
/// "decodes-not-roundtrip" (pycrate, asn1tools and asn1c read a value from their start
/// that does not re-encode to them). Ours: the 8 fail even as a bare value; the 4 give a
/// value from their start (the bits it used re-encode to the same bits), but as a whole
/// frame they are refused (`TrailingData`): none is taken for a 2017 frame.
#[test]
fn real_2019_draft_frames_are_not_2017_frames() {
    // (file, where the value read from the start ends, in bits)
    let misread: &[(&str, usize)] = &[
        ("bsm/zyjohn_v2x_example_txt_L277.hex", 314),
        ("bsm/zyjohn_v2x_example_txt_L277_2.hex", 301),
        ("spat/zyjohn_UperDecoderTest_L31.hex", 445),
        ("map/zyjohn_v2x_example_txt_L497.hex", 154),
    ];
    let (mut failed, mut misread_seen) = (0, 0);
    for dir in ["bsm", "map", "rsi", "rsm", "spat"] {
        for v in folder(dir) {
            let whole = MessageFrame::from_uper(&v.bytes);
            let mut r = BitReader::new(&v.bytes);
            let value = MessageFrame::decode(&mut r);
            match misread.iter().find(|(n, _)| *n == v.name) {
                Some(&(_, end)) => {
                    let value = value.unwrap_or_else(|e| panic!("{}: {e}", v.name));
                    assert_eq!(r.position(), end, "{}", v.name);
                    assert_eq!(
                        whole.unwrap_err().kind,
                        ErrorKind::TrailingData,
                        "{}",
                        v.name
                    );
                    let again = value.to_uper().unwrap();
                    assert_ne!(again, v.bytes, "{}", v.name);
                    assert!(same_bits(&again, &v.bytes, end), "{}", v.name);
                    assert_eq!(
                        MessageFrame::from_uper(&again).unwrap(),
                        value,
                        "{}",
                        v.name
                    );
                    misread_seen += 1;
                }
                None => {
                    assert!(value.is_err(), "{}: a 2017 value", v.name);
                    assert!(whole.is_err(), "{}", v.name);
                    failed += 1;
                }
            }
        }
    }
    assert_eq!((failed, misread_seen), (8, 4));
}

/// CHINA-FACTS §5: under 2017 the real 2019-draft BSM "decodes" with a latitude of
/// -46.9 degrees (it is in Beijing, 39.98 degrees): the 2017 BSM's `plateNo` bit and
/// mandatory `accuracy` shift every field after the id.
#[test]
fn the_real_bsm_misread_as_2017_is_in_the_southern_ocean() {
    let v = &folder("bsm")
        .into_iter()
        .find(|v| v.name == "bsm/zyjohn_v2x_example_txt_L277.hex")
        .unwrap();
    let MessageFrame::BsmFrame(m) = MessageFrame::decode(&mut BitReader::new(&v.bytes)).unwrap()
    else {
        panic!("not a BSM")
    };
    assert_eq!(v.json["bsmFrame"]["pos"]["lat"], 399_764_645);
    assert_eq!(m.pos.lat.0 / 1_000_000, -469);
}

/// A later edition's frame is refused, or read as the same bits where the two editions
/// agree on the wire for it: a 2020 MAP none of whose lanes has a `laneWidth` (2020's
/// `Link.linkWidth` is 2017's `laneWidth`, in the same place). Pinned over the 25
/// synthetic 2020 frames and the 44 Day-1 + Day-2 ones; the Day-2 frames (`msgFrameExt`,
/// 2020's first extension alternative) are an unknown alternative to 2017, kept as sent.
#[test]
fn later_editions_frames_are_refused_or_kept_as_sent() {
    let (mut refused, mut same_maps, mut kept) = (0, Vec::new(), 0);
    for dir in ["random/VN4", "random/DayII"] {
        for v in folder(dir) {
            match MessageFrame::from_uper(&v.bytes) {
                Err(_) => refused += 1,
                Ok(MessageFrame::Unknown(u)) => {
                    let x = &v.json["msgFrameExt"];
                    assert!(x.is_object(), "{}", v.name);
                    assert_eq!(u.index, 0, "{}", v.name);
                    let f = MessageFrame::Unknown(u);
                    assert_eq!(f.to_uper().unwrap(), v.bytes, "{}", v.name);
                    let json = serde_json::to_value(&f).unwrap();
                    let back: MessageFrame = serde_json::from_value(json).unwrap();
                    assert_eq!(back.to_uper().unwrap(), v.bytes, "{}", v.name);
                    MessageFrame::frame_view_agrees(&v.bytes, &Ok(f));
                    kept += 1;
                }
                Ok(f) => {
                    // A 2020 MAP whose lanes have no `laneWidth`: the same bits, and the
                    // same JSON but for the link's width's name.
                    let MessageFrame::MapFrame(_) = &f else {
                        panic!("{}: {f:?}", v.name)
                    };
                    assert_eq!(f.to_uper().unwrap(), v.bytes, "{}", v.name);
                    let ours = serde_json::to_string(&f).unwrap();
                    let ours = ours.replace("\"laneWidth\"", "\"linkWidth\"");
                    let ours: serde_json::Value = serde_json::from_str(&ours).unwrap();
                    assert_eq!(ours, v.json, "{}", v.name);
                    same_maps.push(v.name.clone());
                }
            }
        }
    }
    assert_eq!(refused + same_maps.len() + kept, 69);
    assert_eq!(kept, 15, "Day-2 frames (all of them)");
    assert_eq!(
        same_maps,
        [
            "random/VN4/VN4_22_mapFrame.hex",
            "random/VN4/VN4_23_mapFrame.hex",
            "random/DayII/DayII_17_mapFrame.hex",
            "random/DayII/DayII_19_mapFrame.hex",
            "random/DayII/DayII_35_mapFrame.hex",
        ]
    );
}

/// asn1tools compiled from `asn1/csae/2017/` (which, like pycrate and asn1c, does not check
/// that a value uses up its input) reads the same values as ours from the start of the 4
/// real frames it "decodes", and refuses the other 8.
#[cfg(feature = "serde")]
#[test]
fn asn1tools_misreads_the_real_frames_as_we_do() {
    let vs: Vec<_> = ["bsm", "map", "rsi", "rsm", "spat"]
        .into_iter()
        .flat_map(folder)
        .collect();
    let input: String = vs.iter().map(|v| hex::encode(&v.bytes) + "\n").collect();
    let out = crate::differential::oracle("2017", &["decode", "MessageFrame"], Some(input));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), vs.len());
    let mut same = 0;
    for (v, line) in vs.iter().zip(lines) {
        match MessageFrame::decode(&mut BitReader::new(&v.bytes)) {
            Ok(ours) => {
                let theirs: serde_json::Value = serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{}: asn1tools: {line}: {e}", v.name));
                assert_eq!(serde_json::to_value(&ours).unwrap(), theirs, "{}", v.name);
                same += 1;
            }
            Err(_) => assert!(line.starts_with("ERR"), "{}: asn1tools read {line}", v.name),
        }
    }
    assert_eq!(same, 4);
}

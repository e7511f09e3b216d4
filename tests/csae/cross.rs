//! The cross-edition table of `tests/vectors/csae/SOURCES.md`, reproduced: every CSAE frame
//! of the vectors (real and synthetic, of every edition) under every edition, our verdict
//! (exact: a whole frame that re-encodes to the same octets; or refused) against that of
//! `asn1tools` compiled from our modules of the same edition (exact: what it reads from the
//! frame's start re-encodes to the frame). The two must agree on every cell, and ours is
//! never a value that re-encodes to other octets; the one allowed difference: cv2x keeps
//! content the edition does not know (an unknown ENUMERATED value, CHOICE alternative or
//! extension addition: `$ext` in its JSON) and re-encodes the frame exactly where
//! asn1tools drops it.
#![cfg(feature = "serde")]

use crate::differential::oracle;
use crate::folder;

use cv2x::csae::Edition;

fn asn1tools_exact(edition: &str, frames: &[Vec<u8>]) -> Vec<bool> {
    let input: String = frames
        .iter()
        .map(|b| format!("{}\n", hex::encode(b)))
        .collect();
    let decoded = oracle(edition, &["decode", "MessageFrame"], Some(input));
    let lines: Vec<&str> = decoded.lines().collect();
    assert_eq!(lines.len(), frames.len());
    // Re-encode what it read (errors stay errors).
    let input: String = lines
        .iter()
        .map(|l| {
            if l.starts_with("ERR") {
                "null\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let encoded = oracle(edition, &["encode", "MessageFrame"], Some(input));
    lines
        .iter()
        .zip(encoded.lines())
        .zip(frames)
        .map(|((d, e), b)| !d.starts_with("ERR") && e == hex::encode(b))
        .collect()
}

#[test]
fn our_verdicts_are_asn1tools_verdicts_under_every_edition() {
    let mut vs = Vec::new();
    for dir in [
        "bsm",
        "map",
        "rsi",
        "rsm",
        "spat",
        "random/V3",
        "random/Z2019",
        "random/VN4",
        "random/DayII",
    ] {
        vs.extend(folder(dir));
    }
    let frames: Vec<Vec<u8>> = vs.iter().map(|v| v.bytes.clone()).collect();
    let mut table = String::new();
    for edition in Edition::ALL {
        let dir = &edition.name()["csae-".len()..];
        let theirs = asn1tools_exact(dir, &frames);
        let (mut exact, mut kept) = (0, 0);
        for (v, their) in vs.iter().zip(theirs) {
            let ours = match edition.decode(&v.bytes) {
                Ok(f) => {
                    assert_eq!(
                        f.to_uper().unwrap(),
                        v.bytes,
                        "{edition} {}: not exact",
                        v.name
                    );
                    Some(f)
                }
                Err(_) => None,
            };
            match (&ours, their) {
                (Some(_), true) => exact += 1,
                (None, false) => {}
                // asn1tools cannot keep what an edition does not know (an unknown
                // ENUMERATED value or CHOICE alternative, unknown extension additions):
                // where cv2x keeps it and re-encodes the frame exactly, asn1tools loses it.
                (Some(f), false) if serde_json::to_string(f).unwrap().contains("\"$ext\"") => {
                    kept += 1
                }
                _ => panic!(
                    "{edition} {}: ours exact {}, asn1tools {their}",
                    v.name,
                    ours.is_some()
                ),
            }
        }
        table += &format!(
            "{edition}: {exact} of {} exact in both, {kept} exact in cv2x only (unknown content \
             kept); ",
            vs.len()
        );
    }
    eprintln!("cross-edition: {table}");
}

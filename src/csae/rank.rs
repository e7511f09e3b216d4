//! Which edition an unlabelled frame is: the frame carries no edition, and a frame decoded
//! under the wrong one can look valid (a 2019-draft MAP read as 2020 puts its node at
//! -30.95 degrees). [`rank`] decodes the frame under every edition and keeps an edition
//! only if
//! 1. the whole frame decodes (all of the input used, up to the zero padding of the last
//!    octet: the wrong edition usually stops early or runs out), and
//! 2. the value is plausible: every absolute position (reference positions, a BSM's
//!    position, absolute path points) is a real one or "unavailable", and within
//!    [`NEAR_M`] of the frame's first; every `secMark` and `DSecond` time is a millisecond
//!    of a minute (at most 60999, a leap second) or 65535 (unavailable).
//!
//! A reading as an alternative the edition does not know (a Day-2 frame under 2019 or
//! 2017) is set aside when another edition knows the message. Editions that agree on the
//! wire read some frames alike: every real SPAT and RSM, and a
//! BSM without a path history's initial position, read the same under the 2019 draft and
//! 2020 (`SOURCES.md` of the vectors). Such a frame is not ambiguous: [`Ranked`] names the
//! preferred edition (newest first, [`Edition::ALL`]) and every other edition that reads it
//! the same (`same_as`). Editions that read it differently and plausibly are an error
//! naming them ([`RankError::Ambiguous`]): a wrong guess is worse than an error.
//!
//! ```
//! use cv2x::csae::{rank, Edition};
//!
//! // The real 2019-draft RSI of the vectors: the 2020 edition cannot read it.
//! let hex = "4224626466686a0000018cc8e5275d434d0c2000198f64d5c110010002001f40081f5750d0aa4664b8adc2001d5d4343b11992c457080075750d209c66491bac2001d5d434d0d1991ca4f080000640";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let ranked = rank::rank(&bytes)?;
//! assert_eq!(ranked.frame.edition(), Edition::V2019);
//! assert!(ranked.same_as.is_empty());
//! # Ok::<(), cv2x::csae::rank::RankError>(())
//! ```

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use serde_json::Value;

use super::edition::{Edition, Frame};

/// How far (in metres) an absolute position of a frame may be from its first one: 2,000 km.
/// Generous, because real RSUs send placeholder reference positions (a real RSM of the
/// vectors has its reference position in Beijing and its participant 1,297 km away, in
/// Chongqing); a misread position usually lands thousands of kilometres away or out of
/// range (the 2019-draft MAP read as 2020: -30.95 degrees, 6,600 km from its own node).
pub const NEAR_M: f64 = 2_000_000.0;

/// A frame and the edition it was read under.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// The frame, decoded under the preferred plausible edition.
    pub frame: Frame,
    /// The other editions that read the frame to the same value (JSON), newest first.
    pub same_as: Vec<Edition>,
}

/// Why an edition was set aside.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    /// The edition.
    pub edition: Edition,
    /// Why: its decode error, or the implausible value found.
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.edition, self.reason)
    }
}

/// No edition, or more than one, reads the frame plausibly.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RankError {
    /// No edition reads it plausibly: each one's reason.
    #[error("no CSAE edition reads this frame: {}", list(.0))]
    NoEdition(Vec<Refusal>),
    /// Several editions read it plausibly, to different values.
    #[error("CSAE editions {} read this frame differently", names(.0))]
    Ambiguous(Vec<Edition>),
}

fn list(r: &[Refusal]) -> String {
    r.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn names(e: &[Edition]) -> String {
    e.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ")
}

/// The edition of an unlabelled frame (see the module's documentation).
pub fn rank(data: &[u8]) -> Result<Ranked, RankError> {
    let mut refused = Vec::new();
    // (edition's frame, its JSON), plausible ones, in preference order.
    let mut readings: Vec<(Frame, Value)> = Vec::new();
    // Whether some edition reads the frame as a message it knows (plausibly or not).
    let mut known = false;
    for edition in Edition::ALL {
        let frame = match edition.decode(data) {
            Ok(f) => f,
            Err(e) => {
                refused.push(Refusal {
                    edition,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        known |= !frame.is_unknown_alternative();
        let json = serde_json::to_value(&frame).unwrap_or(Value::Null);
        match implausible(edition, &json) {
            Some(reason) => refused.push(Refusal { edition, reason }),
            None => readings.push((frame, json)),
        }
    }
    // An edition that reads the frame as an alternative it does not know cannot tell what
    // it is: set aside when another edition knows the message, even implausibly (a Day-2
    // frame is 2020's, or none's).
    if known {
        readings.retain(|(f, _)| {
            let keep = !f.is_unknown_alternative();
            if !keep {
                refused.push(Refusal {
                    edition: f.edition(),
                    reason: "an alternative this edition does not know".into(),
                });
            }
            keep
        });
    }
    let mut readings = readings.into_iter();
    let Some((frame, json)) = readings.next() else {
        return Err(RankError::NoEdition(refused));
    };
    let mut same_as = Vec::new();
    let mut other = Vec::new();
    for (f, j) in readings {
        if j == json {
            same_as.push(f.edition());
        } else {
            other.push(f.edition());
        }
    }
    if !other.is_empty() {
        other.insert(0, frame.edition());
        other.extend(same_as);
        return Err(RankError::Ambiguous(other));
    }
    Ok(Ranked { frame, same_as })
}

/// What makes a frame's value implausible under `edition`, if anything (the checks of the
/// module's documentation, on its canonical JSON; the edition says which `timeStamp`s are
/// milliseconds: 2017's SPAT's is a minute of the year).
pub fn implausible(edition: Edition, json: &Value) -> Option<String> {
    let mut first = None;
    check(edition, json, "", &mut first).err()
}

/// A latitude/longitude pair in 1e-7 degrees, or None for "unavailable".
fn position(lat: i64, lon: i64) -> Result<Option<(f64, f64)>, String> {
    if lat == 900_000_001 || lon == 1_800_000_001 {
        return Ok(None);
    }
    if !(-900_000_000..=900_000_000).contains(&lat)
        || !(-1_799_999_999..=1_800_000_000).contains(&lon)
    {
        return Err(alloc::format!("position ({lat}, {lon}) out of range"));
    }
    Ok(Some((lat as f64 * 1e-7, lon as f64 * 1e-7)))
}

/// The great-circle distance in metres.
fn distance((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * a.sqrt().min(1.0).asin()
}

fn check(
    edition: Edition,
    v: &Value,
    key: &str,
    first: &mut Option<(f64, f64)>,
) -> Result<(), String> {
    match v {
        Value::Object(o) => {
            let int = |k: &str| o.get(k).and_then(Value::as_i64);
            // Position3D {lat, long, ...} (`pos`, `refPos`) and Position-LLmD-64b {lon, lat}
            // (an absolute point among offsets). Other pairs of those names are not
            // positions (an acceleration's lat and long, `position-LL1`'s offsets).
            let pair = match (int("lat"), int("long").or_else(|| int("lon"))) {
                (Some(lat), Some(lon)) if matches!(key, "pos" | "refPos" | "position-LatLon") => {
                    Some((lat, lon))
                }
                _ => None,
            };
            if let Some((lat, lon)) = pair {
                if let Some(p) = position(lat, lon)? {
                    match *first {
                        None => *first = Some(p),
                        Some(f) if distance(f, p) > NEAR_M => {
                            return Err(alloc::format!(
                                "{key} ({:.5}, {:.5}) is {:.0} km from the frame's first position",
                                p.0,
                                p.1,
                                distance(f, p) / 1000.0
                            ))
                        }
                        _ => {}
                    }
                }
            }
            for (k, x) in o {
                if k == "secMark" || (k == "timeStamp" && key_is_dsecond(edition, key)) {
                    if let Some(ms) = x.as_i64() {
                        if ms > 60_999 && ms != 65_535 {
                            return Err(alloc::format!("{k} {ms} is no millisecond of a minute"));
                        }
                    }
                }
                check(edition, x, k, first)?;
            }
            Ok(())
        }
        Value::Array(a) => a.iter().try_for_each(|x| check(edition, x, key, first)),
        _ => Ok(()),
    }
}

/// Whether a `timeStamp` inside the value at `key` is a DSecond (the intersections' are,
/// and the SPAT's since the 2019 draft; MapData's, an RSI's and 2017's SPAT's are a minute
/// of the year).
fn key_is_dsecond(edition: Edition, key: &str) -> bool {
    (key == "spatFrame" && edition != Edition::V2017) || key == "intersections"
}

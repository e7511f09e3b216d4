//! The text faces of a [`MessageFrame`], one line at a time, as the `v2x` tool reads and
//! writes them: hex UPER in, canonical JSON or a summary out; canonical JSON in, lowercase
//! hex UPER out.
//!
//! Every function takes one line of input (surrounding whitespace is ignored; hex may start
//! with `0x`) and gives one result or a [`LineError`], whose message is what `v2x` prints
//! for the line. No input makes them panic: they are fuzzed as the `line` target.
//!
//! ```
//! use cv2x::text;
//! let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
//! # #[cfg(feature = "serde")] {
//! let json = text::decode_line(&format!("  0x{hex}\r"))?;
//! assert!(json.starts_with(r#"{"messageId":20,"#));
//! assert_eq!(text::encode_line(&json)?, hex);
//! # }
//! let summary = text::summary_line(hex, 0)?;
//! assert!(summary.starts_with("BSM "));
//! assert_eq!(
//!     text::decode_frame("0014zz").unwrap_err().to_string(),
//!     "bad hex: 'z' is not a hex digit (column 5)"
//! );
//! # Ok::<(), text::LineError>(())
//! ```
//!
//! Gated on the `alloc` feature; the JSON faces also need `serde`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::csae::Edition;
use crate::j2735::MessageFrame;
#[cfg(feature = "serde")]
use crate::per::Encode;
use crate::per::{self, Decode};

/// What is wrong with a line of hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HexError {
    /// A character that is not a hex digit.
    #[error("{digit:?} is not a hex digit (column {column})")]
    NotHex {
        /// The character.
        digit: char,
        /// Its column, counting octets of the line from 1.
        column: usize,
    },
    /// No digits, or an odd number of them.
    #[error("{0} digits, not a whole number of octets")]
    NotOctets(usize),
}

/// Why one line of input gave no result. The message is the one `v2x` prints after the
/// line number.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LineError {
    /// The line is not UTF-8.
    #[error("not UTF-8: {0}")]
    NotUtf8(#[from] core::str::Utf8Error),
    /// The line is not hex.
    #[error("bad hex: {0}")]
    Hex(#[from] HexError),
    /// The octets are not a `MessageFrame`.
    #[error(transparent)]
    Decode(per::Error),
    /// The line is not the JSON of a `MessageFrame`.
    #[cfg(feature = "serde")]
    #[error("bad JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The frame read from JSON cannot be encoded (a value out of range, say).
    #[error(transparent)]
    Encode(per::Error),
    /// The frame cannot be written as JSON.
    #[cfg(feature = "serde")]
    #[error("cannot write JSON: {0}")]
    WriteJson(#[source] serde_json::Error),
    /// No CSAE edition, or more than one, reads the frame plausibly (`--profile csae`).
    #[cfg(all(feature = "std", feature = "serde"))]
    #[error(transparent)]
    Rank(#[from] crate::csae::rank::RankError),
    /// The JSON names an edition this crate does not have.
    #[error(transparent)]
    Edition(crate::csae::edition::UnknownEdition),
    /// Ranking CSAE editions needs each frame's own octets, not a run of concatenated
    /// frames.
    #[error("ranking CSAE editions takes one frame per input, not a file of concatenated frames")]
    NotOneFrame,
}

/// One raw input line as `v2x` takes it from stdin: `None` if it is blank, else the line
/// without its surrounding whitespace, or [`LineError::NotUtf8`].
///
/// ```
/// use cv2x::text::input_line;
/// assert!(input_line(b" \t\r").is_none());
/// assert_eq!(input_line(b"  0x0014\r").unwrap().unwrap(), "0x0014");
/// assert!(input_line(b"\xff00").unwrap().is_err());
/// ```
pub fn input_line(raw: &[u8]) -> Option<Result<&str, LineError>> {
    match core::str::from_utf8(raw) {
        Ok(text) if text.trim().is_empty() => None,
        Ok(text) => Some(Ok(text.trim())),
        Err(e) => Some(Err(e.into())),
    }
}

/// Hex digits, optionally after `0x` or `0X`, to octets. Whitespace is not skipped.
///
/// ```
/// use cv2x::text::{parse_hex, HexError};
/// assert_eq!(parse_hex("0x00Ff"), Ok(vec![0x00, 0xff]));
/// assert_eq!(parse_hex("001"), Err(HexError::NotOctets(3)));
/// assert_eq!(parse_hex("0x0g"), Err(HexError::NotHex { digit: 'g', column: 4 }));
/// ```
pub fn parse_hex(text: &str) -> Result<Vec<u8>, HexError> {
    let digits = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    if let Some((i, digit)) = digits.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        let column = text.len() - digits.len() + i + 1;
        return Err(HexError::NotHex { digit, column });
    }
    if digits.is_empty() || digits.len() % 2 != 0 {
        return Err(HexError::NotOctets(digits.len()));
    }
    // All ASCII hex digits now, so every pair is one octet.
    let value = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    };
    Ok(digits
        .as_bytes()
        .chunks_exact(2)
        .map(|p| value(p[0]) << 4 | value(p[1]))
        .collect())
}

/// Octets as lowercase hex digits.
///
/// ```
/// assert_eq!(cv2x::text::to_hex(&[0x00, 0x14, 0xab]), "0014ab");
/// ```
pub fn to_hex(bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// One line of hex UPER (trimmed, `0x` allowed) to the `MessageFrame` it encodes.
pub fn decode_frame(text: &str) -> Result<MessageFrame, LineError> {
    let bytes = parse_hex(text.trim())?;
    MessageFrame::from_uper(&bytes).map_err(LineError::Decode)
}

/// One line of hex UPER to one line of canonical JSON (`v2x decode`).
#[cfg(feature = "serde")]
pub fn decode_line(text: &str) -> Result<String, LineError> {
    frame_to_json(&decode_frame(text)?)
}

/// One line of hex UPER to a human-readable summary of one or more lines (`v2x summary`);
/// SPaT times are counted from `now_utc_ms` (milliseconds since the Unix epoch).
pub fn summary_line(text: &str, now_utc_ms: u64) -> Result<String, LineError> {
    Ok(crate::j2735::summary::summarize(
        &decode_frame(text)?,
        now_utc_ms,
    ))
}

/// One line of canonical JSON to lowercase hex UPER (`v2x encode`).
#[cfg(feature = "serde")]
pub fn encode_line(text: &str) -> Result<String, LineError> {
    let frame: MessageFrame = serde_json::from_str(text.trim()).map_err(LineError::Json)?;
    let bytes = frame.to_uper().map_err(LineError::Encode)?;
    Ok(to_hex(&bytes))
}

/// A frame as one line of canonical JSON.
#[cfg(feature = "serde")]
pub fn frame_to_json(frame: &MessageFrame) -> Result<String, LineError> {
    serde_json::to_string(frame).map_err(LineError::WriteJson)
}

/// Which message set a line is read and written in (`v2x --profile`): J2735 (the
/// default), an edition of China's T/CSAE 53 / YD/T 3709 ([`Edition`]: `csae-2019`,
/// `csae-2020`), or `csae`: the CSAE edition found by [`rank`](crate::csae::rank) (with
/// `std` and `serde`), named in the output. A CSAE frame carries no edition.
///
/// ```
/// use cv2x::text::{Profile, ProfileError};
/// let p: Profile = "csae-2020".parse()?;
/// // A real CSAE SPAT (a Hisense RSU).
/// let hex = "36b6fa9db8e6c0080008010828058082300000006cc0408c0000001b30182500000000000a08c0000001090302300000004240e094000000000048250000000118140940000000460582500000000001a08c0000000550702300000001541e09400000000000";
/// # #[cfg(feature = "serde")] {
/// let json = p.decode_line(hex)?;
/// assert!(json.starts_with(r#"{"spatFrame":{"msgCnt":91,"#));
/// assert_eq!(p.encode_line(&json)?, hex);
/// # }
/// assert!(p.summary_line(hex, 0)?.starts_with("SPAT #91: 1 intersection(s)"));
/// # #[cfg(all(feature = "std", feature = "serde"))] {
/// // Ranked: the 2020 edition reads it, and the 2019 draft reads it the same.
/// let ranked: Profile = "csae".parse()?;
/// let json = ranked.decode_line(hex)?;
/// assert!(json.starts_with(r#"{"edition":"csae-2020","sameAs":["csae-2019"],"frame":{"spatFrame":"#), "{json}");
/// assert_eq!(ranked.encode_line(&json)?, hex);
/// # }
/// assert_eq!("j2735".parse::<Profile>()?, Profile::J2735);
/// assert_eq!("csae-2017".parse::<Profile>()?, Profile::Csae(cv2x::csae::Edition::V2017));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// SAE J2735 `MessageFrame`s ([`crate::j2735`]).
    #[default]
    J2735,
    /// CSAE `MessageFrame`s of one edition ([`crate::csae::v2017`], [`crate::csae::v2019`],
    /// [`crate::csae::v2020`]).
    Csae(Edition),
    /// CSAE `MessageFrame`s of the edition [`rank`](crate::csae::rank) finds, frame by
    /// frame; the JSON names it: `{"edition": "csae-2019", "frame": {...}}` (and
    /// `"sameAs"`, the other editions that read the frame alike).
    #[cfg(all(feature = "std", feature = "serde"))]
    CsaeRanked,
}

/// A profile name `v2x` does not take.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// A profile of the China set this version does not have yet.
    #[error(
        "profile {0} is not there yet (there are j2735, csae-2017, csae-2019, csae-2020 and csae)"
    )]
    NotYet(&'static str),
    /// Not a profile name.
    #[error("unknown profile {0:?} (j2735, csae-2017, csae-2019, csae-2020 or csae)")]
    Unknown(String),
}

impl core::str::FromStr for Profile {
    type Err = ProfileError;

    fn from_str(s: &str) -> Result<Self, ProfileError> {
        match s {
            "j2735" => Ok(Profile::J2735),
            #[cfg(all(feature = "std", feature = "serde"))]
            "csae" => Ok(Profile::CsaeRanked),
            #[cfg(not(all(feature = "std", feature = "serde")))]
            "csae" => Err(ProfileError::NotYet("csae")),
            other => other
                .parse::<Edition>()
                .map(Profile::Csae)
                .map_err(|_| ProfileError::Unknown(other.into())),
        }
    }
}

impl Profile {
    /// The name `v2x --profile` takes.
    pub fn name(self) -> &'static str {
        match self {
            Profile::J2735 => "j2735",
            Profile::Csae(e) => e.name(),
            #[cfg(all(feature = "std", feature = "serde"))]
            Profile::CsaeRanked => "csae",
        }
    }

    /// A whole frame of this profile (all of `bytes`, up to the zero padding of the last
    /// octet).
    pub fn decode(self, bytes: &[u8]) -> Result<ProfileFrame, LineError> {
        Ok(match self {
            Profile::J2735 => {
                ProfileFrame::J2735(MessageFrame::from_uper(bytes).map_err(LineError::Decode)?)
            }
            Profile::Csae(e) => ProfileFrame::Csae(e.decode(bytes).map_err(LineError::Decode)?),
            #[cfg(all(feature = "std", feature = "serde"))]
            Profile::CsaeRanked => ProfileFrame::Ranked(crate::csae::rank::rank(bytes)?),
        })
    }

    /// The next of a run of concatenated frames (the caller skips the padding to the next
    /// octet). Ranking needs each frame's own octets: [`LineError::NotOneFrame`].
    pub fn decode_next(self, r: &mut per::BitReader<'_>) -> Result<ProfileFrame, LineError> {
        Ok(match self {
            Profile::J2735 => {
                ProfileFrame::J2735(MessageFrame::decode(r).map_err(LineError::Decode)?)
            }
            Profile::Csae(e) => ProfileFrame::Csae(e.decode_from(r).map_err(LineError::Decode)?),
            #[cfg(all(feature = "std", feature = "serde"))]
            Profile::CsaeRanked => return Err(LineError::NotOneFrame),
        })
    }

    /// One line of hex UPER to one line of canonical JSON (`v2x decode`).
    #[cfg(feature = "serde")]
    pub fn decode_line(self, text: &str) -> Result<String, LineError> {
        self.decode(&parse_hex(text.trim())?)?.to_json()
    }

    /// One line of canonical JSON to lowercase hex UPER (`v2x encode`); under `csae` the
    /// line names its edition (`{"edition": ..., "frame": ...}`, as decoded).
    #[cfg(feature = "serde")]
    pub fn encode_line(self, text: &str) -> Result<String, LineError> {
        let text = text.trim();
        let csae = |e: Edition, v: serde_json::Value| -> Result<String, LineError> {
            let frame = e.frame_from_json(v).map_err(LineError::Json)?;
            Ok(to_hex(&frame.to_uper().map_err(LineError::Encode)?))
        };
        match self {
            Profile::J2735 => encode_line(text),
            Profile::Csae(e) => csae(e, serde_json::from_str(text).map_err(LineError::Json)?),
            #[cfg(all(feature = "std", feature = "serde"))]
            Profile::CsaeRanked => {
                #[derive(serde::Deserialize)]
                struct Named {
                    edition: String,
                    frame: serde_json::Value,
                }
                let n: Named = serde_json::from_str(text).map_err(LineError::Json)?;
                let e = n.edition.parse().map_err(LineError::Edition)?;
                csae(e, n.frame)
            }
        }
    }

    /// One line of hex UPER to a human-readable summary (`v2x summary`); `now_utc_ms` is
    /// the receiver's clock (see [`crate::j2735::summary`], [`crate::csae::summary`]).
    pub fn summary_line(self, text: &str, now_utc_ms: u64) -> Result<String, LineError> {
        Ok(self.decode(&parse_hex(text.trim())?)?.summary(now_utc_ms))
    }
}

/// A frame decoded under a [`Profile`].
// A CSAE frame holds its BSM inline (488 octets); one frame is handled at a time, and
// boxing it would allocate once more per frame.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ProfileFrame {
    /// A J2735 `MessageFrame`.
    J2735(MessageFrame),
    /// A CSAE frame, under the edition named.
    Csae(crate::csae::Frame),
    /// A CSAE frame under the edition ranking found.
    #[cfg(all(feature = "std", feature = "serde"))]
    Ranked(crate::csae::rank::Ranked),
}

impl ProfileFrame {
    /// The CSAE frame, if it is one.
    pub fn csae(&self) -> Option<&crate::csae::Frame> {
        match self {
            ProfileFrame::J2735(_) => None,
            ProfileFrame::Csae(f) => Some(f),
            #[cfg(all(feature = "std", feature = "serde"))]
            ProfileFrame::Ranked(r) => Some(&r.frame),
        }
    }

    /// The line `v2x decode` prints: the frame's canonical JSON (J2735: `{"messageId":
    /// ..., "value": ...}`; CSAE: `{"spatFrame": ...}`), or for a ranked CSAE frame
    /// `{"edition": ..., "sameAs": [...], "frame": ...}` (`sameAs` when not empty).
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> Result<String, LineError> {
        #[cfg(feature = "std")]
        if let ProfileFrame::Ranked(r) = self {
            // Written in this order, the frame in its own canonical order (a
            // `serde_json::Value` would sort the keys).
            let mut line = alloc::format!(r#"{{"edition":"{}""#, r.frame.edition().name());
            if !r.same_as.is_empty() {
                let names: Vec<String> = r
                    .same_as
                    .iter()
                    .map(|e| alloc::format!(r#""{e}""#))
                    .collect();
                line.push_str(&alloc::format!(r#","sameAs":[{}]"#, names.join(",")));
            }
            line.push_str(r#","frame":"#);
            line.push_str(&serde_json::to_string(&r.frame).map_err(LineError::WriteJson)?);
            line.push('}');
            return Ok(line);
        }
        serde_json::to_string(self).map_err(LineError::WriteJson)
    }

    /// The human-readable summary ([`crate::j2735::summary`], [`crate::csae::summary`]); a
    /// ranked frame's starts with its edition.
    pub fn summary(&self, now_utc_ms: u64) -> String {
        match self {
            ProfileFrame::J2735(f) => crate::j2735::summary::summarize(f, now_utc_ms),
            ProfileFrame::Csae(f) => crate::csae::summary::summarize_frame(f, now_utc_ms),
            #[cfg(all(feature = "std", feature = "serde"))]
            ProfileFrame::Ranked(r) => {
                let mut s = String::from(r.frame.edition().name());
                for (i, e) in r.same_as.iter().enumerate() {
                    s.push_str(if i == 0 { " (read alike by " } else { ", " });
                    s.push_str(e.name());
                }
                if !r.same_as.is_empty() {
                    s.push(')');
                }
                s.push_str(": ");
                s.push_str(&crate::csae::summary::summarize_frame(&r.frame, now_utc_ms));
                s
            }
        }
    }

    /// What kind of message it is: the J2735 `messageId` right-aligned in 5 columns, or
    /// the CSAE message's short name (`SPAT`, `MAP`, ..., `EXT`).
    pub fn kind(&self) -> String {
        match (self, self.csae()) {
            (ProfileFrame::J2735(f), _) => alloc::format!("{:>5}", f.message.message_id()),
            (_, Some(f)) => f.msg_type().into(),
            (_, None) => String::new(),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for ProfileFrame {
    /// As the frame itself (a ranked frame without its edition: see
    /// [`ProfileFrame::to_json`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self, self.csae()) {
            (ProfileFrame::J2735(f), _) => f.serialize(s),
            (_, Some(f)) => f.serialize(s),
            (_, None) => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn hex_errors_name_the_column_and_the_count() {
        assert_eq!(
            parse_hex("0X12 4").unwrap_err().to_string(),
            "' ' is not a hex digit (column 5)"
        );
        assert_eq!(parse_hex(""), Err(HexError::NotOctets(0)));
        assert_eq!(parse_hex("0x"), Err(HexError::NotOctets(0)));
        // A digit beyond ASCII is not a hex digit, and its column counts octets.
        assert_eq!(
            parse_hex("é0"),
            Err(HexError::NotHex {
                digit: 'é',
                column: 1
            })
        );
        assert_eq!(parse_hex("09afAF"), Ok(alloc::vec![0x09, 0xaf, 0xaf]));
    }

    #[test]
    fn every_octet_round_trips_through_hex() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(parse_hex(&to_hex(&all)), Ok(all.clone()));
        assert_eq!(parse_hex(&to_hex(&all).to_uppercase()), Ok(all));
    }

    #[test]
    fn decode_errors_keep_the_decoder_message() {
        // Message 20 (BSM) with a value cut short.
        let e = decode_frame("0014").unwrap_err();
        assert!(matches!(e, LineError::Decode(_)), "{e:?}");
        assert!(e.to_string().contains(" at bit "), "{e}");
        assert!(matches!(decode_frame("00 14"), Err(LineError::Hex(_))));
    }

    #[test]
    fn profiles_by_name() {
        assert_eq!("csae-2020".parse(), Ok(Profile::Csae(Edition::V2020)));
        assert_eq!("csae-2019".parse(), Ok(Profile::Csae(Edition::V2019)));
        assert_eq!(Profile::default().name(), "j2735");
        assert_eq!("csae-2017".parse(), Ok(Profile::Csae(Edition::V2017)));
        assert_eq!(
            "CSAE".parse::<Profile>().unwrap_err().to_string(),
            "unknown profile \"CSAE\" (j2735, csae-2017, csae-2019, csae-2020 or csae)"
        );
        // A J2735 BSM is not a CSAE frame: the CSAE decoder says so rather than guess.
        let bsm =
            "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
        assert!(matches!(
            Profile::Csae(Edition::V2020).summary_line(bsm, 0),
            Err(LineError::Decode(_))
        ));
    }

    #[cfg(all(feature = "std", feature = "serde"))]
    #[test]
    fn ranked_csae_names_the_edition_and_refuses_files() {
        // The real 2019-draft RSI, which 2020 cannot read.
        let rsi = "4224626466686a0000018cc8e5275d434d0c2000198f64d5c110010002001f40081f5750d0aa4664b8adc2001d5d4343b11992c457080075750d209c66491bac2001d5d434d0d1991ca4f080000640";
        let json = Profile::CsaeRanked.decode_line(rsi).unwrap();
        assert!(
            json.starts_with(r#"{"edition":"csae-2019","frame":{"rsiFrame":"#),
            "{json}"
        );
        assert_eq!(Profile::CsaeRanked.encode_line(&json).unwrap(), rsi);
        let summary = Profile::CsaeRanked.summary_line(rsi, 0).unwrap();
        assert!(summary.starts_with("csae-2019: RSI "), "{summary}");
        // Under 2020 it is refused; ranking a J2735 frame names every edition's refusal.
        assert!(Profile::Csae(Edition::V2020).decode_line(rsi).is_err());
        let e = Profile::CsaeRanked
            .decode_line(
                "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
            )
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no CSAE edition reads this frame: csae-2020: "),
            "{e}"
        );
        let bytes = parse_hex(rsi).unwrap();
        assert!(matches!(
            Profile::CsaeRanked.decode_next(&mut per::BitReader::new(&bytes)),
            Err(LineError::NotOneFrame)
        ));
        let e = Profile::CsaeRanked
            .encode_line(r#"{"edition":"csae-2021","frame":{}}"#)
            .unwrap_err();
        assert!(matches!(e, LineError::Edition(_)), "{e:?}");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn json_errors_say_json() {
        let e = encode_line("{").unwrap_err();
        assert!(e.to_string().starts_with("bad JSON: "), "{e}");
        let e = encode_line(r#"{"messageId": 20, "value": {}}"#).unwrap_err();
        assert!(matches!(e, LineError::Json(_)), "{e:?}");
    }
}

//! The JSON envelope a decoded frame is published in, the error record of a frame that
//! does not decode, and the message profile and short names they carry.
//!
//! ```
//! use cv2x::cloud::envelope::{Envelope, Profile};
//! let raw = cv2x::text::parse_hex(
//!     "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
//! )?;
//! let env = Envelope::decode("rsu-1", 1_700_000_000_123, Profile::J2735, &raw)?;
//! assert_eq!(env.msg_type(), "BSM");
//! let json = env.to_json();
//! assert!(json.starts_with(r#"{"rsuId":"rsu-1","receivedAt":1700000000123,"profile":"j2735","msgType":"BSM","raw":"0014"#));
//! assert_eq!(Envelope::from_json(&json)?, env);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::j2735::MessageFrame;
use crate::per::Decode;
use crate::text::{parse_hex, to_hex};

/// Which family of message sets a frame belongs to. Only SAE J2735 today; China's
/// T/CSAE 53 / YD/T 3709 editions join as further variants (their frames carry no version,
/// so the profile is configured per source, never guessed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// SAE J2735 (2016/2020 `MessageFrame` with a `messageId`).
    #[default]
    J2735,
}

impl Profile {
    /// The name used in envelopes and configuration (`"j2735"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::J2735 => "j2735",
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = EnvelopeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "j2735" => Ok(Profile::J2735),
            _ => Err(EnvelopeError::Profile(s.chars().take(32).collect())),
        }
    }
}

/// The short name of a J2735 message (`DSRCmsgID`), in capitals as in MQTT topics:
/// `MAP`, `SPAT`, `BSM`, `SRM`, `SSM`, `TIM`, `PSM`, ...; an ID without one is `ID<n>`.
///
/// ```
/// assert_eq!(cv2x::cloud::envelope::short_name(19), "SPAT");
/// assert_eq!(cv2x::cloud::envelope::short_name(240), "ID240");
/// ```
pub fn short_name(message_id: u16) -> Cow<'static, str> {
    Cow::Borrowed(match message_id {
        18 => "MAP",
        19 => "SPAT",
        20 => "BSM",
        21 => "CSR",
        22 => "EVA",
        23 => "ICA",
        24 => "NMEA",
        25 => "PDM",
        26 => "PVD",
        27 => "RSA",
        28 => "RTCM",
        29 => "SRM",
        30 => "SSM",
        31 => "TIM",
        32 => "PSM",
        id => return Cow::Owned(format!("ID{id}")),
    })
}

/// The message ID a short name (either case) stands for: the inverse of [`short_name`].
pub fn message_id_of(name: &str) -> Option<u16> {
    let upper = name.to_ascii_uppercase();
    if let Some(n) = upper.strip_prefix("ID") {
        return n.parse().ok().filter(|id| short_name(*id) == upper);
    }
    (18..=32).find(|&id| short_name(id) == upper.as_str())
}

/// What is wrong with an envelope or with a frame that should fill one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The frame does not decode.
    #[error("frame: {0}")]
    Frame(#[from] crate::per::Error),
    /// A profile this build does not know.
    #[error("unknown profile {0:?} (this build knows \"j2735\")")]
    Profile(String),
    /// Not the JSON of an envelope.
    #[error("envelope JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// Its `raw` is not hex.
    #[error("envelope raw: {0}")]
    Hex(#[from] crate::text::HexError),
    /// Its `value` is not the frame its `raw` encodes.
    #[error("envelope value differs from its raw frame")]
    Mismatch,
}

/// One decoded frame as published: who heard it, when, and the frame both as sent and
/// as canonical JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    /// The RSU the frame came from (`rsuId`).
    pub rsu_id: String,
    /// When the bridge received it, ms since the Unix epoch (`receivedAt`).
    pub received_at: u64,
    /// `profile`.
    pub profile: Profile,
    /// The UPER `MessageFrame` octets, unwrapped from their link framing (`raw`, in hex).
    pub raw: Vec<u8>,
    /// The decoded frame (`value`, in the crate's canonical JSON).
    pub frame: MessageFrame,
}

impl Envelope {
    /// Decodes `raw` (a bare UPER `MessageFrame`) into an envelope.
    pub fn decode(
        rsu_id: &str,
        received_at: u64,
        profile: Profile,
        raw: &[u8],
    ) -> Result<Self, EnvelopeError> {
        let frame = match profile {
            Profile::J2735 => MessageFrame::from_uper(raw)?,
        };
        Ok(Envelope {
            rsu_id: rsu_id.to_owned(),
            received_at,
            profile,
            raw: raw.to_vec(),
            frame,
        })
    }

    /// `msgType`: the message's short name ([`short_name`]).
    pub fn msg_type(&self) -> Cow<'static, str> {
        short_name(self.frame.message.message_id())
    }

    /// The envelope as one line of JSON, keys in the order `rsuId`, `receivedAt`,
    /// `profile`, `msgType`, `raw`, `value`.
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(self.raw.len() * 8 + 160);
        self.write_json(&mut out);
        // Only serde_json's output and ASCII went in.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends the JSON of [`Envelope::to_json`] to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"rsuId\":");
        write_json_str(out, &self.rsu_id);
        let mut head = String::with_capacity(64);
        let _ = write!(
            head,
            ",\"receivedAt\":{},\"profile\":\"{}\",\"msgType\":\"{}\",\"raw\":\"",
            self.received_at,
            self.profile.as_str(),
            self.msg_type()
        );
        out.extend_from_slice(head.as_bytes());
        push_hex(out, &self.raw);
        out.extend_from_slice(b"\",\"value\":");
        if serde_json::to_writer(&mut *out, &self.frame).is_err() {
            // The frame types serialize infallibly into memory; keep the line valid anyway.
            out.extend_from_slice(b"null");
        }
        out.push(b'}');
    }

    /// Reads an envelope back: its `raw` is decoded and must give its `value`.
    pub fn from_json(json: &str) -> Result<Self, EnvelopeError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            rsu_id: String,
            received_at: u64,
            profile: String,
            raw: String,
            value: MessageFrame,
        }
        let w: Wire = serde_json::from_str(json)?;
        let raw = parse_hex(&w.raw)?;
        let env = Envelope::decode(&w.rsu_id, w.received_at, w.profile.parse()?, &raw)?;
        if env.frame != w.value {
            return Err(EnvelopeError::Mismatch);
        }
        Ok(env)
    }
}

/// The record published on the error topic for a datagram that gave no envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRecord<'a> {
    /// The RSU it came from.
    pub rsu_id: &'a str,
    /// When it was received, ms since the Unix epoch.
    pub received_at: u64,
    /// The profile it was decoded under.
    pub profile: Profile,
    /// What was wrong.
    pub error: String,
    /// The datagram's length in octets.
    pub len: usize,
    /// The datagram (possibly only its start: see [`ErrorRecord::to_json`]).
    pub raw: &'a [u8],
}

impl ErrorRecord<'_> {
    /// One line of JSON: `rsuId`, `receivedAt`, `profile`, `error`, `len`, and `raw`, the
    /// hex of at most the first `max_raw` octets.
    pub fn to_json(&self, max_raw: usize) -> String {
        let mut out = Vec::with_capacity(128 + 2 * self.raw.len().min(max_raw));
        out.extend_from_slice(b"{\"rsuId\":");
        write_json_str(&mut out, self.rsu_id);
        let head = format!(
            ",\"receivedAt\":{},\"profile\":\"{}\",\"error\":",
            self.received_at,
            self.profile.as_str()
        );
        out.extend_from_slice(head.as_bytes());
        write_json_str(&mut out, &self.error);
        out.extend_from_slice(format!(",\"len\":{},\"raw\":\"", self.len).as_bytes());
        push_hex(&mut out, &self.raw[..self.raw.len().min(max_raw)]);
        out.extend_from_slice(b"\"}");
        String::from_utf8(out).unwrap_or_default()
    }
}

pub(crate) fn write_json_str(out: &mut Vec<u8>, s: &str) {
    if serde_json::to_writer(&mut *out, s).is_err() {
        out.extend_from_slice(b"\"\"");
    }
}

fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize]);
        out.push(DIGITS[(b & 15) as usize]);
    }
}

/// Lowercase hex, as in envelopes (re-exported for callers building records).
pub fn hex(bytes: &[u8]) -> String {
    to_hex(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BSM: &str =
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";

    #[test]
    fn names_round_trip() {
        for id in 0..=300u16 {
            assert_eq!(message_id_of(&short_name(id)), Some(id), "{id}");
        }
        assert_eq!(message_id_of("spat"), Some(19));
        assert_eq!(message_id_of("ID019"), None);
        assert_eq!(message_id_of("NOPE"), None);
    }

    #[test]
    fn envelope_keys_and_round_trip() {
        let raw = parse_hex(BSM).unwrap();
        let env = Envelope::decode("a\"b", 5, Profile::J2735, &raw).unwrap();
        let json = env.to_json();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        let mut want = ["rsuId", "receivedAt", "profile", "msgType", "raw", "value"];
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(v["rsuId"], "a\"b");
        assert_eq!(v["raw"], BSM);
        assert_eq!(v["value"]["messageId"], 20);
        assert_eq!(Envelope::from_json(&json).unwrap(), env);
        // A value that is not the raw frame's is refused.
        let other = json.replace("\"msgCnt\":", "\"msgCnt\":1");
        assert!(Envelope::from_json(&other).is_err());
    }

    #[test]
    fn error_record_is_json_and_bounded() {
        let raw = [0xffu8; 100];
        let r = ErrorRecord {
            rsu_id: "r",
            received_at: 1,
            profile: Profile::J2735,
            error: "bad \"thing\"".into(),
            len: raw.len(),
            raw: &raw,
        };
        let v: serde_json::Value = serde_json::from_str(&r.to_json(10)).unwrap();
        assert_eq!(v["raw"].as_str().unwrap().len(), 20);
        assert_eq!(v["len"], 100);
        assert_eq!(v["error"], "bad \"thing\"");
    }

    #[test]
    fn unknown_profile_is_an_error() {
        assert!("csae-2020".parse::<Profile>().is_err());
        assert_eq!("j2735".parse::<Profile>().unwrap(), Profile::J2735);
    }
}

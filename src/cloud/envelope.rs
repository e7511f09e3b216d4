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

use crate::csae::{Edition, Frame};
use crate::j2735::MessageFrame;
use crate::per::Decode;
use crate::text::{parse_hex, to_hex, ProfileFrame};

/// Which message set a source's frames are read in: [`crate::text::Profile`], the
/// profile `v2x decode --profile` takes, named the same (`j2735`, `csae-2017`, `csae-2019`,
/// `csae-2020`, and `csae`: the one CSAE edition [`rank`](crate::csae::rank::rank) finds
/// reads the frame plausibly). A CSAE frame carries no edition, so the profile is
/// configured per source; an envelope names the edition its frame was decoded under
/// (never `csae`).
pub use crate::text::Profile;

/// The short name of a J2735 message (`DSRCmsgID`), in capitals as in MQTT topics:
/// `MAP`, `SPAT`, `BSM`, `SRM`, `SSM`, `TIM`, `PSM`, `RSM` (J2735-2024's RoadSafetyMessage), ...;
/// an ID without one is `ID<n>`.
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
        33 => "RSM",
        id => return Cow::Owned(format!("ID{id}")),
    })
}

/// The message ID a short name (either case) stands for: the inverse of [`short_name`].
pub fn message_id_of(name: &str) -> Option<u16> {
    let upper = name.to_ascii_uppercase();
    if let Some(n) = upper.strip_prefix("ID") {
        return n.parse().ok().filter(|id| short_name(*id) == upper);
    }
    (18..=33).find(|&id| short_name(id) == upper.as_str())
}

/// What is wrong with an envelope or with a frame that should fill one.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The J2735 frame does not decode.
    #[error("frame: {0}")]
    Frame(#[from] crate::per::Error),
    /// The CSAE frame does not decode under the source's edition.
    #[error("frame under {edition}: {source}")]
    Csae {
        /// The edition it was read under.
        edition: Edition,
        /// Why it does not decode.
        source: crate::per::Error,
    },
    /// The CSAE frame decodes under the source's edition, but to an implausible value
    /// ([`crate::csae::rank::implausible`]): most likely another edition's frame.
    #[error("implausible under {edition} (another edition's frame?): {reason}")]
    Implausible {
        /// The edition it was read under.
        edition: Edition,
        /// What is implausible.
        reason: String,
    },
    /// Profile `csae`: no edition, or more than one, reads the frame plausibly.
    #[error(transparent)]
    Rank(#[from] crate::csae::rank::RankError),
    /// A profile this build does not know.
    #[error(transparent)]
    Profile(#[from] crate::text::ProfileError),
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
    /// `profile`: [`Profile::J2735`], or the CSAE edition the frame was decoded under
    /// (`csae-2020`; under the `csae` profile, the edition ranking found).
    pub profile: Profile,
    /// `aid`: the DSMP AID the frame came under (`3619` for a SPAT), when it came in DSMP;
    /// absent from the JSON otherwise.
    pub aid: Option<u32>,
    /// The UPER `MessageFrame` octets, unwrapped from their link framing (`raw`, in hex).
    pub raw: Vec<u8>,
    /// The decoded frame (`value`, in the crate's canonical JSON: J2735's
    /// `{"messageId": ..., "value": ...}`, or the CSAE edition's `{"spatFrame": ...}`):
    /// [`ProfileFrame::J2735`] or [`ProfileFrame::Csae`].
    pub frame: ProfileFrame,
}

impl Envelope {
    /// Decodes `raw` (a bare UPER `MessageFrame`) into an envelope, under `profile`. A CSAE
    /// frame must decode whole and be plausible under the edition
    /// ([`crate::csae::rank::implausible`]: a frame of another edition often decodes to
    /// garbage); under `csae` exactly one edition must read it plausibly
    /// ([`crate::csae::rank::rank`]), else the error says which read it how.
    pub fn decode(
        rsu_id: &str,
        received_at: u64,
        profile: Profile,
        raw: &[u8],
    ) -> Result<Self, EnvelopeError> {
        let (profile, frame) = match profile {
            Profile::J2735 => (profile, ProfileFrame::J2735(MessageFrame::from_uper(raw)?)),
            Profile::Csae(edition) => {
                let frame = edition
                    .decode(raw)
                    .map_err(|source| EnvelopeError::Csae { edition, source })?;
                let json = serde_json::to_value(&frame)?;
                if let Some(reason) = crate::csae::rank::implausible(edition, &json) {
                    return Err(EnvelopeError::Implausible { edition, reason });
                }
                (profile, ProfileFrame::Csae(frame))
            }
            Profile::CsaeRanked => {
                let ranked = crate::csae::rank::rank(raw)?;
                (
                    Profile::Csae(ranked.frame.edition()),
                    ProfileFrame::Csae(ranked.frame),
                )
            }
        };
        Ok(Envelope {
            rsu_id: rsu_id.to_owned(),
            received_at,
            profile,
            aid: None,
            raw: raw.to_vec(),
            frame,
        })
    }

    /// `msgType`: a J2735 message's short name ([`short_name`]), or the CSAE message's
    /// ([`Frame::msg_type`]: `BSM`, `MAP`, `RSM`, `SPAT`, `RSI`, the Day-2 `TEST`, `RTCM`,
    /// `RSC`, `SSM` (sensor sharing), `VIR`, `PAM`, `PSM`, `CLPMM`, `VPM`, `EXT`;
    /// `UNKNOWN` for an alternative the edition does not know).
    pub fn msg_type(&self) -> Cow<'static, str> {
        match &self.frame {
            ProfileFrame::J2735(f) => short_name(f.message.message_id()),
            other => Cow::Borrowed(other.csae().map_or("UNKNOWN", Frame::msg_type)),
        }
    }

    /// The envelope as one line of JSON, keys in the order `rsuId`, `receivedAt`,
    /// `profile`, `msgType`, `aid` (only if it came in DSMP), `raw`, `value`.
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
            ",\"receivedAt\":{},\"profile\":\"{}\",\"msgType\":\"{}\"",
            self.received_at,
            self.profile.name(),
            self.msg_type()
        );
        if let Some(aid) = self.aid {
            let _ = write!(head, ",\"aid\":{aid}");
        }
        head.push_str(",\"raw\":\"");
        out.extend_from_slice(head.as_bytes());
        push_hex(out, &self.raw);
        out.extend_from_slice(b"\",\"value\":");
        if serde_json::to_writer(&mut *out, &self.frame).is_err() {
            // The frame types serialize infallibly into memory; keep the line valid anyway.
            out.extend_from_slice(b"null");
        }
        out.push(b'}');
    }

    /// Reads an envelope back: its `raw` is decoded under its `profile` (for CSAE, the
    /// edition it names) and must give its `value`.
    pub fn from_json(json: &str) -> Result<Self, EnvelopeError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            rsu_id: String,
            received_at: u64,
            profile: String,
            #[serde(default)]
            aid: Option<u32>,
            raw: String,
            value: serde_json::Value,
        }
        let w: Wire = serde_json::from_str(json)?;
        let raw = parse_hex(&w.raw)?;
        let mut env = Envelope::decode(&w.rsu_id, w.received_at, w.profile.parse()?, &raw)?;
        let same = match &env.frame {
            ProfileFrame::J2735(f) => serde_json::from_value::<MessageFrame>(w.value)? == *f,
            other => match other.csae() {
                Some(f) => f.edition().frame_from_json(w.value)? == *f,
                None => false,
            },
        };
        if !same {
            return Err(EnvelopeError::Mismatch);
        }
        env.aid = w.aid;
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
    /// The profile it was decoded under (`csae` for a frame ranking could not place).
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
            self.profile.name()
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
    fn profiles_parse_by_name() {
        use crate::csae::Edition;
        assert_eq!("j2735".parse::<Profile>().unwrap(), Profile::J2735);
        for e in Edition::ALL {
            assert_eq!(e.name().parse::<Profile>().unwrap(), Profile::Csae(e));
        }
        assert_eq!("csae".parse::<Profile>().unwrap(), Profile::CsaeRanked);
        for bad in ["", "csae-2018", "J2735", "gb"] {
            assert!(bad.parse::<Profile>().is_err(), "{bad}");
        }
    }

    /// A real Hisense SPAT (a 2019-draft encoding 2020 reads alike).
    const CSAE_SPAT: &str = "36b6fa9db8e6c0080008010828058082300000006cc0408c0000001b30182500000000000a08c0000001090302300000004240e094000000000048250000000118140940000000460582500000000001a08c0000000550702300000001541e09400000000000";

    #[test]
    fn csae_envelope_names_its_edition_and_round_trips() {
        use crate::csae::Edition;
        let raw = parse_hex(CSAE_SPAT).unwrap();
        for (profile, edition) in [
            (Profile::Csae(Edition::V2020), Edition::V2020),
            (Profile::Csae(Edition::V2019), Edition::V2019),
            (Profile::CsaeRanked, Edition::V2020),
        ] {
            let mut env = Envelope::decode("r", 9, profile, &raw).unwrap();
            assert_eq!(env.profile, Profile::Csae(edition));
            assert_eq!(env.msg_type(), "SPAT");
            env.aid = Some(crate::link::dsmp::aid::SPAT);
            let json = env.to_json();
            assert!(
                json.starts_with(&format!(
                    r#"{{"rsuId":"r","receivedAt":9,"profile":"{edition}","msgType":"SPAT","aid":3619,"raw":"36b6"#
                )),
                "{json}"
            );
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(
                v["value"],
                serde_json::to_value(edition.decode(&raw).unwrap()).unwrap()
            );
            assert_eq!(v["value"]["spatFrame"]["msgCnt"], 91);
            assert_eq!(Envelope::from_json(&json).unwrap(), env);
            let other = json.replace("\"msgCnt\":91", "\"msgCnt\":92");
            assert!(matches!(
                Envelope::from_json(&other),
                Err(EnvelopeError::Mismatch)
            ));
        }
    }

    #[test]
    fn wrong_or_unplaceable_csae_frames_are_errors() {
        use crate::csae::Edition;
        // The real 2019-draft RSI: 2020 cannot read it, 2017 neither.
        let rsi = parse_hex("4224626466686a0000018cc8e5275d434d0c2000198f64d5c110010002001f40081f5750d0aa4664b8adc2001d5d4343b11992c457080075750d209c66491bac2001d5d434d0d1991ca4f080000640").unwrap();
        let e = Envelope::decode("r", 1, Profile::Csae(Edition::V2020), &rsi).unwrap_err();
        assert!(e.to_string().starts_with("frame under csae-2020: "), "{e}");
        let env = Envelope::decode("r", 1, Profile::CsaeRanked, &rsi).unwrap();
        assert_eq!(
            (env.profile, env.msg_type()),
            (Profile::Csae(Edition::V2019), "RSI".into())
        );
        // Nothing reads it.
        let junk: [&[u8]; 3] = [&[0xff, 0xff], &[], &[0x36]];
        for junk in junk {
            let e = Envelope::decode("r", 1, Profile::CsaeRanked, junk).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("no CSAE edition reads this frame"),
                "{e}"
            );
        }
        // A J2735 BSM under a CSAE edition.
        let bsm = parse_hex(BSM).unwrap();
        assert!(Envelope::decode("r", 1, Profile::Csae(Edition::V2020), &bsm).is_err());
    }
}

//! Decoding under a named edition: [`Edition`] (`csae-2017`, `csae-2019`, `csae-2020`) and [`Frame`],
//! a frame of any edition, for code that learns the edition at run time (from a
//! configuration, a command line, or [`rank`](super::rank)).

use core::fmt;
use core::str::FromStr;

use super::{v2017, v2019, v2020};
use crate::per::{BitReader, Decode, Encode, Result};

/// `$body` with `$m` the edition's module and `$v` its `Frame` variant, for the edition `$e`.
macro_rules! for_each_edition {
    ($e:expr, $m:ident, $v:ident => $body:expr) => {
        Ok(match $e {
            Edition::V2017 => {
                use v2017 as $m;
                use Frame::V2017 as $v;
                $body
            }
            Edition::V2019 => {
                use v2019 as $m;
                use Frame::V2019 as $v;
                $body
            }
            Edition::V2020 => {
                use v2020 as $m;
                use Frame::V2020 as $v;
                $body
            }
        })
    };
}

/// A CSAE edition this crate implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// T/CSAE 53-2017 ([`v2017`]).
    V2017,
    /// The 2019 revision draft of T/CSAE 53 ([`v2019`]).
    V2019,
    /// YD/T 3709-2020 = T/CSAE 53-2020, Day-1 ([`v2020`]).
    V2020,
}

impl Edition {
    /// Every edition, newest first (the order [`rank`](super::rank) prefers).
    pub const ALL: [Edition; 3] = [Edition::V2020, Edition::V2019, Edition::V2017];

    /// Its name on command lines and in JSON (`"csae-2020"`).
    pub const fn name(self) -> &'static str {
        match self {
            Edition::V2017 => "csae-2017",
            Edition::V2019 => "csae-2019",
            Edition::V2020 => "csae-2020",
        }
    }

    /// Decodes a whole frame under this edition (all of `data` used, up to the zero
    /// padding of its last octet).
    pub fn decode(self, data: &[u8]) -> Result<Frame> {
        for_each_edition!(self, m, V => V(m::MessageFrame::from_uper(data)?))
    }

    /// Decodes one frame from `r` under this edition, leaving `r` after it (for a run of
    /// frames; [`decode`](Self::decode) checks that a frame is the whole input).
    pub fn decode_from(self, r: &mut BitReader<'_>) -> Result<Frame> {
        for_each_edition!(self, m, V => V(m::MessageFrame::decode(r)?))
    }

    /// A frame of this edition from its canonical JSON (`{"spatFrame": {...}}`).
    #[cfg(feature = "serde")]
    pub fn frame_from_json(
        self,
        json: serde_json::Value,
    ) -> core::result::Result<Frame, serde_json::Error> {
        for_each_edition!(self, m, V => V(serde_json::from_value::<m::MessageFrame>(json)?))
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not one of [`Edition::ALL`]'s.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown CSAE edition {0:?} (known: csae-2017, csae-2019, csae-2020)")]
pub struct UnknownEdition(pub alloc::string::String);

impl FromStr for Edition {
    type Err = UnknownEdition;

    fn from_str(s: &str) -> core::result::Result<Self, UnknownEdition> {
        Edition::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| UnknownEdition(s.into()))
    }
}

/// A whole frame decoded under one edition. Its JSON is the edition's frame's
/// (`{"spatFrame": {...}}`), without the edition.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Frame {
    /// A 2017 frame.
    V2017(v2017::MessageFrame),
    /// A 2019-draft frame.
    V2019(v2019::MessageFrame),
    /// A 2020 frame.
    V2020(v2020::MessageFrame),
}

impl Frame {
    /// The edition it was decoded under.
    pub fn edition(&self) -> Edition {
        match self {
            Frame::V2017(_) => Edition::V2017,
            Frame::V2019(_) => Edition::V2019,
            Frame::V2020(_) => Edition::V2020,
        }
    }

    /// The message's short name in capitals: `"BSM"`, `"MAP"`, `"RSM"`, `"SPAT"`, `"RSI"`;
    /// a Day-2 message's (`"TEST"`, `"RTCM"`, `"RSC"`, `"SSM"` (sensor sharing), `"VIR"`,
    /// `"PAM"`, `"PSM"`, `"CLPMM"`, `"VPM"`; `"EXT"` for another id); `"UNKNOWN"` for an
    /// alternative the edition does not know.
    pub fn msg_type(&self) -> &'static str {
        macro_rules! name {
            ($ed:ident, $f:expr) => {
                match $f {
                    $ed::MessageFrame::BsmFrame(_) => "BSM",
                    $ed::MessageFrame::MapFrame(_) => "MAP",
                    $ed::MessageFrame::RsmFrame(_) => "RSM",
                    $ed::MessageFrame::SpatFrame(_) => "SPAT",
                    $ed::MessageFrame::RsiFrame(_) => "RSI",
                    #[allow(unreachable_patterns)]
                    _ => "UNKNOWN",
                }
            };
        }
        match self {
            Frame::V2017(f) => name!(v2017, f),
            Frame::V2019(f) => name!(v2019, f),
            Frame::V2020(v2020::MessageFrame::MsgFrameExt(e)) => match e.message_id.0 {
                0 => "TEST",
                10 => "RTCM",
                11 => "RSC",
                12 => "SSM",
                13 => "VIR",
                14 => "PAM",
                15 => "PSM",
                16 => "CLPMM",
                17 => "VPM",
                _ => "EXT",
            },
            Frame::V2020(f) => name!(v2020, f),
        }
    }

    /// Whether the frame is an alternative its edition does not know (kept as octets): an
    /// edition that reads it so cannot tell what it is.
    pub fn is_unknown_alternative(&self) -> bool {
        self.msg_type() == "UNKNOWN"
    }

    /// Encodes it again (byte-exact with what it was decoded from).
    pub fn to_uper(&self) -> Result<alloc::vec::Vec<u8>> {
        match self {
            Frame::V2017(f) => f.to_uper(),
            Frame::V2019(f) => f.to_uper(),
            Frame::V2020(f) => f.to_uper(),
        }
    }
}

//! China's DSMP (YD/T 3707, the dedicated short message protocol of LTE-V2X): what carries
//! a T/CSAE 53 `MessageFrame` (or a security SPDU holding one) over PC5, in place of
//! WSMP.
//!
//! | octets | field |
//! |---|---|
//! | 1 | `0x04`: the adaptation layer's protocol type, before the DSMP header |
//! | 1 | version (3 bits, 0), option indicator (1 bit), `0000` |
//! | if the option indicator is set | an element count, then per element its ID, its length (one octet each) and its value |
//! | 1 or 2 | the AID: one octet up to `0x7f`, else big-endian `AID + 0x7f80` (3618, MAP: `8d a2`) |
//! | 2 | the payload's length, big-endian |
//! | n | the payload |
//!
//! ```
//! use cv2x::link::dsmp::{aid, Dsmp};
//! let frame = [0x14, 0x01, 0x02];
//! let mut out = Vec::new();
//! Dsmp::new(aid::MAP, &frame).write(&mut out)?;
//! assert_eq!(out, [0x04, 0x00, 0x8d, 0xa2, 0x00, 0x03, 0x14, 0x01, 0x02]);
//! let d = Dsmp::parse(&out)?;
//! assert_eq!((d.aid, d.payload), (aid::MAP, &frame[..]));
//! # Ok::<(), cv2x::link::LinkError>(())
//! ```

use super::LinkError;

/// The adaptation layer's protocol type that announces DSMP.
pub const PROTOCOL_TYPE: u8 = 0x04;

/// The largest AID the two-octet form carries (`0xffff - 0x7f80`).
pub const MAX_AID: u32 = 0xffff - 0x7f80;

/// The AIDs of YD/T 3707 for the T/CSAE 53 messages (the application identifiers that
/// take the place of J2735's PSIDs).
pub mod aid {
    /// BSM, ordinary vehicle, regular.
    pub const BSM: u32 = 111;
    /// BSM, ordinary vehicle, event.
    pub const BSM_EVENT: u32 = 112;
    /// BSM, special vehicle, regular.
    pub const BSM_SPECIAL: u32 = 113;
    /// BSM, special vehicle, event.
    pub const BSM_SPECIAL_EVENT: u32 = 114;
    /// BSM from an aftermarket device.
    pub const BSM_AFTERMARKET: u32 = 3617;
    /// MAP.
    pub const MAP: u32 = 3618;
    /// SPAT.
    pub const SPAT: u32 = 3619;
    /// RSI, static (signs).
    pub const RSI_STATIC: u32 = 3620;
    /// RSI, semi-static.
    pub const RSI_SEMI_STATIC: u32 = 3621;
    /// RSI, dynamic (events).
    pub const RSI_DYNAMIC: u32 = 3622;
    /// RSM.
    pub const RSM: u32 = 3623;
}

/// One DSMP message: its AID, its extension elements and its payload, borrowed from the
/// datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dsmp<'a> {
    /// The application identifier ([`aid`]).
    pub aid: u32,
    /// The extension elements as on the wire (count excluded): `ID, length, value`
    /// repeated; empty when the option indicator is clear. [`Dsmp::elements`] walks them.
    pub elements: &'a [u8],
    /// The payload: a security SPDU or a bare `MessageFrame`.
    pub payload: &'a [u8],
}

impl<'a> Dsmp<'a> {
    /// A message without extension elements.
    pub fn new(aid: u32, payload: &'a [u8]) -> Self {
        Dsmp {
            aid,
            elements: &[],
            payload,
        }
    }

    /// Parses a DSMP message (from its protocol-type octet) that fills `b` exactly.
    pub fn parse(b: &'a [u8]) -> Result<Self, LinkError> {
        let (d, end) = Self::parse_prefix(b)?;
        match b.len() - end {
            0 => Ok(d),
            n => Err(LinkError::Trailing(n)),
        }
    }

    /// Parses a DSMP message at the start of `b`; returns it and where it ends.
    pub fn parse_prefix(b: &'a [u8]) -> Result<(Self, usize), LinkError> {
        let octet = |at: usize| b.get(at).copied().ok_or(LinkError::Truncated(at));
        let kind = octet(0)?;
        if kind != PROTOCOL_TYPE {
            return Err(LinkError::Unsupported {
                what: "adaptation-layer protocol type",
                value: kind as u32,
                at: 0,
            });
        }
        let head = octet(1)?;
        if head >> 5 != 0 {
            return Err(LinkError::Unsupported {
                what: "DSMP version",
                value: (head >> 5) as u32,
                at: 1,
            });
        }
        if head & 0x0f != 0 {
            return Err(LinkError::Invalid {
                what: "DSMP reserved bits",
                at: 1,
            });
        }
        let mut at = 2;
        let mut elements: &[u8] = &[];
        if head & 0x10 != 0 {
            let count = octet(at)? as usize;
            let start = at + 1;
            at = start;
            for _ in 0..count {
                let len = octet(at + 1)? as usize;
                at += 2 + len;
            }
            elements = b.get(start..at).ok_or(LinkError::Truncated(b.len()))?;
        }
        let first = octet(at)?;
        let aid = if first < 0x80 {
            at += 1;
            first as u32
        } else {
            // 0x8000..=0xffff: AIDs 0x80..=MAX_AID.
            let v = u16::from_be_bytes([first, octet(at + 1)?]) as u32;
            at += 2;
            v - 0x7f80
        };
        let len = u16::from_be_bytes([octet(at)?, octet(at + 1)?]) as usize;
        at += 2;
        let payload = b.get(at..at + len).ok_or(LinkError::Truncated(b.len()))?;
        Ok((
            Dsmp {
                aid,
                elements,
                payload,
            },
            at + len,
        ))
    }

    /// The extension elements: `(ID, value)` pairs (the parser checked their lengths).
    pub fn elements(&self) -> impl Iterator<Item = (u8, &'a [u8])> {
        let mut rest = self.elements;
        core::iter::from_fn(move || {
            let (&id, r) = rest.split_first()?;
            let (&len, r) = r.split_first()?;
            let value = r.get(..len as usize)?;
            rest = &r[len as usize..];
            Some((id, value))
        })
    }

    /// Appends the message (with its extension elements, if any).
    #[cfg(feature = "alloc")]
    pub fn write(&self, out: &mut alloc::vec::Vec<u8>) -> Result<(), LinkError> {
        let count = self.elements().count();
        let consumed: usize = self.elements().map(|(_, v)| 2 + v.len()).sum();
        if consumed != self.elements.len() || count > 0xff {
            return Err(LinkError::Invalid {
                what: "DSMP extension elements",
                at: 0,
            });
        }
        let len =
            u16::try_from(self.payload.len()).map_err(|_| LinkError::TooLarge("DSMP payload"))?;
        out.push(PROTOCOL_TYPE);
        out.push(if count > 0 { 0x10 } else { 0x00 });
        if count > 0 {
            out.push(count as u8);
            out.extend_from_slice(self.elements);
        }
        match self.aid {
            a @ 0..=0x7f => out.push(a as u8),
            a @ 0x80..=MAX_AID => out.extend_from_slice(&((a + 0x7f80) as u16).to_be_bytes()),
            _ => return Err(LinkError::TooLarge("AID")),
        }
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(self.payload);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aids_in_one_and_two_octets() {
        for (aid, wire) in [
            (aid::BSM, &[111u8][..]),
            (0, &[0]),
            (0x7f, &[0x7f]),
            (0x80, &[0x80, 0x00]),
            (aid::MAP, &[0x8d, 0xa2]),
            (aid::RSM, &[0x8d, 0xa7]),
            (MAX_AID, &[0xff, 0xff]),
        ] {
            let mut out = alloc::vec::Vec::new();
            Dsmp::new(aid, &[0xaa]).write(&mut out).unwrap();
            assert_eq!(&out[2..2 + wire.len()], wire, "AID {aid}");
            assert_eq!(Dsmp::parse(&out).unwrap().aid, aid);
        }
        let mut out = alloc::vec::Vec::new();
        assert_eq!(
            Dsmp::new(MAX_AID + 1, &[]).write(&mut out),
            Err(LinkError::TooLarge("AID"))
        );
    }

    #[test]
    fn extension_elements_round_trip() {
        let elements = [0x80, 1, 0xaa, 0x81, 2, 0xbb, 0xcc];
        let d = Dsmp {
            aid: aid::SPAT,
            elements: &elements,
            payload: &[0x36, 0x00],
        };
        let mut out = alloc::vec::Vec::new();
        d.write(&mut out).unwrap();
        assert_eq!(&out[..3], &[0x04, 0x10, 2]);
        let back = Dsmp::parse(&out).unwrap();
        assert_eq!(back, d);
        let els: alloc::vec::Vec<_> = back.elements().collect();
        assert_eq!(els, [(0x80, &[0xaa][..]), (0x81, &[0xbb, 0xcc][..])]);
    }

    #[test]
    fn hostile_input_is_an_error() {
        let mut good = alloc::vec::Vec::new();
        Dsmp::new(aid::MAP, &[1, 2, 3]).write(&mut good).unwrap();
        // Every prefix is truncated; one more octet is trailing.
        for cut in 0..good.len() {
            assert!(Dsmp::parse(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut long = good.clone();
        long.push(0);
        assert_eq!(Dsmp::parse(&long), Err(LinkError::Trailing(1)));
        // Version 1, reserved bits, elements past the end, another protocol type.
        assert!(Dsmp::parse(&[0x04, 0x20, 0x01, 0x00, 0x00]).is_err());
        assert!(Dsmp::parse(&[0x04, 0x01, 0x01, 0x00, 0x00]).is_err());
        assert!(Dsmp::parse(&[0x04, 0x10, 0x02, 0x80, 0xff]).is_err());
        assert!(Dsmp::parse(&[0x05, 0x00, 0x01, 0x00, 0x00]).is_err());
        // Every octet value in every position: never a panic.
        for i in 0..good.len() {
            for v in 0..=255u8 {
                let mut b = good.clone();
                b[i] = v;
                let _ = Dsmp::parse(&b);
            }
        }
    }
}

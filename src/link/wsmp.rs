//! IEEE 1609.3 WSMP version 3: the WSMP-N-Header (subtype, option indicator, version,
//! extension elements), the WSMP-T-Header (TPID 0: PSID, length) and the data.
//!
//! ```text
//! 03                      subtype 0, no extension elements, version 3
//! 00                      TPID 0
//! 80 02                   PSID 0x8002 (p-encoded: leading 10 = two octets)
//! 81 05                   length 261 (leading 1 = two octets, 15 bits)   -- or one octet < 128
//! ...                     the data (a 1609.2 structure or a MessageFrame)
//! ```
//!
//! ```
//! use cv2x::link::wsmp::{Wsmp, Psid};
//! let data = [0x00, 0x14, 0x01, 0x00];
//! let mut out = Vec::new();
//! Wsmp { psid: Psid::BSM, channel: Some(172), data_rate: None, tx_power_dbm: Some(20), data: &data }.write(&mut out)?;
//! assert_eq!(out, [0x0b, 0x02, 15, 1, 172, 4, 1, 148, 0x00, 0x20, 4, 0x00, 0x14, 0x01, 0x00]);
//! let back = Wsmp::parse(&out)?;
//! assert_eq!((back.psid, back.channel, back.tx_power_dbm, back.data), (Psid::BSM, Some(172), Some(20), &data[..]));
//! # Ok::<(), cv2x::link::LinkError>(())
//! ```

use super::LinkError;

/// A Provider Service Identifier in its p-encoded form, as PSIDs are written (`0x20` BSM,
/// `0x8002` SPaT, `0xE0000017`): one to four octets whose leading bits (`0`, `10`, `110`,
/// `1110`) give the length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Psid(pub u32);

impl Psid {
    /// BSM (0x20).
    pub const BSM: Psid = Psid(0x20);
    /// SPaT and, in many RSU 4.1 deployments, MAP (0x8002).
    pub const SPAT: Psid = Psid(0x8002);
    /// TIM (0x8003).
    pub const TIM: Psid = Psid(0x8003);
    /// PSM (0x27).
    pub const PSM: Psid = Psid(0x27);
    /// MAP under the Connected Intersections guidance (0xE0000017).
    pub const MAP_CI: Psid = Psid(0xE000_0017);

    /// Octets of the p-encoding, or `None` if the value is not a valid p-encoded PSID.
    pub fn encoded_len(self) -> Option<usize> {
        let v = self.0;
        match v {
            0..=0x7f => Some(1),
            0x8000..=0xbfff => Some(2),
            0xc0_0000..=0xdf_ffff => Some(3),
            0xe000_0000..=0xefff_ffff => Some(4),
            _ => None,
        }
    }

    /// The PSID's numeric value (IEEE 1609.12): the p-encoding minus its length's offset
    /// (`0x8002` is 130).
    pub fn value(self) -> Option<u32> {
        Some(match self.encoded_len()? {
            1 => self.0,
            2 => (self.0 & 0x3fff) + 0x80,
            3 => (self.0 & 0x1f_ffff) + 0x4080,
            _ => (self.0 & 0x0fff_ffff) + 0x20_4080,
        })
    }

    /// Reads a p-encoded PSID at the start of `b`; returns it and its length.
    pub fn parse(b: &[u8], at: usize) -> Result<(Psid, usize), LinkError> {
        let first = *b.first().ok_or(LinkError::Truncated(at))?;
        let n = first.leading_ones() as usize + 1;
        if n > 4 {
            return Err(LinkError::Invalid { what: "PSID", at });
        }
        let bytes = b.get(..n).ok_or(LinkError::Truncated(at))?;
        Ok((Psid(bytes.iter().fold(0u32, |v, &x| v << 8 | x as u32)), n))
    }

    /// Appends the p-encoded octets.
    #[cfg(feature = "alloc")]
    pub fn write(self, out: &mut alloc::vec::Vec<u8>) -> Result<(), LinkError> {
        let n = self.encoded_len().ok_or(LinkError::TooLarge("PSID"))?;
        out.extend_from_slice(&self.0.to_be_bytes()[4 - n..]);
        Ok(())
    }
}

/// WSMP extension element IDs (IEEE 1609.3 WAVE element IDs).
pub mod element {
    /// Transmit power used, dBm + 128.
    pub const TX_POWER: u8 = 4;
    /// Channel number.
    pub const CHANNEL: u8 = 15;
    /// Data rate, 500 kb/s units.
    pub const DATA_RATE: u8 = 16;
}

/// One WSM: its header fields and its data, borrowed from the datagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wsmp<'a> {
    /// The PSID of the data.
    pub psid: Psid,
    /// Extension element: channel number.
    pub channel: Option<u8>,
    /// Extension element: data rate (500 kb/s units).
    pub data_rate: Option<u8>,
    /// Extension element: transmit power used, dBm.
    pub tx_power_dbm: Option<i8>,
    /// The WSM data.
    pub data: &'a [u8],
}

/// Reads a 1609.3 variable-length count: one octet under 128, else `1` + 15 bits.
fn read_count(b: &[u8], at: usize) -> Result<(usize, usize), LinkError> {
    let first = *b.get(at).ok_or(LinkError::Truncated(at))?;
    if first & 0x80 == 0 {
        return Ok((first as usize, 1));
    }
    if first & 0x40 != 0 {
        return Err(LinkError::Invalid { what: "length", at });
    }
    let second = *b.get(at + 1).ok_or(LinkError::Truncated(at + 1))?;
    Ok(((((first & 0x3f) as usize) << 8) | second as usize, 2))
}

#[cfg(feature = "alloc")]
fn write_count(n: usize, out: &mut alloc::vec::Vec<u8>) -> Result<(), LinkError> {
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x4000 {
        out.extend_from_slice(&[0x80 | (n >> 8) as u8, n as u8]);
    } else {
        return Err(LinkError::TooLarge("WSM length"));
    }
    Ok(())
}

impl<'a> Wsmp<'a> {
    /// Parses a WSM that fills `b` exactly (the data ends where the length says, and so
    /// does the datagram).
    pub fn parse(b: &'a [u8]) -> Result<Self, LinkError> {
        let (w, end) = Self::parse_prefix(b)?;
        match b.len() - end {
            0 => Ok(w),
            n => Err(LinkError::Trailing(n)),
        }
    }

    /// Parses a WSM at the start of `b`; returns it and where it ends.
    pub fn parse_prefix(b: &'a [u8]) -> Result<(Self, usize), LinkError> {
        let first = *b.first().ok_or(LinkError::Truncated(0))?;
        if first & 0x07 != 3 {
            return Err(LinkError::Unsupported {
                what: "WSMP version",
                value: (first & 7) as u32,
                at: 0,
            });
        }
        if first >> 4 != 0 {
            return Err(LinkError::Unsupported {
                what: "WSMP subtype",
                value: (first >> 4) as u32,
                at: 0,
            });
        }
        let mut w = Wsmp {
            psid: Psid(0),
            channel: None,
            data_rate: None,
            tx_power_dbm: None,
            data: &[],
        };
        let mut at = 1;
        if first & 0x08 != 0 {
            let (count, n) = read_count(b, at)?;
            at += n;
            for _ in 0..count {
                let id = *b.get(at).ok_or(LinkError::Truncated(at))?;
                let (len, n) = read_count(b, at + 1)?;
                let start = at + 1 + n;
                let value = b
                    .get(start..start + len)
                    .ok_or(LinkError::Truncated(start))?;
                let one = if len == 1 { Some(value[0]) } else { None };
                match id {
                    element::CHANNEL => w.channel = one,
                    element::DATA_RATE => w.data_rate = one,
                    element::TX_POWER => w.tx_power_dbm = one.map(|p| (p as i16 - 128) as i8),
                    _ => {} // other elements are skipped
                }
                at = start + len;
            }
        }
        let tpid = *b.get(at).ok_or(LinkError::Truncated(at))?;
        if tpid != 0 {
            return Err(LinkError::Unsupported {
                what: "TPID",
                value: tpid as u32,
                at,
            });
        }
        at += 1;
        let (psid, n) = Psid::parse(b.get(at..).unwrap_or(&[]), at)?;
        w.psid = psid;
        at += n;
        let (len, n) = read_count(b, at)?;
        at += n;
        w.data = b.get(at..at + len).ok_or(LinkError::Truncated(b.len()))?;
        Ok((w, at + len))
    }

    /// Appends the WSM; extension elements are written for the fields that are `Some`.
    #[cfg(feature = "alloc")]
    pub fn write(&self, out: &mut alloc::vec::Vec<u8>) -> Result<(), LinkError> {
        let elements = [
            (element::CHANNEL, self.channel),
            (element::DATA_RATE, self.data_rate),
            (
                element::TX_POWER,
                self.tx_power_dbm.map(|p| (p as i16 + 128) as u8),
            ),
        ];
        let count = elements.iter().filter(|e| e.1.is_some()).count();
        out.push(if count > 0 { 0x0b } else { 0x03 });
        if count > 0 {
            out.push(count as u8);
            for (id, v) in elements {
                if let Some(v) = v {
                    out.extend_from_slice(&[id, 1, v]);
                }
            }
        }
        out.push(0); // TPID 0
        self.psid.write(out)?;
        write_count(self.data.len(), out)?;
        out.extend_from_slice(self.data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psid_p_encoding() {
        assert_eq!(Psid(0x20).value(), Some(0x20));
        assert_eq!(Psid(0x8002).value(), Some(0x82));
        assert_eq!(Psid(0xE000_0017).value(), Some(0x20_4080 + 0x17));
        assert_eq!(Psid(0x100).encoded_len(), None);
        assert_eq!(Psid::parse(&[0x80, 0x02, 0xff], 0), Ok((Psid(0x8002), 2)));
        assert_eq!(
            Psid::parse(&[0xe0, 0, 0, 0x17], 0),
            Ok((Psid(0xE000_0017), 4))
        );
        assert_eq!(
            Psid::parse(&[0xf0, 0, 0, 0, 0], 0),
            Err(LinkError::Invalid {
                what: "PSID",
                at: 0
            })
        );
        assert_eq!(Psid::parse(&[0xc0, 0], 0), Err(LinkError::Truncated(0)));
    }

    #[test]
    fn long_wsm_uses_two_length_octets() {
        let data = alloc::vec![0xa5u8; 300];
        let mut out = alloc::vec::Vec::new();
        Wsmp {
            psid: Psid::SPAT,
            channel: None,
            data_rate: None,
            tx_power_dbm: None,
            data: &data,
        }
        .write(&mut out)
        .unwrap();
        assert_eq!(&out[..6], &[0x03, 0x00, 0x80, 0x02, 0x81, 0x2c]);
        assert_eq!(Wsmp::parse(&out).unwrap().data, &data[..]);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut out = alloc::vec::Vec::new();
        Wsmp {
            psid: Psid::MAP_CI,
            channel: Some(183),
            data_rate: Some(12),
            tx_power_dbm: Some(-3),
            data: &[1, 2, 3],
        }
        .write(&mut out)
        .unwrap();
        let w = Wsmp::parse(&out).unwrap();
        assert_eq!(
            (w.channel, w.data_rate, w.tx_power_dbm),
            (Some(183), Some(12), Some(-3))
        );
        for n in 0..out.len() {
            assert!(Wsmp::parse(&out[..n]).is_err(), "{n}");
        }
        let mut more = out.clone();
        more.push(0);
        assert_eq!(Wsmp::parse(&more), Err(LinkError::Trailing(1)));
    }
}

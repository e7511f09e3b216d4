//! IEEE 1609.2 `Ieee1609Dot2Data` with unsecured content, in C-OER: protocol version 3, the
//! CHOICE tag of `unsecuredData` (`0x80`), then the payload as an OCTET STRING (a C-OER
//! length: one octet under 128, else `0x80 | n` and `n` octets of length).
//!
//! ```
//! use cv2x::link::ieee1609dot2;
//! let frame = [0x00, 0x14, 0x01, 0x00];
//! let mut out = Vec::new();
//! ieee1609dot2::write_unsecured(&frame, &mut out);
//! assert_eq!(out, [0x03, 0x80, 0x04, 0x00, 0x14, 0x01, 0x00]);
//! assert_eq!(ieee1609dot2::parse_unsecured(&out)?, &frame[..]);
//! # Ok::<(), cv2x::link::LinkError>(())
//! ```

use super::LinkError;

/// The protocol version this reads and writes.
pub const PROTOCOL_VERSION: u8 = 3;
/// The C-OER tag of the `unsecuredData` alternative of `Ieee1609Dot2Content`.
pub const UNSECURED_DATA: u8 = 0x80;

/// The unsecured payload of a 1609.2 structure that fills `b` exactly.
pub fn parse_unsecured(b: &[u8]) -> Result<&[u8], LinkError> {
    let (payload, end) = parse_unsecured_prefix(b)?;
    match b.len() - end {
        0 => Ok(payload),
        n => Err(LinkError::Trailing(n)),
    }
}

/// The unsecured payload of a 1609.2 structure at the start of `b`, and where it ends.
/// Signed and encrypted content is [`LinkError::Unsupported`].
pub fn parse_unsecured_prefix(b: &[u8]) -> Result<(&[u8], usize), LinkError> {
    let version = *b.first().ok_or(LinkError::Truncated(0))?;
    if version != PROTOCOL_VERSION {
        return Err(LinkError::Unsupported {
            what: "1609.2 protocol version",
            value: version as u32,
            at: 0,
        });
    }
    let tag = *b.get(1).ok_or(LinkError::Truncated(1))?;
    if tag != UNSECURED_DATA {
        return Err(LinkError::Unsupported {
            what: "1609.2 content",
            value: tag as u32,
            at: 1,
        });
    }
    let first = *b.get(2).ok_or(LinkError::Truncated(2))?;
    let (len, start) = if first & 0x80 == 0 {
        (first as usize, 3)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return Err(LinkError::Invalid {
                what: "C-OER length",
                at: 2,
            });
        }
        let octets = b.get(3..3 + n).ok_or(LinkError::Truncated(3))?;
        let len = octets.iter().fold(0usize, |v, &x| v << 8 | x as usize);
        // C-OER lengths are minimal: the long form only from 128, without leading zeros.
        if len < 0x80 || octets[0] == 0 {
            return Err(LinkError::Invalid {
                what: "C-OER length",
                at: 2,
            });
        }
        (len, 3 + n)
    };
    let payload = b
        .get(start..start.saturating_add(len))
        .ok_or(LinkError::Truncated(b.len()))?;
    Ok((payload, start + len))
}

/// Appends a 1609.2 unsecured-data structure carrying `payload`.
#[cfg(feature = "alloc")]
pub fn write_unsecured(payload: &[u8], out: &mut alloc::vec::Vec<u8>) {
    out.extend_from_slice(&[PROTOCOL_VERSION, UNSECURED_DATA]);
    let n = payload.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = (n as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (8 - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(payload);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_spat_header_from_a_deployment() {
        // RSU-FACTS: a real SPaT starts 03 80 82 01 03 (259 octets of payload).
        let mut b = alloc::vec![0x03, 0x80, 0x82, 0x01, 0x03];
        b.extend(core::iter::repeat_n(0u8, 259));
        assert_eq!(parse_unsecured(&b).unwrap().len(), 259);
        let mut out = alloc::vec::Vec::new();
        write_unsecured(&b[5..], &mut out);
        assert_eq!(out, b);
    }

    #[test]
    fn malformed_headers() {
        assert!(parse_unsecured(&[0x03, 0x81, 0x00]).is_err()); // signed data
        assert!(parse_unsecured(&[0x02, 0x80, 0x00]).is_err());
        assert!(parse_unsecured(&[0x03, 0x80, 0x81, 0x05]).is_err()); // non-minimal length
        assert!(parse_unsecured(&[0x03, 0x80, 0x85]).is_err());
        assert!(parse_unsecured(&[0x03, 0x80, 0x02, 0x00]).is_err());
        assert_eq!(parse_unsecured(&[0x03, 0x80, 0x00]), Ok(&[][..]));
    }
}

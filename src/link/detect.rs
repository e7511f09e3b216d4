//! Which framing a received datagram uses, unwrapped down to the J2735 `MessageFrame`.
//!
//! Recognised, from the leading octets:
//!
//! | starts with | framing |
//! |---|---|
//! | `00` | a bare `MessageFrame` (its extension bit and the high bits of `messageId` are 0) |
//! | `04`, then a DSMP header whose payload length ends the datagram | China's DSMP (YD/T 3707), then a frame or 1609.2 unsecured data |
//! | `03 80` | IEEE 1609.2 unsecured data, then a frame |
//! | `03 81` | IEEE 1609.2 signed data whose payload is a frame (with `alloc`; [`Unwrapped::signed`] holds the SPDU to verify) |
//! | `03` / `0b`, then `00` (TPID) | WSMP v3, whose data is a frame or 1609.2 unsecured data |
//! | any other octet, then WSMP | a radio proxy's type octet, then WSMP (as C-V2X PC5 proxies forward) |
//!
//! ```
//! use cv2x::link::{unwrap, Framing};
//! // A proxy type octet, WSMP (PSID 1), 1609.2 unsecured, then a 4-octet frame.
//! let d = [0x01, 0x03, 0x00, 0x01, 0x07, 0x03, 0x80, 0x04, 0x00, 0x14, 0x01, 0x00];
//! let u = unwrap(&d)?;
//! assert_eq!(u.framing(), Framing::ProxyWsmp);
//! assert!(u.ieee1609dot2);
//! assert_eq!(u.frame, &[0x00, 0x14, 0x01, 0x00]);
//! # Ok::<(), cv2x::link::LinkError>(())
//! ```

use super::dsmp::{Dsmp, PROTOCOL_TYPE};
use super::ieee1609dot2::{parse_unsecured, UNSECURED_DATA};
use super::wsmp::Wsmp;
use super::LinkError;

/// How a datagram was framed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Framing {
    /// The bare `MessageFrame`.
    Raw,
    /// IEEE 1609.2 unsecured data.
    Ieee1609Dot2,
    /// WSMP (its data bare or 1609.2-wrapped: see [`Unwrapped::ieee1609dot2`]).
    Wsmp,
    /// A proxy type octet, then WSMP.
    ProxyWsmp,
    /// China's DSMP (its payload bare or 1609.2-wrapped).
    Dsmp,
    /// RSU 4.1 immediate-forward text (recognised by `link::pcap` and the RSU
    /// core, which parse it; [`unwrap`] borrows and so does not).
    Ifm,
}

/// A datagram taken apart: the layers found and the frame inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unwrapped<'a> {
    /// The proxy's type octet, if the datagram started with one.
    pub proxy: Option<u8>,
    /// The WSMP header, if there was one.
    pub wsmp: Option<Wsmp<'a>>,
    /// The DSMP header, if there was one.
    pub dsmp: Option<Dsmp<'a>>,
    /// Whether a 1609.2 layer (unsecured or signed data) carried the frame.
    pub ieee1609dot2: bool,
    /// The whole 1609.2 SPDU when the frame came as signed data: verify it
    /// (`sec::verify::Verifier`, feature `sec`) before trusting the frame.
    pub signed: Option<&'a [u8]>,
    /// The `MessageFrame` octets (not yet decoded; a T/CSAE 53 frame under DSMP).
    pub frame: &'a [u8],
}

impl Unwrapped<'_> {
    /// The outermost framing.
    pub fn framing(&self) -> Framing {
        if self.dsmp.is_some() {
            return Framing::Dsmp;
        }
        match (self.proxy, self.wsmp, self.ieee1609dot2) {
            (Some(_), _, _) => Framing::ProxyWsmp,
            (None, Some(_), _) => Framing::Wsmp,
            (None, None, true) => Framing::Ieee1609Dot2,
            (None, None, false) => Framing::Raw,
        }
    }
}

fn is_1609dot2(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == 3 && b[1] == UNSECURED_DATA
}

fn is_signed(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == 3 && b[1] == 0x81
}

/// The unsecured payload of a signed SPDU (it needs `alloc` to read the signer).
#[cfg(feature = "alloc")]
fn signed_frame(b: &[u8]) -> Result<&[u8], LinkError> {
    let s = crate::sec::SignedSpdu::parse(b).map_err(|e| LinkError::Invalid {
        what: "1609.2 signed data",
        at: e.offset,
    })?;
    s.payload().ok_or(LinkError::Unsupported {
        what: "1609.2 signed payload (not unsecured data)",
        value: 0,
        at: 0,
    })
}

#[cfg(not(feature = "alloc"))]
fn signed_frame(_: &[u8]) -> Result<&[u8], LinkError> {
    Err(LinkError::Unsupported {
        what: "1609.2 content (signed data needs alloc)",
        value: 0x81,
        at: 1,
    })
}

fn is_wsmp(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] & 0xf7 == 0x03
}

/// 1609.2-wrapped (unsecured or signed) or bare frame: the payload of a WSM, or a whole
/// datagram; the signed SPDU if signed.
#[allow(clippy::type_complexity)]
fn inner(b: &[u8]) -> Result<(bool, Option<&[u8]>, &[u8]), LinkError> {
    if is_1609dot2(b) {
        Ok((true, None, parse_unsecured(b)?))
    } else if is_signed(b) {
        Ok((true, Some(b), signed_frame(b)?))
    } else {
        Ok((false, None, b))
    }
}

/// Takes a received datagram apart. The frame itself is not decoded: pass
/// [`Unwrapped::frame`] to the J2735 decoder or a view.
pub fn unwrap(d: &[u8]) -> Result<Unwrapped<'_>, LinkError> {
    let first = *d.first().ok_or(LinkError::Truncated(0))?;
    let mut u = Unwrapped {
        proxy: None,
        wsmp: None,
        dsmp: None,
        ieee1609dot2: false,
        signed: None,
        frame: d,
    };
    if first == 0x00 {
        return Ok(u);
    }
    // DSMP only where its header and length account for the whole datagram (a proxy's
    // type octet 04 before WSMP, or a bare frame starting 04, would not).
    if first == PROTOCOL_TYPE {
        if let Ok(m) = Dsmp::parse(d) {
            (u.ieee1609dot2, u.signed, u.frame) = inner(m.payload)?;
            u.dsmp = Some(m);
            return Ok(u);
        }
    }
    if is_1609dot2(d) || is_signed(d) {
        (u.ieee1609dot2, u.signed, u.frame) = inner(d)?;
        return Ok(u);
    }
    let (proxy, wsm) = if is_wsmp(d) {
        (None, d)
    } else {
        (Some(first), &d[1..])
    };
    if !is_wsmp(wsm) {
        return Err(LinkError::Unsupported {
            what: "framing",
            value: first as u32,
            at: 0,
        });
    }
    let w = Wsmp::parse(wsm)?;
    let (dot2, signed, frame) = inner(w.data)?;
    Ok(Unwrapped {
        proxy,
        wsmp: Some(w),
        dsmp: None,
        ieee1609dot2: dot2,
        signed,
        frame,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::Psid;

    #[test]
    fn each_framing() {
        let frame = [0x00, 0x13, 0x01, 0x00];
        assert_eq!(unwrap(&frame).unwrap().framing(), Framing::Raw);
        let dot2 = [0x03, 0x80, 0x04, 0x00, 0x13, 0x01, 0x00];
        let u = unwrap(&dot2).unwrap();
        assert_eq!((u.framing(), u.frame), (Framing::Ieee1609Dot2, &frame[..]));
        let wsmp = [0x03, 0x00, 0x80, 0x02, 0x04, 0x00, 0x13, 0x01, 0x00];
        let u = unwrap(&wsmp).unwrap();
        assert_eq!(
            (u.framing(), u.wsmp.unwrap().psid, u.ieee1609dot2, u.frame),
            (Framing::Wsmp, Psid::SPAT, false, &frame[..])
        );
        let dsmp = [0x04, 0x00, 0x8d, 0xa3, 0x00, 0x04, 0x00, 0x13, 0x01, 0x00];
        let u = unwrap(&dsmp).unwrap();
        assert_eq!(
            (u.framing(), u.dsmp.unwrap().aid, u.frame),
            (Framing::Dsmp, crate::link::dsmp::aid::SPAT, &frame[..])
        );
        // A proxy's type octet 04 before WSMP is not DSMP.
        let proxied = [0x04, 0x03, 0x00, 0x80, 0x02, 0x04, 0x00, 0x13, 0x01, 0x00];
        assert_eq!(unwrap(&proxied).unwrap().framing(), Framing::ProxyWsmp);
        assert!(unwrap(&[0x7e, 0x7e]).is_err());
        assert!(unwrap(&[]).is_err());
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn signed_data_unwraps_to_its_frame() {
        // A real signed BSM (digest signer) from a US deployment, bare and in a WSM.
        let hex = include_str!("../../tests/vectors/ieee1609dot2/ode_bsm_signed_digest.hex").trim();
        let spdu: alloc::vec::Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let u = unwrap(&spdu).unwrap();
        assert_eq!(u.framing(), Framing::Ieee1609Dot2);
        assert_eq!(u.signed, Some(&spdu[..]));
        assert_eq!(
            (u.frame.len(), u.frame[..2].to_vec()),
            (177, alloc::vec![0x00, 0x14])
        );
        // WSMP v3, TPID 0, PSID 0x20, a two-octet length (0x80 | high, low).
        let n = spdu.len();
        let mut wsm = alloc::vec![0x03, 0x00, 0x20, 0x80 | (n >> 8) as u8, n as u8];
        wsm.extend_from_slice(&spdu);
        let u = unwrap(&wsm).unwrap();
        assert_eq!(
            (u.framing(), u.signed, u.frame.len()),
            (Framing::Wsmp, Some(&spdu[..]), 177)
        );
        // Cut short: an error, not a guess.
        assert!(unwrap(&spdu[..spdu.len() - 1]).is_err());
    }
}

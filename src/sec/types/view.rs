//! A signed SPDU with its signed octets and its payload borrowed from the input.

use super::base::{Coer, Extensions, HashAlgorithm, Signature};
use super::data::{HashedData, HeaderInfo, PayloadParts, SignerIdentifier};
use crate::oer::{Error, ErrorKind, Reader, Result, ResultExt};

/// An `Ieee1609Dot2Data` holding `signedData`, parsed once: the `ToBeSignedData` octets
/// (what the signature covers) and the payload (the J2735 frame) are borrowed from the
/// input; the header, signer and signature are decoded. A receiver verifies, then decodes
/// [`SignedSpdu::payload`] without a copy.
///
/// ```
/// use cv2x::sec::{SignedSpdu, Psid};
/// // A real signed BSM (jpo-ode test data): digest signer, compressed rSig.
/// let hex = include_str!("../../../tests/vectors/ieee1609dot2/ode_bsm_signed_digest.hex");
/// let bytes: Vec<u8> = (0..hex.trim().len()).step_by(2)
///     .map(|i| u8::from_str_radix(&hex.trim()[i..i + 2], 16).unwrap()).collect();
/// let spdu = SignedSpdu::parse(&bytes)?;
/// assert_eq!(spdu.header.psid, Psid::BSM);
/// assert_eq!(spdu.payload().unwrap().len(), 177);
/// # Ok::<(), cv2x::oer::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedSpdu<'a> {
    /// The hash algorithm of `SignedData.hashId`.
    pub hash_id: HashAlgorithm,
    /// The octets of `ToBeSignedData`, as received.
    pub tbs: &'a [u8],
    /// The octets of the inner `Ieee1609Dot2Data` (`SignedDataPayload.data`), if present.
    pub data: Option<&'a [u8]>,
    /// `SignedDataPayload.extDataHash`.
    pub ext_data_hash: Option<HashedData>,
    /// `SignedDataPayload`'s extension additions.
    pub payload_extensions: Option<Extensions>,
    /// The header.
    pub header: HeaderInfo,
    /// Who signed.
    pub signer: SignerIdentifier,
    /// The signature.
    pub signature: Signature,
    unsecured: Option<&'a [u8]>,
}

impl<'a> SignedSpdu<'a> {
    /// Parses `b`, which must be exactly one `Ieee1609Dot2Data` whose content is
    /// `signedData` (any other content is [`ErrorKind::InvalidChoice`] at octet 1).
    pub fn parse(b: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(b);
        let at = r.offset();
        if r.u8().field("Ieee1609Dot2Data.protocolVersion")? != 3 {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at)
                .in_field("Ieee1609Dot2Data.protocolVersion"));
        }
        let at = r.offset();
        if r.choice().field("Ieee1609Dot2Data.content")? != 1 {
            return Err(Error::new(ErrorKind::InvalidChoice, at)
                .in_field("Ieee1609Dot2Data.content (not signedData)"));
        }
        let hash_id = HashAlgorithm::decode(&mut r).field("SignedData.hashId")?;
        let start = r.position();
        let parts = PayloadParts::decode(&mut r, 0)?;
        let header = HeaderInfo::decode(&mut r).field("ToBeSignedData.headerInfo")?;
        let tbs = &b[start..r.position()];
        let signer = SignerIdentifier::decode(&mut r).field("SignedData.signer")?;
        let signature = Signature::decode(&mut r).field("SignedData.signature")?;
        r.finish()?;
        let unsecured = match (parts.data, parts.decoded.is_some()) {
            (Some(d), false) => {
                let mut inner = Reader::new(d);
                inner.bytes(2)?;
                Some(inner.octets(0, usize::MAX)?)
            }
            _ => None,
        };
        Ok(SignedSpdu {
            hash_id,
            tbs,
            data: parts.data,
            ext_data_hash: parts.ext_data_hash,
            payload_extensions: parts.extensions,
            header,
            signer,
            signature,
            unsecured,
        })
    }

    /// The unsecured payload signed (for V2X, the J2735 `MessageFrame`), borrowed from the
    /// input; `None` when the signed data is not unsecured data.
    pub fn payload(&self) -> Option<&'a [u8]> {
        self.unsecured
    }
}

//! A signed SPDU with its signed octets and its payload borrowed from the input: the
//! receiver's reading of the generated views (`crate::sec::generated::views`).

use super::{Extensions, HashAlgorithm, HashedData, HeaderInfo, Signature, SignerIdentifier};
use crate::oer::{Error, ErrorKind, Result};
use crate::sec::generated::views::{Ieee1609Dot2ContentView, Ieee1609Dot2DataView};

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
    /// `SignedDataPayload.omitted` (1609.2-2022): the payload travels elsewhere.
    pub omitted: bool,
    /// `SignedDataPayload`'s extension additions this crate does not know.
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
        let view = Ieee1609Dot2DataView::parse(b)?;
        let Ieee1609Dot2ContentView::SignedData(s) = view.content else {
            return Err(Error::new(ErrorKind::InvalidChoice, 1)
                .in_field("Ieee1609Dot2Data.content (not signedData)"));
        };
        let tbs = s.tbs_data.octets();
        let payload = s.tbs_data.payload;
        // Matched where it lies (`transpose()?` would move the whole view twice).
        let unsecured = match payload.data_view() {
            Some(Ok(Ieee1609Dot2DataView {
                content: Ieee1609Dot2ContentView::UnsecuredData(p),
                ..
            })) => Some(p),
            Some(Err(e)) => return Err(e),
            _ => None,
        };
        Ok(SignedSpdu {
            hash_id: s.hash_id,
            tbs,
            data: payload.data,
            ext_data_hash: payload.ext_data_hash,
            omitted: payload.omitted.is_some(),
            payload_extensions: payload.ext,
            header: s.tbs_data.header_info,
            signer: s.signer,
            signature: s.signature,
            unsecured,
        })
    }

    /// The unsecured payload signed (for V2X, the J2735 `MessageFrame`), borrowed from the
    /// input; `None` when the signed data is not unsecured data.
    pub fn payload(&self) -> Option<&'a [u8]> {
        self.unsecured
    }
}

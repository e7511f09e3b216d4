//! Secured data: `Ieee1609Dot2Data`, `SignedData` and what it signs.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::base::{
    decode_list, decode_open, encode_list, Coer, EncryptionKey, Extensions, HashAlgorithm,
    HashedId3, HashedId8, Psid, Signature, ThreeDLocation, Time64, UnknownAlternative,
};
use super::cert::{bits, opt, Certificate};
use crate::oer::{Error, ErrorKind, Reader, Result, ResultExt, Writer};
use crate::per::OctetString;

/// How deep `Ieee1609Dot2Data` may nest inside signed payloads.
pub const MAX_NESTING: u8 = 4;

/// `Ieee1609Dot2Data ::= SEQUENCE { protocolVersion Uint8(3), content Ieee1609Dot2Content }`.
///
/// ```
/// use cv2x::sec::{Coer, Ieee1609Dot2Data, Ieee1609Dot2Content};
/// let d = Ieee1609Dot2Data::from_coer(&[0x03, 0x80, 0x02, 0x00, 0x14])?;
/// assert!(matches!(&d.content, Ieee1609Dot2Content::UnsecuredData(p) if p.0 == [0x00, 0x14]));
/// assert_eq!(d.to_coer()?, [0x03, 0x80, 0x02, 0x00, 0x14]);
/// # Ok::<(), cv2x::oer::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Ieee1609Dot2Data {
    /// Always 3.
    pub protocol_version: u8,
    /// The content.
    pub content: Ieee1609Dot2Content,
}

/// `Ieee1609Dot2Content ::= CHOICE { unsecuredData, signedData, encryptedData,
/// signedCertificateRequest, ..., signedX509CertificateRequest }`. `encryptedData` is not
/// decoded (an [`ErrorKind::Unsupported`] error).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Ieee1609Dot2Content {
    /// Octets (for V2X, a J2735 `MessageFrame` in UPER).
    #[cfg_attr(feature = "serde", serde(rename = "unsecuredData"))]
    UnsecuredData(OctetString),
    /// Signed data.
    #[cfg_attr(feature = "serde", serde(rename = "signedData"))]
    SignedData(Box<SignedData>),
    /// A certificate request (opaque octets).
    #[cfg_attr(feature = "serde", serde(rename = "signedCertificateRequest"))]
    SignedCertificateRequest(OctetString),
    /// An X.509 certificate request (1609.2-2022; opaque octets).
    #[cfg_attr(feature = "serde", serde(rename = "signedX509CertificateRequest"))]
    SignedX509CertificateRequest(OctetString),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Ieee1609Dot2Data {
    pub(crate) fn decode_nested(r: &mut Reader<'_>, depth: u8) -> Result<Self> {
        if depth >= MAX_NESTING {
            return Err(r.error(ErrorKind::TooDeep));
        }
        let at = r.offset();
        let protocol_version = r.u8().field("Ieee1609Dot2Data.protocolVersion")?;
        if protocol_version != 3 {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at)
                .in_field("Ieee1609Dot2Data.protocolVersion"));
        }
        let at = r.offset();
        let content = match r.choice().field("Ieee1609Dot2Data.content")? {
            0 => Ieee1609Dot2Content::UnsecuredData(OctetString(
                r.octets(0, usize::MAX).field("unsecuredData")?.to_vec(),
            )),
            1 => Ieee1609Dot2Content::SignedData(Box::new(SignedData::decode_nested(r, depth)?)),
            2 => {
                return Err(Error::new(ErrorKind::Unsupported, at).in_field("encryptedData"));
            }
            3 => Ieee1609Dot2Content::SignedCertificateRequest(OctetString(
                r.octets(0, usize::MAX)
                    .field("signedCertificateRequest")?
                    .to_vec(),
            )),
            4 => {
                let mut o = r.open()?;
                let b = o.octets(0, usize::MAX)?;
                if o.remaining() != 0 {
                    return Err(o.error(ErrorKind::InvalidOpenType));
                }
                Ieee1609Dot2Content::SignedX509CertificateRequest(OctetString(b.to_vec()))
            }
            t => Ieee1609Dot2Content::Unknown(UnknownAlternative::decode(t, r)?),
        };
        Ok(Ieee1609Dot2Data {
            protocol_version,
            content,
        })
    }
}

impl Coer for Ieee1609Dot2Data {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Self::decode_nested(r, 0)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.protocol_version);
        match &self.content {
            Ieee1609Dot2Content::UnsecuredData(o) => {
                w.choice(0);
                w.octets(&o.0, 0, usize::MAX)
            }
            Ieee1609Dot2Content::SignedData(s) => {
                w.choice(1);
                s.encode(w)
            }
            Ieee1609Dot2Content::SignedCertificateRequest(o) => {
                w.choice(3);
                w.octets(&o.0, 0, usize::MAX)
            }
            Ieee1609Dot2Content::SignedX509CertificateRequest(o) => {
                w.choice(4);
                w.open(|w| w.octets(&o.0, 0, usize::MAX))
            }
            Ieee1609Dot2Content::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `SignedData ::= SEQUENCE { hashId, tbsData, signer, signature }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SignedData {
    /// The hash of the signing digest.
    pub hash_id: HashAlgorithm,
    /// What is signed.
    pub tbs_data: ToBeSignedData,
    /// Who signed.
    pub signer: SignerIdentifier,
    /// The signature.
    pub signature: Signature,
}

impl SignedData {
    fn decode_nested(r: &mut Reader<'_>, depth: u8) -> Result<Self> {
        Ok(SignedData {
            hash_id: HashAlgorithm::decode(r).field("SignedData.hashId")?,
            tbs_data: ToBeSignedData::decode_nested(r, depth)?,
            signer: SignerIdentifier::decode(r).field("SignedData.signer")?,
            signature: Signature::decode(r).field("SignedData.signature")?,
        })
    }
}

impl Coer for SignedData {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Self::decode_nested(r, 0)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.hash_id.encode(w)?;
        self.tbs_data.encode(w)?;
        self.signer.encode(w)?;
        self.signature.encode(w)
    }
}

/// `ToBeSignedData ::= SEQUENCE { payload SignedDataPayload, headerInfo HeaderInfo }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ToBeSignedData {
    /// The payload.
    pub payload: SignedDataPayload,
    /// The header.
    pub header_info: HeaderInfo,
}

impl ToBeSignedData {
    fn decode_nested(r: &mut Reader<'_>, depth: u8) -> Result<Self> {
        Ok(ToBeSignedData {
            payload: SignedDataPayload::decode_nested(r, depth)?,
            header_info: HeaderInfo::decode(r).field("ToBeSignedData.headerInfo")?,
        })
    }
}

impl Coer for ToBeSignedData {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Self::decode_nested(r, 0)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.payload.encode(w)?;
        self.header_info.encode(w)
    }
}

/// `SignedDataPayload ::= SEQUENCE { data Ieee1609Dot2Data OPTIONAL, extDataHash HashedData
/// OPTIONAL, ..., omitted NULL OPTIONAL }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SignedDataPayload {
    /// The data signed.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub data: Option<Box<Ieee1609Dot2Data>>,
    /// The hash of data carried elsewhere.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub ext_data_hash: Option<HashedData>,
    /// Extension additions as received (`omitted`, 1609.2-2022, is addition 0).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub extensions: Option<Extensions>,
}

impl SignedDataPayload {
    /// Whether the 2022 `omitted` addition is present (the payload travels elsewhere).
    pub fn omitted(&self) -> bool {
        self.extensions.as_ref().is_some_and(|e| e.get(0).is_some())
    }
}

impl SignedDataPayload {
    fn decode_nested(r: &mut Reader<'_>, depth: u8) -> Result<Self> {
        let parts = PayloadParts::decode(r, depth)?;
        let data = match (parts.decoded, parts.data) {
            (Some(d), _) => Some(Box::new(d)),
            (None, Some(b)) => {
                let mut inner = Reader::new(b);
                let d = Ieee1609Dot2Data::decode_nested(&mut inner, depth + 1)
                    .map_err(|e| Error {
                        offset: e.offset + parts.data_offset,
                        ..e
                    })
                    .field("SignedDataPayload.data")?;
                Some(Box::new(d))
            }
            (None, None) => None,
        };
        Ok(SignedDataPayload {
            data,
            ext_data_hash: parts.ext_data_hash,
            extensions: parts.extensions,
        })
    }
}

impl Coer for SignedDataPayload {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Self::decode_nested(r, 0)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(
            true,
            self.extensions.is_some(),
            2,
            bits(&[self.data.is_some(), self.ext_data_hash.is_some()]),
        );
        if let Some(d) = &self.data {
            d.encode(w)?;
        }
        if let Some(h) = &self.ext_data_hash {
            h.encode(w)?;
        }
        if let Some(e) = &self.extensions {
            e.encode(w)?;
        }
        Ok(())
    }
}

/// The parts of a `SignedDataPayload` as received: the inner data's octets borrowed, so a
/// receiver reaches the J2735 frame without a copy.
pub(crate) struct PayloadParts<'a> {
    pub data: Option<&'a [u8]>,
    pub data_offset: usize,
    /// The data, when it had to be decoded to find its end (anything but unsecured data).
    pub decoded: Option<Ieee1609Dot2Data>,
    pub ext_data_hash: Option<HashedData>,
    pub extensions: Option<Extensions>,
}

impl<'a> PayloadParts<'a> {
    pub(crate) fn decode(r: &mut Reader<'a>, depth: u8) -> Result<Self> {
        const T: &str = "SignedDataPayload";
        let p = r.preamble(true, 2).field(T)?;
        let mut parts = PayloadParts {
            data: None,
            data_offset: r.offset(),
            decoded: None,
            ext_data_hash: None,
            extensions: None,
        };
        if p.has(0) {
            let start = r.position();
            parts.decoded = skip_data(r, depth).field("SignedDataPayload.data")?;
            parts.data = Some(&r.buffer()[start..r.position()]);
        }
        parts.ext_data_hash = opt(p.has(1), r, "SignedDataPayload.extDataHash")?;
        parts.extensions = Extensions::decode_if(p.extended, r).field(T)?;
        Ok(parts)
    }
}

/// Steps over one `Ieee1609Dot2Data`: unsecured data without a copy, anything else decoded
/// (and handed back, so it is not decoded twice).
fn skip_data(r: &mut Reader<'_>, depth: u8) -> Result<Option<Ieee1609Dot2Data>> {
    let mut peek = r.clone();
    let version = peek.u8()?;
    if version == 3 && peek.choice() == Ok(0) {
        peek.octets(0, usize::MAX)?;
        *r = peek;
        return Ok(None);
    }
    Ieee1609Dot2Data::decode_nested(r, depth + 1).map(Some)
}

/// `HashedData ::= CHOICE { sha256HashedData, ..., sha384HashedData, reserved }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum HashedData {
    /// A SHA-256 hash.
    #[cfg_attr(feature = "serde", serde(rename = "sha256HashedData"))]
    Sha256(#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; 32]),
    /// A SHA-384 hash.
    #[cfg_attr(feature = "serde", serde(rename = "sha384HashedData"))]
    Sha384(#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; 48]),
    /// `reserved` (32 octets).
    #[cfg_attr(feature = "serde", serde(rename = "reserved"))]
    Reserved(#[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))] [u8; 32]),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

struct Arr<const N: usize>([u8; N]);
impl<const N: usize> Coer for Arr<N> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.array().map(Arr)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.bytes(&self.0);
        Ok(())
    }
}

impl Coer for HashedData {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => HashedData::Sha256(r.array()?),
            1 => HashedData::Sha384(decode_open::<Arr<48>>(r)?.0),
            2 => HashedData::Reserved(decode_open::<Arr<32>>(r)?.0),
            t => HashedData::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            HashedData::Sha256(h) => {
                w.choice(0);
                w.bytes(h);
                Ok(())
            }
            HashedData::Sha384(h) => {
                w.choice(1);
                w.open(|w| Arr(*h).encode(w))
            }
            HashedData::Reserved(h) => {
                w.choice(2);
                w.open(|w| Arr(*h).encode(w))
            }
            HashedData::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `MissingCrlIdentifier ::= SEQUENCE { cracaId HashedId3, crlSeries CrlSeries, ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct MissingCrlIdentifier {
    /// The CRACA.
    pub craca_id: HashedId3,
    /// The CRL series.
    pub crl_series: u16,
    /// Extension additions as received.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub extensions: Option<Extensions>,
}

impl Coer for MissingCrlIdentifier {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(true, 0)?;
        Ok(MissingCrlIdentifier {
            craca_id: Coer::decode(r)?,
            crl_series: r.u16()?,
            extensions: Extensions::decode_if(p.extended, r)?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(true, self.extensions.is_some(), 0, 0);
        self.craca_id.encode(w)?;
        w.u16(self.crl_series);
        if let Some(e) = &self.extensions {
            e.encode(w)?;
        }
        Ok(())
    }
}

/// `HeaderInfo`: the PSID, times, location and peer-to-peer requests of a signed message.
/// The additions after `...` (`inlineP2pcdRequest`, `requestedCertificate`, 2022's
/// `pduFunctionalType` and `contributedExtensions`) are kept in `extensions`; see
/// [`HeaderInfo::requested_certificate`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct HeaderInfo {
    /// What the message is.
    pub psid: Psid,
    /// When it was generated.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub generation_time: Option<Time64>,
    /// When it expires.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub expiry_time: Option<Time64>,
    /// Where it was generated.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub generation_location: Option<ThreeDLocation>,
    /// A certificate the sender wants to learn.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub p2pcd_learning_request: Option<HashedId3>,
    /// A CRL the sender lacks.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub missing_crl_identifier: Option<MissingCrlIdentifier>,
    /// A key to encrypt a response with.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub encryption_key: Option<EncryptionKey>,
    /// Extension additions as received.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub extensions: Option<Extensions>,
}

impl HeaderInfo {
    /// A header with only a PSID.
    pub fn new(psid: Psid) -> Self {
        HeaderInfo {
            psid,
            generation_time: None,
            expiry_time: None,
            generation_location: None,
            p2pcd_learning_request: None,
            missing_crl_identifier: None,
            encryption_key: None,
            extensions: None,
        }
    }

    /// The `requestedCertificate` addition (addition 1), decoded.
    pub fn requested_certificate(&self) -> Option<Result<Certificate>> {
        let b = self.extensions.as_ref()?.get(1)?;
        Some(Certificate::from_coer(b))
    }
}

impl Coer for HeaderInfo {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        const T: &str = "HeaderInfo";
        let p = r.preamble(true, 6).field(T)?;
        Ok(HeaderInfo {
            psid: Psid::decode(r).field("HeaderInfo.psid")?,
            generation_time: opt(p.has(0), r, "HeaderInfo.generationTime")?,
            expiry_time: opt(p.has(1), r, "HeaderInfo.expiryTime")?,
            generation_location: opt(p.has(2), r, "HeaderInfo.generationLocation")?,
            p2pcd_learning_request: opt(p.has(3), r, "HeaderInfo.p2pcdLearningRequest")?,
            missing_crl_identifier: opt(p.has(4), r, "HeaderInfo.missingCrlIdentifier")?,
            encryption_key: opt(p.has(5), r, "HeaderInfo.encryptionKey")?,
            extensions: Extensions::decode_if(p.extended, r).field(T)?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        let present = [
            self.generation_time.is_some(),
            self.expiry_time.is_some(),
            self.generation_location.is_some(),
            self.p2pcd_learning_request.is_some(),
            self.missing_crl_identifier.is_some(),
            self.encryption_key.is_some(),
        ];
        w.preamble(true, self.extensions.is_some(), 6, bits(&present));
        self.psid.encode(w)?;
        if let Some(x) = self.generation_time {
            x.encode(w)?;
        }
        if let Some(x) = self.expiry_time {
            x.encode(w)?;
        }
        if let Some(x) = &self.generation_location {
            x.encode(w)?;
        }
        if let Some(x) = &self.p2pcd_learning_request {
            x.encode(w)?;
        }
        if let Some(x) = &self.missing_crl_identifier {
            x.encode(w)?;
        }
        if let Some(x) = &self.encryption_key {
            x.encode(w)?;
        }
        if let Some(e) = &self.extensions {
            e.encode(w)?;
        }
        Ok(())
    }
}

/// `SignerIdentifier ::= CHOICE { digest HashedId8, certificate SequenceOfCertificate,
/// self NULL, ... }`. With `certificate`, the first is the signer's; any others are its
/// issuers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SignerIdentifier {
    /// The HashedId8 of the signer's certificate.
    #[cfg_attr(feature = "serde", serde(rename = "digest"))]
    Digest(HashedId8),
    /// The signer's certificate (and its issuers').
    #[cfg_attr(feature = "serde", serde(rename = "certificate"))]
    Certificate(Vec<Certificate>),
    /// Self-signed.
    #[cfg_attr(feature = "serde", serde(rename = "self"))]
    SelfSigned,
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for SignerIdentifier {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => SignerIdentifier::Digest(Coer::decode(r)?),
            1 => SignerIdentifier::Certificate(decode_list(r, 20, 1)?),
            2 => SignerIdentifier::SelfSigned,
            t => SignerIdentifier::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            SignerIdentifier::Digest(h) => {
                w.choice(0);
                h.encode(w)
            }
            SignerIdentifier::Certificate(v) => {
                if v.is_empty() {
                    return Err(Error::new(ErrorKind::SizeOutOfRange, w.as_slice().len()));
                }
                w.choice(1);
                encode_list(v, w)
            }
            SignerIdentifier::SelfSigned => {
                w.choice(2);
                Ok(())
            }
            SignerIdentifier::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

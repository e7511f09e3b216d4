//! Certificates: `Certificate` (explicit and implicit), `ToBeSignedCertificate` and the
//! permissions, validity and identity inside it.

use alloc::string::String;
use alloc::vec::Vec;

use super::base::{
    decode_list, decode_open, encode_list, Coer, EccP256CurvePoint, Extensions, HashAlgorithm,
    HashedId3, HashedId8, Psid, PsidSsp, PublicEncryptionKey, PublicVerificationKey, Signature,
    Time32, UnknownAlternative,
};
use super::region::GeographicRegion;
use crate::oer::{Error, ErrorKind, Reader, Result, ResultExt, Writer};
use crate::per::OctetString;

/// `Duration ::= CHOICE { microseconds, milliseconds, seconds, minutes, hours, sixtyHours, years }`
/// (each a `Uint16`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[allow(missing_docs)]
pub enum Duration {
    Microseconds(u16),
    Milliseconds(u16),
    Seconds(u16),
    Minutes(u16),
    Hours(u16),
    SixtyHours(u16),
    Years(u16),
}

impl Duration {
    /// The duration in microseconds (a year counts 31 556 952 s, 1609.2's mean year).
    pub fn micros(self) -> u64 {
        let s = 1_000_000u64;
        match self {
            Duration::Microseconds(v) => v as u64,
            Duration::Milliseconds(v) => v as u64 * 1000,
            Duration::Seconds(v) => v as u64 * s,
            Duration::Minutes(v) => v as u64 * 60 * s,
            Duration::Hours(v) => v as u64 * 3600 * s,
            Duration::SixtyHours(v) => v as u64 * 216_000 * s,
            Duration::Years(v) => v as u64 * 31_556_952 * s,
        }
    }
}

impl Coer for Duration {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let at = r.offset();
        let t = r.choice()?;
        let v = r.u16()?;
        Ok(match t {
            0 => Duration::Microseconds(v),
            1 => Duration::Milliseconds(v),
            2 => Duration::Seconds(v),
            3 => Duration::Minutes(v),
            4 => Duration::Hours(v),
            5 => Duration::SixtyHours(v),
            6 => Duration::Years(v),
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at)),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        let (t, v) = match *self {
            Duration::Microseconds(v) => (0, v),
            Duration::Milliseconds(v) => (1, v),
            Duration::Seconds(v) => (2, v),
            Duration::Minutes(v) => (3, v),
            Duration::Hours(v) => (4, v),
            Duration::SixtyHours(v) => (5, v),
            Duration::Years(v) => (6, v),
        };
        w.choice(t);
        w.u16(v);
        Ok(())
    }
}

/// `ValidityPeriod ::= SEQUENCE { start Time32, duration Duration }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ValidityPeriod {
    /// The first valid second.
    pub start: Time32,
    /// How long from `start`.
    pub duration: Duration,
}

impl ValidityPeriod {
    /// The end of validity, microseconds since 2004 (exclusive).
    pub fn end_micros(&self) -> u64 {
        self.start.micros().0.saturating_add(self.duration.micros())
    }

    /// Whether `t` (microseconds since 2004) lies in the period.
    pub fn contains(&self, t: u64) -> bool {
        t >= self.start.micros().0 && t < self.end_micros()
    }
}

impl Coer for ValidityPeriod {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(ValidityPeriod {
            start: Time32::decode(r).field("ValidityPeriod.start")?,
            duration: Duration::decode(r).field("ValidityPeriod.duration")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        self.start.encode(w)?;
        self.duration.encode(w)
    }
}

/// `BitmapSspRange ::= SEQUENCE { sspValue OCTET STRING (SIZE(1..32)), sspBitmask (SIZE(1..32)) }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BitmapSspRange {
    /// The values of the masked bits.
    pub ssp_value: OctetString,
    /// Which bits are fixed.
    pub ssp_bitmask: OctetString,
}

impl Coer for BitmapSspRange {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(BitmapSspRange {
            ssp_value: OctetString(r.octets(1, 32)?.to_vec()),
            ssp_bitmask: OctetString(r.octets(1, 32)?.to_vec()),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.octets(&self.ssp_value.0, 1, 32)?;
        w.octets(&self.ssp_bitmask.0, 1, 32)
    }
}

struct Octets(OctetString);
impl Coer for Octets {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(Octets(OctetString(r.octets(0, usize::MAX)?.to_vec())))
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.octets(&self.0 .0, 0, usize::MAX)
    }
}

/// `SspRange ::= CHOICE { opaque SequenceOfOctetString, all NULL, ..., bitmapSspRange }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SspRange {
    /// The SSPs allowed, listed.
    #[cfg_attr(feature = "serde", serde(rename = "opaque"))]
    Opaque(Vec<OctetString>),
    /// Any SSP.
    #[cfg_attr(feature = "serde", serde(rename = "all"))]
    All,
    /// Bitmap SSPs matching a value under a mask.
    #[cfg_attr(feature = "serde", serde(rename = "bitmapSspRange"))]
    BitmapSspRange(BitmapSspRange),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for SspRange {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => SspRange::Opaque(
                decode_list::<Octets>(r, 1, 0)?
                    .into_iter()
                    .map(|o| o.0)
                    .collect(),
            ),
            1 => SspRange::All,
            2 => SspRange::BitmapSspRange(decode_open(r)?),
            t => SspRange::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            SspRange::Opaque(v) => {
                w.choice(0);
                let v: Vec<Octets> = v.iter().cloned().map(Octets).collect();
                encode_list(&v, w)
            }
            SspRange::All => {
                w.choice(1);
                Ok(())
            }
            SspRange::BitmapSspRange(b) => {
                w.choice(2);
                w.open(|w| b.encode(w))
            }
            SspRange::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `PsidSspRange ::= SEQUENCE { psid, sspRange SspRange OPTIONAL }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PsidSspRange {
    /// The PSID.
    pub psid: Psid,
    /// The SSPs the issued certificates may hold for it (absent: none).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub ssp_range: Option<SspRange>,
}

impl Coer for PsidSspRange {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(false, 1)?;
        Ok(PsidSspRange {
            psid: Psid::decode(r)?,
            ssp_range: if p.has(0) {
                Some(Coer::decode(r)?)
            } else {
                None
            },
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(false, false, 1, self.ssp_range.is_some() as u64);
        self.psid.encode(w)?;
        if let Some(s) = &self.ssp_range {
            s.encode(w)?;
        }
        Ok(())
    }
}

/// `SubjectPermissions ::= CHOICE { explicit SequenceOfPsidSspRange, all NULL, ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SubjectPermissions {
    /// These PSIDs.
    #[cfg_attr(feature = "serde", serde(rename = "explicit"))]
    Explicit(Vec<PsidSspRange>),
    /// Every PSID.
    #[cfg_attr(feature = "serde", serde(rename = "all"))]
    All,
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl SubjectPermissions {
    /// Whether `psid` is among the permissions.
    pub fn covers(&self, psid: Psid) -> bool {
        match self {
            SubjectPermissions::Explicit(v) => v.iter().any(|p| p.psid == psid),
            SubjectPermissions::All => true,
            SubjectPermissions::Unknown(_) => false,
        }
    }
}

impl Coer for SubjectPermissions {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => SubjectPermissions::Explicit(decode_list(r, 3, 0)?),
            1 => SubjectPermissions::All,
            t => SubjectPermissions::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            SubjectPermissions::Explicit(v) => {
                w.choice(0);
                encode_list(v, w)
            }
            SubjectPermissions::All => {
                w.choice(1);
                Ok(())
            }
            SubjectPermissions::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `EndEntityType ::= BIT STRING { app (0), enrol (1) } (SIZE (8))`: bit 0 is `0x80`.
pub const EE_APP: u8 = 0x80;
/// `enrol` of `EndEntityType`.
pub const EE_ENROL: u8 = 0x40;

/// `PsidGroupPermissions ::= SEQUENCE { subjectPermissions, minChainLength INTEGER DEFAULT 1,
/// chainLengthRange INTEGER DEFAULT 0, eeType EndEntityType DEFAULT {app} }`.
///
/// The DEFAULT members are held with their value; canonical OER leaves a default value out,
/// and the decoder refuses one sent explicitly.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct PsidGroupPermissions {
    /// What the issued certificates may hold.
    pub subject_permissions: SubjectPermissions,
    /// The minimum length of the chain below.
    pub min_chain_length: i64,
    /// How much longer the chain may be (-1: any).
    pub chain_length_range: i64,
    /// The end-entity kinds (`0x80` app, `0x40` enrolment).
    pub ee_type: u8,
}

impl Coer for PsidGroupPermissions {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(false, 3)?;
        let subject_permissions =
            Coer::decode(r).field("PsidGroupPermissions.subjectPermissions")?;
        let mut v = PsidGroupPermissions {
            subject_permissions,
            min_chain_length: 1,
            chain_length_range: 0,
            ee_type: EE_APP,
        };
        let default = |r: &Reader<'_>| Error::new(ErrorKind::NonCanonical, r.offset());
        if p.has(0) {
            let at = r.clone();
            v.min_chain_length = r.int().field("PsidGroupPermissions.minChainLength")?;
            if v.min_chain_length == 1 {
                return Err(default(&at).in_field("PsidGroupPermissions.minChainLength"));
            }
        }
        if p.has(1) {
            let at = r.clone();
            v.chain_length_range = r.int().field("PsidGroupPermissions.chainLengthRange")?;
            if v.chain_length_range == 0 {
                return Err(default(&at).in_field("PsidGroupPermissions.chainLengthRange"));
            }
        }
        if p.has(2) {
            let at = r.clone();
            v.ee_type = r.u8().field("PsidGroupPermissions.eeType")?;
            if v.ee_type == EE_APP {
                return Err(default(&at).in_field("PsidGroupPermissions.eeType"));
            }
        }
        Ok(v)
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        let bits = ((self.min_chain_length != 1) as u64) << 2
            | ((self.chain_length_range != 0) as u64) << 1
            | (self.ee_type != EE_APP) as u64;
        w.preamble(false, false, 3, bits);
        self.subject_permissions.encode(w)?;
        if self.min_chain_length != 1 {
            w.int(self.min_chain_length);
        }
        if self.chain_length_range != 0 {
            w.int(self.chain_length_range);
        }
        if self.ee_type != EE_APP {
            w.u8(self.ee_type);
        }
        Ok(())
    }
}

/// `GroupLinkageValue ::= SEQUENCE { jValue OCTET STRING (SIZE(4)), value OCTET STRING (SIZE(9)) }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct GroupLinkageValue {
    /// `jValue`.
    #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
    pub j_value: [u8; 4],
    /// `value`.
    #[cfg_attr(feature = "serde", serde(with = "crate::per::owned::hex_array"))]
    pub value: [u8; 9],
}

/// `LinkageData ::= SEQUENCE { iCert IValue, linkage-value LinkageValue,
/// group-linkage-value GroupLinkageValue OPTIONAL }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkageData {
    /// `iCert`.
    #[cfg_attr(feature = "serde", serde(rename = "iCert"))]
    pub i_cert: u16,
    /// `linkage-value`.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "linkage-value", with = "crate::per::owned::hex_array")
    )]
    pub linkage_value: [u8; 9],
    /// `group-linkage-value`.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "group-linkage-value",
            skip_serializing_if = "Option::is_none",
            default
        )
    )]
    pub group_linkage_value: Option<GroupLinkageValue>,
}

impl Coer for LinkageData {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(false, 1)?;
        Ok(LinkageData {
            i_cert: r.u16()?,
            linkage_value: r.array()?,
            group_linkage_value: if p.has(0) {
                Some(GroupLinkageValue {
                    j_value: r.array()?,
                    value: r.array()?,
                })
            } else {
                None
            },
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(false, false, 1, self.group_linkage_value.is_some() as u64);
        w.u16(self.i_cert);
        w.bytes(&self.linkage_value);
        if let Some(g) = &self.group_linkage_value {
            w.bytes(&g.j_value);
            w.bytes(&g.value);
        }
        Ok(())
    }
}

/// `CertificateId ::= CHOICE { linkageData, name Hostname, binaryId OCTET STRING (SIZE(1..64)),
/// none NULL, ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CertificateId {
    /// Linkage values (pseudonym certificates).
    #[cfg_attr(feature = "serde", serde(rename = "linkageData"))]
    LinkageData(LinkageData),
    /// A host name (`UTF8String (SIZE(0..255))`).
    #[cfg_attr(feature = "serde", serde(rename = "name"))]
    Name(String),
    /// Opaque identifier octets.
    #[cfg_attr(feature = "serde", serde(rename = "binaryId"))]
    BinaryId(OctetString),
    /// No identifier.
    #[cfg_attr(feature = "serde", serde(rename = "none"))]
    None,
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for CertificateId {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => CertificateId::LinkageData(Coer::decode(r)?),
            1 => {
                let at = r.offset();
                let b = r.octets(0, 255)?;
                let s = core::str::from_utf8(b)
                    .map_err(|_| Error::new(ErrorKind::InvalidCharacter, at))?;
                CertificateId::Name(s.into())
            }
            2 => CertificateId::BinaryId(OctetString(r.octets(1, 64)?.to_vec())),
            3 => CertificateId::None,
            t => CertificateId::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            CertificateId::LinkageData(l) => {
                w.choice(0);
                l.encode(w)
            }
            CertificateId::Name(s) => {
                w.choice(1);
                w.octets(s.as_bytes(), 0, 255)
            }
            CertificateId::BinaryId(b) => {
                w.choice(2);
                w.octets(&b.0, 1, 64)
            }
            CertificateId::None => {
                w.choice(3);
                Ok(())
            }
            CertificateId::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `VerificationKeyIndicator ::= CHOICE { verificationKey, reconstructionValue, ... }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum VerificationKeyIndicator {
    /// The key itself (explicit certificates).
    #[cfg_attr(feature = "serde", serde(rename = "verificationKey"))]
    VerificationKey(PublicVerificationKey),
    /// The ECQV reconstruction value (implicit certificates).
    #[cfg_attr(feature = "serde", serde(rename = "reconstructionValue"))]
    ReconstructionValue(EccP256CurvePoint),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for VerificationKeyIndicator {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => VerificationKeyIndicator::VerificationKey(Coer::decode(r)?),
            1 => VerificationKeyIndicator::ReconstructionValue(Coer::decode(r)?),
            t => VerificationKeyIndicator::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            VerificationKeyIndicator::VerificationKey(k) => {
                w.choice(0);
                k.encode(w)
            }
            VerificationKeyIndicator::ReconstructionValue(p) => {
                w.choice(1);
                p.encode(w)
            }
            VerificationKeyIndicator::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `ToBeSignedCertificate`: what a certificate says about its holder. The 2022 additions
/// (`flags`, `appExtensions`, `certIssueExtensions`, `certRequestExtension`) are kept in
/// `extensions`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ToBeSignedCertificate {
    /// The holder's identifier.
    pub id: CertificateId,
    /// HashedId3 of the CRL-issuing authority.
    pub craca_id: HashedId3,
    /// The CRL series.
    pub crl_series: u16,
    /// When the certificate is valid.
    pub validity_period: ValidityPeriod,
    /// Where (absent: the issuer's region).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub region: Option<GeographicRegion>,
    /// `SubjectAssurance` (one octet).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub assurance_level: Option<u8>,
    /// What the holder may sign.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub app_permissions: Option<Vec<PsidSsp>>,
    /// What the holder may issue certificates for.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub cert_issue_permissions: Option<Vec<PsidGroupPermissions>>,
    /// What the holder may request certificates for.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub cert_request_permissions: Option<Vec<PsidGroupPermissions>>,
    /// `canRequestRollover NULL OPTIONAL`.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "core::ops::Not::not", default)
    )]
    pub can_request_rollover: bool,
    /// The holder's encryption key.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub encryption_key: Option<PublicEncryptionKey>,
    /// The key, or the value to reconstruct it from.
    pub verify_key_indicator: VerificationKeyIndicator,
    /// Extension additions as received.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub extensions: Option<Extensions>,
}

impl Coer for ToBeSignedCertificate {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        const T: &str = "ToBeSignedCertificate";
        let p = r.preamble(true, 7).field(T)?;
        let id = CertificateId::decode(r).field("ToBeSignedCertificate.id")?;
        let craca_id = HashedId3::decode(r).field("ToBeSignedCertificate.cracaId")?;
        let crl_series = r.u16().field("ToBeSignedCertificate.crlSeries")?;
        let validity_period =
            ValidityPeriod::decode(r).field("ToBeSignedCertificate.validityPeriod")?;
        let region = opt(p.has(0), r, "ToBeSignedCertificate.region")?;
        let assurance_level = if p.has(1) {
            Some(r.u8().field("ToBeSignedCertificate.assuranceLevel")?)
        } else {
            None
        };
        let app_permissions = if p.has(2) {
            Some(decode_list(r, 2, 0).field("ToBeSignedCertificate.appPermissions")?)
        } else {
            None
        };
        let cert_issue_permissions = if p.has(3) {
            Some(decode_list(r, 2, 0).field("ToBeSignedCertificate.certIssuePermissions")?)
        } else {
            None
        };
        let cert_request_permissions = if p.has(4) {
            Some(decode_list(r, 2, 0).field("ToBeSignedCertificate.certRequestPermissions")?)
        } else {
            None
        };
        let can_request_rollover = p.has(5);
        let encryption_key = opt(p.has(6), r, "ToBeSignedCertificate.encryptionKey")?;
        let verify_key_indicator = VerificationKeyIndicator::decode(r)
            .field("ToBeSignedCertificate.verifyKeyIndicator")?;
        let extensions = Extensions::decode_if(p.extended, r).field(T)?;
        Ok(ToBeSignedCertificate {
            id,
            craca_id,
            crl_series,
            validity_period,
            region,
            assurance_level,
            app_permissions,
            cert_issue_permissions,
            cert_request_permissions,
            can_request_rollover,
            encryption_key,
            verify_key_indicator,
            extensions,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        let present = [
            self.region.is_some(),
            self.assurance_level.is_some(),
            self.app_permissions.is_some(),
            self.cert_issue_permissions.is_some(),
            self.cert_request_permissions.is_some(),
            self.can_request_rollover,
            self.encryption_key.is_some(),
        ];
        w.preamble(true, self.extensions.is_some(), 7, bits(&present));
        self.id.encode(w)?;
        self.craca_id.encode(w)?;
        w.u16(self.crl_series);
        self.validity_period.encode(w)?;
        if let Some(x) = &self.region {
            x.encode(w)?;
        }
        if let Some(x) = self.assurance_level {
            w.u8(x);
        }
        if let Some(x) = &self.app_permissions {
            encode_list(x, w)?;
        }
        if let Some(x) = &self.cert_issue_permissions {
            encode_list(x, w)?;
        }
        if let Some(x) = &self.cert_request_permissions {
            encode_list(x, w)?;
        }
        if let Some(x) = &self.encryption_key {
            x.encode(w)?;
        }
        self.verify_key_indicator.encode(w)?;
        if let Some(e) = &self.extensions {
            e.encode(w)?;
        }
        Ok(())
    }
}

/// Presence bits, the first member in the highest bit.
pub(crate) fn bits(present: &[bool]) -> u64 {
    present.iter().fold(0u64, |v, &p| v << 1 | p as u64)
}

/// An OPTIONAL member: decoded if `present`.
pub(crate) fn opt<T: Coer>(
    present: bool,
    r: &mut Reader<'_>,
    path: &'static str,
) -> Result<Option<T>> {
    if present {
        T::decode(r).field(path).map(Some)
    } else {
        Ok(None)
    }
}

/// `IssuerIdentifier ::= CHOICE { sha256AndDigest HashedId8, self HashAlgorithm, ...,
/// sha384AndDigest HashedId8, sm3AndDigest HashedId8 }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum IssuerIdentifier {
    /// Issued by the certificate with this SHA-256 HashedId8.
    #[cfg_attr(feature = "serde", serde(rename = "sha256AndDigest"))]
    Sha256AndDigest(HashedId8),
    /// Self-signed, hashing with this algorithm.
    #[cfg_attr(feature = "serde", serde(rename = "self"))]
    SelfSigned(HashAlgorithm),
    /// Issued by the certificate with this SHA-384 HashedId8.
    #[cfg_attr(feature = "serde", serde(rename = "sha384AndDigest"))]
    Sha384AndDigest(HashedId8),
    /// Issued by the certificate with this SM3 HashedId8.
    #[cfg_attr(feature = "serde", serde(rename = "sm3AndDigest"))]
    Sm3AndDigest(HashedId8),
    /// A later alternative.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(UnknownAlternative),
}

impl Coer for IssuerIdentifier {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.choice()? {
            0 => IssuerIdentifier::Sha256AndDigest(Coer::decode(r)?),
            1 => IssuerIdentifier::SelfSigned(Coer::decode(r)?),
            2 => IssuerIdentifier::Sha384AndDigest(decode_open(r)?),
            3 => IssuerIdentifier::Sm3AndDigest(decode_open(r)?),
            t => IssuerIdentifier::Unknown(UnknownAlternative::decode(t, r)?),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        match self {
            IssuerIdentifier::Sha256AndDigest(h) => {
                w.choice(0);
                h.encode(w)
            }
            IssuerIdentifier::SelfSigned(a) => {
                w.choice(1);
                a.encode(w)
            }
            IssuerIdentifier::Sha384AndDigest(h) => {
                w.choice(2);
                w.open(|w| h.encode(w))
            }
            IssuerIdentifier::Sm3AndDigest(h) => {
                w.choice(3);
                w.open(|w| h.encode(w))
            }
            IssuerIdentifier::Unknown(u) => {
                u.encode(w);
                Ok(())
            }
        }
    }
}

/// `CertificateType ::= ENUMERATED { explicit, implicit, ... }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CertificateType {
    /// The certificate holds its key and the issuer's signature.
    #[cfg_attr(feature = "serde", serde(rename = "explicit"))]
    Explicit,
    /// The key is reconstructed (ECQV); there is no signature.
    #[cfg_attr(feature = "serde", serde(rename = "implicit"))]
    Implicit,
    /// A later value.
    #[cfg_attr(feature = "serde", serde(rename = "$unknown"))]
    Unknown(i64),
}

impl Coer for CertificateType {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok(match r.enumerated()? {
            0 => CertificateType::Explicit,
            1 => CertificateType::Implicit,
            v => CertificateType::Unknown(v),
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.enumerated(match self {
            CertificateType::Explicit => 0,
            CertificateType::Implicit => 1,
            CertificateType::Unknown(v) => *v,
        });
        Ok(())
    }
}

/// `Certificate ::= CertificateBase { version Uint8(3), type, issuer, toBeSigned,
/// signature Signature OPTIONAL }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Certificate {
    /// Always 3.
    pub version: u8,
    /// Explicit or implicit.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub cert_type: CertificateType,
    /// Who issued it.
    pub issuer: IssuerIdentifier,
    /// What it says.
    pub to_be_signed: ToBeSignedCertificate,
    /// The issuer's signature (explicit certificates).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "Option::is_none", default)
    )]
    pub signature: Option<Signature>,
}

impl Coer for Certificate {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let p = r.preamble(false, 1).field("Certificate")?;
        let at = r.offset();
        let version = r.u8().field("Certificate.version")?;
        if version != 3 {
            return Err(Error::new(ErrorKind::ValueOutOfRange, at).in_field("Certificate.version"));
        }
        Ok(Certificate {
            version,
            cert_type: CertificateType::decode(r).field("Certificate.type")?,
            issuer: IssuerIdentifier::decode(r).field("Certificate.issuer")?,
            to_be_signed: ToBeSignedCertificate::decode(r).field("Certificate.toBeSigned")?,
            signature: opt(p.has(0), r, "Certificate.signature")?,
        })
    }
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.preamble(false, false, 1, self.signature.is_some() as u64);
        w.u8(self.version);
        self.cert_type.encode(w)?;
        self.issuer.encode(w)?;
        self.to_be_signed.encode(w)?;
        if let Some(s) = &self.signature {
            s.encode(w)?;
        }
        Ok(())
    }
}

impl Certificate {
    /// The canonical form (1609.2 §6.4.3): keys and reconstruction values compressed, the
    /// signature's `rSig` x-only. Hashes (HashedId8, signing digests) are over its encoding.
    pub fn canonical(&self) -> Certificate {
        let mut c = self.clone();
        let tbs = &mut c.to_be_signed;
        tbs.verify_key_indicator = match &tbs.verify_key_indicator {
            VerificationKeyIndicator::VerificationKey(k) => {
                VerificationKeyIndicator::VerificationKey(k.canonical())
            }
            VerificationKeyIndicator::ReconstructionValue(p) => {
                VerificationKeyIndicator::ReconstructionValue(p.compressed())
            }
            other => other.clone(),
        };
        tbs.encryption_key = tbs.encryption_key.as_ref().map(|k| k.canonical());
        c.signature = c.signature.as_ref().map(|s| s.canonical());
        c
    }

    /// The PSIDs and SSPs the holder may sign with.
    pub fn app_permissions(&self) -> &[PsidSsp] {
        self.to_be_signed.app_permissions.as_deref().unwrap_or(&[])
    }
}

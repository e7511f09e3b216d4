//! The IEEE 1609.2 (2016, with the 2022 additions that keep the wire) types, owned, with
//! their canonical OER codec and serde (ASN.1 identifiers as JSON keys). Their ASN.1 is
//! `asn1/ieee1609dot2/Ieee1609Dot2.asn`.
//!
//! Written by hand on the [`crate::oer`] runtime: every decoder refuses non-canonical
//! input, keeps unknown CHOICE alternatives ([`UnknownAlternative`]) and extension additions
//! ([`Extensions`]) and re-encodes them byte-exactly.

mod base;
mod cert;
mod data;
mod region;
mod view;

pub use base::*;
pub use cert::{
    BitmapSspRange, Certificate, CertificateId, CertificateType, Duration, GroupLinkageValue,
    IssuerIdentifier, LinkageData, PsidGroupPermissions, PsidSspRange, SspRange,
    SubjectPermissions, ToBeSignedCertificate, ValidityPeriod, VerificationKeyIndicator, EE_APP,
    EE_ENROL,
};
pub use data::{
    HashedData, HeaderInfo, Ieee1609Dot2Content, Ieee1609Dot2Data, MissingCrlIdentifier,
    SignedData, SignedDataPayload, SignerIdentifier, ToBeSignedData, MAX_NESTING,
};
pub use region::{
    CircularRegion, GeographicRegion, IdentifiedRegion, RectangularRegion, RegionAndSubregions,
};
pub use view::SignedSpdu;

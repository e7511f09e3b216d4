//! Certificates, permissions, regions and headers: what the verifier and the signer ask of
//! the generated types.

use super::{
    Certificate, Duration, HeaderInfo, IdentifiedRegion, Psid, PsidGroupPermissions, PsidSsp,
    ServiceSpecificPermissions, SubjectPermissions, ValidityPeriod, VerificationKeyIndicator,
};

/// `EndEntityType` bit `app` (bit 0, `0x80`).
pub const EE_APP: u8 = 0x80;
/// `EndEntityType` bit `enrol` (bit 1, `0x40`).
pub const EE_ENROL: u8 = 0x40;

impl Duration {
    /// The duration in microseconds (a year counts 31 556 952 s, 1609.2's mean year).
    pub fn micros(self) -> u64 {
        let s = 1_000_000u64;
        match self {
            Duration::Microseconds(v) => v.0 as u64,
            Duration::Milliseconds(v) => v.0 as u64 * 1000,
            Duration::Seconds(v) => v.0 as u64 * s,
            Duration::Minutes(v) => v.0 as u64 * 60 * s,
            Duration::Hours(v) => v.0 as u64 * 3600 * s,
            Duration::SixtyHours(v) => v.0 as u64 * 216_000 * s,
            Duration::Years(v) => v.0 as u64 * 31_556_952 * s,
        }
    }
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

impl SubjectPermissions {
    /// Whether `psid` is among the permissions.
    pub fn covers(&self, psid: Psid) -> bool {
        match self {
            SubjectPermissions::Explicit(v) => v.0.iter().any(|p| p.psid == psid),
            SubjectPermissions::All(()) => true,
            SubjectPermissions::Unknown(_) => false,
        }
    }
}

impl PsidGroupPermissions {
    /// `minChainLength`, its default (1) if absent.
    pub fn min_chain_length(&self) -> i64 {
        self.min_chain_length.unwrap_or(1)
    }

    /// `chainLengthRange`, its default (0) if absent.
    pub fn chain_length_range(&self) -> i64 {
        self.chain_length_range.unwrap_or(0)
    }

    /// `eeType` as its octet (`EE_APP`, `EE_ENROL`), its default (`app`) if absent.
    pub fn ee_type(&self) -> u8 {
        self.ee_type
            .as_ref()
            .map_or(EE_APP, |e| e.0.as_bytes().first().copied().unwrap_or(0))
    }
}

impl ServiceSpecificPermissions {
    /// The SSP's octets (opaque or bitmap), as an application reads them.
    pub fn octets(&self) -> Option<&[u8]> {
        match self {
            ServiceSpecificPermissions::Opaque(o) => Some(&o.0),
            ServiceSpecificPermissions::BitmapSsp(o) => Some(&o.0 .0),
            ServiceSpecificPermissions::Unknown(_) => None,
        }
    }
}

impl IdentifiedRegion {
    /// The country the region lies in, if known.
    pub fn country(&self) -> Option<u16> {
        match self {
            IdentifiedRegion::CountryOnly(c) => Some(c.0),
            IdentifiedRegion::CountryAndRegions(r) => Some(r.country_only.0),
            IdentifiedRegion::CountryAndSubregions(r) => Some(r.country.0),
            IdentifiedRegion::Unknown(_) => None,
        }
    }
}

impl Certificate {
    /// The canonical form (1609.2 §6.4.3): keys and reconstruction values compressed, the
    /// signature's `rSig` x-only. Hashes (HashedId8, signing digests) are over its encoding.
    pub fn canonical(&self) -> Certificate {
        use super::CurvePoint;
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

    /// The permission groups the holder may issue certificates for.
    pub fn cert_issue_permissions(&self) -> &[PsidGroupPermissions] {
        self.to_be_signed
            .cert_issue_permissions
            .as_ref()
            .map_or(&[], |p| &p.0[..])
    }

    /// The PSIDs and SSPs the holder may sign with.
    pub fn app_permissions(&self) -> &[PsidSsp] {
        self.to_be_signed
            .app_permissions
            .as_ref()
            .map_or(&[], |p| &p.0[..])
    }
}

impl HeaderInfo {
    /// A header with only a PSID.
    pub fn new(psid: Psid) -> Self {
        HeaderInfo {
            psid,
            ..HeaderInfo::default()
        }
    }
}

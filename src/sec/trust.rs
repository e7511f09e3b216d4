//! Known certificates: the trust anchors a receiver is configured with, and a bounded cache
//! of certificates learnt (from `--cert`, or from messages that verified), keyed by
//! HashedId8, each with its verification key resolved once.

use alloc::vec::Vec;

use super::crypto::{reconstruct_p256, Hash, PublicKey};
use super::types::HashedId8;
use super::types::{
    Certificate, CertificateType, Coer, IssuerIdentifier, PublicVerificationKey,
    VerificationKeyIndicator,
};

/// Why a certificate cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum CertProblem {
    /// It does not decode or re-encode.
    #[error("malformed: {0}")]
    Malformed(crate::oer::Error),
    /// Its key is on a curve (or of a kind) this crate does not verify with.
    #[error("unsupported key or algorithm")]
    Unsupported,
    /// Its key, or the reconstruction value, is not a point of the curve.
    #[error("invalid key")]
    InvalidKey,
    /// Its type does not match its contents (explicit without signature or key, implicit
    /// with one).
    #[error("type does not match contents")]
    WrongType,
    /// The issuer needed to reconstruct (implicit) or check it is not known.
    #[error("issuer {0} unknown")]
    UnknownIssuer(HashedId8),
    /// Its signature does not verify under its issuer's key.
    #[error("signature invalid")]
    BadSignature,
    /// Its hash algorithm does not match its issuer's key.
    #[error("hash algorithm does not match the issuer's key")]
    HashMismatch,
}

/// A certificate with what verification needs, computed once.
#[derive(Clone, Debug)]
pub struct KnownCert {
    /// The certificate (as received; `encoded` is its canonical form).
    pub cert: Certificate,
    /// The canonical COER encoding: what digests and HashedId8 are computed over.
    pub encoded: Vec<u8>,
    /// Its HashedId8.
    pub id: HashedId8,
    /// Its verification key (reconstructed, for an implicit certificate).
    pub key: PublicKey,
    /// Its link to its issuer (signature, validity, region, permissions) was checked on a
    /// chain that reached a trust anchor: later messages skip that work.
    pub linked: bool,
}

impl KnownCert {
    /// The hash of this certificate's curve (for its HashedId8 and the digests it signs).
    pub fn hash(&self) -> Hash {
        self.key.hash()
    }

    /// Resolves `cert`'s key: explicit certificates carry it, implicit ones are
    /// reconstructed with their issuer, which `find` looks up by HashedId8.
    pub fn new<'s>(
        cert: Certificate,
        find: impl Fn(&HashedId8) -> Option<&'s KnownCert>,
    ) -> Result<KnownCert, CertProblem> {
        let canonical = cert.canonical();
        let encoded = canonical.to_coer().map_err(CertProblem::Malformed)?;
        let tbs = &canonical.to_be_signed;
        // The key as received: an uncompressed point off the curve is refused, not mended
        // by the canonical (compressed) form, which keeps only the parity of y.
        let indicator = &cert.to_be_signed.verify_key_indicator;
        let key = match (&cert.r#type, indicator, &cert.signature) {
            (CertificateType::Explicit, VerificationKeyIndicator::VerificationKey(k), Some(_)) => {
                match k {
                    PublicVerificationKey::EcdsaNistP256(p) => {
                        PublicKey::p256(p).ok_or(CertProblem::InvalidKey)?
                    }
                    PublicVerificationKey::EcdsaNistP384(p) => {
                        PublicKey::p384(p).ok_or(CertProblem::InvalidKey)?
                    }
                    #[cfg(feature = "brainpool")]
                    PublicVerificationKey::EcdsaBrainpoolP256r1(p) => {
                        PublicKey::bp256(p).ok_or(CertProblem::InvalidKey)?
                    }
                    #[cfg(feature = "brainpool")]
                    PublicVerificationKey::EcdsaBrainpoolP384r1(p) => {
                        PublicKey::bp384(p).ok_or(CertProblem::InvalidKey)?
                    }
                    _ => return Err(CertProblem::Unsupported),
                }
            }
            (CertificateType::Implicit, VerificationKeyIndicator::ReconstructionValue(p), None) => {
                let IssuerIdentifier::Sha256AndDigest(issuer_id) = cert.issuer else {
                    return Err(CertProblem::Unsupported);
                };
                let issuer = find(&issuer_id).ok_or(CertProblem::UnknownIssuer(issuer_id))?;
                // ECQV is done as the US SCMS issues it, on P-256 only: no brainpool issuer.
                #[cfg(feature = "brainpool")]
                if matches!(issuer.key, PublicKey::Bp256(_) | PublicKey::Bp384(_)) {
                    return Err(CertProblem::Unsupported);
                }
                if issuer.hash() != Hash::Sha256 {
                    return Err(CertProblem::HashMismatch);
                }
                let tbs_bytes = tbs.to_coer().map_err(CertProblem::Malformed)?;
                reconstruct_p256(p, &tbs_bytes, &issuer.encoded, &issuer.key)
                    .ok_or(CertProblem::InvalidKey)?
            }
            (CertificateType::Unrecognized(_), _, _) => return Err(CertProblem::Unsupported),
            _ => return Err(CertProblem::WrongType),
        };
        let id = key.hash().hashed_id8(&encoded);
        Ok(KnownCert {
            cert,
            encoded,
            id,
            key,
            linked: false,
        })
    }

    /// The HashedId8 of the issuer this certificate names, or `None` if self-signed.
    pub fn issuer_id(&self) -> Option<HashedId8> {
        match self.cert.issuer {
            IssuerIdentifier::Sha256AndDigest(h)
            | IssuerIdentifier::Sha384AndDigest(h)
            | IssuerIdentifier::Sm3AndDigest(h) => Some(h),
            _ => None,
        }
    }

    /// Checks this certificate's own signature: under `issuer`, or (self-signed, `None`)
    /// under its own key. Implicit certificates have none: their key was reconstructed
    /// with the issuer's, which binds them to it.
    pub fn check_signature(&self, issuer: Option<&KnownCert>) -> Result<(), CertProblem> {
        let Some(sig) = &self.cert.signature else {
            return match self.cert.r#type {
                CertificateType::Implicit if issuer.is_some() => Ok(()),
                _ => Err(CertProblem::WrongType),
            };
        };
        let (key, signer_bytes): (&PublicKey, &[u8]) = match issuer {
            Some(i) => (&i.key, &i.encoded),
            None => (&self.key, &[]),
        };
        let hash = key.hash();
        let expected = match (&self.cert.issuer, hash) {
            (IssuerIdentifier::Sha256AndDigest(_), Hash::Sha256)
            | (IssuerIdentifier::Sha384AndDigest(_), Hash::Sha384) => true,
            (IssuerIdentifier::SelfValue(a), h) => {
                super::verify::hash_matches(*a, h) && issuer.is_none()
            }
            _ => false,
        };
        if !expected {
            return Err(CertProblem::HashMismatch);
        }
        let tbs = self
            .cert
            .canonical()
            .to_be_signed
            .to_coer()
            .map_err(CertProblem::Malformed)?;
        let input = hash.signing_input(&tbs, signer_bytes);
        let sig = super::crypto::EcdsaSig::of(sig).ok_or(CertProblem::Unsupported)?;
        if super::crypto::verify_input(key, &input, sig) {
            Ok(())
        } else {
            Err(CertProblem::BadSignature)
        }
    }
}

/// The default capacity of the cache of learnt certificates.
pub const DEFAULT_CACHE: usize = 1024;

/// Trust anchors and a bounded cache of known certificates.
///
/// Anchors are configured and never evicted; their self-signatures are checked when they
/// are added. The cache holds up to `capacity` certificates, the oldest evicted first.
#[derive(Clone, Debug)]
pub struct TrustStore {
    anchors: Vec<KnownCert>,
    cache: Vec<KnownCert>,
    capacity: usize,
}

impl Default for TrustStore {
    fn default() -> Self {
        TrustStore::with_capacity(DEFAULT_CACHE)
    }
}

impl TrustStore {
    /// An empty store whose cache holds at most `capacity` certificates.
    pub fn with_capacity(capacity: usize) -> Self {
        TrustStore {
            anchors: Vec::new(),
            cache: Vec::new(),
            capacity: capacity.max(1),
        }
    }

    /// Adds a trust anchor. A self-signed anchor's signature must verify; an anchor issued
    /// by another (a trusted intermediate) is taken as configured.
    pub fn add_anchor(&mut self, cert: Certificate) -> Result<HashedId8, CertProblem> {
        let k = KnownCert::new(cert, |id| self.find(id))?;
        if k.issuer_id().is_none() {
            k.check_signature(None)?;
        }
        let id = k.id;
        self.anchors.retain(|a| a.id != id);
        self.anchors.push(k);
        Ok(id)
    }

    /// Adds a certificate to the cache (an implicit one needs its issuer known).
    pub fn add(&mut self, cert: Certificate) -> Result<HashedId8, CertProblem> {
        let k = KnownCert::new(cert, |id| self.find(id))?;
        let id = k.id;
        self.insert(k);
        Ok(id)
    }

    /// Adds certificates given in any order: each pass adds those whose issuer is known.
    /// Returns the problems of those left.
    pub fn add_all(&mut self, certs: Vec<Certificate>) -> Vec<CertProblem> {
        let mut pending = certs;
        loop {
            let before = pending.len();
            let mut left = Vec::new();
            let mut problems = Vec::new();
            for c in pending {
                match KnownCert::new(c.clone(), |id| self.find(id)) {
                    Ok(k) => self.insert(k),
                    Err(p) => {
                        left.push(c);
                        problems.push(p);
                    }
                }
            }
            if left.is_empty() || left.len() == before {
                return problems;
            }
            pending = left;
        }
    }

    pub(crate) fn insert(&mut self, k: KnownCert) {
        if self.anchors.iter().any(|a| a.id == k.id) {
            return;
        }
        if let Some(c) = self.cache.iter_mut().find(|c| c.id == k.id) {
            c.linked |= k.linked;
            return;
        }
        if self.cache.len() >= self.capacity {
            self.cache.remove(0);
        }
        self.cache.push(k);
    }

    /// Marks the cached certificates `ids` as linked to an anchor (see [`KnownCert::linked`]).
    pub(crate) fn mark_linked(&mut self, ids: &[HashedId8]) {
        for c in self.cache.iter_mut().filter(|c| ids.contains(&c.id)) {
            c.linked = true;
        }
    }

    /// The certificate with HashedId8 `id`, anchor or cached.
    pub fn find(&self, id: &HashedId8) -> Option<&KnownCert> {
        self.anchors
            .iter()
            .chain(self.cache.iter())
            .find(|c| &c.id == id)
    }

    /// Whether `id` is a trust anchor.
    pub fn is_anchor(&self, id: &HashedId8) -> bool {
        self.anchors.iter().any(|a| &a.id == id)
    }

    /// Whether any anchor is configured (then chains are checked).
    pub fn has_anchors(&self) -> bool {
        !self.anchors.is_empty()
    }

    /// How many certificates the cache holds.
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    /// Drops cached certificates whose validity ended before `now` (µs since 2004).
    pub fn evict_expired(&mut self, now: u64) {
        self.cache
            .retain(|c| c.cert.to_be_signed.validity_period.end_micros() > now);
    }
}

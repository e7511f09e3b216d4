//! The receiver: verifies a signed SPDU and says exactly why one is refused.
//!
//! In order: the SPDU parses ([`SignedSpdu`]); the signer's key is found (the certificate in
//! the message, or a known certificate by HashedId8; implicit certificates reconstructed);
//! the signature verifies over `H(H(tbs) ‖ H(signer certificate))`; the signer may sign the
//! PSID, at the generation time and place; with trust anchors configured, the chain up to
//! an anchor verifies link by link (signatures, validity within the issuer's, region within
//! the issuer's, PSIDs the issuer may grant); then the PSID's [`Policy`] (generation time
//! window, expiry, replay, SSP).
//!
//! ```
//! use cv2x::sec::{sign::Identity, verify::{Verifier, SignatureState, ChainState}, HeaderInfo, Psid, Time64};
//! let root = Identity::demo_root([7; 32], Time64(0))?;
//! let rsu = root.issue_demo([9; 32], &[Psid::SPAT], Time64(0))?;
//! let mut header = HeaderInfo::new(Psid::SPAT);
//! header.generation_time = Some(Time64(60_000_000));
//! let spdu = rsu.sign(&[0x00, 0x13, 0x01, 0x00], header, cv2x::sec::sign::SignerKind::Certificate)?;
//!
//! let mut v = Verifier::default();
//! v.store.add_anchor(root.cert.clone()).unwrap();
//! let report = v.check(&spdu, Time64(60_000_000));
//! assert_eq!((report.signature, report.chain), (SignatureState::Valid, ChainState::Trusted));
//! assert_eq!(report.payload, Some(&[0x00, 0x13, 0x01, 0x00][..]));
//! # Ok::<(), cv2x::sec::sign::SignError>(())
//! ```

use alloc::vec::Vec;

use super::crypto::{verify_input, EcdsaSig, Hash};
use super::geo;
use super::trust::{CertProblem, KnownCert, TrustStore};
use super::types::{
    Certificate, Coer, HashAlgorithm, HashedId8, Psid, ServiceSpecificPermissions, SignedSpdu,
    SignerIdentifier, SubjectPermissions, Time64, TwoDLocation, EE_APP,
};

/// How deep a chain may be (signer included, anchor excluded).
pub const MAX_CHAIN: usize = 6;

/// What the signature check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureState {
    /// It verifies under the signer's key.
    Valid,
    /// It does not, or the SPDU is malformed or of an unsupported kind.
    Invalid,
    /// The signer's key is not known (a digest not in the cache, an implicit certificate
    /// whose issuer is not known).
    UnknownSigner,
}

/// What the chain check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChainState {
    /// Every link up to a trust anchor holds.
    Trusted,
    /// A link fails, or the chain does not reach an anchor.
    Untrusted,
    /// No anchors configured, or the signature was not valid.
    NotChecked,
}

/// Why a message is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The SPDU does not decode.
    #[error("malformed: {0}")]
    Malformed(crate::oer::Error),
    /// The content is not `signedData`.
    #[error("not signed")]
    NotSigned,
    /// The signature algorithm (SM2, a later one; brainpool without feature `brainpool`) is
    /// not supported.
    #[error("unsupported signature algorithm")]
    UnsupportedAlgorithm,
    /// `hashId` does not match the signer's curve.
    #[error("hashId does not match the signer's key")]
    HashMismatch,
    /// The signer is named by a digest not in the cache.
    #[error("unknown signer {0}")]
    UnknownSigner(HashedId8),
    /// `self` as signer of a message: there is no key to verify with.
    #[error("self-signed message")]
    SelfSigned,
    /// The signature does not verify.
    #[error("signature invalid")]
    BadSignature,
    /// A certificate of the chain is unusable.
    #[error("certificate {cert}: {problem}")]
    Certificate {
        /// Which.
        cert: HashedId8,
        /// What is wrong.
        problem: CertProblem,
    },
    /// The chain ends at a certificate that is not a trust anchor.
    #[error("chain ends at {0}, not a trust anchor")]
    Untrusted(HashedId8),
    /// The chain is longer than [`MAX_CHAIN`].
    #[error("chain too long")]
    ChainTooLong,
    /// A certificate is not valid at the message's generation time.
    #[error("certificate {0} not valid at the generation time")]
    CertificateNotValid(HashedId8),
    /// A certificate's validity lies outside its issuer's.
    #[error("certificate {0} valid beyond its issuer")]
    ValidityBeyondIssuer(HashedId8),
    /// A certificate's region lies outside its issuer's.
    #[error("certificate {0} region outside its issuer's")]
    RegionBeyondIssuer(HashedId8),
    /// A certificate holds a PSID its issuer may not grant.
    #[error("certificate {cert}: issuer may not grant PSID {psid}")]
    PermissionNotGranted {
        /// Which certificate.
        cert: HashedId8,
        /// Which PSID.
        psid: u64,
    },
    /// The signer's certificate does not permit the message's PSID.
    #[error("signer may not sign PSID {0}")]
    PsidNotPermitted(u64),
    /// The generation location is outside a certificate's region.
    #[error("generated outside the region of certificate {0}")]
    OutsideRegion(HashedId8),
    /// The policy wants a generation time and there is none.
    #[error("no generation time")]
    NoGenerationTime,
    /// Generated too long before `now`.
    #[error("too old")]
    TooOld,
    /// Generated too far after `now`.
    #[error("generated in the future")]
    FromTheFuture,
    /// The message's expiry time has passed.
    #[error("expired")]
    Expired,
    /// The same signed message was accepted before.
    #[error("replayed")]
    Replay,
    /// The signer's SSP for the PSID is not what the policy wants.
    #[error("SSP not permitted")]
    SspMismatch,
}

/// What a PSID's messages must satisfy beyond a valid, trusted signature.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Policy {
    /// Refuse messages without a generation time.
    pub require_generation_time: bool,
    /// Refuse messages generated more than this many µs before `now`.
    pub max_age_us: Option<u64>,
    /// Refuse messages generated more than this many µs after `now`.
    pub max_future_us: Option<u64>,
    /// Refuse a message whose signature was already accepted.
    pub reject_replays: bool,
    /// The SSP the signer's certificate must hold for the PSID (`None`: any; the SSP is
    /// handed to the application in the report either way).
    pub ssp: Option<Vec<u8>>,
}

impl Policy {
    /// A policy for live traffic: a generation time within `window_us` of `now` either
    /// way, no replays.
    pub fn live(window_us: u64) -> Policy {
        Policy {
            require_generation_time: true,
            max_age_us: Some(window_us),
            max_future_us: Some(window_us),
            reject_replays: true,
            ssp: None,
        }
    }
}

/// The verdict on one SPDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report<'a> {
    /// The signature check.
    pub signature: SignatureState,
    /// The chain check.
    pub chain: ChainState,
    /// Why the message is refused; `None` when accepted.
    pub refusal: Option<Refusal>,
    /// `headerInfo.psid`.
    pub psid: Option<Psid>,
    /// `headerInfo.generationTime`.
    pub generation_time: Option<Time64>,
    /// The signer certificate's HashedId8 (or the digest named).
    pub signer: Option<HashedId8>,
    /// The signer's SSP for the PSID, for the application to apply.
    pub ssp: Option<ServiceSpecificPermissions>,
    /// The unsecured payload (the J2735 frame), borrowed from the input.
    pub payload: Option<&'a [u8]>,
}

impl Report<'_> {
    /// Whether the message is accepted.
    pub fn accepted(&self) -> bool {
        self.refusal.is_none()
    }
}

/// Whether a 1609.2 `HashAlgorithm` is `hash`.
pub(crate) fn hash_matches(a: HashAlgorithm, hash: Hash) -> bool {
    matches!(
        (a, hash),
        (HashAlgorithm::Sha256, Hash::Sha256) | (HashAlgorithm::Sha384, Hash::Sha384)
    )
}

/// Remembers the last signatures accepted, to refuse replays (bounded, oldest forgotten).
#[derive(Clone, Debug)]
struct ReplayWindow {
    seen: Vec<[u8; 16]>,
    next: usize,
    capacity: usize,
}

impl ReplayWindow {
    fn contains(&self, k: &[u8; 16]) -> bool {
        self.seen.contains(k)
    }
    fn insert(&mut self, k: [u8; 16]) {
        if self.seen.len() < self.capacity {
            self.seen.push(k);
        } else {
            self.seen[self.next] = k;
            self.next = (self.next + 1) % self.capacity;
        }
    }
}

/// A receiver's verifier: known certificates, per-PSID policies, the replay window.
#[derive(Clone, Debug)]
pub struct Verifier {
    /// Trust anchors and the cache of known certificates.
    pub store: TrustStore,
    /// The policy of each PSID; `default_policy` for the others.
    pub policies: Vec<(Psid, Policy)>,
    /// The policy of PSIDs without one of their own.
    pub default_policy: Policy,
    /// Learn the signer certificates of accepted messages (so later digest-signed ones verify).
    pub learn: bool,
    replay: ReplayWindow,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier::new(TrustStore::default())
    }
}

/// How many accepted signatures the replay window remembers.
pub const REPLAY_WINDOW: usize = 4096;

/// A message after the read-only steps: its report so far and, if not yet refused, what
/// the policy step needs.
struct Prepared<'a> {
    report: Report<'a>,
    rest: Option<(SignedSpdu<'a>, Chain)>,
}

struct Chain {
    certs: Vec<KnownCert>,
    trusted_at: Option<usize>,
}

impl Verifier {
    /// A verifier over `store`, with the default (permissive) policy for every PSID.
    pub fn new(store: TrustStore) -> Self {
        Verifier {
            store,
            policies: Vec::new(),
            default_policy: Policy::default(),
            learn: true,
            replay: ReplayWindow {
                seen: Vec::new(),
                next: 0,
                capacity: REPLAY_WINDOW,
            },
        }
    }

    /// Sets the policy of `psid`.
    pub fn set_policy(&mut self, psid: Psid, p: Policy) {
        self.policies.retain(|(q, _)| *q != psid);
        self.policies.push((psid, p));
    }

    fn policy(&self, psid: Psid) -> &Policy {
        self.policies
            .iter()
            .find(|(q, _)| *q == psid)
            .map(|(_, p)| p)
            .unwrap_or(&self.default_policy)
    }

    /// Verifies `spdu` at `now`; the report says what held and why it is refused.
    pub fn check<'a>(&mut self, spdu: &'a [u8], now: Time64) -> Report<'a> {
        let mut p = self.prepare(spdu, now);
        self.finish(&mut p, now);
        p.report
    }

    /// Verifies many SPDUs at `now`, the signatures and chains on up to `threads` threads
    /// (the policies, replay window and cache then in input order, on this thread): the
    /// same reports as [`Verifier::check`] on each in turn, except that a certificate
    /// learnt from one message is not yet known to the others of the batch.
    pub fn check_batch<'a>(
        &mut self,
        spdus: &[&'a [u8]],
        now: Time64,
        threads: usize,
    ) -> Vec<Report<'a>> {
        let threads = threads.clamp(1, spdus.len().max(1));
        let chunk = spdus.len().div_ceil(threads).max(1);
        let this = &*self;
        let mut prepared: Vec<Prepared<'a>> = Vec::with_capacity(spdus.len());
        std::thread::scope(|scope| {
            let handles: Vec<_> = spdus
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|b| this.prepare(b, now))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                prepared.extend(h.join().expect("a verification thread panicked"));
            }
        });
        prepared
            .into_iter()
            .map(|mut p| {
                self.finish(&mut p, now);
                p.report
            })
            .collect()
    }

    /// Steps 1 to 4 (parse, signer, signature, permissions, chain): read-only.
    fn prepare<'a>(&self, spdu: &'a [u8], now: Time64) -> Prepared<'a> {
        let mut report = Report {
            signature: SignatureState::Invalid,
            chain: ChainState::NotChecked,
            refusal: None,
            psid: None,
            generation_time: None,
            signer: None,
            ssp: None,
            payload: None,
        };
        let done = |report, refusal| Prepared {
            report: Report {
                refusal: Some(refusal),
                ..report
            },
            rest: None,
        };
        if spdu.len() >= 2 && spdu[0] == 3 && spdu[1] != 0x81 {
            return done(report, Refusal::NotSigned);
        }
        let s = match SignedSpdu::parse(spdu) {
            Ok(s) => s,
            Err(e) => return done(report, Refusal::Malformed(e)),
        };
        report.psid = Some(s.header.psid);
        report.generation_time = s.header.generation_time;
        report.payload = s.payload();
        match self.run(&s, now, &mut report) {
            Ok(chain) => Prepared {
                report,
                rest: Some((s, chain)),
            },
            Err(r) => done(report, r),
        }
    }

    /// Step 5 (the policy, the replay window, learning): in order, mutating.
    fn finish(&mut self, p: &mut Prepared<'_>, now: Time64) {
        let Some((s, chain)) = p.rest.take() else {
            return;
        };
        if let Err(r) = self.apply_policy(&s, chain, now, &mut p.report) {
            p.report.refusal = Some(r);
        }
    }

    fn run(
        &self,
        s: &SignedSpdu<'_>,
        now: Time64,
        report: &mut Report<'_>,
    ) -> Result<Chain, Refusal> {
        // 1. The signer's certificate and key.
        let chain = self.signer_chain(s, report)?;
        let signer = &chain.certs[0];
        // 2. The signature.
        if !hash_matches(s.hash_id, signer.hash()) {
            return Err(Refusal::HashMismatch);
        }
        let input = signer.hash().signing_input(s.tbs, &signer.encoded);
        let sig = EcdsaSig::of(&s.signature).ok_or(Refusal::UnsupportedAlgorithm)?;
        if !verify_input(&signer.key, &input, sig) {
            return Err(Refusal::BadSignature);
        }
        report.signature = SignatureState::Valid;
        // 3. What the signer may sign: PSID, time, place.
        let psid = s.header.psid;
        let perm = signer
            .cert
            .app_permissions()
            .iter()
            .find(|p| p.psid == psid)
            .ok_or(Refusal::PsidNotPermitted(psid.0))?;
        report.ssp = perm.ssp.clone();
        let at = s.header.generation_time.unwrap_or(now).0;
        for c in &chain.certs {
            if !c.cert.to_be_signed.validity_period.contains(at) {
                return Err(Refusal::CertificateNotValid(c.id));
            }
        }
        if let Some(loc) = s.header.generation_location {
            let p = TwoDLocation {
                latitude: loc.latitude,
                longitude: loc.longitude,
            };
            for c in &chain.certs {
                if let Some(r) = &c.cert.to_be_signed.region {
                    if geo::contains_location(r, p) == Some(false) {
                        return Err(Refusal::OutsideRegion(c.id));
                    }
                }
            }
        }
        // 4. The chain, when anchors are configured.
        if self.store.has_anchors() {
            report.chain = ChainState::Untrusted;
            check_links(&chain)?;
            if chain.trusted_at.is_none() {
                let top = chain.certs.last().map(|c| c.id).unwrap_or_default();
                return Err(Refusal::Untrusted(top));
            }
            report.chain = ChainState::Trusted;
        }
        Ok(chain)
    }

    fn apply_policy(
        &mut self,
        s: &SignedSpdu<'_>,
        chain: Chain,
        now: Time64,
        report: &mut Report<'_>,
    ) -> Result<(), Refusal> {
        // 5. The PSID's policy.
        let psid = s.header.psid;
        let policy = self.policy(psid).clone();
        let gen = s.header.generation_time;
        if policy.require_generation_time && gen.is_none() {
            return Err(Refusal::NoGenerationTime);
        }
        if let Some(g) = gen {
            if policy
                .max_age_us
                .is_some_and(|m| now.0.saturating_sub(g.0) > m)
            {
                return Err(Refusal::TooOld);
            }
            if policy
                .max_future_us
                .is_some_and(|m| g.0.saturating_sub(now.0) > m)
            {
                return Err(Refusal::FromTheFuture);
            }
        }
        if s.header.expiry_time.is_some_and(|e| now.0 > e.0) {
            return Err(Refusal::Expired);
        }
        if let Some(want) = &policy.ssp {
            if report.ssp.as_ref().and_then(|x| x.octets()) != Some(&want[..]) {
                return Err(Refusal::SspMismatch);
            }
        }
        let key = replay_key(s, &chain.certs[0].id);
        if policy.reject_replays {
            if self.replay.contains(&key) {
                return Err(Refusal::Replay);
            }
            self.replay.insert(key);
        }
        // The links up to the anchor held: remember it, so the next message from these
        // certificates costs its digest and one signature verification.
        let below_anchor = chain.trusted_at.unwrap_or(0);
        let ids: Vec<HashedId8> = chain.certs[..below_anchor].iter().map(|c| c.id).collect();
        self.store.mark_linked(&ids);
        if self.learn {
            for mut c in chain
                .certs
                .into_iter()
                .take(chain.trusted_at.unwrap_or(usize::MAX))
            {
                c.linked = ids.contains(&c.id);
                self.store.insert(c);
            }
        }
        Ok(())
    }

    /// The signer's certificate first, then its issuers as far as they are known: from the
    /// message's certificate list, then the store. `trusted_at` marks the first anchor.
    fn signer_chain(&self, s: &SignedSpdu<'_>, report: &mut Report<'_>) -> Result<Chain, Refusal> {
        let in_message: &[Certificate] = match &s.signer {
            SignerIdentifier::Digest(id) => {
                report.signer = Some(*id);
                let Some(k) = self.store.find(id) else {
                    report.signature = SignatureState::UnknownSigner;
                    return Err(Refusal::UnknownSigner(*id));
                };
                return Ok(self.extend(alloc::vec![k.clone()], &[]));
            }
            SignerIdentifier::Certificate(v) => &v.0,
            SignerIdentifier::SelfValue(()) => {
                report.signature = SignatureState::UnknownSigner;
                return Err(Refusal::SelfSigned);
            }
            SignerIdentifier::Unknown(_) => return Err(Refusal::UnsupportedAlgorithm),
        };
        if in_message.len() > MAX_CHAIN {
            return Err(Refusal::ChainTooLong);
        }
        // Resolve from the top of the list down, each against the ones above and the store.
        let mut resolved: Vec<KnownCert> = Vec::new();
        for c in in_message.iter().rev() {
            let k = KnownCert::new(c.clone(), |id| {
                resolved
                    .iter()
                    .rev()
                    .find(|k| &k.id == id)
                    .or_else(|| self.store.find(id))
            });
            match k {
                // A copy already known and linked to an anchor saves the chain's work.
                Ok(k) => resolved.push(
                    self.store
                        .find(&k.id)
                        .filter(|c| c.linked)
                        .cloned()
                        .unwrap_or(k),
                ),
                Err(problem) => {
                    let id = Hash::Sha256.hashed_id8(&c.canonical().to_coer().unwrap_or_default());
                    if core::ptr::eq(c, &in_message[0]) {
                        report.signer = Some(id);
                    }
                    if let CertProblem::UnknownIssuer(_) = problem {
                        report.signature = SignatureState::UnknownSigner;
                    }
                    return Err(Refusal::Certificate { cert: id, problem });
                }
            }
        }
        resolved.reverse();
        report.signer = Some(resolved[0].id);
        let rest: Vec<KnownCert> = resolved.split_off(1);
        Ok(self.extend(resolved, &rest))
    }

    /// Completes a chain: `start` (the signer), then `listed` (issuers sent along), then
    /// issuers from the store, up to an anchor or a self-signed certificate.
    fn extend(&self, start: Vec<KnownCert>, listed: &[KnownCert]) -> Chain {
        let mut certs = start;
        certs.extend_from_slice(listed);
        let mut trusted_at = certs.iter().position(|c| self.store.is_anchor(&c.id));
        while trusted_at.is_none() && certs.len() <= MAX_CHAIN {
            let last = certs.last().expect("a chain starts with its signer");
            let Some(issuer) = last.issuer_id() else {
                break;
            };
            let Some(k) = self.store.find(&issuer) else {
                break;
            };
            let k = k.clone();
            let anchor = self.store.is_anchor(&k.id);
            certs.push(k);
            if anchor {
                trusted_at = Some(certs.len() - 1);
            }
        }
        Chain { certs, trusted_at }
    }
}

/// A replay is the same signed content from the same signer: the key hashes the signed
/// octets and the signer, not the signature, whose encoding (the form of `rSig`, `s` or
/// `n - s`) a replayer could vary.
fn replay_key(s: &SignedSpdu<'_>, signer: &HashedId8) -> [u8; 16] {
    let h = Hash::Sha256.of(&[s.tbs, &signer.0]);
    let mut k = [0u8; 16];
    k.copy_from_slice(&h.as_bytes()[..16]);
    k
}

/// Checks each link of the chain up to its anchor (or to its end when none is reached).
fn check_links(chain: &Chain) -> Result<(), Refusal> {
    let end = chain.trusted_at.unwrap_or(chain.certs.len() - 1);
    if chain.certs.len() > MAX_CHAIN + 1 {
        return Err(Refusal::ChainTooLong);
    }
    for i in 0..end {
        let (sub, iss) = (&chain.certs[i], &chain.certs[i + 1]);
        if sub.linked && sub.issuer_id() == Some(iss.id) {
            // Checked when it was first seen on a trusted chain.
            continue;
        }
        if sub.issuer_id() != Some(iss.id) {
            return Err(Refusal::Certificate {
                cert: sub.id,
                problem: CertProblem::UnknownIssuer(sub.issuer_id().unwrap_or_default()),
            });
        }
        sub.check_signature(Some(iss))
            .map_err(|problem| Refusal::Certificate {
                cert: sub.id,
                problem,
            })?;
        let (sv, iv) = (
            &sub.cert.to_be_signed.validity_period,
            &iss.cert.to_be_signed.validity_period,
        );
        if sv.start.0 < iv.start.0 || sv.end_micros() > iv.end_micros() {
            return Err(Refusal::ValidityBeyondIssuer(sub.id));
        }
        if let (Some(o), Some(r)) = (&iss.cert.to_be_signed.region, &sub.cert.to_be_signed.region) {
            if geo::contains_region(o, r) == Some(false) {
                return Err(Refusal::RegionBeyondIssuer(sub.id));
            }
        }
        check_permissions(sub, iss)?;
    }
    Ok(())
}

/// Every PSID the subject holds (to sign with, or to issue) must be one its issuer may
/// grant; PSIDs to sign with need a group for end entities of type `app`.
fn check_permissions(sub: &KnownCert, iss: &KnownCert) -> Result<(), Refusal> {
    let groups = iss.cert.cert_issue_permissions();
    let denied = |psid: Psid| Refusal::PermissionNotGranted {
        cert: sub.id,
        psid: psid.0,
    };
    for p in sub.cert.app_permissions() {
        if !groups
            .iter()
            .any(|g| g.ee_type() & EE_APP != 0 && g.subject_permissions.covers(p.psid))
        {
            return Err(denied(p.psid));
        }
    }
    for g in sub.cert.cert_issue_permissions() {
        match &g.subject_permissions {
            SubjectPermissions::Explicit(v) => {
                for r in &v.0 {
                    if !groups.iter().any(|h| h.subject_permissions.covers(r.psid)) {
                        return Err(denied(r.psid));
                    }
                }
            }
            SubjectPermissions::All(()) => {
                if !groups
                    .iter()
                    .any(|h| matches!(h.subject_permissions, SubjectPermissions::All(())))
                {
                    return Err(denied(Psid(u64::MAX)));
                }
            }
            SubjectPermissions::Unknown(_) => return Err(denied(Psid(u64::MAX))),
        }
    }
    Ok(())
}

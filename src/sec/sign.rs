//! The sender: signs SPDUs with a P-256 key and its certificate, and issues explicit
//! certificates (for demo and test chains).
//!
//! ```
//! use cv2x::sec::sign::{Identity, SignerKind};
//! use cv2x::sec::{HeaderInfo, Psid, SignedSpdu, SignerIdentifier, Time64};
//! let root = Identity::demo_root([1; 32], Time64(0))?;
//! let rsu = root.issue_demo([2; 32], &[Psid::SPAT, Psid::MAP], Time64(0))?;
//! let spdu = rsu.sign(&[0x00, 0x13, 0x01, 0x00], HeaderInfo::new(Psid::SPAT), SignerKind::Digest)?;
//! let s = SignedSpdu::parse(&spdu)?;
//! assert_eq!(s.signer, SignerIdentifier::Digest(rsu.id()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::vec::Vec;

use p256::ecdsa::SigningKey;

use super::crypto::{public_p256, sign_p256, Hash, PublicKey};
use super::trust::{CertProblem, KnownCert};
use super::types::*;

/// How the signer is named in a signed SPDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignerKind {
    /// The whole certificate (receivers that never saw it can verify).
    Certificate,
    /// Its HashedId8 (8 octets; receivers must have the certificate already).
    Digest,
}

/// Why signing or issuing failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// A value did not encode.
    #[error("encoding: {0}")]
    Encode(#[from] crate::oer::Error),
    /// The certificate is unusable.
    #[error("certificate: {0}")]
    Certificate(#[from] CertProblem),
    /// The private key is not the certificate's.
    #[error("the key does not match the certificate")]
    KeyMismatch,
    /// The private key is not a valid P-256 scalar.
    #[error("invalid private key")]
    InvalidKey,
    /// Only P-256 certificates sign here.
    #[error("only P-256 keys sign")]
    Unsupported,
}

/// A P-256 private key with its certificate.
#[derive(Clone, Debug)]
pub struct Identity {
    key: SigningKey,
    /// The certificate.
    pub cert: Certificate,
    known: KnownCert,
}

impl Identity {
    /// The key (32-octet big-endian scalar) and its certificate; `issuer` is needed for an
    /// implicit certificate (to reconstruct its public key) and otherwise ignored.
    pub fn new(
        secret: &[u8; 32],
        cert: Certificate,
        issuer: Option<&KnownCert>,
    ) -> Result<Identity, SignError> {
        let key = SigningKey::from_bytes(&(*secret).into()).map_err(|_| SignError::InvalidKey)?;
        let known = KnownCert::new(cert.clone(), |id| issuer.filter(|i| &i.id == id))?;
        if known.key != public_p256(&key) {
            return Err(SignError::KeyMismatch);
        }
        Ok(Identity { key, cert, known })
    }

    /// The certificate's HashedId8.
    pub fn id(&self) -> HashedId8 {
        self.known.id
    }

    /// The certificate with its resolved key.
    pub fn known(&self) -> &KnownCert {
        &self.known
    }

    /// The canonical encoding of the certificate.
    pub fn cert_bytes(&self) -> &[u8] {
        &self.known.encoded
    }

    /// A signed SPDU carrying `payload` as unsecured data, with `header`.
    pub fn sign(
        &self,
        payload: &[u8],
        header: HeaderInfo,
        kind: SignerKind,
    ) -> Result<Vec<u8>, SignError> {
        let tbs_data = ToBeSignedData {
            payload: SignedDataPayload {
                data: Some(alloc::boxed::Box::new(Ieee1609Dot2Data {
                    protocol_version: Uint8(3),
                    content: Ieee1609Dot2Content::UnsecuredData(Opaque(crate::per::OctetString(
                        payload.to_vec(),
                    ))),
                })),
                ..SignedDataPayload::default()
            },
            header_info: header,
        };
        let tbs = tbs_data.to_coer()?;
        let digest = Hash::Sha256.signing_digest(&tbs, &self.known.encoded);
        let sig = sign_p256(&self.key, digest.as_bytes()).ok_or(SignError::InvalidKey)?;
        let signer = match kind {
            SignerKind::Certificate => {
                SignerIdentifier::Certificate(SequenceOfCertificate(alloc::vec![self.cert.clone()]))
            }
            SignerKind::Digest => SignerIdentifier::Digest(self.known.id),
        };
        let d = Ieee1609Dot2Data {
            protocol_version: Uint8(3),
            content: Ieee1609Dot2Content::SignedData(SignedData {
                hash_id: HashAlgorithm::Sha256,
                tbs_data,
                signer,
                signature: Signature::EcdsaNistP256Signature(sig),
            }),
        };
        Ok(d.to_coer()?)
    }

    /// An explicit certificate for `subject` (a P-256 key) saying `tbs` (whose
    /// `verify_key_indicator` is replaced by the key), signed by this identity.
    pub fn issue(
        &self,
        subject: &PublicKey,
        mut tbs: ToBeSignedCertificate,
    ) -> Result<Certificate, SignError> {
        tbs.verify_key_indicator = key_indicator(subject)?;
        let bytes = tbs.to_coer()?;
        let digest = Hash::Sha256.signing_digest(&bytes, &self.known.encoded);
        let sig = sign_p256(&self.key, digest.as_bytes()).ok_or(SignError::InvalidKey)?;
        Ok(Certificate {
            version: Uint8(3),
            r#type: CertificateType::Explicit,
            issuer: IssuerIdentifier::Sha256AndDigest(self.known.id),
            to_be_signed: tbs,
            signature: Some(Signature::EcdsaNistP256Signature(sig)),
        })
    }

    /// A self-signed explicit certificate saying `tbs`, and its identity.
    pub fn self_signed(
        secret: &[u8; 32],
        mut tbs: ToBeSignedCertificate,
    ) -> Result<Identity, SignError> {
        let key = SigningKey::from_bytes(&(*secret).into()).map_err(|_| SignError::InvalidKey)?;
        tbs.verify_key_indicator = key_indicator(&public_p256(&key))?;
        let bytes = tbs.to_coer()?;
        let digest = Hash::Sha256.signing_digest(&bytes, &[]);
        let sig = sign_p256(&key, digest.as_bytes()).ok_or(SignError::InvalidKey)?;
        let cert = Certificate {
            version: Uint8(3),
            r#type: CertificateType::Explicit,
            issuer: IssuerIdentifier::SelfValue(HashAlgorithm::Sha256),
            to_be_signed: tbs,
            signature: Some(Signature::EcdsaNistP256Signature(sig)),
        };
        Identity::new(secret, cert, None)
    }

    /// A demo root: self-signed, named `cv2x demo root`, valid 10 years from `start`, may
    /// issue every PSID. For tests and demonstrations only.
    pub fn demo_root(secret: [u8; 32], start: Time64) -> Result<Identity, SignError> {
        let mut tbs = demo_tbs("cv2x demo root", start, Duration::Years(Uint16(10)));
        tbs.cert_issue_permissions = Some(SequenceOfPsidGroupPermissions(alloc::vec![
            PsidGroupPermissions {
                subject_permissions: SubjectPermissions::All(()),
                min_chain_length: None,
                chain_length_range: None,
                ee_type: None,
            }
        ]));
        Identity::self_signed(&secret, tbs)
    }

    /// A demo application certificate under this identity, for `psids` (no SSPs), valid a
    /// year from `start`, named `cv2x demo rsu`.
    pub fn issue_demo(
        &self,
        secret: [u8; 32],
        psids: &[Psid],
        start: Time64,
    ) -> Result<Identity, SignError> {
        let key = SigningKey::from_bytes(&secret.into()).map_err(|_| SignError::InvalidKey)?;
        let mut tbs = demo_tbs("cv2x demo rsu", start, Duration::Years(Uint16(1)));
        tbs.app_permissions = Some(SequenceOfPsidSsp(
            psids
                .iter()
                .map(|&psid| PsidSsp { psid, ssp: None })
                .collect(),
        ));
        let cert = self.issue(&public_p256(&key), tbs)?;
        Identity::new(&secret, cert, Some(&self.known))
    }
}

fn demo_tbs(name: &str, start: Time64, duration: Duration) -> ToBeSignedCertificate {
    ToBeSignedCertificate {
        id: CertificateId::Name(Hostname(name.into())),
        craca_id: HashedId3([0; 3]),
        crl_series: CrlSeries(0),
        validity_period: ValidityPeriod {
            start: start.seconds(),
            duration,
        },
        region: None,
        assurance_level: None,
        app_permissions: None,
        cert_issue_permissions: None,
        cert_request_permissions: None,
        can_request_rollover: None,
        encryption_key: None,
        verify_key_indicator: VerificationKeyIndicator::ReconstructionValue(
            EccP256CurvePoint::Fill(()),
        ),
        ext: None,
    }
}

fn key_indicator(k: &PublicKey) -> Result<VerificationKeyIndicator, SignError> {
    let PublicKey::P256(_) = k else {
        return Err(SignError::Unsupported);
    };
    let b = k.to_sec1_compressed();
    let x: [u8; 32] = b[1..].try_into().map_err(|_| SignError::InvalidKey)?;
    let p = if b[0] == 2 {
        EccP256CurvePoint::CompressedY0(x)
    } else {
        EccP256CurvePoint::CompressedY1(x)
    };
    Ok(VerificationKeyIndicator::VerificationKey(
        PublicVerificationKey::EcdsaNistP256(p),
    ))
}

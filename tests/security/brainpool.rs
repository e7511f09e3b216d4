//! ECDSA over brainpoolP256r1 / brainpoolP384r1: certificates and SPDUs built here and signed
//! by an independent implementation (Python `cryptography`, tests/oracle/brainpool_oracle.py),
//! the real EU trust-list vectors (brainpoolP384r1), tampering, and (without feature
//! `brainpool`) the typed refusal.

use cv2x::sec::crypto::Hash;
#[cfg(feature = "brainpool")]
use cv2x::sec::crypto::{self, EcdsaSig, PublicKey};
#[cfg(feature = "brainpool")]
use cv2x::sec::trust::KnownCert;
use cv2x::sec::trust::{CertProblem, TrustStore};
#[cfg(feature = "brainpool")]
use cv2x::sec::verify::ChainState;
use cv2x::sec::verify::{Refusal, SignatureState, Verifier};
use cv2x::sec::*;

#[cfg(feature = "brainpool")]
use crate::common::vector;

fn oracle(args: &[&str], input: &str) -> String {
    crate::shared::run_script("brainpool_oracle.py", args, input)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    Bp256,
    Bp384,
}

const CURVES: [Curve; 2] = [Curve::Bp256, Curve::Bp384];

impl Curve {
    fn name(self) -> &'static str {
        match self {
            Curve::Bp256 => "bp256",
            Curve::Bp384 => "bp384",
        }
    }
    fn hash_id(self) -> HashAlgorithm {
        match self {
            Curve::Bp256 => HashAlgorithm::Sha256,
            Curve::Bp384 => HashAlgorithm::Sha384,
        }
    }
    fn hash(self) -> Hash {
        match self {
            Curve::Bp256 => Hash::Sha256,
            Curve::Bp384 => Hash::Sha384,
        }
    }
    /// The key as a 1609.2 verification key, in the form of its SEC 1 encoding.
    fn verification_key(self, sec1: &[u8]) -> PublicVerificationKey {
        match self {
            Curve::Bp256 => PublicVerificationKey::EcdsaBrainpoolP256r1(point(sec1)),
            Curve::Bp384 => PublicVerificationKey::EcdsaBrainpoolP384r1(point(sec1)),
        }
    }
    /// An x-only signature `(r, s)`.
    fn signature(self, r: &[u8], s: &[u8]) -> Signature {
        fn sig<const N: usize, S: EcdsaSignature<N>>(r: &[u8], s: &[u8]) -> S {
            let x: &[u8; N] = r.try_into().unwrap();
            S::new(
                S::Point::from_form(PointForm::XOnly(x)),
                s.try_into().unwrap(),
            )
        }
        match self {
            Curve::Bp256 => Signature::EcdsaBrainpoolP256r1Signature(sig(r, s)),
            Curve::Bp384 => Signature::EcdsaBrainpoolP384r1Signature(sig(r, s)),
        }
    }
}

fn point<const N: usize, P: CurvePoint<N>>(sec1: &[u8]) -> P {
    P::from_sec1(sec1).unwrap_or_else(|| panic!("SEC 1 {}", hex::encode(sec1)))
}

/// A key made by the oracle: its private scalar (hex) and public point.
struct Key {
    d: String,
    compressed: Vec<u8>,
    uncompressed: Vec<u8>,
}

fn keygen(c: Curve) -> Key {
    let out = oracle(&["keygen", c.name()], "");
    let p: Vec<&str> = out.split_whitespace().collect();
    Key {
        d: p[0].to_string(),
        compressed: hex::decode(p[1]).unwrap(),
        uncompressed: hex::decode(p[2]).unwrap(),
    }
}

/// The oracle's signature with `key` over the 1609.2 digest of `tbs` and `signer`.
fn oracle_sign(c: Curve, key: &Key, tbs: &[u8], signer: &[u8]) -> Signature {
    let signer = if signer.is_empty() {
        "-".to_string()
    } else {
        hex::encode(signer)
    };
    let line = format!("{} {} {} {signer}\n", c.name(), key.d, hex::encode(tbs));
    let out = oracle(&["sign"], &line);
    let p: Vec<&str> = out.split_whitespace().collect();
    c.signature(&hex::decode(p[0]).unwrap(), &hex::decode(p[1]).unwrap())
}

const PSID: Psid = Psid::SPAT;
const T: Time64 = Time64(600_000_000_000_000);
const FRAME: [u8; 4] = [0x00, 0x13, 0x01, 0x07];

fn tbs_cert(name: &str, key: PublicVerificationKey) -> ToBeSignedCertificate {
    ToBeSignedCertificate {
        id: CertificateId::Name(Hostname(name.into())),
        craca_id: HashedId3([0; 3]),
        crl_series: CrlSeries(0),
        validity_period: ValidityPeriod {
            start: Time64(T.0 - 3_600_000_000).seconds(),
            duration: Duration::Years(Uint16(1)),
        },
        region: None,
        assurance_level: None,
        app_permissions: Some(SequenceOfPsidSsp(vec![PsidSsp {
            psid: PSID,
            ssp: None,
        }])),
        cert_issue_permissions: None,
        cert_request_permissions: None,
        can_request_rollover: None,
        encryption_key: None,
        verify_key_indicator: VerificationKeyIndicator::VerificationKey(key),
        ext: None,
    }
}

/// A brainpool root (self-signed) and an application certificate under it, signed by the
/// oracle; the leaf's key compressed or not.
struct Pki {
    curve: Curve,
    root: Certificate,
    leaf: Certificate,
    leaf_key: Key,
}

fn pki(c: Curve, leaf_uncompressed: bool) -> Pki {
    let root_key = keygen(c);
    let mut tbs = tbs_cert("bp root", c.verification_key(&root_key.compressed));
    tbs.cert_issue_permissions = Some(SequenceOfPsidGroupPermissions(vec![PsidGroupPermissions {
        subject_permissions: SubjectPermissions::All(()),
        min_chain_length: None,
        chain_length_range: None,
        ee_type: None,
    }]));
    let tbs_bytes = tbs.to_coer().unwrap();
    let root = Certificate {
        version: Uint8(3),
        r#type: CertificateType::Explicit,
        issuer: IssuerIdentifier::SelfValue(c.hash_id()),
        signature: Some(oracle_sign(c, &root_key, &tbs_bytes, &[])),
        to_be_signed: tbs,
    };
    let root_bytes = root.canonical().to_coer().unwrap();
    let root_id = c.hash().hashed_id8(&root_bytes);
    let leaf_key = keygen(c);
    let sec1 = if leaf_uncompressed {
        &leaf_key.uncompressed
    } else {
        &leaf_key.compressed
    };
    let mut leaf = Certificate {
        version: Uint8(3),
        r#type: CertificateType::Explicit,
        issuer: match c {
            Curve::Bp256 => IssuerIdentifier::Sha256AndDigest(root_id),
            Curve::Bp384 => IssuerIdentifier::Sha384AndDigest(root_id),
        },
        signature: None,
        to_be_signed: tbs_cert("bp rsu", c.verification_key(sec1)),
    };
    // Signed in its canonical form (the key compressed), sent as built.
    let leaf_tbs = leaf.canonical().to_be_signed.to_coer().unwrap();
    leaf.signature = Some(oracle_sign(c, &root_key, &leaf_tbs, &root_bytes));
    Pki {
        curve: c,
        root,
        leaf,
        leaf_key,
    }
}

impl Pki {
    fn leaf_bytes(&self) -> Vec<u8> {
        self.leaf.canonical().to_coer().unwrap()
    }

    /// The leaf's HashedId8 (the hash of its curve).
    fn leaf_id(&self) -> HashedId8 {
        self.curve.hash().hashed_id8(&self.leaf_bytes())
    }

    /// A signed SPDU carrying `payload`, signed by the oracle with the leaf's key, the signer
    /// named by the whole certificate or its digest.
    fn spdu(&self, payload: &[u8], digest: bool) -> Vec<u8> {
        let mut header = HeaderInfo::new(PSID);
        header.generation_time = Some(T);
        let tbs_data = ToBeSignedData {
            payload: SignedDataPayload {
                data: Some(Box::new(Ieee1609Dot2Data {
                    protocol_version: Uint8(3),
                    content: Ieee1609Dot2Content::UnsecuredData(Opaque(cv2x::per::OctetString(
                        payload.to_vec(),
                    ))),
                })),
                ..SignedDataPayload::default()
            },
            header_info: header,
        };
        let tbs = tbs_data.to_coer().unwrap();
        let signature = oracle_sign(self.curve, &self.leaf_key, &tbs, &self.leaf_bytes());
        let signer = if digest {
            SignerIdentifier::Digest(self.leaf_id())
        } else {
            SignerIdentifier::Certificate(SequenceOfCertificate(vec![self.leaf.clone()]))
        };
        Ieee1609Dot2Data {
            protocol_version: Uint8(3),
            content: Ieee1609Dot2Content::SignedData(SignedData {
                hash_id: self.curve.hash_id(),
                tbs_data,
                signer,
                signature,
            }),
        }
        .to_coer()
        .unwrap()
    }
}

/// A verifier trusting the PKI's root (which needs the feature to be read at all).
#[cfg(feature = "brainpool")]
fn verifier(p: &Pki) -> Verifier {
    let mut store = TrustStore::default();
    store.add_anchor(p.root.clone()).unwrap();
    Verifier::new(store)
}

#[cfg(feature = "brainpool")]
#[test]
fn python_signed_brainpool_spdus_verify_and_chain_to_the_root() {
    let mut n = 0;
    for c in CURVES {
        for uncompressed in [false, true] {
            let p = pki(c, uncompressed);
            let mut v = verifier(&p);
            let spdu = p.spdu(&FRAME, false);
            let r = v.check(&spdu, T);
            assert_eq!(r.refusal, None, "{c:?} uncompressed {uncompressed}");
            assert_eq!(
                (r.signature, r.chain, r.payload),
                (SignatureState::Valid, ChainState::Trusted, Some(&FRAME[..]))
            );
            assert_eq!(r.signer, Some(p.leaf_id()));
            // The certificate is learnt: a digest-signed message from it verifies next.
            let spdu = p.spdu(&[1, 2, 3], true);
            let r = v.check(&spdu, T);
            assert_eq!(r.refusal, None, "{c:?} digest");
            assert_eq!(r.payload, Some(&[1, 2, 3][..]));
            // The leaf's key as read, in both forms.
            let k = KnownCert::new(p.leaf.clone(), |_| None).unwrap();
            assert_eq!(k.key.to_sec1(true), p.leaf_key.compressed);
            assert_eq!(k.key.to_sec1(false), p.leaf_key.uncompressed);
            assert_eq!(k.hash(), c.hash());
            n += 2;
        }
    }
    assert_eq!(n, 8);
}

/// Where `needle` sits in `hay`.
#[cfg(feature = "brainpool")]
fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("present")
}

#[cfg(feature = "brainpool")]
#[test]
fn every_single_bit_flip_of_a_brainpool_spdu_is_refused() {
    let mut flips = 0;
    for c in CURVES {
        let p = pki(c, true);
        let spdu = p.spdu(&FRAME, false);
        let mut v = verifier(&p);
        v.learn = false;
        assert!(v.check(&spdu, T).accepted());
        let s = SignedSpdu::parse(&spdu).unwrap();
        let n = p.leaf_key.compressed.len() - 1;
        // The data, the signature (r then s, at the end), the signer's key (uncompressed).
        let data = find(&spdu, &FRAME);
        let sig = spdu.len() - 2 * n;
        let key = find(&spdu, &p.leaf_key.uncompressed[1..]);
        let mut targeted = 0;
        for bit in 0..spdu.len() * 8 {
            let mut m = spdu.clone();
            m[bit / 8] ^= 1 << (bit % 8);
            let r = v.check(&m, T);
            let byte = bit / 8;
            let in_target = (data..data + FRAME.len()).contains(&byte)
                || byte >= sig
                || (key..key + 2 * n).contains(&byte);
            if in_target {
                targeted += 1;
                assert!(!r.accepted(), "{c:?}: bit {bit} accepted");
            } else if r.accepted() {
                // Elsewhere a flip may only be accepted if it changes nothing signed.
                let t = SignedSpdu::parse(&m).unwrap();
                assert_eq!(t.tbs, s.tbs, "{c:?}: bit {bit} changed the signed data");
            }
            flips += 1;
        }
        assert_eq!(targeted, (FRAME.len() + 2 * n + 2 * n) * 8);
        let _ = s;
    }
    assert!(flips > 4000, "{flips}");
}

#[cfg(feature = "brainpool")]
#[test]
fn brainpool_r_may_name_its_point() {
    // rSig as x-only, compressed (exactly one parity verifies) and uncompressed.
    for c in CURVES {
        let p = pki(c, false);
        let spdu = p.spdu(&FRAME, false);
        let s = SignedSpdu::parse(&spdu).unwrap();
        let key = KnownCert::new(p.leaf.clone(), |_| None).unwrap().key;
        let digest = c.hash().signing_digest(s.tbs, &p.leaf_bytes());
        let d = digest.as_bytes();
        match (&s.signature, c) {
            (Signature::EcdsaBrainpoolP256r1Signature(sig), Curve::Bp256) => {
                check_forms(&key, d, sig, PublicKey::bp256, |s| EcdsaSig::Bp256(s))
            }
            (Signature::EcdsaBrainpoolP384r1Signature(sig), Curve::Bp384) => {
                check_forms(&key, d, sig, PublicKey::bp384, |s| EcdsaSig::Bp384(s))
            }
            _ => panic!("{c:?}"),
        }
    }
}

#[cfg(feature = "brainpool")]
fn check_forms<const N: usize, S: EcdsaSignature<N>>(
    key: &PublicKey,
    digest: &[u8],
    sig: &S,
    decode: fn(&S::Point) -> Option<PublicKey>,
    wrap: for<'a> fn(&'a S) -> EcdsaSig<'a>,
) {
    let x = *sig.r_sig().x().unwrap();
    let with = |r_sig| S::new(r_sig, *sig.s_sig());
    assert!(crypto::verify(key, digest, wrap(sig)));
    let forms = [
        S::Point::from_form(PointForm::CompressedY0(&x)),
        S::Point::from_form(PointForm::CompressedY1(&x)),
    ];
    let ok: Vec<bool> = forms
        .iter()
        .map(|f| crypto::verify(key, digest, wrap(&with(*f))))
        .collect();
    assert_eq!(ok.iter().filter(|b| **b).count(), 1, "{ok:?}");
    for (f, good) in forms.iter().zip(ok) {
        // The point named, uncompressed: verifies exactly when its compressed form does.
        let Some(r) = decode(f) else {
            assert!(!good);
            continue;
        };
        let sec1 = r.to_sec1(false);
        let y: [u8; N] = sec1[1 + N..].try_into().unwrap();
        let u = S::Point::from_form(PointForm::Uncompressed { x: &x, y: &y });
        assert_eq!(crypto::verify(key, digest, wrap(&with(u))), good);
    }
    // s, or the digest, one bit off.
    let mut s = *sig.s_sig();
    s[N - 1] ^= 1;
    let bad = S::new(*sig.r_sig(), s);
    assert!(!crypto::verify(key, digest, wrap(&bad)));
    let mut d = digest.to_vec();
    d[0] ^= 0x80;
    assert!(!crypto::verify(key, &d, wrap(sig)));
}

#[cfg(feature = "brainpool")]
#[test]
fn the_eu_trust_list_verifies_under_its_brainpool_p384_root() {
    // The TLM certificate: self-signed, brainpoolP384r1, HashedId8 from SHA-384.
    let tlm = Certificate::from_coer(&vector("eu_tlm_E7A4B2B045E7ACF9.hex")).unwrap();
    let k = KnownCert::new(tlm.clone(), |_| None).unwrap();
    assert_eq!(k.id.to_string(), "e7a4b2b045e7acf9");
    assert!(matches!(k.key, PublicKey::Bp384(_)));
    assert_eq!(k.check_signature(None), Ok(()));
    // The ECTL it signed (SHA-384, signer = the TLM certificate, rSig x-only).
    let ectl = vector("eu_ectl_CE4CF6C19BFED720.hex");
    let s = SignedSpdu::parse(&ectl).unwrap();
    let input = Hash::Sha384.signing_input(s.tbs, &k.encoded);
    let Signature::EcdsaBrainpoolP384r1Signature(sig) = &s.signature else {
        panic!("{:?}", s.signature)
    };
    assert!(crypto::verify_input(&k.key, &input, EcdsaSig::Bp384(sig)));
    let mut store = TrustStore::default();
    store.add_anchor(tlm).unwrap();
    let mut v = Verifier::new(store);
    let now = s.header.generation_time.unwrap_or(T);
    let r = v.check(&ectl, now);
    assert_eq!(r.signature, SignatureState::Valid, "{:?}", r.refusal);
    // One bit off in the signed data, in s, in r: refused for the signature.
    let tbs_at = find(&ectl, s.tbs);
    for at in [tbs_at + s.tbs.len() / 2, ectl.len() - 1, ectl.len() - 60] {
        let mut m = ectl.clone();
        m[at] ^= 0x04;
        let r = v.check(&m, now);
        assert_eq!(r.refusal, Some(Refusal::BadSignature), "byte {at}");
    }
    // And the TLM's self-signature with one bit of its key off: not this key any more.
    let mut tlm_bytes = vector("eu_tlm_E7A4B2B045E7ACF9.hex");
    let n = tlm_bytes.len();
    tlm_bytes[n - 100] ^= 1;
    let bad = Certificate::from_coer(&tlm_bytes)
        .map(|c| KnownCert::new(c, |_| None).and_then(|k| k.check_signature(None)));
    assert!(!matches!(bad, Ok(Ok(()))));
}

#[cfg(feature = "brainpool")]
#[test]
fn implicit_certificates_under_a_brainpool_issuer_are_refused() {
    let p = pki(Curve::Bp256, false);
    let issuer = KnownCert::new(p.root.clone(), |_| None).unwrap();
    let mut tbs = p.leaf.to_be_signed.clone();
    tbs.verify_key_indicator =
        VerificationKeyIndicator::ReconstructionValue(point(&p.leaf_key.compressed));
    let implicit = Certificate {
        version: Uint8(3),
        r#type: CertificateType::Implicit,
        issuer: IssuerIdentifier::Sha256AndDigest(issuer.id),
        to_be_signed: tbs,
        signature: None,
    };
    let got = KnownCert::new(implicit, |id| Some(&issuer).filter(|i| &i.id == id));
    assert_eq!(got.unwrap_err(), CertProblem::Unsupported);
}

#[cfg(not(feature = "brainpool"))]
#[test]
fn without_the_feature_brainpool_is_refused_as_unsupported() {
    for c in CURVES {
        let p = pki(c, false);
        assert_eq!(
            TrustStore::default().add_anchor(p.root.clone()),
            Err(CertProblem::Unsupported)
        );
        let mut v = Verifier::default();
        let spdu = p.spdu(&FRAME, false);
        let r = v.check(&spdu, T);
        assert_eq!(r.signature, SignatureState::Invalid);
        assert!(
            matches!(
                r.refusal,
                Some(Refusal::Certificate {
                    problem: CertProblem::Unsupported,
                    ..
                })
            ),
            "{:?}",
            r.refusal
        );
    }
}

#[test]
fn a_brainpool_signature_under_a_nist_key() {
    // A P-256 certificate with a brainpool signature: unsupported without the feature, a
    // signature of another curve (invalid) with it.
    let root = cv2x::sec::sign::Identity::demo_root([3; 32], Time64(0)).unwrap();
    let rsu = root.issue_demo([4; 32], &[PSID], Time64(0)).unwrap();
    let mut header = HeaderInfo::new(PSID);
    header.generation_time = Some(T);
    let spdu = rsu
        .sign(&FRAME, header, cv2x::sec::sign::SignerKind::Certificate)
        .unwrap();
    let mut d = Ieee1609Dot2Data::from_coer(&spdu).unwrap();
    let Ieee1609Dot2Content::SignedData(sd) = &mut d.content else {
        panic!()
    };
    let Signature::EcdsaNistP256Signature(sig) = sd.signature.clone() else {
        panic!()
    };
    sd.signature = Signature::EcdsaBrainpoolP256r1Signature(sig);
    let m = d.to_coer().unwrap();
    let r = Verifier::default().check(&m, T);
    #[cfg(feature = "brainpool")]
    assert_eq!(r.refusal, Some(Refusal::BadSignature));
    #[cfg(not(feature = "brainpool"))]
    assert_eq!(r.refusal, Some(Refusal::UnsupportedAlgorithm));
}

//! Verification against the public vectors, a real test-PKI chain (Penta Security's, with
//! implicit RSU certificates), tampering, refusals with their reasons, and an independent
//! ECDSA implementation (Python `cryptography`).

use cv2x::sec::crypto::{self, EcdsaSig, Hash, PublicKey};
use cv2x::sec::sign::{Identity, SignerKind};
use cv2x::sec::trust::{CertProblem, KnownCert, TrustStore};
use cv2x::sec::verify::{ChainState, Policy, Refusal, SignatureState, Verifier};
use cv2x::sec::*;

use crate::common::{hex, signature_rows, vector};

fn arr<const N: usize>(s: &str) -> [u8; N] {
    hex(s).try_into().unwrap()
}

/// A report with its borrowed payload copied (for checks on temporaries).
struct Out {
    signature: SignatureState,
    chain: ChainState,
    refusal: Option<Refusal>,
    psid: Option<Psid>,
    payload: Option<Vec<u8>>,
}

fn run(v: &mut Verifier, b: &[u8], t: Time64) -> Out {
    let r = v.check(b, t);
    Out {
        signature: r.signature,
        chain: r.chain,
        refusal: r.refusal,
        psid: r.psid,
        payload: r.payload.map(|p| p.to_vec()),
    }
}

fn cert(name: &str) -> Certificate {
    Certificate::from_coer(&vector(name)).unwrap()
}

const RCA: &str = "kr_penta_rca_0df9ed502b2d235b.hex";
const ICA: &str = "kr_penta_ica_281c9c1e50f4f7a1.hex";
const PCA: &str = "kr_penta_pca_163f2b7bc99253f4.hex";
const RSE: [&str; 5] = [
    "kr_penta_rse0_b68ce89c75396849.hex",
    "kr_penta_rse1_96d402aa72fd8969.hex",
    "kr_penta_rse2_e2448d58b342bf8a.hex",
    "kr_penta_rse3_fe2755972f9262bc.hex",
    "kr_penta_rse4_f01d5a943c74a77a.hex",
];
/// SOURCES.md: the reconstructed keys and private keys of rse0..rse4.
const RSE_Q: [&str; 5] = [
    "02877fd3171a4e54aa51f69631d2faf3457951894879757158cae5b148bb001aa6",
    "02a44b71e0602ba22fb04b8817c2efe7f24010544425a410b1723be73d6ff68abb",
    "020b4b902dcdd3ee45824036a4dd87e8cb0b4b1169b0b326119f41b0e7cecddc19",
    "037f20320616acee954e9b3e4858d20524a4a525fafd7c620b7516a9ba66558de9",
    "0246a21793db8076295ec6b6d722abbdf17fc432f02ca1d4112aac86ddb8dc9c4d",
];
const RSE_K_R_D: [(&str, &str, &str); 5] = [
    (
        "348c78c80138790023f65b467180380cf0749f8cb28f6ef4524222d5e940f067",
        "ee89d423963a9aa60d88249dda0f99241637c0b5c7c599e16eba01484d102e75",
        "e32a6506dfbcea1d7b27706f9ea75b86e4c18c0fed6f5f5519ccf7862a242960",
    ),
    (
        "ae7198a362cbd2bb79459f9728439b0c6e19dc7fb044e3fac185b14da235c204",
        "f42f98d59269f21c862c250ec03f5d0eb22fa353c61c4770b8f1a420c893399d",
        "7d1068b7fadc2ed51e6ccc902e36ce2e89dfbc30c6ff3ee75c9274a909659763",
    ),
    (
        "b6590b6b74764225d06a697fefc92fe81cdd91aa0bbd6c009cbcb534a15fad42",
        "02e0e4f81fa681007c815b9b4dcfcf080016d1d483b9174d433ec3ccf6fe380c",
        "df28d8da1d14195d210bf247906ba317342b9d174e2f09a8199e6c1a6d007a6f",
    ),
    (
        "cffe0f3b32b5a91d9f7756a4aa21385e1bd839340590e57a50d9759a7e1ca9a8",
        "d9eafc49ac015cbacb5bcc74bcc11b44df9b435695766c52197ac23bfc93ffc1",
        "1c62dabced991530f6e7175a35feb5235df14910c21249f89c78a9f80ab0fff3",
    ),
    (
        "2ac8c497ae41e8ab9b12f5eaf005e153657c9427c77b24a577c1b8076154ae85",
        "cf56af08d7aaf7fa242817364bf602c42e26e0c6251049a05eb2c13d87fa0e50",
        "e2ecce40cbb84349c015e5779c1c5e589ac0a07cbf19eeeb694a51623aaa32ed",
    ),
];

fn id_of(name: &str) -> HashedId8 {
    // The file name ends with the HashedId8.
    HashedId8(arr(&name[name.len() - 20..name.len() - 4]))
}

/// The Penta chain: rca trusted, ica and pca learnt.
fn penta_verifier() -> Verifier {
    let mut store = TrustStore::default();
    store.add_anchor(cert(RCA)).unwrap();
    assert!(store.add_all(vec![cert(PCA), cert(ICA)]).is_empty());
    let mut v = Verifier::new(store);
    v.learn = false;
    v
}

#[test]
fn dot2_signature_vectors() {
    let (mut valid, mut refused) = (0, 0);
    for row in signature_rows() {
        let id = &row["id"];
        let tbs = hex(&row["tbs_hex"]);
        let signer_hash = hex(&row["signer_input_hash"]);
        // The digest rule: H(H(tbs) || H(signer)); the TSV gives H(signer) directly.
        let h_tbs = Hash::Sha256.of(&[&tbs]);
        let digest = Hash::Sha256.of(&[h_tbs.as_bytes(), &signer_hash]);
        let key_hex = hex(&row["pubkey_sec1"]);
        let x: [u8; 32] = key_hex[1..].try_into().unwrap();
        let point = if key_hex[0] == 2 {
            EccP256CurvePoint::CompressedY0(x)
        } else {
            EccP256CurvePoint::CompressedY1(x)
        };
        let key = PublicKey::p256(&point).unwrap();
        let rx: [u8; 32] = arr(&row["r_x"]);
        let r_sig = match row["r_form"].as_str() {
            "x-only" => EccP256CurvePoint::XOnly(rx),
            "compressed-y-0" => EccP256CurvePoint::CompressedY0(rx),
            "compressed-y-1" => EccP256CurvePoint::CompressedY1(rx),
            "uncompressed" => {
                EccP256CurvePoint::UncompressedP256(EccP256CurvePointUncompressedP256 {
                    x: rx,
                    y: arr(&row["r_y"]),
                })
            }
            f => panic!("{id}: form {f}"),
        };
        let sig = EcdsaP256Signature {
            r_sig,
            s_sig: arr(&row["s"]),
        };
        let ok = crypto::verify(&key, digest.as_bytes(), EcdsaSig::P256(&sig));
        match row["expected"].as_str() {
            "valid" => {
                assert_eq!(
                    hex::encode(digest.as_bytes()),
                    row["digest"],
                    "{id}: digest"
                );
                assert!(ok, "{id} should verify");
                valid += 1;
            }
            _ => {
                assert!(!ok, "{id} should not verify");
                refused += 1;
            }
        }
    }
    assert_eq!((valid, refused), (15, 4));
}

#[test]
fn penta_chain_certificates() {
    // HashedId8 of every certificate, its signature under its issuer, the root's own.
    let mut store = TrustStore::default();
    let rca = store.add_anchor(cert(RCA)).unwrap();
    assert_eq!(rca, id_of(RCA));
    let ica = KnownCert::new(cert(ICA), |id| store.find(id)).unwrap();
    assert_eq!(ica.id, id_of(ICA));
    ica.check_signature(store.find(&rca)).unwrap();
    store.add(cert(ICA)).unwrap();
    for name in [
        "kr_penta_eca_77c32015d53219f4.hex",
        PCA,
        "kr_penta_ra_c76fe234f1ca5163.hex",
    ] {
        let k = KnownCert::new(cert(name), |id| store.find(id)).unwrap();
        assert_eq!(k.id, id_of(name), "{name}");
        k.check_signature(store.find(&id_of(ICA))).unwrap();
        // Under the wrong issuer it fails.
        assert_eq!(
            k.check_signature(store.find(&rca)),
            Err(CertProblem::BadSignature),
            "{name}"
        );
    }
}

#[test]
fn penta_implicit_certificates_reconstruct() {
    let store = penta_verifier().store;
    let pca = store.find(&id_of(PCA)).unwrap();
    for (i, name) in RSE.iter().enumerate() {
        let k = KnownCert::new(cert(name), |id| store.find(id)).unwrap();
        assert_eq!(k.id, id_of(name));
        assert_eq!(hex::encode(k.key.to_sec1_compressed()), RSE_Q[i], "{name}");
        // The private side: d = e·k + r, and d·G = Q.
        let (kk, r, d) = RSE_K_R_D[i];
        let kk = p256::ecdsa::SigningKey::from_bytes(&arr::<32>(kk).into()).unwrap();
        let c = cert(name).canonical();
        let tbs = c.to_be_signed.to_coer().unwrap();
        let dd = crypto::reconstruct_private_p256(&kk, &arr(r), &tbs, &pca.encoded).unwrap();
        assert_eq!(hex::encode(dd.to_bytes()), d, "{name}");
        assert_eq!(crypto::public_p256(&dd), k.key);
    }
}

#[test]
fn brainpool_root_hash_follows_the_curve() {
    // The TLM's HashedId8 is SHA-384 based.
    let c = cert("eu_tlm_E7A4B2B045E7ACF9.hex");
    let enc = c.canonical().to_coer().unwrap();
    assert_eq!(enc, vector("eu_tlm_E7A4B2B045E7ACF9.hex"));
    assert_eq!(
        Hash::Sha384.hashed_id8(&enc).to_string(),
        "e7a4b2b045e7acf9"
    );
    assert_eq!(
        Hash::Sha256.hashed_id8(&enc).to_string(),
        "7f64a76375f1995b"
    );
    // Its key and signatures need feature `brainpool` (tests/security/brainpool.rs).
    if cfg!(feature = "brainpool") {
        return;
    }
    assert_eq!(
        KnownCert::new(c, |_| None).unwrap_err(),
        CertProblem::Unsupported
    );
    let mut v = Verifier::default();
    let r = run(&mut v, &vector("eu_ectl_CE4CF6C19BFED720.hex"), Time64(0));
    assert!(matches!(
        r.refusal,
        Some(Refusal::Certificate {
            problem: CertProblem::Unsupported,
            ..
        })
    ));
}

#[test]
fn real_us_messages_have_unknown_signers() {
    let mut v = Verifier::default();
    let r = run(&mut v, &vector("ode_bsm_signed_digest.hex"), Time64(0));
    assert_eq!(r.signature, SignatureState::UnknownSigner);
    assert_eq!(
        r.refusal,
        Some(Refusal::UnknownSigner(HashedId8(arr("5b073a8672e91e9d"))))
    );
    assert_eq!(
        (r.psid, r.payload.map(|p| p.len())),
        (Some(Psid::BSM), Some(177))
    );
    let r = run(&mut v, &vector("ode_tim_rsu_cert_with_ssps.hex"), Time64(0));
    assert_eq!(r.signature, SignatureState::UnknownSigner);
    assert!(matches!(
        r.refusal,
        Some(Refusal::Certificate { problem: CertProblem::UnknownIssuer(i), .. }) if i == HashedId8(arr("c620fb90caad3b9c"))
    ));
}

/// Three more real SPDUs (iyourshaw/ieee1609's samples): signers as Python `hashlib` computes
/// them over asn1tools' COER (SOURCES.md), psids, and the payloads are the MessageFrames of
/// the J2735 vector set.
#[test]
fn more_real_us_messages_have_unknown_signers() {
    let frame = |rel: &str| {
        let path = format!("{}/tests/vectors/{rel}", env!("CARGO_MANIFEST_DIR"));
        hex(&std::fs::read_to_string(path).unwrap())
    };
    let mut v = Verifier::default();
    for (file, signer, psid, payload) in [
        (
            "ieee1609_shortmsgdata_bsm_signed_digest.hex",
            "254eb75c3ada37d5",
            Psid::BSM,
            "bsm/ieee1609__ShortMsgData_at7.hex",
        ),
        (
            "ieee1609_udp2_bsm_signed_digest.hex",
            "b2efb1bb38328c83",
            Psid::BSM,
            "bsm/ieee1609__udp2_data_at7.hex",
        ),
    ] {
        let r = run(&mut v, &vector(file), Time64(0));
        assert_eq!(r.signature, SignatureState::UnknownSigner, "{file}");
        assert_eq!(
            r.refusal,
            Some(Refusal::UnknownSigner(HashedId8(arr(signer)))),
            "{file}"
        );
        assert_eq!(
            (r.psid, r.payload),
            (Some(psid), Some(frame(payload))),
            "{file}"
        );
    }
    let b = vector("ieee1609_udp_spat_signed_cert.hex");
    let r = run(&mut v, &b, Time64(0));
    assert_eq!(r.signature, SignatureState::UnknownSigner);
    assert!(matches!(
        r.refusal,
        Some(Refusal::Certificate { problem: CertProblem::UnknownIssuer(i), .. }) if i == HashedId8(arr("c620fb90caad3b9c"))
    ));
    assert_eq!(
        (r.psid, r.payload),
        (
            Some(Psid(130)),
            Some(frame("spat/ieee1609__udp_data_at8.hex"))
        )
    );
    let s = SignedSpdu::parse(&b).unwrap();
    assert_eq!(s.header.generation_time, Some(Time64(637_434_485_748_149)));
}

/// rse0's identity (its implicit certificate and the private key of SOURCES.md).
fn rse0() -> Identity {
    let store = penta_verifier().store;
    Identity::new(&arr(RSE_K_R_D[0].2), cert(RSE[0]), store.find(&id_of(PCA))).unwrap()
}

/// 2019-11-01, a day into rse0's validity (Time32 499525388).
const T: Time64 = Time64(499_612_000_000_000);
/// Inside rse0's circle (37.4856150, 127.0392830, 3000 m).
const HERE: ThreeDLocation = ThreeDLocation {
    latitude: Latitude(374_860_000),
    longitude: Longitude(1_270_400_000),
    elevation: Elevation(0),
};

fn header(psid: Psid, t: Time64, at: Option<ThreeDLocation>) -> HeaderInfo {
    let mut h = HeaderInfo::new(psid);
    h.generation_time = Some(t);
    h.generation_location = at;
    h
}

const FRAME: [u8; 4] = [0x00, 0x13, 0x01, 0x00];

#[test]
fn signed_by_an_implicit_rsu_certificate_and_trusted_to_the_root() {
    let id = rse0();
    let spdu = id
        .sign(
            &FRAME,
            header(Psid::WSA, T, Some(HERE)),
            SignerKind::Certificate,
        )
        .unwrap();
    let mut v = penta_verifier();
    let r = v.check(&spdu, T);
    assert_eq!(r.refusal, None);
    assert_eq!(
        (r.signature, r.chain),
        (SignatureState::Valid, ChainState::Trusted)
    );
    assert_eq!(r.signer, Some(id_of(RSE[0])));
    assert_eq!(r.payload, Some(&FRAME[..]));
    // Signed by digest: unknown until the certificate is known, then valid.
    let by_digest = id
        .sign(&FRAME, header(Psid::WSA, T, None), SignerKind::Digest)
        .unwrap();
    assert_eq!(
        v.check(&by_digest, T).refusal,
        Some(Refusal::UnknownSigner(id_of(RSE[0])))
    );
    v.learn = true;
    assert!(v.check(&spdu, T).accepted());
    let r = v.check(&by_digest, T);
    assert_eq!((r.refusal, r.chain), (None, ChainState::Trusted));
}

#[test]
fn refusals_say_why() {
    let id = rse0();
    let mut v = penta_verifier();
    let sign = |h| id.sign(&FRAME, h, SignerKind::Certificate).unwrap();
    // Wrong PSID: rse0 may sign WSAs (135) only.
    let r = run(&mut v, &sign(header(Psid::BSM, T, None)), T);
    assert_eq!(
        (r.signature, r.refusal),
        (SignatureState::Valid, Some(Refusal::PsidNotPermitted(0x20)))
    );
    // Wrong region: 20 km north.
    let far = ThreeDLocation {
        latitude: Latitude(376_660_000),
        ..HERE
    };
    let r = run(&mut v, &sign(header(Psid::WSA, T, Some(far))), T);
    assert_eq!(r.refusal, Some(Refusal::OutsideRegion(id_of(RSE[0]))));
    // Expired: generated after rse0's 850 hours.
    let late = Time64((499_525_388 + 850 * 3600 + 1) * 1_000_000);
    let r = run(&mut v, &sign(header(Psid::WSA, late, None)), late);
    assert_eq!(r.refusal, Some(Refusal::CertificateNotValid(id_of(RSE[0]))));
    // Untrusted chain: the Penta root is not an anchor; another root is.
    let mut store = TrustStore::default();
    let other = Identity::demo_root([3; 32], Time64(0)).unwrap();
    store.add_anchor(other.cert.clone()).unwrap();
    assert!(store
        .add_all(vec![cert(RCA), cert(ICA), cert(PCA)])
        .is_empty());
    let mut untrusting = Verifier::new(store);
    let r = run(&mut untrusting, &sign(header(Psid::WSA, T, None)), T);
    assert_eq!(
        (r.signature, r.chain),
        (SignatureState::Valid, ChainState::Untrusted)
    );
    assert_eq!(r.refusal, Some(Refusal::Untrusted(id_of(RCA))));
    // No anchors at all: the signature is checked, the chain not.
    let mut bare = Verifier::new(penta_verifier_store_without_anchor());
    let r = run(&mut bare, &sign(header(Psid::WSA, T, None)), T);
    assert_eq!((r.refusal, r.chain), (None, ChainState::NotChecked));
}

fn penta_verifier_store_without_anchor() -> TrustStore {
    let mut s = TrustStore::default();
    assert!(s.add_all(vec![cert(RCA), cert(ICA), cert(PCA)]).is_empty());
    s
}

#[test]
fn policies() {
    let id = rse0();
    let mut v = penta_verifier();
    v.set_policy(Psid::WSA, Policy::live(2_000_000));
    let spdu = id
        .sign(&FRAME, header(Psid::WSA, T, None), SignerKind::Certificate)
        .unwrap();
    assert!(v.check(&spdu, T).accepted());
    assert_eq!(v.check(&spdu, T).refusal, Some(Refusal::Replay));
    let other = id
        .sign(
            &[0x00, 0x13, 0x01, 0x01],
            header(Psid::WSA, T, None),
            SignerKind::Certificate,
        )
        .unwrap();
    assert_eq!(
        v.check(&other, Time64(T.0 + 3_000_000)).refusal,
        Some(Refusal::TooOld)
    );
    assert_eq!(
        v.check(&other, Time64(T.0 - 3_000_000)).refusal,
        Some(Refusal::FromTheFuture)
    );
    let mut h = HeaderInfo::new(Psid::WSA);
    h.expiry_time = Some(T);
    let no_time = id.sign(&FRAME, h.clone(), SignerKind::Certificate).unwrap();
    assert_eq!(
        v.check(&no_time, T).refusal,
        Some(Refusal::NoGenerationTime)
    );
    v.set_policy(Psid::WSA, Policy::default());
    assert_eq!(
        v.check(&no_time, Time64(T.0 + 1)).refusal,
        Some(Refusal::Expired)
    );
    assert!(v.check(&no_time, T).accepted());
    v.set_policy(
        Psid::WSA,
        Policy {
            ssp: Some(vec![1]),
            ..Policy::default()
        },
    );
    assert_eq!(v.check(&no_time, T).refusal, Some(Refusal::SspMismatch));
}

/// Flips every bit of `spdu`; returns how many flips there were and the flipped messages
/// the verifier still accepts.
fn tamper(spdu: &[u8], mut v: impl FnMut(&[u8]) -> bool) -> (usize, Vec<(usize, Vec<u8>)>) {
    let mut accepted = Vec::new();
    for bit in 0..spdu.len() * 8 {
        let mut m = spdu.to_vec();
        m[bit / 8] ^= 0x80 >> (bit % 8);
        if v(&m) {
            accepted.push((bit, m));
        }
    }
    (spdu.len() * 8, accepted)
}

/// The meaning of a signed SPDU: its signed octets, its signer certificates and its
/// signature in canonical form (`rSig` x-only).
fn meaning(spdu: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>, Signature) {
    let s = SignedSpdu::parse(spdu).unwrap();
    let certs = match &s.signer {
        SignerIdentifier::Certificate(v) => {
            v.0.iter()
                .map(|c| c.canonical().to_coer().unwrap())
                .collect()
        }
        _ => vec![],
    };
    (s.tbs.to_vec(), certs, s.signature.canonical())
}

#[test]
fn every_single_bit_flip_is_refused() {
    // An implicit certificate in the message (Penta chain), and an explicit demo chain.
    let penta = rse0()
        .sign(
            &FRAME,
            header(Psid::WSA, T, Some(HERE)),
            SignerKind::Certificate,
        )
        .unwrap();
    let root = Identity::demo_root([5; 32], Time64(0)).unwrap();
    let rsu = root.issue_demo([6; 32], &[Psid::SPAT], Time64(0)).unwrap();
    let demo = rsu
        .sign(
            &FRAME,
            header(Psid::SPAT, Time64(1_000_000), None),
            SignerKind::Certificate,
        )
        .unwrap();
    let mut v = penta_verifier();
    assert!(v.check(&penta, T).accepted());
    let (n1, ok1) = tamper(&penta, |m| v.check(m, T).accepted());
    let mut store = TrustStore::default();
    store.add_anchor(root.cert.clone()).unwrap();
    let mut w = Verifier::new(store);
    w.learn = false;
    assert!(w.check(&demo, Time64(1_000_000)).accepted());
    let (n2, ok2) = tamper(&demo, |m| w.check(m, Time64(1_000_000)).accepted());
    let parts = |b: &[u8]| {
        let s = SignedSpdu::parse(b).unwrap();
        let sig = s.signature.to_coer().unwrap().len() * 8;
        (s.tbs.len() * 8, sig, b.len() * 8 - s.tbs.len() * 8 - sig)
    };
    eprintln!(
        "tamper: penta {n1} bits (tbs, signature, rest: {:?}) {} accepted; demo {n2} bits ({:?}) {} accepted at bits {:?}",
        parts(&penta),
        ok1.len(),
        parts(&demo),
        ok2.len(),
        ok2.iter().map(|(b, _)| b).collect::<Vec<_>>()
    );
    // A flip may only survive by re-encoding the same signature (x-only rSig sent as the
    // compressed point R it stands for, when R's y parity happens to match): the signed
    // octets, the certificates and the signature in canonical form stay the same.
    for (bit, m) in ok1.iter().chain(ok2.iter()) {
        let original = if m.len() == penta.len() && meaning(&penta).0 == meaning(m).0 {
            &penta
        } else {
            &demo
        };
        assert_eq!(
            meaning(m),
            meaning(original),
            "bit {bit} changed the meaning and was accepted"
        );
    }
    assert!(ok1.len() + ok2.len() <= 4);
    assert_eq!((n1, n2), (penta.len() * 8, demo.len() * 8));
}

#[test]
fn our_signatures_verify_with_python_cryptography() {
    // 24 SPDUs: the demo RSU and rse0, signer as certificate and digest, payloads 0..6 octets.
    let root = Identity::demo_root([11; 32], Time64(0)).unwrap();
    let ids = [
        root.issue_demo([12; 32], &[Psid::SPAT], Time64(0)).unwrap(),
        rse0(),
    ];
    let mut lines = String::new();
    let mut n = 0;
    for id in &ids {
        for len in 0..6 {
            for kind in [SignerKind::Certificate, SignerKind::Digest] {
                let payload: Vec<u8> = (0..len as u8).collect();
                let spdu = id.sign(&payload, header(Psid::WSA, T, None), kind).unwrap();
                let s = SignedSpdu::parse(&spdu).unwrap();
                let Signature::EcdsaNistP256Signature(sig) = &s.signature else {
                    panic!()
                };
                lines += &format!(
                    "{} {} {} {} {} {}\n",
                    hex::encode(&spdu),
                    hex::encode(s.tbs),
                    hex::encode(id.cert_bytes()),
                    hex::encode(id.known().key.to_sec1_compressed()),
                    hex::encode(sig.r_sig.x().unwrap()),
                    hex::encode(sig.s_sig)
                );
                n += 1;
            }
        }
    }
    let text = crate::shared::run_script("ecdsa_oracle.py", &[], &lines);
    assert_eq!(text.trim(), format!("verified {n} of {n}"));
    assert_eq!(n, 24);
    // And the other way: a signature made by `cryptography` verifies here, one bit off not.
    let digest = Hash::Sha256.signing_digest(b"tbs", b"cert");
    let text = crate::shared::run_script(
        "ecdsa_oracle.py",
        &["--sign", &hex::encode(digest.as_bytes())],
        "",
    );
    let parts: Vec<&str> = text.split_whitespace().collect();
    let key_bytes = hex(parts[0]);
    let x: [u8; 32] = key_bytes[1..].try_into().unwrap();
    let point = if key_bytes[0] == 2 {
        EccP256CurvePoint::CompressedY0(x)
    } else {
        EccP256CurvePoint::CompressedY1(x)
    };
    let key = PublicKey::p256(&point).unwrap();
    let sig = EcdsaP256Signature {
        r_sig: EccP256CurvePoint::XOnly(arr(parts[1])),
        s_sig: arr(parts[2]),
    };
    assert!(crypto::verify(
        &key,
        digest.as_bytes(),
        EcdsaSig::P256(&sig)
    ));
    let mut bad = sig;
    bad.s_sig[31] ^= 1;
    assert!(!crypto::verify(
        &key,
        digest.as_bytes(),
        EcdsaSig::P256(&bad)
    ));
}

#[test]
fn batch_verification_agrees_with_one_by_one() {
    let id = rse0();
    let mut spdus = Vec::new();
    for i in 0..24u8 {
        let psid = if i % 5 == 0 { Psid::BSM } else { Psid::WSA };
        let mut b = id
            .sign(
                &[0x00, 0x13, 0x01, i],
                header(psid, Time64(T.0 + i as u64), None),
                SignerKind::Certificate,
            )
            .unwrap();
        if i % 7 == 3 {
            let n = b.len();
            b[n - 5] ^= 0x10; // a bit of s
        }
        spdus.push(b);
    }
    spdus.push(spdus[1].clone()); // a replay
    spdus.push(vec![0x03, 0x81]); // cut short
    let refs: Vec<&[u8]> = spdus.iter().map(|b| &b[..]).collect();
    let mut one = penta_verifier();
    one.set_policy(
        Psid::WSA,
        Policy {
            reject_replays: true,
            ..Policy::default()
        },
    );
    let mut batch = one.clone();
    let expected: Vec<_> = refs.iter().map(|b| one.check(b, T)).collect();
    let got = batch.check_batch(&refs, T, 3);
    assert_eq!(got, expected);
    let refused = |r: &[cv2x::sec::verify::Report<'_>]| r.iter().filter(|r| !r.accepted()).count();
    // 5 wrong PSIDs (i = 0, 5, 10, 15, 20), 3 bad signatures (3, 10 is both, 17), 1 replay, 1 malformed.
    assert_eq!(refused(&got), 9);
    assert_eq!(
        got[25].refusal.map(|r| matches!(r, Refusal::Malformed(_))),
        Some(true)
    );
    assert_eq!(got[24].refusal, Some(Refusal::Replay));
}

#[test]
fn a_trusted_chain_is_checked_once() {
    // After one message on a trusted chain, the RSU certificate's link to the root is
    // remembered (`linked`), so later messages skip its verification; without anchors,
    // nothing is marked.
    let root = Identity::demo_root([31; 32], Time64(0)).unwrap();
    let rsu = root.issue_demo([32; 32], &[Psid::SPAT], Time64(0)).unwrap();
    let mut store = TrustStore::default();
    store.add_anchor(root.cert.clone()).unwrap();
    store.add(rsu.cert.clone()).unwrap();
    let mut v = Verifier::new(store);
    v.learn = false;
    let mut h = HeaderInfo::new(Psid::SPAT);
    h.generation_time = Some(Time64(5_000_000));
    let first = rsu.sign(&FRAME, h.clone(), SignerKind::Digest).unwrap();
    assert!(v.check(&first, Time64(5_000_000)).accepted());
    assert!(v.store.find(&rsu.id()).unwrap().linked);
    let mut bare = Verifier::new({
        let mut s = TrustStore::default();
        s.add(rsu.cert.clone()).unwrap();
        s
    });
    assert!(bare.check(&first, Time64(5_000_000)).accepted());
    assert!(
        !bare.store.find(&rsu.id()).unwrap().linked,
        "no anchor, no link"
    );
}

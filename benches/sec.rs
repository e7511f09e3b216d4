//! IEEE 1609.2 sign and verify speed, one core: `bash benches/sec.sh` runs this beside
//! `openssl speed ecdsap256` in the same run (`cargo bench --bench sec --features sec`).
//!
//! - `sec/ecdsa_verify_p256`: one ECDSA P-256 verification of a prehashed digest, pure Rust
//!   (RustCrypto `p256`), whatever the features;
//! - `sec/verify_input_p256`: one verification through the configured backend (pure Rust,
//!   or ring with feature `ring`) from `H(tbs) ‖ H(cert)`, including the last hash;
//! - `sec/verify_cached_signer`: a whole receive: parse the SPDU, the two-level digest,
//!   look the signer up by HashedId8 in the cache, verify, check PSID/validity/policy
//!   (what a receiver pays per message once it knows the signer);
//! - `sec/verify_with_certificate`: the same with the explicit certificate in the message,
//!   chain checked to the anchor (one more ECDSA verification for the certificate);
//! - `sec/sign_p256`: signing a SPaT-sized payload with the certificate digest;
//! - `sec/batch_64_all_cores`: `Verifier::check_batch` of 64 digest-signed SPDUs on every
//!   core (criterion reports messages per second);
//! - with feature `brainpool` (`--features sec,brainpool`): `sec/ecdsa_verify_bp256`, one
//!   brainpoolP256r1 verification of a prehashed digest (a signature made by Python
//!   `cryptography`, tests/oracle/brainpool_oracle.py), and `sec/ecdsa_verify_bp384`, the EU
//!   trust list's brainpoolP384r1 signature under its TLM key (SHA-384), both `bp256`/`bp384`.

#[path = "common/coer_inputs.rs"]
mod coer_inputs;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use cv2x::sec::crypto::{self, EcdsaSig, Hash};
use cv2x::sec::sign::{Identity, SignerKind};
use cv2x::sec::trust::TrustStore;
use cv2x::sec::verify::Verifier;
use cv2x::sec::{HeaderInfo, Psid, Signature, SignedSpdu, Time64};

fn bench(c: &mut Criterion) {
    let root = Identity::demo_root([21; 32], Time64(0)).unwrap();
    let rsu = root.issue_demo([22; 32], &[Psid::SPAT], Time64(0)).unwrap();
    let payload = vec![0x13u8; 260];
    let at = Time64(1_000_000);
    let mut h = HeaderInfo::new(Psid::SPAT);
    h.generation_time = Some(at);
    let by_digest = rsu.sign(&payload, h.clone(), SignerKind::Digest).unwrap();
    let with_cert = rsu
        .sign(&payload, h.clone(), SignerKind::Certificate)
        .unwrap();

    let mut store = TrustStore::default();
    store.add_anchor(root.cert.clone()).unwrap();
    store.add(rsu.cert.clone()).unwrap();
    let mut v = Verifier::new(store);
    v.learn = false;
    assert!(v.check(&by_digest, at).accepted());
    assert!(v.check(&with_cert, at).accepted());

    let s = SignedSpdu::parse(&by_digest).unwrap();
    let digest = Hash::Sha256.signing_digest(s.tbs, rsu.cert_bytes());
    let Signature::EcdsaNistP256Signature(sig) = s.signature.clone() else {
        unreachable!()
    };
    let key = rsu.known().key;
    assert!(crypto::verify(
        &key,
        digest.as_bytes(),
        EcdsaSig::P256(&sig)
    ));

    let mut g = c.benchmark_group("sec");
    g.bench_function("ecdsa_verify_p256", |b| {
        b.iter(|| {
            crypto::verify(
                black_box(&key),
                black_box(digest.as_bytes()),
                EcdsaSig::P256(&sig),
            )
        })
    });
    let input = Hash::Sha256.signing_input(s.tbs, rsu.cert_bytes());
    assert!(crypto::verify_input(&key, &input, EcdsaSig::P256(&sig)));
    g.bench_function("verify_input_p256", |b| {
        b.iter(|| crypto::verify_input(black_box(&key), black_box(&input), EcdsaSig::P256(&sig)))
    });
    g.bench_function("verify_cached_signer", |b| {
        b.iter(|| assert!(v.check(black_box(&by_digest), at).accepted()))
    });
    g.bench_function("verify_with_certificate", |b| {
        b.iter(|| assert!(v.check(black_box(&with_cert), at).accepted()))
    });
    g.bench_function("sign_p256", |b| {
        b.iter(|| {
            rsu.sign(black_box(&payload), h.clone(), SignerKind::Digest)
                .unwrap()
        })
    });
    // Before the batch, whose throughput setting would carry over.
    #[cfg(feature = "brainpool")]
    brainpool(&mut g);
    let many: Vec<Vec<u8>> = (0..64u64)
        .map(|i| {
            let mut h = h.clone();
            h.generation_time = Some(Time64(at.0 + i));
            rsu.sign(&payload, h, SignerKind::Digest).unwrap()
        })
        .collect();
    let refs: Vec<&[u8]> = many.iter().map(|b| &b[..]).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    g.throughput(criterion::Throughput::Elements(refs.len() as u64));
    g.bench_function("batch_64_all_cores", |b| {
        b.iter(|| {
            let r = v.check_batch(black_box(&refs), at, threads);
            assert!(r.iter().all(|r| r.accepted()));
        })
    });
    g.finish();
}

#[cfg(feature = "brainpool")]
fn brainpool(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    use cv2x::sec::trust::KnownCert;
    use cv2x::sec::{Certificate, Coer, EccP256CurvePoint, EcdsaP256Signature};
    let h = |s: &str| hex::decode(s.trim()).unwrap();
    // Made once by `brainpool_oracle.py keygen bp256` and `sign` over tbs "tbs brainpool",
    // signer "cert".
    let key = crypto::PublicKey::bp256(&EccP256CurvePoint::CompressedY0(
        h("6822bc9b1cbcc2087d4ec0fe82b7d0efa427d31b367ee8f2b4dbd49ee464ff56")
            .try_into()
            .unwrap(),
    ))
    .unwrap();
    let sig = EcdsaP256Signature {
        r_sig: EccP256CurvePoint::XOnly(
            h("9f0efce3cf9dd55af2d8ed4a0d4f4c0bc3f4ed48c2a71c1139ecf16bc1452d2c")
                .try_into()
                .unwrap(),
        ),
        s_sig: h("a4d8e1de96b86a23a664aa037fc7cba281e513912296b644d548dd0bf772ac0a")
            .try_into()
            .unwrap(),
    };
    let digest = Hash::Sha256.signing_digest(b"tbs brainpool", b"cert");
    assert!(crypto::verify(
        &key,
        digest.as_bytes(),
        EcdsaSig::Bp256(&sig)
    ));
    g.bench_function("ecdsa_verify_bp256", |b| {
        b.iter(|| {
            crypto::verify(
                black_box(&key),
                black_box(digest.as_bytes()),
                EcdsaSig::Bp256(&sig),
            )
        })
    });
    let vector = |name: &str| {
        h(&std::fs::read_to_string(format!(
            "{}/tests/vectors/ieee1609dot2/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap())
    };
    let tlm = Certificate::from_coer(&vector("eu_tlm_E7A4B2B045E7ACF9.hex")).unwrap();
    let tlm = KnownCert::new(tlm, |_| None).unwrap();
    let ectl = vector("eu_ectl_CE4CF6C19BFED720.hex");
    let s = SignedSpdu::parse(&ectl).unwrap();
    let digest = Hash::Sha384.signing_digest(s.tbs, &tlm.encoded);
    let Signature::EcdsaBrainpoolP384r1Signature(sig) = s.signature.clone() else {
        unreachable!()
    };
    assert!(crypto::verify(
        &tlm.key,
        digest.as_bytes(),
        EcdsaSig::Bp384(&sig)
    ));
    g.bench_function("ecdsa_verify_bp384", |b| {
        b.iter(|| {
            crypto::verify(
                black_box(&tlm.key),
                black_box(digest.as_bytes()),
                EcdsaSig::Bp384(&sig),
            )
        })
    });
}

/// The COER codec alone: a receiver's parse of a signed SPDU (the view), the owned decode
/// and the re-encoding of one with a certificate signer.
fn decode(c: &mut Criterion) {
    use cv2x::sec::{Coer, Ieee1609Dot2Data};
    let inputs = coer_inputs::Inputs::new();
    let owned = Ieee1609Dot2Data::from_coer(&inputs.with_cert).unwrap();
    let mut g = c.benchmark_group("coer");
    for op in coer_inputs::OPS {
        g.bench_function(op, |b| b.iter(|| inputs.run(op)));
    }
    g.bench_function("encode_owned_certificate", |b| {
        b.iter(|| black_box(&owned).to_coer().unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench, decode);
criterion_main!(benches);

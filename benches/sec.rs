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
//!   core (criterion reports messages per second).

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
    let Signature::EcdsaNistP256(sig) = s.signature.clone() else {
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

criterion_group!(benches, bench);
criterion_main!(benches);

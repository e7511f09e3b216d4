//! The 1609.2 verifier (`cv2x::sec::verify`) on arbitrary bytes, with a real test PKI
//! configured (the Penta Security root as anchor, its intermediate CAs known): never a
//! panic; an accepted message has a valid signature, and when the input is a flipped copy
//! of a signed seed, the fuzzer hunts for a forgery the tamper tests missed.
#![no_main]

use std::sync::OnceLock;

use cv2x::sec::trust::TrustStore;
use cv2x::sec::verify::{SignatureState, Verifier};
use cv2x::sec::{Certificate, Coer, Time64};
use libfuzzer_sys::fuzz_target;

fn cert(hex: &str) -> Certificate {
    let hex = hex.trim();
    let b: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    Certificate::from_coer(&b).unwrap()
}

fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| {
        let mut store = TrustStore::default();
        store
            .add_anchor(cert(include_str!(
                "../../tests/vectors/ieee1609dot2/kr_penta_rca_0df9ed502b2d235b.hex"
            )))
            .unwrap();
        let problems = store.add_all(vec![
            cert(include_str!(
                "../../tests/vectors/ieee1609dot2/kr_penta_ica_281c9c1e50f4f7a1.hex"
            )),
            cert(include_str!(
                "../../tests/vectors/ieee1609dot2/kr_penta_pca_163f2b7bc99253f4.hex"
            )),
            cert(include_str!(
                "../../tests/vectors/ieee1609dot2/kr_penta_rse0_b68ce89c75396849.hex"
            )),
        ]);
        assert!(problems.is_empty());
        let mut v = Verifier::new(store);
        v.learn = false;
        v
    })
}

fuzz_target!(|data: &[u8]| {
    let mut v = verifier().clone();
    // 2019-11-01, inside the Penta RSU certificates' validity.
    let r = v.check(data, Time64(499_612_000_000_000));
    if r.accepted() {
        assert_eq!(r.signature, SignatureState::Valid);
    }
});

//! The COER benchmark's inputs and operations, shared by the criterion group `coer`
//! (`benches/sec.rs`) and the callgrind driver (`benches/coer_ir.rs`) so both measure the
//! same code on the same messages.

use std::hint::black_box;

use cv2x::sec::sign::{Identity, SignerKind};
use cv2x::sec::{Coer, HeaderInfo, Ieee1609Dot2Data, Psid, SignedSpdu, Time64};

/// The operations, by name.
pub const OPS: [&str; 3] = [
    "parse_spdu_digest",
    "parse_spdu_certificate",
    "decode_owned_certificate",
];

/// An RSU's signed SPaT-sized payload (260 octets), signed by digest and with its
/// certificate.
pub struct Inputs {
    pub by_digest: Vec<u8>,
    pub with_cert: Vec<u8>,
}

impl Inputs {
    pub fn new() -> Self {
        let root = Identity::demo_root([21; 32], Time64(0)).unwrap();
        let rsu = root.issue_demo([22; 32], &[Psid::SPAT], Time64(0)).unwrap();
        let payload = vec![0x13u8; 260];
        let mut h = HeaderInfo::new(Psid::SPAT);
        h.generation_time = Some(Time64(1_000_000));
        let by_digest = rsu.sign(&payload, h.clone(), SignerKind::Digest).unwrap();
        let with_cert = rsu.sign(&payload, h, SignerKind::Certificate).unwrap();
        let owned = Ieee1609Dot2Data::from_coer(&with_cert).unwrap();
        assert_eq!(owned.to_coer().unwrap(), with_cert);
        Inputs {
            by_digest,
            with_cert,
        }
    }

    /// Runs the operation `op` (one of [`OPS`]) once.
    pub fn run(&self, op: &str) {
        match op {
            "parse_spdu_digest" => {
                black_box(
                    SignedSpdu::parse(black_box(&self.by_digest))
                        .unwrap()
                        .tbs
                        .len(),
                );
            }
            "parse_spdu_certificate" => {
                black_box(
                    SignedSpdu::parse(black_box(&self.with_cert))
                        .unwrap()
                        .tbs
                        .len(),
                );
            }
            "decode_owned_certificate" => {
                black_box(Ieee1609Dot2Data::from_coer(black_box(&self.with_cert)).unwrap());
            }
            _ => panic!("unknown operation {op}"),
        }
    }
}

//! A fixed number of COER parses, for instruction counts under callgrind (the criterion
//! group `coer` of `benches/sec.rs` times the same operations on the same inputs):
//!
//! ```text
//! cargo bench --no-run --bench coer_ir --features sec   # then, for N1 and N2:
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/coer_ir-* OP N
//! ```
//!
//! `OP` is `parse_spdu_digest`, `parse_spdu_certificate` or `decode_owned_certificate`;
//! the instructions of one operation are `(Ir(N2) - Ir(N1)) / (N2 - N1)` (the set-up,
//! which signs the inputs, cancels out). Without arguments (`cargo bench`) every operation
//! runs once.

use std::hint::black_box;

use cv2x::sec::sign::{Identity, SignerKind};
use cv2x::sec::{Coer, HeaderInfo, Ieee1609Dot2Data, Psid, SignedSpdu, Time64};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let root = Identity::demo_root([21; 32], Time64(0)).unwrap();
    let rsu = root.issue_demo([22; 32], &[Psid::SPAT], Time64(0)).unwrap();
    let payload = vec![0x13u8; 260];
    let mut h = HeaderInfo::new(Psid::SPAT);
    h.generation_time = Some(Time64(1_000_000));
    let by_digest = rsu.sign(&payload, h.clone(), SignerKind::Digest).unwrap();
    let with_cert = rsu.sign(&payload, h, SignerKind::Certificate).unwrap();
    let ops: Vec<&str> = match args.first() {
        Some(op) => vec![op.as_str()],
        None => vec![
            "parse_spdu_digest",
            "parse_spdu_certificate",
            "decode_owned_certificate",
        ],
    };
    let n: usize = args.get(1).map_or(1, |n| n.parse().expect("N: a count"));
    for op in ops {
        for _ in 0..n {
            match op {
                "parse_spdu_digest" => {
                    black_box(SignedSpdu::parse(black_box(&by_digest)).unwrap().tbs.len());
                }
                "parse_spdu_certificate" => {
                    black_box(SignedSpdu::parse(black_box(&with_cert)).unwrap().tbs.len());
                }
                "decode_owned_certificate" => {
                    black_box(Ieee1609Dot2Data::from_coer(black_box(&with_cert)).unwrap());
                }
                _ => panic!("unknown operation {op}"),
            }
        }
    }
}

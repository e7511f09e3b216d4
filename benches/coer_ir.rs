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

#[path = "common/coer_inputs.rs"]
mod coer_inputs;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let inputs = coer_inputs::Inputs::new();
    let ops: Vec<&str> = match args.first() {
        Some(op) => vec![op.as_str()],
        None => coer_inputs::OPS.to_vec(),
    };
    let n: usize = args.get(1).map_or(1, |n| n.parse().expect("N: a count"));
    for op in ops {
        for _ in 0..n {
            inputs.run(op);
        }
    }
}

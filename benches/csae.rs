//! Criterion benchmarks of the China profile (T/CSAE 53 / YD/T 3709), one group per
//! message, every operation a receiver or a sender does (ids `cv2x/<op>`).
//!
//! `cargo bench --bench csae` (vectors from `tests/vectors`, or `CV2X_VECTORS`). The
//! messages and operations are named in `BENCHMARKS.md` ("China profile"); rasn beside
//! them is in `benches/peers/`. Each message is checked first: it decodes under its edition
//! and re-encodes to the same octets, and its view validates.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use cv2x::per::{BitReader, Decode, Encode};

/// The view walks, shared with the peers crate (so both read the same fields).
#[path = "peers/src/csae_walk.rs"]
mod csae_walk;

/// The conformance vectors carried in `tests/vectors`, or `CV2X_VECTORS` if set.
fn vectors_dir() -> String {
    std::env::var("CV2X_VECTORS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors").into())
}

fn vector(name: &str) -> Vec<u8> {
    let path = format!("{}/{name}", vectors_dir());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    hex::decode(text.trim()).unwrap()
}

/// The operations of one message, `$ed` its edition's module (`cv2x::csae::v2020`, ...).
macro_rules! csae_ops {
    ($c:expr, $group:expr, $file:expr, $ed:ident) => {{
        use cv2x::csae::$ed::view::FrameView;
        use cv2x::csae::$ed::{skip, MessageFrame};
        let (group, file) = ($group, $file);
        let bytes = vector(file);
        let frame = MessageFrame::from_uper(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut buf = [0u8; 4096];
        let n = frame.to_uper_slice(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes[..], "{file}: re-encode differs");
        let view = FrameView::new(&bytes).unwrap_or_else(|e| panic!("{file}: view: {e}"));

        let mut g = $c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
            b.iter(|| MessageFrame::from_uper(black_box(&bytes)).unwrap())
        });
        // The receive loop: each message decoded into the value of the previous one.
        let mut into = frame.clone();
        g.bench_function(BenchmarkId::new("cv2x", "decode-into"), |b| {
            b.iter(|| into.decode_uper_into(black_box(&bytes)).unwrap())
        });
        g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
            b.iter(|| black_box(&frame).to_uper_slice(&mut buf).unwrap())
        });
        g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
            b.iter(|| FrameView::new(black_box(&bytes)).unwrap())
        });
        g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
            b.iter(|| csae_walk::$ed::frame(black_box(&view)))
        });
        g.bench_function(BenchmarkId::new("cv2x", "view-validate-read-all"), |b| {
            b.iter(|| csae_walk::$ed::frame(&FrameView::new(black_box(&bytes)).unwrap()))
        });
        g.bench_function(BenchmarkId::new("cv2x", "skip"), |b| {
            b.iter(|| {
                let mut r = BitReader::new(black_box(&bytes));
                skip::message_frame(&mut r).unwrap();
                r.position()
            })
        });
        g.finish();
    }};
}

/// The messages of `BENCHMARKS.md`'s China-profile section, each under its edition (as in
/// `benches/peers/src/lib.rs`'s `CSAE_MESSAGES`).
fn messages(c: &mut Criterion) {
    csae_ops!(
        c,
        "csae-bsm",
        "csae/bsm/zyjohn_v2x_example_txt_L277.hex",
        v2020
    );
    csae_ops!(
        c,
        "csae-spat",
        "csae/spat/zyjohn_MessageFrameTest_L32.hex",
        v2020
    );
    csae_ops!(
        c,
        "csae-map",
        "csae/map/zyjohn_v2x_example_txt_L497.hex",
        v2019
    );
    csae_ops!(
        c,
        "csae-map-2020",
        "csae/random/VN4/VN4_10_mapFrame.hex",
        v2020
    );
}

criterion_group!(benches, messages);
criterion_main!(benches);

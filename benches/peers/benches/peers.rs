//! cv2x and its peers, side by side, on the four benchmark MessageFrames.
//!
//! `cargo bench --manifest-path benches/peers/Cargo.toml`
//!
//! Groups `bsm-core`, `bsm-partii`, `spat`, `map`, then the China profile's (`csae-bsm`,
//! `csae-spat`, `csae-map-2020`: cv2x and rasn); ids `<impl>/<op>`. Before measuring, each
//! implementation is checked on each message (decode, same values as cv2x, byte-exact
//! re-encode) and the table is printed. A peer that cannot decode a message is not measured
//! on it; one that decodes but does not re-encode byte-exactly is measured for decode only.
//! Either way the reason is printed.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use cv2x_peers::{cv2x_impl, rasn_impl, Check, MESSAGES};

/// Whether `op` of `c` is measured; prints why not.
fn measured(c: &Check, op: &str) -> bool {
    let ok = if op == "encode" {
        c.encode_ok()
    } else {
        c.decode_ok()
    };
    if !ok {
        let why = match (&c.decode, c.agrees, &c.reencode) {
            (Err(e), _, _) => format!("decode failed: {e}"),
            (Ok(p), Some(false), _) => format!("decoded values differ from cv2x's: {p:?}"),
            (_, _, Err(e)) => e.clone(),
            _ => "not checked".into(),
        };
        println!("{}/{}/{op}: NOT MEASURED ({why})", c.message, c.imp);
    }
    ok
}

fn find<'a>(checks: &'a [Check], imp: &str, message: &str) -> &'a Check {
    checks
        .iter()
        .find(|c| c.imp == imp && c.message == message)
        .expect("checked")
}

fn peers(cr: &mut Criterion) {
    println!("{}", cv2x_peers::status::describe());
    let checks = cv2x_peers::check_all();
    println!("{}", cv2x_peers::checks_markdown(&checks));

    for (name, _) in MESSAGES {
        let bytes = cv2x_peers::message(name).expect("vector");
        let mut g = cr.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));

        // cv2x
        let c = find(&checks, "cv2x", name);
        if measured(c, "view") {
            g.bench_function(BenchmarkId::new("cv2x", "view"), |b| {
                b.iter(|| cv2x_impl::view(black_box(&bytes), None).unwrap())
            });
        }
        if measured(c, "view") && matches!(name, "spat" | "map") {
            let mut index = cv2x::j2735::view::ViewIndex::new();
            g.bench_function(BenchmarkId::new("cv2x", "view-indexed"), |b| {
                b.iter(|| cv2x_impl::view(black_box(&bytes), Some(&mut index)).unwrap())
            });
            // Reading only: the view validated (and indexed) once, outside the loop.
            let frame = cv2x::j2735::view::FrameView::new(&bytes).unwrap();
            if let Some(v) = frame.spat_with_index(&mut index) {
                let v = v.unwrap();
                g.bench_function(BenchmarkId::new("cv2x", "view-indexed-read-all"), |b| {
                    b.iter(|| cv2x_impl::walk_spat(black_box(&v)))
                });
            } else if let Some(v) = frame.map_with_index(&mut index) {
                let v = v.unwrap();
                g.bench_function(BenchmarkId::new("cv2x", "view-indexed-read-all"), |b| {
                    b.iter(|| cv2x_impl::walk_map(black_box(&v)))
                });
            }
        }
        if measured(c, "decode") {
            g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
                b.iter(|| cv2x_impl::decode(black_box(&bytes)).unwrap())
            });
            let mut into = cv2x_impl::decode(&bytes).unwrap();
            g.bench_function(BenchmarkId::new("cv2x", "decode-into"), |b| {
                b.iter(|| cv2x_impl::decode_into(&mut into, black_box(&bytes)).unwrap())
            });
        }
        if measured(c, "encode") {
            let frame = cv2x_impl::decode(&bytes).unwrap();
            let mut buf = [0u8; 4096];
            g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
                b.iter(|| cv2x_impl::encode(black_box(&frame), &mut buf).unwrap())
            });
        }

        // rasn
        let c = find(&checks, "rasn", name);
        if measured(c, "decode") {
            g.bench_function(BenchmarkId::new("rasn", "decode"), |b| {
                b.iter(|| rasn_impl::decode(black_box(&bytes)).unwrap())
            });
        }
        if measured(c, "encode") {
            let mut d = rasn_impl::decode(&bytes).unwrap();
            let mut out = Vec::with_capacity(4096);
            g.bench_function(BenchmarkId::new("rasn", "encode"), |b| {
                b.iter(|| {
                    rasn_impl::encode(black_box(&mut d), &mut out).unwrap();
                    out.len()
                })
            });
        }

        // asn1-codecs
        let c = find(&checks, "asn1-codecs", name);
        #[cfg(hampi)]
        {
            use cv2x_peers::hampi_impl;
            if measured(c, "decode") {
                g.bench_function(BenchmarkId::new("asn1-codecs", "decode"), |b| {
                    b.iter(|| hampi_impl::decode(black_box(&bytes)).unwrap())
                });
            }
            if measured(c, "encode") {
                let f = hampi_impl::decode(&bytes).unwrap();
                g.bench_function(BenchmarkId::new("asn1-codecs", "encode"), |b| {
                    b.iter(|| hampi_impl::encode(black_box(&f)).unwrap())
                });
            }
        }
        #[cfg(not(hampi))]
        {
            measured(c, "decode");
            measured(c, "encode");
        }
        g.finish();
    }
}

/// The operations of cv2x and rasn on one CSAE message, with the edition's module `$m`
/// (`cv2x_peers::csae::v2020`, ...) and its view walks `$walk`.
macro_rules! csae_ops {
    ($g:expr, $checks:expr, $name:expr, $bytes:expr, $m:path, $walk:path) => {{
        use $m as m;
        use $walk as walk;
        let (g, bytes) = (&mut $g, $bytes);
        let ck = find($checks, "cv2x", $name);
        if measured(ck, "decode") {
            g.bench_function(BenchmarkId::new("cv2x", "view"), |b| {
                b.iter(|| m::view(black_box(bytes)).unwrap())
            });
            let f = m::FrameViewOf::new(bytes).unwrap();
            g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
                b.iter(|| walk::frame(black_box(&f)))
            });
            g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
                b.iter(|| m::decode(black_box(bytes)).unwrap())
            });
            let mut into = m::decode(bytes).unwrap();
            g.bench_function(BenchmarkId::new("cv2x", "decode-into"), |b| {
                b.iter(|| m::decode_into(&mut into, black_box(bytes)).unwrap())
            });
            g.bench_function(BenchmarkId::new("cv2x", "skip"), |b| {
                b.iter(|| m::skip(black_box(bytes)).unwrap())
            });
        }
        if measured(ck, "encode") {
            let frame = m::decode(bytes).unwrap();
            let mut buf = [0u8; 4096];
            g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
                b.iter(|| m::encode(black_box(&frame), &mut buf).unwrap())
            });
        }
        let ck = find($checks, "rasn", $name);
        if measured(ck, "decode") {
            g.bench_function(BenchmarkId::new("rasn", "decode"), |b| {
                b.iter(|| m::rasn::decode(black_box(bytes)).unwrap())
            });
        }
        if measured(ck, "encode") {
            let f = m::rasn::decode(bytes).unwrap();
            let mut out = Vec::with_capacity(4096);
            g.bench_function(BenchmarkId::new("rasn", "encode"), |b| {
                b.iter(|| {
                    m::rasn::encode(black_box(&f), &mut out).unwrap();
                    out.len()
                })
            });
        }
    }};
}

/// The China profile: cv2x and rasn on each CSAE message (checked as above first).
fn csae(cr: &mut Criterion) {
    let checks = cv2x_peers::check_all();
    for (name, edition, _) in cv2x_peers::CSAE_MESSAGES {
        let bytes = cv2x_peers::message(name).expect("vector");
        let mut g = cr.benchmark_group(*name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        match *edition {
            "2020" => csae_ops!(
                g,
                &checks,
                name,
                &bytes,
                cv2x_peers::csae::v2020,
                cv2x_peers::csae_walk::v2020
            ),
            "2019" => csae_ops!(
                g,
                &checks,
                name,
                &bytes,
                cv2x_peers::csae::v2019,
                cv2x_peers::csae_walk::v2019
            ),
            other => println!("{name}: edition {other} not benchmarked"),
        }
        g.finish();
    }
}

criterion_group!(benches, peers, csae);
criterion_main!(benches);

//! Criterion benchmarks of the crate itself: view and owned decode, encode, of BSMs from
//! the shared vectors (`../shared/vectors`, or `CV2X_VECTORS`).
//!
//! `cargo bench --bench codec`

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use cv2x::j2735::view::FrameView;
use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};

fn vector(name: &str) -> Vec<u8> {
    let dir = std::env::var("CV2X_VECTORS").unwrap_or_else(|_| {
        let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/vectors");
        if std::path::Path::new(beside).is_dir() {
            beside
        } else {
            "/work/shared/vectors"
        }
        .into()
    });
    let text = std::fs::read_to_string(format!("{dir}/{name}")).expect("vector");
    hex::decode(text.trim()).unwrap()
}

fn read_all_core(b: &cv2x::j2735::view::BsmView<'_>) -> i64 {
    b.msg_cnt() as i64
        + b.id()[3] as i64
        + b.sec_mark() as i64
        + b.lat() as i64
        + b.long() as i64
        + b.elev() as i64
        + b.semi_major() as i64
        + b.semi_minor() as i64
        + b.orientation() as i64
        + b.transmission() as i64
        + b.speed() as i64
        + b.heading() as i64
        + b.angle() as i64
        + b.accel_long() as i64
        + b.accel_lat() as i64
        + b.accel_vert() as i64
        + b.yaw() as i64
        + b.wheel_brakes() as i64
        + b.traction() as i64
        + b.abs() as i64
        + b.scs() as i64
        + b.brake_boost() as i64
        + b.aux_brakes() as i64
        + b.width() as i64
        + b.length() as i64
}

fn bsm(c: &mut Criterion) {
    let cases = [
        ("bsm-core", "bsm/j2735decoder__SampleHexPayloads_L3.hex"),
        (
            "bsm-partii",
            "bsm/asn1codec__InputData_Ieee1609Dot2Data_coer_Bsm_pack_L1.hex",
        ),
    ];
    for (group, file) in cases {
        let bytes = vector(file);
        let frame = MessageFrame::from_uper(&bytes).unwrap();
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
            b.iter(|| {
                FrameView::new(black_box(&bytes))
                    .unwrap()
                    .bsm()
                    .unwrap()
                    .unwrap()
            })
        });
        g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
            b.iter(|| {
                let v = FrameView::new(black_box(&bytes))
                    .unwrap()
                    .bsm()
                    .unwrap()
                    .unwrap();
                read_all_core(&v)
            })
        });
        g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
            b.iter(|| MessageFrame::from_uper(black_box(&bytes)).unwrap())
        });
        let mut buf = [0u8; 2048];
        g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
            b.iter(|| black_box(&frame).to_uper_slice(&mut buf).unwrap())
        });
        g.finish();
    }
}

/// Every signal group's state and earliest change, read through the view.
fn walk_spat(v: &cv2x::j2735::view::SpatView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().flatten() {
        for s in i.states().flatten() {
            n += s.signal_group() as usize;
            for e in s.events().flatten() {
                n += e.event_state() as usize + e.min_end_time().map_or(0, |t| t as usize);
            }
        }
    }
    n
}

/// Every lane's nodes and connections, read through the view.
fn walk_map(v: &cv2x::j2735::view::MapView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().flatten() {
        for l in i.lanes().flatten() {
            n += l.lane_id() as usize + l.nodes().flatten().count();
            n += l
                .connections()
                .flatten()
                .map(|c| c.signal_group().unwrap_or(0) as usize)
                .sum::<usize>();
        }
    }
    n
}

/// View and owned decode and encode of a SPaT and a MAP.
fn signal(c: &mut Criterion) {
    let cases = [
        ("spat", "spat/j2735decoder__SampleHexPayloads_L8.hex"),
        ("map", "map/j2735decoder__SampleHexPayloads_L12.hex"),
    ];
    for (group, file) in cases {
        let bytes = vector(file);
        let frame = MessageFrame::from_uper(&bytes).unwrap();
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        let f = FrameView::new(&bytes).unwrap();
        if group == "spat" {
            assert!(f.spat().is_some());
            g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
                b.iter(|| {
                    FrameView::new(black_box(&bytes))
                        .unwrap()
                        .spat()
                        .unwrap()
                        .unwrap()
                })
            });
            g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
                b.iter(|| {
                    walk_spat(
                        &FrameView::new(black_box(&bytes))
                            .unwrap()
                            .spat()
                            .unwrap()
                            .unwrap(),
                    )
                })
            });
        } else {
            g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
                b.iter(|| {
                    FrameView::new(black_box(&bytes))
                        .unwrap()
                        .map()
                        .unwrap()
                        .unwrap()
                })
            });
            g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
                b.iter(|| {
                    walk_map(
                        &FrameView::new(black_box(&bytes))
                            .unwrap()
                            .map()
                            .unwrap()
                            .unwrap(),
                    )
                })
            });
        }
        g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
            b.iter(|| MessageFrame::from_uper(black_box(&bytes)).unwrap())
        });
        let mut buf = [0u8; 4096];
        g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
            b.iter(|| black_box(&frame).to_uper_slice(&mut buf).unwrap())
        });
        g.finish();
    }
}

criterion_group!(benches, bsm, signal);
criterion_main!(benches);

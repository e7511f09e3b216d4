//! Criterion benchmarks of the crate itself, one group per message, every operation a
//! receiver or a sender does (ids `cv2x/<op>`), and a batch over every vector.
//!
//! `cargo bench --bench codec` (vectors from `tests/vectors`, or `CV2X_VECTORS`).
//! The messages are named in `BENCHMARKS.md`; the peers are in `benches/peers/`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use cv2x::j2735::view::{
    BsmView, FrameView, MapDataView, NodeListXYView, PersonalSafetyMessageView, SPATView,
    TravelerInformationView, ViewIndex,
};
use cv2x::j2735::MessageFrame;
use cv2x::per::{Decode, Encode};

/// The conformance vectors carried in `tests/vectors`, or `CV2X_VECTORS` if set.
fn vectors_dir() -> String {
    std::env::var("CV2X_VECTORS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors").into())
}

fn vector(name: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(format!("{}/{name}", vectors_dir())).expect("vector");
    hex::decode(text.trim()).unwrap()
}

/// Every `BSMcoreData` field, through the view's getters.
fn read_all_core(b: &BsmView<'_>) -> i64 {
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

/// Every signal group's state and times, read through the view.
fn walk_spat(v: &SPATView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().flatten() {
        n += i.id().id.0 as usize + i.revision().0 as usize + i.status().value() as usize;
        for s in i.states().flatten() {
            n += s.signal_group().0 as usize;
            for e in s.state_time_speed().flatten() {
                n += e.event_state() as usize;
                if let Some(t) = e.timing() {
                    n += t.min_end_time.0 as usize + t.likely_time.map_or(0, |t| t.0 as usize);
                }
            }
        }
    }
    n
}

/// Every lane's nodes and connections, read through the view.
fn walk_map(v: &MapDataView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().into_iter().flatten().flatten() {
        n += i.id().id.0 as usize;
        for l in i.lane_set().flatten() {
            n += l.lane_id().0 as usize;
            if let NodeListXYView::Nodes(nodes) = l.node_list() {
                n += nodes.flatten().count();
            }
            n += l.connects_to().map_or(0, |c| {
                c.flatten()
                    .map(|c| c.signal_group().map_or(0, |g| g.0 as usize))
                    .sum::<usize>()
            });
        }
    }
    n
}

/// The TIM and PSM walks, shared with the peers crate.
#[path = "peers/src/j2735_walk.rs"]
mod j2735_walk;
use j2735_walk::{walk_psm, walk_tim};

/// The messages of `BENCHMARKS.md`.
const MESSAGES: [(&str, &str); 6] = [
    ("bsm-core", "bsm/j2735decoder__SampleHexPayloads_L3.hex"),
    (
        "bsm-partii",
        "bsm/asn1codec__InputData_Ieee1609Dot2Data_coer_Bsm_pack_L1.hex",
    ),
    ("spat", "spat/j2735decoder__SampleHexPayloads_L8.hex"),
    ("map", "map/j2735decoder__SampleHexPayloads_L12.hex"),
    // The largest real TIM of the vectors: a WYDOT I-80 advisory (JPO ODE's decoder output).
    ("tim", "tim/jpoode__decoder_output_tim_L32.hex"),
    // The larger real PSM of the vectors' two (JPO ODE's asn1_codec tests).
    ("psm", "psm/asn1codec__tests_L46.hex"),
];

/// The view operations of one message: validate, then read one field or all of them.
macro_rules! view_ops {
    ($g:expr, $bytes:expr, $view:ident, $get:ident, $one:expr, $all:expr) => {{
        let bytes = $bytes;
        fn validate(b: &[u8]) -> $view<'_> {
            FrameView::new(b).unwrap().$get().unwrap().unwrap()
        }
        let view = validate(bytes);
        $g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
            b.iter(|| validate(black_box(bytes)))
        });
        $g.bench_function(BenchmarkId::new("cv2x", "view-read-one"), |b| {
            b.iter(|| $one(black_box(&view)))
        });
        $g.bench_function(BenchmarkId::new("cv2x", "view-read-all"), |b| {
            b.iter(|| $all(black_box(&view)))
        });
        $g.bench_function(BenchmarkId::new("cv2x", "view-validate-read-all"), |b| {
            b.iter(|| $all(&validate(black_box(bytes))))
        });
    }};
    // The same with the view built with a `ViewIndex` (reused), for SPaT and MAP.
    ($g:expr, $bytes:expr, $view:ident, $get:ident, $one:expr, $all:expr, $get_ix:ident) => {{
        view_ops!($g, $bytes, $view, $get, $one, $all);
        let bytes = $bytes;
        let mut index = ViewIndex::new();
        let frame = FrameView::new(bytes).unwrap();
        let view = frame.$get_ix(&mut index).unwrap().unwrap();
        $g.bench_function(BenchmarkId::new("cv2x", "view-indexed-read-all"), |b| {
            b.iter(|| $all(black_box(&view)))
        });
        let mut index = ViewIndex::new();
        $g.bench_function(
            BenchmarkId::new("cv2x", "view-indexed-validate-read-all"),
            |b| {
                b.iter(|| {
                    let frame = FrameView::new(black_box(bytes)).unwrap();
                    $all(&frame.$get_ix(&mut index).unwrap().unwrap())
                })
            },
        );
    }};
}

fn messages(c: &mut Criterion) {
    for (group, file) in MESSAGES {
        let bytes = vector(file);
        let frame = MessageFrame::from_uper(&bytes).unwrap();
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(BenchmarkId::new("cv2x", "dispatch"), |b| {
            b.iter(|| FrameView::new(black_box(&bytes)).unwrap().message_id())
        });
        match group {
            "bsm-core" | "bsm-partii" => view_ops!(
                g,
                &bytes,
                BsmView,
                bsm,
                |v: &BsmView<'_>| v.lat(),
                |v: &BsmView<'_>| read_all_core(v)
            ),
            "spat" => view_ops!(
                g,
                &bytes,
                SPATView,
                spat,
                |v: &SPATView<'_>| v
                    .intersections()
                    .next()
                    .and_then(|i| i.ok())
                    .map(|i| i.id().id.0),
                |v: &SPATView<'_>| walk_spat(v),
                spat_with_index
            ),
            "tim" => view_ops!(
                g,
                &bytes,
                TravelerInformationView,
                tim,
                |v: &TravelerInformationView<'_>| v.msg_cnt().0,
                |v: &TravelerInformationView<'_>| walk_tim(v)
            ),
            "psm" => view_ops!(
                g,
                &bytes,
                PersonalSafetyMessageView,
                psm,
                |v: &PersonalSafetyMessageView<'_>| v.msg_cnt().0,
                |v: &PersonalSafetyMessageView<'_>| walk_psm(v)
            ),
            _ => view_ops!(
                g,
                &bytes,
                MapDataView,
                map,
                |v: &MapDataView<'_>| v.msg_issue_revision().0,
                |v: &MapDataView<'_>| walk_map(v),
                map_with_index
            ),
        }
        g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
            b.iter(|| MessageFrame::from_uper(black_box(&bytes)).unwrap())
        });
        // The receive loop: each message decoded into the value of the previous one.
        let mut into = frame.clone();
        g.bench_function(BenchmarkId::new("cv2x", "decode-into"), |b| {
            b.iter(|| into.decode_uper_into(black_box(&bytes)).unwrap())
        });
        let mut buf = [0u8; 4096];
        g.bench_function(BenchmarkId::new("cv2x", "encode"), |b| {
            b.iter(|| black_box(&frame).to_uper_slice(&mut buf).unwrap())
        });
        g.bench_function(BenchmarkId::new("cv2x", "roundtrip"), |b| {
            b.iter(|| {
                MessageFrame::from_uper(black_box(&bytes))
                    .unwrap()
                    .to_uper_slice(&mut buf)
                    .unwrap()
            })
        });
        g.finish();
    }
}

/// Every frame in the conformance vectors of the signal and safety messages, decoded in turn:
/// messages per second over a mixed stream.
fn batch(c: &mut Criterion) {
    let dir = vectors_dir();
    let mut frames = Vec::new();
    for sub in ["bsm", "spat", "map", "srm", "ssm"] {
        let Ok(entries) = std::fs::read_dir(format!("{dir}/{sub}")) else {
            continue;
        };
        let mut names: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for p in names
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "hex"))
        {
            let Ok(b) = hex::decode(std::fs::read_to_string(&p).unwrap().trim()) else {
                continue;
            };
            if MessageFrame::from_uper(&b).is_ok() {
                frames.push(b);
            }
        }
    }
    assert!(!frames.is_empty(), "no vectors under {dir}");
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(frames.len() as u64));
    g.bench_function(BenchmarkId::new("cv2x", "decode"), |b| {
        b.iter(|| {
            frames
                .iter()
                .map(|f| MessageFrame::from_uper(black_box(f)).is_ok() as usize)
                .sum::<usize>()
        })
    });
    // One value reused across the mixed stream (its lists grow to the largest seen).
    let mut into = MessageFrame::from_uper(&frames[0]).unwrap();
    g.bench_function(BenchmarkId::new("cv2x", "decode-into"), |b| {
        b.iter(|| {
            frames
                .iter()
                .map(|f| into.decode_uper_into(black_box(f)).is_ok() as usize)
                .sum::<usize>()
        })
    });
    g.bench_function(BenchmarkId::new("cv2x", "view-validate"), |b| {
        b.iter(|| {
            frames
                .iter()
                .map(|f| {
                    let v = FrameView::new(black_box(f)).unwrap();
                    v.bsm()
                        .map(|r| r.is_ok())
                        .or_else(|| v.spat().map(|r| r.is_ok()))
                        .or_else(|| v.map().map(|r| r.is_ok()))
                        .or_else(|| v.srm().map(|r| r.is_ok()))
                        .or_else(|| v.ssm().map(|r| r.is_ok()))
                        .unwrap_or(false) as usize
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, messages, batch);
criterion_main!(benches);

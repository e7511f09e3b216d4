//! Resource bounds on hostile input, each proven with crafted inputs: nesting depth (stack)
//! and decode time linear in the input size, for the owned decode, the views (validated and
//! walked to their leaves), the skip functions and the text faces.
//!
//! **Nesting.** The J2735 modules in `asn1/j2735/` have no recursive type (checked with asn1tools
//! over the type graph: no type reaches itself), so the nesting of a decoded value is bounded
//! by the schema: at most 17 constructed levels, reached in `TravelerInformation` (data
//! frames, regions, an old-style region's shape point set, its node list, nodes, node
//! attributes, lane data attributes, speed limits; `MapData` reaches 13 along the same node
//! lists), plus the `MessageFrame` and one open type around it. Open types whose content the crate does not
//! know (unknown messages, Part II IDs, regions, extension additions, CHOICE alternatives)
//! are kept as octets, not decoded further, so they add no depth. The decoders therefore
//! need a fixed amount of stack whatever the input: [`every_uper_face_fits_a_128_kib_stack`]
//! runs all of them on the deepest and the largest inputs in a thread with a 128 KiB stack
//! (debug builds included; 64 KiB sufficed until the TIM's 17 levels, whose owned decode
//! needs more than that unoptimised; 96 KiB until J2735-2024's RoadSafetyMessage, whose owned
//! decode of the real frames of `tests/vectors/other/` needed between 100 and 104 KiB
//! unoptimised: a frame, the message, a container, its region, the region's paths, a path's
//! points, a point's position and its regional content), and [`recursion_per_input_element_overflows_that_stack`] shows
//! that a decoder recursing once per element of the same inputs would not fit in it. The
//! JSON faces are bounded by serde_json's recursion limit (128 levels), proven on JSON
//! nested 100,000 deep ([`every_json_face_fits_a_bounded_stack`]).
//!
//! **Time.** Rather than wall-clock bounds, each face decodes an input of size N sixteen
//! times and one of size 16N once (the same number of octets), interleaved, the minimum of
//! several rounds; linear work gives a ratio near 1, quadratic work near 16. The bound is 4
//! (16N takes less than 64 times N); [`the_time_check_catches_quadratic_work`] shows the
//! measurement tells the two apart. The owned decode's allocation, counted exactly, must
//! grow linearly too.

use crate::common;

use crate::counting::allocated_by;

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use cv2x::j2735::view::{
    BsmView, FrameView, GeographicalPathDescriptionView, MapDataView, NodeListLLView,
    NodeListXYView, OffsetSystemOffsetView, PersonalSafetyMessageView, SPATView,
    SignalRequestMessageView, SignalStatusMessageView, TravelerInformationView,
    ValidRegionAreaView,
};
use cv2x::j2735::{skip, Message, MessageFrame, UnknownMessage};
use cv2x::per::{BitReader, Decode, Encode, Extensions};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Allocation counting (this thread only).

// ---------------------------------------------------------------------------------------
// Crafted inputs, built from the canonical JSON of real vectors.

/// The canonical JSON of a vector (by file name) of the conformance set.
fn vector_json(dir: &str, file: &str) -> Value {
    let v = common::folder(dir)
        .into_iter()
        .find(|v| v.name.ends_with(file))
        .unwrap_or_else(|| panic!("vector {dir}/{file}"));
    serde_json::to_value(MessageFrame::from_uper(&v.bytes).expect("the vector decodes")).unwrap()
}

fn encode_json(frame: &Value) -> Vec<u8> {
    let f: MessageFrame = serde_json::from_value(frame.clone()).expect("crafted JSON reads");
    f.to_uper().expect("crafted frame encodes")
}

/// A SPaT frame of `intersections` intersections of `movements` movements of `events`
/// minimal events (only `eventState`): long SEQUENCE OFs of minimal elements.
fn spat(intersections: usize, movements: usize, events: usize) -> Vec<u8> {
    let mut f = vector_json("spat", "V2XHub__TestSignalControllerConnection_L369.hex");
    let mut i = f["value"]["intersections"][0].clone();
    let mut m = i["states"][0].clone();
    m["state-time-speed"] = Value::Array(vec![json!({"eventState": "stop-And-Remain"}); events]);
    i["states"] = Value::Array(vec![m; movements]);
    f["value"]["intersections"] = Value::Array(vec![i; intersections]);
    encode_json(&f)
}

/// A MAP frame reaching the schema's deepest path (lane, node list, node, attributes, lane
/// data attribute, speed limits) in every node: `lanes` lanes of `nodes` nodes, each node
/// with `data` lane data attributes of `limits` speed limits.
fn map(lanes: usize, nodes: usize, data: usize, limits: usize) -> Vec<u8> {
    let mut f = vector_json("map", "V2XHub__TestMessageLogger_L64.hex");
    let i = &mut f["value"]["intersections"][0];
    let mut lane = i["laneSet"][0].clone();
    let mut node = lane["nodeList"]["nodes"][0].clone();
    let mut attr = node["attributes"]["data"][0].clone();
    attr["speedLimits"] = Value::Array(vec![json!({"type": "unknown", "speed": 0}); limits]);
    node["attributes"]["data"] = Value::Array(vec![attr; data]);
    lane["nodeList"]["nodes"] = Value::Array(vec![node; nodes]);
    i["laneSet"] = Value::Array(vec![lane; lanes]);
    encode_json(&f)
}

/// A TIM frame reaching the schema's deepest path (data frame, region, old-style region,
/// shape point set, node list, node, attributes, lane data attribute, speed limits):
/// `frames` data frames of `regions` regions of `nodes` nodes, each node with `data` lane
/// data attributes of `limits` speed limits.
fn tim(frames: usize, regions: usize, nodes: usize, data: usize, limits: usize) -> Vec<u8> {
    let mut f = vector_json("tim", "V2XHub__J2735MessageTest_L714.hex");
    let mut frame = f["value"]["dataFrames"][0].clone();
    let mut region = frame["regions"][0].clone();
    let attr = json!({"speedLimits": vec![json!({"type": "unknown", "speed": 0}); limits]});
    let node = json!({
        "delta": {"node-XY1": {"x": 1, "y": -1}},
        "attributes": {"data": vec![attr; data]}
    });
    region["description"] = json!({"oldRegion": {
        "direction": "1100000000000001",
        "area": {"shapePointSet": {"nodeList": {"nodes": vec![node; nodes]}}}
    }});
    frame["regions"] = Value::Array(vec![region; regions]);
    f["value"]["dataFrames"] = Value::Array(vec![frame; frames]);
    encode_json(&f)
}

/// A BSM frame whose extension bitmap has `n` bits, every addition present with one octet
/// of unknown content.
fn extensions(n: usize, last_len: usize) -> Vec<u8> {
    let bsm = common::folder("bsm").remove(0);
    let mut f = MessageFrame::from_uper(&bsm.bytes).unwrap();
    let mut slots = vec![Some(vec![0u8]); n];
    slots[n - 1] = Some(vec![0x5a; last_len]);
    f.ext = Some(Extensions { slots });
    f.to_uper().unwrap()
}

/// A frame of an unknown message whose value is `n` octets.
fn unknown(n: usize) -> Vec<u8> {
    MessageFrame {
        message: Message::Unknown(UnknownMessage {
            message_id: 100,
            value: vec![0xa5; n],
        }),
        ext: None,
    }
    .to_uper()
    .unwrap()
}

/// `extensions(n)` with its last addition claiming 200 octets of which 100 are there: a
/// length near the end of the input that exceeds it, found after walking all of it.
fn cut_short(n: usize) -> Vec<u8> {
    let mut d = extensions(n, 200);
    d.truncate(d.len() - 100);
    d
}

// ---------------------------------------------------------------------------------------
// The faces: every decoder entry point, walked to the leaves.

fn count<I: Iterator>(l: Option<I>) -> usize {
    l.map_or(0, |l| l.count())
}

fn walk_spat(v: &SPATView<'_>) -> usize {
    let mut n = count(v.regional());
    for i in v.intersections().flatten() {
        n += i.revision().0 as usize + count(i.enabled_lanes()) + count(i.regional());
        for s in i.states().flatten() {
            n += s.signal_group().0 as usize + count(s.maneuver_assist_list());
            for e in s.state_time_speed().flatten() {
                n += e.timing().is_some() as usize + count(e.speeds());
                black_box(e.event_state());
            }
        }
    }
    n
}

fn walk_nodes_xy(l: NodeListXYView<'_>) -> usize {
    match l {
        NodeListXYView::Nodes(nodes) => {
            let mut n = 0;
            for node in nodes.flatten() {
                black_box(node.delta());
                n += 1 + count(node.attributes().and_then(|a| a.data()));
            }
            n
        }
        other => black_box(other).to_owned().is_ok() as usize,
    }
}

fn walk_map(v: &MapDataView<'_>) -> usize {
    let mut n = count(v.road_segments()) + count(v.restriction_list());
    for i in v.intersections().into_iter().flatten().flatten() {
        black_box(i.ref_point().lat());
        for l in i.lane_set().flatten() {
            n += l.lane_id().0 as usize + l.lane_attributes().shared_with().len();
            n += walk_nodes_xy(l.node_list());
            n += count(l.connects_to().map(|c| c.flatten())) + count(l.overlays());
        }
    }
    n
}

fn walk_tim(v: &TravelerInformationView<'_>) -> usize {
    let mut n = count(v.regional());
    for f in v.data_frames().flatten() {
        black_box((f.msg_id(), f.content()));
        for g in f.regions().flatten() {
            n += match g.description() {
                Some(GeographicalPathDescriptionView::Path(p)) => match p.offset() {
                    OffsetSystemOffsetView::Xy(l) => walk_nodes_xy(l),
                    OffsetSystemOffsetView::Ll(NodeListLLView::Nodes(l)) => l.flatten().count(),
                    OffsetSystemOffsetView::Ll(other) => {
                        black_box(other).to_owned().is_ok() as usize
                    }
                },
                Some(GeographicalPathDescriptionView::OldRegion(r)) => match r.area() {
                    ValidRegionAreaView::ShapePointSet(s) => walk_nodes_xy(s.node_list()),
                    other => black_box(other).to_owned().is_ok() as usize,
                },
                other => black_box(other).is_some() as usize,
            };
        }
    }
    n
}

fn walk_bsm(v: &BsmView<'_>) -> usize {
    black_box(v.lat());
    let mut n = v.regional().count();
    for p in v.part_ii().flatten() {
        n += p.id as usize + p.decode().is_ok() as usize;
    }
    n
}

/// The zero-copy face: the frame, then its message's view, validated and walked.
fn views(d: &[u8]) -> usize {
    let Ok(f) = FrameView::new(d) else { return 0 };
    let mut n = f.message_id() as usize;
    if let Some(Ok(v)) = f.bsm() {
        n += walk_bsm(&v);
    }
    if let Some(Ok(v)) = f.spat() {
        n += walk_spat(&v);
    }
    if let Some(Ok(v)) = f.map() {
        n += walk_map(&v);
    }
    if let Some(Ok(v)) = f.srm() {
        n += count(v.requests().map(|r| r.flatten()));
    }
    if let Some(Ok(v)) = f.ssm() {
        n += v.status().flatten().count();
    }
    if let Some(Ok(v)) = f.tim() {
        n += walk_tim(&v);
    }
    if let Some(Ok(v)) = f.psm() {
        n += walk_psm(&v);
    }
    n
}

/// A PSM view's path history, walked to its points.
fn walk_psm(v: &PersonalSafetyMessageView<'_>) -> usize {
    v.path_history()
        .map_or(0, |p| p.crumb_data().flatten().count())
}

/// The bare-message views on the same octets.
fn bare_views(d: &[u8]) -> usize {
    let mut n = 0;
    if let Ok(v) = SPATView::new(d) {
        n += walk_spat(&v);
    }
    if let Ok(v) = MapDataView::new(d) {
        n += walk_map(&v);
    }
    if let Ok(v) = BsmView::new(d) {
        n += walk_bsm(&v);
    }
    if let Ok(v) = TravelerInformationView::new(d) {
        n += walk_tim(&v);
    }
    n += SignalRequestMessageView::new(d).is_ok() as usize
        + SignalStatusMessageView::new(d).is_ok() as usize;
    if let Ok(v) = PersonalSafetyMessageView::new(d) {
        n += walk_psm(&v);
    }
    n
}

/// The skip face: past the frame, then past its message's content.
fn skips(d: &[u8]) -> bool {
    let framed = skip::message_frame(&mut BitReader::new(d)).is_ok();
    let Ok(f) = FrameView::new(d) else {
        return framed;
    };
    let mut r = BitReader::new(f.value());
    let content = match f.message_id() {
        18 => skip::map_data(&mut r),
        19 => skip::spat(&mut r),
        20 => skip::basic_safety_message(&mut r),
        29 => skip::signal_request_message(&mut r),
        30 => skip::signal_status_message(&mut r),
        31 => skip::traveler_information(&mut r),
        32 => skip::personal_safety_message(&mut r),
        _ => Ok(()),
    };
    framed && content.is_ok()
}

fn owned(d: &[u8]) -> bool {
    black_box(MessageFrame::from_uper(d)).is_ok()
}

/// The JSON and text faces (`cv2x::text`): hex to JSON, JSON back to hex, the summary.
fn text_faces(d: &[u8]) {
    let hex = cv2x::text::to_hex(d);
    if let Ok(json) = cv2x::text::decode_line(&hex) {
        black_box(cv2x::text::encode_line(&json).expect("decoded JSON encodes"));
    }
}

// ---------------------------------------------------------------------------------------
// Nesting depth: a small stack.

/// The stack every UPER face (owned decode and encode, views, skip, summary) must fit in,
/// whatever the input, optimised or not.
const UPER_STACK: usize = 128 * 1024;

/// The stack of the JSON faces. serde_json refuses nesting deeper than 128 levels; at that
/// limit an unoptimised build needs between 256 and 512 KiB.
const JSON_STACK: usize = 1024 * 1024;

/// Runs `f` on a thread with `stack` bytes of stack. Overflowing it aborts the test process
/// ("has overflowed its stack"), which fails the test run.
fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name(format!("{}-KiB-stack", stack / 1024))
        .stack_size(stack)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// The inputs of the stack test: every vector, the deepest crafted input (the MAP's deepest
/// path, each list to its size limit) and the largest ones (the 16N inputs of the time test).
fn deep_and_large() -> &'static [(String, Vec<u8>)] {
    static INPUTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut inputs: Vec<(String, Vec<u8>)> = [
            ("deepest MAP path", map(2, 2, 8, 9)),
            ("MAP, 48 lanes of 20 deep nodes", map(48, 20, 1, 3)),
            ("SPaT, 16 x 50 x 16", spat(16, 50, 16)),
            ("deepest TIM path", tim(1, 1, 2, 8, 9)),
            (
                "TIM, 8 frames of 4 regions of 20 deep nodes",
                tim(8, 4, 20, 1, 3),
            ),
            ("16000 extensions", extensions(16_000, 1)),
            ("unknown message, 16000 octets", unknown(16_000)),
            ("cut short after 16000 extensions", cut_short(16_000)),
        ]
        .into_iter()
        .map(|(n, d)| (n.to_string(), d))
        .collect();
        for dir in [
            "bsm", "spat", "map", "srm", "ssm", "tim", "other", "negative", "bsm", "spat", "map",
            "srm", "ssm", "psm", "other", "negative",
        ] {
            inputs.extend(common::folder(dir).into_iter().map(|v| (v.name, v.bytes)));
        }
        inputs
    })
}

#[test]
fn every_uper_face_fits_a_128_kib_stack() {
    let inputs = deep_and_large();
    let n = inputs.len();
    let decoded = on_stack(UPER_STACK, move || {
        let mut decoded = 0;
        for (name, d) in inputs {
            if let Ok(f) = MessageFrame::from_uper(d) {
                decoded += 1;
                assert_eq!(
                    MessageFrame::from_uper(&f.to_uper().unwrap()).as_ref(),
                    Ok(&f)
                );
                black_box(cv2x::j2735::summary::summarize(&f, 0));
            }
            black_box((views(d), skips(d)));
            if let Ok(f) = FrameView::new(d) {
                // The message as a bare one: one open type less.
                black_box(bare_views(f.value()));
                if name.contains("MAP") {
                    assert!(cv2x::j2735::MapData::from_uper(f.value()).is_ok(), "{name}");
                }
                if name.contains("TIM") {
                    let t = cv2x::j2735::TravelerInformation::from_uper(f.value());
                    assert!(t.is_ok(), "{name}");
                }
            }
        }
        decoded
    });
    assert!(n > 250 && decoded > 240, "{n} inputs, {decoded} decoded");
}

#[test]
fn every_json_face_fits_a_bounded_stack() {
    let inputs = deep_and_large();
    on_stack(JSON_STACK, move || {
        for (_, d) in inputs {
            text_faces(d);
        }
        // JSON nested far deeper than the schema: serde_json's recursion limit refuses it.
        for deep in [
            format!(
                r#"{{"messageId":20,"value":{{"coreData":{}}}}}"#,
                "[".repeat(100_000)
            ),
            format!(
                r#"{{"messageId":20,"value":{}}}"#,
                r#"{"a":"#.repeat(100_000)
            ),
        ] {
            let e = cv2x::text::encode_line(&deep).unwrap_err();
            assert!(e.to_string().contains("recursion limit"), "{e}");
        }
        // An unknown member nested as deep is skipped without recursion, and the missing
        // value refused.
        let deep = format!(
            r#"{{"messageId":20,"x":{}0{}}}"#,
            r#"[{"a":"#.repeat(50_000),
            "}]".repeat(50_000)
        );
        assert!(cv2x::text::encode_line(&deep).is_err());
    });
}

/// A decoder that recursed once per element (here: per octet, as a recursive descent over
/// a list would) needs stack in proportion to its input. Run in a child process on the same
/// 128 KiB stack, it overflows on one of the inputs of [`every_uper_face_fits_a_128_kib_stack`]:
/// that stack is small enough to catch input-proportional recursion.
#[test]
fn recursion_per_input_element_overflows_that_stack() {
    // The canary's test name in this binary: its module path without the crate's name.
    let canary = module_path!()
        .split_once("::")
        .map_or(String::new(), |(_, m)| format!("{m}::"))
        + "recursive_canary";
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            canary.as_str(),
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CV2X_CANARY_SMALL_STACK", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the canary fitted the small stack");
    assert!(
        stderr.contains("has overflowed its stack"),
        "{:?}: {stderr}",
        out.status
    );
}

/// One frame per octet, each holding a little state, as a recursive decoder's would.
fn depth(d: &[u8]) -> usize {
    let Some((&b, rest)) = d.split_first() else {
        return 0;
    };
    let frame = black_box([b; 64]);
    let below = depth(black_box(rest));
    black_box(&frame);
    1 + below
}

/// The canary of [`recursion_per_input_element_overflows_that_stack`]: on a big stack it
/// counts the octets of a 16000-octet input; with `CV2X_CANARY_SMALL_STACK` set it runs on
/// the 128 KiB stack (and overflows).
#[test]
fn recursive_canary() {
    let input = unknown(16_000);
    let n = input.len();
    let stack = if std::env::var_os("CV2X_CANARY_SMALL_STACK").is_some() {
        UPER_STACK
    } else {
        256 << 20
    };
    assert_eq!(on_stack(stack, move || depth(&input)), n);
}

// ---------------------------------------------------------------------------------------
// Linear time.

/// Time of `f` over `small` k times against `big` once (k = big / small in size), in
/// short interleaved windows, the minimum of many: preemption on a busy machine only ever
/// lengthens a window. Returns big / small, scaled to exactly 16 times the size: near 1 for
/// linear work, near 16 for quadratic.
fn ratio(small: &[u8], big: &[u8], f: &dyn Fn(&[u8])) -> f64 {
    let k = big.len() as f64 / small.len() as f64;
    let times = k.round() as usize;
    let once = {
        let t = Instant::now();
        f(big);
        t.elapsed()
    };
    // Windows of about a millisecond.
    let reps = (Duration::from_millis(1).as_nanos() / once.as_nanos().max(1)).clamp(1, 64) as usize;
    let (mut ts, mut tb) = (Duration::MAX, Duration::MAX);
    for _ in 0..9 {
        let t = Instant::now();
        for _ in 0..reps * times {
            f(black_box(small));
        }
        ts = ts.min(t.elapsed());
        let t = Instant::now();
        for _ in 0..reps {
            f(black_box(big));
        }
        tb = tb.min(t.elapsed());
    }
    tb.as_secs_f64() / ts.as_secs_f64() * times as f64 / k
}

/// [`ratio`], measured up to three times until it is under [`MAX_RATIO`]: a busy machine
/// can spoil one measurement, but work that grows faster than the input fails all three.
fn best_ratio(small: &[u8], big: &[u8], f: &dyn Fn(&[u8])) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..3 {
        best = best.min(ratio(small, big, f));
        if best < MAX_RATIO {
            break;
        }
    }
    best
}

/// The bound on [`ratio`]: 16N may take at most 4 times as long per octet as N.
const MAX_RATIO: f64 = 4.0;

#[test]
fn the_time_check_catches_quadratic_work() {
    // Work that rescans the input from the start at every octet.
    let quadratic = |d: &[u8]| {
        let mut s = 0u64;
        for i in 0..d.len() {
            s += d[..i].iter().map(|&b| b as u64).sum::<u64>();
        }
        black_box(s);
    };
    let linear = |d: &[u8]| {
        black_box(d.iter().map(|&b| b as u64).sum::<u64>());
    };
    let (small, big) = (vec![1u8; 100], vec![1u8; 1600]);
    let q = ratio(&small, &big, &quadratic);
    assert!(q > MAX_RATIO, "quadratic work measured {q:.1}");
    let l = best_ratio(&small, &big, &linear);
    assert!(l < MAX_RATIO, "linear work measured {l:.1}");
}

/// A crafted worst case: its name, the input at N and at 16N, and whether they decode.
type Case = (&'static str, Vec<u8>, Vec<u8>, bool);

/// A face of the decoder, by name.
type Face<'a> = (&'a str, &'a dyn Fn(&[u8]));

/// The crafted worst cases.
fn cases() -> &'static [Case] {
    static CASES: OnceLock<Vec<Case>> = OnceLock::new();
    CASES.get_or_init(|| {
        vec![
            // Long SEQUENCE OFs of minimal elements (the frame's value stays under 16K).
            ("SPaT events", spat(1, 50, 16), spat(16, 50, 16), true),
            (
                "MAP lanes and nodes",
                map(3, 20, 1, 3),
                map(48, 20, 1, 3),
                true,
            ),
            (
                "TIM frames, regions and nodes",
                tim(1, 2, 20, 1, 3),
                tim(8, 4, 20, 1, 3),
                true,
            ),
            // Many extension additions.
            (
                "extensions",
                extensions(1000, 1),
                extensions(16_000, 1),
                true,
            ),
            // An unknown open type.
            ("unknown message", unknown(1000), unknown(16_000), true),
            // A length near the end that exceeds the input.
            ("cut short", cut_short(1000), cut_short(16_000), false),
        ]
    })
}

#[test]
fn decode_time_is_linear_in_the_input() {
    let faces: [Face<'_>; 3] = [
        ("owned", &|d| {
            owned(d);
        }),
        ("views", &|d| {
            black_box(views(d));
        }),
        ("skip", &|d| {
            black_box(skips(d));
        }),
    ];
    let mut report = Vec::new();
    for (case, small, big, valid) in cases() {
        let valid = *valid;
        let k = big.len() as f64 / small.len() as f64;
        assert!(
            (14.0..18.0).contains(&k),
            "{case}: sizes {} and {}",
            small.len(),
            big.len()
        );
        for d in [small, big] {
            assert_eq!(owned(d), valid, "{case}");
            assert_eq!(skips(d), valid, "{case}");
            assert_eq!(FrameView::new(d).is_ok(), valid, "{case}");
        }
        for (face, f) in faces {
            let r = best_ratio(small, big, f);
            report.push(format!("{case} / {face}: {r:.2}"));
            assert!(
                r < MAX_RATIO,
                "{case} / {face}: 16N takes {r:.1} times N per octet"
            );
        }
    }
    println!("{}", report.join("\n"));
}

#[test]
fn owned_decode_allocation_is_linear_in_the_input() {
    for (case, small, big, _) in cases() {
        let (_, a) = allocated_by(|| MessageFrame::from_uper(small));
        let (_, b) = allocated_by(|| MessageFrame::from_uper(big));
        let per_octet = |bytes: usize, d: &[u8]| bytes as f64 / d.len() as f64;
        let (a, b) = (per_octet(a, small), per_octet(b, big));
        assert!(a > 0.0, "{case}: nothing allocated");
        assert!(
            b < a * 1.5,
            "{case}: {b:.1} bytes per octet at 16N, {a:.1} at N"
        );
    }
}

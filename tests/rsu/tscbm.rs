//! The NTCIP 1202 SPaT blob (TSCBM) parser and the controller link monitor, on the public
//! test blobs in `tests/vectors/tscbm/` and on hostile input.

use std::path::PathBuf;

use cv2x::rsu::controller_link::{LinkConfig, LinkHealth, LinkMonitor, SeqEvent};
use cv2x::rsu::tscbm::{
    parse_text, Countdown, PedIndication, PhaseColor, TscbmBytes, TscbmError, TscbmView,
};

use crate::common;

/// The TSCBM blobs of the conformance vectors.
fn vectors_dir() -> PathBuf {
    common::vectors_dir().join("tscbm")
}

fn v2xhub_blob() -> Vec<u8> {
    std::fs::read(vectors_dir().join("v2xhub_spat_1721238398773.bin")).unwrap()
}

/// The seven lines of the CARMA Streets file, decoded.
fn carma_blobs() -> Vec<TscbmBytes> {
    let text =
        std::fs::read_to_string(vectors_dir().join("carma_streets_ntcip_spat_data.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_text(l).unwrap())
        .collect()
}

fn phases_with(view: &TscbmView<'_>, color: PhaseColor) -> Vec<u8> {
    (1..=16).filter(|&p| view.phase_color(p) == color).collect()
}

fn cd(min_tenths: u16, max_tenths: u16) -> Countdown {
    Countdown {
        min_tenths,
        max_tenths,
    }
}

/// Reads every getter, so that a hostile blob that parses is also read end to end.
fn exercise(view: &TscbmView<'_>) {
    let state = view.signal_state();
    for n in 0..=20u8 {
        let _ = (
            view.phase_color(n),
            view.overlap_color(n),
            view.ped_indication(n),
        );
        let _ = (
            view.is_phase_flashing(n),
            view.is_overlap_flashing(n),
            view.is_walk(n),
        );
        let _ = (
            view.is_ped_clear(n),
            view.is_dont_walk(n),
            view.block_for_phase(n),
        );
        let _ = (state.phase(n), state.overlap(n), state.ped(n));
    }
    for i in 0..20 {
        let _ = view.phase_block(i);
    }
    assert_eq!(view.phases().count(), 16);
    let _ = (view.millis_of_day(), view.ped_call(), view.ped_detect());
}

#[test]
fn every_vector_parses() {
    let mut blobs = 0;
    for entry in std::fs::read_dir(vectors_dir()).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("bin") => {
                let bytes = std::fs::read(&path).unwrap();
                exercise(&TscbmView::new(&bytes).unwrap());
                blobs += 1;
            }
            Some("txt") => {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    let blob = parse_text(line).unwrap_or_else(|e| panic!("{path:?}: {e}"));
                    exercise(&blob.view());
                    blobs += 1;
                }
            }
            _ => {}
        }
    }
    // One binary blob and seven hex lines.
    assert_eq!(blobs, 8);
}

/// `v2xhub_spat_1721238398773.bin`: 241 bytes, no pedestrian words. Decoded by hand:
/// blocks numbered 1..=16 in order; phases 2 and 6 green, every other phase red
/// (reds 0xFFDD, greens 0x0022); V2X Hub's own test of this file expects exactly that
/// (signal groups 2 and 6 protected-Movement-Allowed, the rest stop-And-Remain) and min end
/// times of now + 4.0 s for phases 1, 3, 4, 5, 7, 8 and now + 0 for 2 and 6, which are the
/// vehicle minimums below. Every used phase sends vehicle max 0xFFFF (unknown); V2X Hub
/// turned that into maxEndTime 21522 = (27987 + 65535) mod 36000, the TimeMark wrap defect.
#[test]
fn v2xhub_blob_values() {
    let bytes = v2xhub_blob();
    let v = TscbmView::new(&bytes).unwrap();
    assert_eq!(bytes.len(), 241);
    assert!(!v.has_ped_words());
    assert_eq!((v.ped_call(), v.ped_detect()), (None, None));

    let numbers: Vec<u8> = v.phases().map(|b| b.number).collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<u8>>());

    // (phase, vehicle min/max, ped min/max); overlaps are all zero.
    let expected = [
        (1, cd(40, 0xFFFF), cd(0, 0)),
        (2, cd(0, 0xFFFF), cd(0, 0xFFFF)),
        (3, cd(40, 0xFFFF), cd(0, 0)),
        // Phases 4 and 8 have ped min 40 and ped max 0xFFFF: reading ped max at the
        // ped-min offset (the known defect) would give 40.
        (4, cd(40, 0xFFFF), cd(40, 0xFFFF)),
        (5, cd(40, 0xFFFF), cd(0, 0)),
        (6, cd(0, 0xFFFF), cd(0, 0xFFFF)),
        (7, cd(40, 0xFFFF), cd(0, 0)),
        (8, cd(40, 0xFFFF), cd(40, 0xFFFF)),
    ];
    for (p, veh, ped) in expected {
        let b = v.block_for_phase(p).unwrap();
        assert_eq!(
            (b.vehicle(), b.ped(), b.overlap()),
            (veh, ped, cd(0, 0)),
            "phase {p}"
        );
    }
    for p in 9..=16 {
        let b = v.block_for_phase(p).unwrap();
        assert_eq!(
            (b.vehicle(), b.ped(), b.overlap()),
            (cd(0, 0), cd(0, 0), cd(0, 0))
        );
    }

    assert_eq!(v.phase_reds(), 0xFFDD);
    assert_eq!(v.phase_yellows(), 0);
    assert_eq!(v.phase_greens(), 0x0022);
    assert_eq!(phases_with(&v, PhaseColor::Green), [2, 6]);
    assert_eq!(
        phases_with(&v, PhaseColor::Red),
        [1, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    );
    // Every pedestrian phase don't walk; every overlap red; nothing flashing.
    assert_eq!(
        (v.phase_dont_walks(), v.phase_ped_clears(), v.phase_walks()),
        (0xFFFF, 0, 0)
    );
    assert!((1..=16).all(|p| v.ped_indication(p) == PedIndication::DontWalk));
    assert_eq!(
        (v.overlap_reds(), v.overlap_yellows(), v.overlap_greens()),
        (0xFFFF, 0, 0)
    );
    assert!((1..=16).all(|o| v.overlap_color(o) == PhaseColor::Red));
    assert_eq!((v.flashing_phases(), v.flashing_overlaps()), (0, 0));

    // Bytes 232..241: 00 00 08 04 | 01 20 21 | 00 00.
    assert_eq!(v.intersection_status(), 0);
    assert_eq!(v.timebase_action(), 0);
    assert_eq!(v.discontinuous_change(), 8);
    assert_eq!(v.sequence(), 4);
    assert_eq!(v.seconds_of_day(), 0x01_2021); // 73761 s = 20:29:21
    assert_eq!(v.milliseconds(), 0);

    let s = v.signal_state();
    assert_eq!(s.sequence, 4);
    assert_eq!(s.phase(2).unwrap().color, PhaseColor::Green);
    assert_eq!(s.phase(2).unwrap().countdown, Some(cd(0, 0xFFFF)));
    assert_eq!(s.phase(1).unwrap().color, PhaseColor::Red);
    assert_eq!(s.ped(4).unwrap().countdown, Some(cd(40, 0xFFFF)));
    assert_eq!(s.ped(4).unwrap().indication, PedIndication::DontWalk);
    assert!(!s.ped(4).unwrap().call);
    assert_eq!(s.overlap(1).unwrap().color, PhaseColor::Red);
}

/// `carma_streets_ntcip_spat_data.txt`: seven 245-byte blobs, decoded by hand. Only lines
/// 2..=5 are consecutive (counter 75..=78, 100 ms apart at 41327 s, countdowns dropping by
/// one); line 1 is an unrelated snapshot (counter 17), and lines 6 and 7 repeat line 5's
/// counter 78 with the flashing mask set for phases 4, 8 and then 2, 6. Only phases 2, 4, 6
/// and 8 are used; ped and overlap words are zero, pedestrian call/detect words present
/// and zero.
#[test]
fn carma_blob_values() {
    let blobs = carma_blobs();
    assert_eq!(blobs.len(), 7);
    for b in &blobs {
        let v = b.view();
        assert_eq!(v.as_bytes().len(), 245);
        assert_eq!((v.ped_call(), v.ped_detect()), (Some(0), Some(0)));
        assert_eq!((v.intersection_status(), v.timebase_action()), (0, 1));
        assert_eq!(v.phase_dont_walks(), 0x00AA); // 2, 4, 6, 8
        for p in [1, 3, 5, 7, 9, 10, 11, 12, 13, 14, 15, 16] {
            assert_eq!(v.phase_color(p), PhaseColor::Dark);
            assert_eq!(v.block_for_phase(p).unwrap().vehicle(), cd(0, 0));
        }
    }

    // Line 1: phases 2, 6 green (vehicle 0/50, ped 50/390: ped max differs from ped min),
    // 4, 8 red (vehicle 50/100, ped 50/100). Counter 17, 41244 s (11:27:24) + 500 ms.
    let v = blobs[0].view();
    assert_eq!(phases_with(&v, PhaseColor::Green), [2, 6]);
    assert_eq!(phases_with(&v, PhaseColor::Red), [4, 8]);
    for p in [2, 6] {
        let b = v.block_for_phase(p).unwrap();
        assert_eq!((b.vehicle(), b.ped()), (cd(0, 50), cd(50, 390)));
    }
    for p in [4, 8] {
        let b = v.block_for_phase(p).unwrap();
        assert_eq!((b.vehicle(), b.ped()), (cd(50, 100), cd(50, 100)));
    }
    assert_eq!((v.discontinuous_change(), v.sequence()), (17, 17));
    assert_eq!((v.seconds_of_day(), v.milliseconds()), (41244, 500));
    assert_eq!(v.millis_of_day(), 41_244_500);

    // Lines 2..=5: phases 2, 6 red with 8.9/20.9 s left, then 8.8/20.8, 8.7/20.7, 8.6/20.6
    // (ped the same); phases 4, 8 green with 3.9/15.9 s, ... 3.6/15.6 s (ped 0/0), yellow
    // in line 5. Counter 75..=78, 41327 s + 100..=400 ms.
    for (k, blob) in blobs[1..5].iter().enumerate() {
        let v = blob.view();
        let k16 = k as u16;
        assert_eq!(v.sequence(), 75 + k as u8);
        assert_eq!(v.discontinuous_change(), 16);
        assert_eq!(
            (v.seconds_of_day(), v.milliseconds()),
            (41327, 100 + 100 * k16)
        );
        assert_eq!(phases_with(&v, PhaseColor::Red), [2, 6]);
        let main = if k < 3 {
            PhaseColor::Green
        } else {
            PhaseColor::Yellow
        };
        assert_eq!(phases_with(&v, main), [4, 8]);
        for p in [2, 6] {
            let b = v.block_for_phase(p).unwrap();
            assert_eq!(b.vehicle(), cd(89 - k16, 209 - k16));
            assert_eq!(b.ped(), cd(89 - k16, 209 - k16));
        }
        for p in [4, 8] {
            let b = v.block_for_phase(p).unwrap();
            assert_eq!((b.vehicle(), b.ped()), (cd(39 - k16, 159 - k16), cd(0, 0)));
        }
        assert_eq!(v.flashing_phases(), 0);
    }

    // Lines 6 and 7: line 5 again (counter 78), with flashing yellow on 4, 8, then flashing
    // red on 2, 6.
    let (v5, v6, v7) = (blobs[4].view(), blobs[5].view(), blobs[6].view());
    assert_eq!((v6.sequence(), v7.sequence()), (78, 78));
    assert_eq!(v6.flashing_phases(), 0x0088);
    assert!(v6.is_phase_flashing(4) && v6.phase_color(4) == PhaseColor::Yellow);
    assert!(!v6.is_phase_flashing(2));
    assert_eq!(v7.flashing_phases(), 0x0022);
    assert!(v7.is_phase_flashing(6) && v7.phase_color(6) == PhaseColor::Red);
    let s7 = v7.signal_state();
    assert!(s7.phase(2).unwrap().flashing && !s7.phase(4).unwrap().flashing);
    // Everything but the flashing mask (bytes 228..230) is as in line 5.
    let same = |a: &[u8], b: &[u8]| a[..228] == b[..228] && a[230..] == b[230..];
    assert!(same(v5.as_bytes(), v6.as_bytes()) && same(v5.as_bytes(), v7.as_bytes()));
}

/// Every prefix, every extension and every single-byte change of the header and count is
/// an error or a value, never a panic; a single-byte change elsewhere is a value.
#[test]
fn truncation_and_corruption() {
    let long = carma_blobs()[2];
    for full in [v2xhub_blob(), long.as_bytes().to_vec()] {
        for len in 0..=full.len() {
            let r = TscbmView::new(&full[..len]);
            match len {
                241 | 245 => exercise(&r.unwrap()),
                _ => assert_eq!(r, Err(TscbmError::BadLength(len))),
            }
        }
        for extra in 1..300 {
            let mut grown = full.clone();
            grown.resize(full.len() + extra, 0xCD);
            let r = TscbmView::new(&grown);
            if grown.len() == 245 {
                exercise(&r.unwrap());
            } else {
                assert_eq!(r, Err(TscbmError::BadLength(grown.len())));
            }
        }
        for at in 0..full.len() {
            // Every value of the header and count bytes; a spread of values elsewhere
            // (every byte there is data, so it only needs to read without panicking).
            let all: Vec<u8> = (0..=255).collect();
            let some = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, !full[at]];
            let values: &[u8] = if at < 2 { &all } else { &some };
            for &value in values {
                let mut bad = full.clone();
                bad[at] = value;
                match (at, TscbmView::new(&bad)) {
                    (0, Err(e)) => assert_eq!(e, TscbmError::BadHeader(value)),
                    (1, Err(e)) => assert_eq!(e, TscbmError::BadPhaseCount(value)),
                    (0, Ok(v)) => assert!(value == 0xCD, "{v:?}"),
                    (1, Ok(_)) => assert_eq!(value, 16),
                    (_, Ok(v)) => exercise(&v),
                    (_, Err(e)) => panic!("byte {at} = {value}: {e}"),
                }
            }
        }
    }
    // Garbage of every length up to 600, in a few fills.
    for fill in [0x00, 0xCD, 0x10, 0xFF] {
        for len in 0..600 {
            let junk = vec![fill; len];
            if let Ok(v) = TscbmView::new(&junk) {
                exercise(&v);
            }
        }
    }
}

#[test]
fn text_form() {
    let bytes = v2xhub_blob();
    let lower = hex::encode(&bytes);
    let upper = lower.to_uppercase();

    // An IFM-style message with CRLF line ends, other keys, spaces around the key.
    let ifm = format!(
        "Version=0.7\r\nType=SPAT\r\nPSID=0x8002\r\n  Payload = {upper}  \r\nSignature=False\r\n"
    );
    assert_eq!(parse_text(&ifm).unwrap().as_bytes(), &bytes[..]);
    // Lower case, key in another case, 0x prefix, whitespace around and between bytes.
    assert_eq!(
        parse_text(&format!("payload={lower}")).unwrap().as_bytes(),
        &bytes[..]
    );
    assert_eq!(
        parse_text(&format!("PAYLOAD=0x{lower}\n"))
            .unwrap()
            .as_bytes(),
        &bytes[..]
    );
    let spaced: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let spaced = format!("Payload=\t{}\n", spaced.join(" "));
    assert_eq!(parse_text(&spaced).unwrap().as_bytes(), &bytes[..]);
    // Bare hex, with surrounding whitespace.
    assert_eq!(
        parse_text(&format!("\n  {upper}\n")).unwrap().as_bytes(),
        &bytes[..]
    );
    // The first Payload line wins.
    let two = format!("Payload={lower}\nPayload=00");
    assert_eq!(parse_text(&two).unwrap().as_bytes(), &bytes[..]);
    // 245 bytes.
    let carma = carma_blobs()[0];
    let text = format!("Payload={}", hex::encode(carma.as_bytes()));
    assert_eq!(parse_text(&text).unwrap(), carma);
    assert_eq!(TscbmBytes::from_slice(carma.as_bytes()).unwrap(), carma);

    // Errors.
    assert_eq!(parse_text(""), Err(TscbmError::NoPayload));
    assert_eq!(parse_text("  \n"), Err(TscbmError::NoPayload));
    assert_eq!(
        parse_text("Type=SPAT\nPSID=0x8002"),
        Err(TscbmError::NoPayload)
    );
    assert_eq!(parse_text("Payload="), Err(TscbmError::BadLength(0)));
    assert_eq!(
        parse_text(&format!("Payload={}", &lower[1..])),
        Err(TscbmError::OddHexDigits)
    );
    assert_eq!(
        parse_text(&format!("Payload={}zz", &lower[..10])),
        Err(TscbmError::InvalidHex(10))
    );
    assert_eq!(
        parse_text(&format!("Payload={}", &lower[..480])),
        Err(TscbmError::BadLength(240))
    );
    assert_eq!(
        parse_text(&format!("Payload={lower}{lower}")),
        Err(TscbmError::BadLength(482))
    );
    assert_eq!(
        parse_text(&format!("Payload=ce{}", &lower[2..])),
        Err(TscbmError::BadHeader(0xCE))
    );
    // A whole file of bare hex lines is one over-long blob, not the first line.
    let file =
        std::fs::read_to_string(vectors_dir().join("carma_streets_ntcip_spat_data.txt")).unwrap();
    assert_eq!(parse_text(&file), Err(TscbmError::BadLength(7 * 245)));
    // Any text: no panic.
    for s in [
        "=",
        "Payload",
        "Payload==",
        "Payload=0x",
        "\u{e9}=\u{e9}",
        "Payload=\u{e9}\u{e9}",
    ] {
        let _ = parse_text(s);
    }
}

fn with_sequence(base: &[u8], sequence: u8) -> Vec<u8> {
    let mut b = base.to_vec();
    b[235] = sequence;
    b
}

/// The link across the consecutive CARMA blobs, then a gap, a wrap 255 -> 0, a duplicate,
/// a late packet, a 300 ms silence, recovery, and a controller repeating one counter.
#[test]
fn link_health() {
    let carma = carma_blobs();
    let mut link = LinkMonitor::new(LinkConfig::default());
    assert_eq!(link.health(0), LinkHealth::NeverReceived);
    assert!(!link.is_healthy(0));

    // Lines 2..=5 at 10 Hz: counter 75..=78.
    let mut t = 10_000;
    for (k, blob) in carma[1..5].iter().enumerate() {
        let (_, event) = link.on_bytes(t, blob.as_bytes()).unwrap();
        assert_eq!(
            event,
            if k == 0 {
                SeqEvent::First
            } else {
                SeqEvent::InOrder
            }
        );
        assert!(link.is_healthy(t));
        t += 100;
    }
    // Line 6 repeats counter 78: a duplicate, which does not refresh the link.
    assert_eq!(
        link.on_bytes(t, carma[5].as_bytes()).unwrap().1,
        SeqEvent::Duplicate
    );
    assert_eq!(link.last_good_ms(), Some(t - 100));
    // Counter 80: one missed.
    let base = carma[4].as_bytes();
    assert_eq!(
        link.on_bytes(t + 50, &with_sequence(base, 80)).unwrap().1,
        SeqEvent::Gap { missed: 1 }
    );
    t += 150;
    // Up to 255 and across the wrap.
    for s in 81..=255u8 {
        assert_eq!(link.on_sequence(t, s), SeqEvent::InOrder);
        t += 100;
    }
    assert_eq!(
        link.on_bytes(t, &with_sequence(base, 0)).unwrap().1,
        SeqEvent::InOrder
    );
    t += 100;
    assert_eq!(link.on_sequence(t, 1), SeqEvent::InOrder);
    // A duplicate, a late packet across the wrap, and garbage.
    assert_eq!(link.on_sequence(t + 10, 1), SeqEvent::Duplicate);
    assert_eq!(
        link.on_sequence(t + 20, 254),
        SeqEvent::OutOfOrder { behind: 3 }
    );
    assert_eq!(link.last_sequence(), Some(1));
    assert!(link.on_bytes(t + 30, &base[..100]).is_err());
    assert_eq!(link.last_good_ms(), Some(t));

    // Silence: healthy up to 300 ms after the last fresh blob, stale after.
    assert!(link.is_healthy(t + 300));
    assert!(!link.is_healthy(t + 301));
    assert_eq!(link.health(t + 450), LinkHealth::Stale { silent_ms: 450 });
    // A duplicate of the last counter does not bring it back.
    assert_eq!(link.on_sequence(t + 450, 1), SeqEvent::Duplicate);
    assert!(!link.is_healthy(t + 450));
    // Recovery: the controller restarted, the counter begins anywhere.
    assert_eq!(
        link.on_sequence(t + 500, 200),
        SeqEvent::Recovered { silent_ms: 500 }
    );
    assert!(link.is_healthy(t + 500));
    assert_eq!(link.last_sequence(), Some(200));
    assert_eq!(link.on_sequence(t + 600, 201), SeqEvent::InOrder);

    let c = link.counters();
    // 4 CARMA blobs, the duplicate line, 80, 81..=255 (175), 0, 1, dup 1, 254, dup 1,
    // 200, 201.
    assert_eq!(c.received, 4 + 1 + 1 + 175 + 2 + 3 + 2);
    assert_eq!(c.in_order, 3 + 175 + 2 + 1);
    assert_eq!((c.gaps, c.missed), (1, 1));
    assert_eq!(c.duplicates, 3);
    assert_eq!(c.out_of_order, 1);
    assert_eq!(c.recoveries, 1);
    assert_eq!(c.invalid, 1);

    // A shorter timeout, configured.
    let mut fast = LinkMonitor::new(LinkConfig {
        timeout_ms: 150,
        ..LinkConfig::default()
    });
    fast.on_sequence(0, 9);
    assert!(fast.is_healthy(150) && !fast.is_healthy(151));
}

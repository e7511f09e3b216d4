//! A human-readable summary of a 2020 CSAE frame: what `v2x summary --profile csae-2020`
//! prints.
//!
//! - SPAT: per intersection and phase, the light, the seconds until it changes and until
//!   the next green ([`crate::csae::signal`]), counted from the message's own time
//!   (`moy` + `timeStamp` of the intersection, else of the SPAT, else the `now` given),
//!   and what is inconsistent in the timing;
//! - MAP: per node, its reference position and each link's lanes with their phases;
//! - BSM: vehicle, position, speed, heading; RSM: the participants; RSI: events and signs.
//!
//! ```
//! use cv2x::csae::summary::summarize;
//! use cv2x::csae::v2020::MessageFrame;
//! use cv2x::per::Decode;
//!
//! let hex = include_str!("../../tests/vectors/csae/spat/zyjohn_v2x_example_txt_L1.hex").trim();
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let text = summarize(&MessageFrame::from_uper(&bytes)?, 1_605_336_902_333);
//! assert!(text.contains("phase  41: red, changes in 46.0 s, green in 46.0 s"), "{text}");
//! # Ok::<(), cv2x::per::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::signal::{lane_phase, phase_status, time_reference, NodeName, TimeSource};
use super::v2020::*;

/// One or more lines (no trailing newline) describing `frame`; `now_utc_ms` is the
/// receiver's clock, used for the year of `moy` and when a SPAT carries no time of its own.
pub fn summarize(frame: &MessageFrame, now_utc_ms: u64) -> String {
    let mut s = String::new();
    let _ = match frame {
        MessageFrame::BsmFrame(b) => bsm(&mut s, b),
        MessageFrame::MapFrame(m) => map(&mut s, m),
        MessageFrame::RsmFrame(m) => rsm(&mut s, m),
        MessageFrame::SpatFrame(m) => spat(&mut s, m, now_utc_ms),
        MessageFrame::RsiFrame(m) => rsi(&mut s, m),
        MessageFrame::MsgFrameExt(e) => write!(
            s,
            "Day-2 message {}: {} octets, not decoded",
            e.message_id.0,
            e.value.0.len()
        ),
        MessageFrame::Unknown(u) => write!(
            s,
            "frame alternative {}: {} octets, not decoded",
            u.index,
            u.content.len()
        ),
    };
    s
}

fn deg(v: i32, unavailable: i32) -> String {
    if v == unavailable {
        "unavailable".into()
    } else {
        format!("{:.7}", f64::from(v) / 1e7)
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn bsm(s: &mut String, b: &BasicSafetyMessage) -> core::fmt::Result {
    write!(
        s,
        "BSM {} #{}: {}, {}, ",
        hex(&b.id.0),
        b.msg_cnt.0,
        deg(b.pos.lat.0, 900_000_001),
        deg(b.pos.long.0, 1_800_000_001),
    )?;
    match b.speed.0 {
        8191 => s.push_str("speed unavailable"),
        v => write!(s, "{:.2} m/s", f64::from(v) * 0.02)?,
    }
    match b.heading.0 {
        28_800 => s.push_str(", heading unavailable"),
        v => write!(s, ", heading {:.2}", f64::from(v) * 0.0125)?,
    }
    write!(s, ", {}", b.transmission.name())
}

fn spat(s: &mut String, m: &SPAT, now_utc_ms: u64) -> core::fmt::Result {
    write!(
        s,
        "SPAT #{}: {} intersection(s)",
        m.msg_cnt.0,
        m.intersections.0.len()
    )?;
    for i in &m.intersections.0 {
        let r = time_reference(m, i, now_utc_ms);
        let from = match r.source {
            TimeSource::Intersection => "the intersection's time",
            TimeSource::Message => "the message's time",
            TimeSource::Receiver => "the receiver's clock",
        };
        write!(
            s,
            "\n  intersection {} (times from {from}):",
            NodeName(i.intersection_id)
        )?;
        for p in &i.phases.0 {
            // At the message's own time: a summary describes the message.
            let st = phase_status(p, &r, r.utc_ms);
            write!(
                s,
                "\n    phase {:>3}: {}, changes in {}, green {}",
                p.id.0, st.light, st.seconds_to_change, st.to_green
            )?;
            if let Some((light, t)) = st.next {
                write!(s, ", then {light} at {t:.1} s")?;
            }
            for issue in &st.issues {
                write!(s, " [{issue}]")?;
            }
        }
    }
    Ok(())
}

fn map(s: &mut String, m: &MapData) -> core::fmt::Result {
    write!(s, "MAP #{}: {} node(s)", m.msg_cnt.0, m.nodes.0.len())?;
    for n in &m.nodes.0 {
        write!(
            s,
            "\n  node {} at {}, {}:",
            NodeName(n.id),
            deg(n.ref_pos.lat.0, 900_000_001),
            deg(n.ref_pos.long.0, 1_800_000_001)
        )?;
        for link in n.in_links.iter().flat_map(|l| l.0.iter()) {
            write!(
                s,
                "\n    link from {}: {} lane(s)",
                NodeName(link.upstream_node_id),
                link.lanes.0.len()
            )?;
            for lane in &link.lanes.0 {
                write!(s, "\n      lane {:>3}:", lane.lane_id.0)?;
                match lane_phase(link, lane, None) {
                    Ok(p) => write!(s, " phase {} toward {}", p.phase_id, NodeName(p.toward))?,
                    Err(e) => write!(s, " {e}")?,
                }
                let points = lane.points.as_ref().map_or(0, |p| p.0.len());
                write!(s, ", {points} point(s)")?;
            }
        }
    }
    Ok(())
}

fn rsm(s: &mut String, m: &RoadsideSafetyMessage) -> core::fmt::Result {
    write!(
        s,
        "RSM {} #{}: {} participant(s) near {}, {}",
        hex(&m.id.0),
        m.msg_cnt.0,
        m.participants.0.len(),
        deg(m.ref_pos.lat.0, 900_000_001),
        deg(m.ref_pos.long.0, 1_800_000_001)
    )?;
    for p in &m.participants.0 {
        write!(
            s,
            "\n  {} {} ({}): ",
            p.ptc_type.name(),
            p.ptc_id,
            p.source.name()
        )?;
        match p.speed.0 {
            8191 => s.push_str("speed unavailable"),
            v => write!(s, "{:.2} m/s", f64::from(v) * 0.02)?,
        }
    }
    Ok(())
}

fn rsi(s: &mut String, m: &RoadSideInformation) -> core::fmt::Result {
    write!(
        s,
        "RSI {} #{}: {} event(s), {} sign(s)",
        hex(&m.id.0),
        m.msg_cnt.0,
        m.rtes.as_ref().map_or(0, |l| l.0.len()),
        m.rtss.as_ref().map_or(0, |l| l.0.len())
    )?;
    for e in m.rtes.iter().flat_map(|l| l.0.iter()) {
        write!(
            s,
            "\n  event {}: type {} from {}",
            e.rte_id,
            e.event_type.0,
            e.event_source.name()
        )?;
    }
    for t in m.rtss.iter().flat_map(|l| l.0.iter()) {
        write!(s, "\n  sign {}: type {}", t.rts_id, t.sign_type.0)?;
    }
    Ok(())
}

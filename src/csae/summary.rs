//! A human-readable summary of a CSAE frame of any edition: what
//! `v2x summary --profile csae-2020` (or `csae-2019`, `csae-2017`, `csae`) prints.
//!
//! - SPAT: per intersection and phase, the light, the seconds until it changes and until
//!   the next green ([`crate::csae::signal`]), counted from the message's own time
//!   (`moy` + `timeStamp` of the intersection, else of the SPAT, else the `now` given),
//!   and what is inconsistent in the timing;
//! - MAP: per node, its reference position and each link's lanes with their phases;
//! - BSM: vehicle, position, speed, heading; RSM: the participants; RSI: events and signs
//!   (2017: the alert's type, text and place).
//!
//! 2017's SPAT is read with its own light numbers and end times ([`super::signal::model`]).
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
use alloc::vec::Vec;
use core::fmt::Write;

use super::shared::NodeReferenceID;
use super::signal::{
    phase_from, phase_status, time_reference, CsaeIntersection, CsaeLane, CsaeLink, CsaeMap,
    CsaeNode, CsaePhase, CsaeSpat, NodeName, TimeSource,
};
use super::{v2017, v2019, v2020, Frame};

/// One or more lines (no trailing newline) describing a 2020 `frame`; `now_utc_ms` is the
/// receiver's clock, used for the year of `moy` and when a SPAT carries no time of its own.
pub fn summarize(frame: &v2020::MessageFrame, now_utc_ms: u64) -> String {
    use v2020::MessageFrame as F;
    let mut s = String::new();
    let _ = match frame {
        F::BsmFrame(b) => ed2020::bsm(&mut s, b),
        F::MapFrame(m) => map(&mut s, m.msg_cnt.0, m),
        F::RsmFrame(m) => ed2020::rsm(&mut s, m),
        F::SpatFrame(m) => spat(&mut s, m.msg_cnt.0, m, now_utc_ms),
        F::RsiFrame(m) => rsi_2020(&mut s, m),
        F::MsgFrameExt(e) => day2(&mut s, e),
        F::Unknown(u) => unknown(&mut s, u.index, u.content.len()),
    };
    s
}

fn unknown(s: &mut String, index: impl core::fmt::Display, len: usize) -> core::fmt::Result {
    write!(s, "frame alternative {index}: {len} octets, not decoded")
}

/// A Day-2 message (T/CSAE 157-2020): its id and what it is, or its octets for an id the
/// edition does not know.
fn day2(s: &mut String, e: &v2020::MessageFrameExt) -> core::fmt::Result {
    use v2020::MessageFrameExtValue as V;
    let what = match &e.value {
        V::TestMsg(_) => "test message",
        V::RTCMcorrections(_) => "RTCM corrections",
        V::RoadsideCoordination(_) => "roadside coordination (RSC)",
        V::SensorSharingMsg(_) => "sensor sharing (SSM)",
        V::VehIntentionAndRequest(_) => "vehicle intention and request (VIR)",
        V::PAMData(_) => "parking area map (PAM)",
        V::PersonalSafetyMessage(_) => "personal safety message (PSM)",
        V::CLPMM(_) => "platooning management (CLPMM)",
        V::VehiclePaymentMessage(_) => "vehicle payment (VPM)",
        V::Unknown(o) => {
            return write!(
                s,
                "Day-2 message {}: {} octets, not decoded",
                e.message_id.0,
                o.0.len()
            )
        }
    };
    write!(s, "Day-2 message {}: {what}", e.message_id.0)
}

/// [`summarize`] for a frame of any edition.
pub fn summarize_frame(frame: &Frame, now_utc_ms: u64) -> String {
    use v2019::MessageFrame as F;
    match frame {
        Frame::V2020(f) => summarize(f, now_utc_ms),
        Frame::V2017(f) => {
            use v2017::MessageFrame as F17;
            let mut s = String::new();
            let _ = match f {
                F17::BsmFrame(b) => ed2017::bsm(&mut s, b),
                F17::MapFrame(m) => map(&mut s, m.msg_cnt.0, m),
                F17::RsmFrame(m) => ed2017::rsm(&mut s, m),
                F17::SpatFrame(m) => spat(&mut s, m.msg_cnt.0, m, now_utc_ms),
                F17::RsiFrame(m) => rsi_2017(&mut s, m),
                F17::Unknown(u) => unknown(&mut s, u.index, u.content.len()),
            };
            s
        }
        Frame::V2019(f) => {
            let mut s = String::new();
            let _ = match f {
                F::BsmFrame(b) => ed2019::bsm(&mut s, b),
                F::MapFrame(m) => map(&mut s, m.msg_cnt.0, m),
                F::RsmFrame(m) => ed2019::rsm(&mut s, m),
                F::SpatFrame(m) => spat(&mut s, m.msg_cnt.0, m, now_utc_ms),
                F::RsiFrame(m) => rsi_2019(&mut s, m),
                F::Unknown(u) => unknown(&mut s, u.index, u.content.len()),
            };
            s
        }
    }
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

fn spat<S: CsaeSpat>(s: &mut String, msg_cnt: u8, m: &S, now_utc_ms: u64) -> core::fmt::Result {
    write!(
        s,
        "SPAT #{msg_cnt}: {} intersection(s)",
        m.intersections().len()
    )?;
    for i in m.intersections() {
        let r = time_reference(m, i, now_utc_ms);
        let from = match r.source {
            TimeSource::Intersection => "the intersection's time",
            TimeSource::Message => "the message's time",
            TimeSource::Receiver => "the receiver's clock",
        };
        write!(
            s,
            "\n  intersection {} (times from {from}):",
            NodeName(i.id())
        )?;
        for p in i.phases() {
            // At the message's own time: a summary describes the message.
            let st = phase_status(p, &r, r.utc_ms);
            write!(
                s,
                "\n    phase {:>3}: {}, changes in {}, green {}",
                p.id(),
                st.light,
                st.seconds_to_change,
                st.to_green
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

fn map<M: CsaeMap>(s: &mut String, msg_cnt: u8, m: &M) -> core::fmt::Result {
    write!(s, "MAP #{msg_cnt}: {} node(s)", m.nodes().len())?;
    for n in m.nodes() {
        let pos = n.ref_pos();
        write!(
            s,
            "\n  node {} at {}, {}:",
            NodeName(n.id()),
            deg(pos.lat.0, 900_000_001),
            deg(pos.long.0, 1_800_000_001)
        )?;
        for link in n.links() {
            write!(
                s,
                "\n    link from {}: {} lane(s)",
                NodeName(link.upstream()),
                link.lanes().len()
            )?;
            for lane in link.lanes() {
                write!(
                    s,
                    "\n      lane {:>3} ({} points):",
                    lane.lane_id(),
                    lane.points().len()
                )?;
                // Each node the lane leads to (its connections', else the link's
                // movements') and the phase toward it.
                let (movements, connections) = (link.movements(), lane.connections());
                let all: Vec<NodeReferenceID> = if connections.is_empty() {
                    movements.iter().map(|m| m.remote_intersection).collect()
                } else {
                    connections.iter().map(|c| c.remote_intersection).collect()
                };
                let mut toward: Vec<NodeReferenceID> = Vec::new();
                for t in all {
                    if !toward.contains(&t) {
                        toward.push(t);
                    }
                }
                if toward.is_empty() {
                    s.push_str(" no movement");
                }
                for (k, t) in toward.iter().enumerate() {
                    let sep = if k == 0 { " " } else { ", " };
                    match phase_from(movements, connections, lane.lane_id(), Some(t)) {
                        Ok(p) => write!(s, "{sep}to {} phase {}", NodeName(*t), p.phase_id)?,
                        Err(_) => write!(s, "{sep}to {} no phase", NodeName(*t))?,
                    }
                }
            }
        }
    }
    Ok(())
}

/// A 2017 RSI: one alert (its type, text, priority and place).
fn rsi_2017(s: &mut String, m: &v2017::RoadSideInformation) -> core::fmt::Result {
    write!(
        s,
        "RSI {} #{}: alert {} type {} at {}, {}, radius {:.1} m, {} path point(s)",
        hex(&m.id.0),
        m.msg_cnt.0,
        m.rsi_id,
        m.alert_type.0,
        deg(m.ref_pos.lat.0, 900_000_001),
        deg(m.ref_pos.long.0, 1_800_000_001),
        f64::from(m.alert_radius.0) / 10.0,
        m.alert_path.0.len()
    )?;
    if let Some(d) = &m.description {
        write!(s, ": {d:?}")?;
    }
    Ok(())
}

/// The BSM and RSM summaries of an edition (the same field names in every edition, other
/// types).
macro_rules! edition_summaries {
    ($m:ident, $ed:ident) => {
        mod $m {
            use super::super::$ed::*;
            use super::*;

            pub(super) fn bsm(s: &mut String, b: &BasicSafetyMessage) -> core::fmt::Result {
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

            pub(super) fn rsm(s: &mut String, m: &RoadsideSafetyMessage) -> core::fmt::Result {
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
        }
    };
}

edition_summaries!(ed2017, v2017);
edition_summaries!(ed2019, v2019);
edition_summaries!(ed2020, v2020);

/// The RSI summary of the 2019 draft and 2020 (events and signs; the same field names,
/// other types).
macro_rules! rsi_summary {
    ($name:ident, $ed:ident) => {
        fn $name(s: &mut String, m: &super::$ed::RoadSideInformation) -> core::fmt::Result {
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
    };
}

rsi_summary!(rsi_2019, v2019);
rsi_summary!(rsi_2020, v2020);

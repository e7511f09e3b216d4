//! A human-readable summary of a frame: what `v2x summary` prints and what a receiver logs.
//!
//! - BSM: vehicle, position, speed, heading.
//! - SPaT: per intersection and signal group, the state and the seconds until it changes,
//!   counted from the SPaT's own time stamp (`moy` + `timeStamp`) when it has one, else from
//!   the `now` given.
//! - MAP: per intersection, the reference point and each lane with its approach, node count
//!   and connections (lane, signal group).
//! - SRM / SSM: the requests and their status.
//!
//! ```
//! use cv2x::j2735::{summary, MessageFrame};
//! use cv2x::per::Decode;
//!
//! let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let text = summary::summarize(&MessageFrame::from_uper(&bytes)?, 0);
//! assert_eq!(text, "BSM f03ad610 #25: 38.9557079, -77.1505975, 37.0 m, 0.00 m/s, heading 127.51, park");
//! # Ok::<(), cv2x::per::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use core::fmt::Write;

use super::signal::time::{moy_dsecond_to_utc, seconds_until};
use super::signal::{lane_points, Aspect};
use super::units;
use super::*;

/// One or more lines (no trailing newline) describing `frame`; `now_utc_ms` is the
/// receiver's clock, used when a SPaT carries no time stamp of its own.
pub fn summarize(frame: &MessageFrame, now_utc_ms: u64) -> String {
    let mut s = String::new();
    let _ = match &frame.message {
        Message::BasicSafetyMessage(b) => bsm(&mut s, b),
        Message::Spat(m) => spat(&mut s, m, now_utc_ms),
        Message::MapData(m) => map(&mut s, m),
        Message::SignalRequestMessage(m) => srm(&mut s, m),
        Message::SignalStatusMessage(m) => ssm(&mut s, m),
        Message::Unknown(u) => write!(
            s,
            "message {}: {} octets, not decoded",
            u.message_id,
            u.value.len()
        ),
    };
    s
}

fn opt<T: core::fmt::Display>(v: Option<T>, unit: &str) -> String {
    v.map_or_else(|| "unavailable".into(), |v| format!("{v}{unit}"))
}

fn bsm(s: &mut String, b: &BasicSafetyMessage) -> core::fmt::Result {
    let c = &b.core_data;
    let id: String = c.id.0.iter().map(|b| format!("{b:02x}")).collect();
    write!(
        s,
        "BSM {id} #{}: {}, {}, {}, {}, heading {}, {}",
        c.msg_cnt.0,
        opt(units::lat_deg(c.lat.0).map(|d| format!("{d:.7}")), ""),
        opt(units::long_deg(c.long.0).map(|d| format!("{d:.7}")), ""),
        opt(units::elev_m(c.elev.0).map(|m| format!("{m:.1}")), " m"),
        opt(
            units::speed_mps(c.speed.0).map(|v| format!("{v:.2}")),
            " m/s"
        ),
        opt(
            units::heading_deg(c.heading.0).map(|h| format!("{h:.2}")),
            ""
        ),
        c.transmission.name(),
    )?;
    if let Some(p) = &b.part_ii {
        write!(
            s,
            ", Part II {:?}",
            p.iter().map(|p| p.id()).collect::<alloc::vec::Vec<_>>()
        )?;
    }
    Ok(())
}

fn aspect(a: Aspect) -> &'static str {
    match a {
        Aspect::Unknown => "unknown",
        Aspect::Dark => "dark",
        Aspect::Red => "red",
        Aspect::FlashingRed => "flashing red",
        Aspect::RedYellow => "red+yellow",
        Aspect::Green => "green",
        Aspect::Yellow => "yellow",
        Aspect::FlashingYellow => "flashing yellow",
    }
}

fn spat(s: &mut String, m: &SPAT, now_utc_ms: u64) -> core::fmt::Result {
    write!(s, "SPaT: {} intersection(s)", m.intersections.0.len())?;
    for i in &m.intersections.0 {
        // Count from the SPaT's own time when it says what time it is.
        let now = moy_dsecond_to_utc(i.moy, i.time_stamp, now_utc_ms).unwrap_or(now_utc_ms);
        write!(
            s,
            "\n  intersection {} revision {}:",
            i.id.id.0, i.revision.0
        )?;
        for st in &i.states.0 {
            for (k, e) in st.state_time_speed.0.iter().enumerate() {
                let lead = if k == 0 {
                    format!("signal group {:>3}", st.signal_group.0)
                } else {
                    "             then".into()
                };
                write!(
                    s,
                    "\n    {lead}: {} ({})",
                    e.event_state.name(),
                    aspect(e.event_state.aspect())
                )?;
                if let Some(t) = &e.timing {
                    let secs =
                        |m: TimeMark| opt(seconds_until(m, now).map(|x| format!("{x:.1}")), " s");
                    write!(s, ", changes in {}", secs(t.min_end_time))?;
                    if let Some(l) = t.likely_time {
                        write!(s, " (likely {}", secs(l))?;
                        if let Some(x) = t.max_end_time {
                            write!(s, ", at most {}", secs(x))?;
                        }
                        s.push(')');
                    } else if let Some(x) = t.max_end_time {
                        write!(s, " (at most {})", secs(x))?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn map(s: &mut String, m: &MapData) -> core::fmt::Result {
    let list = m.intersections.as_ref().map_or(&[][..], |l| &l.0[..]);
    write!(
        s,
        "MAP revision {}: {} intersection(s)",
        m.msg_issue_revision.0,
        list.len()
    )?;
    for g in list {
        let p = &g.ref_point;
        write!(
            s,
            "\n  intersection {} revision {} at {}, {}: {} lanes",
            g.id.id.0,
            g.revision.0,
            opt(units::lat_deg(p.lat.0).map(|d| format!("{d:.7}")), ""),
            opt(units::long_deg(p.long.0).map(|d| format!("{d:.7}")), ""),
            g.lane_set.0.len()
        )?;
        for l in &g.lane_set.0 {
            let kind = match &l.lane_attributes.lane_type {
                LaneTypeAttributes::Vehicle(_) => "vehicle",
                LaneTypeAttributes::Crosswalk(_) => "crosswalk",
                LaneTypeAttributes::BikeLane(_) => "bike",
                LaneTypeAttributes::Sidewalk(_) => "sidewalk",
                LaneTypeAttributes::Median(_) => "median",
                LaneTypeAttributes::Striping(_) => "striping",
                LaneTypeAttributes::TrackedVehicle(_) => "tracked",
                LaneTypeAttributes::Parking(_) => "parking",
                LaneTypeAttributes::Unknown(_) => "unknown type",
            };
            write!(s, "\n    lane {:>3} {kind}", l.lane_id.0)?;
            if let Some(a) = l.ingress_approach {
                write!(s, ", in on approach {}", a.0)?;
            }
            if let Some(a) = l.egress_approach {
                write!(s, ", out on approach {}", a.0)?;
            }
            match lane_points(g, l) {
                Ok(n) => write!(s, ", {} nodes", n.len())?,
                Err(_) => s.push_str(", nodes not placed"),
            }
            for c in l.connects_to.iter().flat_map(|c| &c.0) {
                write!(s, ", -> lane {}", c.connecting_lane.lane.0)?;
                if let Some(g) = c.signal_group {
                    write!(s, " (signal group {})", g.0)?;
                }
            }
        }
    }
    Ok(())
}

fn access(a: &IntersectionAccessPoint) -> String {
    match a {
        IntersectionAccessPoint::Lane(l) => format!("lane {}", l.0),
        IntersectionAccessPoint::Approach(a) => format!("approach {}", a.0),
        IntersectionAccessPoint::Connection(c) => format!("connection {}", c.0),
        IntersectionAccessPoint::Unknown(_) => "an unknown access point".into(),
    }
}

fn srm(s: &mut String, m: &SignalRequestMessage) -> core::fmt::Result {
    let list = m.requests.as_ref().map_or(&[][..], |l| &l.0[..]);
    write!(s, "SRM: {} request(s)", list.len())?;
    for p in list {
        let r = &p.request;
        write!(
            s,
            "\n  request {} ({}) at intersection {}, in on {}",
            r.request_id.0,
            r.request_type.name(),
            r.id.id.0,
            access(&r.in_bound_lane)
        )?;
        if let Some(o) = &r.out_bound_lane {
            write!(s, ", out on {}", access(o))?;
        }
    }
    Ok(())
}

fn ssm(s: &mut String, m: &SignalStatusMessage) -> core::fmt::Result {
    write!(s, "SSM: {} intersection(s)", m.status.0.len())?;
    for st in &m.status.0 {
        write!(s, "\n  intersection {}:", st.id.id.0)?;
        for p in &st.sig_status.0 {
            write!(
                s,
                "\n    in on {}: {}",
                access(&p.inbound_on),
                p.status.name()
            )?;
            if let Some(r) = &p.requester {
                write!(s, " (request {})", r.request.0)?;
            }
        }
    }
    Ok(())
}

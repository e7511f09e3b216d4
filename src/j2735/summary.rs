//! A human-readable summary of a frame: what `v2x summary` prints and what a receiver logs.
//!
//! - BSM: vehicle, position, speed, heading.
//! - SPaT: per intersection and signal group, the state and the seconds until it changes,
//!   counted from the SPaT's own time stamp (`moy` + `timeStamp`) when it has one, else from
//!   the `now` given.
//! - MAP: per intersection, the reference point and each lane with its approach, node count
//!   and connections (lane, signal group).
//! - SRM / SSM: the requests and their status.
//! - TIM: per data frame, what it says (the ITIS codes and text of its content), where
//!   (each region: its name, anchor, shape and size) and when (its start, from `startYear`
//!   when given, else the year nearest to `now`, and its duration).
//! - PSM: who (the user type and temporary id), where, how fast and which way.
//! - RSM (J2735-2024): what (the event's cause and the content's kinds), who (the issuing
//!   authority's identifier and the event's id), when (its start and end, as sent: a date
//!   and time with its UTC offset) and where (each region's reference point and area).
//! - The other messages: their name and ID.
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
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::Write;

use super::signal::time::{
    minute_of_the_year_in, minute_of_the_year_to_utc, moy_dsecond_to_utc, seconds_until, Civil,
};
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
        Message::TravelerInformation(m) => tim(&mut s, m, now_utc_ms),
        Message::PersonalSafetyMessage(m) => psm(&mut s, m),
        Message::RoadSafetyMessage(m) => rsm(&mut s, m),
        Message::Unknown(u) => write!(
            s,
            "message {}: {} octets, not decoded",
            u.message_id,
            u.value.len()
        ),
        m => write!(
            s,
            "{}: decoded (`v2x decode` shows it)",
            m.label().unwrap_or("?")
        ),
    };
    s
}

fn opt<T: core::fmt::Display>(v: Option<T>, unit: &str) -> String {
    v.map_or_else(|| "unavailable".into(), |v| format!("{v}{unit}"))
}

/// `lat, long, elevation m, speed m/s, heading deg` of a position and motion in J2735 units.
fn where_how_fast(lat: i32, long: i32, elev: Option<i32>, speed: u16, heading: u16) -> String {
    format!(
        "{}, {}, {}, {}, heading {}",
        opt(units::lat_deg(lat).map(|d| format!("{d:.7}")), ""),
        opt(units::long_deg(long).map(|d| format!("{d:.7}")), ""),
        opt(
            elev.and_then(units::elev_m).map(|m| format!("{m:.1}")),
            " m"
        ),
        opt(units::speed_mps(speed).map(|v| format!("{v:.2}")), " m/s"),
        opt(units::heading_deg(heading).map(|h| format!("{h:.2}")), ""),
    )
}

fn bsm(s: &mut String, b: &BasicSafetyMessage) -> core::fmt::Result {
    let c = &b.core_data;
    let id: String = c.id.0.iter().map(|b| format!("{b:02x}")).collect();
    write!(
        s,
        "BSM {id} #{}: {}, {}",
        c.msg_cnt.0,
        where_how_fast(c.lat.0, c.long.0, Some(c.elev.0), c.speed.0, c.heading.0),
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

fn psm(s: &mut String, m: &PersonalSafetyMessage) -> core::fmt::Result {
    let id: String = m.id.0.iter().map(|b| format!("{b:02x}")).collect();
    let p = &m.position;
    write!(
        s,
        "PSM {} {id} #{}: {}",
        m.basic_type.name(),
        m.msg_cnt.0,
        where_how_fast(
            p.lat.0,
            p.long.0,
            p.elevation.map(|e| e.0),
            m.speed.0,
            m.heading.0
        ),
    )?;
    if let Some(n) = &m.path_history {
        write!(s, ", path of {} points", n.crumb_data.0.len())?;
    }
    Ok(())
}

/// A `DDateTime` as sent (its parts may each be absent: `?`), with its UTC offset if any.
fn ddatetime(d: &DDateTime) -> String {
    let part = |v: Option<u16>, w: usize| v.map_or_else(|| "?".into(), |v| format!("{v:0w$}"));
    let mut out = format!(
        "{}-{}-{} {}:{}",
        part(d.year.map(|v| v.0), 4),
        part(d.month.map(|v| v.0.into()), 2),
        part(d.day.map(|v| v.0.into()), 2),
        part(d.hour.map(|v| v.0.into()), 2),
        part(d.minute.map(|v| v.0.into()), 2)
    );
    if let Some(ms) = d.second {
        let _ = write!(out, ":{:06.3}", f64::from(ms.0) / 1000.0);
    }
    if let Some(o) = d.offset {
        let (sign, m) = if o.0 < 0 { ('-', -o.0) } else { ('+', o.0) };
        let _ = write!(out, " UTC{sign}{:02}:{:02}", m / 60, m % 60);
    }
    out
}

/// The road authority's identifier: its dotted arcs (a relative one after `~`).
fn road_authority(a: &RoadAuthorityID) -> String {
    match a {
        RoadAuthorityID::FullRdAuthID(o) => format!("{}", o.0),
        RoadAuthorityID::RelRdAuthID(o) => format!("~{}", o.0),
        RoadAuthorityID::Unknown(_) => "an authority of a later edition".into(),
    }
}

/// Where an RSM region is: its reference point, name and area.
fn rsm_region(r: &RegionInfo) -> String {
    let mut out = position(&r.reference_point);
    if let Some(n) = &r.descriptive_name {
        let _ = write!(out, " {:?}", n.0);
    }
    match &r.approach_region {
        Some(AreaType::BroadRegion(b)) => {
            let h = &b.applicable_heading;
            let _ = write!(out, ", heading {} +/- {} deg: ", h.heading.0, h.tolerance.0);
            out.push_str(&match &b.broad_area {
                BroadRegionArea::Polygon(p) => format!("polygon of {} points", p.0.len()),
                BroadRegionArea::Circle(c) => circle(c),
                BroadRegionArea::Unknown(_) => "an area of a later edition".into(),
            });
        }
        Some(AreaType::Paths(p)) => {
            let points: usize = p.0.iter().map(|p| p.path_points.0.len()).sum();
            let _ = write!(out, ", {} path(s) of {points} points", p.0.len());
        }
        Some(AreaType::Unknown(_)) => out.push_str(", an area of a later edition"),
        None => {}
    }
    out
}

/// What one RSM container says, in a few words.
fn rsm_content(c: &ContentContainer) -> String {
    match c {
        ContentContainer::RszContainer(z) => format!(
            "reduced speed zone: {} {:.2} m/s, at {}",
            z.speed_limit.r#type.name(),
            f64::from(z.speed_limit.speed.0) * 0.02,
            rsm_region(&z.rsz_region)
        ),
        ContentContainer::LaneClosureContainer(l) => {
            let lanes = l.lane_status.as_deref().unwrap_or_default();
            let closed: Vec<String> = lanes
                .iter()
                .filter(|x| x.lane_closed.0)
                .map(|x| x.lane_position.0.to_string())
                .collect();
            format!(
                "lane closure: lane(s) [{}] of {} closed, at {}",
                closed.join(", "),
                lanes.len(),
                rsm_region(&l.closure_region)
            )
        }
        ContentContainer::CurveContainer(k) => format!(
            "curve: advisory speed {}",
            if k.advisory_speed.0 >= 500 {
                "unavailable".into()
            } else {
                format!("{:.1} m/s", f64::from(k.advisory_speed.0) * 0.1)
            }
        ),
        ContentContainer::DynamicInfoContainer(d) => {
            let text: Vec<&str> = d.dms_sign_string.iter().map(|t| t.0.as_str()).collect();
            format!("sign ({}): {:?}", d.priority.name(), text.join(" / "))
        }
        ContentContainer::IncidentsContainer(i) => format!(
            "incident: {} responder type(s), at {}",
            i.responder_type.as_ref().map_or(0, Vec::len),
            rsm_region(&i.incident_location)
        ),
        ContentContainer::SituationalContainer(x) => format!(
            "situation{}{}, at {}",
            if x.obstructions.is_some() {
                ": obstruction"
            } else {
                ""
            },
            x.visibility
                .map_or_else(String::new, |v| format!(", visibility {}", v.0)),
            rsm_region(&x.applicable_region)
        ),
        ContentContainer::Unknown(_) => "content of a later edition".into(),
    }
}

fn rsm(s: &mut String, m: &RoadSafetyMessage) -> core::fmt::Result {
    let e = &m.common_container.event_info;
    let id: String = e
        .event_id
        .unique_id
        .0
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    write!(
        s,
        "RSM {} event {id} update {}{}: cause ITIS group {}",
        road_authority(&e.event_id.operator_id),
        e.event_update.0,
        if e.event_cancellation.0 {
            ", cancelled"
        } else {
            ""
        },
        e.cause_code.0
    )?;
    if let Some(c) = e.sub_cause_code {
        write!(s, " (ITIS {})", c.0)?;
    }
    write!(s, ", from {}", ddatetime(&e.start_date_time))?;
    if let Some(end) = &e.end_date_time {
        write!(s, " to {}", ddatetime(end))?;
    }
    if let Some(r) = &e.event_recurrence {
        write!(s, ", {} recurrence(s)", r.len())?;
    }
    for (i, r) in m.common_container.region_info.iter().enumerate() {
        write!(s, "\n  region {}: {}", i + 1, rsm_region(r))?;
    }
    for c in &m.content {
        write!(s, "\n  {}", rsm_content(c))?;
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

fn position(p: &Position3D) -> String {
    format!(
        "{}, {}",
        opt(units::lat_deg(p.lat.0).map(|d| format!("{d:.7}")), ""),
        opt(units::long_deg(p.long.0).map(|d| format!("{d:.7}")), "")
    )
}

/// `minute` of `year` (0: not given, the year nearest to `now`) as a UTC date and time.
fn start(year: Option<DYear>, minute: MinuteOfTheYear, now_utc_ms: u64) -> String {
    let at = match year {
        Some(y) if y.0 != 0 => minute_of_the_year_in(y.0 as u32, minute),
        _ => minute_of_the_year_to_utc(minute, now_utc_ms),
    };
    match at.map(Civil::from_utc_ms) {
        Some(c) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            c.year, c.month, c.day, c.hour, c.minute
        ),
        None => format!("minute {} (not a time)", minute.0),
    }
}

fn itis_items<'a>(items: impl Iterator<Item = (Option<u16>, Option<&'a str>)>) -> String {
    let mut out = String::new();
    for (i, (code, text)) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match (code, text) {
            (Some(c), _) => {
                let _ = write!(out, "ITIS {c}");
            }
            (None, Some(t)) => {
                let _ = write!(out, "{t:?}");
            }
            (None, None) => out.push('?'),
        }
    }
    out
}

/// What a data frame says: its content's kind and its ITIS codes and text, in order.
fn tim_content(c: &TravelerDataFrameContent) -> String {
    let phrases = |kind: &str, l: &ITISphraseList| {
        let items = l.0.iter().map(|e| match &e.item {
            ITISphraseItem::Itis(c) => (Some(c.0), None),
            ITISphraseItem::Text(t) => (None, Some(t.0.as_str())),
        });
        format!("{kind}: {}", itis_items(items))
    };
    match c {
        TravelerDataFrameContent::Advisory(l) => {
            let items = l.0.iter().map(|e| match &e.item {
                ITIStextItem::Itis(c) => (Some(c.0), None),
                ITIStextItem::Text(t) => (None, Some(t.0.as_str())),
            });
            format!("advisory: {}", itis_items(items))
        }
        TravelerDataFrameContent::WorkZone(l) => phrases("work zone", l),
        TravelerDataFrameContent::GenericSign(l) => phrases("generic sign", l),
        TravelerDataFrameContent::SpeedLimit(l) => phrases("speed limit", l),
        TravelerDataFrameContent::ExitService(l) => phrases("exit service", l),
    }
}

fn xy_nodes(l: &NodeListXY) -> String {
    match l {
        NodeListXY::Nodes(n) => format!("{} nodes (cm offsets)", n.0.len()),
        NodeListXY::Computed(c) => format!("computed from lane {}", c.reference_lane_id.0),
        NodeListXY::Unknown(_) => "nodes of a later edition".into(),
    }
}

fn circle(c: &Circle) -> String {
    format!(
        "circle of radius {} {} around {}",
        c.radius.0,
        c.units.name(),
        position(&c.center)
    )
}

/// Where a region is: its name, anchor, shape and size.
fn tim_region(s: &mut String, g: &GeographicalPath) -> core::fmt::Result {
    if let Some(n) = &g.name {
        write!(s, " {:?}", n.0)?;
    }
    if let Some(id) = &g.id {
        write!(s, " road segment {}", id.id.0)?;
    }
    if let Some(a) = &g.anchor {
        write!(s, " at {}", position(a))?;
    }
    s.push(':');
    match &g.description {
        Some(GeographicalPathDescription::Path(p)) => match &p.offset {
            OffsetSystemOffset::Xy(l) => write!(s, " path of {}", xy_nodes(l))?,
            OffsetSystemOffset::Ll(NodeListLL::Nodes(n)) => {
                write!(s, " path of {} nodes (0.1 microdegree offsets)", n.0.len())?
            }
            OffsetSystemOffset::Ll(NodeListLL::Unknown(_)) => {
                s.push_str(" path of nodes of a later edition")
            }
        },
        Some(GeographicalPathDescription::Geometry(g)) => write!(s, " {}", circle(&g.circle))?,
        Some(GeographicalPathDescription::OldRegion(r)) => match &r.area {
            ValidRegionArea::ShapePointSet(p) => write!(s, " shape of {}", xy_nodes(&p.node_list))?,
            ValidRegionArea::Circle(c) => write!(s, " {}", circle(c))?,
            ValidRegionArea::RegionPointSet(p) => {
                write!(s, " region of {} points", p.node_list.0.len())?
            }
        },
        Some(GeographicalPathDescription::Unknown(_)) => s.push_str(" a shape of a later edition"),
        None => s.push_str(" no shape given"),
    }
    if let Some(w) = g.lane_width {
        write!(s, ", lane width {:.2} m", f64::from(w.0) / 100.0)?;
    }
    if let Some(d) = g.directionality {
        write!(s, ", {}", d.name())?;
    }
    if g.closed_path == Some(true) {
        s.push_str(", closed");
    }
    Ok(())
}

fn tim(s: &mut String, m: &TravelerInformation, now_utc_ms: u64) -> core::fmt::Result {
    write!(s, "TIM #{}", m.msg_cnt.0)?;
    if let Some(p) = &m.packet_id {
        let id: String = p.0.iter().map(|b| format!("{b:02x}")).collect();
        write!(s, " packet {id}")?;
    }
    write!(s, ": {} data frame(s)", m.data_frames.0.len())?;
    for (k, f) in m.data_frames.0.iter().enumerate() {
        write!(
            s,
            "\n  frame {} {}, priority {}",
            k + 1,
            f.frame_type.name(),
            f.priority.0
        )?;
        match &f.msg_id {
            TravelerDataFrameMsgId::RoadSignID(r) => {
                write!(s, ", sign at {}", position(&r.position))?;
                if let Some(c) = r.mutcd_code {
                    write!(s, " ({})", c.name())?;
                }
            }
            TravelerDataFrameMsgId::FurtherInfoID(i) => {
                write!(s, ", further info {:02x}{:02x}", i.0[0], i.0[1])?
            }
        }
        write!(s, "\n    what: {}", tim_content(&f.content))?;
        if let Some(u) = &f.url {
            write!(s, " (url {:?})", u.0)?;
        }
        let until = match f.duration_time.0 {
            32000.. => "until further notice".into(),
            d => format!("for {d} min"),
        };
        write!(
            s,
            "\n    when: from {} {until}",
            start(f.start_year, f.start_time, now_utc_ms)
        )?;
        for (j, g) in f.regions.iter().enumerate() {
            write!(s, "\n    where: region {}", j + 1)?;
            tim_region(s, g)?;
        }
    }
    Ok(())
}

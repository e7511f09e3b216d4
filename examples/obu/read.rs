//! A received frame, of either dialect and any CSAE edition, read into what the display
//! shows ([`Update`]s): no dialect's types past this module.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use cv2x::csae::signal::{
    phase_status, time_reference, CsaeIntersection, CsaeLink, CsaeMap, CsaeNode, CsaePhase,
    CsaeSpat, Light,
};

use cv2x::csae::{v2017, v2019, v2020, Frame};
use cv2x::j2735::signal::geometry::{LatLon, LocalFrame};
use cv2x::j2735::signal::time::seconds_until;
use cv2x::j2735::{Message, MessageFrame};
use cv2x::per::Decode;
use cv2x::text::{LineError, Profile};

/// What a frame was, for the counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Spat,
    Map,
    Bsm,
    Rsi,
    Rsm,
    Other,
}

/// One phase (CSAE) or signal group (J2735) as received.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseNow {
    pub id: u16,
    pub light: Light,
    /// Seconds to the change, at reception.
    pub secs: Option<f64>,
}

/// An RSI event or sign.
#[derive(Clone, Debug, PartialEq)]
pub struct RsiItem {
    /// `"event"`, `"sign"` or (2017) `"alert"`.
    pub what: &'static str,
    pub id: u8,
    /// The event type (GB/T 29100), sign type (GB 5768.2) or 2017 alert type.
    pub code: u16,
    /// Where: a position, or the RSI's reference position.
    pub at: String,
    /// The priority, 0 (lowest) ..= 7.
    pub priority: Option<u8>,
    pub text: Option<String>,
}

/// An RSM participant.
#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub id: u16,
    pub kind: &'static str,
    pub source: &'static str,
    /// Its position (the offset added to the RSM's reference) and metres east, north of it.
    pub at: Option<(LatLon, f64, f64)>,
    pub speed: Option<f64>,
    pub heading: Option<f64>,
}

/// What the display learns from a frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// One intersection's phases.
    Signal { node: String, phases: Vec<PhaseNow> },
    /// One MAP node (J2735: intersection): `content` changes when its content does.
    Map {
        node: String,
        /// `"msgCnt"` (CSAE) or `"revision"` (J2735), and its value.
        count: (&'static str, u8),
        /// CSAE: links into the node; J2735 has none.
        links: Option<usize>,
        lanes: usize,
        content: u64,
    },
    /// One RSU's RSI: its items now.
    Rsi { rsu: String, items: Vec<RsiItem> },
    /// One RSU's RSM: its participants now.
    Rsm {
        rsu: String,
        participants: Vec<Participant>,
    },
    Bsm {
        id: String,
        at: Option<LatLon>,
        speed: Option<f64>,
    },
}

/// A frame read: its kind, the edition it was read under (CSAE) and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    pub kind: Kind,
    pub edition: Option<&'static str>,
    pub updates: Vec<Update>,
}

/// Why a frame gives nothing to show.
#[derive(Clone, Debug, PartialEq)]
pub enum Unread {
    /// Not a frame of the profile.
    Undecodable(String),
    /// Refused: several CSAE editions read it differently (`--profile csae`), or a
    /// signature check failed.
    Refused(String),
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(v: &impl std::fmt::Debug) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{v:?}").hash(&mut h);
    h.finish()
}

fn speed(raw: u16) -> Option<f64> {
    (raw != 8191).then(|| f64::from(raw) * 0.02)
}

fn heading(raw: u16) -> Option<f64> {
    (raw != 28_800).then(|| f64::from(raw) * 0.0125)
}

fn lat_lon(lat: i32, lon: i32) -> Option<LatLon> {
    LatLon::from_j2735(lat, lon)
}

fn show(p: Option<LatLon>) -> String {
    p.map_or("position unavailable".into(), |p| {
        format!("{:.7},{:.7}", p.lat_deg, p.lon_deg)
    })
}

/// `p`'s offset (1e-7 degrees) added to `reference`; its position and metres east, north.
fn offset(
    reference: &v2020::Position3D,
    p: &v2020::PositionOffsetLLV,
) -> Option<(LatLon, f64, f64)> {
    use v2020::PositionOffsetLL as O;
    let (lat, lon) = (i64::from(reference.lat.0), i64::from(reference.long.0));
    let (lat, lon) = match &p.offset_ll {
        O::PositionLL1(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLL2(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLL3(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLL4(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLL5(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLL6(o) => (lat + i64::from(o.lat.0), lon + i64::from(o.lon.0)),
        O::PositionLatLon(o) => (i64::from(o.lat.0), i64::from(o.lon.0)),
    };
    let at = lat_lon(lat.try_into().ok()?, lon.try_into().ok()?)?;
    let origin = lat_lon(reference.lat.0, reference.long.0)?;
    let (east, north) = LocalFrame::new(origin).to_east_north(at);
    Some((at, east, north))
}

fn node_name(n: &v2020::NodeReferenceID) -> String {
    cv2x::csae::signal::NodeName(*n).to_string()
}

/// Reads one frame (the octets inside the framing) under `profile`. A J2735 frame is
/// decoded into `last` (its lists reused: a steady stream decodes without allocating).
pub fn read(
    profile: Profile,
    frame: &[u8],
    last: &mut Option<MessageFrame>,
    now_ms: u64,
) -> Result<Read, Unread> {
    if profile == Profile::J2735 {
        let decoded = match last {
            Some(f) => f.decode_uper_into(frame),
            None => MessageFrame::from_uper(frame).map(|f| *last = Some(f)),
        };
        decoded.map_err(|e| Unread::Undecodable(e.to_string()))?;
        let Some(f) = last else {
            return Err(Unread::Undecodable("no frame".into()));
        };
        return Ok(read_j2735(f, now_ms));
    }
    match profile.decode(frame) {
        Ok(f) => match f.csae() {
            Some(f) => Ok(read_csae(f, now_ms)),
            None => Err(Unread::Undecodable("not a CSAE frame".into())),
        },
        Err(LineError::Rank(e @ cv2x::csae::rank::RankError::Ambiguous(_))) => {
            Err(Unread::Refused(e.to_string()))
        }
        Err(e) => Err(Unread::Undecodable(e.to_string())),
    }
}

fn read_j2735(f: &MessageFrame, now_ms: u64) -> Read {
    let (kind, updates) = match &f.message {
        Message::Spat(s) => {
            let updates = s
                .intersections
                .0
                .iter()
                .map(|ix| Update::Signal {
                    node: ix.id.id.0.to_string(),
                    phases: ix
                        .states
                        .0
                        .iter()
                        .filter_map(|m| {
                            let e = m.state_time_speed.0.first()?;
                            Some(PhaseNow {
                                id: u16::from(m.signal_group.0),
                                light: e.event_state.into(),
                                secs: e.timing.and_then(|t| seconds_until(t.min_end_time, now_ms)),
                            })
                        })
                        .collect(),
                })
                .collect();
            (Kind::Spat, updates)
        }
        Message::MapData(m) => {
            let updates = m
                .intersections
                .iter()
                .flat_map(|l| l.0.iter())
                .map(|ix| Update::Map {
                    node: ix.id.id.0.to_string(),
                    count: ("revision", ix.revision.0),
                    links: None,
                    lanes: ix.lane_set.0.len(),
                    content: u64::from(ix.revision.0),
                })
                .collect();
            (Kind::Map, updates)
        }
        Message::BasicSafetyMessage(b) => {
            let c = &b.core_data;
            let update = Update::Bsm {
                id: hex(&c.id.0),
                at: lat_lon(c.lat.0, c.long.0),
                speed: speed(c.speed.0),
            };
            (Kind::Bsm, vec![update])
        }
        _ => (Kind::Other, Vec::new()),
    };
    Read {
        kind,
        edition: None,
        updates,
    }
}

/// The messages whose types differ between editions but whose field names agree.
macro_rules! edition {
    ($m:ident, $ed:ident) => {
        mod $m {
            use super::*;
            use $ed::{BasicSafetyMessage, RoadsideSafetyMessage};

            pub(super) fn bsm(b: &BasicSafetyMessage) -> Update {
                Update::Bsm {
                    id: hex(&b.id.0),
                    at: lat_lon(b.pos.lat.0, b.pos.long.0),
                    speed: speed(b.speed.0),
                }
            }

            pub(super) fn rsm(m: &RoadsideSafetyMessage) -> Update {
                Update::Rsm {
                    rsu: hex(&m.id.0),
                    participants: m
                        .participants
                        .0
                        .iter()
                        .map(|p| Participant {
                            id: p.ptc_id,
                            kind: p.ptc_type.name(),
                            source: p.source.name(),
                            at: offset(&m.ref_pos, &p.pos),
                            speed: speed(p.speed.0),
                            heading: heading(p.heading.0),
                        })
                        .collect(),
                }
            }
        }
    };
}

edition!(ed2017, v2017);
edition!(ed2019, v2019);
edition!(ed2020, v2020);

/// 2019-draft and 2020 RSI: events and signs.
macro_rules! rsi {
    ($name:ident, $ed:ident) => {
        fn $name(m: &$ed::RoadSideInformation) -> Update {
            let at = |p: &Option<v2020::PositionOffsetLLV>| match p {
                Some(p) => show(offset(&m.ref_pos, p).map(|(p, ..)| p)),
                None => format!("near {}", show(lat_lon(m.ref_pos.lat.0, m.ref_pos.long.0))),
            };
            let text = |d: &Option<v2020::Description>| {
                d.as_ref().map(|d| match d {
                    v2020::Description::TextString(s) => s.clone(),
                    v2020::Description::TextGB2312(o) => format!("(GB2312, {} octets)", o.0.len()),
                })
            };
            let mut items = Vec::new();
            for e in m.rtes.iter().flat_map(|l| l.0.iter()) {
                items.push(RsiItem {
                    what: "event",
                    id: e.rte_id,
                    code: e.event_type.0,
                    at: at(&e.event_pos),
                    priority: e.priority.map(|p| p.0[0] >> 5),
                    text: text(&e.description),
                });
            }
            for s in m.rtss.iter().flat_map(|l| l.0.iter()) {
                items.push(RsiItem {
                    what: "sign",
                    id: s.rts_id,
                    code: s.sign_type.0,
                    at: at(&s.sign_pos),
                    priority: s.priority.map(|p| p.0[0] >> 5),
                    text: text(&s.description),
                });
            }
            Update::Rsi {
                rsu: hex(&m.id.0),
                items,
            }
        }
    };
}

rsi!(rsi2019, v2019);
rsi!(rsi2020, v2020);

/// 2017 RSI: one alert along a path.
fn rsi2017(m: &v2017::RoadSideInformation) -> Update {
    Update::Rsi {
        rsu: hex(&m.id.0),
        items: vec![RsiItem {
            what: "alert",
            id: m.rsi_id,
            code: m.alert_type.0,
            at: format!(
                "{}, radius {:.1} m",
                show(lat_lon(m.ref_pos.lat.0, m.ref_pos.long.0)),
                f64::from(m.alert_radius.0) * 0.1
            ),
            priority: m.priority.map(|p| p.0[0] >> 5),
            text: m.description.clone(),
        }],
    }
}

/// A MAP of any edition: per node, its links and lanes.
fn map<M: CsaeMap>(m: &M, msg_cnt: u8) -> Vec<Update>
where
    M::Node: std::fmt::Debug,
{
    m.nodes()
        .iter()
        .map(|n| Update::Map {
            node: node_name(&n.id()),
            count: ("msgCnt", msg_cnt),
            links: Some(n.links().len()),
            lanes: n.links().iter().map(|l| l.lanes().len()).sum(),
            content: hash(n),
        })
        .collect()
}

/// A SPAT of any edition: each phase at `now_ms`, its timing read from the message's time
/// under its edition's rules (2017's light numbers and durations included).
fn spat<S: CsaeSpat>(s: &S, now_ms: u64) -> Vec<Update> {
    s.intersections()
        .iter()
        .map(|ix| {
            let r = time_reference(s, ix, now_ms);
            Update::Signal {
                node: node_name(&ix.id()),
                phases: ix
                    .phases()
                    .iter()
                    .map(|p| {
                        let st = phase_status(p, &r, now_ms);
                        PhaseNow {
                            id: u16::from(p.id()),
                            light: st.light,
                            secs: st.seconds_to_change.seconds(),
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}

fn read_csae(f: &Frame, now_ms: u64) -> Read {
    let (kind, updates) = match f {
        Frame::V2020(f) => {
            use v2020::MessageFrame as F;
            match f {
                F::BsmFrame(b) => (Kind::Bsm, vec![ed2020::bsm(b)]),
                F::MapFrame(m) => (Kind::Map, map(m, m.msg_cnt.0)),
                F::RsmFrame(m) => (Kind::Rsm, vec![ed2020::rsm(m)]),
                F::SpatFrame(s) => (Kind::Spat, spat(s, now_ms)),
                F::RsiFrame(m) => (Kind::Rsi, vec![rsi2020(m)]),
                _ => (Kind::Other, Vec::new()),
            }
        }
        Frame::V2019(f) => {
            use v2019::MessageFrame as F;
            match f {
                F::BsmFrame(b) => (Kind::Bsm, vec![ed2019::bsm(b)]),
                F::MapFrame(m) => (Kind::Map, map(m, m.msg_cnt.0)),
                F::RsmFrame(m) => (Kind::Rsm, vec![ed2019::rsm(m)]),
                F::SpatFrame(s) => (Kind::Spat, spat(s, now_ms)),
                F::RsiFrame(m) => (Kind::Rsi, vec![rsi2019(m)]),
                _ => (Kind::Other, Vec::new()),
            }
        }
        Frame::V2017(f) => {
            use v2017::MessageFrame as F;
            match f {
                F::BsmFrame(b) => (Kind::Bsm, vec![ed2017::bsm(b)]),
                F::MapFrame(m) => (Kind::Map, map(m, m.msg_cnt.0)),
                F::RsmFrame(m) => (Kind::Rsm, vec![ed2017::rsm(m)]),
                F::SpatFrame(s) => (Kind::Spat, spat(s, now_ms)),
                F::RsiFrame(m) => (Kind::Rsi, vec![rsi2017(m)]),
                _ => (Kind::Other, Vec::new()),
            }
        }
    };
    Read {
        kind,
        edition: Some(f.edition().name()),
        updates,
    }
}

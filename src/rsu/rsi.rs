//! RSI from the RSU's board of road events and signs: the T/CSAE 53-2020
//! `RoadSideInformation` an RSU broadcasts about road works, accidents, weather, and the
//! traffic signs along its roads. Sans-IO: the caller adds and removes items (JSON lines at
//! run time, or [`RsiItem`] values read from its configuration) with its clock, and asks
//! for the message to send (RSI is usually sent at 1 to 10 Hz).
//!
//! An item is one event or one sign; one JSON object per line, or one TOML table (the same
//! fields: the RSU example reads `[[rsi.item]]` tables straight into [`RsiItem`]):
//!
//! ```text
//! {"kind": "event", "id": 1, "type": 401, "source": "detection", "lat": 30.2745,
//!  "lon": 120.1552, "radius": 50.0, "priority": 5, "description": "road works",
//!  "start": 1700002700000, "end": 1700006400000,
//!  "path": [[30.2750, 120.1552], [30.2745, 120.1552]]}
//! {"remove": {"kind": "event", "id": 1}}
//! ```
//!
//! - `kind`: `event` (an `RTEData`) or `sign` (an `RTSData`);
//! - `id`: the RSU's own number for it, 0..=255 (`rteId` / `rtsId`); an item of the same
//!   kind and id replaces the one held;
//! - `type`: the event type (GB/T 29100 code, `eventType`) or sign type (GB 5768.2 code,
//!   `signType`), 0..=65535;
//! - `source` (events only; `unknown` when absent): `unknown`, `police`, `government`,
//!   `meteorological`, `internet` or `detection` (`eventSource`);
//! - `lat`, `lon`: where it is, degrees (sent as an offset from the RSU's reference);
//! - `radius` (optional): metres, 0..=6553.5: an event's `eventRadius`, and the
//!   `pathRadius` of the item's path (so required with a `path`; a sign without a path
//!   takes none);
//! - `priority` (optional): 0 (lowest) ..= 7 (highest), `RSIPriority`'s top three bits;
//! - `description` (optional): 1..=512 ASCII characters (`textString`);
//! - `start`, `end` (optional): UTC ms since the Unix epoch, `end` after `start`; sent as
//!   minutes of the year (`timeDetails`, so an end in the next year reads as an early
//!   minute, as the standard has it). An item is sent from `start` (absent: at once)
//!   until `end` (absent: until removed), `end` exclusive;
//! - `path` (optional): 2..=32 points `[lat, lon]`, upstream to downstream: one reference
//!   path (`referencePaths`).
//!
//! [`RsiBoard::build`] makes one RSI of every item whose time has come, with `msgCnt`
//! counting messages (0..=127, wrapping) and `moy` the clock's minute of the year. An RSI
//! holds at most 8 events and 16 signs: beyond them the board **caps**, sending the highest
//! priorities (absent counts as 0; equal ones by id) and counting the rest in
//! [`RsiCounters::capped`]; it does not split into several messages, whose receivers could
//! not tell which one is current. An item that is malformed (not JSON, an unknown field, a
//! field missing, of the wrong type or out of range, a line longer than
//! [`MAX_LINE_BYTES`]), already over (`end` not after the clock), or new when
//! [`RsiConfig::max_items`] are held is refused and counted, never sent.
//!
//! ```
//! use cv2x::rsu::rsi::{RsiBoard, RsiConfig};
//!
//! let mut board = RsiBoard::new(RsiConfig::new(*b"rsu-0042", 30.2741, 120.1551));
//! let now = 1_700_002_791_000;
//! let line = br#"{"kind":"event","id":1,"type":401,"source":"detection","lat":30.2745,"lon":120.1552,"radius":50,"priority":5,"description":"road works","end":1700006400000}"#;
//! board.on_line(now, line)?;
//! board.on_line(now, br#"{"kind":"sign","id":7,"type":38,"lat":30.2740,"lon":120.1550}"#)?;
//! assert!(board.on_line(now, b"{not json").is_err());
//! let rsi = board.build(now).expect("two items to send");
//! assert_eq!(rsi.rtes.as_ref().map(|l| l.0.len()), Some(1));
//! assert_eq!(rsi.rtss.as_ref().map(|l| l.0[0].sign_type.0), Some(38));
//! board.on_line(now, br#"{"remove":{"kind":"sign","id":7}}"#)?;
//! assert_eq!(board.active(), 1);
//! // The event ends at 1700006400000: from then on nothing is sent.
//! assert!(board.build(1_700_006_400_000).is_none());
//! let c = board.counters();
//! assert_eq!((c.accepted, c.malformed, c.removed, c.expired, c.messages), (2, 1, 1, 1, 1));
//! # Ok::<(), cv2x::rsu::rsi::RsiError>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cmp::Reverse;
use core::fmt;

use crate::csae::v2020::{EventSource, EventSpec, RoadSideInformation, RsiBuilder, SignSpec};
use crate::j2735::signal::time::utc_to_minute_of_the_year;

/// The RSI's limit of events per message (`RTEList`, SIZE(1..8)).
pub const MAX_EVENTS_PER_MESSAGE: usize = 8;
/// The RSI's limit of signs per message (`RTSList`, SIZE(1..16)).
pub const MAX_SIGNS_PER_MESSAGE: usize = 16;
/// The longest description, characters (`IA5String (SIZE(1..512))`).
pub const MAX_DESCRIPTION: usize = 512;
/// The most points of a path (`PathPointList`, SIZE(2..32)).
pub const MAX_PATH_POINTS: usize = 32;
/// The longest line [`RsiBoard::on_line`] parses, bytes (a full item takes about 2 KiB).
pub const MAX_LINE_BYTES: usize = 8 * 1024;

/// How the board makes its messages. Start from [`RsiConfig::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct RsiConfig {
    /// The RSU's id (the RSI's `id`).
    pub rsu_id: [u8; 8],
    /// The reference position, degrees: the RSI's `refPos`, origin of the offsets.
    pub ref_lat: f64,
    /// See `ref_lat`.
    pub ref_lon: f64,
    /// The most items (events and signs together) held at once. 32.
    pub max_items: usize,
}

impl RsiConfig {
    /// RSU `rsu_id` at `ref_lat`, `ref_lon` degrees, holding at most 32 items.
    pub fn new(rsu_id: [u8; 8], ref_lat: f64, ref_lon: f64) -> Self {
        RsiConfig {
            rsu_id,
            ref_lat,
            ref_lon,
            max_items: 32,
        }
    }
}

/// An event or a sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum RsiKind {
    /// A road traffic event (`RTEData`).
    Event,
    /// A road traffic sign (`RTSData`).
    Sign,
}

impl fmt::Display for RsiKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RsiKind::Event => "event",
            RsiKind::Sign => "sign",
        })
    }
}

/// Which item: its kind and id (the body of a removal line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RsiKey {
    /// Event or sign.
    pub kind: RsiKind,
    /// Its id.
    pub id: u8,
}

/// One event or sign: a JSON line or a TOML table (see the [module documentation](self)
/// for the fields and their ranges, checked by [`RsiItem::check`] and [`RsiBoard::add`]).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RsiItem {
    /// Event or sign.
    pub kind: RsiKind,
    /// `rteId` / `rtsId`.
    pub id: u8,
    /// The event type (GB/T 29100) or sign type (GB 5768.2).
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub code: u16,
    /// Who reported an event (`unknown` when absent); none for a sign.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub source: Option<EventSource>,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// An event's reach and the path's half-width, metres.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub radius: Option<f64>,
    /// 0 (lowest) ..= 7 (highest).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub priority: Option<u8>,
    /// ASCII text, 1..=512 characters.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub description: Option<String>,
    /// From when it is sent, UTC ms (absent: at once).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub start: Option<u64>,
    /// Until when it is sent (exclusive), UTC ms (absent: until removed).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub end: Option<u64>,
    /// A reference path, `[lat, lon]` degrees upstream to downstream (empty or 2..=32).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub path: Vec<[f64; 2]>,
}

/// Why an item or line was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RsiError {
    /// Not an item: bad JSON, a field unknown, missing, of the wrong type or out of range.
    #[error("malformed RSI item: {0}")]
    Malformed(String),
    /// A new item while the most items are held.
    #[error("the RSI board is full ({0} items)")]
    Full(usize),
    /// Its end has come already (by this many ms).
    #[error("the RSI item ended {0} ms ago")]
    Past(u64),
    /// A removal of an item not held.
    #[error("no {0} {1} to remove")]
    NotFound(RsiKind, u8),
}

/// What the board did, since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RsiCounters {
    /// Items taken (new or replacing).
    pub accepted: u64,
    /// Items or lines refused as malformed.
    pub malformed: u64,
    /// Items dropped at their end time.
    pub expired: u64,
    /// New items refused for want of room.
    pub refused_full: u64,
    /// Items refused because their end had come.
    pub refused_past: u64,
    /// Items removed on request.
    pub removed: u64,
    /// RSIs made.
    pub messages: u64,
    /// Items left out of a message for want of room in it, summed over messages.
    pub capped: u64,
}

fn malformed(what: impl ToString) -> RsiError {
    RsiError::Malformed(what.to_string())
}

fn position_ok(lat: f64, lon: f64) -> bool {
    let within = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
    within(lat, -90.0, 90.0) && within(lon, -180.0, 180.0)
}

impl RsiItem {
    /// Parses one JSON item (not a removal) and checks it.
    #[cfg(feature = "serde")]
    pub fn from_json(line: &[u8]) -> Result<RsiItem, RsiError> {
        let item: RsiItem = serde_json::from_slice(line).map_err(malformed)?;
        item.check()?;
        Ok(item)
    }

    /// Checks the ranges of the [module documentation](self) (the RSI's own are checked
    /// again when [`RsiBoard::add`] builds the item alone).
    pub fn check(&self) -> Result<(), RsiError> {
        match (self.kind, self.source) {
            (RsiKind::Sign, Some(_)) => return Err(malformed("a sign has no source")),
            (_, Some(EventSource::Unrecognized(_))) => {
                return Err(malformed("source: an extension value this edition lacks"))
            }
            _ => {}
        }
        if !position_ok(self.lat, self.lon) {
            return Err(malformed(alloc::format!(
                "position ({}, {})",
                self.lat,
                self.lon
            )));
        }
        if let Some(r) = self.radius {
            if !(r.is_finite() && (0.0..=6553.5).contains(&r)) {
                return Err(malformed(alloc::format!("radius {r}")));
            }
        }
        if self.priority.is_some_and(|p| p > 7) {
            return Err(malformed(alloc::format!(
                "priority {:?} (0..=7)",
                self.priority
            )));
        }
        if let Some(d) = &self.description {
            if d.is_empty() || d.len() > MAX_DESCRIPTION || !d.is_ascii() {
                return Err(malformed(
                    "description: 1..=512 ASCII characters (IA5String)",
                ));
            }
        }
        if let (Some(s), Some(e)) = (self.start, self.end) {
            if e <= s {
                return Err(malformed(alloc::format!("end {e} not after start {s}")));
            }
        }
        if !self.path.is_empty() {
            if !(2..=MAX_PATH_POINTS).contains(&self.path.len()) {
                return Err(malformed(alloc::format!(
                    "path of {} points (2..=32)",
                    self.path.len()
                )));
            }
            if let Some([lat, lon]) = self.path.iter().find(|[a, b]| !position_ok(*a, *b)) {
                return Err(malformed(alloc::format!("path point ({lat}, {lon})")));
            }
            if self.radius.is_none() {
                return Err(malformed("a path needs a radius"));
            }
        } else if self.kind == RsiKind::Sign && self.radius.is_some() {
            return Err(malformed("a sign takes a radius only with a path"));
        }
        Ok(())
    }

    fn key(&self) -> (RsiKind, u8) {
        (self.kind, self.id)
    }

    /// `b` with this item added.
    fn add_to(&self, b: RsiBuilder) -> RsiBuilder {
        let path: Vec<(f64, f64)> = self.path.iter().map(|&[lat, lon]| (lat, lon)).collect();
        macro_rules! extent {
            ($spec:expr) => {{
                let mut s = $spec.position_deg(self.lat, self.lon);
                if let Some(d) = &self.description {
                    s = s.description(d);
                }
                if let Some(p) = self.priority {
                    s = s.priority(p);
                }
                if let Some(t) = self.start {
                    s = s.start_utc_ms(t);
                }
                if let Some(t) = self.end {
                    s = s.end_utc_ms(t);
                }
                if let (false, Some(r)) = (path.is_empty(), self.radius) {
                    s = s.reference_path(&path, r);
                }
                s
            }};
        }
        match self.kind {
            RsiKind::Event => {
                let source = self.source.unwrap_or(EventSource::Unknown);
                let mut e = extent!(EventSpec::new(self.id, self.code, source));
                if let Some(r) = self.radius {
                    e = e.radius_m(r);
                }
                b.event(e)
            }
            RsiKind::Sign => b.sign(extent!(SignSpec::new(self.id, self.code))),
        }
    }
}

/// A removal line.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Removal {
    remove: RsiKey,
}

/// The sans-IO RSI maker (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct RsiBoard {
    config: RsiConfig,
    items: BTreeMap<(RsiKind, u8), RsiItem>,
    msg_cnt: u8,
    counters: RsiCounters,
}

impl RsiBoard {
    /// An empty board.
    pub fn new(config: RsiConfig) -> Self {
        RsiBoard {
            config,
            items: BTreeMap::new(),
            msg_cnt: 0,
            counters: RsiCounters::default(),
        }
    }

    /// What it did so far.
    pub fn counters(&self) -> RsiCounters {
        self.counters
    }

    /// The items held now (including those whose start has not come).
    pub fn active(&self) -> usize {
        self.items.len()
    }

    /// The items held, events then signs, each by id.
    pub fn items(&self) -> impl Iterator<Item = &RsiItem> + '_ {
        self.items.values()
    }

    /// Takes an item at `now_utc_ms`: checked (and built alone, so that it cannot make a
    /// message fail later), then held until its end, replacing an item of the same kind
    /// and id. A malformed item, one whose end has come, or a new one when
    /// [`RsiConfig::max_items`] are held is refused and counted.
    pub fn add(&mut self, now_utc_ms: u64, item: RsiItem) -> Result<(), RsiError> {
        let alone = RsiBuilder::new(self.config.rsu_id, self.config.ref_lat, self.config.ref_lon);
        if let Err(e) = item
            .check()
            .and_then(|()| item.add_to(alone).build().map(drop).map_err(malformed))
        {
            self.counters.malformed += 1;
            return Err(e);
        }
        if let Some(end) = item.end.filter(|&end| end <= now_utc_ms) {
            self.counters.refused_past += 1;
            return Err(RsiError::Past(now_utc_ms - end));
        }
        let held = self.items.len();
        if held >= self.config.max_items && !self.items.contains_key(&item.key()) {
            self.counters.refused_full += 1;
            return Err(RsiError::Full(held));
        }
        self.items.insert(item.key(), item);
        self.counters.accepted += 1;
        Ok(())
    }

    /// Takes one JSON line received at `now_utc_ms`: an item to add, or a removal
    /// (`{"remove": {"kind": "event", "id": 3}}`). A malformed line is counted; the removal
    /// of an item not held is [`RsiError::NotFound`] (not counted).
    #[cfg(feature = "serde")]
    pub fn on_line(&mut self, now_utc_ms: u64, line: &[u8]) -> Result<(), RsiError> {
        if line.len() > MAX_LINE_BYTES {
            self.counters.malformed += 1;
            return Err(malformed(alloc::format!(
                "line of {} bytes (at most {MAX_LINE_BYTES})",
                line.len()
            )));
        }
        if let Ok(Removal { remove }) = serde_json::from_slice::<Removal>(line) {
            return match self.remove(remove.kind, remove.id) {
                true => Ok(()),
                false => Err(RsiError::NotFound(remove.kind, remove.id)),
            };
        }
        match serde_json::from_slice::<RsiItem>(line) {
            Ok(item) => self.add(now_utc_ms, item),
            Err(e) => {
                self.counters.malformed += 1;
                Err(malformed(e))
            }
        }
    }

    /// Removes the item `kind` `id`; whether it was held (a removal is counted).
    pub fn remove(&mut self, kind: RsiKind, id: u8) -> bool {
        let held = self.items.remove(&(kind, id)).is_some();
        if held {
            self.counters.removed += 1;
        }
        held
    }

    /// Drops (and counts) the items whose end has come at `now_utc_ms`; how many.
    pub fn expire(&mut self, now_utc_ms: u64) -> usize {
        let before = self.items.len();
        self.items
            .retain(|_, i| i.end.is_none_or(|end| end > now_utc_ms));
        let gone = before - self.items.len();
        self.counters.expired += gone as u64;
        gone
    }

    /// The RSI to send at `now_utc_ms`: expires what has ended, then every item whose
    /// start has come, the highest priorities first, at most 8 events and 16 signs (the
    /// rest counted in [`RsiCounters::capped`]). `None` when there is nothing to send.
    pub fn build(&mut self, now_utc_ms: u64) -> Option<RoadSideInformation> {
        self.expire(now_utc_ms);
        let due = |kind: RsiKind| {
            let mut v: Vec<&RsiItem> = self
                .items
                .values()
                .filter(|i| i.kind == kind && i.start.is_none_or(|s| s <= now_utc_ms))
                .collect();
            // Stable: equal priorities stay in id order.
            v.sort_by_key(|i| Reverse(i.priority.unwrap_or(0)));
            v
        };
        let (mut events, mut signs) = (due(RsiKind::Event), due(RsiKind::Sign));
        if events.is_empty() && signs.is_empty() {
            return None;
        }
        let capped = events.len().saturating_sub(MAX_EVENTS_PER_MESSAGE)
            + signs.len().saturating_sub(MAX_SIGNS_PER_MESSAGE);
        events.truncate(MAX_EVENTS_PER_MESSAGE);
        signs.truncate(MAX_SIGNS_PER_MESSAGE);
        let mut b = RsiBuilder::new(self.config.rsu_id, self.config.ref_lat, self.config.ref_lon)
            .msg_cnt(self.msg_cnt)
            .minute_of_the_year(utc_to_minute_of_the_year(now_utc_ms).0);
        for i in events.into_iter().chain(signs) {
            b = i.add_to(b);
        }
        // Every item was built alone when added, and the lists are within their bounds:
        // this cannot fail; if it did, nothing would be sent.
        let rsi = b.build().ok()?;
        self.counters.capped += capped as u64;
        self.counters.messages += 1;
        self.msg_cnt = (self.msg_cnt + 1) % 128;
        Some(rsi)
    }
}

#[cfg(all(test, feature = "serde"))]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::csae::v2020::{MessageFrame, PositionOffsetLL, RSIPriority};
    use crate::per::{Decode, Encode};

    const NOW: u64 = 1_700_002_791_000;
    const REF: (f64, f64) = (30.2741, 120.1551);

    fn board() -> RsiBoard {
        RsiBoard::new(RsiConfig::new(*b"rsu-0042", REF.0, REF.1))
    }

    fn event(id: u8) -> RsiItem {
        RsiItem {
            kind: RsiKind::Event,
            id,
            code: 401,
            source: Some(EventSource::Detection),
            lat: 30.2745,
            lon: 120.1552,
            radius: Some(50.0),
            priority: None,
            description: None,
            start: None,
            end: None,
            path: Vec::new(),
        }
    }

    fn sign(id: u8) -> RsiItem {
        RsiItem {
            kind: RsiKind::Sign,
            source: None,
            radius: None,
            code: 38,
            ..event(id)
        }
    }

    #[test]
    fn an_item_is_sent_until_its_end_exactly() {
        let mut b = board();
        b.add(
            NOW,
            RsiItem {
                end: Some(NOW + 1_000),
                ..event(1)
            },
        )
        .unwrap();
        let rsi = b.build(NOW + 999).unwrap();
        let e = &rsi.rtes.as_ref().unwrap().0[0];
        assert_eq!(
            e.time_details.unwrap().end_time.unwrap().0,
            utc_to_minute_of_the_year(NOW + 1_000).0
        );
        // Positions are offsets from the reference.
        assert!(!matches!(
            e.event_pos.as_ref().unwrap().offset_ll,
            PositionOffsetLL::PositionLatLon(_)
        ));
        assert_eq!(rsi.moy.unwrap().0, utc_to_minute_of_the_year(NOW + 999).0);
        assert!(b.build(NOW + 1_000).is_none());
        assert_eq!(b.active(), 0);
        let c = b.counters();
        assert_eq!((c.accepted, c.expired, c.messages), (1, 1, 1));
        // An item whose end has come is refused.
        assert_eq!(
            b.add(
                NOW,
                RsiItem {
                    end: Some(NOW),
                    ..event(2)
                }
            ),
            Err(RsiError::Past(0))
        );
        assert_eq!(b.counters().refused_past, 1);
    }

    #[test]
    fn an_item_is_not_sent_before_its_start() {
        let mut b = board();
        b.add(
            NOW,
            RsiItem {
                start: Some(NOW + 500),
                ..sign(2)
            },
        )
        .unwrap();
        assert!(b.build(NOW).is_none());
        assert!(b.build(NOW + 499).is_none());
        assert_eq!(b.active(), 1);
        let rsi = b.build(NOW + 500).unwrap();
        assert_eq!(rsi.msg_cnt.0, 0, "no message was made before");
        assert_eq!(rsi.rtss.unwrap().0[0].rts_id, 2);
        assert!(rsi.rtes.is_none());
        // Started and not started together: only the started one goes.
        b.add(
            NOW,
            RsiItem {
                start: Some(NOW + 10_000),
                ..event(1)
            },
        )
        .unwrap();
        let rsi = b.build(NOW + 600).unwrap();
        assert!(rsi.rtes.is_none());
    }

    #[test]
    fn the_same_kind_and_id_replaces() {
        let mut b = board();
        b.add(NOW, event(1)).unwrap();
        b.add(NOW, sign(1)).unwrap();
        b.add(
            NOW,
            RsiItem {
                code: 100,
                ..event(1)
            },
        )
        .unwrap();
        assert_eq!(b.active(), 2);
        let codes: Vec<(RsiKind, u16)> = b.items().map(|i| (i.kind, i.code)).collect();
        assert_eq!(codes, [(RsiKind::Event, 100), (RsiKind::Sign, 38)]);
        let rsi = b.build(NOW).unwrap();
        assert_eq!(rsi.rtes.unwrap().0[0].event_type.0, 100);
    }

    #[test]
    fn the_board_holds_at_most_max_items() {
        let mut config = RsiConfig::new(*b"rsu-0042", REF.0, REF.1);
        config.max_items = 3;
        let mut b = RsiBoard::new(config);
        for id in 0..3 {
            b.add(NOW, event(id)).unwrap();
        }
        assert_eq!(b.add(NOW, sign(0)), Err(RsiError::Full(3)));
        // Replacing one held still works; so does adding after a removal.
        b.add(
            NOW,
            RsiItem {
                code: 7,
                ..event(2)
            },
        )
        .unwrap();
        assert!(b.remove(RsiKind::Event, 0));
        b.add(NOW, sign(0)).unwrap();
        let c = b.counters();
        assert_eq!((c.accepted, c.refused_full, c.removed), (5, 1, 1));
    }

    #[test]
    fn malformed_lines_are_refused_and_counted() {
        let mut b = board();
        let long_text = "x".repeat(513);
        let long_description = alloc::format!(
            r#"{{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"description":"{long_text}"}}"#
        );
        let points = alloc::format!("[{}[30,120]]", "[30,120],".repeat(32));
        let long_path = alloc::format!(
            r#"{{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"radius":1,"path":{points}}}"#
        );
        let huge = alloc::format!("{:>width$}", "{}", width = MAX_LINE_BYTES + 1);
        let bad: [&[u8]; 20] = [
            b"",
            b"{}",
            b"\xff\xfe",
            b"[1,2]",
            br#"{"kind":"event","id":1,"lat":30,"lon":120}"#,
            br#"{"kind":"alert","id":1,"type":2,"lat":30,"lon":120}"#,
            br#"{"kind":"event","id":256,"type":2,"lat":30,"lon":120}"#,
            br#"{"kind":"event","id":1,"type":65536,"lat":30,"lon":120}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":91,"lon":120}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"radius":6553.6}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"priority":8}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"source":"rumour"}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"source":{"$ext":3}}"#,
            br#"{"kind":"event","id":1,"type":2,"lat":30,"lon":120,"colour":"red"}"#,
            br#"{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"source":"police"}"#,
            br#"{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"description":""}"#,
            "{\"kind\":\"sign\",\"id\":1,\"type\":2,\"lat\":30,\"lon\":120,\"description\":\"施工\"}"
                .as_bytes(),
            br#"{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"start":5,"end":5}"#,
            br#"{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"radius":1,"path":[[30,120]]}"#,
            br#"{"kind":"sign","id":1,"type":2,"lat":30,"lon":120,"path":[[30,120],[30,121]]}"#,
        ];
        let extra = [
            long_description.as_bytes(),
            long_path.as_bytes(),
            huge.as_bytes(),
        ];
        for line in bad.iter().chain(&extra) {
            assert!(
                matches!(b.on_line(NOW, line), Err(RsiError::Malformed(_))),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
        let c = b.counters();
        assert_eq!((c.malformed, c.accepted), (23, 0));
        assert!(b.build(NOW).is_none());
        assert_eq!(b.counters().messages, 0);
    }

    #[test]
    fn removal_lines_remove() {
        let mut b = board();
        b.on_line(
            NOW,
            br#"{"kind":"event","id":3,"type":100,"lat":30.27,"lon":120.15}"#,
        )
        .unwrap();
        assert_eq!(
            b.on_line(NOW, br#"{"remove":{"kind":"sign","id":3}}"#),
            Err(RsiError::NotFound(RsiKind::Sign, 3))
        );
        b.on_line(NOW, br#"{"remove":{"kind":"event","id":3}}"#)
            .unwrap();
        assert_eq!(b.active(), 0);
        assert!(!b.remove(RsiKind::Event, 3));
        assert!(matches!(
            b.on_line(NOW, br#"{"remove":{"kind":"event"}}"#),
            Err(RsiError::Malformed(_))
        ));
        let c = b.counters();
        assert_eq!((c.accepted, c.removed, c.malformed), (1, 1, 1));
    }

    #[test]
    fn msg_cnt_counts_messages_and_wraps() {
        let mut b = board();
        b.add(NOW, sign(1)).unwrap();
        let counts: Vec<u8> = (0..130)
            .map(|k| b.build(NOW + k).unwrap().msg_cnt.0)
            .collect();
        assert_eq!(&counts[126..], [126, 127, 0, 1]);
        assert_eq!(b.counters().messages, 130);
    }

    #[test]
    fn beyond_eight_events_the_highest_priorities_are_sent() {
        let mut b = board();
        for id in 0..10u8 {
            b.add(
                NOW,
                RsiItem {
                    priority: Some(id % 4),
                    ..event(id)
                },
            )
            .unwrap();
        }
        for id in 0..17 {
            b.add(NOW, sign(id)).unwrap();
        }
        assert_eq!(b.add(NOW, sign(200)), Ok(()));
        let rsi = b.build(NOW).unwrap();
        let ids: Vec<u8> = rsi
            .rtes
            .as_ref()
            .unwrap()
            .0
            .iter()
            .map(|e| e.rte_id)
            .collect();
        assert_eq!(ids, [3, 7, 2, 6, 1, 5, 9, 0]);
        assert_eq!(
            rsi.rtes.as_ref().unwrap().0[0].priority,
            Some(RSIPriority([0x60]))
        );
        assert_eq!(rsi.rtss.as_ref().unwrap().0.len(), 16);
        // 2 events and 2 signs left out.
        assert_eq!(b.counters().capped, 4);
        let frame = MessageFrame::RsiFrame(rsi);
        let bytes = frame.to_uper().unwrap();
        assert_eq!(MessageFrame::from_uper(&bytes).unwrap(), frame);
    }

    #[test]
    fn mutated_lines_never_panic_and_what_is_sent_encodes() {
        let good = br#"{"kind":"event","id":1,"type":401,"source":"detection","lat":30.2745,"lon":120.1552,"radius":50,"priority":5,"description":"road works","start":1700002700000,"end":1700006400000,"path":[[30.2750,120.1552],[30.2745,120.1552]]}"#;
        let mut b = board();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3_000 {
            let mut line = good.to_vec();
            for _ in 0..1 + (x % 3) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let at = (x >> 8) as usize % line.len();
                line[at] = (x >> 32) as u8;
            }
            let _ = b.on_line(NOW, &line);
            // A mutated start may lie ahead; whatever is sent encodes.
            if let Some(rsi) = b.build(NOW) {
                MessageFrame::RsiFrame(rsi).to_uper().unwrap();
            }
        }
        let c = b.counters();
        assert!(c.accepted > 0 && c.malformed > 0 && c.messages > 0, "{c:?}");
    }

    #[test]
    fn a_path_is_one_reference_path_with_the_radius() {
        let mut b = board();
        b.on_line(
            NOW,
            br#"{"kind":"sign","id":9,"type":38,"lat":30.2745,"lon":120.1552,"radius":3.5,"path":[[30.2750,120.1552],[30.2745,120.1552],[30.2740,120.1553]]}"#,
        )
        .unwrap();
        let rsi = b.build(NOW).unwrap();
        let s = &rsi.rtss.unwrap().0[0];
        let paths = &s.reference_paths.as_ref().unwrap().0;
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].path_radius.0, 35);
        assert_eq!(paths[0].active_path.0.len(), 3);
    }
}

//! RSM from a perception feed: the traffic participants that roadside cameras, radars and
//! lidars (or a fusion of them) detect, as T/CSAE 53 Roadside Safety Messages. Sans-IO:
//! the caller hands in detections (JSON lines, or [`Detection`] values) with its clock, and
//! polls the messages to send (at 10 Hz, the usual RSM rate).
//!
//! A detection is one JSON object per line:
//!
//! ```text
//! {"type": "motor", "id": 17, "source": "camera", "lat": 30.27412, "lon": 120.15507,
//!  "speed": 8.3, "heading": 92.5, "width": 1.8, "length": 4.6, "time": 1700002790950}
//! ```
//!
//! `type` is `motor`, `non-motor` or `pedestrian`; `id` the perception system's track
//! number (0..=65535; 0 is the RSU itself in an RSM, so refused); `source` `camera`,
//! `radar`, `lidar` or `fusion` (CSAE `video`, `microwaveRadar`, `lidar`, `integrated`);
//! `lat`/`lon` degrees (WGS-84); `speed` m/s (0..=163.8); `heading` degrees clockwise from
//! north (0..360); `width`/`length` metres (optional, 0 when unknown); `time` the detection's
//! UTC time in milliseconds since the Unix epoch.
//!
//! Each [`RsmFeed::poll`] sends the participants whose latest detection is at most
//! [`PerceptionConfig::window_ms`] (100 ms) old, at most 16 to a message (several messages
//! when more), positions as offsets from the RSU's reference position, in track order. A
//! detection that is malformed (not JSON, a field missing or out of range), stale (older
//! than the window when it arrives) or from the future (more than
//! [`PerceptionConfig::max_future_ms`] ahead of the clock) is dropped and counted, never
//! sent; so is a new track when [`PerceptionConfig::max_tracks`] are held.
//!
//! ```
//! use cv2x::rsu::perception::{PerceptionConfig, RsmFeed};
//!
//! let mut feed = RsmFeed::new(PerceptionConfig::new(*b"rsu-0042", 30.2741, 120.1551));
//! let now = 1_700_002_791_000;
//! let line = br#"{"type":"pedestrian","id":3,"source":"camera","lat":30.27412,"lon":120.15507,"speed":1.4,"heading":270,"width":0.5,"length":0.5,"time":1700002790950}"#;
//! feed.on_line(now, line)?;
//! assert!(feed.on_line(now, b"{not json").is_err());
//! let rsms = feed.poll(now);
//! assert_eq!(rsms.len(), 1);
//! assert_eq!(rsms[0].participants.0[0].ptc_id, 3);
//! assert_eq!(feed.counters().malformed, 1);
//! # Ok::<(), cv2x::rsu::perception::DetectionError>(())
//! ```

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::csae::v2020::{
    ParticipantSpec, ParticipantType, RoadsideSafetyMessage, RsmBuilder, SourceType,
};

/// The RSM's limit of participants per message.
pub const MAX_PER_MESSAGE: usize = 16;

/// How the feed turns detections into messages. Start from [`PerceptionConfig::new`].
#[derive(Clone, Debug, PartialEq)]
pub struct PerceptionConfig {
    /// The RSU's id (the RSM's `id`).
    pub rsu_id: [u8; 8],
    /// The reference position, degrees: the RSM's `refPos`, origin of the offsets.
    pub ref_lat: f64,
    /// See `ref_lat`.
    pub ref_lon: f64,
    /// A participant is sent while its latest detection is at most this old (ms). 100.
    pub window_ms: u64,
    /// A detection more than this far ahead of the clock is refused (ms). 50.
    pub max_future_ms: u64,
    /// The most tracks held at once (a flood bound). 1024.
    pub max_tracks: usize,
}

impl PerceptionConfig {
    /// RSU `rsu_id` at `ref_lat`, `ref_lon` degrees, with every default.
    pub fn new(rsu_id: [u8; 8], ref_lat: f64, ref_lon: f64) -> Self {
        PerceptionConfig {
            rsu_id,
            ref_lat,
            ref_lon,
            window_ms: 100,
            max_future_ms: 50,
            max_tracks: 1024,
        }
    }
}

/// A detected participant (one line of the feed, parsed and checked).
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// Its kind.
    pub kind: ParticipantType,
    /// The perception system's track number (1..=65535).
    pub id: u16,
    /// Which sensor saw it.
    pub source: SourceType,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Speed, m/s.
    pub speed: f64,
    /// Heading, degrees clockwise from north.
    pub heading: f64,
    /// Width, metres (0: unknown).
    pub width: f64,
    /// Length, metres (0: unknown).
    pub length: f64,
    /// When it was seen, UTC ms since the Unix epoch.
    pub time: u64,
}

/// Why a detection was dropped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DetectionError {
    /// Not a detection: bad JSON, a field missing, of the wrong type or out of range.
    #[error("malformed detection: {0}")]
    Malformed(String),
    /// Older than the window when it arrived.
    #[error("stale detection: {0} ms old")]
    Stale(u64),
    /// Ahead of the clock by more than the configured margin.
    #[error("detection {0} ms in the future")]
    Future(u64),
    /// A new track while the most tracks are held.
    #[error("too many tracks ({0})")]
    TooManyTracks(usize),
}

/// What the feed did, since it started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PerceptionCounters {
    /// Detections taken.
    pub accepted: u64,
    /// Dropped as malformed.
    pub malformed: u64,
    /// Dropped as stale.
    pub stale: u64,
    /// Dropped as from the future.
    pub future: u64,
    /// Dropped for want of room for a new track.
    pub too_many_tracks: u64,
    /// RSMs made.
    pub messages: u64,
    /// Participants sent (over all messages).
    pub participants: u64,
}

/// The line's fields, before their checks.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(rename = "type")]
    kind: String,
    id: u16,
    source: String,
    lat: f64,
    lon: f64,
    speed: f64,
    heading: f64,
    #[serde(default)]
    width: f64,
    #[serde(default)]
    length: f64,
    time: u64,
}

fn malformed(what: impl ToString) -> DetectionError {
    DetectionError::Malformed(what.to_string())
}

impl Detection {
    /// Parses and checks one JSON line (see the [module documentation](self)).
    #[cfg(feature = "serde")]
    pub fn from_json(line: &[u8]) -> Result<Detection, DetectionError> {
        let l: Line = serde_json::from_slice(line).map_err(malformed)?;
        let kind = match l.kind.as_str() {
            "motor" => ParticipantType::Motor,
            "non-motor" => ParticipantType::NonMotor,
            "pedestrian" => ParticipantType::Pedestrian,
            other => return Err(malformed(alloc::format!("type {other:?}"))),
        };
        let source = match l.source.as_str() {
            "camera" => SourceType::Video,
            "radar" => SourceType::MicrowaveRadar,
            "lidar" => SourceType::Lidar,
            "fusion" => SourceType::Integrated,
            other => return Err(malformed(alloc::format!("source {other:?}"))),
        };
        let d = Detection {
            kind,
            id: l.id,
            source,
            lat: l.lat,
            lon: l.lon,
            speed: l.speed,
            heading: l.heading,
            width: l.width,
            length: l.length,
            time: l.time,
        };
        d.check()?;
        Ok(d)
    }

    /// The ranges of the module documentation (the RSM's own are checked when it is built).
    fn check(&self) -> Result<(), DetectionError> {
        let within = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
        if self.id == 0 {
            return Err(malformed("id 0 (the RSU itself)"));
        }
        if !within(self.lat, -90.0, 90.0) || !within(self.lon, -180.0, 180.0) {
            return Err(malformed(alloc::format!(
                "position ({}, {})",
                self.lat,
                self.lon
            )));
        }
        if !within(self.speed, 0.0, 163.8) {
            return Err(malformed(alloc::format!("speed {}", self.speed)));
        }
        if !within(self.heading, 0.0, 360.0) || self.heading == 360.0 {
            return Err(malformed(alloc::format!("heading {}", self.heading)));
        }
        if !within(self.width, 0.0, 10.23) || !within(self.length, 0.0, 40.95) {
            return Err(malformed(alloc::format!(
                "size {} x {}",
                self.width,
                self.length
            )));
        }
        Ok(())
    }
}

/// The sans-IO RSM maker (see the [module documentation](self)).
#[derive(Clone, Debug)]
pub struct RsmFeed {
    config: PerceptionConfig,
    /// The latest detection of each track.
    tracks: BTreeMap<u16, Detection>,
    msg_cnt: u8,
    counters: PerceptionCounters,
}

impl RsmFeed {
    /// A feed with no track yet.
    pub fn new(config: PerceptionConfig) -> Self {
        RsmFeed {
            config,
            tracks: BTreeMap::new(),
            msg_cnt: 0,
            counters: PerceptionCounters::default(),
        }
    }

    /// What it did so far.
    pub fn counters(&self) -> PerceptionCounters {
        self.counters
    }

    /// The tracks held now.
    pub fn tracks(&self) -> usize {
        self.tracks.len()
    }

    /// Takes one JSON line received at `now_ms` (UTC ms); a refused one is counted.
    #[cfg(feature = "serde")]
    pub fn on_line(&mut self, now_ms: u64, line: &[u8]) -> Result<(), DetectionError> {
        match Detection::from_json(line) {
            // Checked by `from_json`.
            Ok(d) => self.accept(now_ms, d),
            Err(e) => {
                self.counters.malformed += 1;
                Err(e)
            }
        }
    }

    /// Takes one detection received at `now_ms`; a stale, future or untracked one is
    /// counted and refused. A detection older than the track's latest is ignored. Its
    /// values are checked as a JSON line's are (out of range: counted as malformed).
    pub fn on_detection(&mut self, now_ms: u64, d: Detection) -> Result<(), DetectionError> {
        if let Err(e) = d.check() {
            self.counters.malformed += 1;
            return Err(e);
        }
        self.accept(now_ms, d)
    }

    /// [`RsmFeed::on_detection`] for a detection already checked.
    fn accept(&mut self, now_ms: u64, d: Detection) -> Result<(), DetectionError> {
        if let Some(ahead) = d
            .time
            .checked_sub(now_ms)
            .filter(|&a| a > self.config.max_future_ms)
        {
            self.counters.future += 1;
            return Err(DetectionError::Future(ahead));
        }
        let age = now_ms.saturating_sub(d.time);
        if age > self.config.window_ms {
            self.counters.stale += 1;
            return Err(DetectionError::Stale(age));
        }
        let held = self.tracks.len();
        match self.tracks.get_mut(&d.id) {
            Some(t) if t.time > d.time => {}
            Some(t) => *t = d,
            None if held >= self.config.max_tracks => {
                self.counters.too_many_tracks += 1;
                return Err(DetectionError::TooManyTracks(held));
            }
            None => {
                self.tracks.insert(d.id, d);
            }
        }
        self.counters.accepted += 1;
        Ok(())
    }

    /// The RSMs to send at `now_ms`: every track seen within the window, 16 to a message;
    /// tracks no longer seen are forgotten. Empty when nothing is seen.
    pub fn poll(&mut self, now_ms: u64) -> Vec<RoadsideSafetyMessage> {
        let window = self.config.window_ms;
        self.tracks
            .retain(|_, d| now_ms.saturating_sub(d.time) <= window);
        let seen: Vec<&Detection> = self.tracks.values().collect();
        let mut out = Vec::with_capacity(seen.len().div_ceil(MAX_PER_MESSAGE));
        for chunk in seen.chunks(MAX_PER_MESSAGE) {
            let mut b =
                RsmBuilder::new(self.config.rsu_id, self.config.ref_lat, self.config.ref_lon)
                    .msg_cnt(self.msg_cnt);
            for d in chunk {
                b = b.participant(
                    ParticipantSpec::new(d.kind, d.id, d.source, d.lat, d.lon)
                        .sec_mark_ms((d.time % 60_000) as u16)
                        .speed_mps(d.speed)
                        .heading_deg(d.heading)
                        .size_m(d.width, d.length),
                );
            }
            // Every value was checked on the way in; a participant too far from the
            // reference for an offset is what can still fail: those messages are counted
            // as malformed input and not sent.
            match b.build() {
                Ok(rsm) => {
                    self.msg_cnt = (self.msg_cnt + 1) % 128;
                    self.counters.messages += 1;
                    self.counters.participants += chunk.len() as u64;
                    out.push(rsm);
                }
                Err(_) => self.counters.malformed += chunk.len() as u64,
            }
        }
        out
    }
}

#[cfg(all(test, feature = "serde"))]
#[allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::csae::v2020::{MessageFrame, PositionOffsetLL};
    use crate::per::{Decode, Encode};

    const NOW: u64 = 1_700_002_791_000;
    const REF: (f64, f64) = (30.2741, 120.1551);

    fn line(id: u16, time: u64, lat: f64) -> String {
        alloc::format!(
            r#"{{"type":"motor","id":{id},"source":"lidar","lat":{lat},"lon":120.1552,"speed":10.0,"heading":90,"width":1.8,"length":4.5,"time":{time}}}"#
        )
    }

    fn feed() -> RsmFeed {
        RsmFeed::new(PerceptionConfig::new(*b"rsu-0042", REF.0, REF.1))
    }

    #[test]
    fn forty_participants_make_three_messages_of_at_most_16() {
        let mut f = feed();
        for id in 1..=40 {
            f.on_line(NOW, line(id, NOW - 20, 30.2742).as_bytes())
                .unwrap();
        }
        let rsms = f.poll(NOW);
        let sizes: Vec<usize> = rsms.iter().map(|r| r.participants.0.len()).collect();
        assert_eq!(sizes, [16, 16, 8]);
        let ids: Vec<u16> = rsms
            .iter()
            .flat_map(|r| r.participants.0.iter().map(|p| p.ptc_id))
            .collect();
        assert_eq!(ids, (1..=40).collect::<Vec<u16>>());
        let counts: Vec<u8> = rsms.iter().map(|r| r.msg_cnt.0).collect();
        assert_eq!(counts, [0, 1, 2]);
        for r in &rsms {
            let p = &r.participants.0[0];
            assert_eq!(p.sec_mark.0, ((NOW - 20) % 60_000) as u16);
            // An offset from the reference, not an absolute position.
            assert!(!matches!(
                p.pos.offset_ll,
                PositionOffsetLL::PositionLatLon(_)
            ));
            let bytes = MessageFrame::RsmFrame(r.clone()).to_uper().unwrap();
            assert_eq!(
                MessageFrame::from_uper(&bytes).unwrap(),
                MessageFrame::RsmFrame(r.clone())
            );
        }
        let c = f.counters();
        assert_eq!((c.accepted, c.messages, c.participants), (40, 3, 40));
    }

    #[test]
    fn what_is_stale_malformed_or_ahead_is_dropped_and_counted() {
        let mut f = feed();
        let bad: [&[u8]; 6] = [
            b"",
            b"{}",
            b"\xff\xfe",
            br#"{"type":"car","id":1,"source":"lidar","lat":30,"lon":120,"speed":1,"heading":0,"time":1}"#,
            br#"{"type":"motor","id":0,"source":"lidar","lat":30,"lon":120,"speed":1,"heading":0,"time":1}"#,
            br#"{"type":"motor","id":2,"source":"lidar","lat":91,"lon":120,"speed":1,"heading":0,"time":1}"#,
        ];
        for b in bad {
            assert!(
                matches!(f.on_line(NOW, b), Err(DetectionError::Malformed(_))),
                "{b:?}"
            );
        }
        let nan = line(3, NOW, f64::NAN);
        assert!(f.on_line(NOW, nan.as_bytes()).is_err());
        assert_eq!(
            f.on_line(NOW, line(4, NOW - 101, 30.2742).as_bytes()),
            Err(DetectionError::Stale(101))
        );
        assert_eq!(
            f.on_line(NOW, line(5, NOW + 51, 30.2742).as_bytes()),
            Err(DetectionError::Future(51))
        );
        let c = f.counters();
        assert_eq!((c.malformed, c.stale, c.future, c.accepted), (7, 1, 1, 0));
        assert!(f.poll(NOW).is_empty());
    }

    #[test]
    fn tracks_expire_after_the_window_and_keep_their_latest_detection() {
        let mut f = feed();
        f.on_line(NOW, line(7, NOW - 50, 30.2742).as_bytes())
            .unwrap();
        // An older detection of the same track does not replace the newer one.
        f.on_line(NOW, line(7, NOW - 90, 30.2750).as_bytes())
            .unwrap();
        let r = f.poll(NOW);
        assert_eq!(
            r[0].participants.0[0].sec_mark.0,
            ((NOW - 50) % 60_000) as u16
        );
        // 60 ms later it is 110 ms old: gone.
        assert!(f.poll(NOW + 60).is_empty());
        assert_eq!(f.tracks(), 0);
    }

    #[test]
    fn the_number_of_tracks_is_bounded() {
        let mut config = PerceptionConfig::new(*b"rsu-0042", REF.0, REF.1);
        config.max_tracks = 3;
        let mut f = RsmFeed::new(config);
        for id in 1..=3 {
            f.on_line(NOW, line(id, NOW, 30.2742).as_bytes()).unwrap();
        }
        assert_eq!(
            f.on_line(NOW, line(4, NOW, 30.2742).as_bytes()),
            Err(DetectionError::TooManyTracks(3))
        );
        // A known track still updates.
        f.on_line(NOW + 10, line(2, NOW + 10, 30.2742).as_bytes())
            .unwrap();
        assert_eq!(f.counters().too_many_tracks, 1);
    }
}

//! The MAP an RSU broadcasts: loaded once, checked against the SPaT, re-issued with a new
//! `msgIssueRevision` when its content changes.
//!
//! A [`MapStore`] holds the owned [`MapData`] and its encoded `MessageFrame` bytes, ready
//! to broadcast (at 1 Hz, typically). It loads from
//!
//! - UPER, as bytes ([`MapStore::from_uper`]) or hex ([`MapStore::from_hex`]), with or
//!   without the `MessageFrame` header: input starting `00 12` (message 18) is read as a
//!   frame, anything else as a bare `MapData`;
//! - the canonical JSON ([`MapStore::from_json`], feature `serde`) of a `MessageFrame`
//!   (`{"messageId": 18, "value": {...}}`) or of a bare `MapData`.
//!
//! However it was loaded, the held frame is the `MapData` re-encoded in a `MessageFrame`
//! with no frame-level extension additions (J2735-2020 defines none; a sender's unknown
//! ones are dropped), so equal maps give byte-equal frames.
//!
//! [`MapStore::signal_groups`] lists the signal groups the MAP's connections reference, and
//! [`MapStore::check_against`] reports those the SPaT does not carry. The store owns the
//! revision: [`MapStore::replace`] bumps `msgIssueRevision` (modulo 128) when the content
//! changes and keeps it when not, so receivers re-read the MAP exactly when they need to.
//!
//! ```
//! use cv2x::j2735::{ConnectionSpec, LaneKind, LaneSpec, MapBuilder};
//! use cv2x::rsu::map_store::MapStore;
//!
//! let lane = |id, to, group| LaneSpec {
//!     id,
//!     kind: LaneKind::Vehicle,
//!     ingress_approach: Some(1),
//!     egress_approach: None,
//!     maneuvers: Some(0x800),
//!     points_cm: vec![(-175, -1500), (-175, -4500)],
//!     connections: vec![ConnectionSpec { to_lane: to, signal_group: Some(group), maneuver: Some(0x800) }],
//! };
//! let map = MapBuilder::new(1234, 42.3001, -83.7001).lane(lane(1, 5, 2)).build()?;
//! let mut store = MapStore::new(map.clone())?;
//! assert_eq!(&store.frame_bytes()[..2], &[0x00, 0x12]);
//! assert_eq!(store.signal_groups(), [2]);
//! assert!(store.check_against(&[2, 4, 6, 8]).is_ok());
//! assert_eq!(store.check_against(&[4, 6]).unwrap_err().missing, [2]);
//!
//! // The same MAP again keeps the revision; a changed one bumps it.
//! assert!(!store.replace(map)?);
//! assert_eq!(store.revision(), 0);
//! let changed = MapBuilder::new(1234, 42.3001, -83.7001).lane(lane(1, 5, 4)).build()?;
//! assert!(store.replace(changed)?);
//! assert_eq!(store.revision(), 1);
//!
//! // The frame bytes load back to the same store.
//! let again = MapStore::from_uper(store.frame_bytes())?;
//! assert_eq!(again, store);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::j2735::{msg_id, GenericLane, MapData, Message, MessageFrame, MsgCount};
use crate::per::{Decode, Encode};

/// The largest `msgIssueRevision` (`MsgCount` is `0..127`).
pub const MAX_REVISION: u8 = 127;

/// `SignalGroupID` 0: the signal group is not known.
pub const SIGNAL_GROUP_UNKNOWN: u8 = 0;
/// `SignalGroupID` 255: a permanent green movement, with no signal state in the SPaT.
pub const SIGNAL_GROUP_PERMANENT_GREEN: u8 = 255;

/// Why a MAP could not be loaded or stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MapStoreError {
    /// The input is empty.
    #[error("empty MAP input")]
    Empty,
    /// A character of the hex text is neither a hex digit nor whitespace; the value is its
    /// byte offset in the text.
    #[error("invalid hex character at offset {0} of the MAP")]
    InvalidHex(usize),
    /// The hex text has an odd number of digits.
    #[error("odd number of hex digits in the MAP")]
    OddHexDigits,
    /// The bytes are neither a `MessageFrame` carrying a `MapData` nor a bare `MapData`
    /// (the error is the frame decoder's for input starting `00 12`, else the bare
    /// `MapData` decoder's).
    #[error("not a MAP: {0}")]
    Decode(crate::per::Error),
    /// A `MessageFrame` carrying another message.
    #[error("the MessageFrame carries message {0}, not MapData (18)")]
    NotMap(u16),
    /// The JSON is neither a `MessageFrame` nor a `MapData` in the canonical form.
    #[error("invalid MAP JSON: {0}")]
    Json(String),
    /// The `MapData` breaks a constraint and cannot be encoded.
    #[error("the MAP cannot be encoded: {0}")]
    Encode(crate::per::Error),
    /// A revision outside `0..=127`.
    #[error("msgIssueRevision {0} is outside 0..=127")]
    Revision(u8),
}

/// Signal groups the MAP's connections reference but the SPaT does not carry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("signal groups {missing:?} are referenced by the MAP but missing from the SPaT")]
pub struct MapCheckError {
    /// The missing signal groups, ascending, each once.
    pub missing: Vec<u8>,
}

/// A MAP held for broadcast: the owned [`MapData`] and its encoded `MessageFrame`.
///
/// See the [module documentation](self) for an example.
#[derive(Clone, Debug, PartialEq)]
pub struct MapStore {
    map: MapData,
    frame: Vec<u8>,
}

impl MapStore {
    /// Holds `map` as it is (its `msgIssueRevision` included) and encodes its frame.
    pub fn new(map: MapData) -> Result<Self, MapStoreError> {
        let frame = encode_frame(&map)?;
        Ok(MapStore { map, frame })
    }

    /// Holds the `MapData` of a decoded `MessageFrame`; [`MapStoreError::NotMap`] for any
    /// other message.
    pub fn from_frame(frame: MessageFrame) -> Result<Self, MapStoreError> {
        match frame.message {
            Message::MapData(map) => Self::new(*map),
            other => Err(MapStoreError::NotMap(other.message_id())),
        }
    }

    /// Loads a UPER `MessageFrame` (input starting `00 12`) or a bare UPER `MapData`.
    ///
    /// Input starting `00 12` that does not decode as a frame is tried as a bare
    /// `MapData`; input that decodes only as a frame of another message is
    /// [`MapStoreError::NotMap`].
    ///
    /// ```
    /// # use cv2x::j2735::{LaneKind, LaneSpec, MapBuilder};
    /// # fn builder() -> MapBuilder {
    /// #     let points_cm = vec![(0, -1500), (0, -4500)];
    /// #     let kind = LaneKind::Vehicle;
    /// #     let lane = LaneSpec { id: 1, kind, ingress_approach: Some(1), egress_approach: None, maneuvers: None, points_cm, connections: vec![] };
    /// #     MapBuilder::new(7, 42.0, -83.0).lane(lane)
    /// # }
    /// use cv2x::per::Encode;
    /// use cv2x::rsu::map_store::{MapStore, MapStoreError};
    ///
    /// let map = builder().revision(3).build()?;
    /// let bare = map.to_uper()?;
    /// let store = MapStore::from_uper(&bare)?;
    /// assert_eq!(store.map(), &map);
    /// assert_eq!(MapStore::from_uper(store.frame_bytes())?, store);
    ///
    /// // A BSM frame is refused.
    /// let bsm = [0x00, 0x14, 0x01, 0x00];
    /// assert!(MapStore::from_uper(&bsm).is_err());
    /// assert_eq!(MapStore::from_uper(&[]), Err(MapStoreError::Empty));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_uper(bytes: &[u8]) -> Result<Self, MapStoreError> {
        if bytes.is_empty() {
            return Err(MapStoreError::Empty);
        }
        let [hi, lo] = msg_id::MAP_DATA.to_be_bytes();
        if bytes.starts_with(&[hi, lo]) {
            return match MessageFrame::from_uper(bytes) {
                Ok(frame) => Self::from_frame(frame),
                Err(frame_err) => match MapData::from_uper(bytes) {
                    Ok(map) => Self::new(map),
                    Err(_) => Err(MapStoreError::Decode(frame_err)),
                },
            };
        }
        match MapData::from_uper(bytes) {
            Ok(map) => Self::new(map),
            Err(bare_err) => match MessageFrame::from_uper(bytes) {
                Ok(frame) => Self::from_frame(frame),
                Err(_) => Err(MapStoreError::Decode(bare_err)),
            },
        }
    }

    /// Loads hex text of a UPER `MessageFrame` or bare `MapData` (see
    /// [`from_uper`](Self::from_uper)). Upper or lower case, an optional `0x`, whitespace
    /// anywhere between digits.
    ///
    /// ```
    /// # use cv2x::j2735::{LaneKind, LaneSpec, MapBuilder};
    /// # fn builder() -> MapBuilder {
    /// #     let points_cm = vec![(0, -1500), (0, -4500)];
    /// #     let kind = LaneKind::Vehicle;
    /// #     let lane = LaneSpec { id: 1, kind, ingress_approach: Some(1), egress_approach: None, maneuvers: None, points_cm, connections: vec![] };
    /// #     MapBuilder::new(7, 42.0, -83.0).lane(lane)
    /// # }
    /// use cv2x::rsu::map_store::{MapStore, MapStoreError};
    ///
    /// let store = MapStore::new(builder().build()?)?;
    /// let hex: String = store.frame_bytes().iter().map(|b| format!("{b:02X} ")).collect();
    /// assert_eq!(MapStore::from_hex(&hex)?, store);
    /// assert_eq!(MapStore::from_hex("0x0012zz"), Err(MapStoreError::InvalidHex(6)));
    /// assert_eq!(MapStore::from_hex("001"), Err(MapStoreError::OddHexDigits));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_hex(text: &str) -> Result<Self, MapStoreError> {
        Self::from_uper(&unhex(text)?)
    }

    /// Loads the canonical JSON of a `MessageFrame` (an object with `messageId`) or of a
    /// bare `MapData`.
    ///
    /// ```
    /// # use cv2x::j2735::{LaneKind, LaneSpec, MapBuilder};
    /// # fn builder() -> MapBuilder {
    /// #     let points_cm = vec![(0, -1500), (0, -4500)];
    /// #     let kind = LaneKind::Vehicle;
    /// #     let lane = LaneSpec { id: 1, kind, ingress_approach: Some(1), egress_approach: None, maneuvers: None, points_cm, connections: vec![] };
    /// #     MapBuilder::new(7, 42.0, -83.0).lane(lane)
    /// # }
    /// use cv2x::rsu::map_store::MapStore;
    ///
    /// let store = MapStore::new(builder().revision(5).build()?)?;
    /// let bare = serde_json::to_string(store.map())?;
    /// assert_eq!(MapStore::from_json(&bare)?, store);
    /// let framed = format!(r#"{{"messageId": 18, "value": {bare}}}"#);
    /// assert_eq!(MapStore::from_json(&framed)?, store);
    /// assert!(MapStore::from_json(r#"{"messageId": 20, "value": {}}"#).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self, MapStoreError> {
        let json = |e: serde_json::Error| MapStoreError::Json(alloc::format!("{e}"));
        let value: serde_json::Value = serde_json::from_str(text).map_err(json)?;
        if value.get("messageId").is_some() {
            let id = value.get("messageId").and_then(serde_json::Value::as_u64);
            if let Some(id) = id.filter(|&id| id != u64::from(msg_id::MAP_DATA)) {
                return Err(MapStoreError::NotMap(u16::try_from(id).unwrap_or(u16::MAX)));
            }
            Self::from_frame(serde_json::from_value(value).map_err(json)?)
        } else {
            Self::new(serde_json::from_value(value).map_err(json)?)
        }
    }

    /// The MAP.
    pub fn map(&self) -> &MapData {
        &self.map
    }

    /// The MAP's UPER `MessageFrame`, ready to broadcast.
    pub fn frame_bytes(&self) -> &[u8] {
        &self.frame
    }

    /// The MAP and its frame bytes.
    pub fn into_parts(self) -> (MapData, Vec<u8>) {
        (self.map, self.frame)
    }

    /// The MAP's `msgIssueRevision`.
    pub fn revision(&self) -> u8 {
        self.map.msg_issue_revision.0
    }

    /// Sets `msgIssueRevision` (`0..=127`) and re-encodes the frame.
    ///
    /// ```
    /// # use cv2x::j2735::{LaneKind, LaneSpec, MapBuilder};
    /// # fn builder() -> MapBuilder {
    /// #     let points_cm = vec![(0, -1500), (0, -4500)];
    /// #     let kind = LaneKind::Vehicle;
    /// #     let lane = LaneSpec { id: 1, kind, ingress_approach: Some(1), egress_approach: None, maneuvers: None, points_cm, connections: vec![] };
    /// #     MapBuilder::new(7, 42.0, -83.0).lane(lane)
    /// # }
    /// use cv2x::rsu::map_store::{MapStore, MapStoreError};
    ///
    /// let mut store = MapStore::new(builder().build()?)?;
    /// store.set_revision(127)?;
    /// assert_eq!(MapStore::from_uper(store.frame_bytes())?.revision(), 127);
    /// assert_eq!(store.set_revision(128), Err(MapStoreError::Revision(128)));
    /// assert_eq!(store.revision(), 127);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_revision(&mut self, revision: u8) -> Result<(), MapStoreError> {
        if revision > MAX_REVISION {
            return Err(MapStoreError::Revision(revision));
        }
        let mut map = self.map.clone();
        map.msg_issue_revision = MsgCount(revision);
        self.frame = encode_frame(&map)?;
        self.map = map;
        Ok(())
    }

    /// Replaces the MAP with `new`, under the store's revision: when the content differs
    /// from the held MAP's (everything but `msgIssueRevision` and `timeStamp`), the revision
    /// goes up by one, 127 wrapping to 0, and `true` is returned; when it is the same, the
    /// revision stays and `false` is returned. `new`'s own `msgIssueRevision` is ignored.
    /// On an encoding error the store is left as it was.
    ///
    /// Intersection and road segment `revision`s are `new`'s own.
    pub fn replace(&mut self, mut new: MapData) -> Result<bool, MapStoreError> {
        let current = self.map.msg_issue_revision;
        new.msg_issue_revision = current;
        let changed = {
            let time_stamp = core::mem::replace(&mut new.time_stamp, self.map.time_stamp);
            let changed = new != self.map;
            new.time_stamp = time_stamp;
            changed
        };
        if changed {
            new.msg_issue_revision = MsgCount(current.0.wrapping_add(1) % (MAX_REVISION + 1));
        }
        self.frame = encode_frame(&new)?;
        self.map = new;
        Ok(changed)
    }

    /// The signal groups the MAP's connections reference (lanes of every intersection and
    /// road segment), ascending, each once.
    pub fn signal_groups(&self) -> Vec<u8> {
        let mut groups: Vec<u8> = lanes(&self.map)
            .filter_map(|lane| lane.connects_to.as_ref())
            .flat_map(|c| c.0.iter())
            .filter_map(|c| c.signal_group.map(|g| g.0))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }

    /// Checks that the SPaT carries every signal group the MAP references: `mapping` lists
    /// the signal groups the SPaT will carry (in any order). Groups 0 (unknown) and 255
    /// (permanent green) need no SPaT state and are not reported. Groups the SPaT carries
    /// but the MAP does not reference are allowed.
    pub fn check_against(&self, mapping: &[u8]) -> Result<(), MapCheckError> {
        let missing: Vec<u8> = self
            .signal_groups()
            .into_iter()
            .filter(|g| *g != SIGNAL_GROUP_UNKNOWN && *g != SIGNAL_GROUP_PERMANENT_GREEN)
            .filter(|g| !mapping.contains(g))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(MapCheckError { missing })
        }
    }
}

/// Every lane of the MAP: intersections' lane sets, then road segments'.
fn lanes(map: &MapData) -> impl Iterator<Item = &GenericLane> + '_ {
    let intersections = map
        .intersections
        .iter()
        .flat_map(|l| l.0.iter())
        .flat_map(|i| i.lane_set.0.iter());
    let segments = map
        .road_segments
        .iter()
        .flat_map(|l| l.0.iter())
        .flat_map(|s| s.road_lane_set.0.iter());
    intersections.chain(segments)
}

fn encode_frame(map: &MapData) -> Result<Vec<u8>, MapStoreError> {
    MessageFrame::from(map.clone())
        .to_uper()
        .map_err(MapStoreError::Encode)
}

pub(crate) fn unhex(text: &str) -> Result<Vec<u8>, MapStoreError> {
    let trimmed = text.trim_start();
    let mut skipped = text.len() - trimmed.len();
    let digits = match trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
    {
        Some(rest) => {
            skipped += 2;
            rest
        }
        None => trimmed,
    };
    let mut out = Vec::with_capacity(digits.len() / 2);
    let mut high: Option<u8> = None;
    for (offset, c) in digits.char_indices() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let nibble = c
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
            .ok_or(MapStoreError::InvalidHex(offset + skipped))?;
        match high.take() {
            None => high = Some(nibble),
            Some(h) => out.push(h << 4 | nibble),
        }
    }
    if high.is_some() {
        return Err(MapStoreError::OddHexDigits);
    }
    if out.is_empty() {
        return Err(MapStoreError::Empty);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hex_forms() {
        assert_eq!(unhex(" 0X0a Bc\n").unwrap(), [0x0a, 0xbc]);
        assert_eq!(unhex("  "), Err(MapStoreError::Empty));
        assert_eq!(unhex("0a g"), Err(MapStoreError::InvalidHex(3)));
    }

    #[test]
    fn revision_wraps() {
        let lane = crate::j2735::LaneSpec {
            id: 1,
            kind: crate::j2735::LaneKind::Sidewalk,
            ingress_approach: None,
            egress_approach: None,
            maneuvers: None,
            points_cm: alloc::vec![(0, 0), (0, 900)],
            connections: alloc::vec![],
        };
        let map = crate::j2735::MapBuilder::new(1, 1.0, 1.0)
            .lane(lane)
            .revision(127)
            .build()
            .unwrap();
        let mut store = MapStore::new(map.clone()).unwrap();
        let mut other = map;
        other.layer_id = Some(crate::j2735::LayerID(3));
        assert!(store.replace(other).unwrap());
        assert_eq!(store.revision(), 0);
    }
}

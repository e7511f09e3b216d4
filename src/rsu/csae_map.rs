//! The MAP to broadcast in the China profile (T/CSAE 53-2020 `MapData`): built from the
//! intersection description ([`four_leg::csae_map`](super::four_leg::csae_map)) or loaded
//! from a CSAE MAP as JSON, UPER or hex, held with its encoded `MessageFrame`, and checked
//! against the SPAT it goes with.
//!
//! CSAE MAPs reference phases, not signal groups: a link's `movements` and a lane's
//! `connectsTo` carry `phaseId`s, and the SPAT lists phases by the same ids. The check
//! wants both directions: every phase the MAP references is in the SPAT (else a receiver
//! finds no light for a lane) and every phase of the SPAT is referenced by the MAP (else a
//! light belongs to no lane).
//!
//! `msgCnt` is the MAP's content revision here: [`CsaeMapStore::replace`] bumps it (mod
//! 128) when the content changes and keeps it otherwise.
//!
//! ```
//! use cv2x::rsu::csae_map::CsaeMapStore;
//! use cv2x::rsu::four_leg;
//!
//! let store = CsaeMapStore::new(four_leg::csae_map(None, 1234, 30.2741, 120.1551, None)?)?;
//! let phases: Vec<u8> = four_leg::table().entries().iter().map(|e| e.signal_group).collect();
//! assert!(store.check_against(&phases).is_ok());
//! let err = store.check_against(&[1, 2, 3]).unwrap_err();
//! assert_eq!(err.missing, [4, 5, 6, 7, 8, 102, 104, 106, 108]);
//! assert_eq!(CsaeMapStore::from_uper(store.frame_bytes())?, store);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::csae::v2020::{MapData, MessageFrame, MsgCount};
use crate::per::{Decode, Encode};
use crate::rsu::map_store::{unhex, MapStoreError};

/// Why a CSAE MAP could not be loaded or stored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CsaeMapError {
    /// The input is empty.
    #[error("empty MAP input")]
    Empty,
    /// The hex text is not hex (see [`MapStoreError`]).
    #[error("{0}")]
    Hex(MapStoreError),
    /// The bytes are neither a 2020 `MessageFrame` carrying a MAP nor a bare `MapData`
    /// (the frame decoder's error).
    #[error("not a CSAE MAP: {0}")]
    Decode(crate::per::Error),
    /// A `MessageFrame` carrying another message (its alternative's name).
    #[error("the MessageFrame carries {0}, not a MAP")]
    NotMap(&'static str),
    /// The JSON is neither a `MessageFrame` nor a `MapData` in the canonical form.
    #[error("invalid CSAE MAP JSON: {0}")]
    Json(String),
    /// The `MapData` breaks a constraint and cannot be encoded.
    #[error("the MAP cannot be encoded: {0}")]
    Encode(crate::per::Error),
}

/// The MAP and SPAT disagree on phases.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("phases {missing:?} are referenced by the MAP but missing from the SPAT; phases {unreferenced:?} are in the SPAT but no lane or movement of the MAP references them")]
pub struct PhaseCheckError {
    /// Referenced by the MAP, absent from the SPAT: ascending, each once.
    pub missing: Vec<u8>,
    /// In the SPAT, referenced by nothing in the MAP: ascending, each once.
    pub unreferenced: Vec<u8>,
}

/// A CSAE MAP held for broadcast: the owned [`MapData`] and its encoded `MessageFrame`.
#[derive(Clone, Debug, PartialEq)]
pub struct CsaeMapStore {
    map: MapData,
    frame: Vec<u8>,
}

fn encode_frame(map: &MapData) -> Result<Vec<u8>, CsaeMapError> {
    MessageFrame::MapFrame(map.clone())
        .to_uper()
        .map_err(CsaeMapError::Encode)
}

impl CsaeMapStore {
    /// Holds `map` as it is (its `msgCnt` included) and encodes its frame.
    pub fn new(map: MapData) -> Result<Self, CsaeMapError> {
        let frame = encode_frame(&map)?;
        Ok(CsaeMapStore { map, frame })
    }

    /// Holds the MAP of a decoded frame; [`CsaeMapError::NotMap`] for any other message.
    pub fn from_frame(frame: MessageFrame) -> Result<Self, CsaeMapError> {
        match frame {
            MessageFrame::MapFrame(map) => Self::new(map),
            other => Err(CsaeMapError::NotMap(
                crate::csae::Frame::V2020(other).msg_type(),
            )),
        }
    }

    /// Loads UPER bytes: a 2020 `MessageFrame` carrying a MAP, or a bare `MapData`. The
    /// whole input must be read by one of them.
    pub fn from_uper(bytes: &[u8]) -> Result<Self, CsaeMapError> {
        if bytes.is_empty() {
            return Err(CsaeMapError::Empty);
        }
        match MessageFrame::from_uper(bytes) {
            Ok(frame) => Self::from_frame(frame),
            Err(frame_err) => match MapData::from_uper(bytes) {
                Ok(map) => Self::new(map),
                Err(_) => Err(CsaeMapError::Decode(frame_err)),
            },
        }
    }

    /// Loads hex text of what [`from_uper`](Self::from_uper) takes (case, `0x` and
    /// whitespace as [`MapStore::from_hex`](super::MapStore::from_hex)).
    pub fn from_hex(text: &str) -> Result<Self, CsaeMapError> {
        Self::from_uper(&unhex(text).map_err(CsaeMapError::Hex)?)
    }

    /// Loads the canonical JSON of a 2020 `MessageFrame` (`{"mapFrame": {...}}`) or of a
    /// bare `MapData`.
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self, CsaeMapError> {
        let json = |e: serde_json::Error| CsaeMapError::Json(alloc::format!("{e}"));
        let value: serde_json::Value = serde_json::from_str(text).map_err(json)?;
        if value.get("msgCnt").is_some() {
            Self::new(serde_json::from_value(value).map_err(json)?)
        } else {
            Self::from_frame(serde_json::from_value(value).map_err(json)?)
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

    /// The `msgCnt`, the content revision.
    pub fn msg_cnt(&self) -> u8 {
        self.map.msg_cnt.0
    }

    /// Replaces the MAP with `new`: when its content differs from the held one's
    /// (everything but `msgCnt` and `timeStamp`), `msgCnt` goes up by one (127 wraps to 0)
    /// and `true` is returned; else `msgCnt` stays and `false` is returned. `new`'s own
    /// `msgCnt` is ignored. On an encoding error the store is left as it was.
    pub fn replace(&mut self, mut new: MapData) -> Result<bool, CsaeMapError> {
        let current = self.map.msg_cnt;
        new.msg_cnt = current;
        let time_stamp = core::mem::replace(&mut new.time_stamp, self.map.time_stamp);
        let changed = new != self.map;
        new.time_stamp = time_stamp;
        if changed {
            new.msg_cnt = MsgCount(current.0.wrapping_add(1) % 128);
        }
        self.frame = encode_frame(&new)?;
        self.map = new;
        Ok(changed)
    }

    /// The phases the MAP references (links' movements, lanes' connections), ascending,
    /// each once.
    pub fn phase_ids(&self) -> Vec<u8> {
        let links = self
            .map
            .nodes
            .0
            .iter()
            .flat_map(|n| n.in_links.iter().flat_map(|l| l.0.iter()));
        let mut ids: Vec<u8> = Vec::new();
        for link in links {
            let movements = link.movements.iter().flat_map(|m| m.0.iter());
            ids.extend(movements.filter_map(|m| m.phase_id.map(|p| p.0)));
            let connections = link
                .lanes
                .0
                .iter()
                .flat_map(|lane| lane.connects_to.iter().flat_map(|c| c.0.iter()));
            ids.extend(connections.filter_map(|c| c.phase_id.map(|p| p.0)));
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Checks the MAP against the phases the SPAT carries (in any order): see the
    /// [module documentation](self).
    pub fn check_against(&self, spat_phases: &[u8]) -> Result<(), PhaseCheckError> {
        let referenced = self.phase_ids();
        let missing: Vec<u8> = referenced
            .iter()
            .copied()
            .filter(|p| !spat_phases.contains(p))
            .collect();
        let mut unreferenced: Vec<u8> = spat_phases
            .iter()
            .copied()
            .filter(|p| referenced.binary_search(p).is_err())
            .collect();
        unreferenced.sort_unstable();
        unreferenced.dedup();
        if missing.is_empty() && unreferenced.is_empty() {
            Ok(())
        } else {
            Err(PhaseCheckError {
                missing,
                unreferenced,
            })
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::rsu::four_leg;

    fn store() -> CsaeMapStore {
        CsaeMapStore::new(four_leg::csae_map(Some(3), 1234, 30.27, 120.15, Some("x")).unwrap())
            .unwrap()
    }

    #[test]
    fn four_leg_references_every_phase_of_its_table() {
        let phases: Vec<u8> = four_leg::table()
            .entries()
            .iter()
            .map(|e| e.signal_group)
            .collect();
        assert_eq!(store().phase_ids(), phases);
        let err = store()
            .check_against(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 102, 104, 106])
            .unwrap_err();
        assert_eq!((err.missing, err.unreferenced), (vec![108], vec![9]));
    }

    #[test]
    fn replace_bumps_msg_cnt_on_change_only() {
        let mut s = store();
        let same = s.map().clone();
        assert!(!s.replace(same).unwrap());
        assert_eq!(s.msg_cnt(), 0);
        let mut changed = s.map().clone();
        changed.nodes.0[0].name = None;
        assert!(s.replace(changed).unwrap());
        assert_eq!(s.msg_cnt(), 1);
        assert_eq!(CsaeMapStore::from_uper(s.frame_bytes()).unwrap(), s);
    }

    #[test]
    fn loads_and_refuses() {
        let s = store();
        let hex: String = s
            .frame_bytes()
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect();
        assert_eq!(CsaeMapStore::from_hex(&hex).unwrap(), s);
        assert_eq!(CsaeMapStore::from_uper(&[]), Err(CsaeMapError::Empty));
        assert!(CsaeMapStore::from_uper(&s.frame_bytes()[..10]).is_err());
        let bare = s.map().to_uper().unwrap();
        assert_eq!(CsaeMapStore::from_uper(&bare).unwrap(), s);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn loads_json_framed_or_bare() {
        let s = store();
        let bare = serde_json::to_string(s.map()).unwrap();
        assert_eq!(CsaeMapStore::from_json(&bare).unwrap(), s);
        let framed = serde_json::to_string(&MessageFrame::MapFrame(s.map().clone())).unwrap();
        assert_eq!(CsaeMapStore::from_json(&framed).unwrap(), s);
        assert!(CsaeMapStore::from_json("{\"rsiFrame\": {}}").is_err());
    }
}

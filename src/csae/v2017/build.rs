//! The builders of T/CSAE 53-2017 (see [`crate::csae::build`]): BSM, MAP and RSM compiled
//! against this edition's types from the sources 2020 and the 2019 draft use; SPAT and RSI,
//! whose 2017 meaning or shape differ, 2017's own.
//!
//! What 2017 has and the shared sources do not set: a BSM's `plateNo`
//! ([`BsmBuilder::plate_no`]); the BSM's and a participant's mandatory `accuracy` is sent
//! unavailable. A 2017 lane has no width of its own: [`LinkSpec::new`]'s width is the
//! link's `laneWidth`, and a [`LaneSpec::width_m`] is refused
//! ([`BuildError::NotInEdition`]).

use crate::csae::v2017 as ed;
use crate::per::OctetString;

// The same sources in each edition's module, against its own types (`ed`): not a
// mistake, hence the allows.

#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/bsm.rs"]
mod bsm;
#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/map.rs"]
mod map;
mod rsi;
#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/rsm.rs"]
mod rsm;
mod spat;

pub use crate::csae::build::BuildError;
pub use bsm::BsmBuilder;
pub use map::{LaneSpec, LinkSpec, MapBuilder};
pub use rsi::RsiBuilder;
pub use rsm::{ParticipantSpec, RsmBuilder};
pub use spat::{PhaseSpec, SpatBuilder};

/// The link's width: 2017's `laneWidth`, the width of each of its lanes.
fn set_link_width(link: &mut ed::Link, w: ed::LaneWidth) {
    link.lane_width = w;
}

/// A lane's own width: not in 2017.
fn set_lane_width(_: &mut ed::Lane, w: Option<ed::LaneWidth>) -> Result<(), BuildError> {
    match w {
        None => Ok(()),
        Some(_) => Err(BuildError::NotInEdition {
            field: "Lane.laneWidth",
            edition: "csae-2017",
        }),
    }
}

impl BsmBuilder {
    /// 2017's `plateNo`: the vehicle's number plate, 4..=16 octets (checked by `build`).
    pub fn plate_no(mut self, plate: &[u8]) -> Self {
        self.message_mut().plate_no = Some(ed::PlateNo(OctetString(plate.to_vec())));
        self
    }
}

//! The builders of the 2019 draft edition (see [`crate::csae::build`]): BSM, MAP and RSI
//! compiled against this edition's types; SPAT and RSM, one type in 2020 and the 2019
//! draft, re-exported.

use crate::csae::v2019 as ed;

// The same sources in each edition's module, against its own types (`ed`): not a
// mistake, hence the allows.

#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/bsm.rs"]
mod bsm;
#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/map.rs"]
mod map;
#[allow(clippy::duplicate_mod)]
#[path = "../build/per_edition/rsi.rs"]
mod rsi;

pub use crate::csae::build::{BuildError, ParticipantSpec, PhaseSpec, RsmBuilder, SpatBuilder};
pub use bsm::BsmBuilder;
pub use map::{LaneSpec, LinkSpec, MapBuilder};
pub use rsi::{EventSpec, RsiBuilder, SignSpec};

/// The link's width: `linkWidth` (optional in the 2019 draft).
fn set_link_width(link: &mut ed::Link, w: ed::LaneWidth) {
    link.link_width = Some(w);
}

/// A lane's own width, `laneWidth`.
fn set_lane_width(lane: &mut ed::Lane, w: Option<ed::LaneWidth>) -> Result<(), BuildError> {
    lane.lane_width = w;
    Ok(())
}

//! Writing messages by hand: builders that take the units and shapes people think in and
//! return owned messages whose every constraint has been checked by encoding them.

mod bsm;
mod map;
mod psm;
mod spat;
mod tim;

pub use bsm::BsmBuilder;
pub use map::{ConnectionSpec, LaneKind, LaneSpec, MapBuilder};
pub use psm::PsmBuilder;
pub use spat::{SignalGroupState, SpatBuilder};
pub use tim::{Itis, TimBuilder, TimContent};

//! Roadside-unit parts that sit around the J2735 codec.
//!
//! - [`tscbm`]: the NTCIP 1202 "SPaT blob" (TSCBM) a signal controller sends at 10 Hz:
//!   a zero-copy, allocation-free, panic-free [`TscbmView`], an owned [`SignalState`]
//!   snapshot for the SPaT builder, and the `Payload=<hex>` text form ([`parse_text`]).
//! - [`link`]: the controller link's health, sans-IO: sequence gaps, duplicates, late
//!   packets and silence ([`LinkMonitor`]).
//! - [`plan`]: a fixed-time ring-and-barrier signal plan and its [`Simulator`], giving the
//!   same [`SignalState`] the controller input does, for running without a controller.
//! - `spat` (feature `alloc`): the SPaT built from a [`SignalState`]: phase to signal-group
//!   mapping, every TimeMark from one `now`, `revision`, no stale countdowns.
//! - `core` (feature `alloc`): a sans-IO roadside unit tying these together: controller
//!   or simulated input, SPaT at 10 Hz and MAP at 1 Hz framed per destination (raw,
//!   1609.2, WSMP, IFM), BSM forwarding, events and counters.
//! - `map_store` (feature `alloc`): the MAP to broadcast, loaded from JSON or UPER, checked
//!   against the SPaT's signal groups, with `msgIssueRevision` handling.
//!
//! The controller input, link health and plan allocate nothing and work without `std` or
//! `alloc`; the SPaT generator and MAP store build owned messages.

// Every RSU module is panic-free by construction: these lints hold in all of them.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

#[cfg(feature = "alloc")]
pub mod core;
pub mod link;
#[cfg(feature = "alloc")]
pub mod map_store;
pub mod plan;
#[cfg(feature = "alloc")]
pub mod spat;
pub mod tscbm;

#[cfg(feature = "alloc")]
pub use self::core::{
    Destination, Event, MessageKind, Now, RsuConfig, RsuCore, SignalInput, Transmit, TxFraming,
};
pub use link::{LinkConfig, LinkCounters, LinkHealth, LinkMonitor, SeqEvent};
#[cfg(feature = "alloc")]
pub use map_store::{MapCheckError, MapStore, MapStoreError};
pub use plan::{PedTiming, PhaseTiming, Plan, PlanError, Simulator};
#[cfg(feature = "alloc")]
pub use spat::{
    MappingTable, Protection, SignalGroupMap, Source, SpatConfig, SpatError, SpatGenerator, Stale,
};
pub use tscbm::{
    parse_text, Countdown, MovementSignal, PedIndication, PedSignal, PhaseBlock, PhaseColor,
    SignalState, TscbmBytes, TscbmError, TscbmView,
};

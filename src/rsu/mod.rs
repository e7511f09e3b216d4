//! Roadside-unit parts that sit around the J2735 codec.
//!
//! - [`tscbm`]: the NTCIP 1202 "SPaT blob" (TSCBM) a signal controller sends at 10 Hz:
//!   a zero-copy, allocation-free, panic-free [`TscbmView`], an owned [`SignalState`]
//!   snapshot for the SPaT builder, and the `Payload=<hex>` text form ([`parse_text`]).
//! - [`controller_link`]: the signal controller link's health, sans-IO: sequence gaps,
//!   duplicates, late packets and silence ([`LinkMonitor`]). (The radio framings are
//!   [`crate::link`].)
//! - [`plan`]: a fixed-time ring-and-barrier signal plan and its [`Simulator`], giving the
//!   same [`SignalState`] the controller input does, for running without a controller.
//! - `spat` (feature `alloc`): the SPaT built from a [`SignalState`] (controller or plan
//!   state) by the `SpatGenerator`: phase to signal-group mapping, every TimeMark from one
//!   `now`, `revision`, no stale countdowns. To build a SPaT from signal-group states and
//!   times you already have, without a controller, use
//!   [`j2735::build::SpatBuilder`](crate::j2735::build::SpatBuilder) instead.
//! - `csae_map` (feature `alloc`): the China profile's MAP to broadcast, built or loaded,
//!   checked against the SPAT's phases both ways.
//! - `csae_spat` (feature `alloc`): the China profile's SPAT (T/CSAE 53) from the same
//!   signal state, through the J2735 generator, so both dialects describe one instant alike.
//! - `engine` (feature `alloc`): the sans-IO roadside unit tying these together
//!   (`RsuCore`): controller or simulated input, SPaT at 10 Hz and MAP at 1 Hz framed per
//!   destination (raw, 1609.2, WSMP, IFM), BSM forwarding, events and counters.
//! - `udp_driver` (feature `std`): the blocking socket driver that runs the engine on UDP
//!   sockets (reader threads, a send loop on the engine's schedule).
//! - `four_leg` (feature `alloc`): a default four-leg intersection (the signal-group table
//!   of [`Plan::four_leg_default`] and a MAP that matches it), to run the engine without a
//!   deployment's own.
//! - `perception` (feature `alloc`; JSON lines with `serde`): the China profile's RSM from a perception feed
//!   (detected participants as JSON lines), sans-IO: window, batching, drop counts.
//! - `rsi` (feature `alloc`; JSON lines and TOML tables with `serde`): the China profile's RSI from the RSU's board of road events
//!   and signs (JSON lines or configuration tables), sans-IO: start and end times,
//!   replacement by id, priorities, counts.
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

pub mod controller_link;
#[cfg(feature = "alloc")]
pub mod csae_map;
#[cfg(feature = "alloc")]
pub mod csae_spat;
#[cfg(feature = "alloc")]
pub mod engine;
#[cfg(feature = "alloc")]
pub mod four_leg;
#[cfg(feature = "alloc")]
pub mod map_store;
#[cfg(feature = "alloc")]
pub mod perception;
pub mod plan;
#[cfg(feature = "alloc")]
pub mod rsi;
#[cfg(feature = "alloc")]
pub mod spat;
pub mod tscbm;
#[cfg(feature = "std")]
pub mod udp_driver;

pub use controller_link::{LinkConfig, LinkCounters, LinkHealth, LinkMonitor, SeqEvent};
#[cfg(feature = "alloc")]
pub use engine::{
    Destination, Event, MessageKind, Now, RsuConfig, RsuCore, SignalInput, Transmit, TxFraming,
};
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

//! Roadside-unit parts that sit around the J2735 codec.
//!
//! - [`tscbm`]: the NTCIP 1202 "SPaT blob" (TSCBM) a signal controller sends at 10 Hz:
//!   a zero-copy, allocation-free, panic-free [`TscbmView`], an owned [`SignalState`]
//!   snapshot for the SPaT builder, and the `Payload=<hex>` text form ([`parse_text`]).
//! - [`link`]: the controller link's health, sans-IO: sequence gaps, duplicates, late
//!   packets and silence ([`LinkMonitor`]).
//!
//! Nothing here allocates; it all works without `std` or `alloc`.

pub mod link;
pub mod tscbm;

pub use link::{LinkConfig, LinkCounters, LinkHealth, LinkMonitor, SeqEvent};
pub use tscbm::{
    parse_text, Countdown, MovementSignal, PedIndication, PedSignal, PhaseBlock, PhaseColor,
    SignalState, TscbmBytes, TscbmError, TscbmView,
};

//! Robustness on hostile input: no panic, bounded stack, time and allocation, cut-short and
//! oversized messages, and the view path allocating nothing.
//!
//! One test binary (one link) for these modules; the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/counting.rs"]
mod counting;

mod bounds;
mod cut_short;
mod hostile;
mod large;
mod no_alloc;

//! The roadside-unit parts, sans-IO: controller input and link health, the plan simulator,
//! SPaT generation, the MAP store, the RSI board, the RSU engine on a simulated clock, and
//! the link framings.
//!
//! One test binary (one link) for these modules; the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod csae_core;
mod engine;
mod link;
mod map_store;
mod rsi;
mod rsu_plan;
mod rsu_spat;
mod tscbm;

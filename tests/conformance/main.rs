//! Conformance: the crate agrees with the real vectors carried in `tests/vectors` and with an
//! independent codec, and every input that once crashed it decodes or errors.
//!
//! One test binary (one link) for these modules; the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;

mod add_grp_b;
mod builders;
mod differential;
mod etsi;
mod oid;
mod regressions;
mod road_authority;
mod vectors;

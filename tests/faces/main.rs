//! The crate's faces agree: views, skip functions, decode-into, encode errors and the
//! receiver helpers against the owned decode, on every vector and on arbitrary values.
//!
//! One test binary (one link) for these modules; the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/counting.rs"]
mod counting;

mod agreement;
mod choice_blocks;
mod decode_into;
mod encode_errors;
mod layout;
mod proptest_roundtrip;
mod receiver;
mod skip;
mod view;
mod view_messages;
mod view_signal;

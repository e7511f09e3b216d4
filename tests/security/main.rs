//! IEEE 1609.2: the COER types on the public vectors, and (feature `sec`) signing and
//! verification against the vectors, tampering, policies and an independent implementation.

#[cfg(feature = "sec")]
mod brainpool;
mod common;
#[path = "../common/mod.rs"]
mod shared;
mod types;
#[cfg(feature = "sec")]
mod verify;

//! # cv2x
//!
//! SAE J2735 connected-vehicle messages in ASN.1 UPER (ITU-T X.691, unaligned), and the
//! roadside-unit parts around them.
//!
//! | module | what |
//! |---|---|
//! | [`per`] | the UPER wire primitives: bit reader and writer, integers, lengths, open types, extensions |
//! | [`oer`] | the canonical OER (COER) primitives IEEE 1609.2 is written in |
//! | [`j2735`] | `MessageFrame` and the BSM, SPaT, MAP, SRM and SSM: owned types (serde, builders), zero-copy [`j2735::view`]s, receiver helpers ([`j2735::signal`]), summaries |
//! | [`link`] | what carries a frame: WSMP, IEEE 1609.2 unsecured data, RSU 4.1 immediate forward, pcap |
//! | [`sec`] | IEEE 1609.2 signed messages and certificates (COER); sign and verify with feature `sec` |
//! | [`rsu`] | roadside-unit logic: signal-controller input (NTCIP 1202 SPaT blob) |
//! | `cloud` | the bridge to message brokers (feature `cloud`): JSON envelopes, topics, MQTT, NATS JetStream |
//! | `text` | one line of hex or JSON to one line of JSON, hex or summary, as the `v2x` tool reads them (`alloc`; JSON with `serde`) |
//!
//! Features: `std` (default) and `alloc` (owned types), `serde` (default; canonical JSON),
//! `bytes` (encode into `BytesMut`), `pcap` (capture files), `arbitrary` (random valid values),
//! `cli` (the `v2x` tool), `cloud` (the bridge to MQTT and NATS brokers; tokio). Without default features the views and the wire primitives build
//! as `#![no_std]` with no allocator.
//!
//! Every decoder input is treated as hostile: it gives a value or a small `Copy` error
//! ([`per::Error`]: kind, bit offset, field path), never a panic or an unbounded allocation.
//! What a decoder does not know (message IDs, Part II IDs, regions, extension additions,
//! CHOICE alternatives, ENUMERATED values) is kept and re-encoded byte-exactly.
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

#[cfg(feature = "cloud")]
pub mod cloud;
pub mod csae;
pub mod j2735;
pub mod link;
pub mod oer;
pub mod per;
pub mod rsu;
#[cfg(feature = "alloc")]
pub mod sec;
#[cfg(feature = "alloc")]
pub mod text;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

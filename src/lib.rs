//! # cv2x
//!
//! SAE J2735 connected-vehicle messages in ASN.1 UPER (ITU-T X.691, unaligned).
#![cfg_attr(not(feature = "std"), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod j2735;
pub mod link;
pub mod per;
pub mod rsu;

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

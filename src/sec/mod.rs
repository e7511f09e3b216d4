//! IEEE 1609.2 security: the signed-message and certificate types in canonical OER, and
//! (feature `sec`) signing and verification.
//!
//! | piece | what |
//! |---|---|
//! | [`types`] (re-exported here) | owned types with their COER codec and serde; [`SignedSpdu`], a view that borrows the signed octets and the payload |
//! | `crypto` (`sec`) | digests, HashedId8, ECDSA P-256/P-384 verification, P-256 signing, ECQV reconstruction |
//! | `trust` (`sec`) | trust anchors and a bounded cache of known certificates, keyed by HashedId8 |
//! | `verify` (`sec`) | the receiver: signature, chain, permissions, region, validity, per-PSID policy, with a reason for every refusal |
//! | `sign` (`sec`) | the sender: signed SPDUs with a P-256 key and its certificate; explicit certificates for demo chains |

pub mod types;
pub use types::*;

#[cfg(feature = "sec")]
pub mod crypto;
#[cfg(feature = "sec")]
pub mod geo;
#[cfg(feature = "sec")]
pub mod sign;
#[cfg(feature = "sec")]
pub mod trust;
#[cfg(feature = "sec")]
pub mod verify;

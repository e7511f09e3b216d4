//! IEEE 1609.2 security: the signed-message and certificate types in canonical OER, and
//! (feature `sec`) signing and verification.
//!
//! Features: `sec` verifies ECDSA over NIST P-256 and P-384 (RustCrypto, pure Rust) and signs
//! with P-256; `ring` verifies the NIST curves with ring; `brainpool` also verifies
//! brainpoolP256r1 and brainpoolP384r1 (RustCrypto `bp256` / `bp384`, pure Rust; Rust 1.85),
//! in messages and certificates, the hash following the curve (SHA-256, SHA-384). Without it
//! a brainpool signature is refused as `verify::Refusal::UnsupportedAlgorithm` and a
//! brainpool key as `trust::CertProblem::Unsupported`; implicit certificates under a
//! brainpool issuer are refused as `Unsupported` either way (ECQV is done for P-256 only).
//!
//! | piece | what |
//! |---|---|
//! | [`types`] (re-exported here) | owned types with their COER codec and serde; [`SignedSpdu`], a view that borrows the signed octets and the payload |
//! | `crypto` (`sec`) | digests, HashedId8, ECDSA P-256/P-384 verification (brainpoolP256r1/P384r1 with feature `brainpool`), P-256 signing, ECQV reconstruction |
//! | `trust` (`sec`) | trust anchors and a bounded cache of known certificates, keyed by HashedId8 |
//! | `verify` (`sec`) | the receiver: signature, chain, permissions, region, validity, per-PSID policy, with a reason for every refusal |
//! | `sign` (`sec`) | the sender: signed SPDUs with a P-256 key and its certificate; explicit certificates for demo chains |

pub mod generated;
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

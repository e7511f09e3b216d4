//! The IEEE 1609.2 (2016, with the 2022 additions that keep the wire) types, owned, with
//! their canonical OER codec and serde (ASN.1 identifiers as JSON keys).
//!
//! The types and their codec are generated from `asn1/ieee1609dot2/Ieee1609Dot2.asn` by
//! `tools/asn1gen` ([`crate::sec::generated`], re-exported here): every decoder refuses
//! non-canonical input, keeps unknown CHOICE alternatives ([`UnknownAlternative`]) and
//! extension additions ([`Extensions`]) and re-encodes them byte-exactly. The modules here
//! add what is logic rather than structure: curve points, times and PSIDs, certificate and
//! header helpers, and [`SignedSpdu`], the receiver's view of a signed message.

mod cert;
mod points;
mod spdu;
mod time;

pub use crate::oer::owned::{Coer, Extensions, UnknownAlternative};
pub use crate::oer::MAX_NESTING;
pub use crate::sec::generated::*;
pub use cert::{EE_APP, EE_ENROL};
pub use points::{CurvePoint, EcdsaSignature, PointForm};
pub use spdu::SignedSpdu;
pub use time::{EPOCH_2004_UNIX, LEAP_SECONDS_SINCE_2004};

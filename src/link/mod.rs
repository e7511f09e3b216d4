//! Link framings: what carries a `MessageFrame` to and from a radio.
//!
//! - [`wsmp`]: IEEE 1609.3 WAVE Short Message Protocol (version 3), with its extension
//!   elements and the p-encoded PSID ([`Psid`]);
//! - [`dsmp`]: China's DSMP (YD/T 3707), which carries T/CSAE 53 messages under an AID;
//! - [`ieee1609dot2`]: IEEE 1609.2 `Ieee1609Dot2Data` carrying unsecured data (signed data is
//!   read by [`crate::sec`], and [`detect`] unwraps it to its frame);
//! - [`ifm`]: the USDOT RSU 4.1 "immediate forward" text message sent to an RSU;
//! - [`detect`]: which of these a received datagram is, unwrapped down to the frame;
//! - `pcap` (feature `pcap`): capture files in the encapsulations found in the field.
//!
//! Parsers borrow the datagram and allocate nothing; every input gets a value or a
//! [`LinkError`], never a panic. Writers append to a `Vec<u8>` (feature `alloc`).

pub mod detect;
pub mod dsmp;
pub mod ieee1609dot2;
#[cfg(feature = "alloc")]
pub mod ifm;
#[cfg(feature = "pcap")]
pub mod pcap;
pub mod wsmp;

pub use detect::{unwrap, Framing, Unwrapped};
pub use wsmp::Psid;

/// What is wrong with a framing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LinkError {
    /// The datagram ended inside a header or before its stated length.
    #[error("truncated at octet {0}")]
    Truncated(usize),
    /// A version, type or tag this crate does not read.
    #[error("unsupported {what} {value} at octet {at}")]
    Unsupported {
        /// Which field.
        what: &'static str,
        /// Its value.
        value: u32,
        /// Octet offset.
        at: usize,
    },
    /// A length or PSID that is not validly encoded.
    #[error("invalid {what} at octet {at}")]
    Invalid {
        /// Which field.
        what: &'static str,
        /// Octet offset.
        at: usize,
    },
    /// Octets remain after the stated length.
    #[error("{0} octets after the end")]
    Trailing(usize),
    /// A value too large for the field it goes into.
    #[error("{0} too large to encode")]
    TooLarge(&'static str),
}

//! PSIDs, 1609.2 times and hashed identifiers: constants and conversions.

use super::{HashedId3, HashedId8, Psid, Time32, Time64};

impl Psid {
    /// Basic safety message.
    pub const BSM: Psid = Psid(0x20);
    /// Signal phase and timing (and MAP in many RSU 4.1 deployments).
    pub const SPAT: Psid = Psid(0x82);
    /// Traveller information.
    pub const TIM: Psid = Psid(0x83);
    /// MAP under the Connected Intersections guidance.
    pub const MAP: Psid = Psid(0x204097);
    /// Signal request message.
    pub const SRM: Psid = Psid(0x204096);
    /// Signal status message.
    pub const SSM: Psid = Psid(0x204095);
    /// WAVE service advertisement.
    pub const WSA: Psid = Psid(0x87);
}

/// Seconds from the Unix epoch to the 1609.2 epoch, 2004-01-01 00:00:00 UTC.
pub const EPOCH_2004_UNIX: u64 = 1_072_915_200;
/// Leap seconds inserted between 2004 and 2017 (none since): the TAI offset of 1609.2 time
/// for instants after 2017-01-01.
pub const LEAP_SECONDS_SINCE_2004: u64 = 5;

impl Time64 {
    /// The 1609.2 time of a Unix time in microseconds (after 2017-01-01; earlier instants
    /// are off by the leap seconds not yet inserted).
    pub fn from_unix_micros(us: u64) -> Time64 {
        Time64(
            us.saturating_sub(EPOCH_2004_UNIX * 1_000_000)
                .saturating_add(LEAP_SECONDS_SINCE_2004 * 1_000_000),
        )
    }

    /// The whole seconds of this time, as a [`Time32`] (saturating).
    pub fn seconds(self) -> Time32 {
        Time32(u32::try_from(self.0 / 1_000_000).unwrap_or(u32::MAX))
    }
}

impl Time32 {
    /// This time in microseconds.
    pub fn micros(self) -> Time64 {
        Time64(self.0 as u64 * 1_000_000)
    }
}

macro_rules! hex_display {
    ($($t:ty),*) => {$(
        impl core::fmt::Display for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
            }
        }
    )*};
}
hex_display!(HashedId8, HashedId3);

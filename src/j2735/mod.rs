//! SAE J2735 messages: the [`MessageFrame`] and the messages inside it.
//!
//! Each message has two faces:
//! - **owned types** (`alloc`): [`BasicSafetyMessage`] and every type it references,
//!   generated from `asn1/` by `tools/gen_rust.py`, with serde in the canonical JSON form;
//! - **zero-copy views** ([`view`]): borrow the input, allocate nothing.
//!
//! Content this edition does not know (message IDs, Part II IDs, regions, extension
//! additions, CHOICE alternatives, ENUMERATED values) is kept as sent and re-encoded
//! byte-exactly.
//!
//! Regional extensions: each extension point has its own type, named after its information
//! object set (`RegIntersectionState` for `RegionalExtension {{Reg-IntersectionState}}` in
//! `asn1/j2735/REGION.asn`), whose `reg_ext_value` holds region 2's content (addGrpB, J2735)
//! and region 3's (addGrpC, ISO TS 19091) typed where those modules define it. Region 1
//! (addGrpA) defines no content. A region's content is an open type the
//! standard leaves to the region, so content of a region the point does not type, and
//! content that does not read as its type (or would not re-encode to the same octets), is
//! kept as octets (`Unknown`, `{"$open_hex": ...}` in JSON) instead of failing the message.
//! Points without typed regions use the untyped [`RegionalExtension`].

#[cfg(feature = "alloc")]
pub mod build;
#[cfg(feature = "alloc")]
mod frame;
mod generated;
#[cfg(feature = "alloc")]
mod part_ii;
#[cfg(feature = "alloc")]
pub mod signal;
#[cfg(feature = "alloc")]
pub mod summary;
pub mod units;
pub mod view;

#[cfg(feature = "alloc")]
pub use build::{
    BsmBuilder, ConnectionSpec, Itis, LaneKind, LaneSpec, MapBuilder, PsmBuilder, SignalGroupState,
    SpatBuilder, TimBuilder, TimContent,
};
#[cfg(feature = "alloc")]
pub use frame::{Message, MessageFrame, UnknownMessage};
pub use generated::*;
#[cfg(feature = "alloc")]
pub use part_ii::PartIIcontent;

/// The BSM under its short name.
#[cfg(feature = "alloc")]
pub type Bsm = BasicSafetyMessage;
/// The SPaT message under its Rust-style name.
#[cfg(feature = "alloc")]
pub type Spat = SPAT;
/// The Traveler Information Message under its short name.
#[cfg(feature = "alloc")]
pub type Tim = TravelerInformation;

/// Message IDs (`DSRCmsgID`) of J2735-2020.
pub mod msg_id {
    /// MapData (MAP).
    pub const MAP_DATA: u16 = 18;
    /// SPAT.
    pub const SPAT: u16 = 19;
    /// BasicSafetyMessage (BSM).
    pub const BASIC_SAFETY_MESSAGE: u16 = 20;
    /// CommonSafetyRequest (CSR).
    pub const COMMON_SAFETY_REQUEST: u16 = 21;
    /// EmergencyVehicleAlert (EVA).
    pub const EMERGENCY_VEHICLE_ALERT: u16 = 22;
    /// IntersectionCollision (ICA).
    pub const INTERSECTION_COLLISION: u16 = 23;
    /// NMEAcorrections (NMEA).
    pub const NMEA_CORRECTIONS: u16 = 24;
    /// ProbeDataManagement (PDM).
    pub const PROBE_DATA_MANAGEMENT: u16 = 25;
    /// ProbeVehicleData (PVD).
    pub const PROBE_VEHICLE_DATA: u16 = 26;
    /// RoadSideAlert (RSA).
    pub const ROAD_SIDE_ALERT: u16 = 27;
    /// RTCMcorrections (RTCM).
    pub const RTCM_CORRECTIONS: u16 = 28;
    /// SignalRequestMessage (SRM).
    pub const SIGNAL_REQUEST_MESSAGE: u16 = 29;
    /// SignalStatusMessage (SSM).
    pub const SIGNAL_STATUS_MESSAGE: u16 = 30;
    /// TravelerInformation (TIM).
    pub const TRAVELER_INFORMATION: u16 = 31;
    /// PersonalSafetyMessage (PSM).
    pub const PERSONAL_SAFETY_MESSAGE: u16 = 32;
    /// RoadSafetyMessage (RSM; J2735-2024's, J2945/4).
    pub const ROAD_SAFETY_MESSAGE: u16 = 33;
    /// TestMessage00.
    pub const TEST_MESSAGE_00: u16 = 240;
    /// TestMessage01.
    pub const TEST_MESSAGE_01: u16 = 241;
    /// TestMessage02.
    pub const TEST_MESSAGE_02: u16 = 242;
    /// TestMessage03.
    pub const TEST_MESSAGE_03: u16 = 243;
    /// TestMessage04.
    pub const TEST_MESSAGE_04: u16 = 244;
    /// TestMessage05.
    pub const TEST_MESSAGE_05: u16 = 245;
    /// TestMessage06.
    pub const TEST_MESSAGE_06: u16 = 246;
    /// TestMessage07.
    pub const TEST_MESSAGE_07: u16 = 247;
    /// TestMessage08.
    pub const TEST_MESSAGE_08: u16 = 248;
    /// TestMessage09.
    pub const TEST_MESSAGE_09: u16 = 249;
    /// TestMessage10.
    pub const TEST_MESSAGE_10: u16 = 250;
    /// TestMessage11.
    pub const TEST_MESSAGE_11: u16 = 251;
    /// TestMessage12.
    pub const TEST_MESSAGE_12: u16 = 252;
    /// TestMessage13.
    pub const TEST_MESSAGE_13: u16 = 253;
    /// TestMessage14.
    pub const TEST_MESSAGE_14: u16 = 254;
    /// TestMessage15.
    pub const TEST_MESSAGE_15: u16 = 255;
}

/// Part II IDs (`PartII-Id`) of J2735-2020.
pub mod part_ii_id {
    /// VehicleSafetyExtensions.
    pub const VEHICLE_SAFETY: u8 = 0;
    /// SpecialVehicleExtensions.
    pub const SPECIAL_VEHICLE: u8 = 1;
    /// SupplementalVehicleExtensions.
    pub const SUPPLEMENTAL_VEHICLE: u8 = 2;
}

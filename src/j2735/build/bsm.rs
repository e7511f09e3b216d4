//! Writing a BSM by hand: [`BsmBuilder`] with the units people think in.

use alloc::vec::Vec;

use crate::j2735::units;
use crate::j2735::*;
use crate::per::{BitString, Encode, Result};

impl BSMcoreData {
    /// Core data for vehicle `id` with everything else "unavailable" (position, speed,
    /// heading, accuracy, accelerations, brakes) or zero (size, message count).
    pub fn unavailable(id: [u8; 4]) -> Self {
        BSMcoreData {
            msg_cnt: MsgCount(0),
            id: TemporaryID(id),
            sec_mark: DSecond(units::SEC_MARK_UNAVAILABLE),
            lat: Latitude(units::LAT_UNAVAILABLE),
            long: Longitude(units::LONG_UNAVAILABLE),
            elev: Elevation(units::ELEV_UNAVAILABLE as _),
            accuracy: PositionalAccuracy {
                semi_major: SemiMajorAxisAccuracy(255),
                semi_minor: SemiMinorAxisAccuracy(255),
                orientation: SemiMajorAxisOrientation(65535),
            },
            transmission: TransmissionState::Unavailable,
            speed: Speed(units::SPEED_UNAVAILABLE),
            heading: Heading(units::HEADING_UNAVAILABLE),
            angle: SteeringWheelAngle(units::ANGLE_UNAVAILABLE),
            accel_set: AccelerationSet4Way {
                long: Acceleration(units::ACCEL_UNAVAILABLE),
                lat: Acceleration(units::ACCEL_UNAVAILABLE),
                vert: VerticalAcceleration(units::VERT_ACCEL_UNAVAILABLE),
                yaw: YawRate(0),
            },
            brakes: BrakeSystemStatus {
                // Bit 0, `unavailable`, set: the per-wheel state is not known.
                wheel_brakes: BrakeAppliedStatus(BitString::from_u64(0b10000, 5)),
                traction: TractionControlStatus::Unavailable,
                abs: AntiLockBrakeStatus::Unavailable,
                scs: StabilityControlStatus::Unavailable,
                brake_boost: BrakeBoostApplied::Unavailable,
                aux_brakes: AuxiliaryBrakeStatus::Unavailable,
            },
            size: VehicleSize {
                width: VehicleWidth(0),
                length: VehicleLength(0),
            },
        }
    }
}

/// Builds a [`BasicSafetyMessage`] from values in degrees, metres and m/s.
///
/// Values outside what J2735 can carry are refused by [`BsmBuilder::build`], which checks
/// every constraint by encoding.
///
/// ```
/// use cv2x::j2735::{BsmBuilder, MessageFrame, TransmissionState};
/// use cv2x::per::Encode;
///
/// let bsm = BsmBuilder::new([0xf0, 0x3a, 0xd6, 0x10])
///     .msg_cnt(25)
///     .sec_mark_ms(38_283)
///     .position_deg(38.9557079, -77.1505975)
///     .elevation_m(37.0)
///     .speed_mps(13.9)
///     .heading_deg(127.5)
///     .transmission(TransmissionState::ForwardGears)
///     .size_cm(200, 500)
///     .build()?;
/// let bytes = MessageFrame::from(bsm).to_uper()?;
/// assert_eq!(bytes.len(), 40);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BsmBuilder {
    bsm: BasicSafetyMessage,
}

impl BsmBuilder {
    /// A BSM for vehicle `id` with everything unavailable.
    pub fn new(id: [u8; 4]) -> Self {
        BsmBuilder {
            bsm: BasicSafetyMessage {
                core_data: BSMcoreData::unavailable(id),
                part_ii: None,
                regional: None,
                ext: None,
            },
        }
    }
    /// The rolling message count (0..=127).
    pub fn msg_cnt(mut self, n: u8) -> Self {
        self.bsm.core_data.msg_cnt = MsgCount(n);
        self
    }
    /// Milliseconds within the current UTC minute (0..=59999; leap second to 60999).
    pub fn sec_mark_ms(mut self, ms: u16) -> Self {
        self.bsm.core_data.sec_mark = DSecond(ms);
        self
    }
    /// Position in degrees (WGS-84). Out-of-range degrees leave the position unavailable
    /// and make `build` fail.
    pub fn position_deg(mut self, lat: f64, long: f64) -> Self {
        self.bsm.core_data.lat = Latitude(units::lat_from_deg(lat).unwrap_or(i32::MAX));
        self.bsm.core_data.long = Longitude(units::long_from_deg(long).unwrap_or(i32::MIN));
        self
    }
    /// Elevation in metres above the WGS-84 ellipsoid.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.bsm.core_data.elev = Elevation(units::elev_from_m(m) as _);
        self
    }
    /// Speed in m/s.
    pub fn speed_mps(mut self, mps: f64) -> Self {
        self.bsm.core_data.speed = Speed(units::speed_from_mps(mps).unwrap_or(u16::MAX));
        self
    }
    /// Heading in degrees clockwise from north.
    pub fn heading_deg(mut self, deg: f64) -> Self {
        self.bsm.core_data.heading = Heading(units::heading_from_deg(deg));
        self
    }
    /// The transmission state.
    pub fn transmission(mut self, t: TransmissionState) -> Self {
        self.bsm.core_data.transmission = t;
        self
    }
    /// Vehicle width and length in centimetres.
    pub fn size_cm(mut self, width: u16, length: u16) -> Self {
        self.bsm.core_data.size = VehicleSize {
            width: VehicleWidth(width),
            length: VehicleLength(length),
        };
        self
    }
    /// Adds a Part II entry.
    pub fn part_ii(mut self, p: PartIIcontent) -> Self {
        self.bsm.part_ii.get_or_insert_with(Vec::new).push(p);
        self
    }
    /// Direct access to the core data for the fields without a helper.
    pub fn core_data_mut(&mut self) -> &mut BSMcoreData {
        &mut self.bsm.core_data
    }
    /// Checks every constraint (by encoding) and returns the BSM.
    pub fn build(self) -> Result<BasicSafetyMessage> {
        self.bsm.to_uper()?;
        Ok(self.bsm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::{Decode, ErrorKind};

    #[test]
    fn built_bsm_round_trips_and_reads_back_in_units() {
        let bsm = BsmBuilder::new([1, 2, 3, 4])
            .position_deg(41.16, -83.58)
            .speed_mps(20.0)
            .heading_deg(-90.0)
            .build()
            .unwrap();
        let again = BasicSafetyMessage::from_uper(&bsm.to_uper().unwrap()).unwrap();
        assert_eq!(again, bsm);
        assert_eq!(units::lat_deg(again.core_data.lat.0), Some(41.16));
        assert_eq!(units::long_deg(again.core_data.long.0), Some(-83.58));
        assert_eq!(again.core_data.speed.0, 1000);
        assert_eq!(units::heading_deg(again.core_data.heading.0), Some(270.0));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let e = BsmBuilder::new([0; 4])
            .position_deg(91.0, 0.0)
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind, e.path),
            (ErrorKind::ValueOutOfRange, "BSMcoreData.lat")
        );
        let e = BsmBuilder::new([0; 4]).msg_cnt(128).build().unwrap_err();
        assert_eq!(e.path, "BSMcoreData.msgCnt");
        let e = BsmBuilder::new([0; 4]).speed_mps(-1.0).build().unwrap_err();
        assert_eq!(e.path, "BSMcoreData.speed");
    }
}

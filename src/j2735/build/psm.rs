//! Writing a PSM by hand: [`PsmBuilder`] for a pedestrian's or cyclist's phone, in degrees,
//! metres and m/s.

use alloc::vec::Vec;

use crate::j2735::signal::math::round_i64;
use crate::j2735::units;
use crate::j2735::*;
use crate::per::{Encode, Result};

/// Builds a [`PersonalSafetyMessage`] from values in degrees, metres and m/s, with an
/// optional path history of recent points.
///
/// Unset members are "unavailable" (position, speed, heading, accuracy) or zero (message
/// count); values outside what J2735 can carry are refused by [`PsmBuilder::build`], which
/// checks every constraint by encoding.
///
/// ```
/// use cv2x::j2735::{MessageFrame, PersonalDeviceUserType, PsmBuilder};
/// use cv2x::per::{Decode, Encode};
///
/// let psm = PsmBuilder::new(PersonalDeviceUserType::APEDESTRIAN, [0x24, 0x77, 0x9d, 0x7e])
///     .msg_cnt(26)
///     .sec_mark_ms(3_564)
///     .position_deg(40.2397377, -74.2761437)
///     .speed_mps(1.4)
///     .heading_deg(90.0)
///     // 2 m north and 1 s ago, then 4 m north and 2 s ago.
///     .path_point(0.000018, 0.0, 1.0)
///     .path_point(0.000036, 0.0, 2.0)
///     .build()?;
/// let bytes = MessageFrame::from(psm.clone()).to_uper()?;
/// let back = MessageFrame::from_uper(&bytes)?;
/// assert_eq!(back, MessageFrame::from(psm));
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PsmBuilder {
    psm: PersonalSafetyMessage,
    /// Path points out of range (kept to fail `build`).
    bad_point: bool,
}

impl PsmBuilder {
    /// A PSM of a user of `basic_type` with temporary id `id`, everything else unavailable.
    pub fn new(basic_type: PersonalDeviceUserType, id: [u8; 4]) -> Self {
        PsmBuilder {
            psm: PersonalSafetyMessage {
                basic_type,
                sec_mark: DSecond(units::SEC_MARK_UNAVAILABLE),
                msg_cnt: MsgCount(0),
                id: TemporaryID(id),
                position: Position3D {
                    lat: Latitude(units::LAT_UNAVAILABLE),
                    long: Longitude(units::LONG_UNAVAILABLE),
                    elevation: None,
                    regional: None,
                    ext: None,
                },
                accuracy: PositionalAccuracy {
                    semi_major: SemiMajorAxisAccuracy(255),
                    semi_minor: SemiMinorAxisAccuracy(255),
                    orientation: SemiMajorAxisOrientation(65535),
                },
                speed: Velocity(units::SPEED_UNAVAILABLE),
                heading: Heading(units::HEADING_UNAVAILABLE),
                ..Default::default()
            },
            bad_point: false,
        }
    }
    /// The rolling message count (0..=127).
    pub fn msg_cnt(mut self, n: u8) -> Self {
        self.psm.msg_cnt = MsgCount(n);
        self
    }
    /// Milliseconds within the current UTC minute (0..=59999; leap second to 60999).
    pub fn sec_mark_ms(mut self, ms: u16) -> Self {
        self.psm.sec_mark = DSecond(ms);
        self
    }
    /// Position in degrees (WGS-84). Out-of-range degrees make `build` fail.
    pub fn position_deg(mut self, lat: f64, long: f64) -> Self {
        self.psm.position.lat = Latitude(units::lat_from_deg(lat).unwrap_or(i32::MAX));
        self.psm.position.long = Longitude(units::long_from_deg(long).unwrap_or(i32::MIN));
        self
    }
    /// Elevation in metres above the WGS-84 ellipsoid.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.psm.position.elevation = Some(Elevation(units::elev_from_m(m) as _));
        self
    }
    /// Speed in m/s.
    pub fn speed_mps(mut self, mps: f64) -> Self {
        self.psm.speed = Velocity(units::speed_from_mps(mps).unwrap_or(u16::MAX));
        self
    }
    /// Heading in degrees clockwise from north.
    pub fn heading_deg(mut self, deg: f64) -> Self {
        self.psm.heading = Heading(units::heading_from_deg(deg));
        self
    }
    /// How the user moves (on foot, by bicycle, ...).
    pub fn propulsion(mut self, p: PropelledInformation) -> Self {
        self.psm.propulsion = Some(p);
        self
    }
    /// Adds a point to the path history: its offset from the current position in degrees
    /// of latitude and longitude, and how many seconds ago the user was there (0.01 s
    /// steps). Points go in the order given, the most recent first; at most 23.
    pub fn path_point(mut self, dlat_deg: f64, dlong_deg: f64, seconds_ago: f64) -> Self {
        // OffsetLL-B18: 0.1 microdegree steps, +-131071 (131072 is "unavailable").
        // (Rounded half away from zero without `std`: |v| < 131071.5 rounds inside
        // +-131071; NaN and infinities are refused by the comparisons.)
        let offset = |deg: f64| {
            let v = deg * 1e7;
            (v.abs() < 131_071.5).then(|| round_i64(v) as i32)
        };
        let t = seconds_ago * 100.0;
        let time = round_i64(t);
        match (
            offset(dlat_deg),
            offset(dlong_deg),
            (0.5..65_534.5).contains(&t),
        ) {
            (Some(lat), Some(long), true) => {
                let h = self.psm.path_history.get_or_insert_with(|| PathHistory {
                    initial_position: None,
                    curr_gnss_status: None,
                    crumb_data: PathHistoryPointList(Vec::new()),
                    ext: None,
                });
                h.crumb_data.0.push(PathHistoryPoint {
                    lat_offset: OffsetLLB18(lat),
                    lon_offset: OffsetLLB18(long),
                    // VertOffset-B12: -2048 is "unavailable".
                    elevation_offset: VertOffsetB12(-2048),
                    time_offset: TimeOffset(time as u16),
                    speed: None,
                    pos_accuracy: None,
                    heading: None,
                    ext: None,
                });
            }
            _ => self.bad_point = true,
        }
        self
    }
    /// Direct access to the message for the members without a helper.
    pub fn psm_mut(&mut self) -> &mut PersonalSafetyMessage {
        &mut self.psm
    }
    /// Checks every constraint (by encoding) and returns the PSM.
    pub fn build(self) -> Result<PersonalSafetyMessage> {
        if self.bad_point {
            return Err(
                crate::per::Error::new(crate::per::ErrorKind::ValueOutOfRange, 0)
                    .in_field("PathHistoryPoint"),
            );
        }
        self.psm.to_uper()?;
        Ok(self.psm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::{Decode, ErrorKind};

    #[test]
    fn built_psm_round_trips_and_reads_back_in_units() {
        let psm = PsmBuilder::new(PersonalDeviceUserType::APEDALCYCLIST, [1, 2, 3, 4])
            .position_deg(41.16, -83.58)
            .speed_mps(5.0)
            .heading_deg(-90.0)
            .path_point(-0.0001, 0.0, 2.5)
            .build()
            .unwrap();
        let again = PersonalSafetyMessage::from_uper(&psm.to_uper().unwrap()).unwrap();
        assert_eq!(again, psm);
        assert_eq!(units::lat_deg(again.position.lat.0), Some(41.16));
        assert_eq!(again.speed.0, 250);
        assert_eq!(units::heading_deg(again.heading.0), Some(270.0));
        let p = &again.path_history.unwrap().crumb_data.0[0];
        assert_eq!((p.lat_offset.0, p.time_offset.0), (-1000, 250));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let t = PersonalDeviceUserType::APEDESTRIAN;
        let e = PsmBuilder::new(t, [0; 4]).position_deg(91.0, 0.0).build();
        assert_eq!(e.unwrap_err().kind, ErrorKind::ValueOutOfRange);
        let e = PsmBuilder::new(t, [0; 4]).msg_cnt(128).build().unwrap_err();
        assert_eq!(e.path, "PersonalSafetyMessage.msgCnt");
        let e = PsmBuilder::new(t, [0; 4]).path_point(0.1, 0.0, 1.0).build();
        assert_eq!(e.unwrap_err().path, "PathHistoryPoint");
    }
}

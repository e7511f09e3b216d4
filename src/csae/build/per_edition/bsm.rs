//! [`BsmBuilder`]: a BSM from degrees, metres and m/s. Compiled in each edition's `build`
//! module (`ed` is the edition; see [`crate::csae::build`]).

use super::ed::*;
use crate::csae::build::{heading, lat_lon, scaled, BuildError, FirstError};
use crate::per::Encode;

/// Builds a [`BasicSafetyMessage`] of the edition from values in degrees, metres and m/s; what is
/// not set is sent as unavailable (position, speed, heading, accelerations) or zero (size,
/// vehicle class).
///
/// ```
/// use cv2x::csae::v2020::{BsmBuilder, MessageFrame, TransmissionState};
/// use cv2x::per::{Decode, Encode};
///
/// let bsm = BsmBuilder::new(*b"car-0001")
///     .msg_cnt(7)
///     .sec_mark_ms(12_345)
///     .position_deg(31.2304, 121.4737)
///     .elevation_m(4.5)
///     .speed_mps(13.9)
///     .heading_deg(92.5)
///     .transmission(TransmissionState::ForwardGears)
///     .size_m(1.8, 4.6)
///     .vehicle_class(10)
///     .build()?;
/// let bytes = MessageFrame::BsmFrame(bsm.clone()).to_uper()?;
/// let MessageFrame::BsmFrame(back) = MessageFrame::from_uper(&bytes)? else { panic!() };
/// assert_eq!(back, bsm);
/// assert_eq!((back.speed.0, back.heading.0, back.size.width.0), (695, 7400, 180));
///
/// let e = BsmBuilder::new([0; 8]).speed_mps(200.0).build().unwrap_err();
/// assert_eq!(e.to_string(), "speed: 200 is outside 0..=163.8 m/s");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BsmBuilder {
    bsm: BasicSafetyMessage,
    err: FirstError,
}

impl BsmBuilder {
    /// A BSM for vehicle `id` with everything unavailable.
    pub fn new(id: [u8; 8]) -> Self {
        BsmBuilder {
            // What the editions have alike; the rest absent or zero (2020's time and
            // position confidences, 2017's plate number and its mandatory `accuracy`,
            // unavailable).
            bsm: BasicSafetyMessage {
                id: TemporaryID(id),
                sec_mark: DSecond(65_535),
                pos: Position3D {
                    lat: Latitude(900_000_001),
                    long: Longitude(1_800_000_001),
                    elevation: None,
                },
                transmission: TransmissionState::Unavailable,
                speed: Speed(8191),
                heading: Heading(28_800),
                accel_set: AccelerationSet4Way {
                    long: Acceleration(2001),
                    lat: Acceleration(2001),
                    vert: VerticalAcceleration(-127),
                    yaw: YawRate(0),
                },
                ..Default::default()
            },
            err: FirstError::default(),
        }
    }

    /// The rolling message count, 0..=127.
    pub fn msg_cnt(mut self, n: u8) -> Self {
        if let Some(v) = self
            .err
            .take(scaled("msgCnt", f64::from(n), 1.0, 0, 127, ""))
        {
            self.bsm.msg_cnt = MsgCount(v as u8);
        }
        self
    }

    /// Milliseconds within the UTC minute of the position, 0..=59999 (a leap second to
    /// 60999).
    pub fn sec_mark_ms(mut self, ms: u16) -> Self {
        if let Some(v) = self
            .err
            .take(scaled("secMark", f64::from(ms), 1.0, 0, 60_999, "ms"))
        {
            self.bsm.sec_mark = DSecond(v as u16);
        }
        self
    }

    /// The position in degrees.
    pub fn position_deg(mut self, lat: f64, lon: f64) -> Self {
        if let Some((lat, lon)) = self.err.take(lat_lon(lat, lon)) {
            self.bsm.pos.lat = Latitude(lat);
            self.bsm.pos.long = Longitude(lon);
        }
        self
    }

    /// The elevation in metres (-409.6..=6143.8).
    pub fn elevation_m(mut self, m: f64) -> Self {
        if let Some(v) = self
            .err
            .take(scaled("elevation", m, 10.0, -4096, 61_438, "m"))
        {
            self.bsm.pos.elevation = Some(Elevation(v as i32));
        }
        self
    }

    /// The speed in m/s (0..=163.8).
    pub fn speed_mps(mut self, mps: f64) -> Self {
        if let Some(v) = self.err.take(scaled("speed", mps, 50.0, 0, 8190, "m/s")) {
            self.bsm.speed = Speed(v as u16);
        }
        self
    }

    /// The heading in degrees clockwise from north (any finite angle, taken modulo 360).
    pub fn heading_deg(mut self, deg: f64) -> Self {
        if let Some(v) = self.err.take(heading(deg)) {
            self.bsm.heading = Heading(v);
        }
        self
    }

    /// The transmission state.
    pub fn transmission(mut self, t: TransmissionState) -> Self {
        self.bsm.transmission = t;
        self
    }

    /// Width and length in metres (0..=10.23, 0..=40.95).
    pub fn size_m(mut self, width: f64, length: f64) -> Self {
        let w = self.err.take(scaled("width", width, 100.0, 0, 1023, "m"));
        let l = self.err.take(scaled("length", length, 100.0, 0, 4095, "m"));
        if let (Some(w), Some(l)) = (w, l) {
            self.bsm.size.width = VehicleWidth(w as u16);
            self.bsm.size.length = VehicleLength(l as u16);
        }
        self
    }

    /// The basic vehicle class (10 passenger car, ...).
    pub fn vehicle_class(mut self, class: u8) -> Self {
        self.bsm.vehicle_class.classification = BasicVehicleClass(class);
        self
    }

    /// Direct access to the message for the fields without a setter.
    pub fn message_mut(&mut self) -> &mut BasicSafetyMessage {
        &mut self.bsm
    }

    /// The BSM, after checking every constraint by encoding it.
    pub fn build(self) -> Result<BasicSafetyMessage, BuildError> {
        self.err.check()?;
        self.bsm.to_uper()?;
        Ok(self.bsm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::Decode;

    #[test]
    fn unavailable_by_default_and_checked() {
        let b = BsmBuilder::new([1; 8]).build().unwrap();
        assert_eq!(
            BasicSafetyMessage::from_uper(&b.to_uper().unwrap()).unwrap(),
            b
        );
        assert_eq!(
            (b.speed.0, b.heading.0, b.pos.lat.0),
            (8191, 28_800, 900_000_001)
        );
        let b = BsmBuilder::new([1; 8]).heading_deg(-90.0).build().unwrap();
        assert_eq!(b.heading.0, 21_600);
        let e = BsmBuilder::new([0; 8])
            .position_deg(91.0, 0.0)
            .speed_mps(-1.0)
            .build()
            .unwrap_err();
        // The first error is kept.
        assert!(
            matches!(e, BuildError::OutOfRange { field: "lat", .. }),
            "{e}"
        );
        let e = BsmBuilder::new([0; 8]).msg_cnt(128).build().unwrap_err();
        assert!(
            matches!(
                e,
                BuildError::OutOfRange {
                    field: "msgCnt",
                    ..
                }
            ),
            "{e}"
        );
        assert!(BsmBuilder::new([0; 8])
            .heading_deg(f64::INFINITY)
            .build()
            .is_err());
    }
}

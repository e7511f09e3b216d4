//! Conversions between wire units and the units people think in, with J2735's
//! "unavailable" values mapped to `None`.
//!
//! ```
//! use cv2x::j2735::units;
//! assert_eq!(units::lat_deg(389557079), Some(38.9557079));
//! assert_eq!(units::lat_deg(units::LAT_UNAVAILABLE), None);
//! assert_eq!(units::lat_from_deg(38.9557079), Some(389557079));
//! assert_eq!(units::speed_from_mps(13.9), Some(695));
//! ```

/// `Latitude` value meaning "unavailable".
pub const LAT_UNAVAILABLE: i32 = 900_000_001;
/// `Longitude` value meaning "unavailable".
pub const LONG_UNAVAILABLE: i32 = 1_800_000_001;
/// `Elevation` value meaning "unavailable".
pub const ELEV_UNAVAILABLE: i32 = -4096;
/// `Speed` value meaning "unavailable".
pub const SPEED_UNAVAILABLE: u16 = 8191;
/// `Heading` value meaning "unavailable".
pub const HEADING_UNAVAILABLE: u16 = 28800;
/// `DSecond` value meaning "unavailable".
pub const SEC_MARK_UNAVAILABLE: u16 = 65535;
/// `SteeringWheelAngle` value meaning "unavailable".
pub const ANGLE_UNAVAILABLE: i8 = 127;
/// `Acceleration` value meaning "unavailable".
pub const ACCEL_UNAVAILABLE: i16 = 2001;
/// `VerticalAcceleration` value meaning "unavailable".
pub const VERT_ACCEL_UNAVAILABLE: i8 = -127;

fn round(x: f64) -> f64 {
    // `f64::round` needs std; this is the same for the magnitudes used here.
    if x >= 0.0 {
        (x + 0.5) as i64 as f64
    } else {
        -((-x + 0.5) as i64 as f64)
    }
}

/// Latitude (1/10 micro degree) to degrees.
pub fn lat_deg(v: i32) -> Option<f64> {
    (v != LAT_UNAVAILABLE).then_some(v as f64 / 1e7)
}
/// Degrees to latitude (1/10 micro degree); `None` outside -90..=90.
pub fn lat_from_deg(deg: f64) -> Option<i32> {
    (-90.0..=90.0)
        .contains(&deg)
        .then(|| round(deg * 1e7) as i32)
}
/// Longitude (1/10 micro degree) to degrees.
pub fn long_deg(v: i32) -> Option<f64> {
    (v != LONG_UNAVAILABLE).then_some(v as f64 / 1e7)
}
/// Degrees to longitude (1/10 micro degree); `None` outside -180..=180. The antimeridian
/// is sent as +180 (1800000000), since -1800000000 is outside the type.
pub fn long_from_deg(deg: f64) -> Option<i32> {
    (-180.0..=180.0).contains(&deg).then(|| {
        (round(deg * 1e7) as i32)
            .max(-1_799_999_999)
            .max(if deg <= -179.999_999_95 {
                1_800_000_000
            } else {
                i32::MIN
            })
    })
}
/// Elevation (10 cm) to metres.
pub fn elev_m(v: i32) -> Option<f64> {
    (v != ELEV_UNAVAILABLE).then_some(v as f64 / 10.0)
}
/// Metres to elevation (10 cm), clamped to -409.5..=6143.9 m as J2735 says.
pub fn elev_from_m(m: f64) -> i32 {
    (round(m * 10.0) as i64).clamp(-4095, 61439) as i32
}
/// Speed (0.02 m/s) to m/s.
pub fn speed_mps(v: u16) -> Option<f64> {
    (v != SPEED_UNAVAILABLE).then_some(v as f64 * 0.02)
}
/// m/s to speed (0.02 m/s); `None` if negative; 163.8 m/s and above are sent as 8190.
pub fn speed_from_mps(mps: f64) -> Option<u16> {
    (mps >= 0.0).then(|| (round(mps / 0.02) as i64).min(8190) as u16)
}
/// Heading (0.0125 degree) to degrees clockwise from north.
pub fn heading_deg(v: u16) -> Option<f64> {
    (v != HEADING_UNAVAILABLE).then_some(v as f64 * 0.0125)
}
/// Degrees clockwise from north to heading (0.0125 degree), wrapping into 0..360.
pub fn heading_from_deg(deg: f64) -> u16 {
    let d = deg % 360.0;
    let d = if d < 0.0 { d + 360.0 } else { d };
    (round(d / 0.0125) as u32 % 28800) as u16
}

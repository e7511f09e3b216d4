//! [`RsiBuilder`]: a 2017 RSI, one alert (a text or a GB 5768 sign) along a path, from
//! degrees and metres.

use alloc::string::String;
use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::{
    count_and_minute_setters, path, priority, ref_pos, scaled, BuildError, FirstError,
};
use crate::per::Encode;

/// Builds a 2017 [`RoadSideInformation`]: one alert from an RSU, placed at its reference
/// position (where the sign or incident is), active along a path of 2..=32 points and
/// within a radius of it. 2020's RSI (lists of events and signs) is another message: see
/// [`crate::csae::v2020::RsiBuilder`].
///
/// ```
/// use cv2x::csae::v2017::{MessageFrame, RsiBuilder};
/// use cv2x::per::{Decode, Encode};
///
/// // Road works (GB 5768 sign 38) 50 m ahead, from 120 m upstream.
/// let rsi = RsiBuilder::new(*b"rsu-0042", 7, 38, 30.2745, 120.1552)
///     .description("road works")
///     .priority(5)
///     .alert_path(&[(30.2734, 120.1552), (30.2745, 120.1552)], 10.0)
///     .build()?;
/// assert_eq!((rsi.alert_type.0, rsi.alert_radius.0, rsi.alert_path.0.len()), (38, 100, 2));
/// let bytes = MessageFrame::RsiFrame(rsi.clone()).to_uper()?;
/// assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::RsiFrame(rsi));
///
/// // 2017's radius ends at 102.4 m.
/// let e = RsiBuilder::new(*b"rsu-0042", 7, 38, 30.2745, 120.1552)
///     .alert_path(&[(30.2734, 120.1552), (30.2745, 120.1552)], 150.0)
///     .build()
///     .unwrap_err();
/// assert_eq!(e.to_string(), "alertRadius: 150 is outside 0..=102.4 m");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RsiBuilder {
    msg_cnt: u8,
    moy: Option<u32>,
    id: [u8; 8],
    rsi_id: u8,
    alert_type: u16,
    description: Option<String>,
    priority: Option<u8>,
    ref_pos: (f64, f64, Option<f64>),
    path_deg: Vec<(f64, f64)>,
    radius_m: f64,
}

impl RsiBuilder {
    /// Alert `rsi_id` (the RSU's own number for it) of RSU `id`: `alert_type` 0 for a text
    /// ([`RsiBuilder::description`]), else a GB 5768 sign code (38 road works, ...), at
    /// `lat`, `lon` degrees.
    pub fn new(id: [u8; 8], rsi_id: u8, alert_type: u16, lat: f64, lon: f64) -> Self {
        RsiBuilder {
            msg_cnt: 0,
            moy: None,
            id,
            rsi_id,
            alert_type,
            description: None,
            priority: None,
            ref_pos: (lat, lon, None),
            path_deg: Vec::new(),
            radius_m: 0.0,
        }
    }

    count_and_minute_setters!("timeStamp");

    /// The reference position's elevation, metres.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.ref_pos.2 = Some(m);
        self
    }

    /// The text (1..=256 ASCII characters).
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Its priority, 0 (lowest) ..= 7 (highest): `Priority`'s top three bits.
    pub fn priority(mut self, p: u8) -> Self {
        self.priority = Some(p);
        self
    }

    /// The path along which the alert applies, upstream to downstream, as (lat, lon)
    /// degrees (2..=32 points; sent as offsets from the reference position), and how far
    /// from it, metres (0..=102.4).
    pub fn alert_path(mut self, points_deg: &[(f64, f64)], radius_m: f64) -> Self {
        self.path_deg = points_deg.to_vec();
        self.radius_m = radius_m;
        self
    }

    /// The RSI, after checking every constraint by encoding it (a path is required).
    pub fn build(self) -> Result<RoadSideInformation, BuildError> {
        let mut err = FirstError::default();
        let ref_pos = ref_pos(&mut err, self.ref_pos);
        let alert_path = err.take(path(&ref_pos, &self.path_deg)).unwrap_or_default();
        let radius = err
            .take(scaled("alertRadius", self.radius_m, 10.0, 0, 1024, "m"))
            .unwrap_or(0);
        let priority = self
            .priority
            .and_then(|p| err.take(priority(p)))
            .map(Priority);
        err.check()?;
        let rsi = RoadSideInformation {
            msg_cnt: MsgCount(self.msg_cnt),
            time_stamp: self.moy.map(MinuteOfTheYear),
            id: RsuID(self.id),
            rsi_id: self.rsi_id,
            alert_type: AlertType(self.alert_type),
            description: self.description,
            priority,
            ref_pos,
            alert_path: PathPointList(alert_path),
            alert_radius: Radius(radius as u16),
            ext: None,
        };
        rsi.to_uper()?;
        Ok(rsi)
    }
}

//! [`RsiBuilder`]: a 2020 RSI (road events and signs) from degrees and metres.

use alloc::string::String;
use alloc::vec::Vec;

use super::{lat_lon, offset_ll, position3d, scaled, BuildError, FirstError};
use crate::csae::v2020::*;
use crate::per::Encode;

/// A road traffic event (`RTEData`): its type (GB/T 29100), source, where, how far.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    rte_id: u8,
    event_type: u16,
    source: EventSource,
    position_deg: Option<(f64, f64)>,
    radius_m: Option<f64>,
    description: Option<String>,
}

impl EventSpec {
    /// Event `rte_id` (the RSU's own number) of type `event_type`, from `source`.
    pub fn new(rte_id: u8, event_type: u16, source: EventSource) -> Self {
        EventSpec {
            rte_id,
            event_type,
            source,
            position_deg: None,
            radius_m: None,
            description: None,
        }
    }

    /// Where it is, degrees (sent as an offset from the RSI's reference position).
    pub fn position_deg(mut self, lat: f64, lon: f64) -> Self {
        self.position_deg = Some((lat, lon));
        self
    }

    /// How far it reaches, metres (0..=6553.5).
    pub fn radius_m(mut self, r: f64) -> Self {
        self.radius_m = Some(r);
        self
    }

    /// A description (1..=512 ASCII characters).
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.into());
        self
    }
}

/// A road traffic sign (`RTSData`): its type (GB 5768.2) and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct SignSpec {
    rts_id: u8,
    sign_type: u16,
    position_deg: Option<(f64, f64)>,
    description: Option<String>,
}

impl SignSpec {
    /// Sign `rts_id` (the RSU's own number) of type `sign_type`.
    pub fn new(rts_id: u8, sign_type: u16) -> Self {
        SignSpec {
            rts_id,
            sign_type,
            position_deg: None,
            description: None,
        }
    }

    /// Where it is, degrees.
    pub fn position_deg(mut self, lat: f64, lon: f64) -> Self {
        self.position_deg = Some((lat, lon));
        self
    }

    /// A description (1..=512 ASCII characters).
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.into());
        self
    }
}

/// Builds a 2020 [`RoadSideInformation`]: an RSU's reference position, up to 8 events
/// and up to 16 signs.
///
/// ```
/// use cv2x::csae::v2020::{EventSource, EventSpec, MessageFrame, RsiBuilder, SignSpec};
/// use cv2x::per::{Decode, Encode};
///
/// let rsi = RsiBuilder::new(*b"rsu-0042", 30.2741, 120.1551)
///     .minute_of_the_year(450_000)
///     .event(EventSpec::new(1, 401, EventSource::Detection).position_deg(30.2745, 120.1552).radius_m(50.0).description("road works"))
///     .sign(SignSpec::new(1, 38).position_deg(30.2740, 120.1550))
///     .build()?;
/// let bytes = MessageFrame::RsiFrame(rsi.clone()).to_uper()?;
/// assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::RsiFrame(rsi));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RsiBuilder {
    msg_cnt: u8,
    moy: Option<u32>,
    id: [u8; 8],
    ref_pos: (f64, f64, Option<f64>),
    events: Vec<EventSpec>,
    signs: Vec<SignSpec>,
}

impl RsiBuilder {
    /// An RSI from RSU `id` whose reference position is `lat`, `lon` degrees.
    pub fn new(id: [u8; 8], lat: f64, lon: f64) -> Self {
        RsiBuilder {
            msg_cnt: 0,
            moy: None,
            id,
            ref_pos: (lat, lon, None),
            events: Vec::new(),
            signs: Vec::new(),
        }
    }

    /// The rolling message count, 0..=127.
    pub fn msg_cnt(mut self, n: u8) -> Self {
        self.msg_cnt = n;
        self
    }

    /// `moy`, the minute of the year (0..=527039).
    pub fn minute_of_the_year(mut self, moy: u32) -> Self {
        self.moy = Some(moy);
        self
    }

    /// The reference position's elevation, metres.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.ref_pos.2 = Some(m);
        self
    }

    /// Adds an event.
    pub fn event(mut self, e: EventSpec) -> Self {
        self.events.push(e);
        self
    }

    /// Adds a sign.
    pub fn sign(mut self, s: SignSpec) -> Self {
        self.signs.push(s);
        self
    }

    /// The RSI, after checking every constraint by encoding it.
    pub fn build(self) -> Result<RoadSideInformation, BuildError> {
        let mut err = FirstError::default();
        let ref_pos = err
            .take(position3d(self.ref_pos.0, self.ref_pos.1, self.ref_pos.2))
            .unwrap_or_default();
        let pos = |p: Option<(f64, f64)>, err: &mut FirstError| {
            p.and_then(|(lat, lon)| err.take(lat_lon(lat, lon)))
                .map(|(lat, lon)| offset_ll(&ref_pos, lat, lon))
        };
        let mut rtes = Vec::new();
        for e in &self.events {
            rtes.push(RTEData {
                rte_id: e.rte_id,
                event_type: EventType(e.event_type),
                event_source: e.source,
                event_pos: pos(e.position_deg, &mut err),
                event_radius: e
                    .radius_m
                    .and_then(|r| err.take(scaled("eventRadius", r, 10.0, 0, 65_535, "m")))
                    .map(|r| Radius(r as u16)),
                description: e.description.clone().map(Description::TextString),
                time_details: None,
                priority: None,
                reference_paths: None,
                reference_links: None,
                event_confidence: None,
                ext: None,
            });
        }
        let mut rtss = Vec::new();
        for s in &self.signs {
            rtss.push(RTSData {
                rts_id: s.rts_id,
                sign_type: SignType(s.sign_type),
                sign_pos: pos(s.position_deg, &mut err),
                description: s.description.clone().map(Description::TextString),
                time_details: None,
                priority: None,
                reference_paths: None,
                reference_links: None,
                auxiliary_sign: None,
                ext: None,
            });
        }
        err.check()?;
        let rsi = RoadSideInformation {
            msg_cnt: MsgCount(self.msg_cnt),
            moy: self.moy.map(MinuteOfTheYear),
            id: RsuID(self.id),
            ref_pos,
            rtes: (!rtes.is_empty()).then_some(RTEList(rtes)),
            rtss: (!rtss.is_empty()).then_some(RTSList(rtss)),
            ext: None,
        };
        rsi.to_uper()?;
        Ok(rsi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_checked() {
        let e = RsiBuilder::new([0; 8], 30.0, 120.0)
            .event(EventSpec::new(1, 100, EventSource::Police).radius_m(7000.0))
            .build()
            .unwrap_err();
        assert!(
            matches!(
                e,
                BuildError::OutOfRange {
                    field: "eventRadius",
                    ..
                }
            ),
            "{e}"
        );
        // Nine events: RTEList is 1..=8.
        let mut b = RsiBuilder::new([0; 8], 30.0, 120.0);
        for i in 0..9 {
            b = b.event(EventSpec::new(i, 100, EventSource::Police));
        }
        assert!(matches!(b.build(), Err(BuildError::Encode(_))));
        // A non-ASCII description is not an IA5String.
        let e = RsiBuilder::new([0; 8], 30.0, 120.0)
            .sign(SignSpec::new(1, 2).description("施工"))
            .build();
        assert!(matches!(e, Err(BuildError::Encode(_))), "{e:?}");
    }
}

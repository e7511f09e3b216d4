//! [`RsiBuilder`]: an RSI (road events and signs) from degrees and metres. Compiled in
//! each edition's `build` module (`ed` is the edition; see [`crate::csae::build`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::{
    count_and_minute_setters, lat_lon, offset_ll, path, priority, ref_pos, scaled, BuildError,
    FirstError,
};
use crate::j2735::signal::time::utc_to_minute_of_the_year;
use crate::per::Encode;

/// What events and signs share: where, the text, the priority, when, along which paths.
#[derive(Clone, Debug, Default, PartialEq)]
struct Extent {
    position_deg: Option<(f64, f64)>,
    description: Option<String>,
    priority: Option<u8>,
    start_utc_ms: Option<u64>,
    end_utc_ms: Option<u64>,
    paths: Vec<(Vec<(f64, f64)>, f64)>,
}

/// The `Extent` fields of an `RTEData` or `RTSData`, converted against `ref_pos`.
struct ExtentData {
    pos: Option<PositionOffsetLLV>,
    description: Option<Description>,
    time_details: Option<RSITimeDetails>,
    priority: Option<RSIPriority>,
    reference_paths: Option<ReferencePathList>,
}

impl Extent {
    fn data(&self, ref_pos: &Position3D, err: &mut FirstError) -> ExtentData {
        let offset = |(lat, lon): (f64, f64), err: &mut FirstError| {
            err.take(lat_lon(lat, lon))
                .map(|(lat, lon)| offset_ll(ref_pos, lat, lon))
        };
        let moy = |ms: u64| MinuteOfTheYear(utc_to_minute_of_the_year(ms).0);
        let time_details =
            (self.start_utc_ms.is_some() || self.end_utc_ms.is_some()).then(|| RSITimeDetails {
                start_time: self.start_utc_ms.map(moy),
                end_time: self.end_utc_ms.map(moy),
                end_time_confidence: None,
            });
        let priority = self
            .priority
            .and_then(|p| err.take(priority(p)))
            .map(RSIPriority);
        let mut paths = Vec::with_capacity(self.paths.len());
        for (points, radius_m) in &self.paths {
            let active_path = err.take(path(ref_pos, points)).unwrap_or_default();
            let radius = err.take(scaled("pathRadius", *radius_m, 10.0, 0, 65_535, "m"));
            paths.push(ReferencePath {
                active_path: PathPointList(active_path),
                path_radius: Radius(radius.unwrap_or_default() as u16),
            });
        }
        ExtentData {
            pos: self.position_deg.and_then(|p| offset(p, err)),
            description: self.description.clone().map(Description::TextString),
            time_details,
            priority,
            reference_paths: (!paths.is_empty()).then_some(ReferencePathList(paths)),
        }
    }
}

/// The setters of [`Extent`], the same on [`EventSpec`] and [`SignSpec`].
macro_rules! extent_setters {
    () => {
        /// Where it is, degrees (sent as an offset from the RSI's reference position).
        pub fn position_deg(mut self, lat: f64, lon: f64) -> Self {
            self.extent.position_deg = Some((lat, lon));
            self
        }

        /// A description (1..=512 ASCII characters).
        pub fn description(mut self, text: &str) -> Self {
            self.extent.description = Some(text.into());
            self
        }

        /// Its priority, 0 (lowest) ..= 7 (highest): `RSIPriority`'s top three bits.
        pub fn priority(mut self, p: u8) -> Self {
            self.extent.priority = Some(p);
            self
        }

        /// When it starts applying, UTC ms since the Unix epoch (sent as the minute of
        /// the year, `timeDetails.startTime`).
        pub fn start_utc_ms(mut self, ms: u64) -> Self {
            self.extent.start_utc_ms = Some(ms);
            self
        }

        /// When it stops applying, UTC ms since the Unix epoch (`timeDetails.endTime`).
        pub fn end_utc_ms(mut self, ms: u64) -> Self {
            self.extent.end_utc_ms = Some(ms);
            self
        }

        /// Adds a reference path (`referencePaths`, at most 8): its points upstream to
        /// downstream as (lat, lon) degrees (2..=32; 1..=32 in the 2019 draft; sent as offsets from the reference
        /// position), and how far from it the information applies, metres (0..=6553.5).
        pub fn reference_path(mut self, points_deg: &[(f64, f64)], radius_m: f64) -> Self {
            self.extent.paths.push((points_deg.to_vec(), radius_m));
            self
        }
    };
}

/// A road traffic event (`RTEData`): its type (GB/T 29100), source, where, how far, how
/// important, when and along which paths.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    rte_id: u8,
    event_type: u16,
    source: EventSource,
    radius_m: Option<f64>,
    extent: Extent,
}

impl EventSpec {
    /// Event `rte_id` (the RSU's own number) of type `event_type`, from `source`.
    pub fn new(rte_id: u8, event_type: u16, source: EventSource) -> Self {
        EventSpec {
            rte_id,
            event_type,
            source,
            radius_m: None,
            extent: Extent::default(),
        }
    }

    /// How far it reaches, metres (0..=6553.5).
    pub fn radius_m(mut self, r: f64) -> Self {
        self.radius_m = Some(r);
        self
    }

    extent_setters!();
}

/// A road traffic sign (`RTSData`): its type (GB 5768.2), where it is, how important,
/// when and along which paths.
#[derive(Clone, Debug, PartialEq)]
pub struct SignSpec {
    rts_id: u8,
    sign_type: u16,
    extent: Extent,
}

impl SignSpec {
    /// Sign `rts_id` (the RSU's own number) of type `sign_type`.
    pub fn new(rts_id: u8, sign_type: u16) -> Self {
        SignSpec {
            rts_id,
            sign_type,
            extent: Extent::default(),
        }
    }

    extent_setters!();
}

/// Builds a [`RoadSideInformation`] of the edition: an RSU's reference position, up to 8 events
/// and up to 16 signs, each with its position, description, priority, start and end
/// times and reference paths (not `referenceLinks`, `eventConfidence` or the Day-2
/// `auxiliarySign`).
///
/// ```
/// use cv2x::csae::v2020::{EventSource, EventSpec, MessageFrame, RsiBuilder, SignSpec};
/// use cv2x::per::{Decode, Encode};
///
/// let rsi = RsiBuilder::new(*b"rsu-0042", 30.2741, 120.1551)
///     .minute_of_the_year(450_000)
///     .event(
///         EventSpec::new(1, 401, EventSource::Detection)
///             .position_deg(30.2745, 120.1552)
///             .radius_m(50.0)
///             .description("road works")
///             .priority(5)
///             .end_utc_ms(1_700_006_400_000)
///             .reference_path(&[(30.2750, 120.1552), (30.2745, 120.1552)], 4.0),
///     )
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

    count_and_minute_setters!("moy");

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
        let ref_pos = ref_pos(&mut err, self.ref_pos);
        let mut rtes = Vec::with_capacity(self.events.len());
        for e in &self.events {
            let event_radius = e
                .radius_m
                .and_then(|r| err.take(scaled("eventRadius", r, 10.0, 0, 65_535, "m")))
                .map(|r| Radius(r as u16));
            let x = e.extent.data(&ref_pos, &mut err);
            rtes.push(RTEData {
                rte_id: e.rte_id,
                event_type: EventType(e.event_type),
                event_source: e.source,
                event_pos: x.pos,
                event_radius,
                description: x.description,
                time_details: x.time_details,
                priority: x.priority,
                reference_paths: x.reference_paths,
                reference_links: None,
                event_confidence: None,
                ..Default::default()
            });
        }
        let mut rtss = Vec::with_capacity(self.signs.len());
        for s in &self.signs {
            let x = s.extent.data(&ref_pos, &mut err);
            rtss.push(RTSData {
                rts_id: s.rts_id,
                sign_type: SignType(s.sign_type),
                sign_pos: x.pos,
                description: x.description,
                time_details: x.time_details,
                priority: x.priority,
                reference_paths: x.reference_paths,
                reference_links: None,
                // (and 2020's Day-2 `auxiliarySign`: absent)
                ..Default::default()
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
        // Priority is three bits; a path has points (2020: at least 2, the 2019 draft: 1).
        let e = RsiBuilder::new([0; 8], 30.0, 120.0)
            .sign(SignSpec::new(1, 2).priority(8))
            .build();
        assert!(
            matches!(
                e,
                Err(BuildError::OutOfRange {
                    field: "priority",
                    ..
                })
            ),
            "{e:?}"
        );
        let e = RsiBuilder::new([0; 8], 30.0, 120.0)
            .event(EventSpec::new(1, 100, EventSource::Police).reference_path(&[], 5.0))
            .build();
        assert!(matches!(e, Err(BuildError::Encode(_))), "{e:?}");
    }

    #[test]
    fn priority_times_and_paths_are_carried() {
        use crate::per::Decode;
        // 2024-03-01 00:10:00 UTC: minute 60 * 24 * 60 + 10 of a leap year.
        let start = 1_709_251_800_000;
        let rsi = RsiBuilder::new([1; 8], 30.0, 120.0)
            .event(
                EventSpec::new(3, 401, EventSource::Government)
                    .priority(7)
                    .start_utc_ms(start)
                    .end_utc_ms(start + 3_600_000)
                    .reference_path(&[(30.0001, 120.0), (30.0002, 120.0001)], 12.5),
            )
            .sign(SignSpec::new(4, 38).priority(2).end_utc_ms(start))
            .build()
            .unwrap();
        let e = &rsi.rtes.as_ref().unwrap().0[0];
        assert_eq!(e.priority, Some(RSIPriority([0xE0])));
        let t = e.time_details.unwrap();
        assert_eq!(t.start_time, Some(MinuteOfTheYear(86_410)));
        assert_eq!(t.end_time, Some(MinuteOfTheYear(86_470)));
        let p = &e.reference_paths.as_ref().unwrap().0[0];
        assert_eq!(p.path_radius, Radius(125));
        assert_eq!(p.active_path.0.len(), 2);
        assert_eq!(
            p.active_path.0[0].offset_ll,
            PositionOffsetLL::PositionLL1(PositionLL24B {
                lon: OffsetLLB12(0),
                lat: OffsetLLB12(1000)
            })
        );
        let s = &rsi.rtss.as_ref().unwrap().0[0];
        assert_eq!(s.priority, Some(RSIPriority([0x40])));
        assert_eq!(s.time_details.unwrap().start_time, None);
        let bytes = rsi.to_uper().unwrap();
        assert_eq!(RoadSideInformation::from_uper(&bytes).unwrap(), rsi);
    }
}

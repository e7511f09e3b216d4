//! [`RsmBuilder`]: an RSM (the participants a roadside unit detects) from degrees, metres
//! and m/s. Compiled against the type 2020 and the 2019 draft share (`ed` is
//! [`crate::csae::shared`], in [`crate::csae::build`]) and against 2017's (in
//! [`crate::csae::v2017`]'s builders).

use alloc::vec::Vec;

use super::ed::*;
use crate::csae::build::{heading, lat_lon, offset_ll, ref_pos, scaled, BuildError, FirstError};
use crate::per::Encode;

/// One detected participant.
#[derive(Clone, Debug, PartialEq)]
pub struct ParticipantSpec {
    ptc_type: ParticipantType,
    ptc_id: u16,
    source: SourceType,
    id: Option<[u8; 8]>,
    sec_mark_ms: u16,
    position_deg: (f64, f64),
    speed_mps: Option<f64>,
    heading_deg: Option<f64>,
    size_m: (f64, f64),
}

impl ParticipantSpec {
    /// Participant `ptc_id` (the RSU's own number for it) of type `ptc_type`, detected by
    /// `source`, at `lat`, `lon` degrees.
    pub fn new(
        ptc_type: ParticipantType,
        ptc_id: u16,
        source: SourceType,
        lat: f64,
        lon: f64,
    ) -> Self {
        ParticipantSpec {
            ptc_type,
            ptc_id,
            source,
            id: None,
            sec_mark_ms: 65_535,
            position_deg: (lat, lon),
            speed_mps: None,
            heading_deg: None,
            size_m: (0.0, 0.0),
        }
    }

    /// Its BSM's temporary id, when known.
    pub fn id(mut self, id: [u8; 8]) -> Self {
        self.id = Some(id);
        self
    }

    /// Milliseconds within the UTC minute of the detection.
    pub fn sec_mark_ms(mut self, ms: u16) -> Self {
        self.sec_mark_ms = ms;
        self
    }

    /// Speed, m/s (0..=163.8).
    pub fn speed_mps(mut self, v: f64) -> Self {
        self.speed_mps = Some(v);
        self
    }

    /// Heading, degrees clockwise from north.
    pub fn heading_deg(mut self, d: f64) -> Self {
        self.heading_deg = Some(d);
        self
    }

    /// Width and length, metres.
    pub fn size_m(mut self, width: f64, length: f64) -> Self {
        self.size_m = (width, length);
        self
    }
}

/// Builds a [`RoadsideSafetyMessage`] of the edition: an RSU's reference position and the
/// participants it detects (1..=16), each placed by its own position in degrees (sent as
/// an offset from the reference).
///
/// ```
/// use cv2x::csae::v2020::{MessageFrame, ParticipantSpec, ParticipantType, RsmBuilder, SourceType};
/// use cv2x::per::{Decode, Encode};
///
/// let rsm = RsmBuilder::new(*b"rsu-0042", 30.2741, 120.1551)
///     .participant(
///         ParticipantSpec::new(ParticipantType::Pedestrian, 3, SourceType::Video, 30.27412, 120.15507)
///             .sec_mark_ms(30_500)
///             .speed_mps(1.4)
///             .heading_deg(270.0)
///             .size_m(0.5, 0.5),
///     )
///     .build()?;
/// let bytes = MessageFrame::RsmFrame(rsm.clone()).to_uper()?;
/// assert_eq!(MessageFrame::from_uper(&bytes)?, MessageFrame::RsmFrame(rsm));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RsmBuilder {
    msg_cnt: u8,
    id: [u8; 8],
    ref_pos: (f64, f64, Option<f64>),
    participants: Vec<ParticipantSpec>,
}

impl RsmBuilder {
    /// An RSM from RSU `id` whose reference position is `lat`, `lon` degrees.
    pub fn new(id: [u8; 8], lat: f64, lon: f64) -> Self {
        RsmBuilder {
            msg_cnt: 0,
            id,
            ref_pos: (lat, lon, None),
            participants: Vec::new(),
        }
    }

    /// The rolling message count, 0..=127.
    pub fn msg_cnt(mut self, n: u8) -> Self {
        self.msg_cnt = n;
        self
    }

    /// The reference position's elevation, metres.
    pub fn elevation_m(mut self, m: f64) -> Self {
        self.ref_pos.2 = Some(m);
        self
    }

    /// Adds a participant.
    pub fn participant(mut self, p: ParticipantSpec) -> Self {
        self.participants.push(p);
        self
    }

    /// The RSM, after checking every constraint by encoding it.
    pub fn build(self) -> Result<RoadsideSafetyMessage, BuildError> {
        let mut err = FirstError::default();
        let ref_pos = ref_pos(&mut err, self.ref_pos);
        let mut participants = Vec::new();
        for p in &self.participants {
            let pos = err
                .take(lat_lon(p.position_deg.0, p.position_deg.1))
                .map(|(lat, lon)| offset_ll(&ref_pos, lat, lon))
                .unwrap_or_default();
            let speed = match p.speed_mps {
                Some(v) => err
                    .take(scaled("speed", v, 50.0, 0, 8190, "m/s"))
                    .unwrap_or(0),
                None => 8191,
            };
            let heading = match p.heading_deg {
                Some(d) => err.take(heading(d)).unwrap_or(0),
                None => 28_800,
            };
            let w = err.take(scaled("width", p.size_m.0, 100.0, 0, 1023, "m"));
            let l = err.take(scaled("length", p.size_m.1, 100.0, 0, 4095, "m"));
            // The position confidence (2020 `posConfidence`, 2017 `accuracy`) unavailable,
            // the optional fields absent (and 2017's `plateNo`).
            participants.push(ParticipantData {
                ptc_type: p.ptc_type,
                ptc_id: p.ptc_id,
                source: p.source,
                id: p.id.map(TemporaryID),
                sec_mark: DSecond(p.sec_mark_ms),
                pos,
                speed: Speed(speed as u16),
                heading: Heading(heading),
                size: VehicleSize {
                    width: VehicleWidth(w.unwrap_or(0) as u16),
                    length: VehicleLength(l.unwrap_or(0) as u16),
                    height: None,
                },
                ..Default::default()
            });
        }
        err.check()?;
        let rsm = RoadsideSafetyMessage {
            msg_cnt: MsgCount(self.msg_cnt),
            id: RsuID(self.id),
            ref_pos,
            participants: ParticipantList(participants),
            ext: None,
        };
        rsm.to_uper()?;
        Ok(rsm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_are_offsets_and_are_checked() {
        let rsm = RsmBuilder::new([0; 8], 30.0, 120.0)
            .participant(ParticipantSpec::new(
                ParticipantType::Motor,
                1,
                SourceType::Video,
                30.0001,
                119.9999,
            ))
            .build()
            .unwrap();
        let PositionOffsetLL::PositionLL1(o) = rsm.participants.0[0].pos.offset_ll else {
            panic!("{:?}", rsm.participants.0[0].pos)
        };
        assert_eq!((o.lat.0, o.lon.0), (1000, -1000));
        // No participant: the list needs 1..=16.
        assert!(matches!(
            RsmBuilder::new([0; 8], 30.0, 120.0).build(),
            Err(BuildError::Encode(_))
        ));
        let e = RsmBuilder::new([0; 8], 30.0, 120.0)
            .participant(
                ParticipantSpec::new(ParticipantType::Motor, 1, SourceType::V2x, 30.0, 120.0)
                    .size_m(11.0, 4.0),
            )
            .build()
            .unwrap_err();
        assert!(
            matches!(e, BuildError::OutOfRange { field: "width", .. }),
            "{e}"
        );
    }
}

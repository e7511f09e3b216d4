//! [`TimBuilder`]: a Traveler Information Message (one data frame) from ITIS codes and
//! text, a start time and duration, and regions given as paths of positions in degrees.
//!
//! An RSU operator's advisories and signs: a work zone, a curve speed warning, a closed
//! lane. Each region is a path of positions (at least two), written as an anchor (the
//! first position) and node offsets in 0.1 microdegrees (`OffsetSystem.ll`), each in the
//! smallest `NodeOffsetPointLL` form that holds it.

use alloc::string::String;
use alloc::vec::Vec;

use crate::j2735::signal::time::{utc_to_minute_of_the_year, Civil};
use crate::j2735::units;
use crate::j2735::*;
use crate::per::{BitString, Encode, Error, ErrorKind, Result};

/// What a TIM's data frame says: the `content` alternative its ITIS items go into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimContent {
    /// `advisory`: a warning or advisory (text items up to 500 characters).
    Advisory,
    /// `workZone` (text items up to 16 characters, as for the kinds below).
    WorkZone,
    /// `genericSign`.
    GenericSign,
    /// `speedLimit`.
    SpeedLimit,
    /// `exitService`.
    ExitService,
}

/// One item of a TIM's content, read in order with the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Itis {
    /// An ITIS code (ITE/SAE J2540), e.g. 769 "road construction" or 1025 "lane closed".
    Code(u16),
    /// Free text, where no code fits.
    Text(String),
}

/// A region where the message applies: a path of positions.
#[derive(Clone, Debug, PartialEq)]
struct Path {
    positions: Vec<(f64, f64)>,
    lane_width_cm: Option<u16>,
    direction: Option<u16>,
}

/// Builds a `TravelerInformation` with one data frame.
///
/// The start is a UTC time (its year and minute of the year are sent); the frame applies
/// for `duration_min` minutes (32000: until further notice). Every constraint is checked
/// by encoding the message in [`build`](Self::build).
///
/// ```
/// use cv2x::j2735::{Itis, MessageFrame, TimBuilder, TimContent};
/// use cv2x::j2735::signal::time::Civil;
/// use cv2x::per::{Decode, Encode};
///
/// let start = Civil::new(2025, 6, 2, 7, 30, 0, 0).to_utc_ms().unwrap();
/// let tim = TimBuilder::new(TimContent::WorkZone, start)
///     .msg_cnt(1)
///     .duration_min(8 * 60)
///     .priority(5)
///     .item(Itis::Code(769)) // road construction
///     .item(Itis::Code(1025)) // lane closed
///     .item(Itis::Text("LEFT LANE".into()))
///     .path(&[(42.30010, -83.70010), (42.30120, -83.70025), (42.30250, -83.70030)])
///     .lane_width_cm(366)
///     .heading_slices(0b11) // headings 0 to 45 degrees
///     .build()?;
/// let bytes = MessageFrame::from(tim.clone()).to_uper()?;
/// let cv2x::j2735::Message::TravelerInformation(back) = MessageFrame::from_uper(&bytes)?.message
/// else { unreachable!() };
/// assert_eq!(back, tim);
/// assert_eq!(tim.data_frames.0[0].start_time.0, (152 * 24 + 7) * 60 + 30); // 2 June, 07:30
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimBuilder {
    content: TimContent,
    start_utc_ms: u64,
    frame_type: TravelerInfoType,
    msg_cnt: u8,
    packet_id: Option<[u8; 9]>,
    url_b: Option<String>,
    url: Option<String>,
    duration_min: u16,
    priority: u8,
    sign: Option<(f64, f64, MUTCDCode)>,
    items: Vec<Itis>,
    paths: Vec<Path>,
}

impl TimBuilder {
    /// A TIM whose data frame says `content` from `start_utc_ms` (milliseconds since the Unix
    /// epoch) on, for an hour unless [`duration_min`](Self::duration_min) says otherwise;
    /// an advisory (`frameType`) of priority 0 with no sign (`msgId` is a `furtherInfoID`
    /// of zero) unless set below.
    pub fn new(content: TimContent, start_utc_ms: u64) -> Self {
        TimBuilder {
            content,
            start_utc_ms,
            frame_type: TravelerInfoType::Advisory,
            msg_cnt: 0,
            packet_id: None,
            url_b: None,
            url: None,
            duration_min: 60,
            priority: 0,
            sign: None,
            items: Vec::new(),
            paths: Vec::new(),
        }
    }
    /// `msgCnt` (0..=127), changed when the content changes.
    pub fn msg_cnt(mut self, n: u8) -> Self {
        self.msg_cnt = n;
        self
    }
    /// `packetID`: the message's unique 9-octet id.
    pub fn packet_id(mut self, id: [u8; 9]) -> Self {
        self.packet_id = Some(id);
        self
    }
    /// `frameType` (advisory, road signage, commercial signage).
    pub fn frame_type(mut self, t: TravelerInfoType) -> Self {
        self.frame_type = t;
        self
    }
    /// Minutes the frame applies from its start (0..=32000; 32000: until further notice).
    pub fn duration_min(mut self, m: u16) -> Self {
        self.duration_min = m;
        self
    }
    /// `priority`, 0 (least) to 7 (most important).
    pub fn priority(mut self, p: u8) -> Self {
        self.priority = p;
        self
    }
    /// The sign this message repeats (`msgId` becomes a `roadSignID`): where it stands and
    /// its MUTCD class; it faces every heading.
    pub fn sign(mut self, lat_deg: f64, long_deg: f64, mutcd: MUTCDCode) -> Self {
        self.sign = Some((lat_deg, long_deg, mutcd));
        self
    }
    /// `urlB` (1..=45 characters), the base of the frames' `url`.
    pub fn url_base(mut self, u: &str) -> Self {
        self.url_b = Some(u.into());
        self
    }
    /// The frame's `url` (1..=15 characters) for more content.
    pub fn url(mut self, u: &str) -> Self {
        self.url = Some(u.into());
        self
    }
    /// Adds an item of the content (1..=100 for an advisory, 1..=16 for the other kinds).
    pub fn item(mut self, i: Itis) -> Self {
        self.items.push(i);
        self
    }
    /// Adds a region (1..=16): a path through `positions` (latitude, longitude in degrees;
    /// 2..=63 of them), in the order traffic meets them.
    pub fn path(mut self, positions: &[(f64, f64)]) -> Self {
        self.paths.push(Path {
            positions: positions.to_vec(),
            lane_width_cm: None,
            direction: None,
        });
        self
    }
    /// The lane width of the last region added, in centimetres.
    pub fn lane_width_cm(mut self, w: u16) -> Self {
        if let Some(p) = self.paths.last_mut() {
            p.lane_width_cm = Some(w);
        }
        self
    }
    /// The headings the last region added applies to (`HeadingSlice`): bit `n` (value
    /// `1 << n`) is the 22.5 degree sector from `n * 22.5` degrees clockwise from north.
    pub fn heading_slices(mut self, slices: u16) -> Self {
        if let Some(p) = self.paths.last_mut() {
            p.direction = Some(slices);
        }
        self
    }

    /// Builds the TIM and checks every constraint by encoding it.
    pub fn build(self) -> Result<TravelerInformation> {
        let regions = self.paths.iter().map(region).collect::<Result<Vec<_>>>()?;
        let msg_id = match self.sign {
            Some((lat, long, mutcd)) => TravelerDataFrameMsgId::RoadSignID(RoadSignID {
                position: position(lat, long)?,
                view_angle: slices(0xffff),
                mutcd_code: Some(mutcd),
                crc: None,
            }),
            None => TravelerDataFrameMsgId::FurtherInfoID(FurtherInfoID([0, 0])),
        };
        let content = match self.content {
            TimContent::Advisory => TravelerDataFrameContent::Advisory(ITIScodesAndText(
                self.items
                    .iter()
                    .map(|i| ITIStextEntry {
                        item: match i {
                            Itis::Code(c) => ITIStextItem::Itis(ITIScodes(*c)),
                            Itis::Text(t) => ITIStextItem::Text(ITIStext(t.clone())),
                        },
                    })
                    .collect(),
            )),
            kind => {
                let phrases = ITISphraseList(
                    self.items
                        .iter()
                        .map(|i| ITISphraseEntry {
                            item: match i {
                                Itis::Code(c) => ITISphraseItem::Itis(ITIScodes(*c)),
                                Itis::Text(t) => ITISphraseItem::Text(ITIStextPhrase(t.clone())),
                            },
                        })
                        .collect(),
                );
                match kind {
                    TimContent::WorkZone => TravelerDataFrameContent::WorkZone(phrases),
                    TimContent::GenericSign => TravelerDataFrameContent::GenericSign(phrases),
                    TimContent::SpeedLimit => TravelerDataFrameContent::SpeedLimit(phrases),
                    _ => TravelerDataFrameContent::ExitService(phrases),
                }
            }
        };
        let frame = TravelerDataFrame {
            not_used: SSPindex(0),
            frame_type: self.frame_type,
            msg_id,
            start_year: Some(DYear(Civil::from_utc_ms(self.start_utc_ms).year as u16)),
            start_time: utc_to_minute_of_the_year(self.start_utc_ms),
            duration_time: MinutesDuration(self.duration_min),
            priority: SignPrority(self.priority),
            not_used1: SSPindex(0),
            regions,
            not_used2: SSPindex(0),
            not_used3: SSPindex(0),
            content,
            url: self.url.map(URLShort),
            ext: None,
        };
        let tim = TravelerInformation {
            msg_cnt: MsgCount(self.msg_cnt),
            time_stamp: None,
            packet_id: self.packet_id.map(UniqueMSGID),
            url_b: self.url_b.map(URLBase),
            data_frames: TravelerDataFrameList(alloc::vec![frame]),
            regional: None,
            ext: None,
        };
        tim.to_uper()?;
        Ok(tim)
    }
}

fn slices(bits: u16) -> HeadingSlice {
    // Bit 0 (0 to 22.5 degrees) is the first on the wire.
    HeadingSlice(BitString::from_u64(bits.reverse_bits() as u64, 16))
}

fn position(lat_deg: f64, long_deg: f64) -> Result<Position3D> {
    let range = |p: &'static str| Error::new(ErrorKind::ValueOutOfRange, 0).in_field(p);
    Ok(Position3D {
        lat: Latitude(units::lat_from_deg(lat_deg).ok_or(range("Position3D.lat"))?),
        long: Longitude(units::long_from_deg(long_deg).ok_or(range("Position3D.long"))?),
        elevation: None,
        regional: None,
        ext: None,
    })
}

/// A region: the path's first position as its anchor, every position (the first at offset
/// zero) as a node from the one before.
fn region(p: &Path) -> Result<GeographicalPath> {
    let at = p
        .positions
        .iter()
        .map(|&(lat, long)| position(lat, long))
        .collect::<Result<Vec<_>>>()?;
    let anchor = at.first().cloned();
    let mut prev = anchor.as_ref().map_or((0, 0), |a| (a.lat.0, a.long.0));
    let mut nodes = Vec::with_capacity(at.len());
    for a in &at {
        nodes.push(NodeLL {
            delta: node_offset(a.long.0 - prev.1, a.lat.0 - prev.0, a),
            attributes: None,
            ext: None,
        });
        prev = (a.lat.0, a.long.0);
    }
    Ok(GeographicalPath {
        name: None,
        id: None,
        anchor,
        lane_width: p.lane_width_cm.map(LaneWidth),
        directionality: Some(DirectionOfUse::Forward),
        closed_path: Some(false),
        direction: p.direction.map(slices),
        description: Some(GeographicalPathDescription::Path(OffsetSystem {
            scale: None,
            offset: OffsetSystemOffset::Ll(NodeListLL::Nodes(NodeSetLL(nodes))),
        })),
        regional: None,
        ext: None,
    })
}

/// The smallest `NodeOffsetPointLL` form that holds `(dlon, dlat)` in 0.1 microdegrees;
/// past 0.84 degrees, the absolute position `at`.
fn node_offset(dlon: i32, dlat: i32, at: &Position3D) -> NodeOffsetPointLL {
    // OffsetLL-B<n> is a signed n-bit range.
    let fits = |n: u32| {
        [dlon, dlat]
            .iter()
            .all(|&v| (-(1 << (n - 1))..1 << (n - 1)).contains(&v))
    };
    let (x, y) = (dlon, dlat);
    if fits(12) {
        NodeOffsetPointLL::NodeLL1(NodeLL24B {
            lon: OffsetLLB12(x as i16),
            lat: OffsetLLB12(y as i16),
        })
    } else if fits(14) {
        NodeOffsetPointLL::NodeLL2(NodeLL28B {
            lon: OffsetLLB14(x as i16),
            lat: OffsetLLB14(y as i16),
        })
    } else if fits(16) {
        NodeOffsetPointLL::NodeLL3(NodeLL32B {
            lon: OffsetLLB16(x as i16),
            lat: OffsetLLB16(y as i16),
        })
    } else if fits(18) {
        NodeOffsetPointLL::NodeLL4(NodeLL36B {
            lon: OffsetLLB18(x),
            lat: OffsetLLB18(y),
        })
    } else if fits(22) {
        NodeOffsetPointLL::NodeLL5(NodeLL44B {
            lon: OffsetLLB22(x),
            lat: OffsetLLB22(y),
        })
    } else if fits(24) {
        NodeOffsetPointLL::NodeLL6(NodeLL48B {
            lon: OffsetLLB24(x),
            lat: OffsetLLB24(y),
        })
    } else {
        NodeOffsetPointLL::NodeLatLon(NodeLLmD64b {
            lon: at.long,
            lat: at.lat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::per::Decode;

    fn wz() -> TimBuilder {
        TimBuilder::new(TimContent::WorkZone, 1_700_000_000_000).item(Itis::Code(769))
    }

    #[test]
    fn every_offset_form_is_the_smallest_and_reads_back() {
        // Steps of growing size north-east: B12, B14, B16, B18, B22, B24, then absolute.
        let steps = [1e-4, 5e-4, 2e-3, 1e-2, 0.1, 0.5, 1.0];
        let mut path = alloc::vec![(42.0, -83.0)];
        for s in steps {
            let &(lat, long) = path.last().unwrap();
            path.push((lat + s, long + s));
        }
        let tim = wz().path(&path).build().unwrap();
        let again = TravelerInformation::from_uper(&tim.to_uper().unwrap()).unwrap();
        assert_eq!(again, tim);
        let Some(GeographicalPathDescription::Path(p)) =
            &tim.data_frames.0[0].regions[0].description
        else {
            panic!("not a path")
        };
        let OffsetSystemOffset::Ll(NodeListLL::Nodes(n)) = &p.offset else {
            panic!("not ll nodes")
        };
        let forms: Vec<&str> =
            n.0.iter()
                .map(|n| match n.delta {
                    NodeOffsetPointLL::NodeLL1(_) => "LL1",
                    NodeOffsetPointLL::NodeLL2(_) => "LL2",
                    NodeOffsetPointLL::NodeLL3(_) => "LL3",
                    NodeOffsetPointLL::NodeLL4(_) => "LL4",
                    NodeOffsetPointLL::NodeLL5(_) => "LL5",
                    NodeOffsetPointLL::NodeLL6(_) => "LL6",
                    NodeOffsetPointLL::NodeLatLon(_) => "LatLon",
                    NodeOffsetPointLL::Regional(_) => "regional",
                })
                .collect();
        assert_eq!(
            forms,
            ["LL1", "LL1", "LL2", "LL3", "LL4", "LL5", "LL6", "LatLon"]
        );
    }

    #[test]
    fn constraints_are_checked() {
        let e = |b: TimBuilder| b.build().unwrap_err().kind;
        // No region, no item, one position only, a priority of 8, a phrase of 17 characters.
        assert_eq!(e(wz()), ErrorKind::SizeOutOfRange);
        assert_eq!(
            e(TimBuilder::new(TimContent::WorkZone, 0).path(&[(1.0, 1.0), (1.0, 1.1)])),
            ErrorKind::SizeOutOfRange
        );
        assert_eq!(e(wz().path(&[(1.0, 1.0)])), ErrorKind::SizeOutOfRange);
        let two = [(1.0, 1.0), (1.001, 1.0)];
        assert_eq!(e(wz().path(&two).priority(8)), ErrorKind::ValueOutOfRange);
        let long = Itis::Text("seventeen chars!!".into());
        assert_eq!(e(wz().item(long).path(&two)), ErrorKind::SizeOutOfRange);
        assert_eq!(
            e(wz().path(&[(91.0, 1.0), (1.0, 1.0)])),
            ErrorKind::ValueOutOfRange
        );
    }
}

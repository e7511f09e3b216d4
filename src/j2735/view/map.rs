//! [`MapView`]: a MapData message read in place.
//!
//! `MapView` → [`intersections`](MapView::intersections) → [`IntersectionGeometryView`] →
//! [`lanes`](IntersectionGeometryView::lanes) → [`GenericLaneView`] →
//! [`nodes`](GenericLaneView::nodes) → [`NodeView`], and
//! [`connections`](GenericLaneView::connections) → [`ConnectionView`]. Road segments
//! ([`MapView::road_segments`]) hold lanes of the same [`GenericLaneView`] form.
//!
//! As for the SPaT view, [`MapView::new`] validates the whole message once with the
//! generated skip functions; each item is read in one pass when its iterator reaches it,
//! recording its plain members and where its lists start, so its getters are field reads.
//! [`MapView::with_index`] also records where every list ends ([`ViewIndex`]), so that a
//! lane steps over its nodes instead of reading past them.

use super::index::Lists;
#[cfg(feature = "alloc")]
use super::index::ViewIndex;
use super::parts::{
    bit, extensions, intersection_ref, list_entry, make_intersection_ref, offset, opt,
    parse_regional, reader_at, regional_iter, skip_plain, BitsView, Ia5Str, List, ListEntry,
    ListIter, NameAt, Position3DView, RegionalListIter,
};
use super::spat::LaneIdIter;
use super::RegionalView;
use crate::j2735::{
    skip, Angle, ComputedLaneOffsetXaxis, ComputedLaneOffsetYaxis, DeltaAngle, DrivenLineOffsetLg,
    DrivenLineOffsetSm, IntersectionReferenceID, LaneID, LaneWidth, LayerID, LayerType,
    MergeDivergeNodeAngle, MinuteOfTheYear, MsgCount, NodeAttributeXY, OffsetB10,
    RegulatorySpeedLimit, RestrictionAppliesTo, RestrictionClassID, RoadSegmentReferenceID,
    RoadwayCrownAngle, ScaleB12, SegmentAttributeXY,
};
use crate::per::lists::{ListSink, NoLists};
use crate::per::{BitReader, Decode, Error, ErrorKind, Result, ResultExt, Size};

/// A `MapData` message read in place.
#[derive(Clone, Copy, Debug)]
pub struct MapView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    time_stamp: Option<u32>,
    msg_issue_revision: u8,
    layer_type: Option<LayerType>,
    layer_id: Option<u8>,
    intersections: List,
    road_segments: List,
    data_parameters: Option<DataParametersView<'a>>,
    restrictions: List,
    regional: List,
    ext: bool,
}

impl<'a> MapView<'a> {
    /// Validates a MapData (the value of a `MessageFrame` with ID 18, or a bare `MapData`):
    /// the whole message, then only zero padding to the end of `data`.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        Self::validate(data, &mut NoLists)
    }

    /// [`MapView::new`], recording in `index` where each list ends, so that visiting
    /// every lane's nodes reads each bit once more instead of once per level of nesting
    /// (see [`ViewIndex`]).
    #[cfg(feature = "alloc")]
    pub fn with_index(data: &'a [u8], index: &'a mut ViewIndex) -> Result<Self> {
        let (view, ix) = index.record(|l| Self::validate(data, l))?;
        Ok(MapView { ix, ..view })
    }

    fn validate<L: ListSink>(data: &'a [u8], l: &mut L) -> Result<Self> {
        let mut r = BitReader::new(data);
        let ext = r.read_bool().field("MapData")?;
        let o = r.read_bits(8).field("MapData")?;
        let time_stamp = opt::<MinuteOfTheYear>(bit(o, 7), &mut r)
            .field("MapData.timeStamp")?
            .map(|v| v.0);
        let msg_issue_revision = MsgCount::decode(&mut r)
            .field("MapData.msgIssueRevision")?
            .0;
        let layer_type = opt(bit(o, 6), &mut r).field("MapData.layerType")?;
        let layer_id = opt::<LayerID>(bit(o, 5), &mut r)
            .field("MapData.layerID")?
            .map(|v| v.0);
        let intersections = List::walk_if(
            bit(o, 4),
            &mut r,
            l,
            Size::range(1, 32),
            96,
            skip::intersection_geometry_with,
        )
        .field("MapData.intersections")?;
        let road_segments = List::walk_if(
            bit(o, 3),
            &mut r,
            l,
            Size::range(1, 32),
            95,
            skip::road_segment_with,
        )
        .field("MapData.roadSegments")?;
        let data_parameters = if bit(o, 2) {
            Some(DataParametersView::parse(&mut r).field("MapData.dataParameters")?)
        } else {
            None
        };
        let restrictions = List::walk_if(
            bit(o, 1),
            &mut r,
            l,
            Size::range(1, 254),
            8,
            skip::restriction_class_assignment_with,
        )
        .field("MapData.restrictionList")?;
        let regional = List::walk_regional(bit(o, 0), &mut r, l).field("MapData.regional")?;
        extensions(ext, &mut r).field("MapData....")?;
        r.expect_padding().field("MapData")?;
        Ok(MapView {
            data,
            ix: Lists::NONE,
            time_stamp,
            msg_issue_revision,
            layer_type,
            layer_id,
            intersections,
            road_segments,
            data_parameters,
            restrictions,
            regional,
            ext,
        })
    }

    /// `timeStamp`, minute of the year.
    #[inline]
    pub fn time_stamp(&self) -> Option<u32> {
        self.time_stamp
    }
    /// `msgIssueRevision`.
    #[inline]
    pub fn msg_issue_revision(&self) -> u8 {
        self.msg_issue_revision
    }
    /// `layerType`.
    #[inline]
    pub fn layer_type(&self) -> Option<LayerType> {
        self.layer_type
    }
    /// `layerID`.
    #[inline]
    pub fn layer_id(&self) -> Option<u8> {
        self.layer_id
    }
    /// `intersections` (empty when absent).
    #[inline]
    pub fn intersections(&self) -> IntersectionGeometryIter<'a> {
        self.intersections.iter(self.data, self.ix)
    }
    /// `roadSegments` (empty when absent).
    #[inline]
    pub fn road_segments(&self) -> RoadSegmentIter<'a> {
        self.road_segments.iter(self.data, self.ix)
    }
    /// `dataParameters`.
    #[inline]
    pub fn data_parameters(&self) -> Option<DataParametersView<'a>> {
        self.data_parameters
    }
    /// `restrictionList` (empty when absent).
    #[inline]
    pub fn restriction_classes(&self) -> RestrictionClassIter<'a> {
        self.restrictions.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// Iterator over [`IntersectionGeometryView`]s.
pub type IntersectionGeometryIter<'a> = ListIter<'a, IntersectionGeometryView<'a>>;
/// Iterator over [`RoadSegmentView`]s.
pub type RoadSegmentIter<'a> = ListIter<'a, RoadSegmentView<'a>>;
/// Iterator over [`GenericLaneView`]s.
pub type GenericLaneIter<'a> = ListIter<'a, GenericLaneView<'a>>;
/// Iterator over [`NodeView`]s.
pub type NodeIter<'a> = ListIter<'a, NodeView<'a>>;
/// Iterator over [`ConnectionView`]s.
pub type ConnectionIter<'a> = ListIter<'a, ConnectionView>;
/// Iterator over the entries of a `SpeedLimitList`.
pub type SpeedLimitIter<'a> = ListIter<'a, RegulatorySpeedLimit>;
/// Iterator over the zones of a `PreemptPriorityList`: each `SignalControlZone`'s `zone`.
pub type SignalControlZoneIter<'a> = ListIter<'a, RegionalView<'a>, SignalControlZoneEntry>;

/// How [`SignalControlZoneIter`] reads an entry: a `SignalControlZone` is read as its
/// `zone` (a marker type: it has no values).
#[derive(Clone, Copy, Debug)]
pub enum SignalControlZoneEntry {}
/// Iterator over [`RestrictionClassView`]s.
pub type RestrictionClassIter<'a> = ListIter<'a, RestrictionClassView<'a>>;
/// Iterator over [`RestrictionUserView`]s.
pub type RestrictionUserIter<'a> = ListIter<'a, RestrictionUserView<'a>>;
/// Iterator over [`LaneDataView`]s.
pub type LaneDataIter<'a> = ListIter<'a, LaneDataView<'a>>;
/// Iterator over `NodeAttributeXY` values.
pub type NodeAttributeIter<'a> = ListIter<'a, NodeAttributeXY>;
/// Iterator over `SegmentAttributeXY` values.
pub type SegmentAttributeIter<'a> = ListIter<'a, SegmentAttributeXY>;

fn speed_limits(present: bool, r: &mut BitReader<'_>, ix: Lists<'_>) -> Result<List> {
    List::read_if(
        present,
        r,
        ix,
        Size::range(1, 9),
        18,
        skip_plain::<RegulatorySpeedLimit>,
    )
}

fn speed_limit_iter(data: &[u8], list: List) -> SpeedLimitIter<'_> {
    list.iter(data, Lists::NONE)
}

fn lane_list(r: &mut BitReader<'_>, ix: Lists<'_>) -> Result<List> {
    List::read(r, ix, Size::range(1, 255), 23, skip::generic_lane)
}

fn lane_width(present: bool, r: &mut BitReader<'_>) -> Result<Option<u16>> {
    Ok(opt::<LaneWidth>(present, r)?.map(|v| v.0))
}

/// `DataParameters`: how the map was made.
#[derive(Clone, Copy, Debug)]
pub struct DataParametersView<'a> {
    process_method: Option<Ia5Str<'a>>,
    process_agency: Option<Ia5Str<'a>>,
    last_checked_date: Option<Ia5Str<'a>>,
    geoid_used: Option<Ia5Str<'a>>,
    ext: bool,
}

impl<'a> DataParametersView<'a> {
    fn parse(r: &mut BitReader<'a>) -> Result<Self> {
        let ext = r.read_bool()?;
        let o = r.read_bits(4)?;
        let mut s = |i, path| {
            if bit(o, i) {
                Ia5Str::read(r, Size::range(1, 255)).map(Some).field(path)
            } else {
                Ok(None)
            }
        };
        let process_method = s(3, "DataParameters.processMethod")?;
        let process_agency = s(2, "DataParameters.processAgency")?;
        let last_checked_date = s(1, "DataParameters.lastCheckedDate")?;
        let geoid_used = s(0, "DataParameters.geoidUsed")?;
        extensions(ext, r).field("DataParameters....")?;
        Ok(DataParametersView {
            process_method,
            process_agency,
            last_checked_date,
            geoid_used,
            ext,
        })
    }

    /// `processMethod`.
    #[inline]
    pub fn process_method(&self) -> Option<Ia5Str<'a>> {
        self.process_method
    }
    /// `processAgency`.
    #[inline]
    pub fn process_agency(&self) -> Option<Ia5Str<'a>> {
        self.process_agency
    }
    /// `lastCheckedDate`.
    #[inline]
    pub fn last_checked_date(&self) -> Option<Ia5Str<'a>> {
        self.last_checked_date
    }
    /// `geoidUsed`.
    #[inline]
    pub fn geoid_used(&self) -> Option<Ia5Str<'a>> {
        self.geoid_used
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// One `IntersectionGeometry` of a MAP.
#[derive(Clone, Copy, Debug)]
pub struct IntersectionGeometryView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    name: Option<NameAt>,
    id: (Option<u16>, u16),
    revision: u8,
    ref_point: Position3DView<'a>,
    lane_width: Option<u16>,
    speed_limits: List,
    lanes: List,
    preempt: List,
    regional: List,
    ext: bool,
}

list_entry!('a, IntersectionGeometryView<'a>, "IntersectionGeometry");

impl<'a> IntersectionGeometryView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(5)?;
        let name = Ia5Str::name(bit(o, 4), r).field("IntersectionGeometry.name")?;
        let id = intersection_ref(r).field("IntersectionGeometry.id")?;
        let revision = MsgCount::decode(r)
            .field("IntersectionGeometry.revision")?
            .0;
        let ref_point = Position3DView::read(r).field("IntersectionGeometry.refPoint")?;
        let lane_width = lane_width(bit(o, 3), r).field("IntersectionGeometry.laneWidth")?;
        let speed_limits =
            speed_limits(bit(o, 2), r, ix).field("IntersectionGeometry.speedLimits")?;
        let lanes = lane_list(r, ix).field("IntersectionGeometry.laneSet")?;
        let preempt = List::read_if(
            bit(o, 1),
            r,
            ix,
            Size::range(1, 32),
            9,
            skip::signal_control_zone,
        )
        .field("IntersectionGeometry.preemptPriorityData")?;
        let regional = List::regional(bit(o, 0), r, ix).field("IntersectionGeometry.regional")?;
        extensions(ext, r).field("IntersectionGeometry....")?;
        Ok(IntersectionGeometryView {
            data,
            ix,
            name,
            id,
            revision,
            ref_point,
            lane_width,
            speed_limits,
            lanes,
            preempt,
            regional,
            ext,
        })
    }

    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `id`.
    #[inline]
    pub fn id(&self) -> IntersectionReferenceID {
        make_intersection_ref(self.id)
    }
    /// `id.region`, the road regulator ID.
    #[inline]
    pub fn region(&self) -> Option<u16> {
        self.id.0
    }
    /// `id.id`, the intersection ID.
    #[inline]
    pub fn intersection_id(&self) -> u16 {
        self.id.1
    }
    /// `revision`.
    #[inline]
    pub fn revision(&self) -> u8 {
        self.revision
    }
    /// `refPoint`.
    #[inline]
    pub fn ref_point(&self) -> Position3DView<'a> {
        self.ref_point
    }
    /// `laneWidth`, cm.
    #[inline]
    pub fn lane_width(&self) -> Option<u16> {
        self.lane_width
    }
    /// `speedLimits` (empty when absent).
    #[inline]
    pub fn speed_limits(&self) -> SpeedLimitIter<'a> {
        speed_limit_iter(self.data, self.speed_limits)
    }
    /// `laneSet`.
    #[inline]
    pub fn lanes(&self) -> GenericLaneIter<'a> {
        self.lanes.iter(self.data, self.ix)
    }
    /// `preemptPriorityData`: each zone's regional content (empty when absent).
    #[inline]
    pub fn preempt_priority(&self) -> SignalControlZoneIter<'a> {
        self.preempt.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// A `SignalControlZone`: its `zone` (extension additions are skipped).
impl super::parts::sealed::Sealed for SignalControlZoneEntry {}
impl<'a> ListEntry<'a> for SignalControlZoneEntry {
    type View = RegionalView<'a>;
    const PATH: &'static str = "SignalControlZone";
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<RegionalView<'a>> {
        let ext = r.read_bool()?;
        let zone = parse_regional(r).field("SignalControlZone.zone")?;
        extensions(ext, r).field("SignalControlZone....")?;
        Ok(zone)
    }
}

/// One `RoadSegment` of a MAP.
#[derive(Clone, Copy, Debug)]
pub struct RoadSegmentView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    name: Option<NameAt>,
    id: (Option<u16>, u16),
    revision: u8,
    ref_point: Position3DView<'a>,
    lane_width: Option<u16>,
    speed_limits: List,
    lanes: List,
    regional: List,
    ext: bool,
}

list_entry!('a, RoadSegmentView<'a>, "RoadSegment");

impl<'a> RoadSegmentView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(4)?;
        let name = Ia5Str::name(bit(o, 3), r).field("RoadSegment.name")?;
        let id = RoadSegmentReferenceID::decode(r).field("RoadSegment.id")?;
        let id = (id.region.map(|v| v.0), id.id.0);
        let revision = MsgCount::decode(r).field("RoadSegment.revision")?.0;
        let ref_point = Position3DView::read(r).field("RoadSegment.refPoint")?;
        let lane_width = lane_width(bit(o, 2), r).field("RoadSegment.laneWidth")?;
        let speed_limits = speed_limits(bit(o, 1), r, ix).field("RoadSegment.speedLimits")?;
        let lanes = lane_list(r, ix).field("RoadSegment.roadLaneSet")?;
        let regional = List::regional(bit(o, 0), r, ix).field("RoadSegment.regional")?;
        extensions(ext, r).field("RoadSegment....")?;
        Ok(RoadSegmentView {
            data,
            ix,
            name,
            id,
            revision,
            ref_point,
            lane_width,
            speed_limits,
            lanes,
            regional,
            ext,
        })
    }

    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `id.region`, the road regulator ID.
    #[inline]
    pub fn region(&self) -> Option<u16> {
        self.id.0
    }
    /// `id.id`, the road segment ID.
    #[inline]
    pub fn segment_id(&self) -> u16 {
        self.id.1
    }
    /// `revision`.
    #[inline]
    pub fn revision(&self) -> u8 {
        self.revision
    }
    /// `refPoint`.
    #[inline]
    pub fn ref_point(&self) -> Position3DView<'a> {
        self.ref_point
    }
    /// `laneWidth`, cm.
    #[inline]
    pub fn lane_width(&self) -> Option<u16> {
        self.lane_width
    }
    /// `speedLimits` (empty when absent).
    #[inline]
    pub fn speed_limits(&self) -> SpeedLimitIter<'a> {
        speed_limit_iter(self.data, self.speed_limits)
    }
    /// `roadLaneSet`.
    #[inline]
    pub fn lanes(&self) -> GenericLaneIter<'a> {
        self.lanes.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// `LaneTypeAttributes`: the kind of lane and the attribute bits of that kind.
#[derive(Clone, Copy, Debug)]
pub struct LaneTypeView<'a> {
    index: u64,
    extension: bool,
    bits: BitsView<'a>,
}

impl<'a> LaneTypeView<'a> {
    const NAMES: [&'static str; 8] = [
        "vehicle",
        "crosswalk",
        "bikeLane",
        "sidewalk",
        "median",
        "striping",
        "trackedVehicle",
        "parking",
    ];

    /// The alternative's index: 0 `vehicle`, 1 `crosswalk`, 2 `bikeLane`, 3 `sidewalk`,
    /// 4 `median`, 5 `striping`, 6 `trackedVehicle`, 7 `parking`; for an alternative of a
    /// later edition ([`is_extension`](Self::is_extension)), its index among the additions.
    #[inline]
    pub fn index(&self) -> u64 {
        self.index
    }
    /// Whether this is an alternative added by a later edition.
    #[inline]
    pub fn is_extension(&self) -> bool {
        self.extension
    }
    /// The alternative's ASN.1 name (`"vehicle"`, ...), `"?"` for a later edition's.
    #[inline]
    pub fn name(&self) -> &'static str {
        if self.extension {
            return "?";
        }
        Self::NAMES.get(self.index as usize).copied().unwrap_or("?")
    }
    /// The attribute bits (8 for `vehicle` unless extended, else 16); for a later
    /// edition's alternative, the open type's content.
    #[inline]
    pub fn bits(&self) -> BitsView<'a> {
        self.bits
    }
}

/// Where a lane's `laneType` lies: its view without the input, so that a lane's view stays
/// small to move ([`GenericLaneView::lane_type`] makes the view).
#[derive(Clone, Copy, Debug)]
struct LaneTypeAt {
    index: u64,
    start: u32,
    len: u32,
    extension: bool,
}

impl LaneTypeAt {
    #[inline]
    fn parse(r: &mut BitReader<'_>) -> Result<Self> {
        // A root alternative's extension bit, index and, for `vehicle`, its size (the
        // extension bit, and a one-octet length where it is set) in one block.
        let at = r.position();
        let mut b = r.peek_upto(13);
        if b.take(1) == 0 {
            let index = b.take(3);
            let bits = match (index, b.take(1), b.take(8)) {
                (1.., _, _) => Some((at + 4, 16)),
                (0, 0, _) => Some((at + 5, 8)),
                (0, _, n) if n < 0x80 => Some((at + 13, n as usize)),
                _ => None,
            };
            if let Some((start, len)) = bits {
                r.skip(start + len - at)?;
                return LaneTypeAt::new(index, false, start, len);
            }
        }
        if r.read_bool()? {
            let index = r.read_normally_small()?;
            let content = r.read_open()?;
            return LaneTypeAt::new(index, true, content.position(), content.remaining());
        }
        let index = r.read_bits(3)?;
        let size = if index == 0 {
            Size::fixed(8).extensible()
        } else {
            Size::fixed(16)
        };
        let bits = BitsView::read(r, size)?;
        LaneTypeAt::new(index, false, bits.start(), bits.len())
    }

    #[inline]
    fn new(index: u64, extension: bool, start: usize, len: usize) -> Result<Self> {
        Ok(LaneTypeAt {
            index,
            start: offset(start)?,
            len: offset(len)?,
            extension,
        })
    }

    #[inline]
    fn view(self, data: &[u8]) -> LaneTypeView<'_> {
        LaneTypeView {
            index: self.index,
            extension: self.extension,
            bits: BitsView::at(data, self.start as usize, self.len as usize),
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum NodeListKind {
    Nodes(List),
    /// Where the `computed` lane starts (read when asked for: few lanes are computed, and
    /// a lane's view stays small to move).
    Computed(u32),
    Unknown(u64),
}

/// A lane's `nodeList`: its nodes, or how it is computed from another lane.
#[derive(Clone, Debug)]
pub enum NodeListView<'a> {
    /// `nodes`.
    Nodes(NodeIter<'a>),
    /// `computed`.
    Computed(ComputedLaneView<'a>),
    /// An alternative of a later edition: its index among the additions.
    Unknown(u64),
}

/// One `GenericLane` of an intersection or road segment.
#[derive(Clone, Copy, Debug)]
pub struct GenericLaneView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    lane_id: u8,
    name: Option<NameAt>,
    ingress: Option<u8>,
    egress: Option<u8>,
    directional_use: u8,
    shared_with: u16,
    lane_type: LaneTypeAt,
    attributes_regional: Option<u32>,
    maneuvers: Option<u16>,
    node_list: NodeListKind,
    connects_to: List,
    overlays: List,
    regional: List,
    ext: bool,
}

list_entry!('a, GenericLaneView<'a>, "GenericLane");

impl<'a> GenericLaneView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        // The extension and presence bits, laneID, the approaches and the fixed part of
        // laneAttributes (not extensible: one presence bit, its single regional extension,
        // then directionalUse and sharedWith) in blocks, around a name if there is one.
        // Numbers whose range is their whole field, in a list validated already.
        let mut b = r.peek_upto(16);
        let ext = b.take(1) == 1;
        let o = b.take(7);
        let lane_id = b.take(8) as u8;
        r.advance_past(&b);
        let name = Ia5Str::name(bit(o, 6), r).field("GenericLane.name")?;
        let mut b = r.peek_upto(4 + 4 + 13);
        let ingress = bit(o, 5).then(|| b.take(4) as u8);
        let egress = bit(o, 4).then(|| b.take(4) as u8);
        let la = b.take(1);
        let directional_use = b.take(2) as u8;
        let shared_with = b.take(10) as u16;
        r.advance_past(&b);
        let lane_type = LaneTypeAt::parse(r).field("LaneAttributes.laneType")?;
        let attributes_regional = if la == 1 {
            let at = offset(r.position()).field("LaneAttributes.regional")?;
            skip::regional_extension(r).field("LaneAttributes.regional")?;
            Some(at)
        } else {
            None
        };
        let maneuvers = if bit(o, 3) {
            Some(r.read_bits(12).field("GenericLane.maneuvers")? as u16)
        } else {
            None
        };
        let node_list = node_list(r, ix).field("GenericLane.nodeList")?;
        let connects_to = List::read_if(bit(o, 2), r, ix, Size::range(1, 16), 13, skip::connection)
            .field("GenericLane.connectsTo")?;
        let overlays = List::read_if(bit(o, 1), r, ix, Size::range(1, 5), 8, skip_plain::<LaneID>)
            .field("GenericLane.overlays")?;
        let regional = List::regional(bit(o, 0), r, ix).field("GenericLane.regional")?;
        extensions(ext, r).field("GenericLane....")?;
        Ok(GenericLaneView {
            data,
            ix,
            lane_id,
            name,
            ingress,
            egress,
            directional_use,
            shared_with,
            lane_type,
            attributes_regional,
            maneuvers,
            node_list,
            connects_to,
            overlays,
            regional,
            ext,
        })
    }

    /// `laneID`.
    #[inline]
    pub fn lane_id(&self) -> u8 {
        self.lane_id
    }
    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `ingressApproach`.
    #[inline]
    pub fn ingress_approach(&self) -> Option<u8> {
        self.ingress
    }
    /// `egressApproach`.
    #[inline]
    pub fn egress_approach(&self) -> Option<u8> {
        self.egress
    }
    /// `laneAttributes.directionalUse` (2 bits): `0b10` ingress path, `0b01` egress path.
    #[inline]
    pub fn directional_use(&self) -> u8 {
        self.directional_use
    }
    /// `laneAttributes.sharedWith` (10 bits), bit 0 of the ASN.1
    /// (`overlappingLaneDescriptionProvided`) the most significant.
    #[inline]
    pub fn shared_with(&self) -> u16 {
        self.shared_with
    }
    /// `laneAttributes.laneType`.
    #[inline]
    pub fn lane_type(&self) -> LaneTypeView<'a> {
        self.lane_type.view(self.data)
    }
    /// `laneAttributes.regional`: a single regional extension.
    #[inline]
    pub fn lane_attributes_regional(&self) -> Option<RegionalView<'a>> {
        self.attributes_regional
            .and_then(|at| parse_regional(&mut reader_at(self.data, at as usize)).ok())
    }
    /// `maneuvers` (`AllowedManeuvers`, 12 bits), bit 0 of the ASN.1
    /// (`maneuverStraightAllowed`) the most significant.
    #[inline]
    pub fn maneuvers(&self) -> Option<u16> {
        self.maneuvers
    }
    /// `nodeList`.
    #[inline]
    pub fn node_list(&self) -> NodeListView<'a> {
        match self.node_list {
            NodeListKind::Nodes(l) => NodeListView::Nodes(self.node_iter(l)),
            NodeListKind::Computed(at) => match self.computed_at(at) {
                Some(c) => NodeListView::Computed(c),
                // Not reached: the lane was read whole when it was reached.
                None => NodeListView::Nodes(self.node_iter(List::default())),
            },
            NodeListKind::Unknown(i) => NodeListView::Unknown(i),
        }
    }
    /// The nodes of `nodeList` (empty for a computed lane).
    #[inline]
    pub fn nodes(&self) -> NodeIter<'a> {
        match self.node_list {
            NodeListKind::Nodes(l) => self.node_iter(l),
            _ => self.node_iter(List::default()),
        }
    }
    /// The `computed` lane of `nodeList`, if it is one.
    #[inline]
    pub fn computed(&self) -> Option<ComputedLaneView<'a>> {
        match self.node_list {
            NodeListKind::Computed(at) => self.computed_at(at),
            _ => None,
        }
    }
    fn computed_at(&self, at: u32) -> Option<ComputedLaneView<'a>> {
        // Read once already when the lane was reached: cannot fail.
        ComputedLaneView::parse(&mut reader_at(self.data, at as usize), self.ix).ok()
    }
    fn node_iter(&self, l: List) -> NodeIter<'a> {
        l.iter(self.data, self.ix)
    }
    /// `connectsTo` (empty when absent).
    #[inline]
    pub fn connections(&self) -> ConnectionIter<'a> {
        self.connects_to.iter(self.data, self.ix)
    }
    /// `overlays` (empty when absent).
    #[inline]
    pub fn overlays(&self) -> LaneIdIter<'a> {
        self.overlays.iter(self.data, self.ix)
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// Reads a `NodeListXY`.
fn node_list<'a>(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<NodeListKind> {
    // The extension bit and a root alternative's index in one read.
    let at = r.position();
    Ok(match r.read_bits(2)? {
        0 => NodeListKind::Nodes(
            List::read(r, ix, Size::range(2, 63), 5, skip::node_xy).field("NodeListXY.nodes")?,
        ),
        1 => {
            let at = offset(r.position()).field("NodeListXY.computed")?;
            ComputedLaneView::parse(r, ix).field("NodeListXY.computed")?;
            NodeListKind::Computed(at)
        }
        _ => {
            r.set_position(at + 1);
            let i = r.read_normally_small()?;
            r.read_open()?;
            NodeListKind::Unknown(i)
        }
    })
}

/// A `ComputedLane`: a lane drawn by offsetting another lane of the intersection.
#[derive(Clone, Copy, Debug)]
pub struct ComputedLaneView<'a> {
    data: &'a [u8],
    reference_lane_id: u8,
    /// (`large` alternative, cm)
    offset_x: (bool, i16),
    offset_y: (bool, i16),
    rotate_xy: Option<u16>,
    scale_x: Option<i16>,
    scale_y: Option<i16>,
    regional: List,
    ext: bool,
}

impl<'a> ComputedLaneView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(4)?;
        let reference_lane_id = LaneID::decode(r).field("ComputedLane.referenceLaneId")?.0;
        let offset_x = match ComputedLaneOffsetXaxis::decode(r).field("ComputedLane.offsetXaxis")? {
            ComputedLaneOffsetXaxis::Small(v) => (false, v.0),
            ComputedLaneOffsetXaxis::Large(v) => (true, v.0),
        };
        let offset_y = match ComputedLaneOffsetYaxis::decode(r).field("ComputedLane.offsetYaxis")? {
            ComputedLaneOffsetYaxis::Small(v) => (false, v.0),
            ComputedLaneOffsetYaxis::Large(v) => (true, v.0),
        };
        let rotate_xy = opt::<Angle>(bit(o, 3), r)
            .field("ComputedLane.rotateXY")?
            .map(|v| v.0);
        let scale_x = opt::<ScaleB12>(bit(o, 2), r)
            .field("ComputedLane.scaleXaxis")?
            .map(|v| v.0);
        let scale_y = opt::<ScaleB12>(bit(o, 1), r)
            .field("ComputedLane.scaleYaxis")?
            .map(|v| v.0);
        let regional = List::regional(bit(o, 0), r, ix).field("ComputedLane.regional")?;
        extensions(ext, r).field("ComputedLane....")?;
        Ok(ComputedLaneView {
            data,
            reference_lane_id,
            offset_x,
            offset_y,
            rotate_xy,
            scale_x,
            scale_y,
            regional,
            ext,
        })
    }

    /// `referenceLaneId`.
    #[inline]
    pub fn reference_lane_id(&self) -> u8 {
        self.reference_lane_id
    }
    /// `offsetXaxis`.
    #[inline]
    pub fn offset_x(&self) -> ComputedLaneOffsetXaxis {
        match self.offset_x {
            (false, v) => ComputedLaneOffsetXaxis::Small(DrivenLineOffsetSm(v)),
            (true, v) => ComputedLaneOffsetXaxis::Large(DrivenLineOffsetLg(v)),
        }
    }
    /// `offsetYaxis`.
    #[inline]
    pub fn offset_y(&self) -> ComputedLaneOffsetYaxis {
        match self.offset_y {
            (false, v) => ComputedLaneOffsetYaxis::Small(DrivenLineOffsetSm(v)),
            (true, v) => ComputedLaneOffsetYaxis::Large(DrivenLineOffsetLg(v)),
        }
    }
    /// `offsetXaxis` in cm, whichever alternative carries it.
    #[inline]
    pub fn offset_x_cm(&self) -> i16 {
        self.offset_x.1
    }
    /// `offsetYaxis` in cm, whichever alternative carries it.
    #[inline]
    pub fn offset_y_cm(&self) -> i16 {
        self.offset_y.1
    }
    /// `rotateXY`, 0.0125 degree.
    #[inline]
    pub fn rotate_xy(&self) -> Option<u16> {
        self.rotate_xy
    }
    /// `scaleXaxis`, 0.05 percent.
    #[inline]
    pub fn scale_x(&self) -> Option<i16> {
        self.scale_x
    }
    /// `scaleYaxis`, 0.05 percent.
    #[inline]
    pub fn scale_y(&self) -> Option<i16> {
        self.scale_y
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// A node's `delta` (`NodeOffsetPointXY`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeOffset {
    /// `node-XY1` .. `node-XY6` (`form` 1..=6, of 20, 22, 24, 26, 28 and 32 bits): the
    /// offset from the previous node (or the reference point) in cm east (`x`) and north
    /// (`y`).
    Xy {
        /// 1..=6 for `node-XY1` .. `node-XY6`.
        form: u8,
        /// cm east.
        x: i32,
        /// cm north.
        y: i32,
    },
    /// `node-LatLon`: an absolute position, 1/10 micro degree.
    LatLon {
        /// `lat`.
        lat: i32,
        /// `lon`.
        lon: i32,
    },
    /// `regional`: read it with [`NodeView::regional_offset`].
    Regional {
        /// `regionId`.
        region_id: u8,
    },
}

/// One `NodeXY` of a lane.
#[derive(Clone, Copy, Debug)]
pub struct NodeView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    offset: NodeOffset,
    /// Bit offset of the `delta` (used for its regional content).
    delta_at: usize,
    /// Bit offset of `attributes`, read when asked for (few nodes have them; the view of
    /// a node stays small to move).
    attributes_at: Option<usize>,
    ext: bool,
}

list_entry!('a, NodeView<'a>, "NodeXY");

impl<'a> NodeView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let delta_at = r.position() + 2;
        // The extension and presence bits, the offset's index and the offset (all but a
        // regional one) in one block of at most 2 + 3 + 63 bits, which lies within the
        // input: the list was validated.
        let mut b = r.peek_upto(68);
        let o = b.take(2);
        let ext = o >> 1 == 1;
        let offset = match b.take(3) {
            k @ 0..=5 => {
                let w = [10, 11, 12, 13, 14, 16][k as usize];
                // A range of 2^w values from -2^(w-1): the whole field.
                let mut cm = || b.take(w) as i32 - (1 << (w - 1));
                let x = cm();
                let y = cm();
                r.advance_past(&b);
                NodeOffset::Xy {
                    form: k as u8 + 1,
                    x,
                    y,
                }
            }
            6 => {
                let lon = b.constrained(-1_799_999_999, 1_800_000_001);
                let lon = lon.field("Node-LLmD-64b.lon")? as i32;
                let lat = b.constrained(-900_000_000, 900_000_001);
                let lat = lat.field("Node-LLmD-64b.lat")? as i32;
                r.advance_past(&b);
                NodeOffset::LatLon { lat, lon }
            }
            _ => {
                r.advance_past(&b);
                let region_id = parse_regional(r).field("NodeXY.delta")?.region_id;
                NodeOffset::Regional { region_id }
            }
        };
        let attributes_at = if o & 1 == 1 {
            let at = r.position();
            NodeAttributesView::parse(r, ix).field("NodeXY.attributes")?;
            Some(at)
        } else {
            None
        };
        extensions(ext, r).field("NodeXY....")?;
        Ok(NodeView {
            data,
            ix,
            offset,
            delta_at,
            attributes_at,
            ext,
        })
    }

    /// `delta`: the node's offset form and value.
    #[inline]
    pub fn offset(&self) -> NodeOffset {
        self.offset
    }
    /// `delta` as (x, y) in cm when it is one of the `node-XY` forms.
    #[inline]
    pub fn xy_cm(&self) -> Option<(i32, i32)> {
        match self.offset {
            NodeOffset::Xy { x, y, .. } => Some((x, y)),
            _ => None,
        }
    }
    /// `delta` as (lat, lon) in 1/10 micro degree when it is `node-LatLon`.
    #[inline]
    pub fn lat_lon(&self) -> Option<(i32, i32)> {
        match self.offset {
            NodeOffset::LatLon { lat, lon } => Some((lat, lon)),
            _ => None,
        }
    }
    /// `delta`'s regional extension when it is `regional`.
    #[inline]
    pub fn regional_offset(&self) -> Option<RegionalView<'a>> {
        if !matches!(self.offset, NodeOffset::Regional { .. }) {
            return None;
        }
        let mut r = reader_at(self.data, self.delta_at + 3);
        parse_regional(&mut r).ok()
    }
    /// Whether `attributes` is present.
    #[inline]
    pub fn has_attributes(&self) -> bool {
        self.attributes_at.is_some()
    }
    /// `attributes`.
    #[inline]
    pub fn attributes(&self) -> Option<NodeAttributesView<'a>> {
        // Read once already when the node was reached: cannot fail.
        let at = self.attributes_at?;
        NodeAttributesView::parse(&mut reader_at(self.data, at), self.ix).ok()
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// A node's `NodeAttributeSetXY`.
#[derive(Clone, Copy, Debug)]
pub struct NodeAttributesView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    local_node: List,
    disabled: List,
    enabled: List,
    lane_data: List,
    d_width: Option<i16>,
    d_elevation: Option<i16>,
    regional: List,
    ext: bool,
}

impl<'a> NodeAttributesView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(7)?;
        let local_node = List::read_if(
            bit(o, 6),
            r,
            ix,
            Size::range(1, 8),
            5,
            skip_plain::<NodeAttributeXY>,
        )
        .field("NodeAttributeSetXY.localNode")?;
        let segment = |present, r: &mut BitReader<'_>| {
            List::read_if(
                present,
                r,
                ix,
                Size::range(1, 8),
                7,
                skip_plain::<SegmentAttributeXY>,
            )
        };
        let disabled = segment(bit(o, 5), r).field("NodeAttributeSetXY.disabled")?;
        let enabled = segment(bit(o, 4), r).field("NodeAttributeSetXY.enabled")?;
        let lane_data = List::read_if(
            bit(o, 3),
            r,
            ix,
            Size::range(1, 8),
            4,
            skip::lane_data_attribute,
        )
        .field("NodeAttributeSetXY.data")?;
        let d_width = opt::<OffsetB10>(bit(o, 2), r)
            .field("NodeAttributeSetXY.dWidth")?
            .map(|v| v.0);
        let d_elevation = opt::<OffsetB10>(bit(o, 1), r)
            .field("NodeAttributeSetXY.dElevation")?
            .map(|v| v.0);
        let regional = List::regional(bit(o, 0), r, ix).field("NodeAttributeSetXY.regional")?;
        extensions(ext, r).field("NodeAttributeSetXY....")?;
        Ok(NodeAttributesView {
            data,
            ix,
            local_node,
            disabled,
            enabled,
            lane_data,
            d_width,
            d_elevation,
            regional,
            ext,
        })
    }

    /// `localNode` (empty when absent).
    #[inline]
    pub fn local_node(&self) -> NodeAttributeIter<'a> {
        self.local_node.iter(self.data, self.ix)
    }
    /// `disabled` (empty when absent).
    #[inline]
    pub fn disabled(&self) -> SegmentAttributeIter<'a> {
        self.disabled.iter(self.data, self.ix)
    }
    /// `enabled` (empty when absent).
    #[inline]
    pub fn enabled(&self) -> SegmentAttributeIter<'a> {
        self.enabled.iter(self.data, self.ix)
    }
    /// `data` (empty when absent).
    #[inline]
    pub fn lane_data(&self) -> LaneDataIter<'a> {
        self.lane_data.iter(self.data, self.ix)
    }
    /// `dWidth`, cm.
    #[inline]
    pub fn d_width(&self) -> Option<i16> {
        self.d_width
    }
    /// `dElevation`, 10 cm.
    #[inline]
    pub fn d_elevation(&self) -> Option<i16> {
        self.d_elevation
    }
    /// `regional`.
    #[inline]
    pub fn regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.regional)
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

/// One `LaneDataAttribute`.
#[derive(Clone, Debug)]
pub enum LaneDataView<'a> {
    /// `pathEndPointAngle`, degree.
    PathEndPointAngle(i16),
    /// `laneCrownPointCenter`, 0.3 degree.
    LaneCrownPointCenter(i8),
    /// `laneCrownPointLeft`, 0.3 degree.
    LaneCrownPointLeft(i8),
    /// `laneCrownPointRight`, 0.3 degree.
    LaneCrownPointRight(i8),
    /// `laneAngle`, 1.5 degree.
    LaneAngle(i16),
    /// `speedLimits`.
    SpeedLimits(SpeedLimitIter<'a>),
    /// `regional`.
    Regional(RegionalListIter<'a>),
    /// An alternative of a later edition: its index among the additions.
    Unknown(u64),
}

list_entry!('a, LaneDataView<'a>, "LaneDataAttribute");

impl<'a> LaneDataView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        if r.read_bool()? {
            let i = r.read_normally_small()?;
            r.read_open()?;
            return Ok(LaneDataView::Unknown(i));
        }
        let at = r.position();
        Ok(match r.read_bits(3)? {
            0 => LaneDataView::PathEndPointAngle(DeltaAngle::decode(r)?.0),
            1 => LaneDataView::LaneCrownPointCenter(RoadwayCrownAngle::decode(r)?.0),
            2 => LaneDataView::LaneCrownPointLeft(RoadwayCrownAngle::decode(r)?.0),
            3 => LaneDataView::LaneCrownPointRight(RoadwayCrownAngle::decode(r)?.0),
            4 => LaneDataView::LaneAngle(MergeDivergeNodeAngle::decode(r)?.0),
            5 => LaneDataView::SpeedLimits(speed_limit_iter(
                data,
                speed_limits(true, r, ix).field("LaneDataAttribute.speedLimits")?,
            )),
            6 => LaneDataView::Regional(regional_iter(
                data,
                List::regional(true, r, ix).field("LaneDataAttribute.regional")?,
            )),
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at)),
        })
    }
}

/// One `Connection` of a lane: the lane reached, and what controls the movement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionView {
    lane: u8,
    maneuver: Option<u16>,
    remote: Option<(Option<u16>, u16)>,
    signal_group: Option<u8>,
    user_class: Option<u8>,
    connection_id: Option<u8>,
}

list_entry!('a, ConnectionView, "Connection");

impl ConnectionView {
    #[inline]
    fn parse(r: &mut BitReader<'_>, _: Lists<'_>) -> Result<Self> {
        // All of it in one block of at most 4 + 21 + 33 + 24 bits (presence bits,
        // connectingLane, remoteIntersection, three numbers): numbers whose range is their
        // whole field, in a list validated already.
        let mut b = r.peek_upto(82);
        let o = b.take(4);
        let cl = b.take(1);
        let lane = b.take(8) as u8;
        let maneuver = (cl == 1).then(|| b.take(12) as u16);
        let remote = bit(o, 3).then(|| {
            let region = (b.take(1) == 1).then(|| b.take(16) as u16);
            (region, b.take(16) as u16)
        });
        let signal_group = bit(o, 2).then(|| b.take(8) as u8);
        let user_class = bit(o, 1).then(|| b.take(8) as u8);
        let connection_id = bit(o, 0).then(|| b.take(8) as u8);
        r.advance_past(&b);
        Ok(ConnectionView {
            lane,
            maneuver,
            remote,
            signal_group,
            user_class,
            connection_id,
        })
    }

    /// `connectingLane.lane`.
    #[inline]
    pub fn lane(&self) -> u8 {
        self.lane
    }
    /// `connectingLane.maneuver` (`AllowedManeuvers`, 12 bits, bit 0 of the ASN.1 the most
    /// significant).
    #[inline]
    pub fn maneuver(&self) -> Option<u16> {
        self.maneuver
    }
    /// `remoteIntersection`.
    #[inline]
    pub fn remote_intersection(&self) -> Option<IntersectionReferenceID> {
        self.remote.map(make_intersection_ref)
    }
    /// `signalGroup`: the SPaT signal group controlling this movement.
    #[inline]
    pub fn signal_group(&self) -> Option<u8> {
        self.signal_group
    }
    /// `userClass` (`RestrictionClassID`).
    #[inline]
    pub fn user_class(&self) -> Option<u8> {
        self.user_class
    }
    /// `connectionID`.
    #[inline]
    pub fn connection_id(&self) -> Option<u8> {
        self.connection_id
    }
}

/// One `RestrictionClassAssignment` of a MAP's `restrictionList`.
#[derive(Clone, Copy, Debug)]
pub struct RestrictionClassView<'a> {
    data: &'a [u8],
    ix: Lists<'a>,
    id: u8,
    users: List,
}

list_entry!('a, RestrictionClassView<'a>, "RestrictionClassAssignment");

impl<'a> RestrictionClassView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let id = RestrictionClassID::decode(r)
            .field("RestrictionClassAssignment.id")?
            .0;
        let users = List::read(r, ix, Size::range(1, 16), 2, skip::restriction_user_type)
            .field("RestrictionClassAssignment.users")?;
        Ok(RestrictionClassView {
            data,
            ix,
            id,
            users,
        })
    }

    /// `id`.
    #[inline]
    pub fn id(&self) -> u8 {
        self.id
    }
    /// `users`.
    #[inline]
    pub fn users(&self) -> RestrictionUserIter<'a> {
        self.users.iter(self.data, self.ix)
    }
}

/// One `RestrictionUserType`.
#[derive(Clone, Debug)]
pub enum RestrictionUserView<'a> {
    /// `basicType`.
    BasicType(RestrictionAppliesTo),
    /// `regional`.
    Regional(RegionalListIter<'a>),
    /// An alternative of a later edition: its index among the additions.
    Unknown(u64),
}

list_entry!('a, RestrictionUserView<'a>, "RestrictionUserType");

impl<'a> RestrictionUserView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>) -> Result<Self> {
        let data = r.data();
        if r.read_bool()? {
            let i = r.read_normally_small()?;
            r.read_open()?;
            return Ok(RestrictionUserView::Unknown(i));
        }
        Ok(if r.read_bool()? {
            RestrictionUserView::Regional(regional_iter(data, List::regional(true, r, ix)?))
        } else {
            RestrictionUserView::BasicType(RestrictionAppliesTo::decode(r)?)
        })
    }
}

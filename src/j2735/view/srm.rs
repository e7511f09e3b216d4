//! [`SrmView`]: a SignalRequestMessage read in place.
//!
//! `SrmView` → [`requests`](SrmView::requests) → [`SignalRequestPackageView`], and
//! [`requestor`](SrmView::requestor) → [`RequestorView`].
//!
//! [`SrmView::new`] validates the whole message once with the generated skip functions;
//! each request is read in one pass when the iterator reaches it, recording its plain
//! members, so its getters are field reads.

use super::index::Lists;
use super::parts::{
    bit, extensions, intersection_ref, list_entry, make_intersection_ref, opt, regional_iter,
    AccessPoint, Ia5Str, List, ListIter, NameAt, Position3DView, RegionalListIter,
    RequestorTypeView, VehicleIdView,
};
use crate::j2735::{
    skip, Angle, DSecond, DeltaTime, IntersectionReferenceID, MinuteOfTheYear, MsgCount,
    PriorityRequestType, RequestID, Speed, TransitVehicleOccupancy, TransmissionAndSpeed,
    TransmissionState,
};
use crate::per::{BitReader, Decode, Result, ResultExt, Size};

/// A `SignalRequestMessage` read in place.
#[derive(Clone, Copy, Debug)]
pub struct SrmView<'a> {
    data: &'a [u8],
    time_stamp: Option<u32>,
    second: u16,
    sequence_number: Option<u8>,
    requests: List,
    requestor: RequestorView<'a>,
    regional: List,
    ext: bool,
}

impl<'a> SrmView<'a> {
    /// Validates a SignalRequestMessage (the value of a `MessageFrame` with ID 29, or a bare
    /// one): the whole message, then only zero padding to the end of `data`.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let mut r = BitReader::new(data);
        let ext = r.read_bool().field("SignalRequestMessage")?;
        let o = r.read_bits(4).field("SignalRequestMessage")?;
        let time_stamp = opt::<MinuteOfTheYear>(bit(o, 3), &mut r)
            .field("SignalRequestMessage.timeStamp")?
            .map(|v| v.0);
        let second = DSecond::decode(&mut r)
            .field("SignalRequestMessage.second")?
            .0;
        let sequence_number = opt::<MsgCount>(bit(o, 2), &mut r)
            .field("SignalRequestMessage.sequenceNumber")?
            .map(|v| v.0);
        let requests = List::read_if(
            bit(o, 1),
            &mut r,
            Lists::NONE,
            Size::range(1, 32),
            39,
            skip::signal_request_package,
        )
        .field("SignalRequestMessage.requests")?;
        let requestor =
            RequestorView::parse(&mut r, Lists::NONE).field("SignalRequestMessage.requestor")?;
        let regional = List::regional(bit(o, 0), &mut r, Lists::NONE)
            .field("SignalRequestMessage.regional")?;
        extensions(ext, &mut r).field("SignalRequestMessage....")?;
        r.expect_padding().field("SignalRequestMessage")?;
        Ok(SrmView {
            data,
            time_stamp,
            second,
            sequence_number,
            requests,
            requestor,
            regional,
            ext,
        })
    }

    /// `timeStamp`, minute of the year.
    #[inline]
    pub fn time_stamp(&self) -> Option<u32> {
        self.time_stamp
    }
    /// `second`, milliseconds within the minute.
    #[inline]
    pub fn second(&self) -> u16 {
        self.second
    }
    /// `sequenceNumber`.
    #[inline]
    pub fn sequence_number(&self) -> Option<u8> {
        self.sequence_number
    }
    /// `requests` (empty when absent).
    #[inline]
    pub fn requests(&self) -> SignalRequestIter<'a> {
        self.requests.iter(self.data, Lists::NONE)
    }
    /// `requestor`.
    #[inline]
    pub fn requestor(&self) -> RequestorView<'a> {
        self.requestor
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

/// Iterator over [`SignalRequestPackageView`]s.
pub type SignalRequestIter<'a> = ListIter<'a, SignalRequestPackageView<'a>>;

/// One `SignalRequestPackage`: a `SignalRequest` and when the service is wanted.
#[derive(Clone, Copy, Debug)]
pub struct SignalRequestPackageView<'a> {
    data: &'a [u8],
    id: (Option<u16>, u16),
    request_id: u8,
    request_type: PriorityRequestType,
    in_bound: AccessPoint,
    out_bound: Option<AccessPoint>,
    request_regional: List,
    request_ext: bool,
    minute: Option<u32>,
    second: Option<u16>,
    duration: Option<u16>,
    regional: List,
    ext: bool,
}

list_entry!('a, SignalRequestPackageView<'a>, "SignalRequestPackage");

impl<'a> SignalRequestPackageView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(4)?;
        // SignalRequest
        let request_ext = r.read_bool().field("SignalRequestPackage.request")?;
        let ro = r.read_bits(2).field("SignalRequestPackage.request")?;
        let id = intersection_ref(r).field("SignalRequest.id")?;
        let request_id = RequestID::decode(r).field("SignalRequest.requestID")?.0;
        let request_type = PriorityRequestType::decode(r).field("SignalRequest.requestType")?;
        let in_bound = AccessPoint::read(r).field("SignalRequest.inBoundLane")?;
        let out_bound = if bit(ro, 1) {
            Some(AccessPoint::read(r).field("SignalRequest.outBoundLane")?)
        } else {
            None
        };
        let request_regional =
            List::regional(bit(ro, 0), r, Lists::NONE).field("SignalRequest.regional")?;
        extensions(request_ext, r).field("SignalRequest....")?;
        // The package's own members.
        let minute = opt::<MinuteOfTheYear>(bit(o, 3), r)
            .field("SignalRequestPackage.minute")?
            .map(|v| v.0);
        let second = opt::<DSecond>(bit(o, 2), r)
            .field("SignalRequestPackage.second")?
            .map(|v| v.0);
        let duration = opt::<DSecond>(bit(o, 1), r)
            .field("SignalRequestPackage.duration")?
            .map(|v| v.0);
        let regional =
            List::regional(bit(o, 0), r, Lists::NONE).field("SignalRequestPackage.regional")?;
        extensions(ext, r).field("SignalRequestPackage....")?;
        Ok(SignalRequestPackageView {
            data,
            id,
            request_id,
            request_type,
            in_bound,
            out_bound,
            request_regional,
            request_ext,
            minute,
            second,
            duration,
            regional,
            ext,
        })
    }

    /// `request.id`: the intersection asked.
    #[inline]
    pub fn intersection(&self) -> IntersectionReferenceID {
        make_intersection_ref(self.id)
    }
    /// `request.id.region`.
    #[inline]
    pub fn region(&self) -> Option<u16> {
        self.id.0
    }
    /// `request.id.id`.
    #[inline]
    pub fn intersection_id(&self) -> u16 {
        self.id.1
    }
    /// `request.requestID`.
    #[inline]
    pub fn request_id(&self) -> u8 {
        self.request_id
    }
    /// `request.requestType`.
    #[inline]
    pub fn request_type(&self) -> PriorityRequestType {
        self.request_type
    }
    /// `request.inBoundLane`.
    #[inline]
    pub fn in_bound(&self) -> AccessPoint {
        self.in_bound
    }
    /// `request.outBoundLane`.
    #[inline]
    pub fn out_bound(&self) -> Option<AccessPoint> {
        self.out_bound
    }
    /// `request.regional`.
    #[inline]
    pub fn request_regional(&self) -> RegionalListIter<'a> {
        regional_iter(self.data, self.request_regional)
    }
    /// Whether `request`'s extension bit is set.
    #[inline]
    pub fn request_has_extensions(&self) -> bool {
        self.request_ext
    }
    /// `minute`: estimated arrival, minute of the year.
    #[inline]
    pub fn minute(&self) -> Option<u32> {
        self.minute
    }
    /// `second`: estimated arrival, milliseconds within the minute.
    #[inline]
    pub fn second(&self) -> Option<u16> {
        self.second
    }
    /// `duration`, milliseconds.
    #[inline]
    pub fn duration(&self) -> Option<u16> {
        self.duration
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

/// The `requestor` of an SRM (`RequestorDescription`).
#[derive(Clone, Copy, Debug)]
pub struct RequestorView<'a> {
    data: &'a [u8],
    id: VehicleIdView,
    kind: Option<RequestorTypeView<'a>>,
    position: Option<RequestorPositionView<'a>>,
    name: Option<NameAt>,
    route_name: Option<NameAt>,
    transit_status: Option<u8>,
    transit_occupancy: Option<TransitVehicleOccupancy>,
    transit_schedule: Option<i8>,
    regional: List,
    ext: bool,
}

impl<'a> RequestorView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(8)?;
        let id = VehicleIdView::read(r).field("RequestorDescription.id")?;
        let kind = if bit(o, 7) {
            Some(RequestorTypeView::read(r).field("RequestorDescription.type")?)
        } else {
            None
        };
        let position = if bit(o, 6) {
            Some(
                RequestorPositionView::parse(r, Lists::NONE)
                    .field("RequestorDescription.position")?,
            )
        } else {
            None
        };
        let name = Ia5Str::name(bit(o, 5), r).field("RequestorDescription.name")?;
        let route_name = Ia5Str::name(bit(o, 4), r).field("RequestorDescription.routeName")?;
        let transit_status = if bit(o, 3) {
            Some(r.read_bits(8).field("RequestorDescription.transitStatus")? as u8)
        } else {
            None
        };
        let transit_occupancy = opt(bit(o, 2), r).field("RequestorDescription.transitOccupancy")?;
        let transit_schedule = opt::<DeltaTime>(bit(o, 1), r)
            .field("RequestorDescription.transitSchedule")?
            .map(|v| v.0);
        let regional =
            List::regional(bit(o, 0), r, Lists::NONE).field("RequestorDescription.regional")?;
        extensions(ext, r).field("RequestorDescription....")?;
        Ok(RequestorView {
            data,
            id,
            kind,
            position,
            name,
            route_name,
            transit_status,
            transit_occupancy,
            transit_schedule,
            regional,
            ext,
        })
    }

    /// `id`.
    #[inline]
    pub fn id(&self) -> VehicleIdView {
        self.id
    }
    /// `type`.
    #[inline]
    pub fn kind(&self) -> Option<RequestorTypeView<'a>> {
        self.kind
    }
    /// `position`.
    #[inline]
    pub fn position(&self) -> Option<RequestorPositionView<'a>> {
        self.position
    }
    /// `name`.
    #[inline]
    pub fn name(&self) -> Option<Ia5Str<'a>> {
        self.name.map(|n| n.get(self.data))
    }
    /// `routeName`.
    #[inline]
    pub fn route_name(&self) -> Option<Ia5Str<'a>> {
        self.route_name.map(|n| n.get(self.data))
    }
    /// `transitStatus` (8 bits), bit 0 of the ASN.1 (`loading`) the most significant.
    #[inline]
    pub fn transit_status(&self) -> Option<u8> {
        self.transit_status
    }
    /// `transitOccupancy`.
    #[inline]
    pub fn transit_occupancy(&self) -> Option<TransitVehicleOccupancy> {
        self.transit_occupancy
    }
    /// `transitSchedule`, 10 s units ahead (+) or behind (-) schedule.
    #[inline]
    pub fn transit_schedule(&self) -> Option<i8> {
        self.transit_schedule
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

/// A `RequestorPositionVector`.
#[derive(Clone, Copy, Debug)]
pub struct RequestorPositionView<'a> {
    position: Position3DView<'a>,
    heading: Option<u16>,
    speed: Option<(TransmissionState, u16)>,
    ext: bool,
}

impl<'a> RequestorPositionView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let ext = r.read_bool()?;
        let o = r.read_bits(2)?;
        let position = Position3DView::read(r).field("RequestorPositionVector.position")?;
        let heading = opt::<Angle>(bit(o, 1), r)
            .field("RequestorPositionVector.heading")?
            .map(|v| v.0);
        let speed = opt::<TransmissionAndSpeed>(bit(o, 0), r)
            .field("RequestorPositionVector.speed")?
            .map(|v| (v.transmisson, v.speed.0));
        extensions(ext, r).field("RequestorPositionVector....")?;
        Ok(RequestorPositionView {
            position,
            heading,
            speed,
            ext,
        })
    }

    /// `position`.
    #[inline]
    pub fn position(&self) -> Position3DView<'a> {
        self.position
    }
    /// `heading`, 0.0125 degree.
    #[inline]
    pub fn heading(&self) -> Option<u16> {
        self.heading
    }
    /// `speed`.
    #[inline]
    pub fn speed(&self) -> Option<TransmissionAndSpeed> {
        self.speed.map(|(t, s)| TransmissionAndSpeed {
            transmisson: t,
            speed: Speed(s),
        })
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

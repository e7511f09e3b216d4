//! [`SsmView`]: a SignalStatusMessage read in place.
//!
//! `SsmView` → [`status`](SsmView::status) → [`SignalStatusView`] →
//! [`packages`](SignalStatusView::packages) → [`SignalStatusPackageView`].
//!
//! [`SsmView::new`] validates the whole message once with the generated skip functions;
//! each item is read in one pass when its iterator reaches it, recording its plain members
//! and where its lists start, so its getters are field reads.

use super::index::Lists;
use super::parts::{
    bit, extensions, intersection_ref, list_entry, make_intersection_ref, opt, regional_iter,
    AccessPoint, List, ListIter, RegionalListIter, RequestorTypeView, VehicleIdView,
};
use crate::j2735::{
    skip, BasicVehicleRole, DSecond, IntersectionReferenceID, MinuteOfTheYear, MsgCount,
    PrioritizationResponseStatus, RequestID,
};
use crate::per::{BitReader, Decode, Result, ResultExt, Size};

/// A `SignalStatusMessage` read in place.
#[derive(Clone, Copy, Debug)]
pub struct SsmView<'a> {
    data: &'a [u8],
    time_stamp: Option<u32>,
    second: u16,
    sequence_number: Option<u8>,
    status: List,
    regional: List,
    ext: bool,
}

impl<'a> SsmView<'a> {
    /// Validates a SignalStatusMessage (the value of a `MessageFrame` with ID 30, or a bare
    /// one): the whole message, then only zero padding to the end of `data`.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let mut r = BitReader::new(data);
        let ext = r.read_bool().field("SignalStatusMessage")?;
        let o = r.read_bits(3).field("SignalStatusMessage")?;
        let time_stamp = opt::<MinuteOfTheYear>(bit(o, 2), &mut r)
            .field("SignalStatusMessage.timeStamp")?
            .map(|v| v.0);
        let second = DSecond::decode(&mut r)
            .field("SignalStatusMessage.second")?
            .0;
        let sequence_number = opt::<MsgCount>(bit(o, 1), &mut r)
            .field("SignalStatusMessage.sequenceNumber")?
            .map(|v| v.0);
        let status = List::read(
            &mut r,
            Lists::NONE,
            Size::range(1, 32),
            26,
            skip::signal_status,
        )
        .field("SignalStatusMessage.status")?;
        let regional =
            List::regional(bit(o, 0), &mut r, Lists::NONE).field("SignalStatusMessage.regional")?;
        extensions(ext, &mut r).field("SignalStatusMessage....")?;
        r.expect_padding().field("SignalStatusMessage")?;
        Ok(SsmView {
            data,
            time_stamp,
            second,
            sequence_number,
            status,
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
    /// `status`: one entry per intersection.
    #[inline]
    pub fn status(&self) -> SignalStatusIter<'a> {
        self.status.iter(self.data, Lists::NONE)
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

/// Iterator over [`SignalStatusView`]s.
pub type SignalStatusIter<'a> = ListIter<'a, SignalStatusView<'a>>;
/// Iterator over [`SignalStatusPackageView`]s.
pub type SignalStatusPackageIter<'a> = ListIter<'a, SignalStatusPackageView<'a>>;

/// One `SignalStatus`: the status of the requests at one intersection.
#[derive(Clone, Copy, Debug)]
pub struct SignalStatusView<'a> {
    data: &'a [u8],
    sequence_number: u8,
    id: (Option<u16>, u16),
    packages: List,
    regional: List,
    ext: bool,
}

list_entry!('a, SignalStatusView<'a>, "SignalStatus");

impl<'a> SignalStatusView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(1)?;
        let sequence_number = MsgCount::decode(r).field("SignalStatus.sequenceNumber")?.0;
        let id = intersection_ref(r).field("SignalStatus.id")?;
        let packages = List::read(
            r,
            Lists::NONE,
            Size::range(1, 32),
            14,
            skip::signal_status_package,
        )
        .field("SignalStatus.sigStatus")?;
        let regional = List::regional(bit(o, 0), r, Lists::NONE).field("SignalStatus.regional")?;
        extensions(ext, r).field("SignalStatus....")?;
        Ok(SignalStatusView {
            data,
            sequence_number,
            id,
            packages,
            regional,
            ext,
        })
    }

    /// `sequenceNumber`.
    #[inline]
    pub fn sequence_number(&self) -> u8 {
        self.sequence_number
    }
    /// `id`: the intersection.
    #[inline]
    pub fn id(&self) -> IntersectionReferenceID {
        make_intersection_ref(self.id)
    }
    /// `id.region`.
    #[inline]
    pub fn region(&self) -> Option<u16> {
        self.id.0
    }
    /// `id.id`.
    #[inline]
    pub fn intersection_id(&self) -> u16 {
        self.id.1
    }
    /// `sigStatus`: one entry per request.
    #[inline]
    pub fn packages(&self) -> SignalStatusPackageIter<'a> {
        self.packages.iter(self.data, Lists::NONE)
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

/// One `SignalStatusPackage`: the answer to one request.
#[derive(Clone, Copy, Debug)]
pub struct SignalStatusPackageView<'a> {
    data: &'a [u8],
    requester: Option<SignalRequesterView<'a>>,
    inbound: AccessPoint,
    outbound: Option<AccessPoint>,
    minute: Option<u32>,
    second: Option<u16>,
    duration: Option<u16>,
    status: PrioritizationResponseStatus,
    regional: List,
    ext: bool,
}

list_entry!('a, SignalStatusPackageView<'a>, "SignalStatusPackage");

impl<'a> SignalStatusPackageView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let data = r.data();
        let ext = r.read_bool()?;
        let o = r.read_bits(6)?;
        let requester = if bit(o, 5) {
            Some(
                SignalRequesterView::parse(r, Lists::NONE)
                    .field("SignalStatusPackage.requester")?,
            )
        } else {
            None
        };
        let inbound = AccessPoint::read(r).field("SignalStatusPackage.inboundOn")?;
        let outbound = if bit(o, 4) {
            Some(AccessPoint::read(r).field("SignalStatusPackage.outboundOn")?)
        } else {
            None
        };
        let minute = opt::<MinuteOfTheYear>(bit(o, 3), r)
            .field("SignalStatusPackage.minute")?
            .map(|v| v.0);
        let second = opt::<DSecond>(bit(o, 2), r)
            .field("SignalStatusPackage.second")?
            .map(|v| v.0);
        let duration = opt::<DSecond>(bit(o, 1), r)
            .field("SignalStatusPackage.duration")?
            .map(|v| v.0);
        let status = PrioritizationResponseStatus::decode(r).field("SignalStatusPackage.status")?;
        let regional =
            List::regional(bit(o, 0), r, Lists::NONE).field("SignalStatusPackage.regional")?;
        extensions(ext, r).field("SignalStatusPackage....")?;
        Ok(SignalStatusPackageView {
            data,
            requester,
            inbound,
            outbound,
            minute,
            second,
            duration,
            status,
            regional,
            ext,
        })
    }

    /// `requester`: who sent the request.
    #[inline]
    pub fn requester(&self) -> Option<SignalRequesterView<'a>> {
        self.requester
    }
    /// `inboundOn`.
    #[inline]
    pub fn inbound(&self) -> AccessPoint {
        self.inbound
    }
    /// `outboundOn`.
    #[inline]
    pub fn outbound(&self) -> Option<AccessPoint> {
        self.outbound
    }
    /// `minute`: estimated time of service, minute of the year.
    #[inline]
    pub fn minute(&self) -> Option<u32> {
        self.minute
    }
    /// `second`: milliseconds within the minute.
    #[inline]
    pub fn second(&self) -> Option<u16> {
        self.second
    }
    /// `duration`, milliseconds of service.
    #[inline]
    pub fn duration(&self) -> Option<u16> {
        self.duration
    }
    /// `status`.
    #[inline]
    pub fn status(&self) -> PrioritizationResponseStatus {
        self.status
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

/// A `SignalRequesterInfo`: the request being answered.
#[derive(Clone, Copy, Debug)]
pub struct SignalRequesterView<'a> {
    id: VehicleIdView,
    request: u8,
    sequence_number: u8,
    role: Option<BasicVehicleRole>,
    type_data: Option<RequestorTypeView<'a>>,
    ext: bool,
}

impl<'a> SignalRequesterView<'a> {
    #[inline]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>) -> Result<Self> {
        let ext = r.read_bool()?;
        let o = r.read_bits(2)?;
        let id = VehicleIdView::read(r).field("SignalRequesterInfo.id")?;
        let request = RequestID::decode(r).field("SignalRequesterInfo.request")?.0;
        let sequence_number = MsgCount::decode(r)
            .field("SignalRequesterInfo.sequenceNumber")?
            .0;
        let role = opt(bit(o, 1), r).field("SignalRequesterInfo.role")?;
        let type_data = if bit(o, 0) {
            Some(RequestorTypeView::read(r).field("SignalRequesterInfo.typeData")?)
        } else {
            None
        };
        extensions(ext, r).field("SignalRequesterInfo....")?;
        Ok(SignalRequesterView {
            id,
            request,
            sequence_number,
            role,
            type_data,
            ext,
        })
    }

    /// `id`.
    #[inline]
    pub fn id(&self) -> VehicleIdView {
        self.id
    }
    /// `request`: the request's ID.
    #[inline]
    pub fn request(&self) -> u8 {
        self.request
    }
    /// `sequenceNumber` of the SRM that carried the request.
    #[inline]
    pub fn sequence_number(&self) -> u8 {
        self.sequence_number
    }
    /// `role`.
    #[inline]
    pub fn role(&self) -> Option<BasicVehicleRole> {
        self.role
    }
    /// `typeData`.
    #[inline]
    pub fn type_data(&self) -> Option<RequestorTypeView<'a>> {
        self.type_data
    }
    /// Whether the extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }
}

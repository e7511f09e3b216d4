//! [`FrameView`]: the `MessageFrame` header read in place.

#[cfg(feature = "alloc")]
use super::ViewIndex;
use super::*;
use crate::j2735::msg_id;
use crate::per::{BitReader, Error, ErrorKind, Length, Result, ResultExt};

/// `FrameView`'s getter of each message with a generated view: its view if the frame
/// holds that message.
macro_rules! accessors {
    ($($fn:ident, $view:ident, $id:ident, $asn:literal, $num:literal;)*) => {
        $(
            #[doc = concat!("The ", $asn, " inside, if this is message ", $num, ".")]
            #[inline]
            pub fn $fn(&self) -> Option<Result<$view<'a>>> {
                (self.message_id == msg_id::$id).then(|| $view::new(self.value))
            }
        )*
    };
}

/// A `MessageFrame` read in place: the message ID and the value as a borrowed slice.
///
/// The value of a frame always starts on an octet boundary (1 + 15 bits of header, then
/// an 8- or 16-bit length), so it is handed out as a plain `&[u8]`.
#[derive(Clone, Copy, Debug)]
pub struct FrameView<'a> {
    message_id: u16,
    value: &'a [u8],
    /// Bit offset just after the value (where frame extension additions start).
    ext_at: usize,
    ext: bool,
    data: &'a [u8],
}

impl<'a> FrameView<'a> {
    /// Reads the frame header and checks that the value lies inside `data`.
    ///
    /// If the frame's extension bit is set, the additions' framing is checked too. Bytes
    /// after the frame (other than its zero padding) are [`ErrorKind::TrailingData`].
    pub fn new(data: &'a [u8]) -> Result<Self> {
        if let Some(v) = Self::fast(data) {
            return Ok(v);
        }
        let (v, end) = Self::parse(data)?;
        let r = BitReader::with_range(data, end, data.len() * 8)
            .ok_or(Error::new(ErrorKind::UnexpectedEnd, end))?;
        r.expect_padding()?;
        Ok(v)
    }

    /// Reads one frame from the start of `data`, returning it and the number of octets it
    /// takes, so that concatenated frames can be walked.
    pub fn parse_prefix(data: &'a [u8]) -> Result<(Self, usize)> {
        let (v, end) = Self::parse(data)?;
        Ok((v, end.div_ceil(8)))
    }

    /// The common case read straight from the first octets: no frame extensions, a length
    /// under 16384, and nothing after the value. Anything else (including every error) takes
    /// the general path.
    #[inline]
    fn fast(data: &'a [u8]) -> Option<Self> {
        let (&b0, rest) = data.split_first()?;
        let (&b1, rest) = rest.split_first()?;
        let (&b2, rest) = rest.split_first()?;
        if b0 & 0x80 != 0 {
            return None;
        }
        let message_id = u16::from_be_bytes([b0, b1]);
        let (n, value) = match b2 >> 6 {
            0 | 1 => (b2 as usize, rest),
            2 => {
                let (&b3, rest) = rest.split_first()?;
                ((((b2 & 0x3f) as usize) << 8) | b3 as usize, rest)
            }
            _ => return None,
        };
        (value.len() == n).then(|| FrameView {
            message_id,
            value,
            ext_at: data.len() * 8,
            ext: false,
            data,
        })
    }

    fn parse(data: &'a [u8]) -> Result<(Self, usize)> {
        let mut r = BitReader::new(data);
        let ext = r.read_bool().field("MessageFrame")?;
        let message_id = r.read_bits(15).field("MessageFrame.messageId")? as u16;
        let at = r.position();
        let n = match r.read_length().field("MessageFrame.value")? {
            Length::Final(n) => n,
            Length::Fragment(_) => {
                return Err(Error::new(ErrorKind::LengthTooLarge, at).in_field("MessageFrame.value"))
            }
        };
        let value = r
            .aligned_slice(n)
            .ok_or(Error::new(ErrorKind::LengthTooLarge, at).in_field("MessageFrame.value"))?;
        r.skip(n * 8)?;
        let ext_at = r.position();
        if ext {
            r.skip_extensions().field("MessageFrame....")?;
        }
        Ok((
            FrameView {
                message_id,
                value,
                ext_at,
                ext,
                data,
            },
            r.position(),
        ))
    }

    /// `messageId`.
    #[inline]
    pub fn message_id(&self) -> u16 {
        self.message_id
    }

    /// The message's octets (the open type's content).
    #[inline]
    pub fn value(&self) -> &'a [u8] {
        self.value
    }

    /// Whether the frame's extension bit is set.
    #[inline]
    pub fn has_extensions(&self) -> bool {
        self.ext
    }

    /// The frame's extension additions (bitmap and open types) as a reader, if any.
    pub fn extensions(&self) -> Option<BitReader<'a>> {
        self.ext
            .then(|| BitReader::with_range(self.data, self.ext_at, self.data.len() * 8))
            .flatten()
    }

    /// The BSM inside, if this is message 20.
    #[inline]
    pub fn bsm(&self) -> Option<Result<BsmView<'a>>> {
        (self.message_id == msg_id::BASIC_SAFETY_MESSAGE).then(|| BsmView::new(self.value))
    }

    /// The SPaT inside, if this is message 19.
    #[inline]
    pub fn spat(&self) -> Option<Result<SPATView<'a>>> {
        (self.message_id == msg_id::SPAT).then(|| SPATView::new(self.value))
    }

    /// The MapData inside, if this is message 18.
    #[inline]
    pub fn map(&self) -> Option<Result<MapDataView<'a>>> {
        (self.message_id == msg_id::MAP_DATA).then(|| MapDataView::new(self.value))
    }

    /// [`spat`](Self::spat), recording where the SPaT's lists end in `index`: see
    /// [`ViewIndex`].
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn spat_with_index<'b>(&self, index: &'b mut ViewIndex) -> Option<Result<SPATView<'b>>>
    where
        'a: 'b,
    {
        (self.message_id == msg_id::SPAT).then(|| SPATView::with_index(self.value, index))
    }

    /// [`map`](Self::map), recording where the MapData's lists end in `index`: see
    /// [`ViewIndex`].
    #[cfg(feature = "alloc")]
    #[inline]
    pub fn map_with_index<'b>(&self, index: &'b mut ViewIndex) -> Option<Result<MapDataView<'b>>>
    where
        'a: 'b,
    {
        (self.message_id == msg_id::MAP_DATA).then(|| MapDataView::with_index(self.value, index))
    }

    /// The SignalRequestMessage inside, if this is message 29.
    #[inline]
    pub fn srm(&self) -> Option<Result<SignalRequestMessageView<'a>>> {
        (self.message_id == msg_id::SIGNAL_REQUEST_MESSAGE)
            .then(|| SignalRequestMessageView::new(self.value))
    }

    /// The SignalStatusMessage inside, if this is message 30.
    #[inline]
    pub fn ssm(&self) -> Option<Result<SignalStatusMessageView<'a>>> {
        (self.message_id == msg_id::SIGNAL_STATUS_MESSAGE)
            .then(|| SignalStatusMessageView::new(self.value))
    }

    /// The TravelerInformation (TIM) inside, if this is message 31.
    #[inline]
    pub fn tim(&self) -> Option<Result<TravelerInformationView<'a>>> {
        (self.message_id == msg_id::TRAVELER_INFORMATION)
            .then(|| TravelerInformationView::new(self.value))
    }

    /// The PersonalSafetyMessage inside, if this is message 32.
    #[inline]
    pub fn psm(&self) -> Option<Result<PersonalSafetyMessageView<'a>>> {
        (self.message_id == msg_id::PERSONAL_SAFETY_MESSAGE)
            .then(|| PersonalSafetyMessageView::new(self.value))
    }

    accessors! {
        csr, CommonSafetyRequestView, COMMON_SAFETY_REQUEST, "CommonSafetyRequest", 21;
        eva, EmergencyVehicleAlertView, EMERGENCY_VEHICLE_ALERT, "EmergencyVehicleAlert", 22;
        ica, IntersectionCollisionView, INTERSECTION_COLLISION, "IntersectionCollision", 23;
        nmea, NMEAcorrectionsView, NMEA_CORRECTIONS, "NMEAcorrections", 24;
        pdm, ProbeDataManagementView, PROBE_DATA_MANAGEMENT, "ProbeDataManagement", 25;
        pvd, ProbeVehicleDataView, PROBE_VEHICLE_DATA, "ProbeVehicleData", 26;
        rsa, RoadSideAlertView, ROAD_SIDE_ALERT, "RoadSideAlert", 27;
        rtcm, RTCMcorrectionsView, RTCM_CORRECTIONS, "RTCMcorrections", 28;
        test_message_00, TestMessage00View, TEST_MESSAGE_00, "TestMessage00", 240;
        test_message_01, TestMessage01View, TEST_MESSAGE_01, "TestMessage01", 241;
        test_message_02, TestMessage02View, TEST_MESSAGE_02, "TestMessage02", 242;
        test_message_03, TestMessage03View, TEST_MESSAGE_03, "TestMessage03", 243;
        test_message_04, TestMessage04View, TEST_MESSAGE_04, "TestMessage04", 244;
        test_message_05, TestMessage05View, TEST_MESSAGE_05, "TestMessage05", 245;
        test_message_06, TestMessage06View, TEST_MESSAGE_06, "TestMessage06", 246;
        test_message_07, TestMessage07View, TEST_MESSAGE_07, "TestMessage07", 247;
        test_message_08, TestMessage08View, TEST_MESSAGE_08, "TestMessage08", 248;
        test_message_09, TestMessage09View, TEST_MESSAGE_09, "TestMessage09", 249;
        test_message_10, TestMessage10View, TEST_MESSAGE_10, "TestMessage10", 250;
        test_message_11, TestMessage11View, TEST_MESSAGE_11, "TestMessage11", 251;
        test_message_12, TestMessage12View, TEST_MESSAGE_12, "TestMessage12", 252;
        test_message_13, TestMessage13View, TEST_MESSAGE_13, "TestMessage13", 253;
        test_message_14, TestMessage14View, TEST_MESSAGE_14, "TestMessage14", 254;
        test_message_15, TestMessage15View, TEST_MESSAGE_15, "TestMessage15", 255;
    }
}

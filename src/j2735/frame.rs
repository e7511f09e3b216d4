//! `MessageFrame`: a message ID, then the message as an open type.
//!
//! The messages this crate decodes are listed once, in the `messages!` table below; the
//! enum, the ID dispatch of decode, encode, JSON and arbitrary values all come from it.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::msg_id;
use super::*;
use crate::per::{
    encode_whole, BitReader, BitWriter, Decode, Encode, Error, ErrorKind, Extensions, Length,
    OpenType, Result, ResultExt, Sink, SliceSink,
};

/// A J2735 `MessageFrame`: the message, typed when this crate knows its ID.
///
/// ```
/// use cv2x::j2735::{Message, MessageFrame};
/// use cv2x::per::{Decode, Encode};
///
/// let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
/// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
/// let frame = MessageFrame::from_uper(&bytes)?;
/// let Message::BasicSafetyMessage(bsm) = &frame.message else { panic!("not a BSM") };
/// assert_eq!(bsm.core_data.lat.0, 389557079);
/// assert_eq!(frame.to_uper()?, bytes);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MessageFrame {
    /// The message.
    pub message: Message,
    /// The frame's extension bit and additions, if the sender set it.
    pub ext: Option<Extensions>,
}

/// A message this crate does not decode: its ID and the octets of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMessage {
    /// `messageId`.
    pub message_id: u16,
    /// The value's octets (the open type's content).
    pub value: Vec<u8>,
}

macro_rules! messages {
    ($($variant:ident($ty:ty) holds $inner:ty = $id:path, $asn:literal;)*) => {
        /// The messages of a [`MessageFrame`].
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Message {
            $(
                #[doc = concat!("`", $asn, "`.")]
                $variant($ty),
            )*
            /// A message ID this crate does not decode, kept as sent.
            Unknown(UnknownMessage),
        }

        impl Message {
            /// The `messageId` this message is sent with.
            pub fn message_id(&self) -> u16 {
                match self {
                    $(Message::$variant(_) => $id,)*
                    Message::Unknown(u) => u.message_id,
                }
            }

            /// The ASN.1 name and ID of the message (`"personalSafetyMessage (32)"`), `None`
            /// for an unknown message.
            pub fn label(&self) -> Option<&'static str> {
                match self {
                    $(Message::$variant(_) => Some($asn),)*
                    Message::Unknown(_) => None,
                }
            }

            /// The message sent with `id`, holding a blank ([`Decode::blank`]; no octets
            /// for an unknown ID): the place a new message is decoded into.
            fn with_id(id: u16) -> Self {
                match id {
                    $($id => Message::$variant(Decode::blank()),)*
                    _ => Message::Unknown(UnknownMessage { message_id: id, value: Vec::new() }),
                }
            }

            /// The message sent with `id`, holding its `Default`: what a failed decode
            /// into a new message leaves (a valid value).
            #[cold]
            fn default_with_id(id: u16) -> Self {
                match id {
                    $($id => Message::$variant(Default::default()),)*
                    _ => Message::Unknown(UnknownMessage { message_id: id, value: Vec::new() }),
                }
            }

            /// Decodes the value of a frame with `id` into the message `self` holds when it
            /// is the one sent with `id`, else into [`Message::with_id`] put in its place.
            fn decode_value_into(&mut self, id: u16, r: &mut BitReader<'_>) -> Result<()> {
                let same = match (id, &*self) {
                    $(($id, Message::$variant(_)) => true,)*
                    (_, Message::Unknown(u)) => u.message_id == id && !matches!(id, $($id)|*),
                    _ => false,
                };
                if !same {
                    value_octets_present(r)?;
                    *self = Self::with_id(id);
                }
                let got = match self {
                    $(Message::$variant(m) => r.read_open_into(m),)*
                    Message::Unknown(u) => OpenType::decode(r).map(|v| u.value = v.0),
                };
                if got.is_err() && !same {
                    // A new message is a blank until decoded: leave a valid value instead.
                    *self = Self::default_with_id(id);
                }
                got
            }

            /// The message's own encoding (the content of the frame's open type) appended
            /// to `sink`, and its octet count; `None` for an unknown message (its content is
            /// kept as octets).
            fn encode_content<S: Sink>(&self, sink: S) -> Option<Result<(S, usize)>> {
                match self {
                    $(Message::$variant(m) => Some(encode_whole(m, sink)),)*
                    Message::Unknown(_) => None,
                }
            }

            fn encode_value<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
                match self {
                    // A whole message: a buffer as large as a WAVE short message's payload.
                    $(Message::$variant(m) => crate::per::owned::encode_open_buffered::<_, _, 2048>(m, w),)*
                    Message::Unknown(u) => crate::per::owned::encode_open_octets(&u.value, w),
                }
            }

            #[cfg(feature = "serde")]
            fn serialize_value<M: serde::ser::SerializeMap>(&self, m: &mut M) -> core::result::Result<(), M::Error> {
                match self {
                    $(Message::$variant(v) => m.serialize_entry("value", v),)*
                    Message::Unknown(u) => m.serialize_entry("value", &OpenType(u.value.clone())),
                }
            }

            #[cfg(feature = "serde")]
            fn from_json(id: u16, value: serde_json::Value) -> core::result::Result<Self, serde_json::Error> {
                use serde::de::Error as _;
                if value.get("$open_hex").is_some() {
                    let o: OpenType = serde_json::from_value(value)?;
                    return Ok(Message::Unknown(UnknownMessage { message_id: id, value: o.0 }));
                }
                Ok(match id {
                    $($id => Message::$variant(serde_json::from_value(value)?),)*
                    id => return Err(serde_json::Error::custom(alloc::format!("message {id} must be given as $open_hex"))),
                })
            }

            #[cfg(feature = "arbitrary")]
            fn arbitrary_known(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Self> {
                let known: &[fn(&mut arbitrary::Unstructured<'_>) -> arbitrary::Result<Message>] =
                    &[$(|u| Ok(Message::$variant(u.arbitrary()?)),)*];
                u.choose(known)?(u)
            }

            #[cfg(feature = "arbitrary")]
            fn is_known(id: u16) -> bool {
                matches!(id, $($id)|*)
            }
        }

        $(
            impl From<$inner> for MessageFrame {
                fn from(m: $inner) -> Self {
                    MessageFrame { message: Message::$variant(m.into()), ext: None }
                }
            }
        )*
    };
}

// The large messages (MAP, SRM, PSM, RSM, PVD, the alerts and
// corrections) are boxed, so that a
// `MessageFrame` stays the size of a BSM and moving one (it is returned by value) is cheap.
messages! {
    MapData(Box<MapData>) holds MapData = msg_id::MAP_DATA, "mapData (18)";
    Spat(SPAT) holds SPAT = msg_id::SPAT, "signalPhaseAndTimingMessage (19)";
    BasicSafetyMessage(BasicSafetyMessage) holds BasicSafetyMessage = msg_id::BASIC_SAFETY_MESSAGE, "basicSafetyMessage (20)";
    CommonSafetyRequest(CommonSafetyRequest) holds CommonSafetyRequest = msg_id::COMMON_SAFETY_REQUEST, "commonSafetyRequest (21)";
    EmergencyVehicleAlert(Box<EmergencyVehicleAlert>) holds EmergencyVehicleAlert = msg_id::EMERGENCY_VEHICLE_ALERT, "emergencyVehicleAlert (22)";
    IntersectionCollision(Box<IntersectionCollision>) holds IntersectionCollision = msg_id::INTERSECTION_COLLISION, "intersectionCollision (23)";
    NmeaCorrections(NMEAcorrections) holds NMEAcorrections = msg_id::NMEA_CORRECTIONS, "nmeaCorrections (24)";
    ProbeDataManagement(ProbeDataManagement) holds ProbeDataManagement = msg_id::PROBE_DATA_MANAGEMENT, "probeDataManagement (25)";
    ProbeVehicleData(Box<ProbeVehicleData>) holds ProbeVehicleData = msg_id::PROBE_VEHICLE_DATA, "probeVehicleData (26)";
    RoadSideAlert(Box<RoadSideAlert>) holds RoadSideAlert = msg_id::ROAD_SIDE_ALERT, "roadSideAlert (27)";
    RtcmCorrections(Box<RTCMcorrections>) holds RTCMcorrections = msg_id::RTCM_CORRECTIONS, "rtcmCorrections (28)";
    SignalRequestMessage(Box<SignalRequestMessage>) holds SignalRequestMessage = msg_id::SIGNAL_REQUEST_MESSAGE, "signalRequestMessage (29)";
    SignalStatusMessage(SignalStatusMessage) holds SignalStatusMessage = msg_id::SIGNAL_STATUS_MESSAGE, "signalStatusMessage (30)";
    TravelerInformation(TravelerInformation) holds TravelerInformation = msg_id::TRAVELER_INFORMATION, "travelerInformation (31)";
    PersonalSafetyMessage(Box<PersonalSafetyMessage>) holds PersonalSafetyMessage = msg_id::PERSONAL_SAFETY_MESSAGE, "personalSafetyMessage (32)";
    RoadSafetyMessage(Box<RoadSafetyMessage>) holds RoadSafetyMessage = msg_id::ROAD_SAFETY_MESSAGE, "roadSafetyMessage (33)";
    TestMessage00(TestMessage00) holds TestMessage00 = msg_id::TEST_MESSAGE_00, "testMessage00 (240)";
    TestMessage01(TestMessage01) holds TestMessage01 = msg_id::TEST_MESSAGE_01, "testMessage01 (241)";
    TestMessage02(TestMessage02) holds TestMessage02 = msg_id::TEST_MESSAGE_02, "testMessage02 (242)";
    TestMessage03(TestMessage03) holds TestMessage03 = msg_id::TEST_MESSAGE_03, "testMessage03 (243)";
    TestMessage04(TestMessage04) holds TestMessage04 = msg_id::TEST_MESSAGE_04, "testMessage04 (244)";
    TestMessage05(TestMessage05) holds TestMessage05 = msg_id::TEST_MESSAGE_05, "testMessage05 (245)";
    TestMessage06(TestMessage06) holds TestMessage06 = msg_id::TEST_MESSAGE_06, "testMessage06 (246)";
    TestMessage07(TestMessage07) holds TestMessage07 = msg_id::TEST_MESSAGE_07, "testMessage07 (247)";
    TestMessage08(TestMessage08) holds TestMessage08 = msg_id::TEST_MESSAGE_08, "testMessage08 (248)";
    TestMessage09(TestMessage09) holds TestMessage09 = msg_id::TEST_MESSAGE_09, "testMessage09 (249)";
    TestMessage10(TestMessage10) holds TestMessage10 = msg_id::TEST_MESSAGE_10, "testMessage10 (250)";
    TestMessage11(TestMessage11) holds TestMessage11 = msg_id::TEST_MESSAGE_11, "testMessage11 (251)";
    TestMessage12(TestMessage12) holds TestMessage12 = msg_id::TEST_MESSAGE_12, "testMessage12 (252)";
    TestMessage13(TestMessage13) holds TestMessage13 = msg_id::TEST_MESSAGE_13, "testMessage13 (253)";
    TestMessage14(TestMessage14) holds TestMessage14 = msg_id::TEST_MESSAGE_14, "testMessage14 (254)";
    TestMessage15(TestMessage15) holds TestMessage15 = msg_id::TEST_MESSAGE_15, "testMessage15 (255)";
}

impl Decode for MessageFrame {
    fn decode(r: &mut BitReader<'_>) -> Result<Self> {
        MessageFrame::decode_new(r, false)
    }

    /// The padding is checked inside the frame's decode: the default, a decode then the
    /// check, copied the decoded frame out of a local of its own once more.
    fn from_uper(bytes: &[u8]) -> Result<Self> {
        MessageFrame::decode_new(&mut BitReader::new(bytes), true)
    }

    fn decode_into(&mut self, r: &mut BitReader<'_>) -> Result<()> {
        let (ext, id) = MessageFrame::read_header(r)?;
        self.decode_rest(ext, id, r, false)
    }
}

/// Fails, as reading the frame's value would at the same bit, when its length cannot be read
/// or claims more octets than follow: a cut frame is refused before a new message is
/// allocated for it.
fn value_octets_present(r: &BitReader<'_>) -> Result<()> {
    let mut peek = r.clone();
    match peek.read_length()? {
        Length::Final(n) if n.saturating_mul(8) > peek.remaining() => {
            Err(Error::new(ErrorKind::LengthTooLarge, r.position()))
        }
        _ => Ok(()),
    }
}

impl MessageFrame {
    /// A new frame, decoded where it stays (see `decode_into`), not built field by field
    /// and moved into it; the one copy left is of this local into the returned value (Rust
    /// does not promise to build it in place). `whole`: only padding may follow.
    #[inline(always)]
    fn decode_new(r: &mut BitReader<'_>, whole: bool) -> Result<Self> {
        let (ext, id) = MessageFrame::read_header(r)?;
        value_octets_present(r).field("MessageFrame.value")?;
        let mut out = Ok(MessageFrame {
            message: Message::with_id(id),
            ext: None,
        });
        if let Ok(f) = &mut out {
            if let Err(e) = f.decode_rest(ext, id, r, whole) {
                out = Err(e);
            }
        }
        out
    }

    /// Everything after the header: the message, the additions and, if `whole`, the padding.
    #[inline(always)]
    fn decode_rest(
        &mut self,
        ext: bool,
        id: u16,
        r: &mut BitReader<'_>,
        whole: bool,
    ) -> Result<()> {
        self.message
            .decode_value_into(id, r)
            .field("MessageFrame.value")?;
        self.ext = MessageFrame::read_extensions(ext, r)?;
        if whole {
            r.expect_padding()?;
        }
        Ok(())
    }

    /// The extension bit and the message ID.
    fn read_header(r: &mut BitReader<'_>) -> Result<(bool, u16)> {
        let ext = r.read_bool().field("MessageFrame")?;
        let id = r
            .read_constrained_u64(0, 32767)
            .field("MessageFrame.messageId")? as u16;
        Ok((ext, id))
    }

    /// The additions after the message, when the extension bit is set.
    fn read_extensions(ext: bool, r: &mut BitReader<'_>) -> Result<Option<Extensions>> {
        if !ext {
            return Ok(None);
        }
        Extensions::decode_unknown(r)
            .field("MessageFrame....")
            .map(Some)
    }
}

impl MessageFrame {
    /// Room left before the message when it is encoded straight into the output: the
    /// frame's two header octets (extension bit 0, `messageId`) and a length of up to two.
    const HEAD: usize = 4;

    /// Puts the header of a frame without extensions and the length of its message, whose
    /// `n` octets are at `out[HEAD..]`, in front of them (moving them back an octet when
    /// the length takes one); returns the frame's length. `None` for 16K octets or more
    /// (a fragmented open type: the caller encodes the usual way).
    fn put_head(out: &mut [u8], id: u16, n: usize) -> Option<usize> {
        let head = out.get_mut(..Self::HEAD)?;
        head[..2].copy_from_slice(&id.to_be_bytes());
        match n {
            0..=127 => {
                head[2] = n as u8;
                out.copy_within(Self::HEAD..Self::HEAD + n, 3);
                Some(3 + n)
            }
            128..=16383 => {
                head[2] = 0x80 | (n >> 8) as u8;
                head[3] = n as u8;
                Some(Self::HEAD + n)
            }
            _ => None,
        }
    }
}

/// A frame without extensions of a known message is encoded with the message straight in
/// its place in the output (`MessageFrame::put_head`), not through a buffer of its own and
/// a copy; other frames, and any error (so that it names its field as usual), the usual way.
impl Encode for MessageFrame {
    fn to_uper_slice(&self, buf: &mut [u8]) -> Result<usize> {
        if self.ext.is_none() {
            if let Some(body) = buf.get_mut(Self::HEAD..) {
                if let Some(Ok((_, n))) = self.message.encode_content(SliceSink::new(body)) {
                    if let Some(len) = Self::put_head(buf, self.message.message_id(), n) {
                        return Ok(len);
                    }
                }
            }
        }
        encode_whole(self, SliceSink::new(buf)).map(|(_, n)| n)
    }

    fn to_uper(&self) -> Result<Vec<u8>> {
        if self.ext.is_none() {
            let room = alloc::vec![0u8; Self::HEAD];
            if let Some(Ok((mut out, n))) = self.message.encode_content(room) {
                if let Some(len) = Self::put_head(&mut out, self.message.message_id(), n) {
                    out.truncate(len);
                    return Ok(out);
                }
            }
        }
        encode_whole(self, Vec::new()).map(|(v, _)| v)
    }

    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        w.write_bool(self.ext.is_some())?;
        w.write_constrained_u64(self.message.message_id() as u64, 0, 32767)
            .field("MessageFrame.messageId")?;
        self.message.encode_value(w).field("MessageFrame.value")?;
        if let Some(e) = &self.ext {
            e.encode_unknown(w).field("MessageFrame....")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;
    use serde::de::Error as _;
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl Serialize for MessageFrame {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(None)?;
            m.serialize_entry("messageId", &self.message.message_id())?;
            self.message.serialize_value(&mut m)?;
            if let Some(e) = &self.ext {
                m.serialize_entry("$ext", e)?;
            }
            m.end()
        }
    }

    #[derive(Deserialize)]
    struct Raw {
        #[serde(rename = "messageId")]
        message_id: u16,
        value: serde_json::Value,
        #[serde(rename = "$ext", default)]
        ext: Option<Extensions>,
    }

    impl<'de> Deserialize<'de> for MessageFrame {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
            let raw = Raw::deserialize(d)?;
            let message =
                Message::from_json(raw.message_id, raw.value).map_err(D::Error::custom)?;
            Ok(MessageFrame {
                message,
                ext: raw.ext,
            })
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for MessageFrame {
    /// Mostly a known message; sometimes another message ID with 0..=8 octets.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let message = if u.int_in_range(0u8..=3)? < 3 {
            Message::arbitrary_known(u)?
        } else {
            let id = u.int_in_range(0u16..=300)?;
            let id = if Message::is_known(id) { 32767 } else { id };
            Message::Unknown(UnknownMessage {
                message_id: id,
                value: OpenType::arbitrary(u)?.0,
            })
        };
        let ext = crate::per::owned::arb::ext(u)?;
        Ok(MessageFrame { message, ext })
    }
}

//! `MessageFrame`: a message ID, then the message as an open type.

use alloc::vec::Vec;

use super::msg_id;
use super::BasicSafetyMessage;
use crate::per::{
    BitReader, BitWriter, Decode, Encode, Extensions, OpenType, Result, ResultExt, Sink,
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

/// The messages of a [`MessageFrame`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// `basicSafetyMessage` (20).
    BasicSafetyMessage(BasicSafetyMessage),
    /// A message ID this crate does not decode, kept as sent.
    Unknown(UnknownMessage),
}

/// A message this crate does not decode: its ID and the octets of its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMessage {
    /// `messageId`.
    pub message_id: u16,
    /// The value's octets (the open type's content).
    pub value: Vec<u8>,
}

impl Message {
    /// The `messageId` this message is sent with.
    pub fn message_id(&self) -> u16 {
        match self {
            Message::BasicSafetyMessage(_) => msg_id::BASIC_SAFETY_MESSAGE,
            Message::Unknown(u) => u.message_id,
        }
    }
}

impl From<BasicSafetyMessage> for MessageFrame {
    fn from(bsm: BasicSafetyMessage) -> Self {
        MessageFrame {
            message: Message::BasicSafetyMessage(bsm),
            ext: None,
        }
    }
}

impl Decode for MessageFrame {
    fn decode(r: &mut BitReader<'_>) -> Result<Self> {
        let ext = r.read_bool().field("MessageFrame")?;
        let id = r
            .read_constrained_u64(0, 32767)
            .field("MessageFrame.messageId")? as u16;
        let message = match id {
            msg_id::BASIC_SAFETY_MESSAGE => {
                Message::BasicSafetyMessage(r.read_open_as().field("MessageFrame.value")?)
            }
            _ => Message::Unknown(UnknownMessage {
                message_id: id,
                value: OpenType::decode(r).field("MessageFrame.value")?.0,
            }),
        };
        let ext = if ext {
            Some(Extensions::decode_unknown(r).field("MessageFrame....")?)
        } else {
            None
        };
        Ok(MessageFrame { message, ext })
    }
}

impl Encode for MessageFrame {
    fn encode<S: Sink>(&self, w: &mut BitWriter<S>) -> Result<()> {
        w.write_bool(self.ext.is_some())?;
        w.write_constrained_u64(self.message.message_id() as u64, 0, 32767)
            .field("MessageFrame.messageId")?;
        match &self.message {
            Message::BasicSafetyMessage(m) => crate::per::owned::encode_open(m, w),
            Message::Unknown(u) => OpenType(u.value.clone()).encode(w),
        }
        .field("MessageFrame.value")?;
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
            match &self.message {
                Message::BasicSafetyMessage(v) => m.serialize_entry("value", v)?,
                Message::Unknown(u) => m.serialize_entry("value", &OpenType(u.value.clone()))?,
            }
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
            let message = if raw.value.get("$open_hex").is_some() {
                let o: OpenType = serde_json::from_value(raw.value).map_err(D::Error::custom)?;
                Message::Unknown(UnknownMessage {
                    message_id: raw.message_id,
                    value: o.0,
                })
            } else {
                match raw.message_id {
                    msg_id::BASIC_SAFETY_MESSAGE => Message::BasicSafetyMessage(
                        serde_json::from_value(raw.value).map_err(D::Error::custom)?,
                    ),
                    id => {
                        return Err(D::Error::custom(alloc::format!(
                            "message {id} must be given as $open_hex"
                        )))
                    }
                }
            };
            Ok(MessageFrame {
                message,
                ext: raw.ext,
            })
        }
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for MessageFrame {
    /// Mostly a BSM; sometimes another message ID (never 20) with 0..=8 octets.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let message = if u.int_in_range(0u8..=3)? < 3 {
            Message::BasicSafetyMessage(u.arbitrary()?)
        } else {
            let id = match u.int_in_range(0u16..=300)? {
                msg_id::BASIC_SAFETY_MESSAGE => 32767,
                id => id,
            };
            Message::Unknown(UnknownMessage {
                message_id: id,
                value: OpenType::arbitrary(u)?.0,
            })
        };
        let ext = crate::per::owned::arb::ext(u)?;
        Ok(MessageFrame { message, ext })
    }
}

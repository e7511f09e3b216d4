//! The frame's zero-copy view: [`FrameView`] reads the CHOICE's extension bit and index and
//! hands a Day-1 message to its generated view, which reads it in place from bit 4; a Day-2
//! message is checked whole (the generated skip of `MessageFrameExt.value`, typed by its
//! id) and given as its id, its octets and its generated view
//! ([`MessageFrameExtValueView`]: the message's view where it has one, else the octets).

use super::skip;
use super::views::{
    BasicSafetyMessageView, MapDataView, MessageFrameExtValueView, RoadSideInformationView,
    RoadsideSafetyMessageView, SPATView,
};
use crate::per::view::{At, OctetsView};
use crate::per::{BitReader, Error, ErrorKind, Result, ResultExt};

/// A 2020 `MessageFrame` read in place: the message's view, or a Day-2 or later
/// alternative's octets. Nothing is allocated.
///
/// [`FrameView::new`] validates the whole frame first, as the owned decode does (all of the
/// input is used, up to the zero padding of its last octet), so the getters of the message
/// views that follow do not fail on well-formed input.
///
/// ```
/// use cv2x::csae::v2020::view::FrameView;
///
/// // A real SPAT frame (a Hisense RSU, 2020), 102 octets.
/// let hex = "36b6fa9db8e6c0080008010828058082300000006cc0408c0000001b30182500000000000a08c0000001090302300000004240e094000000000048250000000118140940000000460582500000000001a08c0000000550702300000001541e09400000000000";
/// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
/// let FrameView::Spat(spat) = FrameView::new(&bytes)? else { panic!("not a SPAT") };
/// let intersection = spat.intersections().next().expect("one")?;
/// let phase = intersection.phases().next().expect("one")?;
/// let state = phase.phase_states().next().expect("one")?;
/// println!("phase {}: {}", phase.id().0, state.light().name());
/// # Ok::<(), cv2x::per::Error>(())
/// ```
// The BSM's view (its fields read up front) is the largest; boxing it would allocate, which
// the views never do.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum FrameView<'a> {
    /// `bsmFrame`.
    Bsm(BasicSafetyMessageView<'a>),
    /// `mapFrame`.
    Map(MapDataView<'a>),
    /// `rsmFrame`.
    Rsm(RoadsideSafetyMessageView<'a>),
    /// `spatFrame`.
    Spat(SPATView<'a>),
    /// `rsiFrame`.
    Rsi(RoadSideInformationView<'a>),
    /// `msgFrameExt`: a Day-2 message (T/CSAE 157-2020), its `ExtMsgID`, its encoding
    /// (checked as the owned decode reads it) and its view.
    Day2 {
        /// The `messageId` (`ExtMsgID`: 12 is sensor sharing, ...).
        message_id: u16,
        /// The message's encoding (the open type's octets).
        value: OctetsView<'a>,
        /// The message's generated view (every Day-2 ExtMsgID has one), or the octets of
        /// an id outside the set.
        message: MessageFrameExtValueView<'a>,
    },
    /// An extension alternative after `msgFrameExt`: its index among the additions (1 and
    /// up: `msgFrameExt` is 0) and its octets.
    Unknown(u64, OctetsView<'a>),
}

impl<'a> FrameView<'a> {
    /// Validates a whole frame (the whole of `data`, then only zero padding) and reads its
    /// alternative; the messages' views read from bit 4.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let mut r = BitReader::new(data);
        if r.read_bool().field("MessageFrame")? {
            let index = r.read_normally_small().field("MessageFrame")?;
            let v = if index == 0 {
                let mut sub = r.read_open().field("MessageFrame")?;
                let s = sub.position();
                let ext = sub.read_bool().field("MessageFrame.msgFrameExt")?;
                let message_id =
                    sub.read_bits(15)
                        .field("MessageFrame.msgFrameExt.messageId")? as u16;
                // The message is checked as the owned decode reads it (a known id's content
                // whole, then only padding; another id's framing).
                skip::message_frame_ext_value(u64::from(message_id), &mut sub.clone())
                    .field("MessageFrame.msgFrameExt.value")?;
                let value = At::read_open(&mut sub).field("MessageFrame.msgFrameExt.value")?;
                // The content starts on an octet of the frame (an 8-bit CHOICE header, octet
                // lengths, a 16-bit MessageFrameExt preamble): the message's own slice.
                let content = (value.start % 8 == 0)
                    .then(|| {
                        let a = value.start as usize / 8;
                        data.get(a..a + value.len as usize)
                    })
                    .flatten()
                    .ok_or_else(|| {
                        Error::new(ErrorKind::InvalidOpenType, value.start as usize)
                            .in_field("MessageFrame.msgFrameExt.value")
                    })?;
                let message = MessageFrameExtValueView::new(u64::from(message_id), content)
                    .field("MessageFrame.msgFrameExt.value")?;
                if ext {
                    sub.skip_extensions().field("MessageFrame.msgFrameExt")?;
                }
                sub.check_open_end(s).field("MessageFrame.msgFrameExt")?;
                FrameView::Day2 {
                    message_id,
                    value: OctetsView::new(data, value),
                    message,
                }
            } else {
                let at = At::read_open(&mut r).field("MessageFrame")?;
                FrameView::Unknown(index, OctetsView::new(data, at))
            };
            r.expect_padding()?;
            return Ok(v);
        }
        let at = r.position();
        Ok(match r.read_bits(3).field("MessageFrame")? {
            0 => FrameView::Bsm(
                BasicSafetyMessageView::new_at(data, 4).field("MessageFrame.bsmFrame")?,
            ),
            1 => FrameView::Map(MapDataView::new_at(data, 4).field("MessageFrame.mapFrame")?),
            2 => FrameView::Rsm(
                RoadsideSafetyMessageView::new_at(data, 4).field("MessageFrame.rsmFrame")?,
            ),
            3 => FrameView::Spat(SPATView::new_at(data, 4).field("MessageFrame.spatFrame")?),
            4 => FrameView::Rsi(
                RoadSideInformationView::new_at(data, 4).field("MessageFrame.rsiFrame")?,
            ),
            _ => return Err(Error::new(ErrorKind::InvalidChoice, at).in_field("MessageFrame")),
        })
    }
}

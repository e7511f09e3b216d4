//! The frame's zero-copy view: [`FrameView`] reads the CHOICE's extension bit and index and
//! hands the message to its generated view, which reads it in place from bit 4.

use super::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView,
};
use crate::per::view::{At, OctetsView};
use crate::per::{BitReader, Error, ErrorKind, Result, ResultExt};

/// A 2019-draft `MessageFrame` read in place: the message's view, or an extension
/// alternative's octets. Nothing is allocated.
///
/// [`FrameView::new`] validates the whole frame first, as the owned decode does (all of the
/// input is used, up to the zero padding of its last octet), so the getters of the message
/// views that follow do not fail on well-formed input.
///
/// ```
/// use cv2x::csae::v2019::view::FrameView;
///
/// // The real MAP of a Hisense RSU (2020) begins so: one node of 63 at most, its
/// // reference position and its first link.
/// # let hex = include_str!("../../../tests/vectors/csae/map/zyjohn_v2x_example_txt_L497.hex").trim();
/// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
/// let FrameView::Map(map) = FrameView::new(&bytes)? else { panic!("not a MAP") };
/// let node = map.nodes().next().expect("one node")?;
/// let lat = f64::from(node.ref_pos().lat.0) * 1e-7;
/// assert!((28.0..28.2).contains(&lat)); // Changsha (read as 2020: -30.95)
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
    /// An extension alternative (the 2019 draft defines none): its index among the
    /// additions and its octets.
    Unknown(u64, OctetsView<'a>),
}

impl<'a> FrameView<'a> {
    /// Validates a whole frame (the whole of `data`, then only zero padding) and reads its
    /// alternative; the messages' views read from bit 4.
    pub fn new(data: &'a [u8]) -> Result<Self> {
        let mut r = BitReader::new(data);
        if r.read_bool().field("MessageFrame")? {
            let index = r.read_normally_small().field("MessageFrame")?;
            let at = At::read_open(&mut r).field("MessageFrame")?;
            r.expect_padding()?;
            return Ok(FrameView::Unknown(index, OctetsView::new(data, at)));
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

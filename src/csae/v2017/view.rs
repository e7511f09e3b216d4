//! The frame's zero-copy view: [`FrameView`] reads the CHOICE's extension bit and index and
//! hands the message to its generated view, which reads it in place from bit 4.

use super::views::{
    BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
    SPATView,
};
use crate::per::view::{At, OctetsView};
use crate::per::{BitReader, Error, ErrorKind, Result, ResultExt};

/// A 2017 `MessageFrame` read in place: the message's view, or an extension alternative's
/// octets (2017 defines none: a later edition's, such as 2020's Day-2 `msgFrameExt`).
/// Nothing is allocated.
///
/// [`FrameView::new`] validates the whole frame first, as the owned decode does (all of the
/// input is used, up to the zero padding of its last octet), so the getters of the message
/// views that follow do not fail on well-formed input.
///
/// ```
/// use cv2x::csae::v2017::view::FrameView;
///
/// // A synthetic 2017 SPAT frame (tests/vectors/csae/random/V3/V3_12_spatFrame.hex).
/// let hex = "30bc21da28708cad846066c481900451c41d8aac217f807fe027f80c";
/// let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
/// let FrameView::Spat(spat) = FrameView::new(&bytes)? else { panic!("not a SPAT") };
/// let intersection = spat.intersections().next().expect("one")?;
/// let phase = intersection.phases().next().expect("one")?;
/// let state = phase.phase_states().next().expect("one")?;
/// println!("phase {}: {}", phase.id().0, state.light().name());
/// assert_eq!((phase.id().0, state.light().name()), (182, "protected-Movement-Allowed"));
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
    /// An extension alternative (2017 has none): its index among the additions (0 and up;
    /// 0 is where 2020 puts its Day-2 `msgFrameExt`) and its octets.
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

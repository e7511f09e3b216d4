//! China's C-V2X application layer: T/CSAE 53 / YD/T 3709 messages in UPER.
//!
//! Each edition is its own module, with its own types: the editions differ on the wire
//! and the frame carries no edition number, so a frame is always decoded under an edition
//! the caller names (a frame decoded with the wrong edition can look valid: a 2019-draft
//! MAP read as 2020 gives a latitude of -30.95 degrees). Decoding a whole frame
//! ([`Decode::from_uper`](crate::per::Decode::from_uper)) fails unless the frame uses all
//! of its input, up to the zero padding of its last octet.
//!
//! | module | edition | messages |
//! |---|---|---|
//! | [`v2020`] | YD/T 3709-2020 = T/CSAE 53-2020 ("Day-1") with T/CSAE 157-2020 ("Day-2") | BSM, MapData, RSM, SPAT, RSI; in `msgFrameExt` by ExtMsgID: TestMsg, RTCM, RSC, SSM (sensor sharing), VIR, PAM, PSM, CLPMM, VPM (other ids kept as octets) |
//! | [`v2019`] | the 2019 revision draft of T/CSAE 53 (what public Hisense RSU traffic is) | BSM, MapData, RSM, SPAT, RSI |
//! | [`v2017`] | T/CSAE 53-2017 (the first edition) | BSM, MapData, RSM, SPAT (2017's light numbering and timing), RSI (one alert); later editions' extension alternatives kept as octets |
//!
//! Types the editions define alike (on the wire and in their names) are one Rust type,
//! generated once in [`shared`] and re-exported by each edition: `v2019::SPAT` is
//! `v2020::SPAT`. Where they differ each edition has its own (`v2019::MapData`,
//! `v2020::MapData`).
//!
//! The CSAE types are not J2735's, even where the names agree (CSAE's `SPAT` has phases
//! with CSAE's own light numbering; CSAE's "SSM" is sensor sharing,
//! [`v2020::SensorSharingMsg`], not J2735's SignalStatusMessage): they live under
//! `csae::`, apart from [`crate::j2735`].
//!
//! Receivers: [`signal`] gives a lane's light and the seconds to change and to green from a
//! MAP and a SPAT, with CSAE's light states mapped to a dialect-neutral [`signal::Light`].

/// Defines `FrameView` in an edition's `view` module for a frame of the five Day-1
/// alternatives and no extension alternative of its own (2017, the 2019 draft): the
/// message's generated view read in place from bit 4, or an extension alternative's
/// octets. The caller gives the type's documentation.
macro_rules! day1_frame_view {
    ($(#[$doc:meta])*) => {
        use super::views::{
            BasicSafetyMessageView, MapDataView, RoadSideInformationView, RoadsideSafetyMessageView,
            SPATView,
        };
        use crate::per::view::{At, OctetsView};
        use crate::per::{BitReader, Error, ErrorKind, Result, ResultExt};

        $(#[$doc])*
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
            /// An extension alternative (the edition defines none; 0 is where 2020 puts its Day-2
            /// `msgFrameExt`): its index among the additions and its octets.
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
    };
}
pub(crate) use day1_frame_view;

#[cfg(feature = "alloc")]
pub mod build;
#[cfg(feature = "alloc")]
pub mod edition;
#[cfg(all(feature = "std", feature = "serde"))]
pub mod rank;
pub mod shared;
#[cfg(feature = "alloc")]
pub mod signal;
#[cfg(feature = "alloc")]
pub mod summary;
pub mod v2017;
pub mod v2019;
pub mod v2020;

#[cfg(feature = "alloc")]
pub use edition::{Edition, Frame};

//! Zero-copy views: read messages in place, allocate nothing.
//!
//! A view borrows the received bytes. Its constructor makes one validating pass over the
//! parts it reads at fixed offsets (lengths, ranges), so every getter afterwards is
//! infallible and O(1). Variable parts (Part II, regional extensions, extension additions)
//! are walked lazily by iterators that yield `Result` and stop after the first error.
//!
//! [`BsmView::new`] and the generated views ([`crate::j2735::views`]) validate exactly
//! what the owned decode checks, with the same error where it fails
//! (`tests/faces/agreement.rs`): a BSM's Part II content as the type its `partII-Id`
//! names; regional extension values, which the owned decode keeps as octets, by their
//! framing. The hand-written SPaT, MAP, SRM and SSM views of this module predate them and
//! can report another error for the same hostile input; the generated views replace them
//! once they are as fast (see BENCHMARKS.md).
//!
//! ```
//! use cv2x::j2735::view::FrameView;
//!
//! let hex = "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0";
//! let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
//! let frame = FrameView::new(&bytes)?;
//! let bsm = frame.bsm().expect("message 20")?;
//! assert_eq!(bsm.lat(), 389557079);
//! assert_eq!(bsm.latitude_deg(), Some(38.9557079));
//! assert_eq!(bsm.speed_mps(), Some(0.0));
//! # Ok::<(), cv2x::per::Error>(())
//! ```

mod bsm;
mod frame;
mod index;
mod map;
mod parts;
mod spat;
mod srm;
mod ssm;

pub use bsm::{BsmView, IdOpenIter, PartIIIter, PartIIView, RegionalIter, RegionalView};
pub use frame::FrameView;
#[cfg(feature = "alloc")]
pub use index::ViewIndex;
pub use map::{
    ComputedLaneView, ConnectionIter, ConnectionView, DataParametersView, GenericLaneIter,
    GenericLaneView, IntersectionGeometryIter, IntersectionGeometryView, LaneDataIter,
    LaneDataView, LaneTypeView, MapView, NodeAttributeIter, NodeAttributesView, NodeIter,
    NodeListView, NodeOffset, NodeView, RestrictionClassIter, RestrictionClassView,
    RestrictionUserIter, RestrictionUserView, RoadSegmentIter, RoadSegmentView,
    SegmentAttributeIter, SignalControlZoneEntry, SignalControlZoneIter, SpeedLimitIter,
};
pub use parts::{
    AccessPoint, BitsView, Ia5Bytes, Ia5Str, ListEntry, ListIter, Position3DView, RegionalListIter,
    RequestorTypeView, VehicleIdView,
};
pub use spat::{
    AdvisorySpeedIter, AdvisorySpeedView, IntersectionStateIter, IntersectionStateView, LaneIdIter,
    ManeuverAssistIter, ManeuverAssistView, MovementEventIter, MovementEventView,
    MovementStateIter, MovementStateView, SpatView,
};
pub use srm::{
    RequestorPositionView, RequestorView, SignalRequestIter, SignalRequestPackageView, SrmView,
};
pub use ssm::{
    SignalRequesterView, SignalStatusIter, SignalStatusPackageIter, SignalStatusPackageView,
    SignalStatusView, SsmView,
};

//! Property tests: arbitrary valid values of the 2017 frame and its five messages (the
//! generated `Arbitrary` impls, from proptest's random seeds) encode, decode to the same
//! value (also into another value), re-encode to the same bytes, and survive the JSON
//! round trip with the same encoding.
#![cfg(all(feature = "arbitrary", feature = "serde"))]

use crate::arbitrary::check;
use cv2x::csae::v2017::{
    BasicSafetyMessage, MapData, MessageFrame, RoadSideInformation, RoadsideSafetyMessage, SPAT,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::Config;

proptest! {
    #![proptest_config(Config::with_cases(100))]

    #[test]
    fn message_frame(seed in vec(any::<u8>(), 0..4096)) {
        check::<MessageFrame>(&seed)?;
    }

    #[test]
    fn bsm(seed in vec(any::<u8>(), 0..2048)) {
        check::<BasicSafetyMessage>(&seed)?;
    }

    #[test]
    fn map_data(seed in vec(any::<u8>(), 0..4096)) {
        check::<MapData>(&seed)?;
    }

    #[test]
    fn rsm(seed in vec(any::<u8>(), 0..2048)) {
        check::<RoadsideSafetyMessage>(&seed)?;
    }

    #[test]
    fn spat(seed in vec(any::<u8>(), 0..4096)) {
        check::<SPAT>(&seed)?;
    }

    #[test]
    fn rsi(seed in vec(any::<u8>(), 0..4096)) {
        check::<RoadSideInformation>(&seed)?;
    }
}

//! Property tests: arbitrary valid values of the 2020 frame, its five Day-1 messages and
//! the Day-2 ones, and of the 2019 draft's frame and the messages it does not share with
//! 2020 (the generated `Arbitrary` impls, from proptest's random seeds) encode, decode to
//! the same value (also into another value), re-encode to the same bytes, and survive the
//! JSON round trip with the same encoding.
#![cfg(all(feature = "arbitrary", feature = "serde"))]

use std::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use cv2x::csae::v2020::{
    BasicSafetyMessage, MapData, MessageFrame, MessageFrameExt, PAMData, PersonalSafetyMessage,
    RTCMcorrections, RoadSideInformation, RoadsideCoordination, RoadsideSafetyMessage,
    SensorSharingMsg, TestMsg, VehIntentionAndRequest, VehiclePaymentMessage, CLPMM, SPAT,
};
use cv2x::per::{Decode, Encode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError};
use serde::{de::DeserializeOwned, Serialize};

pub fn fail(what: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(what.to_string())
}

/// Builds a `T` from `seed` and checks the UPER and JSON round trips.
pub fn check<T>(seed: &[u8]) -> Result<(), TestCaseError>
where
    T: for<'a> Arbitrary<'a> + Encode + Decode + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let val = T::arbitrary(&mut Unstructured::new(seed)).map_err(fail)?;
    let bytes = val
        .to_uper()
        .map_err(|e| fail(format!("encode {val:?}: {e}")))?;
    let back =
        T::from_uper(&bytes).map_err(|e| fail(format!("decode {}: {e}", hex::encode(&bytes))))?;
    prop_assert_eq!(&back, &val, "decode of {}", hex::encode(&bytes));
    let other: Vec<u8> = seed.iter().rev().copied().collect();
    let mut into = T::arbitrary(&mut Unstructured::new(&other)).map_err(fail)?;
    into.decode_uper_into(&bytes).map_err(fail)?;
    prop_assert_eq!(&into, &val, "decode into of {}", hex::encode(&bytes));
    prop_assert_eq!(&back.to_uper().map_err(fail)?, &bytes);
    let json = serde_json::to_value(&val).map_err(fail)?;
    let from_json: T =
        serde_json::from_value(json.clone()).map_err(|e| fail(format!("{json}: {e}")))?;
    prop_assert_eq!(&from_json, &val, "json {}", json);
    prop_assert_eq!(
        &from_json.to_uper().map_err(fail)?,
        &bytes,
        "encoding after json {}",
        json
    );
    Ok(())
}

/// Builds a `T` from `seed`: its view (without an index and with one, through `view`)
/// reads the value back from its encoding.
fn view_reads<T, V>(seed: &[u8], view: V) -> Result<(), TestCaseError>
where
    T: for<'a> Arbitrary<'a> + Encode + PartialEq + Debug,
    V: Fn(&[u8]) -> cv2x::per::Result<T>,
{
    let val = T::arbitrary(&mut Unstructured::new(seed)).map_err(fail)?;
    let bytes = val.to_uper().map_err(fail)?;
    let read = view(&bytes).map_err(|e| fail(format!("view of {}: {e}", hex::encode(&bytes))))?;
    prop_assert_eq!(&read, &val, "view of {}", hex::encode(&bytes));
    Ok(())
}

proptest! {
    #![proptest_config(Config::with_cases(200))]

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

    #[test]
    fn message_frame_2019(seed in vec(any::<u8>(), 0..4096)) {
        check::<cv2x::csae::v2019::MessageFrame>(&seed)?;
    }

    #[test]
    fn map_data_2019(seed in vec(any::<u8>(), 0..4096)) {
        check::<cv2x::csae::v2019::MapData>(&seed)?;
    }

    #[test]
    fn rsi_2019(seed in vec(any::<u8>(), 0..4096)) {
        check::<cv2x::csae::v2019::RoadSideInformation>(&seed)?;
    }

    #[test]
    fn bsm_2019(seed in vec(any::<u8>(), 0..2048)) {
        check::<cv2x::csae::v2019::BasicSafetyMessage>(&seed)?;
    }

    #[test]
    fn day2_frame(seed in vec(any::<u8>(), 0..4096)) {
        check::<MessageFrameExt>(&seed)?;
    }

    #[test]
    fn day2_views(seed in vec(any::<u8>(), 0..4096)) {
        use cv2x::csae::v2020::views::*;
        view_reads::<TestMsg, _>(&seed, |b| TestMsgView::new(b)?.to_owned())?;
        view_reads::<RTCMcorrections, _>(&seed, |b| RTCMcorrectionsView::new(b)?.to_owned())?;
        view_reads::<RoadsideCoordination, _>(&seed, |b| RoadsideCoordinationView::new(b)?.to_owned())?;
        view_reads::<SensorSharingMsg, _>(&seed, |b| SensorSharingMsgView::new(b)?.to_owned())?;
        view_reads::<VehIntentionAndRequest, _>(&seed, |b| VehIntentionAndRequestView::new(b)?.to_owned())?;
        view_reads::<PAMData, _>(&seed, |b| PAMDataView::new(b)?.to_owned())?;
        view_reads::<PersonalSafetyMessage, _>(&seed, |b| PersonalSafetyMessageView::new(b)?.to_owned())?;
        view_reads::<CLPMM, _>(&seed, |b| CLPMMView::new(b)?.to_owned())?;
        view_reads::<VehiclePaymentMessage, _>(&seed, |b| VehiclePaymentMessageView::new(b)?.to_owned())?;
    }

    #[test]
    fn day2_messages(seed in vec(any::<u8>(), 0..4096)) {
        check::<TestMsg>(&seed)?;
        check::<RTCMcorrections>(&seed)?;
        check::<RoadsideCoordination>(&seed)?;
        check::<SensorSharingMsg>(&seed)?;
        check::<VehIntentionAndRequest>(&seed)?;
        check::<PAMData>(&seed)?;
        check::<PersonalSafetyMessage>(&seed)?;
        check::<CLPMM>(&seed)?;
        check::<VehiclePaymentMessage>(&seed)?;
    }
}

//! Property tests: arbitrary valid values of every J2735 type (built by the `Arbitrary`
//! impls from proptest's random seeds) encode, decode to the same value, re-encode to the
//! same bytes (also when decoded into another value), and survive the JSON round trip with
//! the same encoding.
#![cfg(all(feature = "arbitrary", feature = "serde"))]

use std::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use cv2x::j2735::{
    BasicSafetyMessage, MessageFrame, PersonalSafetyMessage, SpecialVehicleExtensions,
    SupplementalVehicleExtensions, TravelerInformation, VehicleSafetyExtensions,
};
use cv2x::per::{Decode, Encode};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::{de::DeserializeOwned, Serialize};

/// Seeds long enough for deep values; `arb` draws zeros (the small case) once a seed runs out.
fn seeds(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..max)
}

/// Builds a `T` from `seed` and checks UPER and JSON round trips.
fn check<T>(seed: &[u8]) -> Result<(), TestCaseError>
where
    T: for<'a> Arbitrary<'a> + Encode + Decode + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let val = T::arbitrary(&mut Unstructured::new(seed))
        .map_err(|e| TestCaseError::fail(format!("arbitrary: {e}")))?;
    let bytes = val
        .to_uper()
        .map_err(|e| TestCaseError::fail(format!("encode {val:?}: {e}")))?;
    let back = T::from_uper(&bytes).map_err(|e| {
        TestCaseError::fail(format!("decode {} of {val:?}: {e}", hex::encode(&bytes)))
    })?;
    prop_assert_eq!(&back, &val, "decode of {}", hex::encode(&bytes));
    // Decoding in place, into another value (from the seed reversed: other lists, options,
    // alternatives), gives the same value.
    let other: Vec<u8> = seed.iter().rev().copied().collect();
    let mut into = T::arbitrary(&mut Unstructured::new(&other))
        .map_err(|e| TestCaseError::fail(format!("arbitrary: {e}")))?;
    into.decode_uper_into(&bytes)
        .map_err(|e| TestCaseError::fail(format!("decode into {}: {e}", hex::encode(&bytes))))?;
    prop_assert_eq!(&into, &val, "decode into of {}", hex::encode(&bytes));
    let again = back
        .to_uper()
        .map_err(|e| TestCaseError::fail(format!("re-encode: {e}")))?;
    prop_assert_eq!(&again, &bytes, "re-encoding of {:?}", val);

    let json =
        serde_json::to_value(&val).map_err(|e| TestCaseError::fail(format!("to json: {e}")))?;
    let from_json: T = serde_json::from_value(json.clone())
        .map_err(|e| TestCaseError::fail(format!("from json {json}: {e}")))?;
    prop_assert_eq!(&from_json, &val, "json {}", json);
    let json_bytes = from_json
        .to_uper()
        .map_err(|e| TestCaseError::fail(format!("encode from json {json}: {e}")))?;
    prop_assert_eq!(&json_bytes, &bytes, "encoding after json {}", json);
    Ok(())
}

proptest! {
    #![proptest_config(Config::with_cases(300))]

    #[test]
    fn message_frame(seed in seeds(4096)) {
        check::<MessageFrame>(&seed)?;
    }

    #[test]
    fn basic_safety_message(seed in seeds(4096)) {
        check::<BasicSafetyMessage>(&seed)?;
    }

    #[test]
    fn traveler_information(seed in seeds(4096)) {
        check::<TravelerInformation>(&seed)?;
    }

    #[test]
    fn personal_safety_message(seed in seeds(2048)) {
        check::<PersonalSafetyMessage>(&seed)?;
    }

    #[test]
    fn vehicle_safety_extensions(seed in seeds(2048)) {
        check::<VehicleSafetyExtensions>(&seed)?;
    }

    #[test]
    fn special_vehicle_extensions(seed in seeds(2048)) {
        check::<SpecialVehicleExtensions>(&seed)?;
    }

    #[test]
    fn supplemental_vehicle_extensions(seed in seeds(2048)) {
        check::<SupplementalVehicleExtensions>(&seed)?;
    }
}

/// Every type of `asn1/j2735/` (and the hand-written frame and Part II content), 64 cases each.
#[test]
fn every_type() {
    let mut failed = Vec::new();
    macro_rules! each {
        ($t:ty, $name:literal) => {
            let mut runner = TestRunner::new(Config {
                cases: 64,
                failure_persistence: None,
                ..Config::default()
            });
            if let Err(e) = runner.run(&seeds(1024), |seed| check::<$t>(&seed)) {
                failed.push(format!("{}: {e}", $name));
            }
        };
    }
    cv2x::__for_each_j2735_type!(each);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

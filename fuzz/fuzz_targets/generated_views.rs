//! Differential: on any input taken as the value of a message with a generated view (SPaT,
//! MAP, SRM, SSM, TIM, PSM, messages 21 to 28 and the test messages 240 to 255: the first
//! octet chooses which, the rest is the value), the owned decode, the skip function and the
//! generated view (without and with an index) give one result: the same value
//! (`to_owned()`), or the same error. The BSM view is held to the same acceptance and error.
#![no_main]

use cv2x::j2735::view::*;
use cv2x::j2735::*;
use cv2x::per::{BitReader, Decode, Result};
use libfuzzer_sys::fuzz_target;

/// The skip function on `input`, then only zero padding (what `from_uper` checks).
fn skipped(input: &[u8], skip: fn(&mut BitReader<'_>) -> Result<()>) -> Result<()> {
    let mut r = BitReader::new(input);
    skip(&mut r)?;
    r.expect_padding()
}

macro_rules! agree {
    ($input:expr, $owned:ident, $view:ident, $skip:expr) => {{
        let input = $input;
        agree!(input, $owned, $view, $skip, no_index);
        let mut ix = ViewIndex::new();
        let indexed = $view::with_index(input, &mut ix).and_then(|v| v.to_owned());
        assert_eq!(indexed, $owned::from_uper(input));
    }};
    ($input:expr, $owned:ident, $view:ident, $skip:expr, no_index) => {{
        let input = $input;
        let owned = $owned::from_uper(input);
        assert_eq!(
            skipped(input, $skip),
            owned.as_ref().map(drop).map_err(|e| *e)
        );
        let viewed = $view::new(input).and_then(|v| v.to_owned());
        assert_eq!(viewed, owned);
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, input)) = data.split_first() else {
        return;
    };
    if input.len() > cv2x::per::FRAGMENT {
        // Fragmented open types (16K octets and more): gathered by the owned decode,
        // refused by the views by design.
        return;
    }
    // The selectors of fuzz/seeds.py: 0 to 6 the signal and safety messages, 7 to 14
    // messages 21 to 28, 15 to 30 the test messages 240 to 255.
    match which % 31 {
        0 => agree!(input, SPAT, SPATView, skip::spat),
        1 => agree!(input, MapData, MapDataView, skip::map_data),
        2 => agree!(
            input,
            SignalRequestMessage,
            SignalRequestMessageView,
            skip::signal_request_message
        ),
        3 => agree!(
            input,
            SignalStatusMessage,
            SignalStatusMessageView,
            skip::signal_status_message
        ),
        5 => agree!(
            input,
            TravelerInformation,
            TravelerInformationView,
            skip::traveler_information
        ),
        4 => agree!(
            input,
            PersonalSafetyMessage,
            PersonalSafetyMessageView,
            skip::personal_safety_message
        ),
        6 => {
            let owned = cv2x::j2735::BasicSafetyMessage::from_uper(input);
            let viewed = cv2x::j2735::view::BsmView::new(input);
            assert_eq!(viewed.map(drop), owned.map(drop));
        }
        7 => agree!(input, CommonSafetyRequest, CommonSafetyRequestView, skip::common_safety_request),
        8 => agree!(input, EmergencyVehicleAlert, EmergencyVehicleAlertView, skip::emergency_vehicle_alert),
        9 => agree!(input, IntersectionCollision, IntersectionCollisionView, skip::intersection_collision),
        10 => agree!(input, NMEAcorrections, NMEAcorrectionsView, skip::nme_acorrections),
        11 => agree!(input, ProbeDataManagement, ProbeDataManagementView, skip::probe_data_management),
        12 => agree!(input, ProbeVehicleData, ProbeVehicleDataView, skip::probe_vehicle_data),
        // (Also read inside an EVA: no `with_index`.)
        13 => agree!(input, RoadSideAlert, RoadSideAlertView, skip::road_side_alert, no_index),
        14 => agree!(input, RTCMcorrections, RTCMcorrectionsView, skip::rtc_mcorrections),
        15 => agree!(input, TestMessage00, TestMessage00View, skip::test_message00),
        16 => agree!(input, TestMessage01, TestMessage01View, skip::test_message01),
        17 => agree!(input, TestMessage02, TestMessage02View, skip::test_message02),
        18 => agree!(input, TestMessage03, TestMessage03View, skip::test_message03),
        19 => agree!(input, TestMessage04, TestMessage04View, skip::test_message04),
        20 => agree!(input, TestMessage05, TestMessage05View, skip::test_message05),
        21 => agree!(input, TestMessage06, TestMessage06View, skip::test_message06),
        22 => agree!(input, TestMessage07, TestMessage07View, skip::test_message07),
        23 => agree!(input, TestMessage08, TestMessage08View, skip::test_message08),
        24 => agree!(input, TestMessage09, TestMessage09View, skip::test_message09),
        25 => agree!(input, TestMessage10, TestMessage10View, skip::test_message10),
        26 => agree!(input, TestMessage11, TestMessage11View, skip::test_message11),
        27 => agree!(input, TestMessage12, TestMessage12View, skip::test_message12),
        28 => agree!(input, TestMessage13, TestMessage13View, skip::test_message13),
        29 => agree!(input, TestMessage14, TestMessage14View, skip::test_message14),
        _ => agree!(input, TestMessage15, TestMessage15View, skip::test_message15),
    }
});

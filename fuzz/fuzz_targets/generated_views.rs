//! Differential: on any input taken as a SPaT, MAP, SRM, SSM, TIM or PSM value (the first octet
//! chooses which, the rest is the value), the owned decode, the skip function and the
//! generated view (without and with an index) give one result: the same value
//! (`to_owned()`), or the same error. The BSM view is held to the same acceptance and error.
#![no_main]

use cv2x::j2735::view::{
    MapDataView, PersonalSafetyMessageView, SPATView, SignalRequestMessageView,
    SignalStatusMessageView, TravelerInformationView, ViewIndex,
};
use cv2x::j2735::{
    skip, MapData, PersonalSafetyMessage, SignalRequestMessage, SignalStatusMessage,
    TravelerInformation, SPAT,
};
use cv2x::per::{BitReader, Decode, Result};
use libfuzzer_sys::fuzz_target;

/// The skip function on `input`, then only zero padding (what `from_uper` checks).
fn skipped(input: &[u8], skip: fn(&mut BitReader<'_>) -> Result<()>) -> Result<()> {
    let mut r = BitReader::new(input);
    skip(&mut r)?;
    r.expect_padding()
}

macro_rules! agree {
    ($input:expr, $owned:ty, $view:ty, $skip:expr) => {{
        let input = $input;
        let owned = <$owned>::from_uper(input);
        assert_eq!(
            skipped(input, $skip),
            owned.as_ref().map(drop).map_err(|e| *e)
        );
        let viewed = <$view>::new(input).and_then(|v| v.to_owned());
        assert_eq!(viewed, owned);
        let mut ix = ViewIndex::new();
        let indexed = <$view>::with_index(input, &mut ix).and_then(|v| v.to_owned());
        assert_eq!(indexed, owned);
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
    match which % 7 {
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
        _ => {
            let owned = cv2x::j2735::BasicSafetyMessage::from_uper(input);
            let viewed = cv2x::j2735::view::BsmView::new(input);
            assert_eq!(viewed.map(drop), owned.map(drop));
        }
    }
});

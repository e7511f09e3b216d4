//! Every view (BSM, SPaT, MAP, SRM, SSM, TIM, PSM, framed and bare): any input either fails to
//! validate or can be walked to its leaves (`to_owned()` reads every getter); never a
//! panic, never an iterator that runs away. A view built with a `ViewIndex` accepts the
//! same inputs and gives the same value as one built without.
#![no_main]

use cv2x::j2735::view::{
    BsmView, FrameView, MapDataView, PersonalSafetyMessageView, SPATView, SignalRequestMessageView,
    SignalStatusMessageView, TravelerInformationView, ViewIndex,
};
use libfuzzer_sys::fuzz_target;

fn bsm(v: &BsmView<'_>) -> usize {
    let mut n = (v.lat() as usize).wrapping_add(v.length() as usize + v.regional().count());
    for p in v.part_ii().flatten() {
        n = n.wrapping_add(p.id as usize + p.decode().is_ok() as usize);
    }
    n
}

/// A message view of `data` read whole, without and with an index: the same outcome.
macro_rules! walk {
    ($view:ty, $data:expr, $index:expr) => {{
        let plain = <$view>::new($data).and_then(|v| v.to_owned());
        let indexed = <$view>::with_index($data, $index).and_then(|v| v.to_owned());
        assert_eq!(plain, indexed);
        plain.is_ok() as usize
    }};
}

fuzz_target!(|data: &[u8]| {
    let mut n = 0usize;
    let mut index = ViewIndex::new();
    if let Ok(f) = FrameView::new(data) {
        if let Some(Ok(v)) = f.bsm() {
            n = n.wrapping_add(bsm(&v));
        }
        let value = f.value();
        n += match f.message_id() {
            18 => walk!(MapDataView, value, &mut index),
            19 => walk!(SPATView, value, &mut index),
            29 => walk!(SignalRequestMessageView, value, &mut index),
            30 => walk!(SignalStatusMessageView, value, &mut index),
            31 => walk!(TravelerInformationView, value, &mut index),
            32 => walk!(PersonalSafetyMessageView, value, &mut index),
            _ => 0,
        };
    }
    // The same bytes as bare messages.
    n += walk!(SPATView, data, &mut index) + walk!(MapDataView, data, &mut index);
    n += walk!(SignalRequestMessageView, data, &mut index);
    n += walk!(SignalStatusMessageView, data, &mut index);
    n += walk!(TravelerInformationView, data, &mut index);
    n += walk!(PersonalSafetyMessageView, data, &mut index);
    if let Ok(v) = BsmView::new(data) {
        n = n.wrapping_add(bsm(&v));
    }
    std::hint::black_box(n);
});

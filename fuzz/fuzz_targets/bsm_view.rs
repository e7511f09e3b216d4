//! Zero-copy views: no panic on any input; every getter and iterator is safe to call.
#![no_main]

use cv2x::j2735::view::{BsmView, FrameView};
use libfuzzer_sys::fuzz_target;

fn touch(b: &BsmView<'_>) -> i64 {
    let mut s = b.lat() as i64
        + b.long() as i64
        + b.speed() as i64
        + b.heading() as i64
        + b.length() as i64;
    for p in b.part_ii() {
        if let Ok(p) = p {
            s += p.id as i64;
            let _ = p.decode();
        }
    }
    s + b.regional().count() as i64
}

fuzz_target!(|data: &[u8]| {
    if let Ok(f) = FrameView::new(data) {
        if let Some(Ok(b)) = f.bsm() {
            std::hint::black_box(touch(&b));
        }
    }
    if let Ok(b) = BsmView::new(data) {
        std::hint::black_box(touch(&b));
    }
});

//! Every view (BSM, SPaT, MAP, SRM, SSM, framed and bare): any input either fails to
//! validate or can be walked to its leaves; never a panic, never an iterator that runs away.
#![no_main]

use cv2x::j2735::view::{BsmView, FrameView, MapView, SpatView, SrmView, SsmView};
use libfuzzer_sys::fuzz_target;

fn spat(v: &SpatView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().flatten() {
        n += i.revision() as usize + i.enabled_lanes().count();
        for s in i.states().flatten() {
            n += s.signal_group() as usize;
            for e in s.events().flatten() {
                n += e.timing().is_some() as usize;
                std::hint::black_box(e.event_state());
            }
        }
    }
    n
}

fn map(v: &MapView<'_>) -> usize {
    let mut n = 0;
    for i in v.intersections().flatten() {
        n += i.ref_point().lat() as usize;
        for l in i.lanes().flatten() {
            n += l.lane_id() as usize + l.lane_type().bits().len();
            n += l
                .nodes()
                .flatten()
                .map(|node| {
                    std::hint::black_box(node.offset());
                    1
                })
                .sum::<usize>();
            n += l
                .connections()
                .flatten()
                .map(|c| c.signal_group().unwrap_or(0) as usize)
                .sum::<usize>();
            n += l.computed().is_some() as usize + l.overlays().count();
        }
    }
    n + v.road_segments().count() + v.restriction_classes().count()
}

fn srm(v: &SrmView<'_>) -> usize {
    {
        std::hint::black_box(v.requestor());
        v.requests().flatten().count()
    }
}

fn ssm(v: &SsmView<'_>) -> usize {
    v.status()
        .flatten()
        .map(|s| s.packages().flatten().count())
        .sum()
}

fn bsm(v: &BsmView<'_>) -> usize {
    let mut n = v.lat() as usize + v.length() as usize + v.regional().count();
    for p in v.part_ii().flatten() {
        n += p.id as usize + p.decode().is_ok() as usize;
    }
    n
}

fuzz_target!(|data: &[u8]| {
    let mut n = 0;
    if let Ok(f) = FrameView::new(data) {
        if let Some(Ok(v)) = f.bsm() {
            n += bsm(&v);
        }
        if let Some(Ok(v)) = f.spat() {
            n += spat(&v);
        }
        if let Some(Ok(v)) = f.map() {
            n += map(&v);
        }
        if let Some(Ok(v)) = f.srm() {
            n += srm(&v);
        }
        if let Some(Ok(v)) = f.ssm() {
            n += ssm(&v);
        }
    }
    // The same bytes as bare messages.
    if let Ok(v) = SpatView::new(data) {
        n += spat(&v);
    }
    if let Ok(v) = MapView::new(data) {
        n += map(&v);
    }
    if let Ok(v) = SrmView::new(data) {
        n += srm(&v);
    }
    if let Ok(v) = SsmView::new(data) {
        n += ssm(&v);
    }
    if let Ok(v) = BsmView::new(data) {
        n += bsm(&v);
    }
    std::hint::black_box(n);
});

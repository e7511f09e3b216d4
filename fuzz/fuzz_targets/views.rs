//! Every view (BSM, SPaT, MAP, SRM, SSM, framed and bare): any input either fails to
//! validate or can be walked to its leaves; never a panic, never an iterator that runs away.
//! A SPaT or MAP view built with a `ViewIndex` accepts the same inputs and walks to the
//! same fields as one built without.
#![no_main]

use cv2x::j2735::view::{BsmView, FrameView, MapView, SpatView, SrmView, SsmView, ViewIndex};
use libfuzzer_sys::fuzz_target;

fn spat(v: &SpatView<'_>) -> usize {
    let mut n = 0usize;
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
    let mut n = 0usize;
    for i in v.intersections().flatten() {
        n = n.wrapping_add(i.ref_point().lat() as usize);
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
    n.wrapping_add(v.road_segments().count() + v.restriction_classes().count())
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
    let mut n = (v.lat() as usize).wrapping_add(v.length() as usize + v.regional().count());
    for p in v.part_ii().flatten() {
        n = n.wrapping_add(p.id as usize + p.decode().is_ok() as usize);
    }
    n
}

fuzz_target!(|data: &[u8]| {
    let mut n = 0usize;
    if let Ok(f) = FrameView::new(data) {
        if let Some(Ok(v)) = f.bsm() {
            n = n.wrapping_add(bsm(&v));
        }
        if let Some(Ok(v)) = f.spat() {
            n = n.wrapping_add(spat(&v));
        }
        if let Some(Ok(v)) = f.map() {
            n = n.wrapping_add(map(&v));
        }
        if let Some(Ok(v)) = f.srm() {
            n = n.wrapping_add(srm(&v));
        }
        if let Some(Ok(v)) = f.ssm() {
            n = n.wrapping_add(ssm(&v));
        }
    }
    // The same bytes as bare messages, with and without an index.
    let mut index = ViewIndex::new();
    let plain = SpatView::new(data).map(|v| spat(&v));
    let indexed = SpatView::with_index(data, &mut index).map(|v| spat(&v));
    assert_eq!(plain, indexed);
    n = n.wrapping_add(plain.unwrap_or(0));
    let plain = MapView::new(data).map(|v| map(&v));
    let indexed = MapView::with_index(data, &mut index).map(|v| map(&v));
    assert_eq!(plain, indexed);
    n = n.wrapping_add(plain.unwrap_or(0));
    if let Ok(v) = SrmView::new(data) {
        n = n.wrapping_add(srm(&v));
    }
    if let Ok(v) = SsmView::new(data) {
        n = n.wrapping_add(ssm(&v));
    }
    if let Ok(v) = BsmView::new(data) {
        n = n.wrapping_add(bsm(&v));
    }
    std::hint::black_box(n);
});

//! The view path allocates nothing: a counting global allocator watches this thread while
//! every BSM vector is read through `FrameView` / `BsmView`.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static WATCH: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if WATCH.with(|w| w.get()) {
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(0));
    WATCH.with(|w| w.set(true));
    f();
    WATCH.with(|w| w.set(false));
    COUNT.with(|c| c.get())
}

#[test]
fn view_path_does_not_allocate() {
    use cv2x::j2735::view::FrameView;
    let mut vs = common::folder("bsm");
    for ed in ["2016", "2020", "2024"] {
        vs.extend(common::random(ed, "bsm"));
    }
    let mut sum = 0i64;
    let mut entries = 0usize;
    // Sanity: the counter does see allocations.
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 16]))) > 0);
    let n = allocations_during(|| {
        for v in &vs {
            let f = FrameView::new(&v.bytes).unwrap();
            let b = f.bsm().unwrap().unwrap();
            sum += b.msg_cnt() as i64
                + b.lat() as i64
                + b.long() as i64
                + b.elev() as i64
                + b.speed() as i64;
            sum += b.heading() as i64
                + b.angle() as i64
                + b.accel_long() as i64
                + b.yaw() as i64
                + b.width() as i64;
            sum += b.semi_major() as i64
                + b.orientation() as i64
                + b.transmission() as i64
                + b.wheel_brakes() as i64;
            sum += b.id()[0] as i64 + b.sec_mark() as i64 + b.length() as i64 + b.abs() as i64;
            for p in b.part_ii() {
                let p = p.unwrap();
                entries += 1;
                sum += p.id as i64 + p.content.remaining() as i64;
            }
            for r in b.regional() {
                sum += r.unwrap().region_id as i64;
            }
        }
    });
    std::hint::black_box(sum);
    assert!(entries > 0);
    assert_eq!(n, 0, "the view path allocated {n} times");
}

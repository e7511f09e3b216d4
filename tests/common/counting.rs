//! A global allocator that counts the allocations and the bytes the current thread
//! allocates while watched: included by the test binaries that bound allocation
//! (`#[path = "../common/counting.rs"] mod counting;` in their `main.rs`). A global allocator
//! is one per binary; the counts are thread-local, so tests running in parallel in the same
//! binary do not count each other's allocations.
#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static WATCH: Cell<bool> = const { Cell::new(false) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if WATCH.with(|w| w.get()) {
            BYTES.with(|c| c.set(c.get() + l.size()));
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        if WATCH.with(|w| w.get()) {
            BYTES.with(|c| c.set(c.get() + new));
            COUNT.with(|c| c.set(c.get() + 1));
        }
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(p, l, new) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Bytes allocated (in all, not net) while `f` runs on this thread.
pub fn allocated_by<T>(f: impl FnOnce() -> T) -> (T, usize) {
    BYTES.with(|c| c.set(0));
    WATCH.with(|w| w.set(true));
    let t = f();
    WATCH.with(|w| w.set(false));
    (t, BYTES.with(|c| c.get()))
}

/// Allocations (calls to `alloc` and `realloc`) made while `f` runs on this thread.
pub fn allocations_during(f: impl FnOnce()) -> usize {
    COUNT.with(|c| c.set(0));
    WATCH.with(|w| w.set(true));
    f();
    WATCH.with(|w| w.set(false));
    COUNT.with(|c| c.get())
}

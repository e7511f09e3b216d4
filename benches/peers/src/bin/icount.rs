//! Driver for instruction counts and allocation counts.
//!
//! `icount <impl> <message> <op> <iterations>`: prepares the operation (reads the vector,
//! decodes what `encode` needs, checks the implementation on the message), then runs it
//! `iterations` times and prints one line:
//!
//! `impl=.. message=.. op=.. iterations=N allocs_per_op=A bytes_per_op=B`
//!
//! counted by a global allocator around the loop only (after one warm-up call). Under
//! `valgrind --tool=callgrind`, the difference of two runs with different `iterations`
//! gives the instructions of one operation (see `icount.sh`).
//!
//! `icount check`: the correctness table of every implementation on every message; exits 1
//! if cv2x fails one or a peer decodes other values than cv2x.
//! `icount status`: how the peers' bindings were made.
//! `icount list`: every `<impl> <message> <op>`, one a line (the J2735 messages, then the
//! China profile's).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size() as u64, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation counts as an allocation of the new size.
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size as u64, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn usage() -> ! {
    eprintln!(
        "usage: icount <impl> <message> <op> <iterations>\n       icount check | status | list\n\
         impls: {:?}\nmessages: {:?}",
        cv2x_peers::IMPLS,
        cv2x_peers::all_messages()
            .iter()
            .map(|m| m.0)
            .collect::<Vec<_>>()
    );
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => {
            let checks = cv2x_peers::check_all();
            print!("{}", cv2x_peers::checks_markdown(&checks));
            // Fails (for CI) when cv2x does not decode and re-encode a message exactly, when
            // a peer decodes it to other values than cv2x, or when any implementation cannot
            // decode it (a peer that lost its bindings to a change in `asn1/` is a benchmark
            // lost: asn1-codecs did, silently, when RELATIVE-OID came in).
            let bad = checks.iter().any(|c| {
                c.decode.is_err()
                    || (c.imp == "cv2x" && c.reencode.is_err())
                    || c.agrees == Some(false)
            });
            if bad {
                std::process::exit(1);
            }
            return;
        }
        Some("list") => {
            for (m, impls) in cv2x_peers::all_messages() {
                for imp in impls {
                    for op in cv2x_peers::ops_for(imp, m) {
                        println!("{imp} {m} {op}");
                    }
                }
            }
            return;
        }
        Some("status") => {
            print!("{}", cv2x_peers::status::describe());
            return;
        }
        _ => {}
    }
    let [imp, message, op, n] = args.as_slice() else {
        usage()
    };
    let Ok(n) = n.parse::<u64>() else { usage() };
    let mut run = match cv2x_peers::runner(imp, message, op) {
        Ok(r) => r,
        Err(e) => {
            println!("impl={imp} message={message} op={op} unavailable: {e}");
            std::process::exit(3);
        }
    };
    // One call before counting, so that buffers an implementation keeps between calls have
    // grown: the counts are those of the steady state. (The instruction count, a difference
    // of two runs, does not depend on it.)
    let mut sink = run();
    let (a0, b0) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    for _ in 0..n {
        sink = sink.wrapping_add(run());
    }
    let (a1, b1) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    std::hint::black_box(sink);
    let per = |x: u64| if n == 0 { 0.0 } else { x as f64 / n as f64 };
    println!(
        "impl={imp} message={message} op={op} iterations={n} allocs_per_op={:.2} bytes_per_op={:.1}",
        per(a1 - a0),
        per(b1 - b0)
    );
}

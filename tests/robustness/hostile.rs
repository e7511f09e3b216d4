//! Hostile input: every prefix, random bit flips and corrupted lengths of every vector give
//! a value or an error, never a panic; allocation stays proportional to the input; a length
//! claiming more than the input holds fails before anything is allocated.

use crate::common;

use crate::counting::allocated_by;

use cv2x::j2735::view::FrameView;
use cv2x::j2735::{skip, MessageFrame};
use cv2x::per::{BitReader, Decode, Encode, ErrorKind};

/// Every decoder entry point on one input; none may panic. Returns the owned decode's
/// allocation in bytes.
fn all_decoders(input: &[u8]) -> usize {
    let (frame, bytes) = allocated_by(|| MessageFrame::from_uper(input));
    if let Ok(f) = &frame {
        // What decodes re-encodes, and the re-encoding is canonical: it decodes to the same value.
        let again = f.to_uper().expect("a decoded frame encodes");
        assert_eq!(&MessageFrame::from_uper(&again).expect("re-decodes"), f);
    }
    if let Ok(v) = FrameView::new(input) {
        if let Some(Ok(b)) = v.bsm() {
            std::hint::black_box((b.lat(), b.part_ii().count(), b.regional().count()));
        }
        if let Some(Ok(t)) = v.tim() {
            std::hint::black_box(t.to_owned().expect("a validated TIM view reads"));
        }
    }
    let _ = skip::message_frame(&mut BitReader::new(input));
    bytes
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn all_vectors() -> Vec<common::Vector> {
    let mut vs = Vec::new();
    for dir in [
        "bsm", "spat", "map", "srm", "ssm", "tim", "psm", "other", "negative",
    ] {
        vs.extend(common::folder(dir));
    }
    vs
}

#[test]
fn mutation_sweep_never_panics_and_allocation_stays_proportional() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut inputs = 0usize;
    let mut worst = (0.0f64, String::new());
    let mut note = |bytes: usize, len: usize, what: &str| {
        let ratio = bytes as f64 / len.max(1) as f64;
        if ratio > worst.0 {
            worst = (ratio, what.to_string());
        }
    };
    // Debug builds (the CI run) sweep every fourth vector; `cargo test --release` all of them.
    let step = if cfg!(debug_assertions) { 4 } else { 1 };
    for v in all_vectors().into_iter().step_by(step) {
        let b = &v.bytes;
        // Every prefix.
        for n in 0..=b.len() {
            note(all_decoders(&b[..n]), n, &v.name);
            inputs += 1;
        }
        // Random bit flips, one to four at a time.
        for _ in 0..64 {
            let mut m = b.clone();
            for _ in 0..=rng.next() % 4 {
                let bit = (rng.next() % (m.len() as u64 * 8)) as usize;
                m[bit / 8] ^= 0x80 >> (bit % 8);
            }
            note(all_decoders(&m), m.len(), &v.name);
            inputs += 1;
        }
        // Corrupted lengths: every octet set to the values that matter to a length determinant.
        for i in 0..b.len() {
            for x in [0x00, 0x7f, 0x80, 0xbf, 0xc1, 0xc4, 0xff] {
                let mut m = b.clone();
                m[i] = x;
                note(all_decoders(&m), m.len(), &v.name);
                inputs += 1;
            }
        }
    }
    assert!(inputs > 100_000 / step, "{inputs}");
    // The owned decode allocates its values (Vecs of typed elements), so the bound is a
    // constant times the input, measured here over every mutation.
    assert!(
        worst.0 < 256.0,
        "{} bytes allocated per input byte ({})",
        worst.0,
        worst.1
    );
    println!(
        "{inputs} hostile inputs; worst allocation {:.1} bytes per input byte ({})",
        worst.0, worst.1
    );
}

#[test]
fn a_length_beyond_the_input_fails_before_allocating() {
    // MessageFrame, unknown message 100, value length 16383 (0xbfff), 10 octets follow.
    let mut input = vec![0x00, 0x64, 0xbf, 0xff];
    input.extend([0xab; 10]);
    let (r, bytes) = allocated_by(|| MessageFrame::from_uper(&input));
    assert_eq!(r.unwrap_err().kind, ErrorKind::LengthTooLarge);
    assert_eq!(bytes, 0);
    // The same with a fragmented length: four fragments of 16K claimed (0xc4).
    let input = [0x00, 0x64, 0xc4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    let (r, bytes) = allocated_by(|| MessageFrame::from_uper(&input));
    assert_eq!(r.unwrap_err().kind, ErrorKind::LengthTooLarge);
    assert_eq!(bytes, 0);
    // A BSM whose Part II entry claims 200 octets of content in a 40-octet message.
    let mut bsm = common::unhex(
        "001425067c0eb5842562e66e8a2b9ea6c96408b97fffffff900027d9637d07d0007fff8000640fa0",
    );
    bsm[3] |= 0x40; // Part II present
    let (r, _) = allocated_by(|| MessageFrame::from_uper(&bsm));
    assert!(r.is_err());
}

#[test]
fn random_garbage_never_panics() {
    let mut rng = Rng(42);
    for len in 0..600 {
        for _ in 0..20 {
            let mut g: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            // Half of them start like a frame of a known message, to get past the header.
            if len > 3 && rng.next() % 2 == 0 {
                let id = [18u8, 19, 20, 29, 30, 31][(rng.next() % 6) as usize];
                g[0] = 0;
                g[1] = id;
                g[2] = (len - 3).min(127) as u8;
            }
            all_decoders(&g);
        }
    }
}

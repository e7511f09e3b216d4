//! Helpers for the primitive tests.
use super::{BitWriter, Result};
use alloc::string::String;
use alloc::vec::Vec;

/// Runs `f` on a fresh writer and returns the padded bytes.
pub fn enc(f: impl FnOnce(&mut BitWriter<Vec<u8>>) -> Result<()>) -> Vec<u8> {
    let mut w = BitWriter::new(Vec::new());
    f(&mut w).unwrap();
    w.finish().unwrap().0
}

/// The first `n` bits of `b` as a string of 0 and 1.
pub fn bits_of(b: &[u8], n: usize) -> String {
    (0..n)
        .map(|i| {
            if b[i / 8] >> (7 - i % 8) & 1 == 1 {
                '1'
            } else {
                '0'
            }
        })
        .collect()
}

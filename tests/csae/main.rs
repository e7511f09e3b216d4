//! The China profile, YD/T 3709-2020 (T/CSAE 53-2020) Day-1 edition (`cv2x::csae::v2020`):
//! the CSAE vectors of `tests/vectors/csae` (see its `SOURCES.md`) decode to their expected
//! JSON and re-encode byte-exactly, frames of another edition are not taken for 2020 ones,
//! Day-2 frames are kept as sent, and hostile input gives a value or an error. The 2017
//! edition (`cv2x::csae::v2017`) has the same tests in `v2017/`.
//!
//! One test binary (one link) for these modules; the helpers are in `tests/common`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/counting.rs"]
mod counting;

mod arbitrary;
mod cross;
mod differential;
mod editions;
mod faces;
mod hostile;
mod no_alloc;
mod rank;
mod receivers;
mod signal;
mod v2017;
mod vectors;

use std::path::PathBuf;

/// One CSAE vector: its name, bytes and the expected JSON beside it.
pub struct Vector {
    pub name: String,
    pub bytes: Vec<u8>,
    pub json: serde_json::Value,
}

/// The CSAE vectors folder (`tests/vectors/csae`, or `CV2X_VECTORS/csae`).
pub fn csae_dir() -> PathBuf {
    common::vectors_dir().join("csae")
}

/// The `.hex` vectors of a folder under `tests/vectors/csae`, with the `.json` beside each.
pub fn folder(rel: &str) -> Vec<Vector> {
    let dir = csae_dir().join(rel);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hex"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let json = std::fs::read_to_string(p.with_extension("json"))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            Vector {
                name: format!("{rel}/{}", p.file_name().unwrap().to_string_lossy()),
                bytes: common::unhex(&std::fs::read_to_string(&p).unwrap()),
                json: serde_json::from_str(&json).unwrap(),
            }
        })
        .collect()
}

/// The synthetic 2020 frames (`random/VN4`, 25) and the real frames that are also exact
/// under 2020 (`SOURCES.md`: every real BSM, SPAT and RSM, 10).
pub fn frames_2020() -> Vec<Vector> {
    let mut v = folder("random/VN4");
    for dir in ["bsm", "spat", "rsm"] {
        v.extend(folder(dir));
    }
    v
}

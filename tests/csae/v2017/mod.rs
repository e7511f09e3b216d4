//! The 2017 edition, T/CSAE 53-2017 (`cv2x::csae::v2017`): its synthetic frames
//! (`random/V3`) decode to their expected JSON and re-encode byte-exactly on every face;
//! the cross-edition cells of `SOURCES.md` for 2017 are reproduced (which real 2019-draft
//! frames 2017 refuses, which it reads as something else); later editions' extension
//! alternatives are kept as sent; hostile input gives a value or an error; the views and
//! skip functions allocate nothing; the builders write what asn1tools reads as 2017.

mod arbitrary;
mod build;
mod hostile;
mod no_alloc;
mod vectors;

use crate::{folder, Vector};

/// The synthetic 2017 frames (`random/V3`, 20).
pub fn frames_2017() -> Vec<Vector> {
    folder("random/V3")
}

//! Where the `SEQUENCE OF`s of a value lie: the hook through which a validating pass (the
//! generated skip functions) tells an index where each list starts and ends, so that the
//! zero-copy views can later step over a list without reading its entries again.

use super::{BitReader, Result};

/// Told about every `SEQUENCE OF` a skip function reads past.
pub(crate) trait ListSink {
    /// Reads one `SEQUENCE OF` with `f`, which starts at the list's length determinant and
    /// ends after its last entry.
    fn list<F>(&mut self, r: &mut BitReader<'_>, f: F) -> Result<()>
    where
        F: FnOnce(&mut BitReader<'_>, &mut Self) -> Result<()>;
}

/// Records nothing: the plain skip functions.
pub(crate) struct NoLists;

impl ListSink for NoLists {
    #[inline(always)]
    fn list<F>(&mut self, r: &mut BitReader<'_>, f: F) -> Result<()>
    where
        F: FnOnce(&mut BitReader<'_>, &mut Self) -> Result<()>,
    {
        f(r, self)
    }
}

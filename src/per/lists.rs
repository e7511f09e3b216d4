//! Where the `SEQUENCE OF`s of a value lie: the hook through which a validating pass (the
//! generated skip functions) tells an index where each list starts and ends, so that the
//! zero-copy views can later step over a list without reading its entries again.

use super::BitReader;

/// Told about every `SEQUENCE OF` a skip function reads past: [`open`](ListSink::open) at
/// its length determinant, [`close`](ListSink::close) after its last entry. (Two calls
/// around the list's read, not a closure: the skip functions stay one body the compiler
/// optimizes whole, whatever the sink.)
pub(crate) trait ListSink {
    /// What `open` hands to `close`.
    type Mark: Copy;

    /// A list starts at `r`: `None` if its end is known and `r` was moved there (its
    /// entries are not read), else the mark to close it with.
    fn open(&mut self, r: &mut BitReader<'_>) -> Option<Self::Mark>;

    /// The list opened with `mark` ends at `r` (not called if its read failed).
    fn close(&mut self, mark: Self::Mark, r: &BitReader<'_>);
}

/// Records nothing: the plain skip functions.
pub(crate) struct NoLists;

impl ListSink for NoLists {
    type Mark = ();

    #[inline(always)]
    fn open(&mut self, _: &mut BitReader<'_>) -> Option<()> {
        Some(())
    }

    #[inline(always)]
    fn close(&mut self, _: (), _: &BitReader<'_>) {}
}

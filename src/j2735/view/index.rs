//! [`ViewIndex`]: where the lists of a message end, recorded while its view validates it.

#[cfg(feature = "alloc")]
use crate::per::{lists::ListSink, BitReader, Result};

#[cfg(feature = "alloc")]
/// The most lists an index records (512 KiB). A message with more is still read
/// correctly: its later lists are read past entry by entry, as without an index.
const MAX_LISTS: usize = 1 << 16;

/// Where each `SEQUENCE OF` of a message ends, recorded while a view validates the
/// message, so that the view's items step over their nested lists instead of reading
/// their entries again.
///
/// A view built without an index ([`SpatView::new`](super::SpatView::new)) finds a
/// member that follows a list by reading past the list's entries, so a message is read
/// about once per level of nesting when every item is visited (a SPaT's movement events
/// four times, a MAP's nodes three). Built with one
/// ([`SpatView::with_index`](super::SpatView::with_index),
/// [`MapView::with_index`](super::MapView::with_index), or through
/// [`FrameView`](super::FrameView)), every bit is read once to validate and once more
/// when its item is visited. The index is eight octets per list of the message; reuse it
/// from message to message and it stops allocating.
///
/// ```
/// use cv2x::j2735::view::{FrameView, ViewIndex};
///
/// // spat/jpoode__OdeSpatDataTest_L17.hex
/// let hex = "001338000817a780000089680500204642b342b34802021a15a955a940181190acd0acd2\
///            0100868555c555c00104342aae2aae002821a155715570";
/// let bytes: Vec<u8> = (0..hex.len())
///     .step_by(2)
///     .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
///     .collect();
/// let mut index = ViewIndex::new();
/// let frame = FrameView::new(&bytes)?;
/// let spat = frame.spat_with_index(&mut index).expect("message 19")?;
/// let mut groups = Vec::new();
/// for i in spat.intersections() {
///     for s in i?.states() {
///         groups.push(s?.signal_group());
///     }
/// }
/// assert_eq!(groups, [2, 4, 6, 8, 1, 5]);
/// # Ok::<(), cv2x::per::Error>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Clone, Debug, Default)]
pub struct ViewIndex {
    /// `(key, end)`: the bit where a list's length determinant starts and the bit after its
    /// last entry, in increasing `key` order.
    lists: alloc::vec::Vec<(u32, u32)>,
}

#[cfg(feature = "alloc")]
impl ViewIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many lists the last view built with this index recorded.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether the last view recorded no list (or none was built).
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Forgets the last message's lists and records those `validate` reads past, for the
    /// view it returns to look up: a view's `with_index`.
    pub(crate) fn record<'a, V>(
        &'a mut self,
        validate: impl FnOnce(&mut Self) -> Result<V>,
    ) -> Result<(V, Lists<'a>)> {
        self.lists.clear();
        let view = validate(self)?;
        let index: &'a Self = self;
        Ok((view, Lists(&index.lists)))
    }
}

#[cfg(feature = "alloc")]
impl ListSink for ViewIndex {
    #[inline]
    fn list<F>(&mut self, r: &mut BitReader<'_>, f: F) -> Result<()>
    where
        F: FnOnce(&mut BitReader<'_>, &mut Self) -> Result<()>,
    {
        let key = r.position();
        // Keys only grow (a list is recorded before the lists inside it): anything else,
        // or a position past `u32`, is left unrecorded and read past entry by entry.
        let slot = match (u32::try_from(key), self.lists.last()) {
            (Ok(k), last)
                if last.is_none_or(|&(prev, _)| prev < k) && self.lists.len() < MAX_LISTS =>
            {
                self.lists.push((k, u32::MAX));
                Some(self.lists.len() - 1)
            }
            _ => None,
        };
        f(r, self)?;
        if let Some(slot) = slot {
            match u32::try_from(r.position()) {
                Ok(end) => self.lists[slot].1 = end,
                Err(_) => {
                    self.lists.truncate(slot);
                }
            }
        }
        Ok(())
    }
}

/// The lists of a validated message, looked up by where they start; empty for a view
/// built without an index. (Public only as an argument of `ListEntry::parse`.)
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Lists<'a>(&'a [(u32, u32)]);

impl Lists<'_> {
    /// No index: every list is read past entry by entry.
    pub(crate) const NONE: Lists<'static> = Lists(&[]);

    /// Where the list whose length determinant starts at bit `key` ends, if recorded.
    #[inline]
    pub(crate) fn end_of(self, key: usize) -> Option<usize> {
        if self.0.is_empty() {
            return None;
        }
        let key = u32::try_from(key).ok()?;
        self.0
            .binary_search_by_key(&key, |&(k, _)| k)
            .ok()
            .map(|i| self.0[i].1 as usize)
    }
}

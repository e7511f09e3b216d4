//! [`ViewIndex`]: where the lists of a message end, recorded while its view validates it.

#[cfg(feature = "alloc")]
use crate::per::{lists::ListSink, BitReader, Result};

#[cfg(feature = "alloc")]
/// The most lists an index records (512 KiB, and 1 MiB of hash table). A message with
/// more is still read correctly: its later lists are read past entry by entry, as without
/// an index.
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
/// when its item is visited. The index is eight octets per list of the message and a hash
/// table of two to four times that; reuse it from message to message and it stops
/// allocating.
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
    /// The same pairs in an open-addressing hash table (a power of two of slots, at most
    /// half full, [`EMPTY`] keys in the free ones), built once the message is validated:
    /// what the view looks a list up in, in one or two probes.
    table: alloc::vec::Vec<(u32, u32)>,
}

/// The key of a free slot of the table (no list is recorded at this bit).
const EMPTY: u32 = u32::MAX;

/// The first slot to probe for `key` in a table of `slots` (a power of two) slots:
/// Fibonacci hashing, the top bits of the key times 2^32 / phi.
#[inline(always)]
fn home(key: u32, slots: usize) -> usize {
    let bits = slots.trailing_zeros();
    (key.wrapping_mul(0x9E37_79B9) as u64 >> (32 - bits)) as usize
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
        self.table.clear();
        let view = validate(self)?;
        self.build_table();
        let index: &'a Self = self;
        Ok((view, Lists(&index.table)))
    }

    /// Fills the hash table from `lists` (none if there are none).
    fn build_table(&mut self) {
        if self.lists.is_empty() {
            return;
        }
        let slots = (2 * self.lists.len()).next_power_of_two();
        self.table.resize(slots, (EMPTY, 0));
        for &(key, end) in &self.lists {
            let mut h = home(key, slots);
            while self.table[h].0 != EMPTY {
                h = (h + 1) & (slots - 1);
            }
            self.table[h] = (key, end);
        }
    }
}

#[cfg(feature = "alloc")]
impl ListSink for ViewIndex {
    type Mark = Option<usize>;

    #[inline]
    fn open(&mut self, r: &mut BitReader<'_>) -> Option<Option<usize>> {
        let key = r.position();
        // Keys only grow (a list is recorded before the lists inside it): anything else,
        // or a position past `u32`, is left unrecorded and read past entry by entry.
        Some(match (u32::try_from(key), self.lists.last()) {
            (Ok(k), last)
                if k != EMPTY
                    && last.is_none_or(|&(prev, _)| prev < k)
                    && self.lists.len() < MAX_LISTS =>
            {
                self.lists.push((k, u32::MAX));
                Some(self.lists.len() - 1)
            }
            _ => None,
        })
    }

    #[inline]
    fn close(&mut self, slot: Option<usize>, r: &BitReader<'_>) {
        if let Some(slot) = slot {
            match u32::try_from(r.position()) {
                Ok(end) => self.lists[slot].1 = end,
                Err(_) => {
                    self.lists.truncate(slot);
                }
            }
        }
    }
}

/// The lists of a validated message, looked up by where they start: the hash table of a
/// [`ViewIndex`], empty for a view built without one. (Public only as an argument of
/// `ListEntry::parse`.)
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Lists<'a>(&'a [(u32, u32)]);

impl Lists<'_> {
    /// No index: every list is read past entry by entry.
    pub(crate) const NONE: Lists<'static> = Lists(&[]);

    /// Where the list whose length determinant starts at bit `key` ends, if recorded.
    #[inline]
    pub(crate) fn end_of(self, key: usize) -> Option<usize> {
        let slots = self.0.len();
        if slots == 0 {
            return None;
        }
        let key = u32::try_from(key).ok()?;
        // At most half the slots are taken: the probe meets the key or a free slot.
        let mut h = home(key, slots);
        loop {
            let &(k, end) = self.0.get(h)?;
            if k == key {
                return Some(end as usize);
            }
            if k == EMPTY {
                return None;
            }
            h = (h + 1) & (slots - 1);
        }
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;

    /// `n` lists at irregular, growing keys, each of its own length: every key is found
    /// with its end, every other bit is not, whatever the last message recorded.
    #[test]
    fn every_recorded_list_is_found_and_no_other_bit() {
        let data = [0u8; 2048];
        let mut ix = ViewIndex::new();
        for n in [1000, 1, 2, 3, 7, 100, 0, 1000] {
            let lists: alloc::vec::Vec<(usize, usize)> =
                (0..n).map(|i| (i * 13 + i % 5, 1 + i % 11)).collect();
            let ((), found) = ix
                .record(|ix| {
                    for &(key, len) in &lists {
                        let mut r = BitReader::new(&data);
                        r.skip(key)?;
                        ix.list(&mut r, |r, _| r.skip(len))?;
                    }
                    Ok(())
                })
                .unwrap();
            let slots = found.0.len();
            assert!(n == 0 && slots == 0 || slots.is_power_of_two() && slots >= 2 * n);
            let mut want = alloc::vec![None; data.len() * 8 + 1];
            for &(key, len) in &lists {
                want[key] = Some(key + len);
            }
            for (bit, want) in want.iter().enumerate() {
                assert_eq!(found.end_of(bit), *want, "{n} lists, bit {bit}");
            }
            assert_eq!(ix.len(), n);
        }
    }

    /// Past `MAX_LISTS` lists nothing more is recorded: the later ones are not found (their
    /// views read past them), the earlier ones still are.
    #[test]
    fn lists_past_the_most_are_not_recorded() {
        let n = MAX_LISTS + 10;
        let data = alloc::vec![0u8; n * 2 + 1];
        let mut ix = ViewIndex::new();
        let ((), found) = ix
            .record(|ix| {
                for i in 0..n {
                    let mut r = BitReader::new(&data);
                    r.skip(i * 16)?;
                    ix.list(&mut r, |r, _| r.skip(5))?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(found.0.len(), 2 * MAX_LISTS);
        for i in 0..n {
            let want = (i < MAX_LISTS).then_some(i * 16 + 5);
            assert_eq!(found.end_of(i * 16), want, "list {i}");
        }
        assert_eq!(ix.len(), MAX_LISTS);
    }

    /// Keys that all hash to the last slot: their probes wrap to the first slots.
    #[test]
    fn probes_wrap_around_the_table() {
        let data = [0u8; 2048];
        let keys: alloc::vec::Vec<usize> = (0..data.len() * 8)
            .filter(|&k| home(k as u32, 8) == 7)
            .take(4)
            .collect();
        assert_eq!(keys.len(), 4);
        let mut ix = ViewIndex::new();
        let ((), found) = ix
            .record(|ix| {
                for &key in &keys {
                    let mut r = BitReader::new(&data);
                    r.skip(key)?;
                    ix.list(&mut r, |r, _| r.skip(3))?;
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(found.0.len(), 8);
        for &key in &keys {
            assert_eq!(found.end_of(key), Some(key + 3));
            assert_eq!(found.end_of(key + 1), None);
        }
    }
}

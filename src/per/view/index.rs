//! [`ViewIndex`]: where the lists of a message end, recorded while its view validates it.

use super::Ends;
use crate::per::{lists::ListSink, BitReader, Result};

/// The most lists an index records (512 KiB). A message with more is still read correctly: its later lists are read past entry by entry, as without
/// an index.
const MAX_LISTS: usize = 1 << 16;

/// Where each `SEQUENCE OF` of a message ends, recorded while a view validates the
/// message, so that the view's items step over their nested lists instead of reading
/// their entries again.
///
/// A view built without an index finds a list's end when it is walked (items read in
/// document order need no more), or by reading past its entries (an item whose members
/// after a list are read before the list is). Built with one, every list's end is known
/// from the start (looked up by binary search where the view's memo of the lists walked
/// last does not have it). The index is eight octets per list of the message; reuse it
/// from message to message and it stops allocating.
#[derive(Clone, Debug, Default)]
pub struct ViewIndex {
    /// `(key, end)`: the bit where a list's length determinant starts and the bit after its
    /// last entry, in increasing `key` order (the order one forward pass reads them in:
    /// every list has a length determinant, so no two share a key).
    lists: alloc::vec::Vec<(u32, u32)>,
    /// How many lists this message may record: [`MAX_LISTS`], or none when its bits do
    /// not all have a `u32` offset.
    cap: usize,
}

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

    /// Forgets the last message's lists and records those `validate` reads past in
    /// `data`, for the view it returns to look up: a view's `with_index`.
    pub fn record<'a, V>(
        &'a mut self,
        data: &[u8],
        validate: impl FnOnce(&mut Self) -> Result<V>,
    ) -> Result<(V, Ends<'a>)> {
        self.lists.clear();
        self.cap = if data.len() < (super::NONE / 8) as usize {
            MAX_LISTS
        } else {
            0
        };
        let view = validate(self)?;
        let index: &'a Self = self;
        Ok((view, Ends::with_table(&index.lists)))
    }
}

impl ListSink for ViewIndex {
    type Mark = usize;

    #[inline(always)]
    fn open(&mut self, r: &mut BitReader<'_>) -> Option<usize> {
        let slot = self.lists.len();
        if slot < self.cap {
            // Within `data` (see `record`): positions have a `u32` offset.
            let key = r.position() as u32;
            debug_assert!(self.lists.last().is_none_or(|&(k, _)| k < key));
            self.lists.push((key, super::NONE));
        }
        Some(slot)
    }

    #[inline(always)]
    fn close(&mut self, slot: usize, r: &BitReader<'_>) {
        if let Some(e) = self.lists.get_mut(slot) {
            e.1 = r.position() as u32;
        }
    }
}

#[cfg(test)]
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
                .record(&data, |ix| {
                    for &(key, len) in &lists {
                        let mut r = BitReader::new(&data);
                        r.skip(key)?;
                        let m = ix.open(&mut r).expect("nothing is known");
                        r.skip(len)?;
                        ix.close(m, &r);
                    }
                    Ok(())
                })
                .unwrap();
            assert_eq!(found.table.len(), n);
            let mut want = alloc::vec![None; data.len() * 8 + 1];
            for &(key, len) in &lists {
                want[key] = Some(key + len);
            }
            for (bit, want) in want.iter().enumerate() {
                assert_eq!(
                    super::super::Lists::of(&found).known((bit) as u32),
                    *want,
                    "{n} lists, bit {bit}"
                );
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
            .record(&data, |ix| {
                for i in 0..n {
                    let mut r = BitReader::new(&data);
                    r.skip(i * 16)?;
                    let m = ix.open(&mut r).expect("nothing is known");
                    r.skip(5)?;
                    ix.close(m, &r);
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(found.table.len(), MAX_LISTS);
        for i in 0..n {
            let want = (i < MAX_LISTS).then_some(i * 16 + 5);
            assert_eq!(
                super::super::Lists::of(&found).known((i * 16) as u32),
                want,
                "list {i}"
            );
        }
        assert_eq!(ix.len(), MAX_LISTS);
    }
}

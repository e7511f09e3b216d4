//! [`Ends`]: where the lists of a validated message end, as far as the view knows.

use super::super::lists::ListSink;
use super::super::{BitReader, Result};
use core::cell::Cell;

/// How many walked lists a message view remembers.
const MEMO: usize = 8;

/// Where the lists of a validated message end, as far as known: the lists a
/// [`ViewIndex`](super::ViewIndex) recorded (empty for a view built without one), and the
/// lists an iterator walked to its end that may still be asked for. A message view holds it;
/// the items read from the view refer to it through [`Lists`].
///
/// Read in document order (an item's lists, then the next item), the lists whose ends an
/// item waits for are those of the items still open around the reader (an entry whose last
/// lists it left unread, and the entries around it). The walked lists are kept as a stack
/// sorted by key: a list walked to its end drops the lists nested in it (their keys lie
/// after its own: nobody reading on in document order asks for them again), so the stack
/// holds the lists of the open items, not the last few walked deep inside them (with a
/// memo of the last four walked, a MAP link's points and movements were pushed out by its
/// lanes' lists, and read again to find the link's end).
#[derive(Clone, Debug)]
pub struct Ends<'a> {
    /// `(key, end)` pairs sorted by key (a `ViewIndex`'s lists).
    pub(super) table: &'a [(u32, u32)],
    /// `(key, end)` of walked lists, `key` the bit of the length determinant: the first
    /// `len`, in increasing key order (a stack, the last walked on top).
    memo: [Cell<(u32, u32)>; MEMO],
    /// How many of `memo` hold a list.
    len: Cell<u8>,
}

impl Ends<'static> {
    /// No index, nothing walked yet.
    pub const fn new() -> Ends<'static> {
        Ends::with_table(&[])
    }
}

impl Default for Ends<'static> {
    fn default() -> Self {
        Ends::new()
    }
}

impl<'a> Ends<'a> {
    /// The ends an index recorded (sorted by key).
    pub(crate) const fn with_table(table: &'a [(u32, u32)]) -> Ends<'a> {
        Ends {
            table,
            memo: [const { Cell::new((super::NONE, 0)) }; MEMO],
            len: Cell::new(0),
        }
    }
}

/// The [`Ends`] of the message an item was read from, or nothing known.
#[derive(Clone, Copy, Debug, Default)]
pub struct Lists<'a>(Option<&'a Ends<'a>>);

impl<'a> Lists<'a> {
    /// Nothing known: lists are read past entry by entry.
    pub const NONE: Lists<'static> = Lists(None);

    /// The lists of a message whose view holds `ends`.
    #[inline(always)]
    pub fn of(ends: &'a Ends<'a>) -> Lists<'a> {
        Lists(Some(ends))
    }

    /// Where the list whose length determinant starts at bit `key` ends, if known.
    #[inline]
    pub fn known(self, key: u32) -> Option<usize> {
        let e = self.0?;
        // From the top: in document order the lists asked for were walked last.
        let mut i = (e.len.get() as usize).min(MEMO);
        while i > 0 {
            i -= 1;
            let (k, end) = e.memo.get(i).map_or((super::NONE, 0), Cell::get);
            if k == key {
                return Some(end as usize);
            }
            if k < key {
                // Sorted: no list below starts at `key`.
                break;
            }
        }
        lookup(e.table, key)
    }

    /// Remembers that the list whose length determinant starts at bit `key` ends at `end`,
    /// dropping the lists remembered inside it (keys after `key`); with the stack full,
    /// the outermost list is dropped.
    #[inline]
    pub fn remember(self, key: u32, end: usize) {
        if let Some(e) = self.0 {
            let mut n = (e.len.get() as usize).min(MEMO);
            while n > 0 && e.memo.get(n - 1).is_some_and(|m| m.get().0 >= key) {
                n -= 1;
            }
            if n == MEMO {
                for i in 1..MEMO {
                    if let (Some(a), Some(b)) = (e.memo.get(i - 1), e.memo.get(i)) {
                        a.set(b.get());
                    }
                }
                n -= 1;
            }
            if let Some(slot) = e.memo.get(n) {
                slot.set((key, end as u32));
            }
            e.len.set((n + 1) as u8);
        }
    }

    /// Forgets the lists remembered from bit `at` on: those of an entry read to its end,
    /// which a reader going on in document order does not ask for again (the stack keeps
    /// the lists of the entries around it).
    #[inline]
    pub fn forget_from(self, at: u32) {
        if let Some(e) = self.0 {
            let mut n = (e.len.get() as usize).min(MEMO);
            while n > 0 && e.memo.get(n - 1).is_some_and(|m| m.get().0 >= at) {
                n -= 1;
            }
            e.len.set(n as u8);
        }
    }

    /// Where the list at `key` (in `data`) whose `len` entries start at bit `start`
    /// ends: known, or found by reading past the entries with `skip` (and remembered).
    #[inline]
    pub fn end_of(
        self,
        data: &[u8],
        key: u32,
        start: u32,
        len: u32,
        skip: fn(&mut BitReader<'_>, &mut Lists<'a>) -> Result<()>,
    ) -> Result<usize> {
        match self.known(key) {
            Some(end) => Ok(end),
            None => self.walk(data, key, start, len, skip),
        }
    }

    /// The slow path of [`Lists::end_of`]: reads past the entries.
    #[inline(never)]
    fn walk(
        mut self,
        data: &[u8],
        key: u32,
        start: u32,
        len: u32,
        skip: fn(&mut BitReader<'_>, &mut Lists<'a>) -> Result<()>,
    ) -> Result<usize> {
        let mut r = super::reader_at(data, start as usize);
        for _ in 0..len {
            skip(&mut r, &mut self)?;
        }
        let end = r.position();
        self.remember(key, end);
        Ok(end)
    }
}

/// The end recorded for `key` in an index's lists (sorted by key: they are recorded in
/// the order their length determinants are read).
#[inline]
fn lookup(table: &[(u32, u32)], key: u32) -> Option<usize> {
    let i = table.binary_search_by_key(&key, |&(k, _)| k).ok()?;
    table.get(i).map(|&(_, end)| end as usize)
}

/// Lists whose end is known are stepped over; the others are read (the skip functions
/// find nested lists this way).
impl ListSink for Lists<'_> {
    type Mark = ();

    #[inline]
    fn open(&mut self, r: &mut BitReader<'_>) -> Option<()> {
        match self.known(r.position() as u32) {
            Some(end) => {
                r.set_position(end);
                None
            }
            None => Some(()),
        }
    }

    #[inline(always)]
    fn close(&mut self, _: (), _: &BitReader<'_>) {}
}

#[cfg(test)]
mod tests {
    use super::{Ends, Lists, MEMO};

    #[test]
    fn a_walked_list_drops_the_lists_inside_it_and_keeps_the_outer_ones() {
        let ends = Ends::new();
        let ix = Lists::of(&ends);
        // An item's first list (10..50), then the next list (50..400) whose entries hold
        // lists (60..70, 80..90, ...), walked to its end last.
        ix.remember(10, 50);
        for k in 0..20u32 {
            // The entry at 55 + 20k holds a list at 60 + 20k; the iterator forgets it when
            // it steps past the entry.
            ix.remember(60 + 20 * k, 70 + 20 * k as usize);
            assert_eq!(ix.known(10), Some(50));
            if k < 19 {
                ix.forget_from(55 + 20 * k);
            }
        }
        assert_eq!(ix.known(440), Some(450));
        ix.remember(50, 400);
        assert_eq!(ix.known(10), Some(50));
        assert_eq!(ix.known(50), Some(400));
        // The nested ones are gone (found again by walking them), the table is empty.
        assert_eq!(ix.known(60), None);
        assert_eq!(ix.known(440), None);
        assert_eq!(ends.len.get(), 2);
    }

    #[test]
    fn a_full_stack_drops_its_outermost_list() {
        let ends = Ends::new();
        let ix = Lists::of(&ends);
        for k in 0..=MEMO as u32 {
            ix.remember(100 * k, 100 * k as usize + 10);
        }
        assert_eq!(ix.known(0), None);
        for k in 1..=MEMO as u32 {
            assert_eq!(ix.known(100 * k), Some(100 * k as usize + 10));
        }
        // Remembered again: replaced, not added.
        ix.remember(100 * MEMO as u32, 7);
        assert_eq!(ix.known(100 * MEMO as u32), Some(7));
        assert_eq!(ends.len.get() as usize, MEMO);
        // Nothing is remembered without a message view's `Ends`.
        Lists::NONE.remember(5, 6);
        assert_eq!(Lists::NONE.known(5), None);
    }
}

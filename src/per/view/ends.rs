//! [`Ends`]: where the lists of a validated message end, as far as the view knows.

use super::super::lists::ListSink;
use super::super::{BitReader, Result};
use core::cell::Cell;

/// How many recently walked lists a message view remembers.
const MEMO: usize = 4;

/// Where the lists of a validated message end, as far as known: the lists a
/// [`ViewIndex`](super::ViewIndex) recorded (empty for a view built without one), and the last
/// few lists an iterator walked to its end. A message view holds it; the items read from
/// the view refer to it through [`Lists`].
///
/// Read in document order (an item's lists, then the next item), the list whose end an
/// item waits for is one of the last walked, so it is found here instead of being read
/// again.
#[derive(Clone, Debug)]
pub struct Ends<'a> {
    /// `(key, end)` pairs sorted by key (a `ViewIndex`'s lists).
    pub(super) table: &'a [(u32, u32)],
    /// `(key, end)` of the lists walked last, `key` the bit of the length determinant.
    memo: [Cell<(u32, u32)>; MEMO],
    /// The slot the next list walked goes into.
    next: Cell<u8>,
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
            memo: [
                Cell::new((super::NONE, 0)),
                Cell::new((super::NONE, 0)),
                Cell::new((super::NONE, 0)),
                Cell::new((super::NONE, 0)),
            ],
            next: Cell::new(0),
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
        for m in &e.memo {
            let (k, end) = m.get();
            if k == key {
                return Some(end as usize);
            }
        }
        lookup(e.table, key)
    }

    /// Remembers that the list whose length determinant starts at bit `key` ends at `end`.
    #[inline]
    pub fn remember(self, key: u32, end: usize) {
        if let Some(e) = self.0 {
            let i = e.next.get() as usize % MEMO;
            if let Some(slot) = e.memo.get(i) {
                slot.set((key, end as u32));
            }
            e.next.set(((i + 1) % MEMO) as u8);
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

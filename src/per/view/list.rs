//! `SEQUENCE OF` in place: [`List`] (where one lies), [`ListIter`] (its entries, each read
//! when reached) and [`ListEntry`] (how an entry is read).

use super::super::{BitReader, Error, ErrorKind, Length, Result, ResultExt, Size};
use super::{offset, reader_at, sealed, At, Lists, OctetsView, NONE};
use core::marker::PhantomData;

/// Where a `SEQUENCE OF` lies: its length determinant (`key`), its first entry and how
/// many entries it has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct List {
    pub(crate) key: u32,
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl List {
    /// Reads the length of a `SEQUENCE (SIZE(lb..ub)) OF` (`ub` under 64K, no extension
    /// marker: one constrained number) and steps past its entries: to where `ix` knows
    /// it ends, else reading past each with `skip`.
    #[inline(always)]
    pub fn read<'a>(
        r: &mut BitReader<'_>,
        ix: Lists<'a>,
        lb: u64,
        ub: u64,
        skip: fn(&mut BitReader<'_>, &mut Lists<'a>) -> Result<()>,
    ) -> Result<Self> {
        let list = Self::head(r, lb, ub)?;
        let end = ix.end_of(r.data(), list.key, list.start, list.len, skip)?;
        r.set_position(end);
        Ok(list)
    }

    /// Reads the length of a list that ends its item (nothing of the item follows it),
    /// leaving its entries unread: `tail` says where they are (`which` tells the item
    /// which of its lists it is), for whoever wants the item's end (see [`Tail`]).
    #[inline(always)]
    pub fn read_tail(
        r: &mut BitReader<'_>,
        lb: u64,
        ub: u64,
        which: u8,
        tail: &mut Tail,
    ) -> Result<Self> {
        let list = Self::head(r, lb, ub)?;
        *tail = Tail {
            list,
            which,
            ..Tail::NONE
        };
        Ok(list)
    }

    /// `ub` of a `SEQUENCE OF` without a size constraint: its length determinant is an
    /// unconstrained length (`lb` 0).
    pub const UNBOUNDED: u64 = u64::MAX;

    /// The length determinant and where the entries start (the entries not read). `ub`
    /// is a constant at every call: [`List::UNBOUNDED`] takes the unconstrained length's
    /// path, the others do not test for it.
    #[inline(always)]
    pub fn head(r: &mut BitReader<'_>, lb: u64, ub: u64) -> Result<Self> {
        let key = offset(r.position())?;
        let len = if ub == Self::UNBOUNDED {
            Self::unbounded_len(r)?
        } else {
            r.read_constrained_u64(lb, ub)? as u32
        };
        let start = offset(r.position())?;
        Ok(List { key, start, len })
    }

    /// The length of a list without a size constraint: one unconstrained length below
    /// 16K entries (a fragmented list, 16K entries and more, is refused, as the views
    /// refuse fragmented strings), and no more entries than bits left in the input, so
    /// that a walk of the entries is bounded by the input whatever the length says.
    #[inline(never)]
    fn unbounded_len(r: &mut BitReader<'_>) -> Result<u32> {
        let at = r.position();
        match r.read_length()? {
            Length::Final(n) if n <= r.remaining() => Ok(n as u32),
            _ => Err(Error::new(ErrorKind::LengthTooLarge, at)),
        }
    }

    /// Number of entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether it has no entries.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The entries of the list in `data`, each read with `P` when reached.
    #[inline]
    pub fn iter<'a, P: ListEntry<'a>>(
        self,
        data: &'a [u8],
        ix: Lists<'a>,
    ) -> ListIter<'a, P::View, P> {
        ListIter {
            r: reader_at(data, self.start as usize),
            left: self.len,
            key: if self.len == 0 { NONE } else { self.key },
            ix,
            tail: Tail::NONE,
            entry: PhantomData,
        }
    }
}

/// What the reading of an entry left unread at its end: the entry's type knows how to
/// find the end from it (see [`List::read_tail`]).
///
/// Either a list that ends the entry (`which` says which of the entry's lists), or, for
/// an entry whose members from some point on are lists (`which` [`Tail::LAZY`]), the
/// point where those lists start: the end of a member read so far (its own unread list
/// in `list`, `inner` telling which, or its end in `list.start` if `inner` is
/// [`Tail::KNOWN`]), with the entry's presence bits in `pre`.
#[derive(Clone, Copy, Debug)]
pub struct Tail {
    /// The list (`key` [`NONE`]: nothing left unread).
    pub list: List,
    /// Which of the entry's lists it is, or [`Tail::LAZY`].
    pub which: u8,
    /// For [`Tail::LAZY`]: what `list` is to the member the lists follow.
    pub inner: u8,
    /// For [`Tail::LAZY`]: the entry's extension and presence bits.
    pub pre: u32,
}

impl Tail {
    /// Nothing left unread.
    pub const NONE: Tail = Tail {
        list: List {
            key: NONE,
            start: 0,
            len: 0,
        },
        which: 0,
        inner: 0,
        pre: 0,
    };

    /// `which` of an entry whose members from some point on are lists, read when wanted.
    pub const LAZY: u8 = u8::MAX;
    /// `inner` of a [`Tail::LAZY`] tail whose lists start at `list.start`.
    pub const KNOWN: u8 = u8::MAX;

    /// The lists of an entry start at bit `at` (a [`Tail::LAZY`] tail, `pre` its bits).
    #[inline(always)]
    pub fn lazy_at(at: u32, pre: u32) -> Tail {
        Tail {
            list: List {
                key: 0,
                start: at,
                len: 0,
            },
            which: Tail::LAZY,
            inner: Tail::KNOWN,
            pre,
        }
    }

    /// The lists of an entry start where the member `t` left unread ends (a
    /// [`Tail::LAZY`] tail, `pre` its bits).
    #[inline(always)]
    pub fn lazy_after(t: Tail, pre: u32) -> Tail {
        Tail {
            list: t.list,
            which: Tail::LAZY,
            inner: t.which,
            pre,
        }
    }

    /// The tail a member left, as that member's own (its `which` from `inner`).
    #[inline(always)]
    pub fn member(self) -> Tail {
        Tail {
            list: self.list,
            which: self.inner,
            ..Tail::NONE
        }
    }

    /// Whether a list was left unread.
    #[inline(always)]
    pub fn is_some(&self) -> bool {
        self.list.key != NONE
    }

    /// Where the list ends: known to `ix`, else found by reading past its entries with
    /// `skip`.
    #[inline(always)]
    pub fn end<'a>(
        self,
        data: &[u8],
        ix: Lists<'a>,
        skip: fn(&mut BitReader<'_>, &mut Lists<'a>) -> Result<()>,
    ) -> Result<usize> {
        let l = self.list;
        ix.end_of(data, l.key, l.start, l.len, skip)
    }
}

/// How a [`ListIter`] reads one entry of a list: implemented by the generated views
/// (`View = Self`) and by the plain types their lists hold (decoded whole). Sealed: only
/// the crate implements it; name it to write code generic over the views' lists.
pub trait ListEntry<'a>: sealed::Sealed {
    /// What the iterator yields.
    type View;
    /// The entry's ASN.1 type, for errors.
    const PATH: &'static str;
    /// Reads one entry of a validated message. An entry whose last list it leaves unread
    /// says so in `tail`; the reader is then not at the entry's end.
    fn parse(r: &mut BitReader<'a>, ix: Lists<'a>, tail: &mut Tail) -> Result<Self::View>;
    /// Where an entry whose reading left `tail` ends (only called for such an entry).
    #[inline(always)]
    fn tail_end(data: &'a [u8], ix: Lists<'a>, tail: Tail) -> Result<usize> {
        let _ = (data, ix);
        Ok(tail.list.start as usize)
    }
}

/// Iterator over the entries of a `SEQUENCE OF`, each read when reached.
///
/// Yields `Result` and stops after the first error (after the view's validation no entry
/// fails; the `Result` keeps the contract). `T` is what it yields; `P` says how to read
/// an entry (see [`ListEntry`]).
pub struct ListIter<'a, T, P = T> {
    r: BitReader<'a>,
    left: u32,
    /// The list's length determinant ([`NONE`] once its end is remembered, or for an
    /// empty list): where its end is remembered once walked.
    key: u32,
    ix: Lists<'a>,
    /// The previous entry's unread last list, if it had one.
    tail: Tail,
    entry: PhantomData<fn() -> (T, P)>,
}

impl<T, P> Clone for ListIter<'_, T, P> {
    fn clone(&self) -> Self {
        ListIter {
            r: self.r.clone(),
            left: self.left,
            key: self.key,
            ix: self.ix,
            tail: self.tail,
            entry: PhantomData,
        }
    }
}

impl<T, P> core::fmt::Debug for ListIter<'_, T, P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ListIter")
            .field("at", &self.r.position())
            .field("left", &self.left)
            .finish()
    }
}

impl<'a, T, P> ListIter<'a, T, P> {
    /// For a list a view could not find (never after its validation): an iterator that
    /// yields one error (its entry read from no input) and stops.
    pub fn failed(e: crate::per::Error) -> Self {
        let _ = e;
        ListIter {
            r: BitReader::new(&[]),
            left: 1,
            key: NONE,
            ix: Lists::NONE,
            tail: Tail::NONE,
            entry: PhantomData,
        }
    }

    /// Entries not yet read.
    #[inline]
    pub fn len(&self) -> usize {
        self.left as usize
    }

    /// Whether every entry has been read (or the list is empty).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.left == 0
    }
}

impl<'a, T, P: ListEntry<'a, View = T>> Iterator for ListIter<'a, T, P> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        if self.tail.is_some() {
            let t = core::mem::replace(&mut self.tail, Tail::NONE);
            match P::tail_end(self.r.data(), self.ix, t) {
                Ok(end) => self.r.set_position(end),
                Err(e) => {
                    self.left = 0;
                    self.key = NONE;
                    return Some(Err(e).field(P::PATH));
                }
            }
        }
        if self.left == 0 {
            if self.key != NONE {
                self.ix.remember(self.key, self.r.position());
                self.key = NONE;
            }
            return None;
        }
        self.left -= 1;
        let item = P::parse(&mut self.r, self.ix, &mut self.tail);
        if item.is_err() {
            self.left = 0;
            self.key = NONE;
        }
        Some(item.field(P::PATH))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left.min(1) as usize, Some(self.left as usize))
    }
}

impl<'a, T, P: ListEntry<'a, View = T>> core::iter::FusedIterator for ListIter<'a, T, P> {}

/// How a list reads an `OCTET STRING (SIZE(LB..UB))` entry (`UB` `usize::MAX`: no upper
/// bound; `EXT`: the size has an extension marker): its octets in place.
#[derive(Clone, Copy, Debug)]
pub struct OctetsEntry<const LB: usize, const UB: usize, const EXT: bool>;

impl<const LB: usize, const UB: usize, const EXT: bool> sealed::Sealed
    for OctetsEntry<LB, UB, EXT>
{
}

impl<'a, const LB: usize, const UB: usize, const EXT: bool> ListEntry<'a>
    for OctetsEntry<LB, UB, EXT>
{
    type View = OctetsView<'a>;
    const PATH: &'static str = "OCTET STRING";
    #[inline(always)]
    fn parse(r: &mut BitReader<'a>, _: Lists<'a>, _: &mut Tail) -> Result<OctetsView<'a>> {
        let size = Size {
            lb: LB,
            ub: (UB != usize::MAX).then_some(UB),
            ext: EXT,
        };
        Ok(OctetsView::new(r.data(), At::read_valid(r, size, 8)?))
    }
}

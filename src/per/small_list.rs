//! [`SmallList`]: a `SEQUENCE OF` that keeps a single entry in place, and its decoder.

use alloc::vec::Vec;
use core::ops::{Deref, DerefMut};

use super::owned::{decode_list_into, repair};
use super::{BitReader, Decode, Result, Size};

/// A list whose usual length is one, held without a heap block while it has one entry.
///
/// Used for the `SEQUENCE OF`s that real traffic almost always sends with one entry (a SPaT
/// movement's `state-time-speed`), so that a new value of the message around it does not
/// allocate once per entry of its outer list. It reads as a slice (`Deref<Target = [T]>`):
/// index it, iterate it, take its `len()` as with a `Vec`; build it from a `Vec`, an
/// iterator or [`SmallList::one`].
///
/// ```
/// use cv2x::per::SmallList;
///
/// let mut l = SmallList::one(7);
/// assert_eq!(l[0], 7);
/// l.push(8);
/// assert_eq!(&l[..], &[7, 8]);
/// assert_eq!(SmallList::from(vec![1, 2, 3]).len(), 3);
/// assert_eq!(l.iter().sum::<i32>(), 15);
/// ```
#[derive(Clone)]
pub struct SmallList<T> {
    /// The entry held in place; when it is there, `heap` is empty.
    one: Option<T>,
    /// Every other number of entries (none, more than one, or one pushed after more).
    heap: Vec<T>,
}

impl<T> SmallList<T> {
    /// The empty list (no allocation).
    pub const fn new() -> Self {
        SmallList {
            one: None,
            heap: Vec::new(),
        }
    }

    /// The list of the one entry `x` (no allocation).
    pub const fn one(x: T) -> Self {
        SmallList {
            one: Some(x),
            heap: Vec::new(),
        }
    }

    /// The entries.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        match &self.one {
            Some(x) => core::slice::from_ref(x),
            None => &self.heap,
        }
    }

    /// The entries, mutable.
    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        match &mut self.one {
            Some(x) => core::slice::from_mut(x),
            None => &mut self.heap,
        }
    }

    /// Appends `x`: the first entry of a list that never had a heap block goes in place, a
    /// second one moves both to the heap.
    pub fn push(&mut self, x: T) {
        if self.one.is_none() && self.heap.capacity() == 0 {
            self.one = Some(x);
        } else {
            self.heap_mut().push(x);
        }
    }

    /// Keeps the first `len` entries.
    pub fn truncate(&mut self, len: usize) {
        if len == 0 {
            self.one = None;
        }
        self.heap.truncate(len);
    }

    /// Removes every entry (a heap block is kept for reuse).
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// The entries as a `Vec` (allocates for an entry held in place).
    pub fn into_vec(mut self) -> Vec<T> {
        self.heap_mut();
        self.heap
    }

    /// The one entry in place, made from `blank` unless there is one: the place a list
    /// of one entry is decoded into (while no entry is on the heap).
    #[inline]
    fn single_mut(&mut self, blank: impl FnOnce() -> T) -> &mut T {
        self.one.get_or_insert_with(blank)
    }

    /// The entries as a `Vec`, moving an entry held in place to the heap.
    fn heap_mut(&mut self) -> &mut Vec<T> {
        if let Some(x) = self.one.take() {
            self.heap.push(x);
        }
        &mut self.heap
    }
}

impl<T> Default for SmallList<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for SmallList<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for SmallList<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T> From<Vec<T>> for SmallList<T> {
    /// One entry goes in place (the `Vec`'s block is freed), others stay in the `Vec`.
    fn from(mut heap: Vec<T>) -> Self {
        if heap.len() == 1 {
            SmallList {
                one: heap.pop(),
                heap: Vec::new(),
            }
        } else {
            SmallList { one: None, heap }
        }
    }
}

impl<T> From<SmallList<T>> for Vec<T> {
    fn from(l: SmallList<T>) -> Self {
        l.into_vec()
    }
}

impl<T> FromIterator<T> for SmallList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<T> IntoIterator for SmallList<T> {
    type Item = T;
    type IntoIter = alloc::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SmallList<T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a, T> IntoIterator for &'a mut SmallList<T> {
    type Item = &'a mut T;
    type IntoIter = core::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_mut_slice().iter_mut()
    }
}

impl<T: PartialEq> PartialEq for SmallList<T> {
    /// Equal entries, wherever they are held.
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for SmallList<T> {}

impl<T: core::hash::Hash> core::hash::Hash for SmallList<T> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state)
    }
}

impl<T: core::fmt::Debug> core::fmt::Debug for SmallList<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "serde")]
impl<T: serde::Serialize> serde::Serialize for SmallList<T> {
    /// A sequence, as a `Vec`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(feature = "serde")]
impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for SmallList<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        Vec::deserialize(d).map(Self::from)
    }
}

/// Decodes a SEQUENCE OF under `size` into `l` in place, as [`decode_list_into`] does a
/// `Vec`: one entry is decoded into the entry held in place (made from
/// [`Decode::blank`] if there was none; no allocation), more into the heap. On error `l`
/// holds a valid value.
#[inline]
pub fn decode_small_list_into<T: Decode + Default>(
    l: &mut SmallList<T>,
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<()> {
    // Where the length is one constrained number, a single entry is read in place (unless
    // the list is on the heap: it stays there, its entries decoded into); for any other
    // count the general reader starts again at the length.
    if let (Some(ub), false) = (size.small_ub(), size.ext) {
        let at = r.position();
        let n = r.read_constrained_u64(size.lb as u64, ub as u64)?;
        if n == 1 && l.heap.is_empty() {
            // The fit check of every list read (the skip and the views refuse the same).
            r.check_fits(1, unit_bits, at)?;
            let got = l.single_mut(T::blank).decode_into(r);
            if got.is_err() {
                repair(l.as_mut_slice(), 0);
            }
            return got;
        }
        r.set_position(at);
    }
    decode_list_into(l.heap_mut(), r, size, unit_bits)
}

/// A new list of `size` (the fresh decode of a `SEQUENCE OF`), its entries decoded in place.
#[inline]
pub fn decode_small_list<T: Decode + Default>(
    r: &mut BitReader<'_>,
    size: Size,
    unit_bits: usize,
) -> Result<SmallList<T>> {
    let mut l = SmallList::new();
    decode_small_list_into(&mut l, r, size, unit_bits)?;
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::j2735::LaneID;
    use crate::per::{BitWriter, Encode};

    #[test]
    fn reads_as_a_slice_wherever_held() {
        let mut l = SmallList::new();
        assert!(l.is_empty());
        l.push(1u8);
        assert_eq!((l.one, l.heap.len()), (Some(1), 0));
        l.push(2);
        assert_eq!((l.one, &l.heap[..]), (None, &[1, 2][..]));
        assert_eq!(l, SmallList::from(alloc::vec![1, 2]));
        l.truncate(1);
        assert_eq!(&l[..], &[1]);
        l.clear();
        assert!(l.is_empty());
        assert_eq!(SmallList::from(alloc::vec![5u8]).one, Some(5));
        assert_eq!(SmallList::one(3u8).into_vec(), alloc::vec![3]);
        let collected: SmallList<u8> = (0..4).collect();
        assert_eq!(collected.len(), 4);
        for x in &mut SmallList::one(1u8) {
            *x += 1;
        }
    }

    /// `SIZE(1..16) OF LaneID`: `n` entries `0..n`.
    fn list_of(n: usize) -> alloc::vec::Vec<u8> {
        let items: alloc::vec::Vec<LaneID> = (0..n as u8).map(LaneID).collect();
        let mut w = BitWriter::new(alloc::vec::Vec::new());
        w.write_sized(Size::range(1, 16), n, |w, s, k| {
            items[s..s + k].iter().try_for_each(|x| x.encode(w))
        })
        .unwrap();
        w.finish().unwrap().0
    }

    #[test]
    fn one_entry_in_place_more_on_the_heap() {
        let size = Size::range(1, 16);
        let mut l: SmallList<LaneID> = SmallList::new();
        for n in [1, 3, 1, 2, 1] {
            let d = list_of(n);
            decode_small_list_into(&mut l, &mut BitReader::new(&d), size, 8).unwrap();
            let got: alloc::vec::Vec<u8> = l.iter().map(|x| x.0).collect();
            assert_eq!(got, (0..n as u8).collect::<alloc::vec::Vec<_>>());
        }
        // A fresh single entry is held in place; once on the heap, the list stays there.
        let l1 = decode_small_list::<LaneID>(&mut BitReader::new(&list_of(1)), size, 8).unwrap();
        assert_eq!((l1.one, l1.heap.capacity()), (Some(LaneID(0)), 0));
        assert!(l.one.is_none() && l.heap.len() == 1);
        // Cut short: an error, and a valid list (within its size) left behind.
        let mut l = SmallList::one(LaneID(9));
        assert!(decode_small_list_into(&mut l, &mut BitReader::new(&[]), size, 8).is_err());
        assert!(decode_small_list_into(&mut l, &mut BitReader::new(&[0x00]), size, 8).is_err());
        assert_eq!(l.len(), 1);
    }
}
